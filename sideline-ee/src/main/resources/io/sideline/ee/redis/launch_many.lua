-- launch_many.lua: starts many workflow runs in one step (Sidekiq's push_bulk for workflows): for each run,
-- its status hash, its first barriers and its first jobs, as launch.lua writes them. The batch is atomic:
-- when any run id is taken, nothing is written.
-- needs: _common
-- KEYS[1] the index of running runs, KEYS[2] the schedule, KEYS[3] the set of queue names; then each run's hash
--         and the keys of the plans, at the positions ARGV and the plans name (a queue shared by runs once)
-- ARGV[1] barrier TTL, seconds
-- ARGV[2] run TTL, seconds
-- ARGV[3] n = number of runs; then n quadruples: run id, KEYS position of its hash, plan (JSON, see apply_plan),
--         number of jobs in its workflow
-- Returns: the number of jobs enqueued or scheduled now, all runs together.
-- Errors: "ERR run exists" when a run id is already taken (nothing written).
local running, schedule, queues = KEYS[1], KEYS[2], KEYS[3]
local barrier_ttl, run_ttl, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 0, n - 1 do
  if redis.call('EXISTS', KEYS[tonumber(ARGV[5 + 4 * i])]) == 1 then
    return redis.error_reply('ERR run exists: ' .. ARGV[4 + 4 * i])
  end
end
local now = now_ms()
local jobs = 0
for i = 0, n - 1 do
  jobs = jobs + start_run(KEYS[tonumber(ARGV[5 + 4 * i])], running, ARGV[4 + 4 * i], cjson.decode(ARGV[6 + 4 * i]),
    tonumber(ARGV[7 + 4 * i]), now, run_ttl, barrier_ttl, schedule, queues)
end
return jobs

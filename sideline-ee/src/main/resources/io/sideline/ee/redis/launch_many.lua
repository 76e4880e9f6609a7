-- launch_many.lua: starts many workflow runs in one step (Sidekiq's push_bulk for workflows): for each run,
-- its status hash, its first barriers and its first jobs, as launch.lua writes them. The batch is atomic:
-- when any run id is taken, nothing is written.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] barrier TTL, seconds
-- ARGV[3] run TTL, seconds
-- ARGV[4] n = number of runs; then n triples: run id, plan (JSON, see apply_plan), number of jobs in its workflow
-- Returns: the number of jobs enqueued or scheduled now, all runs together.
-- Errors: "ERR run exists" when a run id is already taken (nothing written).
local prefix, barrier_ttl, run_ttl, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 0, n - 1 do
  local run_id = ARGV[5 + 3 * i]
  if redis.call('EXISTS', prefix .. 'run:' .. run_id) == 1 then
    return redis.error_reply('ERR run exists: ' .. run_id)
  end
end
local now = now_ms()
local jobs = 0
for i = 0, n - 1 do
  jobs = jobs + start_run(prefix, ARGV[5 + 3 * i], cjson.decode(ARGV[6 + 3 * i]), tonumber(ARGV[7 + 3 * i]), now,
    run_ttl, barrier_ttl)
end
return jobs

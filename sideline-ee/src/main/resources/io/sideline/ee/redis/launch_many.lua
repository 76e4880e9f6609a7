-- launch_many.lua: starts many workflow runs in one step (Sidekiq's push_bulk for workflows): for each run,
-- its status hash, its first barriers and its first jobs, as launch.lua writes them. The batch is atomic:
-- when any run id is taken, nothing is written.
-- needs: _common
-- KEYS[1] the index of running runs, KEYS[2] the schedule, KEYS[3] the set of queue names; KEYS[4] the index of all
--         runs (no longer written), KEYS[5] and KEYS[6] those of RUNNING and SUCCEEDED runs (see index_run_start);
--         then each run's hash and the keys of the plans, at the positions ARGV and the plans name (a queue shared by
--         runs once); a one-job run's plan names its hash as its graph (gk, nk): its tree and node go into the run's one
--         HSET (since 2026-12-05 session 11)
-- ARGV[1] barrier TTL, seconds
-- ARGV[2] run TTL, seconds
-- ARGV[3] n = number of runs; then n quintuples: run id, KEYS position of its hash, plan (JSON, see apply_plan),
--         number of jobs in its workflow, its tree (JSON, '' for none: the plan names this argument, ga, instead of
--         carrying the tree, so it is not decoded here)
-- ARGV[4 + 5n] the records' TTL, seconds, ARGV[5 + 5n] k = number of keyed runs (both 0, or absent, when no run has
--   an idempotency key); then k triples: the run's index (1..n), the KEYS position
--   of its key's record (P idem:<key>), its workflow's digest. The keys of one call are distinct (the caller folds
--   repeats). A run whose key is recorded is not started; the others are, each with its record (SET NX EX).
-- then the payloads and chain steps of the plans, which name them by ARGV position (see apply_plan)
-- Returns: the number of jobs enqueued or scheduled now, all runs together; with keyed runs, an array: that number,
--   then for each keyed run in order the run id recorded earlier under its key ('' when this call started it).
-- Errors: "ERR run exists" when a run id is already taken; "ERR idempotency conflict: <recorded run id> <run index>" when a
--   key was recorded for a workflow of another digest (in both cases nothing is written).
local running, schedule, queues = KEYS[1], KEYS[2], KEYS[3]
-- TTLs, counts and now go to Redis as text (the arguments as given, now_ms_text): a Lua number argument is formatted
-- with snprintf
local barrier_ttl, run_ttl, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local idem_ttl, keyed = ARGV[4 + 5 * n], tonumber(ARGV[5 + 5 * n] or '0')
local recorded, skip = {}, {}
for r = 0, keyed - 1 do
  local at = 6 + 5 * n + 3 * r
  local id, other = idem_recorded(KEYS[tonumber(ARGV[at + 1])], ARGV[at + 2])
  if id == false then
    return redis.error_reply('ERR idempotency conflict: ' .. other .. ' ' .. ARGV[at])
  end
  recorded[r + 1] = id or ''
  if id then
    skip[tonumber(ARGV[at])] = true
  end
end
local run_keys = {} -- each run's hash, its KEYS position read once ('+ 0': one strtod, where tonumber runs two)
for i = 0, n - 1 do
  run_keys[i] = KEYS[ARGV[5 + 5 * i] + 0]
  if not skip[i + 1] and redis.call('EXISTS', run_keys[i]) == 1 then
    return redis.error_reply('ERR run exists: ' .. ARGV[4 + 5 * i])
  end
end
local now = now_ms_text()
local jobs = 0
push_gather() -- the runs' jobs go out with one LPUSH per queue, after the loop
for i = 0, n - 1 do
  if not skip[i + 1] then
    local run_key = run_keys[i]
    local placed, state = start_run(run_key, running, ARGV[4 + 5 * i],
      cjson.decode(ARGV[6 + 5 * i]), ARGV[7 + 5 * i], now, run_ttl, barrier_ttl, schedule, queues)
    jobs = jobs + placed
    index_run_start(run_key, ARGV[4 + 5 * i], KEYS[4], KEYS[5], KEYS[6], state, now)
  end
end
push_flush()
if keyed == 0 then
  return jobs
end
for r = 0, keyed - 1 do
  local at = 6 + 5 * n + 3 * r
  local i = tonumber(ARGV[at])
  if not skip[i] then
    idem_record(KEYS[tonumber(ARGV[at + 1])], ARGV[5 * i - 1], ARGV[at + 2], idem_ttl)
  end
end
local reply = {jobs}
for r = 1, keyed do
  reply[r + 1] = recorded[r]
end
return reply

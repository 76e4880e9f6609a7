-- launch.lua: starts a workflow run atomically: the run's status hash, its seeded memory (a template's
-- input), its first barriers and its first jobs are written in one step, so a failure leaves no
-- half-started run.
-- needs: _common, _ends
-- KEYS[1] the run's hash, KEYS[2] the index of running runs, KEYS[3] the schedule, KEYS[4] the set of queue names;
--         KEYS[5] the index of all runs (no longer written), KEYS[6] and KEYS[7] those of RUNNING and SUCCEEDED runs (see index_run_start);
--         then the run's memory and the keys of the plan, at the positions ARGV[6] and the plan name (a plan with
--         callbacks names the list of announced ends, 'fk', see _ends.lua); a one-job run's plan names KEYS[1] as its
--         graph (gk, and its job's nk): its tree and node go into the run's one HSET (since 2026-12-05 session 11)
-- ARGV[1] run id
-- ARGV[2] plan (JSON: {"barriers":[...],"jobs":[...]}, see apply_plan)
-- ARGV[3] barrier TTL, seconds
-- ARGV[4] run TTL, seconds
-- ARGV[5] number of jobs in the whole workflow
-- ARGV[6] KEYS position of the run's memory hash (0 for none), ARGV[7] memory TTL, seconds
-- ARGV[8] m = number of memory fields to seed (a template's input)
-- ARGV[9] the run's tree (JSON) for its graph, when the plan names this argument (ga) instead of carrying it (graph);
--         then m pairs: field, JSON value
-- Only with an idempotency key (absent otherwise: a start without a key costs nothing more):
-- ARGV[10 + 2m] KEYS position of the key's record (P idem:<key>), ARGV[11 + 2m] the workflow's digest,
-- ARGV[12 + 2m] the record's TTL, seconds. The record is checked first and written with the run (SET NX EX). Without
-- a key, ARGV[10 + 2m] is '' (or absent).
-- then the payloads and chain steps of the plan, which names them by ARGV position (see apply_plan)
-- Returns: the number of jobs enqueued or scheduled now; with an idempotency key, an array: that number, then the
--   run id recorded earlier under the key ('' when this call started the run; else nothing was written).
-- Errors: "ERR run exists" when the run id is already taken (nothing written); "ERR idempotency conflict:
--   <recorded run id> 1" when the key was recorded for a workflow of another digest (nothing written).
local run_key, running, schedule, queues = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local run_id = ARGV[1]
local fields = tonumber(ARGV[8])
local idem_at = 10 + 2 * fields
local idem_key, digest = nil, ARGV[idem_at + 1]
if ARGV[idem_at] and ARGV[idem_at] ~= '' then
  idem_key = KEYS[tonumber(ARGV[idem_at])]
  local recorded, other = idem_recorded(idem_key, digest)
  if recorded == false then
    return redis.error_reply('ERR idempotency conflict: ' .. other .. ' 1')
  elseif recorded then
    return {0, recorded}
  end
end
if redis.call('EXISTS', run_key) == 1 then
  return redis.error_reply('ERR run exists: ' .. run_id)
end
-- now, TTLs and the job count go to Redis as text (now_ms_text, the arguments as given): a Lua number argument is
-- formatted with snprintf
local now = now_ms_text()
if fields > 0 then
  seed_memory(KEYS[tonumber(ARGV[6])], ARGV[7], fields, 10)
end
local plan = cjson.decode(ARGV[2])
store_callbacks(run_key, plan)
local jobs, state = start_run(run_key, running, run_id, plan, ARGV[5], now, ARGV[4], ARGV[3], schedule, queues)
if plan.fk and state ~= 'RUNNING' then
  announce_end(run_key, run_id, 'SUCCEEDED', KEYS[plan.fk]) -- an empty workflow ended as it started
end
index_run_start(run_key, run_id, KEYS[5], KEYS[6], KEYS[7], state, now)
if idem_key then
  idem_record(idem_key, run_id, digest, ARGV[idem_at + 2])
  return {jobs, ''}
end
return jobs

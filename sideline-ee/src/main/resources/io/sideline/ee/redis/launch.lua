-- launch.lua: starts a workflow run atomically: the run's status hash, its seeded memory (a template's
-- input), its first barriers and its first jobs are written in one step, so a failure leaves no
-- half-started run.
-- needs: _common, _ends
-- KEYS[1] the run's hash, KEYS[2] the index of running runs, KEYS[3] the set of queue names, KEYS[4] the index of
--         RUNNING runs (see index_run_start); then the keys the layout (ARGV[6]) places and the keys of the plan (a plan
--         with callbacks names the list of announced ends, 'fk', see _ends.lua); a one-job run's plan names KEYS[1] as
--         its graph (gk, and its job's nk): its tree and node go into the run's one HSET (since 2026-12-05 session 11)
-- ARGV[1] run id
-- ARGV[2] plan (JSON: {"barriers":[...],"jobs":[...]}, see apply_plan)
-- ARGV[3] barrier TTL, seconds
-- ARGV[4] run TTL, seconds
-- ARGV[5] number of jobs in the whole workflow
-- ARGV[6] the call's layout (see complete.lua: one character per KEYS position, its byte minus 48, 0 for none): 1 the
--         schedule (only when the plan delays a job), 2 the index of SUCCEEDED runs (only for an empty workflow, which
--         ends as it starts), 3 the run's memory hash (only with fields to seed), 4 the idempotency key's record
--         (P idem:<key>; only with a key: the record is checked first and written with the run, SET NX EX)
-- ARGV[7] m = number of memory fields to seed (a template's input), ARGV[8] memory TTL, seconds
-- ARGV[9] the run's tree (JSON) for its graph, when the plan names this argument (ga) instead of carrying it (graph);
--         then m pairs: field, JSON value
-- only with an idempotency key: ARGV[10 + 2m] the workflow's digest, ARGV[11 + 2m] the record's TTL, seconds
-- then the payloads and chain steps of the plan, which names them by ARGV position (see apply_plan)
-- Returns: the number of jobs enqueued or scheduled now; with an idempotency key, an array: that number, then the
--   run id recorded earlier under the key ('' when this call started the run; else nothing was written).
-- Errors: "ERR run exists" when the run id is already taken (nothing written); "ERR idempotency conflict:
--   <recorded run id> 1" when the key was recorded for a workflow of another digest (nothing written).
local run_key, running, queues, running_index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local run_id = ARGV[1]
local l_schedule, l_succeeded, l_memory, l_idem = string.byte(ARGV[6], 1, 4)
local schedule = KEYS[l_schedule - 48] -- KEYS[0] is nil: none
local fields = ARGV[7] + 0
local idem_at = 10 + 2 * fields
local idem_key, digest = KEYS[l_idem - 48], ARGV[idem_at]
if idem_key then
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
  seed_memory(KEYS[l_memory - 48], ARGV[8], fields, 10)
end
local plan = cjson.decode(ARGV[2])
store_callbacks(run_key, plan)
local jobs, state = start_run(run_key, running, run_id, plan, ARGV[5], now, ARGV[4], ARGV[3], schedule, queues)
if plan.fk and state ~= 'RUNNING' then
  announce_end(run_key, run_id, 'SUCCEEDED', KEYS[plan.fk]) -- an empty workflow ended as it started
end
index_run_start(run_key, run_id, nil, running_index, KEYS[l_succeeded - 48], state, now)
if idem_key then
  idem_record(idem_key, run_id, digest, ARGV[idem_at + 1])
  return {jobs, ''}
end
return jobs

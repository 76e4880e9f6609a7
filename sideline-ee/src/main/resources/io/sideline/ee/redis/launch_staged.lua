-- launch_staged.lua: starts a run whose plan was staged (stage.lua) because it is too big for one bounded call:
-- as launch.lua, the run's status hash, its seeded memory and its idempotency record in one step, and the sealed
-- stage is committed in the same step, so the run is visible as started only once every job of it will be enqueued
-- (drain.lua, by the caller or, should it die, by any server's recovery). Bounded: no job is touched here.
-- needs: _common, _ends
-- KEYS[1] the run's hash, KEYS[2] the index of running runs, KEYS[3] the schedule, KEYS[4] the set of queue names,
-- KEYS[5] the stage hash, KEYS[6] its jobs list, KEYS[7] the index of stages, KEYS[8] the index of all runs,
-- KEYS[9] and KEYS[10] the indexes of RUNNING and of SUCCEEDED runs (see index_run_start); then the memory and the
-- key's record
-- ARGV[1] run id, ARGV[2] stage id, ARGV[3] the stager's token, ARGV[4] run TTL, seconds, ARGV[5] number of jobs
-- in the whole workflow, ARGV[6] KEYS position of the memory (0: none), ARGV[7] memory TTL, ARGV[8] m = number of
-- memory fields, ARGV[9] the run's options as JSON ('' for none): on_failure (its failure policy) and cb (its
-- callbacks), stored with the run as launch.lua stores its plan's; then m pairs; then, only with an idempotency key,
-- as launch.lua: its record's KEYS position, the digest, the record's TTL
-- Returns: as launch.lua (the number is the jobs staged). A key recorded earlier (or a run id taken, or a conflict)
--   drops the stage: nothing of this call ever runs.
-- Errors: as launch.lua; "ERR stage lost: <id>" when the stage is not this token's sealed stage (taken over or
--   dropped as stale): nothing was started.
local run_key, running, schedule, queues = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local stage, list, index = KEYS[5], KEYS[6], KEYS[7]
local run_id, stage_id, token = ARGV[1], ARGV[2], ARGV[3]
local fields = tonumber(ARGV[8])
local idem_at = 10 + 2 * fields
local idem_key, digest = nil, ARGV[idem_at + 1]
local s = redis.call('HMGET', stage, 'state', 'token', 'jobs')
if s[1] ~= 'sealed' or s[2] ~= token then
  return redis.error_reply('ERR stage lost: ' .. stage_id)
end
if ARGV[idem_at] then
  idem_key = KEYS[tonumber(ARGV[idem_at])]
  local recorded, other = idem_recorded(idem_key, digest)
  if recorded == false then
    drop_stage(stage, list, index, stage_id)
    return redis.error_reply('ERR idempotency conflict: ' .. other .. ' 1')
  elseif recorded then
    drop_stage(stage, list, index, stage_id)
    return {0, recorded}
  end
end
if redis.call('EXISTS', run_key) == 1 then
  drop_stage(stage, list, index, stage_id)
  return redis.error_reply('ERR run exists: ' .. run_id)
end
local now = now_ms()
if fields > 0 then
  seed_memory(KEYS[tonumber(ARGV[6])], tonumber(ARGV[7]), fields, 10)
end
local options = ARGV[9] ~= '' and cjson.decode(ARGV[9]) or {}
store_callbacks(run_key, options)
start_run(run_key, running, run_id, {barriers = {}, jobs = {}}, tonumber(ARGV[5]), now, tonumber(ARGV[4]), 1,
  schedule, queues)
if options.on_failure then
  -- as start_run records it for a launch: its live jobs are the jobs staged, all enqueued by the drains
  redis.call('HSET', run_key, 'on_failure', options.on_failure, 'live', tonumber(s[3]))
end
index_run_start(run_key, run_id, KEYS[8], KEYS[9], KEYS[10])
commit_stage({stage = 5, index = 7, id = stage_id}, now)
local jobs = tonumber(s[3])
if idem_key then
  idem_record(idem_key, run_id, digest, tonumber(ARGV[idem_at + 2]))
  return {jobs, ''}
end
return jobs

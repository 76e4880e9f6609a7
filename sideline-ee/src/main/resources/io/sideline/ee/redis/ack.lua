-- ack.lua: acknowledges a job that performed successfully under the at-most-once barrier: removes it
-- from the worker's in-progress list, counts it done and, when it released the run's root barrier,
-- marks the run SUCCEEDED.
-- needs: _common
-- KEYS[1] the worker's in-progress list, KEYS[2] the run's hash, KEYS[3] the index of running runs,
-- KEYS[4] the collector's set (P gc): a run this call finishes, or one already finished, enters it
-- KEYS[5] and KEYS[6] the indexes of RUNNING and of SUCCEEDED runs (see index_run_finish)
-- ARGV[1] the payload, exactly as fetched
-- ARGV[2] run id
-- ARGV[3] run TTL, seconds (the lease, see _common)
-- ARGV[4] '1' when this job released the run's root barrier
-- ARGV[5] '1' when the job counts in the run's jobs_done ('0' for the built-in no-op)
-- Returns: 1 when acknowledged, 0 when it was no longer in progress (fenced: nothing changed)
local inprogress, run_key, running, gc = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local payload, run_id = ARGV[1], ARGV[2]
if redis.call('LREM', inprogress, -1, payload) == 0 then
  return 0
end
local run_state = redis.call('HGET', run_key, 'state')
if not run_state then
  return 1 -- the run's status expired: nothing to count (never recreate a partial run hash)
end
if ARGV[5] ~= '0' then
  redis.call('HINCRBY', run_key, 'jobs_done', '1')
end
if ARGV[4] == '1' then
  finish_run(run_key, running, run_id, 'SUCCEEDED', now_ms_text(), gc) -- text: no snprintf of a number
  index_run_finish(run_key, run_id, KEYS[5], KEYS[6], 'SUCCEEDED')
else
  collect_again(gc, run_id, run_state, now_ms_text())
end
redis.call('EXPIRE', run_key, ARGV[3]) -- as given: a number would be formatted back
return 1

-- ack.lua: acknowledges a job that performed successfully under the at-most-once barrier: removes it
-- from the worker's in-progress list, counts it done and, when it released the run's root barrier,
-- marks the run SUCCEEDED.
-- needs: _common
-- KEYS: none
-- ARGV[1] key prefix
-- ARGV[2] worker id
-- ARGV[3] the payload, exactly as fetched
-- ARGV[4] run id
-- ARGV[5] run TTL, seconds
-- ARGV[6] '1' when this job released the run's root barrier
-- ARGV[7] '1' when the job counts in the run's jobs_done ('0' for the built-in no-op)
-- Returns: 1 when acknowledged, 0 when it was no longer in progress (fenced: nothing changed)
local prefix, worker, payload, run_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('LREM', prefix .. 'inprogress:' .. worker, -1, payload) == 0 then
  return 0
end
local run_key = prefix .. 'run:' .. run_id
if redis.call('EXISTS', run_key) == 0 then
  return 1 -- the run's status expired: nothing to count (never recreate a partial run hash)
end
if ARGV[7] ~= '0' then
  redis.call('HINCRBY', run_key, 'jobs_done', 1)
end
if ARGV[6] == '1' then
  finish_run(prefix, run_id, 'SUCCEEDED', now_ms())
end
redis.call('EXPIRE', run_key, tonumber(ARGV[5]))
return 1

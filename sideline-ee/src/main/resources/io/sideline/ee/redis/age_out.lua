-- age_out.lua: fails the runs that reached the maximum run age (sideline.run.max-age): a run still RUNNING that
-- long is abandoned (every server of one of its queues is gone, or a job is lost for good). It becomes FAILED with
-- the reason in its 'failed_reason' field, leaves the index of running runs and enters the collector's set, so its
-- keys, which carried the lease until now, expire as a finished run's. Also drops from the index of running runs an
-- id whose run hash no longer exists (a run of an older version whose status expired): it can never progress.
-- needs: _common, _ends
-- KEYS[1] the index of running runs, KEYS[2] the collector's set (P gc), KEYS[2 + i] the hash of run i
-- then (optional) the list of announced ends (P finished, see _ends.lua)
-- ARGV[1] the maximum run age, ms; ARGV[2] the reason to record; ARGV[2 + i] the id of run i (candidates)
-- Returns: the ids of the runs this call failed
local running, gc = KEYS[1], KEYS[2]
local max_age, reason = tonumber(ARGV[1]), ARGV[2]
local now = now_ms()
local failed = {}
for i = 3, #ARGV do
  local run_id, run_key = ARGV[i], KEYS[i]
  local run = redis.call('HMGET', run_key, 'state', 'started_at')
  if not run[1] then
    redis.call('ZREM', running, run_id)
  elseif run[1] == 'RUNNING' and tonumber(run[2] or now) <= now - max_age then
    redis.call('HSET', run_key, 'failed_reason', reason)
    end_run(run_key, running, run_id, 'FAILED', now, gc, KEYS[#ARGV + 1])
    failed[#failed + 1] = run_id
  end
end
return failed

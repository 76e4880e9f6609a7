-- fail.lua: records a failed attempt of a job atomically with its acknowledgement: the job leaves the
-- worker's in-progress list and either waits in the retry set or, when retries are exhausted or the
-- failure cannot be retried, goes to the dead set and marks its run FAILED.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] worker id; '' for a payload that was never in an in-progress list
-- ARGV[3] the payload, exactly as fetched
-- ARGV[4] the payload to store (with retry_count, error_class, error_message, failed_at)
-- ARGV[5] 'retry' or 'dead'
-- ARGV[6] retry delay in ms (for 'retry')
-- ARGV[7] run id ('' when unknown, e.g. a payload that did not parse)
-- ARGV[8] dead set cap (entries), ARGV[9] dead TTL (seconds), ARGV[10] run TTL (seconds)
-- Returns: 'retry' | 'dead' | 'fenced' (the payload was no longer ours: nothing changed)
local prefix, worker, payload, stored, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local run_id = ARGV[7]
if worker ~= '' then
  if redis.call('LREM', prefix .. 'inprogress:' .. worker, -1, payload) == 0 then
    return 'fenced'
  end
end
local now = now_ms()
if mode == 'retry' then
  redis.call('ZADD', prefix .. 'retry', now + tonumber(ARGV[6]), stored)
  if run_id ~= '' and redis.call('EXISTS', prefix .. 'run:' .. run_id) == 1 then
    touch_run(prefix, run_id, now)
  end
  return 'retry'
end
local dead = prefix .. 'dead'
redis.call('ZADD', dead, now, stored)
redis.call('ZREMRANGEBYSCORE', dead, '-inf', now - tonumber(ARGV[9]) * 1000)
redis.call('ZREMRANGEBYRANK', dead, 0, -(tonumber(ARGV[8]) + 1))
if run_id ~= '' then
  local run_key = prefix .. 'run:' .. run_id
  if redis.call('EXISTS', run_key) == 1 then
    redis.call('HINCRBY', run_key, 'jobs_failed', 1)
    finish_run(prefix, run_id, 'FAILED', now)
    redis.call('EXPIRE', run_key, tonumber(ARGV[10]))
  end
end
return 'dead'

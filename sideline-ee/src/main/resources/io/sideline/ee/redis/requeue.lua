-- requeue.lua: a stopping worker hands one in-flight job back to the fetching end of its queue. The
-- worker's own later completion of that job is then fenced (its payload is no longer in-progress).
-- KEYS[1] the worker's in-progress list, KEYS[2] the set of queue names, KEYS[3] the job's queue list
-- ARGV[1] the payload, exactly as fetched
-- ARGV[2] its queue's name
-- Returns: 1 when handed back, 0 when it was no longer in progress (already completed or failed)
local payload, queue = ARGV[1], ARGV[2]
if redis.call('LREM', KEYS[1], -1, payload) == 0 then
  return 0
end
redis.call('SADD', KEYS[2], queue)
redis.call('RPUSH', KEYS[3], payload)
return 1

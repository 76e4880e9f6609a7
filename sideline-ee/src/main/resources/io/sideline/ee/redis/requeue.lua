-- requeue.lua: a stopping worker hands one in-flight job back to the fetching end of its queue. The
-- worker's own later completion of that job is then fenced (its payload is no longer in-progress).
-- KEYS: none
-- ARGV[1] key prefix
-- ARGV[2] worker id
-- ARGV[3] the payload, exactly as fetched
-- ARGV[4] its queue
-- Returns: 1 when handed back, 0 when it was no longer in progress (already completed or failed)
local prefix, worker, payload, queue = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('LREM', prefix .. 'inprogress:' .. worker, -1, payload) == 0 then
  return 0
end
redis.call('SADD', prefix .. 'queues', queue)
redis.call('RPUSH', prefix .. 'queue:' .. queue, payload)
return 1

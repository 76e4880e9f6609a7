-- reap.lua: hands back the jobs of a worker whose heartbeat has expired. Each payload in its
-- in-progress list is pushed onto the fetching end of its queue, so a recovered job runs next.
-- The worker is forgotten once its list is empty. A live worker is left alone.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] worker id
-- Returns: the number of jobs requeued, or -1 when the worker is alive (nothing changed)
local prefix, worker = ARGV[1], ARGV[2]
if redis.call('EXISTS', prefix .. 'process:' .. worker) == 1 then
  return -1
end
local inprogress = prefix .. 'inprogress:' .. worker
local requeued = 0
while true do
  -- Fetches LPUSH into the in-progress list, so LPOP takes the newest first; each RPUSH puts its job
  -- where the next fetch (BLMOVE ... RIGHT) takes from, so the oldest, pushed last, is fetched first.
  local payload = redis.call('LPOP', inprogress)
  if not payload then
    break
  end
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.queue) == 'string' then
    redis.call('SADD', prefix .. 'queues', job.queue)
    redis.call('RPUSH', prefix .. 'queue:' .. job.queue, payload)
  else
    redis.call('ZADD', prefix .. 'dead', now_ms(), cjson.encode({error_class = 'MalformedPayload',
      error_message = 'an in-progress entry of dead worker ' .. worker .. ' is not a job payload', raw = payload}))
  end
  requeued = requeued + 1
end
redis.call('SREM', prefix .. 'processes', worker)
return requeued

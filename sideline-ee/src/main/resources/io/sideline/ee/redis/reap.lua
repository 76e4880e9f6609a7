-- reap.lua: hands back the jobs of a worker whose heartbeat has expired. Each payload in its
-- in-progress list is pushed onto the fetching end of its queue, so a recovered job runs next.
-- A job recovered more than the allowed number of times is a poison pill (it kills its worker every
-- time): it goes to the dead set instead, and its run becomes FAILED. The worker is forgotten once its
-- list is empty. A live worker is left alone.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] worker id
-- ARGV[3] recoveries allowed per job before it counts as a poison pill
-- ARGV[4] run TTL, seconds
-- Returns: {requeued, buried}, or {-1, 0} when the worker is alive (nothing changed)
local prefix, worker, max_recoveries = ARGV[1], ARGV[2], tonumber(ARGV[3])
if redis.call('EXISTS', prefix .. 'process:' .. worker) == 1 then
  return {-1, 0}
end
local inprogress = prefix .. 'inprogress:' .. worker
local requeued, buried = 0, 0
while true do
  -- Fetches LPUSH into the in-progress list, so LPOP takes the newest first; each RPUSH puts its job
  -- where the next fetch (BLMOVE ... RIGHT) takes from, so the oldest, pushed last, is fetched first.
  local payload = redis.call('LPOP', inprogress)
  if not payload then
    break
  end
  local now = now_ms()
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.queue) == 'string' and type(job.jid) == 'string' then
    local lost_key = prefix .. 'lost:' .. job.jid
    local lost = redis.call('INCR', lost_key)
    redis.call('EXPIRE', lost_key, 7 * 86400)
    if lost > max_recoveries then
      -- Strings copied from the decoded payload are exact; the payload itself is kept verbatim in raw.
      redis.call('ZADD', prefix .. 'dead', now, cjson.encode({class = job.class, jid = job.jid,
        sideline_run_id = job.sideline_run_id, error_class = 'WorkerLost', failed_at = now,
        error_message = 'worker lost ' .. lost .. ' times while performing this job (poison pill?)',
        raw = payload}))
      if type(job.sideline_run_id) == 'string' then
        local run_key = prefix .. 'run:' .. job.sideline_run_id
        if redis.call('EXISTS', run_key) == 1 then
          redis.call('HINCRBY', run_key, 'jobs_failed', 1)
          finish_run(prefix, job.sideline_run_id, 'FAILED', now)
          redis.call('EXPIRE', run_key, tonumber(ARGV[4]))
        end
      end
      buried = buried + 1
    else
      redis.call('SADD', prefix .. 'queues', job.queue)
      redis.call('RPUSH', prefix .. 'queue:' .. job.queue, payload)
      requeued = requeued + 1
    end
  else
    redis.call('ZADD', prefix .. 'dead', now, cjson.encode({error_class = 'MalformedPayload',
      error_message = 'an in-progress entry of dead worker ' .. worker .. ' is not a job payload', raw = payload}))
    buried = buried + 1
  end
end
redis.call('SREM', prefix .. 'processes', worker)
return {requeued, buried}

-- reap.lua: hands back the jobs of a worker whose heartbeat has expired. Each payload in its
-- in-progress list is pushed onto the fetching end of its queue, so a recovered job runs next.
-- A job recovered more than the allowed number of times is a poison pill (it kills its worker every
-- time): it goes to the dead set instead, and its run becomes FAILED. The worker is forgotten once its
-- list has stayed empty for ARGV[6] ms. A live worker is left alone.
-- A job lost more than once is a suspect: it may be the pill, or a bystander that happened to run beside
-- the pill each time its worker died. Only the first suspect of a dead worker goes back to the queue at once;
-- the others are scheduled one spacing apart (ARGV[5]: long enough for a crash to be noticed), so that the
-- suspects of one crash no longer run side by side, and a bystander stops dying with the pill.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] worker id
-- ARGV[3] recoveries allowed per job before it counts as a poison pill
-- ARGV[4] run TTL, seconds
-- ARGV[5] spacing between the suspects of this worker, ms (optional, default 0: all requeued at once)
-- ARGV[6] how long a worker stays known after its list was last found empty, ms (optional, default 0: forget it
--         at once). A worker reaped while it was in fact alive (frozen, or cut off from Redis longer than its
--         heartbeat TTL) keeps fetching; were it forgotten at once and then died before its next heartbeat, the
--         jobs it fetched meanwhile would sit in a list no reaper looks at.
-- Returns: {requeued, buried}, or {-1, 0} when the worker is alive (nothing changed)
local prefix, worker, max_recoveries = ARGV[1], ARGV[2], tonumber(ARGV[3])
local dead_since = prefix .. 'dead-since:' .. worker
if redis.call('EXISTS', prefix .. 'process:' .. worker) == 1 then
  redis.call('DEL', dead_since)
  return {-1, 0}
end
local inprogress = prefix .. 'inprogress:' .. worker
local spacing = tonumber(ARGV[5] or '0')
local requeued, buried, suspects = 0, 0, 0
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
      redis.call('ZADD', prefix .. 'dead', now, dead_entry({{'error_class', 'WorkerLost'},
        {'error_message', 'worker lost ' .. lost .. ' times while performing this job (poison pill?)'},
        {'failed_at', now}, {'class', job.class}, {'jid', job.jid}, {'sideline_run_id', job.sideline_run_id}},
        payload))
      if type(job.sideline_run_id) == 'string' then
        local run_key = prefix .. 'run:' .. job.sideline_run_id
        if redis.call('EXISTS', run_key) == 1 then
          redis.call('HINCRBY', run_key, 'jobs_failed', 1)
          finish_run(prefix, job.sideline_run_id, 'FAILED', now)
          redis.call('EXPIRE', run_key, tonumber(ARGV[4]))
        end
      end
      buried = buried + 1
    elseif lost > 1 and suspects > 0 and spacing > 0 then
      redis.call('ZADD', prefix .. 'schedule', now + suspects * spacing, payload)
      suspects = suspects + 1
      requeued = requeued + 1
    else
      if lost > 1 then
        suspects = suspects + 1
      end
      redis.call('SADD', prefix .. 'queues', job.queue)
      redis.call('RPUSH', prefix .. 'queue:' .. job.queue, payload)
      requeued = requeued + 1
    end
  else
    redis.call('ZADD', prefix .. 'dead', now, dead_entry({{'error_class', 'MalformedPayload'},
      {'error_message', 'an in-progress entry of dead worker ' .. worker .. ' is not a job payload (not JSON, '
        .. 'nested deeper than 1,000 levels, or without a queue and jid)'}, {'failed_at', now}}, payload))
    buried = buried + 1
  end
end
local forget_after = tonumber(ARGV[6] or '0')
local now = now_ms()
if forget_after <= 0 then
  redis.call('SREM', prefix .. 'processes', worker)
elseif requeued + buried > 0 then
  redis.call('SET', dead_since, now, 'PX', 2 * forget_after)
else
  local since = redis.call('GET', dead_since)
  if not since then
    redis.call('SET', dead_since, now, 'PX', 2 * forget_after)
  elseif now - tonumber(since) >= forget_after then
    redis.call('SREM', prefix .. 'processes', worker)
    redis.call('DEL', dead_since)
  end
end
return {requeued, buried}

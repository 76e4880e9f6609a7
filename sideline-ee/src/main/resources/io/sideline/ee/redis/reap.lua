-- reap.lua: hands back the jobs of a worker whose heartbeat has expired. Each payload in its
-- in-progress list is pushed onto the fetching end of its queue, so a recovered job runs next.
-- A job recovered more than the allowed number of times is a poison pill (it kills its worker every
-- time): it goes to the dead set instead, and its run becomes FAILED. The worker is forgotten once its
-- list has stayed empty for ARGV[5] ms. A live worker is left alone.
-- A job lost more than once is a suspect: it may be the pill, or a bystander that happened to run beside
-- the pill each time its worker died. Only the first suspect of a dead worker goes back to the queue at once;
-- the others are scheduled one spacing apart (ARGV[4]: long enough for a crash to be noticed), so that the
-- suspects of one crash no longer run side by side, and a bystander stops dying with the pill.
-- needs: _common, _ends
-- KEYS[1] the worker's heartbeat, KEYS[2] its in-progress list, KEYS[3] its dead-since marker, KEYS[4] the set of
-- worker ids, KEYS[5] the schedule, KEYS[6] the set of queue names, KEYS[7] the dead set, KEYS[8] the index of
-- running runs; KEYS[9..] the keys of the names ARGV declares, in their order: queue lists, lost counters, run hashes;
-- then (optional) the collector's set (P gc): a run this call fails enters it; then (optional) the list of announced
-- ends (P finished, see _ends.lua)
-- ARGV[3] is the lease (see _common).
-- ARGV[1] worker id (named in a dead-set entry)
-- ARGV[2] recoveries allowed per job before it counts as a poison pill
-- ARGV[3] run TTL, seconds
-- ARGV[4] spacing between the suspects of this worker, ms (0: all requeued at once)
-- ARGV[5] how long a worker stays known after its list was last found empty, ms (0: forget it at once). A worker
--         reaped while it was in fact alive (frozen, or cut off from Redis longer than its heartbeat TTL) keeps
--         fetching; were it forgotten at once and then died before its next heartbeat, the jobs it fetched
--         meanwhile would sit in a list no reaper looks at.
-- ARGV[6] q, then q queue names; then j, then j job ids; then r, then r run ids: the names whose keys are declared
-- The keys of a dead worker's jobs (their queue, lost counter and run) are only known once its list is read here:
-- when one was not declared, nothing changes and the missing names are returned for the caller to declare.
-- Returns: {requeued, buried}, {-1, 0} when the worker is alive (nothing changed), or
--          {-2, 0, kind, name, ...} (kind 'q' queue, 'j' job id, 'r' run id) when keys were missing (nothing changed)
local heartbeat, inprogress, dead_since, processes = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local schedule, queues, dead, running = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local worker, max_recoveries = ARGV[1], tonumber(ARGV[2])
if redis.call('EXISTS', heartbeat) == 1 then
  redis.call('DEL', dead_since)
  return {-1, 0}
end
local declared = {q = {}, j = {}, r = {}}
local at, position = 6, 9
for _, kind in ipairs({'q', 'j', 'r'}) do
  for i = 1, tonumber(ARGV[at]) do
    declared[kind][ARGV[at + i]] = KEYS[position]
    position = position + 1
  end
  at = at + tonumber(ARGV[at]) + 1
end
local gc = KEYS[position]
local finished = KEYS[position + 1]

-- A readable job: a JSON object with a queue and a jid (its run id, when a string, names its run), all UTF-8 (a
-- name that is not could never be declared by the caller).
local function readable(payload)
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.queue) == 'string' and type(job.jid) == 'string'
      and utf8_valid(job.queue) and utf8_valid(job.jid)
      and (type(job.sideline_run_id) ~= 'string' or utf8_valid(job.sideline_run_id)) then
    return job
  end
  return nil
end

local missing = {-2, 0}
for _, payload in ipairs(redis.call('LRANGE', inprogress, 0, -1)) do
  local job = readable(payload)
  if job then
    for kind, name in pairs({q = job.queue, j = job.jid, r = job.sideline_run_id}) do
      if type(name) == 'string' and declared[kind][name] == nil then
        declared[kind][name] = false
        missing[#missing + 1] = kind
        missing[#missing + 1] = name
      end
    end
  end
end
if #missing > 2 then
  return missing
end

local spacing = tonumber(ARGV[4])
local requeued, buried, suspects = 0, 0, 0
while true do
  -- Fetches LPUSH into the in-progress list, so LPOP takes the newest first; each RPUSH puts its job
  -- where the next fetch (BLMOVE ... RIGHT) takes from, so the oldest, pushed last, is fetched first.
  local payload = redis.call('LPOP', inprogress)
  if not payload then
    break
  end
  local now = now_ms()
  local job = readable(payload)
  if job then
    local lost_key = declared.j[job.jid]
    local lost = redis.call('INCR', lost_key)
    redis.call('EXPIRE', lost_key, 7 * 86400)
    if lost > max_recoveries then
      -- Strings copied from the decoded payload are exact; the payload itself is kept verbatim in raw.
      redis.call('ZADD', dead, now, dead_entry({{'error_class', 'WorkerLost'},
        {'error_message', 'worker lost ' .. lost .. ' times while performing this job (poison pill?)'},
        {'failed_at', now}, {'class', job.class}, {'jid', job.jid}, {'sideline_run_id', job.sideline_run_id}},
        payload))
      if type(job.sideline_run_id) == 'string' then
        local run_key = declared.r[job.sideline_run_id]
        if redis.call('EXISTS', run_key) == 1 then
          redis.call('HINCRBY', run_key, 'jobs_failed', 1)
          end_run(run_key, running, job.sideline_run_id, 'FAILED', now, gc, finished)
          redis.call('EXPIRE', run_key, tonumber(ARGV[3]))
        end
      end
      buried = buried + 1
    elseif lost > 1 and suspects > 0 and spacing > 0 then
      redis.call('ZADD', schedule, now + suspects * spacing, payload)
      suspects = suspects + 1
      requeued = requeued + 1
    else
      if lost > 1 then
        suspects = suspects + 1
      end
      redis.call('SADD', queues, job.queue)
      redis.call('RPUSH', declared.q[job.queue], payload)
      requeued = requeued + 1
    end
  else
    redis.call('ZADD', dead, now, dead_entry({{'error_class', 'MalformedPayload'},
      {'error_message', 'an in-progress entry of dead worker ' .. worker .. ' is not a job payload (not JSON, '
        .. 'nested deeper than 1,000 levels, without a queue and jid, or with names that are not UTF-8)'}, {'failed_at', now}}, payload))
    buried = buried + 1
  end
end
local forget_after = tonumber(ARGV[5])
local now = now_ms()
if forget_after <= 0 then
  redis.call('SREM', processes, worker)
elseif requeued + buried > 0 then
  redis.call('SET', dead_since, now, 'PX', 2 * forget_after)
else
  local since = redis.call('GET', dead_since)
  if not since then
    redis.call('SET', dead_since, now, 'PX', 2 * forget_after)
  elseif now - tonumber(since) >= forget_after then
    redis.call('SREM', processes, worker)
    redis.call('DEL', dead_since)
  end
end
return {requeued, buried}

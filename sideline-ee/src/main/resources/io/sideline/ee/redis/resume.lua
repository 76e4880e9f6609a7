-- resume.lua: retries (RunControl.retry, retryJob): moves the given entries of the dead set, the retry set or the
-- schedule onto their queues, and resumes their run when it is FAILED and has no dead job left (or the whole run is
-- retried): its state is RUNNING again and it re-enters the index of running runs. What succeeded before is not run
-- again: its barriers still count it. All in one atomic step, after checking that every barrier the jobs report to
-- still exists. Its parked jobs are not enqueued here: the run enters P..'unparking' and unpark.lua enqueues them in
-- bounded steps, in the order they were parked (UnparkSweep; a sweep loop finishes a retry interrupted between steps).
-- needs: _common
-- KEYS[1] the run's hash (a one-job run's graph too, since 2026-12-05 session 11: its job's node becomes queued),
-- KEYS[2] the index of running runs, KEYS[3] the run's parked list, KEYS[4] the set the
-- entries are taken from, KEYS[5] the set of queue names, KEYS[6] the index of runs whose parked jobs are being
-- enqueued again (P unparking: run id -> when, ms); then queue lists and barrier hashes at the positions ARGV names
-- ARGV[1] run id ('' for a job of no run), ARGV[2] run TTL (seconds: the lease, see _common; a resumed run's barriers get it back), ARGV[3] '1' to retry the whole run (it must
-- be FAILED), '0' for the given jobs only, ARGV[4] '1' when the entries are dead (they count in jobs_failed)
-- ARGV[5] n; then n triples: the entry exactly as stored, the payload to enqueue, its queue's name
-- then q; q pairs: a queue name, the KEYS position of its list
-- then b; b KEYS positions of the barriers the jobs (given and parked) report to
-- then l; l KEYS positions of the run's other keys that get the lease back when it resumes (its memory, key index and
-- graph, the member sets of those barriers and the chains they refer to): the collector had turned them down too
-- Returns: {'ok', moved, '0', state, parked jobs left for unpark.lua} | {'missing', ''} (no such run) |
--   {'state', state} (a whole-run retry of a run that is not FAILED) | {'expired', key} (a barrier is gone: nothing
--   changed) | {'gone', ''} (none of the entries is there any more) | {'nothing', ''} (a whole-run retry finds
--   neither dead nor parked jobs of the run) | {'undeclared', name...} (an entry's queue was not declared: nothing
--   changed)
local run_key, running, parked, source, queues = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local run_id, ttl, whole, dead = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', ARGV[4] == '1'
local n = tonumber(ARGV[5])
local at = 6 + 3 * n
local lists = {}
for i = 1, tonumber(ARGV[at]) do
  lists[ARGV[at + 2 * i - 1]] = KEYS[tonumber(ARGV[at + 2 * i])]
end
at = at + 2 * tonumber(ARGV[at]) + 1

-- 1. Check everything before changing anything.
local state = nil
if run_id ~= '' then
  state = redis.call('HGET', run_key, 'state')
  if not state and whole then
    return {'missing', ''}
  end
end
if whole and state ~= 'FAILED' then
  return {'state', state}
end
-- a one-job run's root kept in its hash (x 'r:<id>', since 2026-12-05 session 14) has no key: it exists while the run
-- does
local root_kept = run_id ~= '' and state and redis.call('HGET', run_key, 'x') or nil
root_kept = root_kept and string.sub(root_kept, 1, 2) == 'r:' and ':' .. string.sub(root_kept, 3) or nil
for i = 1, tonumber(ARGV[at]) do
  local key = KEYS[tonumber(ARGV[at + i])]
  if redis.call('EXISTS', key) == 0 and not (root_kept and string.sub(key, -#root_kept) == root_kept) then
    return {'expired', key}
  end
end
local present = 0
for i = 0, n - 1 do
  if redis.call('ZSCORE', source, ARGV[6 + 3 * i]) then
    present = present + 1
  end
end
if present == 0 and not whole then
  return {'gone', ''}
end
-- the parked list's length only: its jobs are enqueued in bounded steps (unpark.lua), never read here at once
local waiting = state and redis.call('LLEN', parked) or 0
if whole and present == 0 and waiting == 0 then
  return {'nothing', ''} -- its dead jobs were deleted or trimmed: resuming it would wait forever
end

-- 2. Move the entries, then resume the run when nothing of it stays dead.
local moved = 0
local enqueued = {}
for i = 0, n - 1 do
  local name = ARGV[8 + 3 * i]
  if redis.call('ZREM', source, ARGV[6 + 3 * i]) == 1 then
    redis.call('SADD', queues, name)
    redis.call('LPUSH', lists[name], ARGV[7 + 3 * i])
    moved = moved + 1
    enqueued[moved] = ARGV[7 + 3 * i]
  end
end
-- a one-job run's graph is its hash's (its 'x', since 2026-12-05 session 11): its job enqueued again is queued there
-- (the graph of a run of many jobs, P nodes:<runId>, is not declared here: its node shows the job's last failure until
-- the job ends again)
if state and moved > 0 and redis.call('HEXISTS', run_key, 'x') == 1 then
  for _, payload in ipairs(enqueued) do
    local ok, job = pcall(cjson.decode, payload)
    if ok and type(job) == 'table' and job.sideline_node == 0 and type(job.jid) == 'string' then
      redis.call('HSET', run_key, '0', 'queued:' .. job.jid)
    end
  end
end
local unparked_later = 0
if state then
  local failed = tonumber(redis.call('HGET', run_key, 'jobs_failed') or '0')
  if dead and moved > 0 then
    failed = math.max(failed - moved, 0)
    redis.call('HSET', run_key, 'jobs_failed', failed)
  end
  local continuing = redis.call('HGET', run_key, 'on_failure') == 'continue'
  if continuing and moved > 0 and state == 'RUNNING' then
    redis.call('HINCRBY', run_key, 'live', moved) -- a dead job of a run still running its other branches
  end
  if state == 'FAILED' and (whole or (dead and failed == 0)) then
    local now = now_ms()
    redis.call('HSET', run_key, 'state', 'RUNNING', 'progress_at', now)
    redis.call('HDEL', run_key, 'finished_at')
    redis.call('ZADD', running, now, run_id)
    state = 'RUNNING'
    unparked_later = waiting
    if waiting > 0 then
      -- enqueued by unpark.lua in steps; the index lets any server finish them should the caller die between steps
      redis.call('EXPIRE', parked, ttl)
      redis.call('ZADD', KEYS[6], now, run_id)
    end
    if continuing then
      redis.call('HSET', run_key, 'live', moved + waiting) -- the parked jobs are live already: none can end it early
    end
    -- running again: the barriers its jobs report to get the lease back (the collector had turned them down)
    for i = 1, tonumber(ARGV[at]) do
      redis.call('EXPIRE', KEYS[tonumber(ARGV[at + i])], ttl, 'GT')
    end
    local leased = at + tonumber(ARGV[at]) + 1
    for i = 1, tonumber(ARGV[leased] or '0') do
      redis.call('EXPIRE', KEYS[tonumber(ARGV[leased + i])], ttl, 'GT')
    end
  end
  redis.call('EXPIRE', run_key, ttl)
end
return {'ok', tostring(moved), '0', state or '', tostring(unparked_later)}

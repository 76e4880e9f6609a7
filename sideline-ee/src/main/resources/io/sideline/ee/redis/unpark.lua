-- unpark.lua: one bounded step of enqueueing a retried run's parked jobs again: at most ARGV[2] entries from the head
-- of its parked list (the order they were parked) go onto their queues, their graph nodes become queued, and they
-- leave the list, all in one atomic step, so a crash between two steps leaves each job either queued or parked, never
-- both, never neither. UnparkSweep calls it until the list is empty; resume.lua made the run RUNNING and entered it in
-- P unparking, which this step leaves with the last entry, so any server's sweep loop finishes a retry interrupted
-- between steps. A run that is not RUNNING (halted again, or gone) stops the sweep: its jobs stay parked for the next
-- retry, and it leaves the index (that retry enters it again).
-- needs: _common
-- KEYS[1] the run's hash, KEYS[2] the run's parked list, KEYS[3] the set of queue names, KEYS[4] the run's graph (a
--   one-job run's graph is its hash, KEYS[1], since 2026-12-05 session 11: its 'x', read with its state, says so),
-- KEYS[5] the index of runs being unparked (P unparking); then queue lists at the positions ARGV names
-- ARGV[1] run id, ARGV[2] the most entries to move, ARGV[3] q; q pairs: a queue name, the KEYS position of its list
-- Returns: {'stop', state} (not RUNNING: nothing moved) | {'ok', moved, left} | {'undeclared', name...} (a job's
--   queue was not declared: nothing changed)
local run_key, parked, queues, index = KEYS[1], KEYS[2], KEYS[3], KEYS[5]
local run_id, limit = ARGV[1], tonumber(ARGV[2])
local run = redis.call('HMGET', run_key, 'state', 'x')
local state = run[1]
if state ~= 'RUNNING' then
  redis.call('ZREM', index, run_id)
  return {'stop', state or ''}
end
local lists = {}
for i = 1, tonumber(ARGV[3]) do
  lists[ARGV[2 + 2 * i]] = KEYS[tonumber(ARGV[3 + 2 * i])]
end
local chunk = redis.call('LRANGE', parked, 0, limit - 1)
local jobs, missing = {}, {}
for i, payload in ipairs(chunk) do
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.queue) == 'string' then
    jobs[i] = job
    if not lists[job.queue] then
      missing[#missing + 1] = job.queue
    end
  end
end
if #missing > 0 then
  table.insert(missing, 1, 'undeclared')
  return missing
end
local notes, moved, by_queue, order = {}, 0, {}, {}
for i, payload in ipairs(chunk) do
  local job = jobs[i]
  if job then -- an entry that does not read as a job (written by no script of ours) has no queue to go to
    if not by_queue[job.queue] then
      by_queue[job.queue] = {}
      order[#order + 1] = job.queue
    end
    table.insert(by_queue[job.queue], payload)
    moved = moved + 1
    if type(job.sideline_node) == 'number' and type(job.jid) == 'string' then
      graph_note(notes, run[2] and run_key or KEYS[4], string.format('%d', job.sideline_node), 'queued:' .. job.jid)
    end
  end
end
for _, name in ipairs(order) do
  redis.call('SADD', queues, name)
  redis.call('LPUSH', lists[name], unpack(by_queue[name])) -- one push per queue, in the order they were parked
end
graph_flush(notes)
redis.call('LTRIM', parked, #chunk, -1)
local left = redis.call('LLEN', parked)
if left == 0 then
  redis.call('ZREM', index, run_id)
end
return {'ok', tostring(moved), tostring(left)}

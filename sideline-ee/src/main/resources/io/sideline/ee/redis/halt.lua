-- halt.lua: cancels a running run (RunControl.cancel): in one atomic step its state becomes CANCELLED, it leaves the
-- index of running runs, and its waiting jobs (queued, scheduled, retrying) nearest to starting are parked in its
-- parked list (park_waiting: a bounded first step; the caller parks the rest in bounded steps, park.lua), their graph
-- nodes cancelled. Jobs already running finish; their completion advances nothing (complete.lua parks what
-- it would start). A cancel of a cancelled run changes nothing and answers the same.
-- needs: _common, _ends
-- KEYS[1] the run's hash, KEYS[2] the index of running runs, KEYS[3] the run's parked list, KEYS[4] the schedule,
-- KEYS[5] the retry set, KEYS[6] the set of queue names, KEYS[7] the collector's set (P gc: a cancelled run's keys
-- are turned down to retention like a finished run's), KEYS[5 + i] the list of the queue named ARGV[i] (i >= 3)
-- then (optional) the list of announced ends (P finished, see _ends.lua): a cancel is the run's end
-- then (optional) the run's graph (P nodes:<runId>): the nodes of the jobs parked here become cancelled (a one-job
--   run's node is its hash's since 2026-12-05 session 11: the run's 'x', read with its state, says so)
-- then (optional) the indexes of RUNNING and of CANCELLED runs (index_run_finish): the run is listed as CANCELLED at once
-- ARGV[1] run id, ARGV[2] run TTL (seconds), ARGV[3..] queue names
-- Returns: {'cancelled', parked} | {'already', ''} | {'finished', state} | {'missing', ''} |
--          {'undeclared', name...} (a queue exists that was not declared: nothing changed)
local run_key, running, parked, schedule, retry, queues, gc = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6],
  KEYS[7]
local run_id, ttl = ARGV[1], tonumber(ARGV[2])
local run = redis.call('HMGET', run_key, 'state', 'x')
local state = run[1]
if not state then
  return {'missing', ''}
elseif state == 'CANCELLED' then
  return {'already', ''}
elseif state ~= 'RUNNING' then
  return {'finished', state}
end
local lists = {}
for i = 3, #ARGV do
  lists[ARGV[i]] = KEYS[5 + i]
end
local missing = undeclared_queues(queues, lists)
if missing then
  table.insert(missing, 1, 'undeclared')
  return missing
end
local now = now_ms()
announce_end(run_key, run_id, 'CANCELLED', KEYS[6 + #ARGV])
redis.call('HSET', run_key, 'state', 'CANCELLED', 'finished_at', now)
redis.call('ZREM', running, run_id)
redis.call('ZADD', gc, now, run_id)
redis.call('EXPIRE', run_key, ttl)
if KEYS[9 + #ARGV] then
  index_run_finish(run_key, run_id, KEYS[8 + #ARGV], KEYS[9 + #ARGV], 'CANCELLED')
end
local graph = KEYS[7 + #ARGV]
if graph and run[2] then
  graph = run_key -- a one-job run's graph is its hash's
end
return {'cancelled', tostring(park_waiting(run_id, parked, lists, {schedule, retry}, ttl, graph))}

-- fail.lua: records a failed attempt of a job atomically with its acknowledgement: the job leaves the
-- worker's in-progress list and either waits in the retry set or, when retries are exhausted or the
-- failure cannot be retried, goes to the dead set and marks its run FAILED.
-- needs: _common, _ends
-- KEYS[1] the worker's in-progress list, KEYS[2] the retry set, KEYS[3] the dead set, KEYS[4] the run's hash,
-- KEYS[5] the index of running runs, KEYS[6] the collector's set (P gc): a run this call fails enters it;
-- KEYS[7] and KEYS[8] the indexes of RUNNING and of FAILED runs (index_run_finish);
-- KEYS[9] the run's graph (P nodes:<runId>), whose node of this job becomes retrying or dead (read when ARGV[6] ~= ''),
--   and whose field e:<jid> keeps this attempt's error (note_error), so the graph shows it without a scan of the sets;
--   a one-job run's node and error go into its hash (KEYS[4]) instead, since 2026-12-05 session 11 (graph_of: node 0
--   of a run whose hash has 'x')
-- ARGV[1] '1' when the payload is in the in-progress list; '0' for one that never was in one
-- ARGV[2] the payload, exactly as fetched
-- ARGV[3] the payload to store (with retry_count, error_class, error_message, failed_at)
-- ARGV[4] 'retry' or 'dead'
-- ARGV[5] retry delay in ms (for 'retry')
-- ARGV[6] run id ('' when unknown, e.g. a payload that did not parse: KEYS[4] is then not touched)
-- ARGV[7] dead set cap (entries), ARGV[8] dead TTL (seconds), ARGV[9] run TTL (seconds; the lease, see _common)
-- A retry moves the run's score in the index of running runs to the retry's due time: waiting, not stalled.
-- Only for run control (absent: as before): KEYS[10] the run's parked list, KEYS[11] the schedule, KEYS[12] the set
-- of queue names, KEYS[3 + i] the list of the queue named ARGV[i] (i >= 10)
-- Then (optional, only with run control's keys) the list of announced ends (P finished, see _ends.lua)
-- Returns: 'retry' | 'dead' | 'fenced' (the payload was no longer ours: nothing changed) | 'parked' (the run is
--   halted: the job waits in its parked list instead of the retry set) | {'undeclared', name...} (a queue exists that
--   was not declared: nothing changed)
-- A failed job's last error in its run's graph (field e:<jid>, overwritten by each failed attempt), for the node's
-- details: {"error_class", "error_message", "retry_count"}, bounded (class and message cut at a UTF-8 character
-- boundary), so a graph holds at most one short entry per failing node. Failures only: a success writes nothing (an
-- entry left for a node that later succeeded is not read: the reader asks only for dead and retrying nodes).
local ERROR_CLASS_BYTES, ERROR_MESSAGE_BYTES = 200, 1000
local function bounded_text(s, max)
  if type(s) ~= 'string' then
    return nil
  end
  if #s <= max then
    return s
  end
  local cut = max
  while cut > 0 and s:byte(cut + 1) >= 0x80 and s:byte(cut + 1) < 0xC0 do
    cut = cut - 1 -- the first byte left out continues a character: leave the whole character out
  end
  return s:sub(1, cut) .. '...'
end
local function note_error(notes, nodes, jid, stored)
  local ok, job = pcall(cjson.decode, stored)
  if not ok or type(job) ~= 'table' then
    return
  end
  graph_note(notes, nodes, 'e:' .. jid, cjson.encode({
    error_class = bounded_text(job.error_class, ERROR_CLASS_BYTES),
    error_message = bounded_text(job.error_message, ERROR_MESSAGE_BYTES),
    retry_count = type(job.retry_count) == 'number' and job.retry_count or 0 }))
end

local inprogress, retry, dead, run_key, running, gc = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local payload, stored, mode, run_id = ARGV[2], ARGV[3], ARGV[4], ARGV[6]
-- Run control (optional keys): a halted run parks the job instead of retrying it; a fail-fast death parks the run's
-- waiting jobs. Checked before anything changes: an undeclared queue changes nothing.
local control = halt_control(run_key, run_id, mode, 10)
-- the list of announced ends follows the run control keys (9 fixed, 3 more, one per queue named: #ARGV + 3)
local finished = KEYS[10] and KEYS[#ARGV + 4] or nil
if control and control.missing then
  return control.missing
end
if ARGV[1] == '1' then
  if redis.call('LREM', inprogress, -1, payload) == 0 then
    return 'fenced'
  end
end
local now = now_ms()
local graph = KEYS[9]
if run_id ~= '' and KEYS[9] then
  -- the jid is read from the payload only on this rare path: a completion passes it
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.jid) == 'string' then
    local notes = {}
    local n = type(job.sideline_node) == 'number' and string.format('%d', job.sideline_node) or nil
    graph = graph_of(run_key, graph, n)
    note_done(notes, graph, n, job.jid, mode == 'retry' and 'retrying' or 'dead')
    if notes[graph] then -- the graph knows the node: its error goes beside its state
      note_error(notes, graph, job.jid, ARGV[3])
    end
    graph_flush(notes)
  end
end
if mode == 'retry' and control and control.halted then
  redis.call('RPUSH', control.parked, stored)
  redis.call('EXPIRE', control.parked, tonumber(ARGV[9]))
  return 'parked'
end
if mode == 'retry' then
  redis.call('ZADD', retry, now + tonumber(ARGV[5]), stored)
  if run_id ~= '' and redis.call('EXISTS', run_key) == 1 then
    touch_run(run_key, running, run_id, now)
    redis.call('ZADD', running, 'XX', 'GT', now + tonumber(ARGV[5]), run_id)
  end
  return 'retry'
end
redis.call('ZADD', dead, now, stored)
redis.call('ZREMRANGEBYSCORE', dead, '-inf', now - tonumber(ARGV[8]) * 1000)
redis.call('ZREMRANGEBYRANK', dead, 0, -(tonumber(ARGV[7]) + 1))
if run_id ~= '' then
  if redis.call('EXISTS', run_key) == 1 then
    redis.call('HINCRBY', run_key, 'jobs_failed', 1)
    if redis.call('HGET', run_key, 'on_failure') == 'continue' then
      if redis.call('HGET', run_key, 'state') == 'RUNNING' then
        continue_live_end(run_key, running, run_id, -1, now, gc, finished) -- independent branches run on
      end
    else
      end_run(run_key, running, run_id, 'FAILED', now, gc, finished)
    end
    index_run_finish(run_key, run_id, KEYS[7], KEYS[8], 'FAILED')
    redis.call('EXPIRE', run_key, tonumber(ARGV[9]))
    if control and control.fail_fast then
      park_waiting(run_id, control.parked, control.lists, {control.schedule, retry}, tonumber(ARGV[9]), graph)
    end
  end
end
return 'dead'

-- park.lua: one bounded step of parking a halted run's waiting jobs (cancelled, or failed fast): at most ARGV[6]
-- entries of one source, a queue list from its fetch end or a sorted set in score order, are examined; the run's are
-- moved to its parked list and their graph nodes become cancelled. ParkSweep calls it until every source is done, so
-- no call holds Redis long whatever the queues hold (see park_list_step, park_set_step in _common.lua). A run that is
-- no longer halted (retried meanwhile) stops the sweep: nothing is parked.
-- needs: _common
-- KEYS[1] the run's hash, KEYS[2] the run's parked list, KEYS[3] the source, KEYS[4] the run's graph (a one-job run's
--   graph is its hash, KEYS[1], since 2026-12-05 session 11: its 'x', read with its state, says so)
-- ARGV[1] run id, ARGV[2] run TTL (seconds: the parked list's), ARGV[3] 'list' or 'set', ARGV[4] the anchor of the
-- last step ('' at the start), ARGV[5] its span (a list) or score (a set), ARGV[6] the most entries to examine
-- Returns: {'stop', state} (the run is not halted, or gone: state '') | {'ok', parked, anchor, span or score, done}
local run = redis.call('HMGET', KEYS[1], 'state', 'on_failure', 'x')
if not run[1] or not run_halted(run[1], run[2]) then
  return {'stop', run[1] or ''}
end
local graph = run[3] and KEYS[1] or KEYS[4]
local run_id, limit, anchor = ARGV[1], tonumber(ARGV[6]), ARGV[4]
local notes, out = {}, {}
local n, at, done
if ARGV[3] == 'list' then
  n, anchor, at, done = park_list_step(run_id, out, KEYS[3], anchor, tonumber(ARGV[5]), limit, notes, graph)
else
  n, anchor, at, done = park_set_step(run_id, out, KEYS[3], anchor, ARGV[5], limit, notes, graph)
end
park_flush(KEYS[2], out, tonumber(ARGV[2]))
graph_flush(notes)
return {'ok', tostring(n), anchor, tostring(at), done and '1' or '0'}

-- complete_alone.lua: the completion of a job that belongs to no run (Workflows.enqueue, a Sidekiq client's push)
-- and performed successfully: complete.lua's acknowledgement and prefetch without its run, barrier, memory and graph
-- work, which such a job never has. A plain job is the commonest job and this is all its completion needs; a script
-- call costs Redis in proportion to the text it runs and the keys and arguments it carries (see docs/performance.md).
-- KEYS[1] the worker's in-progress list (which holds the payload)
-- KEYS[2] (optional) the queue to prefetch the worker's next job from
-- ARGV[1] the payload, exactly as fetched
-- Returns: {'ok', '0'}; with a prefetch queue {'ok', '0', next}: next is the oldest job of that queue ('' when it is
--          empty), moved into the worker's in-progress list exactly as a fetch (BLMOVE RIGHT LEFT) would
--          {'fenced', ''} the payload is no longer in this worker's in-progress list (the reaper requeued it, or a
--                         graceful stop handed it back): nothing was changed
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 0 then
  return {'fenced', ''}
end
if not KEYS[2] then
  return {'ok', '0'}
end
return {'ok', '0', redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT') or ''}

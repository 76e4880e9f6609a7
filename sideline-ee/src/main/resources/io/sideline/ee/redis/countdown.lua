-- countdown.lua: the seed's AtMostOnceBarrier. Counts one arrival down on a barrier and says whether
-- this call released it. Arrivals are not identified, so a job delivered twice counts twice; and the
-- caller enqueues the continuation in a separate call, so a crash between the two strands the run.
-- Kept for fidelity with sidekiq-sideline; the default barrier (complete.lua) has neither weakness.
-- needs: _common
-- KEYS[1] the barrier's hash
-- ARGV: none
-- Returns: 1 when this call released the barrier, 0 when it is not released yet or was already
--          released, -1 when the barrier does not exist
local key = KEYS[1]
local count = redis.call('HGET', key, 'count')
if not count then
  return -1
end
local arrived = redis.call('HINCRBY', key, 'arrived', 1)
if arrived == tonumber(count) then
  redis.call('HSET', key, 'released', now_ms())
  return 1
end
return 0

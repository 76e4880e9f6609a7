-- collect.lua: the collector's step for one finished run: turns the TTLs of the run's keys down from the lease
-- (see _common) to retention, so that a finished run keeps what a retry or an inspection needs for its retention
-- period and then nothing of it remains. Called once per chunk of the run's key index (at most 500 keys per call,
-- so that a 20,000-job run never blocks Redis in one call), then once more with ARGV[5] = '1' to shorten the index,
-- the run's hash and its memory and to take the run out of the collector's set. Only shortens (EXPIRE LT): a key
-- that already expires sooner keeps its TTL. A run that is RUNNING again (retried) is left alone.
-- KEYS[1] the collector's set (P gc), KEYS[2] the run's key index, KEYS[3] the run's hash, KEYS[4] the run's memory,
-- KEYS[5..] the keys of index entries: a barrier's hash and its member set, or a chain's list; on the last call
-- (ARGV[5] = '1', no entries) KEYS[5] is the run's graph (P nodes:<runId>), kept for the run's retention
-- ARGV[1] run id, ARGV[2] barrier retention (sideline.barrier.ttl), ARGV[3] run retention (sideline.run.ttl),
-- ARGV[4] memory retention (sideline.memory.ttl), all seconds; ARGV[5] '1' for the run's last call, else '0'
-- Returns: 'running' (the run is RUNNING: nothing changed, it left the collector's set), 'chunk' or 'done'
local gc, index, run_key, memory = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local run_id, barrier_ttl = ARGV[1], tonumber(ARGV[2])
if redis.call('HGET', run_key, 'state') == 'RUNNING' then
  redis.call('ZREM', gc, run_id)
  return 'running'
end
for i = 5, #KEYS do
  redis.call('EXPIRE', KEYS[i], barrier_ttl, 'LT')
end
if ARGV[5] ~= '1' then
  return 'chunk'
end
-- the run's graph (P nodes:<runId>, the last call's KEYS[5]) lives as long as the run's status
if KEYS[5] then
  redis.call('EXPIRE', KEYS[5], tonumber(ARGV[3]), 'LT')
end
-- the index stays as long as the keys it names: a retry of a FAILED run finds them through it
redis.call('EXPIRE', index, barrier_ttl, 'LT')
redis.call('EXPIRE', run_key, tonumber(ARGV[3]), 'LT')
redis.call('EXPIRE', memory, tonumber(ARGV[4]), 'LT')
redis.call('ZREM', gc, run_id)
return 'done'

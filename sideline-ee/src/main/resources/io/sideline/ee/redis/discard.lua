-- discard.lua: the recovery's look at one stage (see _common.lua, "Staged plans"): a stage not committed whose
-- last chunk is older than the lease was left by a stager that died or gave up, and is dropped (its jobs never ran
-- and never will); a committed one is left for drain.lua. Bounded: UNLINK frees the jobs list off the main thread.
-- needs: _common
-- KEYS[1] the stage hash, KEYS[2] its jobs list, KEYS[3] the index of stages
-- ARGV[1] stage id, ARGV[2] lease, ms
-- Returns: 'committed', 'live' (within its lease: left alone), 'dropped' or 'gone' (no such stage: unindexed)
local stage, list, index = KEYS[1], KEYS[2], KEYS[3]
local id, lease = ARGV[1], tonumber(ARGV[2])
local s = redis.call('HMGET', stage, 'state', 'at')
if not s[1] then
  redis.call('ZREM', index, id)
  return 'gone'
end
if s[1] == 'committed' then
  return 'committed'
end
if tonumber(s[2]) + lease > now_ms() then
  return 'live'
end
drop_stage(stage, list, index, id)
return 'dropped'

-- drain.lua: moves at most n jobs of a committed stage (see _common.lua, "Staged plans") onto their queues (or
-- into the schedule, delayed from now), oldest first, and stops early once the jobs it took hold 500,000 characters
-- (ScriptBudget: 500 elements of 1,000 characters; a payload may be 1 MiB, and each is read into Lua: the first job
-- is always taken); the last call removes the stage. Each job leaves the stage's
-- list in the same step as it is enqueued, so any number of callers (the stager, any server's recovery) may drain
-- the same stage at once: every job is enqueued exactly once.
-- needs: _common
-- KEYS[1] the stage hash, KEYS[2] its jobs list, KEYS[3] the index of stages, KEYS[4] the schedule, KEYS[5] the set
-- of queue names; KEYS[5 + i] the list of the queue named ARGV[2 + i]
-- ARGV[1] stage id, ARGV[2] n; then the queue names, in the order of their keys
-- Returns: {'ok', left} (left = jobs still staged; 0: the stage is gone); {'uncommitted', ''} the stage is not
--   committed (nothing moved); {'undeclared', name} a job goes to a queue not given (nothing moved)
local stage, list, index, schedule, queues = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, n = ARGV[1], tonumber(ARGV[2])
local state = redis.call('HGET', stage, 'state')
if state ~= 'committed' then
  if not state then
    redis.call('ZREM', index, id)
    return {'ok', '0'}
  end
  return {'uncommitted', ''}
end
local queue_keys = {}
for i = 3, #ARGV do
  queue_keys[ARGV[i]] = KEYS[3 + i]
end
local entries, chars = {}, 0
for at = 0, n - 1 do
  local e = redis.call('LRANGE', list, at, at)[1] -- one at a time (LRANGE: the ACL rule grants it, not LINDEX)
  if not e then
    break
  end
  entries[#entries + 1] = e
  chars = chars + #e
  if chars >= 500000 then
    break
  end
end
local jobs = {}
for i, e in ipairs(entries) do
  local a = string.find(e, '\n', 1, true)
  local b = string.find(e, '\n', a + 1, true)
  local q, d = string.sub(e, 1, a - 1), tonumber(string.sub(e, a + 1, b - 1))
  if d == 0 and not queue_keys[q] then
    return {'undeclared', q}
  end
  jobs[i] = {q = q, d = d, p = string.sub(e, b + 1)}
end
local now = now_ms()
local named = {}
for _, j in ipairs(jobs) do
  if j.d > 0 then
    redis.call('ZADD', schedule, now + j.d, j.p)
  else
    if not named[j.q] then
      named[j.q] = true
      redis.call('SADD', queues, j.q)
    end
    redis.call('LPUSH', queue_keys[j.q], j.p)
  end
end
if #entries > 0 then
  redis.call('LTRIM', list, #entries, -1)
end
local left = redis.call('LLEN', list)
if left == 0 then
  drop_stage(stage, list, index, id)
else
  redis.call('HSET', stage, 'at', now)
end
return {'ok', tostring(left)}

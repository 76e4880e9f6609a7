-- stage.lua: writes one bounded chunk of a staged plan (see _common.lua, "Staged plans"): the chunk's chains and
-- barriers (with TTL; no job refers to them until the stage is committed and drained) and its jobs appended to the
-- stage's list, nothing enqueued. Chunks are numbered from 1 and carry the stager's token: a chunk out of order or
-- of another token (a stale stager whose stage was taken over or dropped) changes nothing.
-- needs: _common
-- KEYS[1] the stage hash, KEYS[2] its jobs list, KEYS[3] the index of stages (P staged); then the plan's keys
-- ARGV[1] stage id, ARGV[2] token, ARGV[3] chunk number k (1-based), ARGV[4] '1' for the last chunk (seals it),
-- ARGV[5] the chunk's plan (JSON, see apply_plan), ARGV[6] barrier TTL, seconds (the run lease, see _common), ARGV[7] lease, ms: a stage in
-- 'staging' whose last chunk is older than that may be taken over by chunk 1 of another token; ARGV[8..] the chunk's
-- chain steps, which its chains name by position (sa: a stored step can be a whole big group, too long to decode
-- inside the plan; a chunk of a server before 2026-12-05 carries them inside it, steps, and is written the same)
-- Returns: {'ok', k}; {'done', state} chunk 1 found the stage sealed or committed (by another stager): nothing
--   written; {'busy', ''} chunk 1 found another live stager; {'fenced', state} chunk k > 1 is not the next of this token
local stage, list, index = KEYS[1], KEYS[2], KEYS[3]
local id, token, k, last = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1'
local ttl, lease = tonumber(ARGV[6]), tonumber(ARGV[7])
local now = now_ms()
local s = redis.call('HMGET', stage, 'state', 'token', 'chunks', 'at')
if k == 1 then
  if s[1] == 'sealed' or s[1] == 'committed' then
    return {'done', s[1]}
  end
  if s[1] == 'staging' and s[2] ~= token and tonumber(s[4]) + lease > now then
    return {'busy', ''}
  end
  -- a stale attempt's jobs were never enqueued: start over
  redis.call('UNLINK', list)
  redis.call('DEL', stage)
  redis.call('HSET', stage, 'state', 'staging', 'token', token, 'chunks', 0, 'jobs', 0)
elseif s[1] ~= 'staging' or s[2] ~= token or tonumber(s[3]) ~= k - 1 then
  return {'fenced', s[1] or ''}
end
local plan = cjson.decode(ARGV[5])
apply_plan({barriers = plan.barriers, chains = plan.chains, jobs = {}, x = plan.x, xs = plan.xs}, now, ttl, nil, nil)
if plan.gk then
  redis.call('HSET', KEYS[plan.gk], 'graph', plan.graph) -- the run's tree (first chunk), as start_run stores it
  redis.call('EXPIRE', KEYS[plan.gk], ttl)
end
local seen = {}
local notes, notes_ttl = {}, nil
for _, j in ipairs(plan.jobs) do
  if j.nk then
    graph_note(notes, KEYS[j.nk], j.n, (j.d > 0 and 'scheduled:' or 'queued:') .. j.j)
    -- a chunk may come before the commit that stores the tree: the graph gets the lease here too
    notes_ttl = KEYS[j.nk]
  end
  redis.call('RPUSH', list, j.q .. '\n' .. j.d .. '\n' .. j.p)
  if not seen[j.q] then
    seen[j.q] = true
    redis.call('HSET', stage, 'q:' .. j.q, 1)
  end
end
graph_flush(notes)
if notes_ttl then
  redis.call('EXPIRE', notes_ttl, ttl)
end
redis.call('HINCRBY', stage, 'jobs', #plan.jobs)
redis.call('HSET', stage, 'chunks', k, 'at', now, 'state', last and 'sealed' or 'staging')
redis.call('EXPIRE', stage, ttl)
if #plan.jobs > 0 or k > 1 then
  redis.call('EXPIRE', list, ttl)
end
redis.call('ZADD', index, now, id)
return {'ok', tostring(k)}

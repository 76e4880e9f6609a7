-- extend_ttl.lua: refreshes the TTL of barriers (and their member sets, and the chains their continuations
-- refer to) that still exist; the seed's extend_ttl!. A barrier that already expired is not recreated.
-- needs: _common
-- KEYS: none
-- ARGV[1] key prefix
-- ARGV[2] TTL, seconds
-- ARGV[3..] barrier ids
-- Returns: the number of barriers whose TTL was refreshed
local prefix, ttl = ARGV[1], tonumber(ARGV[2])
local refreshed = 0
for i = 3, #ARGV do
  local key = prefix .. 'barrier:' .. ARGV[i]
  if redis.call('EXPIRE', key, ttl) == 1 then
    refreshed = refreshed + 1
    redis.call('EXPIRE', key .. ':members', ttl)
    local chain = chain_of(redis.call('HGET', key, 'continuation') or '')
    if chain then
      redis.call('EXPIRE', prefix .. 'chain:' .. chain, ttl)
    end
  end
end
return refreshed

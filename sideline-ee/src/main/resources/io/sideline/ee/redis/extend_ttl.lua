-- extend_ttl.lua: makes barriers (and their member sets, and the chains their continuations refer to) that still
-- exist live at least ARGV[1] seconds more; the seed's extend_ttl!. It never shortens a TTL (EXPIRE GT): a running
-- run's keys carry the longer lease (see _common). A barrier that already expired is not recreated.
-- needs: _common
-- KEYS[2i - 1], KEYS[2i] the hash and the member set of barrier i (i = 1..n); KEYS[2n + j] the chain ARGV names j-th
-- ARGV[1] TTL, seconds
-- ARGV[2] n = number of barriers
-- ARGV[3..] the ids of the chains whose lists are KEYS[2n + 1..] (the chains the caller expects the barriers to
--         refer to; a barrier's chain is only known once its continuation is read here)
-- Returns: {refreshed} the number of barriers whose TTL was refreshed; or, when a barrier refers to a chain that
--          was not declared, {-1, chain ids...} and nothing changed: the caller declares them and calls again
local ttl, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local chains = {}
for j = 3, #ARGV do
  chains[ARGV[j]] = KEYS[2 * n + j - 2]
end
local refer = {}
local undeclared = {-1}
for i = 1, n do
  local chain = chain_of(redis.call('HGET', KEYS[2 * i - 1], 'continuation') or '')
  if chain then
    if chains[chain] then
      refer[i] = chains[chain]
    else
      undeclared[#undeclared + 1] = chain
    end
  end
end
if #undeclared > 1 then
  return undeclared
end
local refreshed = 0
for i = 1, n do
  if redis.call('EXISTS', KEYS[2 * i - 1]) == 1 then
    refreshed = refreshed + 1
    -- GT: keep at least ttl, never shorten (a running run's keys carry the longer lease; see _common)
    redis.call('EXPIRE', KEYS[2 * i - 1], ttl, 'GT')
    redis.call('EXPIRE', KEYS[2 * i], ttl, 'GT')
    if refer[i] then
      redis.call('EXPIRE', refer[i], ttl, 'GT')
    end
  end
end
return {refreshed}

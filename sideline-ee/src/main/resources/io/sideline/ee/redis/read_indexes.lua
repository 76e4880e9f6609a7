-- read_indexes.lua: the collector's read of the key indexes of a batch of finished runs, in one call instead of one
-- SSCAN per run. Read-only. For each run whose index holds at most ARGV[1] entries it returns the entries; for a
-- bigger index it returns its size instead, and the collector reads that index chunk by chunk (SSCAN).
-- KEYS[i] the key index of run i (P runkeys:<runId>)
-- ARGV[1] the most entries returned for one run
-- Returns: per run, in order, an array of its entries ({} for none), or the number of entries of a bigger index
local most = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local n = redis.call('SCARD', KEYS[i])
  if n > most then
    out[i] = n
  elseif n == 0 then
    out[i] = {}
  else
    out[i] = redis.call('SMEMBERS', KEYS[i])
  end
end
return out

-- read_indexes.lua: the collector's read of the key indexes of a batch of finished runs, in one call instead of one
-- SSCAN per run. Read-only. For each run whose index holds at most ARGV[1] entries it returns the entries; for a
-- bigger index it returns its size instead, and the collector reads that index chunk by chunk (SSCAN). A run whose
-- only barrier is its root has no index: its one entry is its hash's 'x' (start_run), returned as its entries.
-- KEYS[i] the key index of run i (P runkeys:<runId>), i = 1..n; then (optional) KEYS[n + i] the hash of run i
-- ARGV[1] the most entries returned for one run
-- ARGV[2] (optional) n = number of runs, when their hashes follow their indexes in KEYS (else n = #KEYS)
-- Returns: per run, in order, an array of its entries ({} for none), or the number of entries of a bigger index
local most = tonumber(ARGV[1])
local runs = tonumber(ARGV[2] or #KEYS)
local out = {}
for i = 1, runs do
  local n = redis.call('SCARD', KEYS[i])
  if n > most then
    out[i] = n
  elseif n > 0 then
    out[i] = redis.call('SMEMBERS', KEYS[i])
  else
    local entry = KEYS[runs + i] and redis.call('HGET', KEYS[runs + i], 'x')
    out[i] = entry and {entry} or {}
  end
end
return out

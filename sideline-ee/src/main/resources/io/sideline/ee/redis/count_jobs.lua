-- count_jobs.lua: adds one server's job counts, flushed with its heartbeat, to the totals and the per-minute history
-- in one atomic step (all or nothing: a flush that failed before it ran is retried whole by the next beat). Never
-- called per job.
-- KEYS[1] the totals hash (P stats: processed, failed); KEYS[2..] the hourly history hashes (P stats:<hour ms>)
-- ARGV[1] the history's TTL, seconds (refreshed on every hash written)
-- ARGV[2] n = number of minutes; then n quadruples: KEYS position of the minute's hourly hash, the minute's start
--         (ms), jobs processed in it, jobs failed in it
-- Returns: the number of jobs processed added to the totals
local totals, ttl, n = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local processed, failed = 0, 0
for i = 0, n - 1 do
  local hour, minute = KEYS[tonumber(ARGV[3 + 4 * i])], ARGV[4 + 4 * i]
  local p, f = tonumber(ARGV[5 + 4 * i]), tonumber(ARGV[6 + 4 * i])
  redis.call('HINCRBY', hour, minute .. ':p', p)
  if f > 0 then
    redis.call('HINCRBY', hour, minute .. ':f', f)
  end
  redis.call('EXPIRE', hour, ttl)
  processed, failed = processed + p, failed + f
end
redis.call('HINCRBY', totals, 'processed', processed)
redis.call('HINCRBY', totals, 'failed', failed)
return processed

-- gauge_lease.lua: takes or renews the fleet's gauge-reporter lease, so that one server reports the gauges read
-- from Redis (queue sizes, runs by state: the same for every server) and the others report none. The holder renews
-- it at each gauge refresh; a holder that stops refreshing (stopped, killed, metrics off) loses it when it lapses,
-- and the next server to refresh takes it; one that stops cleanly releases it (ARGV[2] '0'), so another takes it
-- at its next refresh.
-- KEYS[1] the lease (P gauges:reporter, a string: the holder's token, with a TTL)
-- ARGV[1] this server's token, ARGV[2] the lease in ms ('0': release it if this server holds it)
-- Returns: 1 when this server holds the lease (taken or renewed), 0 when another one does (or after a release)
if ARGV[2] == '0' then
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
  end
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0

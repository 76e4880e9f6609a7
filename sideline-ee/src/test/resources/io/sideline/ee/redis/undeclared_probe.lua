-- undeclared_probe.lua (tests only): writes the key named in ARGV[1], which a caller may leave out of KEYS.
-- KEYS: whatever the test passes
-- ARGV[1] a key
-- Returns: 'OK'
return redis.call('SET', ARGV[1], 'x')

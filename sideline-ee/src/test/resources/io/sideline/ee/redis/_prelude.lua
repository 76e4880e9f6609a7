-- _prelude.lua (tests only: on the test classpath, never in the library jar). LuaScript prepends it to every
-- script, so every script run by the tests fails on a key it was not given in KEYS, as Redis Cluster would
-- (DeclaredKeysTest). `redis` is shadowed by a local table whose call and pcall check the key arguments of each
-- command first; KEY_ARGS says which arguments are keys for each command the scripts use ('all': every argument),
-- and a command missing from it fails too, so a new command cannot slip past the check.
local declared_keys = {}
for _, key in ipairs(KEYS) do
  declared_keys[key] = true
end
local KEY_ARGS = {
  EXISTS = 'all', DEL = 'all', UNLINK = 'all', TIME = 0,
  GET = 1, SET = 1, INCR = 1, EXPIRE = 1, PEXPIRE = 1, PTTL = 1, TTL = 1,
  HSET = 1, HGET = 1, HEXISTS = 1, HMGET = 1, HGETALL = 1, HINCRBY = 1,
  SADD = 1, SREM = 1, SCARD = 1, SISMEMBER = 1, SMEMBERS = 1, ZSCORE = 1, HDEL = 1,
  ZADD = 1, ZREM = 1, ZRANGE = 1, ZRANK = 1, ZREMRANGEBYSCORE = 1, ZREMRANGEBYRANK = 1,
  LPUSH = 1, RPUSH = 1, LSET = 1, LPOP = 1, LREM = 1, LPOS = 1, LRANGE = 1, LLEN = 1, LTRIM = 1, LMOVE = 2,
}
local real_redis = redis
local function check_keys(command, ...)
  local name = string.upper(command)
  local keys = KEY_ARGS[name]
  if keys == nil then
    error('key check: ' .. name .. ' is not in the key table of _prelude.lua')
  end
  local args = {...}
  if keys == 'all' then
    keys = #args
  end
  for i = 1, keys do
    if not declared_keys[args[i]] then
      error('key check: undeclared key ' .. tostring(args[i]) .. ' in ' .. name)
    end
  end
end
local redis = setmetatable({
  call = function(command, ...)
    check_keys(command, ...)
    return real_redis.call(command, ...)
  end,
  pcall = function(command, ...)
    check_keys(command, ...)
    return real_redis.pcall(command, ...)
  end,
}, {__index = real_redis})

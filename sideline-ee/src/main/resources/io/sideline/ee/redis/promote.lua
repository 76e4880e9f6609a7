-- promote.lua: moves due jobs (score <= now, on the Redis clock) from the schedule and retry sets onto
-- their queues. Each job is removed and pushed in the same atomic step, so none is lost or doubled
-- (Sidekiq's poller pops and pushes in two calls). A member that is not a JSON object with a "queue"
-- (a UTF-8 string) goes to the dead set, wrapped with the reason.
-- needs: _common
-- KEYS[1] the schedule, KEYS[2] the retry set, KEYS[3] the set of queue names, KEYS[4] the dead set,
-- KEYS[4 + i] the list of the queue named ARGV[1 + i] (the queues the caller knows)
-- ARGV[1] at most this many jobs per set per call
-- ARGV[2..] the names of the queues whose lists are KEYS[5..]
-- A due job whose queue was not declared stays where it is, and its queue's name is returned: the caller
-- declares it and calls again (a queue's name is only known once its job is read here).
-- Returns: {moved, ms until the next due job or -1 when both sets are empty, undeclared queue names...}
local limit = tonumber(ARGV[1])
local lists = {}
for i = 2, #ARGV do
  lists[ARGV[i]] = KEYS[3 + i]
end
local queues, dead = KEYS[3], KEYS[4]
local now = now_ms()
local moved = 0
local next_due = -1
local undeclared, seen = {}, {}
for s, set in ipairs({'schedule', 'retry'}) do
  local key = KEYS[s]
  local due = redis.call('ZRANGE', key, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)
  for _, payload in ipairs(due) do
    local ok, job = pcall(cjson.decode, payload)
    if ok and type(job) == 'table' and type(job.queue) == 'string' and utf8_valid(job.queue) then
      local list = lists[job.queue]
      if list then
        redis.call('ZREM', key, payload)
        redis.call('SADD', queues, job.queue)
        redis.call('LPUSH', list, payload)
        moved = moved + 1
      elseif not seen[job.queue] then
        seen[job.queue] = true
        undeclared[#undeclared + 1] = job.queue
      end
    else
      redis.call('ZREM', key, payload)
      redis.call('ZADD', dead, now, dead_entry({{'error_class', 'MalformedPayload'},
        {'error_message', 'a ' .. set .. ' entry is not a job payload with a queue (a UTF-8 string)'}, {'failed_at', now}}, payload))
    end
  end
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if first[2] then
    local wait = math.max(tonumber(first[2]) - now, 0)
    if next_due < 0 or wait < next_due then
      next_due = wait
    end
  end
end
local reply = {moved, next_due}
for _, name in ipairs(undeclared) do
  reply[#reply + 1] = name
end
return reply

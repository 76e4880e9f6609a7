-- promote.lua: moves due jobs (score <= now, on the Redis clock) from the schedule and retry sets onto
-- their queues. Each job is removed and pushed in the same atomic step, so none is lost or doubled
-- (Sidekiq's poller pops and pushes in two calls). A member that is not a JSON object with a "queue"
-- goes to the dead set, wrapped with the reason.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] at most this many jobs per set per call
-- Returns: {moved, ms until the next due job or -1 when both sets are empty}
local prefix, limit = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
local moved = 0
local next_due = -1
for _, set in ipairs({'schedule', 'retry'}) do
  local key = prefix .. set
  local due = redis.call('ZRANGE', key, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)
  for _, payload in ipairs(due) do
    redis.call('ZREM', key, payload)
    local ok, job = pcall(cjson.decode, payload)
    if ok and type(job) == 'table' and type(job.queue) == 'string' then
      redis.call('SADD', prefix .. 'queues', job.queue)
      redis.call('LPUSH', prefix .. 'queue:' .. job.queue, payload)
      moved = moved + 1
    else
      redis.call('ZADD', prefix .. 'dead', now, dead_entry({{'error_class', 'MalformedPayload'},
        {'error_message', 'a ' .. set .. ' entry is not a job payload with a queue'}, {'failed_at', now}}, payload))
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
return {moved, next_due}

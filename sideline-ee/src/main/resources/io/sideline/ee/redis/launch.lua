-- launch.lua: starts a workflow run atomically: the run's status hash, its seeded memory (a template's
-- input), its first barriers and its first jobs are written in one step, so a failure leaves no
-- half-started run.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] run id
-- ARGV[3] plan (JSON: {"barriers":[...],"jobs":[...]}, see apply_plan)
-- ARGV[4] barrier TTL, seconds
-- ARGV[5] run TTL, seconds
-- ARGV[6] number of jobs in the whole workflow
-- ARGV[7] memory key of the run ('' for none), ARGV[8] memory TTL, seconds
-- ARGV[9] m = number of memory fields to seed (a template's input); then m pairs: field, JSON value
-- Returns: the number of jobs enqueued or scheduled now.
-- Errors: "ERR run exists" when the run id is already taken (nothing written).
local prefix, run_id = ARGV[1], ARGV[2]
local run_key = prefix .. 'run:' .. run_id
if redis.call('EXISTS', run_key) == 1 then
  return redis.error_reply('ERR run exists: ' .. run_id)
end
local now = now_ms()
local fields = tonumber(ARGV[9] or '0')
if fields > 0 then
  for f = 0, fields - 1 do
    redis.call('HSET', ARGV[7], ARGV[10 + 2 * f], ARGV[11 + 2 * f])
  end
  redis.call('EXPIRE', ARGV[7], tonumber(ARGV[8]))
end
return start_run(prefix, run_id, cjson.decode(ARGV[3]), tonumber(ARGV[6]), now, tonumber(ARGV[5]), tonumber(ARGV[4]))

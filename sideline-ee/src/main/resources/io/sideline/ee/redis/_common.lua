-- _common.lua: functions shared by the sideline-ee scripts. The script loader prepends this file to
-- every script that names it in its header ("-- needs: _common"), so each script stays one atomic call.
--
-- Keyspace (P = the configured key prefix, default "sideline:"); see the README's keyspace table:
--   P..'queue:'..name          list of payloads, LPUSHed, fetched from the right (FIFO)
--   P..'queues'                set of queue names
--   P..'schedule', P..'retry'  sorted sets of payloads scored by due time (ms, Redis clock)
--   P..'dead'                  sorted set of failed payloads scored by failure time (ms)
--   P..'barrier:'..id          hash: count, propagate, continuation, root, run, released
--   P..'barrier:'..id..':members'  set of the jids counted by a barrier of n > 1
--   P..'chain:'..id            list of the steps of a chain after its first (JSON), referred to by its barriers'
--                              continuations '@chain:<id>:<index>:<steps>'; lives as long as they do
--   P..'run:'..runId           hash: state, jobs_total, jobs_done, jobs_failed, started_at, finished_at,
--                              progress_at
--   P..'running'               sorted set of running run ids, scored by their last progress (ms)
--   P..'inprogress:'..worker   list of payloads a worker has fetched and not yet acknowledged
--   P..'process:'..worker      heartbeat of a worker (expires), P..'processes' set of worker ids
--
-- Keys are built from the prefix rather than passed in KEYS because a continuation names keys (new
-- barriers, queues) that are only known once the script has decided to release. sideline-ee therefore
-- requires a single Redis (or one cluster hash slot via a {hash-tagged} prefix).

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The chain a barrier's continuation refers to ('@chain:<id>:...'), or nil.
local function chain_of(continuation)
  return string.match(continuation, '^@chain:([^:]+):')
end

-- Writes a launch plan: stores its chains and creates its barriers (with TTL; a chain lives as long as the
-- barrier that refers to it), and enqueues its jobs, delayed ones into the schedule.
-- plan = {barriers = {{id, count, propagate, continuation, root, run}}, jobs = {{q, d, p}},
--         chains = {{id, steps = {json, ...}}} (optional)}
local function apply_plan(prefix, plan, now, barrier_ttl)
  for _, c in ipairs(plan.chains or {}) do
    local key = prefix .. 'chain:' .. c.id
    for _, step in ipairs(c.steps) do
      redis.call('RPUSH', key, step)
    end
  end
  for _, b in ipairs(plan.barriers) do
    local key = prefix .. 'barrier:' .. b.id
    redis.call('HSET', key, 'count', b.count, 'propagate', b.propagate, 'continuation', b.continuation,
      'root', b.root, 'run', b.run)
    redis.call('EXPIRE', key, barrier_ttl)
    local chain = chain_of(b.continuation)
    if chain then
      redis.call('EXPIRE', prefix .. 'chain:' .. chain, barrier_ttl)
    end
  end
  for _, j in ipairs(plan.jobs) do
    if j.d > 0 then
      redis.call('ZADD', prefix .. 'schedule', now + j.d, j.p)
    else
      redis.call('SADD', prefix .. 'queues', j.q)
      redis.call('LPUSH', prefix .. 'queue:' .. j.q, j.p)
    end
  end
  return #plan.jobs
end

-- Marks a run finished (SUCCEEDED or FAILED) unless it already is: the first outcome wins. A finished
-- run leaves the index of running runs.
local function finish_run(prefix, run_id, state, now)
  local run_key = prefix .. 'run:' .. run_id
  if redis.call('HGET', run_key, 'state') == 'RUNNING' then
    redis.call('HSET', run_key, 'state', state, 'finished_at', now)
    redis.call('ZREM', prefix .. 'running', run_id)
  end
end

-- Records progress of a running run: when it last moved (the stall detector reads P..'running').
local function touch_run(prefix, run_id, now)
  redis.call('ZADD', prefix .. 'running', 'XX', now, run_id)
  redis.call('HSET', prefix .. 'run:' .. run_id, 'progress_at', now)
end

-- Starts a run whose id is free: its status hash (with TTL), its place in the index of running runs, and its
-- first barriers and jobs. Returns the number of jobs enqueued or scheduled now.
local function start_run(prefix, run_id, plan, total, now, run_ttl, barrier_ttl)
  local run_key = prefix .. 'run:' .. run_id
  redis.call('HSET', run_key, 'state', 'RUNNING', 'jobs_total', total, 'jobs_done', 0, 'jobs_failed', 0,
    'started_at', now, 'progress_at', now)
  redis.call('ZADD', prefix .. 'running', now, run_id)
  if total == 0 and #plan.jobs == 0 then
    -- An empty workflow (only empty chains and groups) has nothing to wait for.
    finish_run(prefix, run_id, 'SUCCEEDED', now)
  end
  redis.call('EXPIRE', run_key, run_ttl)
  return apply_plan(prefix, plan, now, barrier_ttl)
end

-- A dead-set entry: its fields in the given order ({{name, value}, ...}; a nil value is left out), then the
-- payload verbatim as "raw", last, so that a reader of a huge entry's first bytes sees the reason.
local function dead_entry(fields, raw)
  local parts = {}
  for _, f in ipairs(fields) do
    if f[2] ~= nil then
      parts[#parts + 1] = cjson.encode(f[1]) .. ':' .. cjson.encode(f[2])
    end
  end
  parts[#parts + 1] = '"raw":' .. cjson.encode(raw)
  return '{' .. table.concat(parts, ',') .. '}'
end

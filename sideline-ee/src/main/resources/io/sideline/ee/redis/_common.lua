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
--   P..'lost:'..jid            how often a job lost its worker (expires), P..'dead-since:'..worker since when a
--                              dead worker's list has been empty (expires)
--   <memory prefix>..':'..runId  the run's memory hash (sideline.memory.key-prefix, default 'sl:mem')
--   P..'idem:'..key            a caller's idempotency key (expires): JSON {id, digest}, the run id (or jid) started
--                              with it and the digest of its workflow (launch, launch_many, push)
--
-- No script builds a key name: every key a script touches is built by RedisKeys (Java) and passed in KEYS, so
-- Redis knows every key of a call before it runs (as a Redis Cluster requires). Where a script finds a key's name
-- only inside Redis (the queue of a scheduled job, the jobs in a dead worker's list, the chain a barrier refers to),
-- the caller passes the keys it expects and the script, on meeting one it was not given, changes nothing and
-- returns the missing names so the caller can declare them and call again (promote, reap, extend_ttl).
-- With a plain prefix the key names are exactly the table above; a hash-tagged builder puts '{tag}' after the
-- prefix of every key (RedisKeys.tagged): one cluster slot per tag (not used by the library yet). sideline-ee
-- connects to a single Redis: queues, the schedule and the dead set are shared by all runs, so one call may touch
-- keys that a per-run tag would put in different slots. (A '{tag}' written into both sideline.key-prefix and
-- sideline.memory.key-prefix would put every key in one slot, but the connector speaks to one node, not a cluster.)

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The chain a barrier's continuation refers to ('@chain:<id>:...'), or nil.
local function chain_of(continuation)
  return string.match(continuation, '^@chain:([^:]+):')
end

-- A run's graph (P nodes:<runId>, see RedisKeys.nodes): a planned job node n gets '<state>:<jid>' and its jid the
-- field 'j:<jid>' = n, so that the scripts that finish a job (which know its jid) find its node. The hash gets a TTL
-- when it has none (the run's own TTL refreshes it with each completion).
local function note_node(nodes, n, jid, state, ttl)
  redis.call('HSET', nodes, n, state .. ':' .. jid, 'j:' .. jid, n)
  if redis.call('PTTL', nodes) < 0 then
    redis.call('EXPIRE', nodes, ttl)
  end
end

-- Writes a launch plan: stores its chains and creates its barriers (with TTL; a chain lives as long as the
-- barrier that refers to it), and enqueues its jobs, delayed ones into the schedule. Every key is KEYS[k] with k
-- given by the plan (see PlanEncoder); the schedule and the set of queue names are passed by the caller.
-- plan = {barriers = {{k, count, propagate, continuation, root, run, ck}}, jobs = {{k, q, d, p}},
--         chains = {{k, steps = {json, ...}}} (optional)}
local function apply_plan(plan, now, barrier_ttl, schedule, queues)
  for _, c in ipairs(plan.chains or {}) do
    for _, step in ipairs(c.steps) do
      redis.call('RPUSH', KEYS[c.k], step)
    end
  end
  for _, b in ipairs(plan.barriers) do
    local key = KEYS[b.k]
    redis.call('HSET', key, 'count', b.count, 'propagate', b.propagate, 'continuation', b.continuation,
      'root', b.root, 'run', b.run)
    if b.node then
      redis.call('HSET', key, 'node', b.node) -- the graph number of its continuation's first job node
    end
    redis.call('EXPIRE', key, barrier_ttl)
    if b.ck > 0 then
      redis.call('EXPIRE', KEYS[b.ck], barrier_ttl)
    end
  end
  for _, j in ipairs(plan.jobs) do
    if j.d > 0 then
      redis.call('ZADD', schedule, now + j.d, j.p)
    else
      redis.call('SADD', queues, j.q)
      redis.call('LPUSH', KEYS[j.k], j.p)
    end
    if j.nk then
      note_node(KEYS[j.nk], j.n, j.j, j.d > 0 and 'scheduled' or 'queued', barrier_ttl)
    end
  end
  return #plan.jobs
end

-- The id recorded under an idempotency key's record (see RunOptions), or nil when none is; false and the
-- recorded id when the record was written for another workflow (its digest differs). Callers check every key
-- before writing anything, so a conflict leaves nothing written.
local function idem_recorded(record_key, digest)
  local stored = redis.call('GET', record_key)
  if not stored then
    return nil
  end
  local record = cjson.decode(stored)
  if record.digest ~= digest then
    return false, record.id
  end
  return record.id
end

-- Records the id started under an idempotency key, in the same atomic step as the start itself.
local function idem_record(record_key, id, digest, ttl)
  redis.call('SET', record_key, cjson.encode({id = id, digest = digest}), 'NX', 'EX', ttl)
end

-- Marks a run finished (SUCCEEDED or FAILED) unless it already is: the first outcome wins. A finished
-- run leaves the index of running runs.
local function finish_run(run_key, running, run_id, state, now)
  if redis.call('HGET', run_key, 'state') == 'RUNNING' then
    redis.call('HSET', run_key, 'state', state, 'finished_at', now)
    redis.call('ZREM', running, run_id)
  end
end

-- Records progress of a running run: when it last moved (the stall detector reads P..'running').
local function touch_run(run_key, running, run_id, now)
  redis.call('ZADD', running, 'XX', now, run_id)
  redis.call('HSET', run_key, 'progress_at', now)
end

-- Starts a run whose id is free: its status hash (with TTL), its place in the index of running runs, and its
-- first barriers and jobs. Returns the number of jobs enqueued or scheduled now.
local function start_run(run_key, running, run_id, plan, total, now, run_ttl, barrier_ttl, schedule, queues)
  redis.call('HSET', run_key, 'state', 'RUNNING', 'jobs_total', total, 'jobs_done', 0, 'jobs_failed', 0,
    'started_at', now, 'progress_at', now)
  redis.call('ZADD', running, now, run_id)
  if total == 0 and #plan.jobs == 0 then
    -- An empty workflow (only empty chains and groups) has nothing to wait for.
    finish_run(run_key, running, run_id, 'SUCCEEDED', now)
  end
  redis.call('EXPIRE', run_key, run_ttl)
  if plan.gk then
    redis.call('HSET', KEYS[plan.gk], 'graph', plan.graph) -- the run's tree, stored once
    redis.call('EXPIRE', KEYS[plan.gk], run_ttl)
  end
  return apply_plan(plan, now, barrier_ttl, schedule, queues)
end

-- Whether a string is valid UTF-8. A name a script returns for its caller to declare (a queue, a job id, a run id)
-- must survive the trip through Java strings unchanged; one that is not UTF-8 could never be declared.
local function utf8_valid(s)
  local i, n = 1, #s
  while i <= n do
    local c = s:byte(i)
    local len
    if c < 0x80 then
      len = 1
    elseif c >= 0xC2 and c <= 0xDF then
      len = 2
    elseif c >= 0xE0 and c <= 0xEF then
      len = 3
    elseif c >= 0xF0 and c <= 0xF4 then
      len = 4
    else
      return false
    end
    if i + len - 1 > n then
      return false
    end
    for k = i + 1, i + len - 1 do
      local cc = s:byte(k)
      if cc < 0x80 or cc > 0xBF then
        return false
      end
    end
    local c2 = s:byte(i + 1)
    if (c == 0xE0 and c2 < 0xA0) or (c == 0xED and c2 > 0x9F) or (c == 0xF0 and c2 < 0x90) or (c == 0xF4 and c2 > 0x8F) then
      return false -- overlong, a UTF-16 surrogate, or past U+10FFFF
    end
    i = i + len
  end
  return true
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

-- Run index (the admin API's list of runs): P..'runs' holds every run and P..'runs:'..state the runs in that state,
-- each scored by its started_at (ms), so a page of the newest runs is one ZRANGE, never a scan of the keyspace.
-- Written where runs start (here) and finish (index_run_finish); a reader drops the entries of runs whose status
-- has expired (the lazy trim) and moves those whose state another script changed without moving them.
local function index_run_start(run_key, run_id, all, running_index, succeeded_index)
  local run = redis.call('HMGET', run_key, 'state', 'started_at')
  redis.call('ZADD', all, run[2], run_id)
  -- an empty workflow finished in the same step
  redis.call('ZADD', run[1] == 'RUNNING' and running_index or succeeded_index, run[2], run_id)
end

-- Moves a run that has just finished in `state` from the index of running runs to that of its state (once: only
-- while it is still in the running index, and only when the run is indeed in that state).
local function index_run_finish(run_key, run_id, running_index, finished_index, state)
  local run = redis.call('HMGET', run_key, 'state', 'started_at')
  if run[1] == state and run[2] and redis.call('ZREM', running_index, run_id) == 1 then
    redis.call('ZADD', finished_index, run[2], run_id)
  end
end

-- The node of a finished attempt of job `jid` in its run's graph gets `state` (succeeded, retrying, dead); a jid the
-- graph does not know (a job of no run, a run started by an older release) changes nothing.
local function note_done(nodes, jid, state, ttl)
  local n = redis.call('HGET', nodes, 'j:' .. jid)
  if n then
    redis.call('HSET', nodes, n, state .. ':' .. jid)
    redis.call('EXPIRE', nodes, ttl)
  end
end

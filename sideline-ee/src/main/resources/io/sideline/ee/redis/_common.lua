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
--   P..'runkeys:'..runId       set of the barriers ('b:<id>') and chains ('c:<id>') a run created (its key index)
--   P..'gc'                    sorted set of finished run ids scored by when they finished, for the collector
--
-- Time (lease, then retention): while a run is RUNNING its keys carry the lease (sideline.run.max-age + a margin,
-- passed by the caller as every TTL of a step), so none of them expires however long its delays, backlog or retries
-- last; the stall detector fails a run at its max age. A finished run enters P..'gc' (finish_run) and the collector
-- (collect.lua) turns its keys' TTLs down to the retention TTLs (sideline.barrier.ttl, sideline.run.ttl,
-- sideline.memory.ttl). A late arrival of a finished run's job puts it back into P..'gc'.
--   P..'parked:'..runId        list of the payloads of a halted run (cancelled, or failed fast) that never started:
--                              a retry enqueues them again (halt, fail, complete, resume)
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

-- now_ms() as its decimal text, made of TIME's two strings (seconds, microseconds) without formatting a number:
-- redis.call turns a Lua number argument into text with snprintf('%.17g') (~2,300 Redis instructions each), and Redis
-- reads this text back as the same integer. The milliseconds are the first three digits of the microseconds padded to
-- six ('5023' us is '005'). Also returns the seconds, TIME's own string. t: TIME's reply, given by a test (pure then),
-- else read here. Where a script needs now as a number (a delay's due time), tonumber(now) once (see apply_plan).
local function now_ms_text(t)
  t = t or redis.call('TIME')
  local us = t[2]
  if #us == 6 then
    return t[1] .. string.sub(us, 1, 3), t[1]
  end
  return t[1] .. string.sub(string.rep('0', 6 - #us) .. us, 1, 3), t[1]
end

-- An integer (a plan's count, flag or graph node number, a count) as the text redis.call would make of it with
-- snprintf('%.17g') (~2,300 Redis instructions): 0 and 1 as literals, 2 to 9 by string.char (~700), larger ones by
-- '%d' (~1,500); anything else is returned as it is, for redis.call to format as before.
local function int_text(n)
  if n == 0 then
    return '0'
  elseif n == 1 then
    return '1'
  elseif n % 1 ~= 0 or n >= 1e15 or n <= -1e15 then
    return n
  elseif n > 1 and n < 10 then
    return string.char(48 + n)
  end
  return string.format('%d', n)
end

-- The chain a barrier's continuation refers to ('@chain:<id>:...'), or nil.
local function chain_of(continuation)
  return string.match(continuation, '^@chain:([^:]+):')
end

-- A run's graph (P nodes:<runId>, see RedisKeys.nodes): field 'graph' the run's tree, stored at launch with the run's
-- lease (start_run), and field n = '<state>:<jid>' for each job node n placed. A job carries its node number in its
-- payload (sideline_node), so the script that finishes it names its node without a lookup; the node writes of one
-- call are gathered in `notes` ({graph key = {n, value, ...}}) and go out as one HSET per graph (graph_flush).
-- The graph's TTL is set once at launch: a node write never touches it (a graph written for a finished run whose
-- graph had expired is caught by the collector, which the same scripts call again for such a run: collect_again).
-- Graphs written by releases before 2026-12-04 (session 5) also map 'j:<jid>' = n: note_done reads it for a job
-- whose payload carries no node.
-- A one-job run (its hash has 'x', see start_run) keeps its graph in its own hash since 2026-12-05 (session 11):
-- fields 'graph', '0' and 'e:<jid>' beside the run's own, no P nodes:<runId> (one key and its writes less per run).
-- Its launch is told by the plan (gk names the run's hash); a later writer by 'x': complete.lua reads it on the path
-- that ends a run anyway, the rare writers (fail, halt, park, unpark) read it with the run's state, or only for node
-- 0 (graph_of), the one node a one-job run has, so the nodes of other runs cost nothing. A run a release before this
-- one started (graph in P nodes:<runId>, also for one job) gets its later nodes in its hash: the reader reads both.
local function graph_note(notes, nodes, n, value)
  local t = notes[nodes]
  if not t then
    t = {}
    notes[nodes] = t
  end
  t[#t + 1] = n
  t[#t + 1] = value
end

local function graph_flush(notes)
  for nodes, t in pairs(notes) do
    redis.call('HSET', nodes, unpack(t))
  end
end

-- The graph job node n (text) of a run is written in: the run's hash for node 0 of a one-job run (its 'x'), else
-- nodes (its P nodes:<runId>, nil when the caller has none). One HEXISTS, for node 0 only.
local function graph_of(run_key, nodes, n)
  if n == '0' and redis.call('HEXISTS', run_key, 'x') == 1 then
    return run_key
  end
  return nodes
end

-- Writes a launch plan: stores its chains and creates its barriers (with TTL; a chain lives as long as the
-- barrier that refers to it), and enqueues its jobs, delayed ones into the schedule. Every key is KEYS[k] with k
-- given by the plan (see PlanEncoder); the schedule and the set of queue names are passed by the caller.
-- plan = {barriers = {{k, count, propagate, continuation, root, run, ck}}, jobs = {{k, q, d, p}},
--         chains = {{k, steps = {json, ...}}} (optional), on_failure = 'continue' (optional, launches only)}
-- A tailed plan (PlanEncoder.tailed) names its payloads and chain steps by ARGV position instead of carrying them:
-- every argument is made a Lua string once, where cjson would make a payload one a second time, byte by byte. Its jobs
-- are one flat array, js = {k, q, d, payload's ARGV position, n, nk, j, ...} (n, nk, j '', 0, '' without a graph node),
-- its barriers another, bs = {k, count, propagate, continuation, root, run, ck, node, ...} (node '' for none), a chain
-- names its steps' positions (sa) in place of steps, and chains is absent when empty. In both arrays the values only
-- written to Redis or compared are JSON strings (d, n, count, propagate, root, node: '0', '12'): cjson makes no table
-- and no field name per barrier or job, parses no number with strtod, and redis.call formats none with snprintf
-- ('%.17g', ~2,600 Redis instructions a number); only KEYS and ARGV positions are numbers.
-- Records the barriers and chains a plan creates in its run's key index (plan.x, entries plan.xs), so that the
-- collector finds every key of the run once it finished; the index lives as long as the keys it names. A
-- continuation's plan (plan.x_leased, set by complete.lua) adds to an index its launch created with the run's lease, and
-- leaves its TTL alone (an index of a run launched before indexes existed is created without one: the collector, which
-- the run enters when it finishes or ages out, gives it its retention).
local function index_run_keys(plan, ttl)
  local entries = plan.xs
  if not plan.x or not entries or #entries == 0 then
    return
  end
  for from = 1, #entries, 1000 do
    redis.call('SADD', KEYS[plan.x], unpack(entries, from, math.min(from + 999, #entries)))
  end
  if not plan.x_leased then
    redis.call('EXPIRE', KEYS[plan.x], ttl)
  end
end

-- A run whose next work is scheduled (a delay) is waiting, not stalled: its score in the index of running runs
-- (plan.rn, run plan.id) moves to the latest due time of the plan's delayed jobs (never back: GT).
-- now: a number, or its text (now_ms_text), made a number only when a delay needs it.
local function await_scheduled(plan, now)
  if not plan.rn then
    return
  end
  local due = 0
  local js = plan.js
  if js then
    for at = 3, #js, 7 do
      if js[at] ~= '0' then -- d as text (see apply_plan)
        now = tonumber(now)
        local d = js[at] + 0
        if now + d > due then
          due = now + d
        end
      end
    end
  else
    for _, j in ipairs(plan.jobs) do
      if j.d > 0 then
        now = tonumber(now)
        if now + j.d > due then
          due = now + j.d
        end
      end
    end
  end
  if due > 0 then
    redis.call('ZADD', KEYS[plan.rn], 'XX', 'GT', string.format('%d', due), plan.id)
  end
end

-- The queue name this call last added to a set of queue names (and that set): the jobs one call places mostly share
-- one queue, also across the plans of the runs one launch_many starts (one SADD per call instead of one per run).
local named_queue = nil
local named_in = nil

-- Payloads gathered per queue list while a call that starts many runs places their jobs (launch_many: push_gather
-- before, push_flush after), written with one LPUSH per queue instead of one per job: the same list (LPUSH a b c is
-- LPUSH a, LPUSH b, LPUSH c), served to blocked fetches after the call as before. nil: apply_plan pushes at once.
local gathered = nil
local gathered_keys = nil

local function push_gather()
  gathered, gathered_keys = {}, {}
end

local function push_flush()
  for _, key in ipairs(gathered_keys) do
    local list = gathered[key]
    for from = 1, #list, 1000 do -- at most 1,000 values a call: unpack's stack
      redis.call('LPUSH', key, unpack(list, from, math.min(from + 999, #list)))
    end
  end
  gathered, gathered_keys = nil, nil
end

-- park (optional): the run's parked list: the plan's jobs wait there instead (the run is halted, see park_waiting).
-- notes (optional): where the caller gathers graph node writes (graph_note) to flush them once with its own; without
-- it the plan's node writes are flushed here, one HSET per graph.
-- now: a number, or its text (now_ms_text: made a number once, only for a delayed job's due time); barrier_ttl: a
-- number or the caller's argument text, handed to Redis as given. The plan's numbers go to Redis as text (int_text).
local function apply_plan(plan, now, barrier_ttl, schedule, queues, park, notes)
  local own_notes = not notes
  notes = notes or {}
  for _, c in ipairs(plan.chains or {}) do
    if c.sa then
      for _, at in ipairs(c.sa) do
        redis.call('RPUSH', KEYS[c.k], ARGV[at])
      end
    else
      for _, step in ipairs(c.steps) do
        redis.call('RPUSH', KEYS[c.k], step)
      end
    end
  end
  local bs = plan.bs
  if bs then
    for at = 1, #bs, 8 do
      local key = KEYS[bs[at]]
      if bs[at + 7] ~= '' then -- the graph number of its continuation's first job node
        redis.call('HSET', key, 'count', bs[at + 1], 'propagate', bs[at + 2], 'continuation', bs[at + 3],
          'root', bs[at + 4], 'run', bs[at + 5], 'node', bs[at + 7])
      else
        redis.call('HSET', key, 'count', bs[at + 1], 'propagate', bs[at + 2], 'continuation', bs[at + 3],
          'root', bs[at + 4], 'run', bs[at + 5])
      end
      redis.call('EXPIRE', key, barrier_ttl)
      if bs[at + 6] > 0 then
        redis.call('EXPIRE', KEYS[bs[at + 6]], barrier_ttl)
      end
    end
  end
  for _, b in ipairs(plan.barriers or {}) do
    local key = KEYS[b.k]
    if b.node then -- the graph number of its continuation's first job node
      redis.call('HSET', key, 'count', int_text(b.count), 'propagate', int_text(b.propagate), 'continuation',
        b.continuation, 'root', int_text(b.root), 'run', b.run, 'node', int_text(b.node))
    else
      redis.call('HSET', key, 'count', int_text(b.count), 'propagate', int_text(b.propagate), 'continuation',
        b.continuation, 'root', int_text(b.root), 'run', b.run)
    end
    redis.call('EXPIRE', key, barrier_ttl)
    if b.ck > 0 then
      redis.call('EXPIRE', KEYS[b.ck], barrier_ttl)
    end
  end
  local now_n = nil -- now as a number, for the due times of delayed jobs
  local jobs, js = plan.jobs, plan.js
  local count = js and #js / 7 or #jobs
  for i = 1, count do
    local k, q, d, payload, n, nk, jid
    if js then
      local at = 7 * i - 6
      k, q, d, payload, n, nk, jid = js[at], js[at + 1], js[at + 2], ARGV[js[at + 3]], js[at + 4], js[at + 5], js[at + 6]
    else
      local j = jobs[i]
      k, q, d, payload, n, nk, jid = j.k, j.q, j.d, j.p, j.n, j.nk, j.j
    end
    if park then
      redis.call('RPUSH', park, payload)
    elseif d ~= 0 and d ~= '0' then -- a number in a plan's jobs, text in its js
      now_n = now_n or tonumber(now)
      redis.call('ZADD', schedule, string.format('%d', now_n + d), payload)
    else
      if q ~= named_queue or queues ~= named_in then
        redis.call('SADD', queues, q)
        named_queue, named_in = q, queues
      end
      local key = KEYS[k]
      if gathered then
        local list = gathered[key]
        if not list then
          list = {}
          gathered[key] = list
          gathered_keys[#gathered_keys + 1] = key
        end
        list[#list + 1] = payload
      else
        redis.call('LPUSH', key, payload)
      end
    end
    if nk and nk ~= 0 then
      -- a parked job (its run is halted) is cancelled in the graph until a retry enqueues it (resume.lua)
      -- n: text in js, a number in jobs
      graph_note(notes, KEYS[nk], js and n or int_text(n),
        (park and 'cancelled:' or (d ~= 0 and d ~= '0') and 'scheduled:' or 'queued:') .. jid)
    end
  end
  if own_notes then
    graph_flush(notes)
  end
  index_run_keys(plan, barrier_ttl)
  await_scheduled(plan, now)
  return count
end

-- Writes a run's seeded memory (a template's input) in its launch's step: `fields` pairs of ARGV from ARGV[first].
local function seed_memory(memory, ttl, fields, first)
  for f = 0, fields - 1 do
    redis.call('HSET', memory, ARGV[first + 2 * f], ARGV[first + 1 + 2 * f])
  end
  redis.call('EXPIRE', memory, ttl)
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
-- run leaves the index of running runs and enters the collector's set (gc, when given), also when it had finished
-- before: the caller goes on to refresh the run's TTL, which the collector then turns back to retention.
-- known (optional): the run's state as the caller read it in this call (saves reading it again).
-- more (optional): field/value pairs of the run's hash the caller writes with the end, in the same HSET (written alone
-- when the run had ended before: a one-job run's graph node, see complete.lua).
local function finish_run(run_key, running, run_id, state, now, gc, known, more)
  if (known or redis.call('HGET', run_key, 'state')) == 'RUNNING' then
    if more then
      redis.call('HSET', run_key, 'state', state, 'finished_at', now, 'progress_at', now, unpack(more))
    else
      redis.call('HSET', run_key, 'state', state, 'finished_at', now, 'progress_at', now)
    end
    redis.call('ZREM', running, run_id)
  elseif more then
    redis.call('HSET', run_key, unpack(more))
  end
  if gc then
    redis.call('ZADD', gc, now, run_id)
  end
end

-- Puts a run that is no longer RUNNING (state: its state, nil when its hash is gone) back into the collector's set
-- (gc, when given): a late job of a finished run refreshed keys of it to the lease.
local function collect_again(gc, run_id, state, now)
  if gc and run_id ~= '' and state ~= 'RUNNING' then
    redis.call('ZADD', gc, now, run_id)
  end
end

-- Records progress of a running run: when it last moved (the stall detector reads P..'running'). Its score never
-- moves back: a later score is the due time of work it waits for (see await_scheduled).
local function touch_run(run_key, running, run_id, now)
  redis.call('ZADD', running, 'XX', 'GT', now, run_id)
  redis.call('HSET', run_key, 'progress_at', now)
end

-- Starts a run whose id is free: its status hash (with TTL), its place in the index of running runs, and its
-- first barriers and jobs. Returns the number of jobs enqueued or scheduled now, and the run's state (RUNNING, or
-- SUCCEEDED for an empty workflow).
-- total, now, the TTLs: numbers, or the text Redis gets (the caller's arguments, now_ms_text), written as given.
local function start_run(run_key, running, run_id, plan, total, now, run_ttl, barrier_ttl, schedule, queues)
  -- one HSET: the queues its jobs use (plan.qs), and for a run that continues after a death (on_failure) its live
  -- jobs, counted to end it FAILED when nothing more can run
  local fields = {'state', 'RUNNING', 'jobs_total', total, 'jobs_done', '0', 'jobs_failed', '0',
    'started_at', now, 'progress_at', now}
  if plan.qs then
    fields[#fields + 1] = 'queues'
    fields[#fields + 1] = plan.qs
  end
  if plan.xr then
    -- a run whose only barrier is its root: the one entry of its key index, kept here (see collect_at_end)
    fields[#fields + 1] = 'x'
    fields[#fields + 1] = plan.xr
  end
  if plan.on_failure then
    fields[#fields + 1] = 'on_failure'
    fields[#fields + 1] = plan.on_failure
    fields[#fields + 1] = 'live'
    fields[#fields + 1] = int_text(plan.js and #plan.js / 7 or #plan.jobs)
  end
  if plan.gk and KEYS[plan.gk] == run_key then
    -- a one-job run's graph is its hash's (see graph_note): its tree and its node go into the run's one HSET, and
    -- nothing else of it needs a TTL (it has one job: never an empty workflow)
    redis.call('ZADD', running, now, run_id) -- before the plan: a delayed job moves the run's score (await_scheduled)
    local notes = {}
    local placed = apply_plan(plan, now, barrier_ttl, schedule, queues, nil, notes)
    fields[#fields + 1] = 'graph'
    fields[#fields + 1] = plan.graph or ARGV[plan.ga]
    local own = notes[run_key] or {}
    for i = 1, #own do
      fields[#fields + 1] = own[i]
    end
    redis.call('HSET', run_key, unpack(fields))
    redis.call('EXPIRE', run_key, run_ttl)
    return placed, 'RUNNING'
  end
  redis.call('HSET', run_key, unpack(fields))
  redis.call('ZADD', running, now, run_id)
  local state = 'RUNNING'
  if (plan.js and #plan.js or #plan.jobs) == 0 and tonumber(total) == 0 then
    -- An empty workflow (only empty chains and groups) has nothing to wait for.
    finish_run(run_key, running, run_id, 'SUCCEEDED', now, plan.gc and KEYS[plan.gc], state)
    state = 'SUCCEEDED'
  end
  redis.call('EXPIRE', run_key, run_ttl)
  if not plan.gk then
    return apply_plan(plan, now, barrier_ttl, schedule, queues), state
  end
  -- the run's tree, stored once, in one HSET with the states of the nodes this launch places
  local graph = KEYS[plan.gk]
  local notes = {}
  local placed = apply_plan(plan, now, barrier_ttl, schedule, queues, nil, notes)
  local own = notes[graph] or {}
  notes[graph] = nil
  redis.call('HSET', graph, 'graph', plan.graph or ARGV[plan.ga], unpack(own)) -- ga: the tree as its own argument
  redis.call('EXPIRE', graph, run_ttl)
  graph_flush(notes)
  return placed, state
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

-- Staged plans (stage.lua, launch_staged.lua, drain.lua, discard.lua): a plan too big for one bounded call is
-- written in chunks into a stage (P..'stage:'..id, a hash: state staging|sealed|committed, token, chunks, jobs, at,
-- and 'q:'..name per queue its jobs go to; P..'stage:'..id..':jobs', the list of its jobs not yet enqueued), then
-- committed by one small call, then drained into the queues in bounded chunks. Until it is committed no job of it
-- can run; once committed, every job of it will be enqueued (by its caller or by the recovery of any server).
-- A continuation too big for complete.lua is passed as a reference to its stage: '{"stage":k,"list":k,"index":k,
-- "id":"<stage id>"}' (KEYS positions of the stage hash, its jobs list and the index P..'staged').

-- The decoded stage reference a continuation argument holds, or nil for a plan (or '').
local function staged_ref(plan)
  if string.sub(plan, 1, 9) == '{"stage":' then
    return cjson.decode(plan)
  end
  return nil
end

-- Commits a sealed stage: its jobs may now be drained into their queues (by anyone: see drain.lua).
local function commit_stage(ref, now)
  redis.call('HSET', KEYS[ref.stage], 'state', 'committed', 'at', now)
  redis.call('ZADD', KEYS[ref.index], now, ref.id)
end

-- Removes a stage that will never be committed: its jobs list (UNLINK: freed off Redis' main thread), its hash and
-- its place in the index. The barriers and chains its chunks wrote are reachable from no job and expire by TTL.
local function drop_stage(stage, list, index, id)
  redis.call('UNLINK', list)
  redis.call('DEL', stage)
  redis.call('ZREM', index, id)
end

-- Run control (cancel, fail-fast, retry; see RunControl). A run is halted when it is CANCELLED, or FAILED under the
-- fail-fast policy (its hash has no 'on_failure' = 'continue'): its waiting jobs never start; they are parked, in
-- order, in the run's list P..'parked:'..runId, so that a retry can enqueue them again.

-- What park_waiting writes over a queue entry it takes, before removing them all at once: no payload is this text.
local PARK_MARK = '\0sideline:parked\0'

-- The job a payload holds when it belongs to the run, else nil: a plain search first (most payloads are someone
-- else's), then its field.
local function job_of_run(payload, run_id)
  if not string.find(payload, run_id, 1, true) then
    return nil
  end
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and job.sideline_run_id == run_id then
    return job
  end
  return nil
end

-- The names in the set of queue names that the caller did not declare (names -> list key), or nil when none.
local function undeclared_queues(queues, lists)
  local missing = nil
  for _, name in ipairs(redis.call('SMEMBERS', queues)) do
    if not lists[name] then
      missing = missing or {}
      missing[#missing + 1] = name
    end
  end
  return missing
end

-- Entries one park step examines (ScriptBudget.MAX_ELEMENTS): a halted run's waiting jobs are parked in bounded
-- steps, never in one scan of every queue (1.3 s with 100,000 queued). See docs/reliability.md, "Cancel in steps".
local PARK_BUDGET = 500

-- Takes a payload of the run for its parked list (gathered in `out`, pushed once by park_flush); its graph node
-- (nodes: the run's graph, optional) becomes cancelled.
local function park_one(out, payload, job, notes, nodes)
  out[#out + 1] = payload
  if nodes and type(job.sideline_node) == 'number' and type(job.jid) == 'string' then
    graph_note(notes, nodes, string.format('%d', job.sideline_node), 'cancelled:' .. job.jid)
  end
end

-- Pushes the payloads park_one gathered onto the run's parked list (at most PARK_BUDGET: one RPUSH).
local function park_flush(parked, out, ttl)
  if #out > 0 then
    redis.call('RPUSH', parked, unpack(out))
    redis.call('EXPIRE', parked, ttl)
  end
end

-- One step over a queue list, from the end the workers fetch (the right) leftwards, so the jobs about to start are
-- parked first. `anchor` is the leftmost entry examined and kept so far ('' none), `span` its distance from the right
-- end at the last step: fetches only shorten that distance and pushes come in at the left, so the anchor is found
-- within `span` entries from the right (LPOS), or is gone with everything right of it, and the step goes on just left
-- of it: no entry is skipped. The run's entries are marked in place and dropped in one LREM from the right.
-- Returns parked, anchor, span, done (the left end was reached).
local function park_list_step(run_id, out, list, anchor, span, limit, notes, nodes)
  local len = redis.call('LLEN', list)
  local seen = 0
  if anchor ~= '' and span > 0 then
    -- the workers fetched a few entries since the last step, at most: look near the old distance first
    local top = math.min(span, len)
    local near = redis.call('LRANGE', list, -top, -math.max(1, top - 99))
    for k = 1, #near do
      if near[k] == anchor then
        seen = top - k + 1
        break
      end
    end
    if seen == 0 then
      local pos = redis.call('LPOS', list, anchor, 'RANK', -1, 'MAXLEN', span)
      if pos then
        seen = len - pos
      end
    end
  end
  if seen >= len then
    return 0, anchor, seen, true
  end
  local chunk = redis.call('LRANGE', list, -(seen + limit), -(seen + 1))
  local first = len - seen - #chunk
  local marked, kept = 0, nil
  for i = #chunk, 1, -1 do
    local job = job_of_run(chunk[i], run_id)
    if job then
      redis.call('LSET', list, first + i - 1, PARK_MARK)
      park_one(out, chunk[i], job, notes, nodes)
      marked = marked + 1
    else
      kept = chunk[i]
    end
  end
  if marked > 0 then
    redis.call('LREM', list, -marked, PARK_MARK)
  end
  return marked, kept or anchor, seen + #chunk - marked, seen + #chunk >= len
end

-- One step over a sorted set (the schedule, the retry set), in score order: `anchor` is the last member examined and
-- kept ('' none) and `score` its score; when the anchor has left the set meanwhile (promoted), the step goes on from
-- its score. Returns parked, anchor, score, done.
local function park_set_step(run_id, out, set, anchor, score, limit, notes, nodes)
  local rank = anchor ~= '' and redis.call('ZRANK', set, anchor) or nil
  local chunk
  if rank then
    chunk = redis.call('ZRANGE', set, rank + 1, rank + limit, 'WITHSCORES')
  elseif anchor ~= '' then
    chunk = redis.call('ZRANGE', set, score, '+inf', 'BYSCORE', 'LIMIT', 0, limit, 'WITHSCORES')
  else
    chunk = redis.call('ZRANGE', set, 0, limit - 1, 'WITHSCORES')
  end
  local n = 0
  for i = 1, #chunk, 2 do
    local job = job_of_run(chunk[i], run_id)
    if job then
      redis.call('ZREM', set, chunk[i])
      park_one(out, chunk[i], job, notes, nodes)
      n = n + 1
    else
      anchor, score = chunk[i], chunk[i + 1]
    end
  end
  return n, anchor, score, #chunk < 2 * limit
end

-- Parks the run's waiting jobs nearest to starting, in the same step that halts it: the first PARK_BUDGET entries
-- (shared out) of the schedule, the retry set and the fetch end of every queue. The caller then parks the rest in
-- bounded steps (park.lua, driven by ParkSweep), so a cancel or a fail-fast death never scans every queue at once.
-- nodes (optional): the run's graph, whose parked nodes become cancelled.
local function park_waiting(run_id, parked, lists, sets, ttl, nodes)
  local sources = #sets
  for _ in pairs(lists) do
    sources = sources + 1
  end
  local limit = math.max(1, math.floor(PARK_BUDGET / math.max(sources, 1)))
  local notes, out = {}, {}
  for _, set in ipairs(sets) do
    park_set_step(run_id, out, set, '', 0, limit, notes, nodes)
  end
  for _, list in pairs(lists) do
    park_list_step(run_id, out, list, '', 0, limit, notes, nodes)
  end
  park_flush(parked, out, ttl)
  graph_flush(notes)
  return #out
end

-- Whether a run's new jobs must be parked instead of started: it was cancelled, or failed under fail-fast.
local function run_halted(state, policy)
  return state == 'CANCELLED' or (state == 'FAILED' and policy ~= 'continue')
end

-- fail.lua's run-control view of a failing job's run (nil without the optional keys or a run): its parked list,
-- whether it is halted, and for a death that fails it fast the queue lists to park from, or the undeclared queues.
-- The optional keys start at KEYS[base]: the parked list, the schedule, the set of queue names, then the queue lists
-- named by ARGV[10..].
local function halt_control(run_key, run_id, mode, base)
  if not KEYS[base] or run_id == '' then
    return nil
  end
  local run = redis.call('HMGET', run_key, 'state', 'on_failure')
  if not run[1] then
    return nil
  end
  local c = {parked = KEYS[base], schedule = KEYS[base + 1], halted = run_halted(run[1], run[2])}
  if mode == 'dead' and run[1] == 'RUNNING' and run[2] ~= 'continue' then
    c.lists = {}
    for i = 10, #ARGV do
      c.lists[ARGV[i]] = KEYS[i + base - 7]
    end
    local missing = undeclared_queues(KEYS[base + 2], c.lists)
    if missing then
      table.insert(missing, 1, 'undeclared')
      c.missing = missing
    end
    c.fail_fast = true
  end
  return c
end

-- A run under the 'continue' failure policy counts its live jobs (queued, scheduled, running, retrying) in its hash's
-- 'live': a completion takes its job off and adds what it started, a death takes its job off. When a completion or a
-- death leaves none and the run is still RUNNING, nothing more can run: it ends FAILED (its root never released).
-- Fail-fast runs have no 'live' and pay nothing.
local function continue_live(run_key, running, run_id, delta, now, gc)
  if redis.call('HINCRBY', run_key, 'live', delta) <= 0 then
    finish_run(run_key, running, run_id, 'FAILED', now, gc)
  end
end

-- Run index (the admin API's list of runs): P..'runs:'..state holds the runs in that state, each scored by its
-- started_at (ms), so a page of the newest runs is one ZRANGE per state, never a scan of the keyspace; the list of all
-- runs merges them (RedisRunIndex). all: P..'runs', the index of every run that releases before 2026-12-05 wrote, no
-- longer written (one ZADD per run less; the collector trims what is left of it).
-- Written where runs start (here) and finish (index_run_finish); a reader drops the entries of runs whose status
-- has expired (the lazy trim) and moves those whose state another script changed without moving them.
-- state, started (optional): the run's state and start time as start_run just wrote them (else read from its hash).
local function index_run_start(run_key, run_id, all, running_index, succeeded_index, state, started)
  if not state then
    local run = redis.call('HMGET', run_key, 'state', 'started_at')
    state, started = run[1], run[2]
  end
  -- an empty workflow finished in the same step
  redis.call('ZADD', state == 'RUNNING' and running_index or succeeded_index, started, run_id)
end

-- Moves a run that has just finished in `state` from the index of running runs to that of its state (once: only
-- while it is still in the running index, and only when the run is indeed in that state).
-- started (optional): the run's start time, given by a caller that has just finished the run itself in `state` (then
-- the hash is not read again).
local function index_run_finish(run_key, run_id, running_index, finished_index, state, started)
  local run = started and {state, started} or redis.call('HMGET', run_key, 'state', 'started_at')
  if run[1] == state and run[2] and redis.call('ZREM', running_index, run_id) == 1 then
    redis.call('ZADD', finished_index, run[2], run_id)
  end
end

-- The node of a finished attempt of job `jid` in its run's graph gets `state` (succeeded, retrying, dead), gathered in
-- `notes` (see graph_note). n: the node number its payload carries; nil for a payload without one, whose node is
-- looked up by jid (graphs of older releases map 'j:<jid>'); a jid the graph does not know changes nothing.
local function note_done(notes, nodes, n, jid, state)
  if not n then
    n = redis.call('HGET', nodes, 'j:' .. jid)
  end
  if n then
    graph_note(notes, nodes, n, state .. ':' .. jid)
  end
end

-- A run whose only barrier is its root keeps its key index's one entry in its hash's 'x' (start_run, plan.xr) and has
-- no index: the completion that finishes it declares every key it has (its hash, which holds its graph since
-- 2026-12-05 session 11, root barrier, memory), so it turns their TTLs down from the lease to retention itself, exactly
-- as collect.lua would (EXPIRE LT: only shortens), and the run never enters the collector's set. entry: the run's 'x'
-- ('o:<id>', or 'b:<id>' for a root with a member set); ttls: the retention TTLs {barrier, run, memory} in seconds;
-- memory: nil when the call has none (a run whose memory this call does not declare is left to the collector: the
-- caller does not call this). A one-job run a release before session 11 started keeps its P nodes:<runId> with the
-- lease it was written with (max-age + 1 day): no EXPIRE for the key no run of this release has.
-- A one-job run's root ('o:<id>', released by this very call) is deleted instead (since 2026-12-05 session 11): nothing
-- is left to count once its only job succeeded, and a late delivery of that job finds the run SUCCEEDED, which
-- complete.lua acknowledges as the duplicate it is; a finished one-job run keeps its hash alone. Returns true when it
-- deleted the root (then the caller does not mark it released). A root kept in the run's hash ('r:<id>', since
-- 2026-12-05 session 14) has no key: nothing to delete, and the caller marks it released in the hash.
local function collect_at_end(entry, run_key, root, members, memory, ttls)
  local kind = string.sub(entry, 1, 2)
  local one = kind ~= 'b:'
  if kind == 'r:' or kind == 'R:' then
    -- no barrier key
  elseif one then
    redis.call('DEL', root)
  else
    redis.call('EXPIRE', root, ttls[1], 'LT')
    redis.call('EXPIRE', members, ttls[1], 'LT')
  end
  redis.call('EXPIRE', run_key, ttls[2], 'LT')
  if memory then
    redis.call('EXPIRE', memory, ttls[3], 'LT')
  end
  return one
end

-- complete.lua's release of a run's root, on a run it is finishing (state: as read, RUNNING) whose only barrier is its
-- root (entry: the run's 'x'): collects it here (collect_at_end) when the call declares the run's memory (memory: nil
-- when not) and carries the retention TTLs (ttls: complete.lua's ARGV[6], 'memory barriers runs memory' seconds, the
-- last three absent from a caller that does not know them). Returns the collector's set the run enters as it
-- finishes: gc, or nil when collected here, and then true when the root was deleted (a one-job run's, see
-- collect_at_end). root, members: the root's barrier hash and member set.
local function collect_or_gc(gc, state, entry, run_key, root, members, memory, cleared, ttls)
  if state ~= 'RUNNING' or not entry or not memory then
    return gc
  end
  -- the TTLs as the caller wrote them: EXPIRE reads the text (a number would be formatted back with snprintf)
  local barrier_s, run_s, memory_s = string.match(ttls, '^%S+ (%S+) (%S+) (%S+)$')
  if not barrier_s then
    return gc
  end
  return nil, collect_at_end(entry, run_key, root, members, not cleared and memory or nil, {barrier_s, run_s, memory_s})
end

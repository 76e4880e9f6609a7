-- complete.lua: the atomic completion of a job that performed successfully (the default barrier).
-- In one step it acknowledges the job (removes it from the worker's in-progress list), writes its output
-- to the run's memory, counts the job
-- into the barriers of its completion-callback stack from the top, and for every barrier it releases,
-- launches that barrier's continuation (pre-planned by the caller) or propagates to the next callback.
-- A barrier of n > 1 (a group) counts its members by jid in a set; a barrier of 1 (a chain step, the run's
-- root) is released by its first arrival and marked 'released'. Either way a job delivered twice counts
-- once: it can neither release a barrier early nor launch a continuation twice. Either everything happens
-- or nothing does.
-- needs: _common, _ends
-- lazy: finish_run, commit_stage, index_run_finish, collect_at_end, collect_or_gc
-- lazy: announce_end, end_run, continue_live_end
-- KEYS[1] the worker's in-progress list (which holds the payload), KEYS[2] the run's hash, KEYS[3] the index of running
-- runs; then the keys the layout (ARGV[4]) places: the schedule and the set of queue names (only when a level has a
-- continuation), the run's memory, the prefetch queue, the run's graph, the collector's set, the run's parked list, the
-- indexes of RUNNING and SUCCEEDED runs and the list of announced ends (each only where the call needs it); then, from
-- KEYS[b] (b in the layout), the hash KEYS[b + 2i] and the member set KEYS[b + 2i + 1] of the barrier of callback level i
-- (i = 0 at the TOP); then the keys of the continuation plans
-- ARGV[1] the payload, exactly as fetched
-- ARGV[2] the job id (jid)
-- ARGV[3] run id
-- ARGV[4] the call's layout: one character per small number, its byte minus 48 ('0' = 0, '1' = 1, ... '~' = 78), in this
--         order (a flag is '1' for yes; a KEYS position is 0 for none). One argument instead of fifteen: every argument
--         costs Redis ~1-2k instructions (parsing, a Lua string, its array slot, its collection), string.byte none.
--          1 '1' when the walk may reach the run's root (the last step of a workflow, or its only one): the index
--            positions 13-15 and the retention TTLs (ARGV[6]) are there
--          2 '1' to delete the run's memory when this completion makes the run SUCCEEDED
--          3 '1' when the job counts in the run's jobs_done ('0' for the built-in no-op that carries a delay)
--          4 '1' when every run end is announced (the application observes RunFinished), '0' when only the end of a run
--            with callbacks is (see _ends.lua)
--          5 b: the KEYS position of the top level's barrier hash
--          6, 7 the schedule (only when a continuation's plan has a delayed job), the set of queue names (for the
--            continuations' plans)
--          8 the run's memory hash (0 when memory is not kept in Redis by this script)
--          9 the queue to prefetch the worker's next job from (0 for none): see the reply
--         10 the run's graph (P nodes:<runId>), whose node of this jid becomes succeeded (a one-job run's node is its
--            hash's since 2026-12-05 session 11: the run's 'x', read when the walk may reach the root, says so; its node
--            then goes into the HSET that ends it, with its jobs_done)
--         11 the collector's set (P gc): a run this call finishes enters it, and so does a run already finished whose
--            late job this is (its keys were refreshed to the lease)
--         12 the run's parked list: when the run is halted (cancelled, or failed under fail-fast) the continuations'
--            jobs are parked there instead of enqueued (the job's own success still counts)
--            (11 and 12 may be 0 for a call of a run that the caller expects RUNNING: see {'rekey'} below)
--         13, 14 the indexes of RUNNING and of SUCCEEDED runs, which the run leaves and enters when this call finishes it
--         15 the list of announced ends (P finished, see _ends.lua)
-- ARGV[5] barrier TTL, seconds (for barriers created by continuations; the lease, see _common), passed on as given
-- ARGV[6] the other TTLs, seconds, space-separated, each passed on as given: the memory TTL; then, only when the walk may
--         reach the root and the caller knows them, the retention TTLs of barriers, runs and memory: a run whose only
--         barrier is its root (its hash's 'x') that this call finishes is collected here (collect_or_gc) instead of by
--         the collector
-- ARGV[7] m = number of memory fields the job wrote; then m pairs: field, JSON value
-- then n = number of callback levels; then n launch plans from the TOP of the stack down (see apply_plan):
--         the plan of that level's continuation ('' when it has none)
-- then the job's node number in the run's graph (its payload's sideline_node; '' for a payload without one)
-- then the payloads and chain steps of the plans, which name them by ARGV position (a job's a, a chain's sa: see
--         apply_plan) instead of carrying them in their JSON
-- Returns: {'ok', released} with released = number of barriers this call released; with a prefetch queue,
--          {'ok', released, next}: next is the oldest job of that queue ('' when it is empty), moved into
--          the worker's in-progress list exactly as a fetch (BLMOVE RIGHT LEFT) would, saving that round trip;
--          when this call ended the run (its root released while the run was RUNNING: the run is now SUCCEEDED),
--          {'ok', released, next, '1'}, next '' without a prefetch queue. A root released in a run already ended
--          (cancelled, failed fast) ends nothing: the run keeps the end it has, and the reply does not say '1'
--          {'fenced', ''}   the payload is no longer in this worker's in-progress list (the reaper
--                           requeued it, or a graceful stop handed it back): nothing was changed
--          {'missing', i}   the barrier of level i (1 = top), a level the walk reaches, does not exist (expired or
--                           deleted): nothing changed
--                           (but a job of a run that has SUCCEEDED is acknowledged: {'ok', '0'}, nothing else
--                           changed; a one-job run's root is deleted by the completion that makes the run SUCCEEDED;
--                           a root kept in the run's hash, x 'R:<id>' once released, acknowledges the same way)
--          {'noplan', i}    the barrier of level i has a continuation but no plan was passed: nothing changed
--          {'unstaged', i}  the continuation of level i is a staged plan (see _common.lua) this call would
--                           commit, but its stage is not sealed: nothing changed (stage it, then call again)
--          {'rekey', ''}    the call left out the collector's set or the parked list (layout 0), but the run is not
--                           RUNNING, or runs under the 'continue' policy, and may need them: nothing changed (call
--                           again with both, since 2026-12-05 session 12)
local inprogress, run_key, running = KEYS[1], KEYS[2], KEYS[3]
local payload, jid, run_id = ARGV[1], ARGV[2], ARGV[3]
-- the layout's numbers, each its character's byte minus 48 (one string.byte call: no string, no strtod)
local l_end, l_clear, l_counts, l_all, l_b, l_schedule, l_queues, l_memory, l_prefetch, l_nodes, l_gc, l_parked,
    l_running_index, l_succeeded_index, l_finished = string.byte(ARGV[4], 1, 15)
local may_end = l_end == 49 -- '1': the root may be reached (the run indexes and the retention TTLs are there)
local clear_memory, counts = l_clear == 49, l_counts == 49
local base = l_b - 48 -- KEYS[base + 2i]: the barrier hash of level i, KEYS[base + 2i + 1] its member set
local schedule, queues = KEYS[l_schedule - 48], KEYS[l_queues - 48] -- KEYS[0] is nil: none
local memory_at, prefetch_at = l_memory - 48, l_prefetch - 48
local barrier_ttl = ARGV[5] -- passed on as given (see now_ms_text)
local ttls = ARGV[6] -- the memory TTL, then (may_end) the retention TTLs; split only where used
local fields = ARGV[7] + 0 -- a count is made a number with '+ 0': one strtod, where tonumber runs two
local first_field = 8
local levels = ARGV[first_field + 2 * fields] + 0
local first_plan = first_field + 2 * fields + 1
local gc = KEYS[l_gc - 48]
local finished = may_end and KEYS[l_finished - 48] or nil
-- every end is announced when the application observes RunFinished ('1'); else only the end of a run with callbacks
local announce_all = may_end and l_all == 49

-- released as the reply's text (tostring formats with snprintf too)
local function count_text(n)
  if n == 0 then
    return '0'
  elseif n == 1 then
    return '1'
  end
  return tostring(n)
end

-- touch_run with the job's count in the same HSET: jobs_done as this call read it, plus one (one command per step
-- less than HINCRBY then HSET; the call is atomic, so nothing moves it in between); jobs_done nil: progress only.
-- The run's score in the index of running runs moves only when its last progress (progress_at as this call read it,
-- ms as text) lies in an earlier second of Redis' clock than now (now_s: now's seconds, TIME's text). Within a
-- second, the step that first entered it has moved the score already (so did a launch, a resume, touch_run: each
-- writes its progress_at with it), so the score is at most 999 ms behind the last progress, against the stall
-- detector's hour by default (docs/reliability.md: what each stall reader sees). A ZADD is the dearest command of a
-- plain step; a run stepping faster than once a second now pays it once a second. By second, not by distance: 'less
-- than 1 s after progress_at' would never move the score of a run that always steps again within a second. Text, not
-- tonumber (strtod: ~900 Redis instructions a number): sub finds the seconds already interned (t[1]), == compares them.
local function touch_run_counted(run_key, running, run_id, now, now_s, jobs_done, progress_at)
  if not progress_at or #progress_at ~= #now or string.sub(progress_at, 1, #now_s) ~= now_s then
    redis.call('ZADD', running, 'XX', 'GT', now, run_id)
  end
  if jobs_done then
    redis.call('HSET', run_key, 'progress_at', now, 'jobs_done', jobs_done)
  else
    redis.call('HSET', run_key, 'progress_at', now)
  end
end

-- One read of the run's hash (it was an EXISTS): a cancelled or failed-fast run starts nothing more (halted).
-- The fields only the run's end reads (started_at, cbf, x) are read only when the walk may reach the root (the caller
-- passes the run indexes then: the last step of a workflow, or its only one): most runs have no cbf and no x, and
-- HMGET scans the whole hash for a field it lacks (~1k Redis instructions each, on every step that cannot end it).
local run = may_end
    and redis.call('HMGET', run_key, 'state', 'on_failure', 'jobs_done', 'progress_at', 'started_at', 'cbf', 'x')
    or redis.call('HMGET', run_key, 'state', 'on_failure', 'jobs_done', 'progress_at')
local run_state = run[1]
-- A one-job run launched with its root in its hash (x 'r:<id>', 'R:<id>' once released; since 2026-12-05 session 14)
-- has no barrier key: its root is read from x, a barrier of one without continuation (no HMGET, and no key to create at
-- its launch or to delete at its end). Only the call of its one job reaches it: one level, which may end the run.
local root_id = nil -- the id of a root kept in the run's hash, when this call's level 0 is one
if may_end and levels == 1 and run[7] then
  local kind = string.sub(run[7], 1, 2)
  if (kind == 'r:' or kind == 'R:') and string.sub(KEYS[base], -(#run[7] - 1)) == ':' .. string.sub(run[7], 3) then
    root_id = string.sub(run[7], 3)
    if kind == 'R:' then
      -- released before: a late delivery of the job, which ran already; acknowledged, counting nowhere (as a one-job
      -- run's deleted root barrier is, below)
      if redis.call('LREM', inprogress, '-1', payload) == 0 then
        return {'fenced', ''}
      end
      return {'ok', '0'}
    end
  end
end

-- 1. Check everything before changing anything: a Lua error or early return must leave no partial state.
-- b = {continuation, count, propagate, root, released} of each barrier of the stack walked, and for a group's barrier
-- read here its members before this call (b[6], SCARD).
-- Only the levels the walk can reach are read (reach): below a level this call cannot release and pass on (a group
-- member that is not the last to arrive, a barrier released before, the root, a barrier that does not propagate) the
-- walk stops, so a group's member that is not the last to arrive does not read the barrier of the chain link under its
-- group (one HMGET less per member; since 2026-12-05 session 13). A barrier below that is missing is then reported by
-- the call that reaches it.
local barriers = {}
local reach = levels
for i = 0, levels - 1 do
  local plan = ARGV[first_plan + i]
  local b = root_id and {'', '1', '0', '1', false}
      or redis.call('HMGET', KEYS[base + 2 * i], 'continuation', 'count', 'propagate', 'root', 'released')
  local problem = nil
  if not b[1] then
    problem = 'missing'
  elseif b[1] ~= '' and plan == '' then
    problem = 'noplan'
  end
  if problem then
    -- a job that is no longer this worker's is fenced first, whatever else is wrong
    if not redis.call('LPOS', inprogress, payload) then
      return {'fenced', ''}
    end
    if problem == 'missing' and redis.call('HGET', run_key, 'state') == 'SUCCEEDED' then
      -- A late delivery of a job of a run that has succeeded (a one-job run's root is deleted as it succeeds; any
      -- barrier's retention may have run out): the job ran already. Acknowledged, counting nowhere.
      redis.call('LREM', inprogress, '-1', payload)
      return {'ok', '0'}
    end
    return {problem, tostring(i + 1)}
  end
  barriers[i] = b
  -- Does this call release level i? The walk's test below, read-only; every level above passed on, or this loop
  -- stopped there. A group's members are counted here (b[6]) and the walk reuses the count. A repeated delivery of a
  -- member counted before counts as releasing here too and stops in the walk (SADD answers 0): no SISMEMBER, which the
  -- least-privilege ACL of docs/security.md does not grant.
  local releases
  if b[2] == '1' then
    releases = not b[5]
  else
    b[6] = redis.call('SCARD', KEYS[base + 1 + 2 * i])
    releases = b[6] + 1 >= b[2] + 0
  end
  local ref = releases and plan ~= '' and staged_ref(plan) or nil
  if ref then
    define_lazy() -- the functions of the rare paths (the header's '-- lazy:'): a staged continuation, a run's end
  end
  if ref and redis.call('HGET', KEYS[ref.stage], 'state') ~= 'sealed' then
    -- a continuation too big for this call must be staged (sealed) before the release that commits it
    if not redis.call('LPOS', inprogress, payload) then
      return {'fenced', ''}
    end
    return {'unstaged', tostring(i + 1)}
  end
  if i < levels - 1 and not (releases and b[4] ~= '1' and b[3] == '1') then
    -- the walk stops at level i (not released here, the root, or not passing on): nothing below is read
    reach = i + 1
    break
  end
end

-- The collector's set and the parked list are declared only by a call that may need them (layout 0 otherwise): a run
-- that is not RUNNING (a late job of a finished run enters the collector's set again; a halted run parks its
-- continuations) or runs under the 'continue' policy (its live count may end it here) needs both, so such a call
-- changes nothing and asks for them: the caller calls again with every key (and declares them upfront for that run).
if run_id ~= '' and (l_gc == 48 or l_parked == 48) and (run_state ~= 'RUNNING' or run[2] == 'continue') then
  return {'rekey', ''}
end

-- 2. Acknowledge (a payload no longer in progress is fenced: nothing changed yet), persist the job's
-- output in the run's memory, then walk the callback stack from the top.
if redis.call('LREM', inprogress, '-1', payload) == 0 then
  return {'fenced', ''}
end
local memory_key = memory_at > 0 and KEYS[memory_at] or nil
if fields > 0 then
  for f = 0, fields - 1 do
    redis.call('HSET', memory_key, ARGV[first_field + 2 * f], ARGV[first_field + 2 * f + 1])
  end
  redis.call('EXPIRE', memory_key, string.match(ttls, '^%S+')) -- the memory TTL: the first of ARGV[6]
end
local now, now_s = now_ms_text()
local run_exists = run_state ~= false
-- (KEYS[0] is nil: no parked list)
local park = run_exists and run_halted(run[1], run[2]) and KEYS[l_parked - 48] or nil
local released = 0
local touched, run_finished, ended = false, false, false
local notes = {} -- graph node writes of this call (graph_note), flushed once at the end
local nodes_at = l_nodes - 48
local node = nodes_at > 0 and ARGV[first_plan + levels] or ''
-- a one-job run (its 'x', read only when the walk may reach the root) keeps its graph in its hash: node '0' there
local graph = run[7] and run_key or KEYS[nodes_at]
local node_written = false
local continuing = run_exists and run[1] == 'RUNNING' and run[2] == 'continue'
local live_delta = 0
local done_after = nil -- the run's jobs_done counting this job, written once after the walk
for i = 0, reach - 1 do
  local plan = ARGV[first_plan + i]
  local key = KEYS[base + 2 * i]
  local b = barriers[i]
  local count, reached = b[2], true -- compared as text: no tonumber for a barrier of 1
  if count == '1' then
    if b[5] then
      -- Released by an earlier delivery of this job, whose call applied all of its effects.
      break
    end
  else
    local members = KEYS[base + 1 + 2 * i]
    if redis.call('SADD', members, jid) == 0 then
      -- Already counted by an earlier delivery of this job, whose call applied all of its effects.
      break
    end
    local arrived = b[6] + 1 -- counted in phase 1 (this call is atomic), and this job is new to the set
    if arrived == 1 then
      redis.call('PEXPIRE', members, math.max(redis.call('PTTL', key), 1))
    end
    reached = arrived >= count + 0
  end
  if i == 0 and run_exists then
    live_delta = -1 -- the first arrival of this job (a repeated delivery stopped above)
    if counts then
      if run[3] then
        done_after = int_text(run[3] + 1) -- written after the walk, with the progress (touch_run_counted);
        -- as text: int_text costs a fraction of the '%.17g' redis.call formats a number with
      else
        redis.call('HINCRBY', run_key, 'jobs_done', '1')
      end
    end
    touched = true -- progress is recorded after the walk, unless the walk finishes the run (finish_run records it)
  end
  if not reached then
    break
  end
  released = released + 1
  if b[4] == '1' then
    define_lazy()
    if finished and run_state == 'RUNNING' and (announce_all or run[6] == '1') then
      announce_end(run_key, run_id, 'SUCCEEDED', finished) -- this call ends the run
    end
    local end_gc, root_gone = collect_or_gc(gc, run_state, run[7], run_key, KEYS[base + 2 * i], KEYS[base + 1 + 2 * i],
      memory_key, clear_memory, ttls)
    local more = nil
    if root_id then
      more = {'x', 'R:' .. root_id} -- released, in the HSET that ends the run (or alone, when it had ended)
    elseif not root_gone then
      redis.call('HSET', key, 'released', now)
    end
    if graph == run_key and node ~= '' then
      -- a one-job run: its node goes into the HSET that ends it (alone when it had ended before)
      more = more or {}
      more[#more + 1], more[#more + 2] = node, 'succeeded:' .. jid
      node_written = true
    end
    if done_after then
      -- the run's count too, in the same HSET (one command less per run; since 2026-12-05 session 13)
      more = more or {}
      more[#more + 1], more[#more + 2] = 'jobs_done', done_after
      done_after = nil
    end
    finish_run(run_key, running, run_id, 'SUCCEEDED', now, end_gc, run_state, more)
    run_finished = true
    ended = run_state == 'RUNNING'
    if may_end then
      index_run_finish(run_key, run_id, KEYS[l_running_index - 48], KEYS[l_succeeded_index - 48], 'SUCCEEDED',
        run_state == 'RUNNING' and run[5] or nil)
    end
    if clear_memory and memory_key then
      redis.call('DEL', memory_key)
    end
    break
  end
  redis.call('HSET', key, 'released', now)
  local ref = plan ~= '' and staged_ref(plan) or nil
  if ref then
    -- A staged continuation is committed even when the run is halted (its jobs are not parked, their own
    -- completions park what follows them): a retry must never find it neither run nor parked.
    define_lazy()
    commit_stage(ref, now)
    if not park then
      live_delta = live_delta + tonumber(redis.call('HGET', KEYS[ref.stage], 'jobs') or '0')
    end
  elseif plan ~= '' then
    local p = cjson.decode(plan)
    p.x_leased = true -- the run's key index has the lease since its launch (see index_run_keys)
    local placed = apply_plan(p, now, barrier_ttl, schedule, queues, park, notes)
    if not park then
      live_delta = live_delta + placed
    end
  end
  if b[3] ~= '1' then
    break
  end
end
if continuing and live_delta ~= 0 then
  define_lazy()
  continue_live_end(run_key, running, run_id, live_delta, now, gc, finished)
end
if touched and not run_finished then
  touch_run_counted(run_key, running, run_id, now, now_s, done_after, run[4])
elseif done_after then
  redis.call('HSET', run_key, 'jobs_done', done_after) -- the walk finished the run (finish_run recorded its progress)
end
-- no EXPIRE of the run's hash: it has the lease since its launch (or its resume), and a finished run's TTL is the
-- collector's to turn down
collect_again(gc, run_id, run_state, now)
if node_written then
  -- a one-job run's node went out with its end
elseif node ~= '' and next(notes) == nil then
  redis.call('HSET', graph, node, 'succeeded:' .. jid) -- placed nothing: this job's node alone, no notes
else
  if graph then
    note_done(notes, graph, node ~= '' and node or nil, jid, 'succeeded')
  end
  graph_flush(notes) -- this job's node and the nodes of the jobs it placed: one HSET
end
local next_job = prefetch_at > 0 and (redis.call('LMOVE', KEYS[prefetch_at], inprogress, 'RIGHT', 'LEFT') or '') or nil
if ended then
  return {'ok', count_text(released), next_job or '', '1'}
end
if not next_job then
  return {'ok', count_text(released)}
end
return {'ok', count_text(released), next_job}

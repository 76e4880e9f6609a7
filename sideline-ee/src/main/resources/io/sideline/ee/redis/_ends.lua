-- _ends.lua: the end of a run, announced (callbacks and the RunFinished event). The script loader prepends this file
-- (after _common.lua) to every script whose header says "-- needs: _ends".
--
--   P..'finished'              list of announced run ends, LPUSHed by the script that ends a run, each
--                              '<generation> <state> <runId>' (generation: the run's field 'ends', counted here)
--   P..'finishing:'..worker    the ends a server's end loop took (LMOVE) and has not yet acknowledged; a reaper moves
--                              a dead server's list back to P..'finished' (requeue_ends.lua)
--
-- The run's hash keeps 'ends' (how often it ended: a retried run ends again) and, for a run with callbacks, 'cb' (the
-- callbacks' trees, written at launch) and 'cbs:<generation>' (the callback run started for that end, '-' for none).
-- The end is announced in the same atomic call that ends the run, so no crash between the two can lose it: the
-- callbacks and the event of an announced end are delivered from the list (see RunEndLoop).

-- Announces the end of a run that is RUNNING now and ends in this call as `state` (finished: the list, or nil when the
-- caller passed none: then nothing is announced, as before this feature).
local function announce_end(run_key, run_id, state, finished)
  if not finished or run_id == '' then
    return
  end
  local generation = redis.call('HINCRBY', run_key, 'ends', '1') -- text: a number argument is formatted with snprintf
  redis.call('LPUSH', finished, int_text(generation) .. ' ' .. state .. ' ' .. run_id)
end

-- finish_run (see _common.lua), announcing the end when this call is the one that ends the run.
local function end_run(run_key, running, run_id, state, now, gc, finished)
  if finished and redis.call('HGET', run_key, 'state') == 'RUNNING' then
    announce_end(run_key, run_id, state, finished)
  end
  finish_run(run_key, running, run_id, state, now, gc)
end

-- continue_live (see _common.lua), announcing the end when the run ends FAILED in this call.
local function continue_live_end(run_key, running, run_id, delta, now, gc, finished)
  if redis.call('HINCRBY', run_key, 'live', delta) <= 0 then
    end_run(run_key, running, run_id, 'FAILED', now, gc, finished)
  end
end

-- The run's callbacks (a launch plan's 'cb', the trees' JSON) stored with the run when it starts.
local function store_callbacks(run_key, plan)
  if plan.cb then
    redis.call('HSET', run_key, 'cb', plan.cb, 'cbf', '1') -- cbf: the completion's cheap test (see complete.lua)
  end
end

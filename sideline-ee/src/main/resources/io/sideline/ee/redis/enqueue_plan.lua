-- enqueue_plan.lua: launches a continuation plan on its own (barriers, then jobs). Used only by the
-- at-most-once barrier, whose continuation is deliberately not atomic with the barrier's release.
-- needs: _common
-- KEYS[1] the schedule, KEYS[2] the set of queue names, then the keys the plan names by position
-- ARGV[1] plan (JSON, see apply_plan)
-- ARGV[2] barrier TTL, seconds
-- Returns: the number of jobs enqueued or scheduled
return apply_plan(cjson.decode(ARGV[1]), now_ms(), tonumber(ARGV[2]), KEYS[1], KEYS[2])

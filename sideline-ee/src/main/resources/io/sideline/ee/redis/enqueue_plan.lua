-- enqueue_plan.lua: launches a continuation plan on its own (barriers, then jobs). Used only by the
-- at-most-once barrier, whose continuation is deliberately not atomic with the barrier's release.
-- needs: _common
-- KEYS: none
-- ARGV[1] key prefix
-- ARGV[2] plan (JSON, see apply_plan)
-- ARGV[3] barrier TTL, seconds
-- Returns: the number of jobs enqueued or scheduled
return apply_plan(ARGV[1], cjson.decode(ARGV[2]), now_ms(), tonumber(ARGV[3]))

-- push.lua: enqueues jobs that belong to no run (Workflows.enqueueAll, Sidekiq's push_bulk), all at once.
-- needs: _common
-- KEYS[1] the schedule, KEYS[2] the set of queue names, then the queue lists the plan names by position
-- ARGV[1] plan (JSON, see apply_plan) with jobs only
-- Returns: the number of jobs enqueued or scheduled.
return apply_plan(cjson.decode(ARGV[1]), now_ms(), 1, KEYS[1], KEYS[2])

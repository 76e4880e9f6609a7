-- push.lua: enqueues jobs that belong to no run (Workflows.enqueueAll, Sidekiq's push_bulk), all at once.
-- needs: _common
-- KEYS: none (built from ARGV[1], see _common.lua)
-- ARGV[1] key prefix
-- ARGV[2] plan (JSON, see apply_plan) with jobs only
-- Returns: the number of jobs enqueued or scheduled.
return apply_plan(ARGV[1], cjson.decode(ARGV[2]), now_ms(), 1)

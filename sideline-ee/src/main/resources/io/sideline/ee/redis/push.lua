-- push.lua: enqueues jobs that belong to no run (Workflows.enqueueAll, Sidekiq's push_bulk), all at once.
-- needs: _common
-- KEYS[1] the schedule, KEYS[2] the set of queue names, then the queue lists the plan names by position
-- ARGV[1] plan (JSON, see apply_plan) with jobs only
-- Only when some jobs have an idempotency key (absent otherwise: no cost without keys): ARGV[2] the records' TTL,
--   seconds, ARGV[3] k = number of keyed jobs; then k quadruples: the job's index in the plan's jobs (1..),
--   the KEYS position of its key's record (P idem:<key>), its jid, its digest. The keys of one call are distinct
--   (the caller folds repeats). A job whose key is recorded is not enqueued; the others are, each with its record.
-- Returns: the number of jobs enqueued or scheduled; with keyed jobs, an array: that number, then for each keyed
--   job in order the jid recorded earlier under its key ('' when this call enqueued it).
-- Errors: "ERR idempotency conflict: <recorded jid> <job index>" when a key was recorded for another digest (nothing written).
local plan = cjson.decode(ARGV[1])
local keyed = tonumber(ARGV[3] or '0')
if keyed == 0 then
  return apply_plan(plan, now_ms(), 1, KEYS[1], KEYS[2])
end
local recorded, skip = {}, {}
for r = 0, keyed - 1 do
  local at = 4 + 4 * r
  local id, other = idem_recorded(KEYS[tonumber(ARGV[at + 1])], ARGV[at + 3])
  if id == false then
    return redis.error_reply('ERR idempotency conflict: ' .. other .. ' ' .. ARGV[at])
  end
  recorded[r + 1] = id or ''
  if id then
    skip[tonumber(ARGV[at])] = true
  end
end
local jobs = {}
for i, job in ipairs(plan.jobs) do
  if not skip[i] then
    jobs[#jobs + 1] = job
  end
end
plan.jobs = jobs
local enqueued = apply_plan(plan, now_ms(), 1, KEYS[1], KEYS[2])
local reply = {enqueued}
for r = 0, keyed - 1 do
  local at = 4 + 4 * r
  if not skip[tonumber(ARGV[at])] then
    idem_record(KEYS[tonumber(ARGV[at + 1])], ARGV[at + 2], ARGV[at + 3], tonumber(ARGV[2]))
  end
  reply[r + 2] = recorded[r + 1]
end
return reply

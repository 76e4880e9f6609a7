-- collect.lua: the collector's step for finished runs: turns the TTLs of their keys down from the lease they carried
-- while running (see _common) to retention, so that a finished run keeps what a retry or an inspection needs for its
-- retention period and then nothing of it remains. One call takes several runs (a batch: the collector's cost per
-- run is commands, not round trips) and at most ~500 keys. A run whose key index fits one call is collected by one
-- group with last = '1'; a bigger run is called once per chunk of its index (last = '0'), then once more with its
-- last group (no entries) to shorten the index, the run's hash, memory and graph and take it out of the collector's
-- set. Only shortens (EXPIRE LT): a key that already expires sooner keeps its TTL (a key without TTL gets one). A run
-- that is RUNNING again (retried) is left alone and leaves the collector's set.
-- KEYS[1] the collector's set (P gc); then per run a group of keys: its key index (P runkeys:<id>), its hash, its
-- memory, its graph (P nodes:<id>), then the keys of the index entries it carries: a barrier's hash and its member
-- set, or a chain's list
-- ARGV[1] barrier retention (sideline.barrier.ttl), ARGV[2] run retention (sideline.run.ttl), ARGV[3] memory retention
-- (sideline.memory.ttl), all seconds; ARGV[4] n = number of runs; then per run four: its id, the KEYS position of its
-- group, the number of entry keys in the group, '1' for the run's last call (else '0')
-- Returns: per run, in order, 'running' (RUNNING: nothing changed, it left the collector's set), 'chunk' or 'done'
local gc = KEYS[1]
-- the TTLs go to EXPIRE as given: a Lua number argument is formatted back with snprintf (~2,300 Redis instructions),
-- and '+ 0' makes a number of a position or count with one strtod where tonumber runs two
local barrier_ttl, run_ttl, memory_ttl = ARGV[1], ARGV[2], ARGV[3]
local replies = {}
for r = 0, tonumber(ARGV[4]) - 1 do
  local run_id, at = ARGV[5 + 4 * r], ARGV[6 + 4 * r] + 0
  local entries, last = ARGV[7 + 4 * r] + 0, ARGV[8 + 4 * r] == '1'
  local index, run_key, memory, nodes = KEYS[at], KEYS[at + 1], KEYS[at + 2], KEYS[at + 3]
  if redis.call('HGET', run_key, 'state') == 'RUNNING' then
    redis.call('ZREM', gc, run_id)
    replies[#replies + 1] = 'running'
  else
    for i = at + 4, at + 3 + entries do
      redis.call('EXPIRE', KEYS[i], barrier_ttl, 'LT')
    end
    if last then
      -- the graph lives as long as the run's status; the index as long as the keys it names (a retry of a FAILED
      -- run finds them through it)
      redis.call('EXPIRE', nodes, run_ttl, 'LT')
      redis.call('EXPIRE', index, barrier_ttl, 'LT')
      redis.call('EXPIRE', run_key, run_ttl, 'LT')
      redis.call('EXPIRE', memory, memory_ttl, 'LT')
      redis.call('ZREM', gc, run_id)
      replies[#replies + 1] = 'done'
    else
      replies[#replies + 1] = 'chunk'
    end
  end
end
return replies

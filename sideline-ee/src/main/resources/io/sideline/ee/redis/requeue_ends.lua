-- requeue_ends.lua: hands the run ends a dead server's end loop had taken (P finishing:<worker>) back to the list of
-- announced ends (P finished), so that another server delivers them: their callbacks and RunFinished event are not lost
-- with the server. A live worker (its heartbeat exists) is left alone.
-- KEYS[1] the worker's heartbeat, KEYS[2] its list of ends taken, KEYS[3] the list of announced ends
-- ARGV: none
-- Returns: the number of ends handed back (-1: the worker is alive, nothing changed)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
local n = 0
while redis.call('LMOVE', KEYS[2], KEYS[3], 'RIGHT', 'RIGHT') do
  n = n + 1
end
return n

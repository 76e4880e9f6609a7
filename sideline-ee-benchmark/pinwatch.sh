#!/usr/bin/env bash
# pinwatch.sh : until killed, pins every benchmark redis-server to CPU 1 and every benchmark Liberty JVM (all its
# threads) to CPU 0 as they appear (compare.sh PIN=1). On a two-core box Redis and the server then stop taking each
# other's core: a comparison's rounds vary less, and both sides get the same split.
set -u
declare -A done_pids=()
while true; do
  for p in $(pgrep -f 'redis-server|ws-server.jar' 2>/dev/null); do
    [ -n "${done_pids[$p]:-}" ] && continue
    cmd=$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null) || continue
    if [[ "$cmd" == redis-server* || "$cmd" == */redis-server* ]]; then # (Debian's is a link to redis-check-rdb)
      taskset -a -p -c 1 "$p" >/dev/null 2>&1 && done_pids[$p]=1
    elif [[ "$cmd" == *ws-server.jar* && "$cmd" == *benchServer* ]]; then
      taskset -a -p -c 0 "$p" >/dev/null 2>&1 && done_pids[$p]=1
    fi
  done
  sleep 0.2
done

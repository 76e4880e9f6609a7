#!/usr/bin/env bash
# Stops what the chaos campaign started, whatever state its JVM left them in (post-integration-test, and by hand):
# both Liberty servers (resumed first if a zombie scenario left one SIGSTOPped, stopped normally, then killed by
# pid if still there) and the private redis-server (by its pid file, only if that pid still is a redis-server).
# Usage: chaos-cleanup.sh <wlp dir> <chaos work dir>
set -u
wlp=$1
work=$2

for server in chaosA chaosB; do
  pidfile="$wlp/usr/servers/.pid/$server.pid"
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -qs "ws-server.jar" "/proc/$pid/cmdline"; then
    kill -CONT "$pid" 2>/dev/null || true
    timeout 60 "$wlp/bin/server" stop "$server" >/dev/null 2>&1 || true
    if [ -d "/proc/$pid" ] && grep -qs "ws-server.jar" "/proc/$pid/cmdline"; then
      kill -9 "$pid" 2>/dev/null || true
      echo "chaos-cleanup: killed $server (pid $pid)"
    else
      echo "chaos-cleanup: stopped $server (pid $pid)"
    fi
  fi
done

pid=$(cat "$work/redis/redis.pid" 2>/dev/null || true)
if [ -n "$pid" ] && grep -qs redis-server "/proc/$pid/cmdline"; then
  kill -CONT "$pid" 2>/dev/null || true
  kill -9 "$pid" 2>/dev/null || true
  echo "chaos-cleanup: killed redis-server (pid $pid)"
fi
exit 0

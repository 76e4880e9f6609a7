#!/usr/bin/env bash
# capture.sh CHECKOUT OUT.mon [shapes] [n] : runs ScratchCaptureTest against a private Redis with MONITOR on
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/ScratchCaptureTest.java" "$1/sideline-ee/src/test/java/io/sideline/ee/engine/"
trap 'rm -f "$1/sideline-ee/src/test/java/io/sideline/ee/engine/ScratchCaptureTest.java"' EXIT
(cd "$1" && mvn -B -q -pl sideline-ee test-compile >/dev/null)
dir=$1; out=$2; shapes=${3:-one,oneall,wf14,group11}; n=${4:-200}
port=${CPORT:-6399}
tmp=$(mktemp -d)
redis-server --port $port --bind 127.0.0.1 --save '' --appendonly no --dir $tmp --daemonize yes --pidfile $tmp/r.pid >/dev/null
until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.1; done # wait until it answers
redis-cli -p $port monitor > "$out" &
mon=$!
redis-cli -p $port echo monitor-attached >/dev/null
until grep -q monitor-attached "$out" 2>/dev/null; do redis-cli -p $port echo monitor-attached >/dev/null; done
rm -f "$dir"/sideline-ee/target/test-classes/io/sideline/ee/redis/_prelude.lua
(cd "$dir" && SIDELINE_TEST_REDIS_URL=redis://127.0.0.1:$port mvn -B -q -pl sideline-ee surefire:test -Dtest=ScratchCaptureTest \
   -Dcap.shapes=$shapes -Dcap.n=$n -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false > $tmp/mvn.log 2>&1) || { tail -30 $tmp/mvn.log; }
kill $mon; redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true
wc -l "$out"

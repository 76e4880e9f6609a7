#!/usr/bin/env bash
# bench.sh CHECKOUT LABEL [perfwindow] : ScratchBenchTest against a private Redis; prints BENCH lines
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/ScratchBenchTest.java" "$1/sideline-ee/src/test/java/io/sideline/ee/engine/"
trap 'rm -f "$1/sideline-ee/src/test/java/io/sideline/ee/engine/ScratchBenchTest.java"' EXIT
(cd "$1" && mvn -B -q -pl sideline-ee test-compile >/dev/null)
dir=$1; label=$2; pw=${3:-group11}
port=${BPORT:-6370}
tmp=$(mktemp -d)
${REDISBIN:-redis-server} --port $port --bind 127.0.0.1 --save '' --appendonly no --dir $tmp ${REDISOPTS:-} --daemonize yes --pidfile $tmp/r.pid >/dev/null
until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.1; done # wait until it answers
rm -f "$dir"/sideline-ee/target/test-classes/io/sideline/ee/redis/_prelude.lua
(cd "$dir" && SIDELINE_TEST_REDIS_URL=redis://127.0.0.1:$port mvn -B -q -pl sideline-ee surefire:test -Dtest=ScratchBenchTest \
   -Db.perf=$pw -Db.n=${BN:-20000} -Db.w=${BW:-1000} ${ARGLINE:+"-DargLine=$ARGLINE"} ${JFR:+-DargLine=-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,filename=${OUT:-/tmp}/$label.jfr,dumponexit=true} -Db.perfout=${OUT:-/tmp}/perf-$label.data -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false > $tmp/mvn.log 2>&1) || tail -40 $tmp/mvn.log
grep -h BENCH $tmp/mvn.log "$dir"/sideline-ee/target/surefire-reports/*ScratchBench*-output.txt 2>/dev/null | sed "s/^/$label /" | sort -u
redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true

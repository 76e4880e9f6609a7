#!/usr/bin/env bash
# The performance rule's measurement with both sides measured seconds apart (PairIT): old code against new code,
# interleaved scenario by scenario, medians of N rounds.
#
#   sideline-ee-benchmark/pair.sh OLD_CHECKOUT NEW_CHECKOUT [N=5]
#   PAIR_ARGS='-Dbenchmark.warmup.passes=4' ... : more Maven arguments for the run (in NEW)
#
# OLD's benchmark server is built, created and deployed there but not run (its build stops before its own
# benchmark); NEW's build runs PairIT, which starts both servers, each against a Redis of its own, warms both up
# alike, then per round runs each compared scenario on one side and at once on the other (the order alternates) with
# the other side's server frozen (SIGSTOP), and writes NEW/sideline-ee-benchmark/target/pair.json. Where compare.sh
# runs a whole benchmark per side (minutes apart, while this box's speed drifts), this puts the two measurements of a
# scenario seconds apart. The old checkout's benchmark must serve the same scenario API (api/scenarios/noop, wf14,
# group11), as every checkout from 2026-12-04 on does.
set -euo pipefail
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
rounds=${3:-5}
log="$new/sideline-ee-benchmark/target"
mkdir -p "$log"
echo "== building the old side's server in $old $(date -u +%H:%M:%S)"
(cd "$old" && mvn -B -q -Pbenchmark pre-integration-test -DskipTests -pl sideline-ee-benchmark -am > "$log/pair-old-build.log" 2>&1) \
  || { echo "the old side's build failed: see $log/pair-old-build.log"; exit 1; }
echo "== pair run in $new $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$new" && mvn -B -Pbenchmark verify -DskipTests -Dit.test=PairIT -Dbenchmark.pair.old="$old" \
    -Dbenchmark.pair.rounds="$rounds" ${PAIR_ARGS:-} -pl sideline-ee-benchmark -am > "$log/pair.log" 2>&1) \
  || { echo "the pair run failed: see $log/pair.log"; exit 1; }
sed -n '/^scenario.figure/,/^$/p' "$log/pair.log"
echo "figures in $log/pair.json $(date -u +%H:%M:%S)"

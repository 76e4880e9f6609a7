#!/usr/bin/env bash
# The performance rule's measurement: old code against new code, interleaved, median of N runs.
#
#   sideline-ee-benchmark/compare.sh OLD_CHECKOUT NEW_CHECKOUT [N=5] [OUT_DIR=target/compare]
#   COMPARE_ARGS='-Dbenchmark.sidekiq=false' ... : more Maven arguments for both sides (e.g. without the Sidekiq peer,
#   whose scenarios the rule does not compare: a round takes about a third less)
#   PIN=1 ... : Redis on CPU 1, the benchmark server on CPU 0, for both sides (pinwatch.sh)
#
# Each round runs the full benchmark once (-Dbenchmark.reps=1, Sidekiq beside it when Ruby and Sidekiq are there)
# in OLD, then in NEW (the order alternates every round, so that a machine that slows down over time does not
# favour one side), copies each benchmark.json into OUT_DIR, and finally prints the median of every headline figure
# for both sides and NEW ÷ OLD. Run it on a quiet machine: a single run swings by ±30 % here.
set -euo pipefail
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
rounds=${3:-5}
out=${4:-target/compare}
mkdir -p "$out"
out=$(cd "$out" && pwd)

bench() { # checkout label round
  local dir=$1 label=$2 round=$3
  echo "== round $round: $label ($dir) $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
  # no cluster pass: it comes after every compared figure, and the old code has none
  (cd "$dir" && mvn -B -q -Pbenchmark verify -DskipTests -Dbenchmark.reps=1 -Dbenchmark.cluster=false ${COMPARE_ARGS:-} -pl sideline-ee-benchmark -am \
      > "$out/$label-$round.log" 2>&1) || { echo "benchmark failed in $dir: see $out/$label-$round.log"; exit 1; }
  cp "$dir/sideline-ee-benchmark/target/benchmark.json" "$out/$label-$round.json"
}

# Both sides warm up the same paths: a checkout whose warm-up predates the one-job workflows' (2026-12-05, session 11)
# gets those two lines here, in its working tree, so that neither side times its first starts interpreted.
warm="$old/sideline-ee-benchmark/src/test/java/io/sideline/benchmark/it/BenchmarkIT.java"
if [ -f "$warm" ] && ! grep -q 'server.post(noopPath() + "&mode=workflows"));$' "$warm"; then
  sed -i 's|^\(        \)requireComplete(server.post(workflowPath("wf14")));$|\1requireComplete(server.post(noopPath() + "\&mode=workflows"));\n\1requireComplete(server.post(noopPath() + "\&mode=run_each"));\n&|' "$warm"
  echo "old checkout: its warm-up now also warms the one-job workflows (as this harness does): $warm"
fi
# ... and as many times as this harness does (benchmark.warmup.passes, default 4, from 2026-12-05 session 12): after one
# pass the JIT still compiles through the first repetition, and the side with more code to compile loses by that.
if [ -f "$warm" ] && ! grep -q 'warmUpOnce' "$warm"; then
  sed -i 's|^    private void warmUp(BenchServer server) {$|    private void warmUp(BenchServer server) {\n        for (int pass = 0; pass < Integer.getInteger("benchmark.warmup.passes", 4); pass++) {\n            warmUpOnce(server);\n        }\n    }\n\n    private void warmUpOnce(BenchServer server) {|' "$warm"
  echo "old checkout: its warm-up now runs benchmark.warmup.passes times (as this harness does): $warm"
fi
# ... and the latency and delay scenarios too (2026-12-05, session 15): a repetition runs them, and the repetition after
# their first run spent twice the JVM CPU per job (the JIT's work) until the warm-up ran them as well.
if [ -f "$warm" ] && ! grep -q 'api/scenarios/latency?chains=" + sizes.latencyChains() + "&steps=" + sizes.latencySteps()));$' "$warm" \
    && ! grep -q 'requireComplete(server.post(latencyPath(sizes)));' "$warm"; then
  sed -i '/^    private void warmUpOnce(BenchServer server) {$/,/^    }$/ s|^\(        \)requireComplete(server.post(workflowPath("group11")));$|&\n\1requireComplete(server.post("api/scenarios/latency?chains=" + sizes.latencyChains() + "\&steps=" + sizes.latencySteps()));\n\1requireComplete(server.post("api/scenarios/delay?n=" + sizes.delayedJobs() + "\&minDelayMs=" + sizes.delayMinMs() + "\&spreadMs=" + sizes.delaySpreadMs() + "\&threads=" + sizes.enqueueThreads()));|' "$warm"
  echo "old checkout: its warm-up now also runs the latency and delay scenarios (as this harness does): $warm"
fi

if [ "${PIN:-0}" = 1 ]; then
  "$(dirname "$0")/pinwatch.sh" & pinner=$!
  trap 'kill $pinner 2>/dev/null' EXIT
  echo "pinned: redis-server on CPU 1, the benchmark server on CPU 0"
fi

for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then bench "$old" old "$round"; bench "$new" new "$round"
  else bench "$new" new "$round"; bench "$old" old "$round"; fi
done

python3 - "$out" "$rounds" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
runs = {side: [json.load(open(f"{out}/{side}-{r}.json")) for r in range(1, rounds + 1)] for side in ("old", "new")}
keys = [k for k, v in runs["new"][0].items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
print(f"{'figure':45} {'old (median)':>14} {'new (median)':>14} {'new/old':>8}")
summary = {}
for k in keys:
    o = [r[k] for r in runs["old"] if isinstance(r.get(k), (int, float))]
    n = [r[k] for r in runs["new"] if isinstance(r.get(k), (int, float))]
    if not o or not n:
        continue
    mo, mn = statistics.median(o), statistics.median(n)
    ratio = mn / mo if mo else float("nan")
    summary[k] = {"old": mo, "new": mn, "new_over_old": ratio}
    print(f"{k:45} {mo:14.2f} {mn:14.2f} {ratio:8.3f}")
json.dump(summary, open(f"{out}/compare.json", "w"), indent=1)
print(f"\n{rounds} interleaved rounds; figures in {out}/compare.json")
EOF

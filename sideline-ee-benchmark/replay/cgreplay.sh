#!/usr/bin/env bash
# cgreplay.sh RESPDIR [shapes] : replays pre.resp, then each shape window under callgrind; prints instructions per window
set -euo pipefail
dir=$(cd "$1" && pwd); shapes=${2:-one oneall wf14 group11}
port=${RPORT:-6390}
tmp=$(mktemp -d); cd $tmp
valgrind --tool=callgrind --callgrind-out-file=$tmp/cg.%p.out ${REDIS:-$(command -v redis-server)} --port $port --save '' --appendonly no --dir $tmp >$tmp/vg.log 2>&1 &
vg=$!
for i in $(seq 1 100); do redis-cli -p $port ping >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -p $port --pipe < $dir/pre.resp >/dev/null 2>&1 || true
[ -f $dir/between.resp ] || : > $dir/between.resp
for s in $shapes; do
  callgrind_control -z $vg >/dev/null
  redis-cli -p $port --pipe < $dir/$s.resp > $tmp/$s.pipe 2>&1 || true
  callgrind_control -d $s $vg >/dev/null
  f=$(ls -v $tmp/cg.*.out.* | tail -1)
  ir=$(grep -m1 '^summary:\|^totals:' $f | awk '{print $2}')
  errs=$(grep -o "errors: [0-9]*" $tmp/$s.pipe || true)
  echo "$s $ir $errs"; cp $f ${KEEP:-/tmp}/cg-$(basename $dir)-$s.out
done
redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true
wait $vg 2>/dev/null || true

#!/usr/bin/env bash
# multicap.sh CHECKOUT LABEL K : K captures + hot replays; prints per-unit instructions for each and the mean
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); out=${OUT:-/tmp}
dir=$1; label=$2; k=${3:-3}
for i in $(seq 1 $k); do
  CPORT=${CPORT:-6398} $here/capture.sh $dir $out/$label-$i.mon >/dev/null
  rm -rf /tmp/sc-$label; mkdir -p /tmp/sc-$label; python3 $here/dumpscripts.py $out/$label-$i.mon /tmp/sc-$label >/dev/null
  H=$(for f in /tmp/sc-$label/*.lua; do grep -q "^-- launch.lua\|^-- launch_many.lua\|^-- complete.lua" $f && echo -n "$(basename $f .lua),"; done; true)
  rm -rf /tmp/h-$label-$i.resp; HOT=${H%,} python3 $here/mon2resp.py $out/$label-$i.mon /tmp/h-$label-$i.resp >/dev/null
  KEEP=$out RPORT=${RPORT:-6373} $here/cgreplay.sh /tmp/h-$label-$i.resp 2>&1 | grep -v sending | sed "s/^/$label-$i /"
done

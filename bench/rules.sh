#!/bin/sh
# bench/rules.sh - time loading the book and running every rule (SPEC §5)
# on synthetic cities of scale 1 and 50 (bench/synth.py), three runs each.
# Targets: scale 1 under 50 ms, scale 50 under 2 s on two cores.
#   bench/rules.sh [SCALE...]      (default: 1 50; books are kept in /tmp)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
zbb=$top/build/zbb
for s in ${*:-1 50}; do
  book=/tmp/zbb-bench-s$s.db
  [ -f "$book" ] || python3 "$top/bench/synth.py" --scale "$s" --book "$book" --zbb "$zbb" >/dev/null
  echo "== scale $s"
  for i in 1 2 3; do "$zbb" --book "$book" check --bench | tr '\n' ' '; echo; done
done

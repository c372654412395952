#!/bin/bash
# Runs every libFuzzer target (build-fuzz/fuzz_*, from `make fuzz-build`)
# for FUZZ_SECONDS each (default 60) - or, with FUZZ_RUNS, for that many
# executions each (then FUZZ_SECONDS, unless given, does not limit it) -
# FUZZ_JOBS at a time (default 2), on a
# scratch copy of its committed seed corpus (tests/fuzz/corpus/TARGET/), so
# the run never writes into the tree.  The seeds (and any crash found
# before, kept there as a regression) are replayed first.  Prints the
# executions and crashes per target; a crash's input is kept in
# $FUZZ_OUT/crash-TARGET-* (default build-fuzz/findings) and the run fails.
# FUZZ_MERGE=1 merges what the run found back into the committed corpus.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${FUZZ_RUNS:-}
if [ -n "$runs" ]; then secs=${FUZZ_SECONDS:-0}; else secs=${FUZZ_SECONDS:-60}; fi
jobs=${FUZZ_JOBS:-2}
out=${FUZZ_OUT:-$top/build-fuzz/findings}
targets=${FUZZ_TARGETS:-$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
mkdir -p "$out"
work=$(mktemp -d /tmp/zbb-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

run_one() {
	local t=$1 bin=$top/build-fuzz/$1
	[ -x "$bin" ] || { echo "$t: not built (make fuzz-build)" > "$work/$t.sum"; return 1; }
	local before=$(ls "$out"/crash-"$t"-* 2>/dev/null | wc -l)
	mkdir -p "$work/$t.corpus"
	cp "$top/tests/fuzz/corpus/$t/"* "$work/$t.corpus/" 2>/dev/null
	# -timeout: one input taking over 40 s is a hang; rss_limit bounds memory
	local limit=(-max_total_time="$secs")
	[ -n "$runs" ] && limit+=(-runs="$runs")
	local t0=$(date +%s)
	(cd "$work" && "$bin" "${limit[@]}" -timeout=40 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crash-$t-" "$work/$t.corpus" > "$work/$t.log" 2>&1)
	local rc=$?
	local execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	local crashes=$(($(ls "$out"/crash-"$t"-* 2>/dev/null | wc -l) - before))
	printf '%-12s %10s executions  %2d s  crashes: %d  corpus: %d\n' "$t" "${execs:-?}" "$(($(date +%s) - t0))" "$crashes" \
		"$(ls "$work/$t.corpus" | wc -l)" > "$work/$t.sum"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$work/$t.log" | head -8 >> "$work/$t.sum"
		return 1
	fi
	if [ "${FUZZ_MERGE:-0}" = 1 ]; then
		"$bin" -merge=1 "$top/tests/fuzz/corpus/$t" "$work/$t.corpus" > /dev/null 2>&1
	fi
	return 0
}

failed=0
running=0
for t in $targets; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n || failed=1
		running=$((running - 1))
	fi
done
while [ "$running" -gt 0 ]; do
	wait -n || failed=1
	running=$((running - 1))
done
for t in $targets; do cat "$work/$t.sum"; done
[ "$failed" -eq 0 ] || { echo "fuzz: a target failed (inputs in $out)"; exit 1; }

# The short fuzz pass of make test: every libFuzzer target (tests/fuzz/)
# for ZBB_FUZZ_SECONDS (10) each, two at a time, its seed corpus and the
# regressions kept there replayed first.  Skipped, saying so, when clang's
# libFuzzer was not there to build them (scripts/setup.sh installs it).
. "$TOP/tests/cli/lib.sh"
n=0
for f in "$TOP"/tests/fuzz/fuzz_*.c; do
	[ -x "$TOP/build-fuzz/$(basename "$f" .c)" ] && n=$((n + 1))
done
if [ "$n" -eq 0 ]; then
	skip "no fuzz targets built (clang with libFuzzer missing; run scripts/setup.sh)"
fi
# fuzz_http drives a whole server in-process: run alone below
all=$(cd "$TOP/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//' | grep -v '^fuzz_http$' | tr '\n' ' ')
FUZZ_TARGETS=$all FUZZ_SECONDS=${ZBB_FUZZ_SECONDS:-10} FUZZ_OUT=$TESTDIR/findings "$TOP/tests/fuzz/run.sh" > fuzz.out 2>&1
rc=$?
cat fuzz.out
[ $rc -eq 0 ] || fail "a fuzz target failed"
if [ -x "$TOP/build-fuzz/fuzz_http" ]; then
	mkdir -p http.corpus
	cp "$TOP/tests/fuzz/corpus/fuzz_http/"* http.corpus/ 2>/dev/null
	(cd "$TESTDIR" && "$TOP/build-fuzz/fuzz_http" -runs=0 http.corpus > http.log 2>&1) || { tail -20 http.log; fail "fuzz_http corpus"; }
	# the old "no answer within 25 s" after a second or two: libFuzzer's
	# SIGALRM (every -timeout/2+1 s, no SA_RESTART) interrupting the
	# harness's recv.  -timeout=2 rings it every 2 s, five times in 10 s;
	# an alarm that lands in recv failed the old harness (a run of 8 s
	# with an alarm every second failed in 1 of 3 tries), not this one.
	(cd "$TESTDIR" && "$TOP/build-fuzz/fuzz_http" -timeout=2 -max_total_time=10 -artifact_prefix=http- http.corpus > http2.log 2>&1) ||
		{ grep -E 'invariant|ERROR|SUMMARY' http2.log | head -8; fail "fuzz_http with an alarm every 2 s"; }
	grep -q '^Done [0-9]* runs' http2.log || { tail -5 http2.log; fail "fuzz_http did not run its 10 s"; }
fi

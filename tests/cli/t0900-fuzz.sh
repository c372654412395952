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
	echo "SKIP: no fuzz targets built (clang with libFuzzer missing; run scripts/setup.sh)"
	exit 0
fi
FUZZ_SECONDS=${ZBB_FUZZ_SECONDS:-10} FUZZ_OUT=$TESTDIR/findings "$TOP/tests/fuzz/run.sh" > fuzz.out 2>&1
rc=$?
cat fuzz.out
[ $rc -eq 0 ] || fail "a fuzz target failed"

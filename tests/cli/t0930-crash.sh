# Crash safety, the short run of make test: 12 SIGKILLs during a large
# import, an allocation and a stream of API writes (tests/crash/run.sh;
# the full run is 50 kills: tests/crash/run.sh build/zbb).
. "$TOP/tests/cli/lib.sh"
KILLS=12 ROWS=30000 SEED=7 OUT=$TESTDIR/crash "$TOP/tests/crash/run.sh" "$ZBB" || fail "crash safety"

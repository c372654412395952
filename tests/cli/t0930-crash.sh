# Crash safety, the short run of make test: 12 SIGKILLs during a large
# import, an allocation and a stream of API writes (tests/crash/run.sh;
# the full run is 50 kills: tests/crash/run.sh build/zbb).
. "$TOP/tests/cli/lib.sh"
sqlite_only "SIGKILLs zbb mid-write on the SQLite file and reads it back with sqlite3 (tests/crash/run.sh)"
KILLS=12 ROWS=30000 SEED=7 OUT=$TESTDIR/crash "$TOP/tests/crash/run.sh" "$ZBB" || fail "crash safety"

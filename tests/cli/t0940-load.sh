# Load, the short run of make test: 10 agency sessions for 2 s of reads
# and 2 s of reads and writes under wrk; every acknowledged write checked
# in the book and the audit log (tests/load/run.sh; the full run:
# tests/load/run.sh build/zbb, 50 sessions, 10 s).
. "$TOP/tests/cli/lib.sh"
sqlite_only "tests/load/run.sh checks the book with sqlite3 beside the server"
command -v wrk >/dev/null || skip "wrk is missing (scripts/setup.sh installs it)"
USERS=10 SECONDS=2 THREADS=2 OUT=$TESTDIR/load "$TOP/tests/load/run.sh" "$ZBB" || fail "load"

# Load, the short run of tests/load/demo.sh in make test: 20 agency
# sessions on a generated book for 2 s of reads and writes (the C driver,
# reads and writes timed apart), then 2 s more beside a ledger.xlsx
# download.  No timing is asserted here: no answer but 200 (409 only for a
# real conflict), no socket error, every acknowledged write in the book at
# its version with the price it wrote, in the audit log once, and the
# audit chain sound (the full run: tests/load/demo.sh, 200 sessions on the
# demo city; figures in bench/RESULTS.md).
. "$TOP/tests/cli/lib.sh"
sqlite_only "tests/load/demo.sh checks the book with sqlite3 beside the server"
for t in curl jq sqlite3 cc; do command -v $t >/dev/null || skip "$t is missing"; done
out=$(GEN=1 USERS=20 DURATION=2 THREADS=2 DOWNLOADS=1 KEEP=$TESTDIR/load "$TOP/tests/load/demo.sh" "$ZBB" 2>&1) ||
	fail "load: $out"
contains "$out" "each in the book and the audit log; audit chain sound"
contains "$out" "load (with downloads): downloads"

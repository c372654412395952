# A scenario stored again writes only the agencies' result rows that
# changed (issue 17: the scale-50 city's allocate no longer deletes and
# writes its 87 MB of results when a run gives the same).  Which audit
# entry wrote each row is in row_digests.  On t0500's small book (yuan):
#   run again on the same inputs: neither A1's nor A2's row is written;
#   P4/1 at 25,000 a 项 (50,000): after P5 60,000 is left, P4 takes
#   50,000 (10,000 left), P5/2 the last 10,000: funded 1,350,000, unused 0;
#   A2's results change (P4 funded), A1's do not (P5/2 was funded before);
#   P3 and P4 moved to A1: A2 has no projects, its row goes.
. "$TOP/tests/cli/lib.sh"
new_book
for k in agencies bases standards priorities projects items sources history; do
	"$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
written() { sqlite3 "$ZBB_BOOK" "SELECT key || ':' || entry FROM row_digests WHERE tbl='scenario_results' ORDER BY key" | tr '\n' ' '; }
last() { sqlite3 "$ZBB_BOOK" "SELECT max(id) FROM audit"; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
k1=000000000/2026/base/A1 k2=000000000/2026/base/A2

expect_exit 0 "$ZBB" --format json allocate
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "funded"
e1=$(last)
[ "$(written)" = "$k1:$e1 $k2:$e1 " ] || fail "first run: $(written)"
# the same inputs: the run's entry is there, its rows are as they were
expect_exit 0 "$ZBB" --format json allocate
e2=$(last)
[ "$e2" -gt "$e1" ] || fail "the second run left no entry"
[ "$(written)" = "$k1:$e1 $k2:$e1 " ] || fail "the second run wrote rows: $(written)"
expect_exit 0 "$ZBB" --format json scenarios show base
[ "$(j 'sum(r["funded_fen"] for r in d)')" = 130000000 ] || fail "stored funded sum after the second run"
# P4 asks less: A2's row is written again, A1's stays
sed 's/^P4,1,课题咨询,30203,,项,50000,2,1$/P4,1,课题咨询,30203,,项,25000,2,1/' "$TOP/tests/cli/fixtures/small/items.csv" > it2.csv
grep -q '^P4,1,.*,25000,' it2.csv || fail "the fixture's P4/1 line changed"
expect_exit 0 "$ZBB" import items it2.csv
expect_exit 0 "$ZBB" --format json allocate
[ "$(j 'd["funded_fen"]')" = 135000000 ] && [ "$(j 'd["unused_fen"]')" = 0 ] || fail "P4 at 25,000: $out"
e3=$(last)
[ "$(written)" = "$k1:$e1 $k2:$e3 " ] || fail "after P4's change: $(written)"
expect_exit 0 "$ZBB" --format json scenarios show base --project P4
[ "$(j '[(r["funded_fen"], r["status"]) for r in d]')" = "[(5000000, 'funded')]" ] || fail "P4 stored: $out"
expect_exit 0 "$ZBB" --format json scenarios show base --project P5
[ "$(j '[(r["seq"], r["funded_fen"]) for r in d]')" = "[(1, 6000000), (2, 1000000)]" ] || fail "P5 stored: $out"
# A2's projects moved to A1: A2's row goes, A1's is written
sed 's/^P3,A2,/P3,A1,/; s/^P4,A2,/P4,A1,/' "$TOP/tests/cli/fixtures/small/projects.csv" > pr2.csv
expect_exit 0 "$ZBB" import projects pr2.csv
expect_exit 0 "$ZBB" --format json allocate
e4=$(last)
[ "$(written)" = "$k1:$e4 " ] || fail "after the move: $(written)"
[ "$(sqlite3 "$ZBB_BOOK" "SELECT agency || ':' || funded_fen FROM scenario_results WHERE scenario='base'")" = "A1:135000000" ] ||
	fail "rows after the move: $(sqlite3 "$ZBB_BOOK" "SELECT agency, funded_fen FROM scenario_results")"
expect_exit 0 "$ZBB" audit verify --data
true

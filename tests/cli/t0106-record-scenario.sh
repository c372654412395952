# A stored scenario is a record of its run (SPEC §12): its reports read the
# result of the run after the book has changed, say so (stale, run_at; a
# first line in text), and --rerun recomputes on the book as it is.
# The small book of t0500 (yuan): funded 1,300,000 of requested 1,405,000;
# A1 1,270,000, A2 30,000.  Then P2/1 re-imported at 1,500 × 100 = 150,000
# (was 2,000 × 100): requested 1,355,000; G1 after P1 350,000 → P2 150,000
# → 200,000 → P3 30,000 → 170,000 → P5 60,000 → 110,000 → P4 100,000 (no
# longer cut) → 10,000 → P5/2 10,000 → 0: funded 1,350,000; A1 = P1 1,000,000
# + P2 150,000 + P5 70,000 = 1,220,000; A2 = P3 30,000 + P4 100,000 = 130,000.
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 reads the JSON"
new_book
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
"$ZBB" allocate >/dev/null || fail "allocate"
# record-1 fresh: the stored result, not stale, with the time of the run
expect_exit 0 "$ZBB" --format json report summary
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "funded"
[ "$(j 'd["stale"]')" = False ] || fail "fresh is not stale"
[ "$(j 'd["run_at"]')" = 2026-11-01T09:00:00Z ] || fail "run_at"
expect_exit 0 "$ZBB" report summary
lacks "$out" "账簿已变更"
# record-2 a change that is no input (a user) leaves it fresh
printf 'password-v1\n' | "$ZBB" user add v1 --role viewer --password-stdin >/dev/null || fail "user add"
expect_exit 0 "$ZBB" --format json report summary
[ "$(j 'd["stale"]')" = False ] || fail "a user is no input"
# record-3 the drift: one item re-imported; the stored report is unchanged and says so
printf 'project,seq,content,economic,unit,price,quantity\nP2,1,助学金,30308,人,1500,100\n' > p2.csv
"$ZBB" import items p2.csv >/dev/null || fail "re-import"
expect_exit 0 "$ZBB" --format json report summary
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "stored funded $(j 'd["funded_fen"]')"
[ "$(j 'd["requested_fen"]')" = 140500000 ] || fail "stored requested"
[ "$(j 'd["stale"]')" = True ] || fail "stale"
[ "$(j 'd["run_at"]')" = 2026-11-01T09:00:00Z ] || fail "run_at of the stale"
[ "$(j 'd["rerun"]')" = False ] || fail "not rerun"
expect_exit 0 "$ZBB" report summary
[ "$(printf '%s\n' "$out" | head -1)" = "场景 base 运行后账簿已变更（运行于 2026-11-01T09:00:00Z）；以下是运行时的结果，按当前账簿重算请加 --rerun" ] \
  || fail "first line: $(printf '%s\n' "$out" | head -1)"
LANG=en_US.UTF-8 expect_exit 0 "$ZBB" report summary
contains "$(printf '%s\n' "$out" | head -1)" "scenario base: the book has changed since its run (run at 2026-11-01T09:00:00Z)"
expect_exit 0 "$ZBB" --format json scenarios
[ "$(j '[s["funded_fen"] for s in d]')" = "[130000000]" ] || fail "scenarios list agrees with the report"
expect_exit 0 "$ZBB" --format json report agencies
[ "$(j 'd["stale"]')" = True ] || fail "agencies stale"
[ "$(j '[(r["code"], r["funded_fen"]) for r in d["rows"]]')" = "[('A1', 127000000), ('A2', 3000000)]" ] || fail "stored agencies"
expect_exit 0 "$ZBB" --format csv report agencies
contains "$err" "账簿已变更"
contains "$out" "A1"
# record-4 --rerun: the book as it is now
expect_exit 0 "$ZBB" --format json report summary --rerun
[ "$(j 'd["funded_fen"]')" = 135000000 ] || fail "rerun funded $(j 'd["funded_fen"]')"
[ "$(j 'd["requested_fen"]')" = 135500000 ] || fail "rerun requested"
[ "$(j 'd["rerun"]')" = True ] || fail "rerun flag"
expect_exit 0 "$ZBB" --format json report agencies --rerun
[ "$(j '[(r["code"], r["funded_fen"]) for r in d["rows"]]')" = "[('A1', 122000000), ('A2', 13000000)]" ] || fail "rerun agencies"
expect_exit 0 "$ZBB" report summary --rerun
contains "$(printf '%s\n' "$out" | head -1)" "按当前账簿重算（--rerun）"
# record-5 allocating again makes a fresh record; a what-if on the same inputs shares the kept inputs
"$ZBB" allocate >/dev/null || fail "re-allocate"
expect_exit 0 "$ZBB" --format json report summary
[ "$(j 'd["funded_fen"]')" = 135000000 ] || fail "new run"
[ "$(j 'd["stale"]')" = False ] || fail "new run is fresh"
"$ZBB" allocate --scenario low --capacity 1000000 >/dev/null 2>&1
[ "$(sqlite3 book.db "SELECT count(*) FROM scenario_inputs")" = 1 ] || fail "one kept state for two runs on it"
# record-6 removing the scenarios drops the kept inputs no one refers to
"$ZBB" set growth 0.06 >/dev/null || fail "set"
"$ZBB" allocate --scenario low --capacity 1000000 >/dev/null 2>&1
[ "$(sqlite3 book.db "SELECT count(*) FROM scenario_inputs")" = 2 ] || fail "two states"
"$ZBB" scenarios rm base >/dev/null || fail "rm"
[ "$(sqlite3 book.db "SELECT count(*) FROM scenario_inputs")" = 1 ] || fail "pruned"
# record-7 the book's record still holds
expect_exit 0 "$ZBB" audit verify --data
true

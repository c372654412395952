# zbb adopt (SPEC §12): refused until every agency is approved and while the
# scenario is stale; then the year is locked (imports, set, allocate,
# scenarios rm, season steps refused naming the adoption), --scenario
# adopted reads it, and the adoption is audited with the result's hash.
# The small book of t0500: funded 1,300,000 yuan; A1 requests 1,270,000,
# A2 135,000 (controls for round 2 at exactly those amounts).
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 reads the JSON"
new_book
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
printf 'agency,round,amount\nA1,2,1270000\nA2,2,135000\n' > controls.csv
"$ZBB" import controls controls.csv >/dev/null || fail "controls"
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
"$ZBB" allocate >/dev/null || fail "allocate"
# adopt-1 agencies still in draft: refused, naming them, nothing written
n0=$(sqlite3 book.db "SELECT count(*) FROM audit")
expect_exit 2 "$ZBB" adopt --scenario base
contains "$err" "2 个单位未批复"
contains "$err" "A1"
contains "$err" "A2"
[ "$(sqlite3 book.db "SELECT count(*) FROM audit")" = "$n0" ] || fail "a refusal writes nothing"
expect_exit 2 "$ZBB" adopt
expect_exit 2 "$ZBB" adopt --scenario nosuch
# the season: both agencies through two rounds to approved
for a in A1 A2; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
"$ZBB" issue --round 2 >/dev/null || fail "issue"
for a in A1 A2; do
  "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null && "$ZBB" approve $a >/dev/null || fail "round 2 of $a"
done
# adopt-2 the control numbers issued since the run make base stale: run it again first
expect_exit 2 "$ZBB" adopt --scenario base
contains "$err" "账簿已变更"
expect_exit 2 "$ZBB" adopt --scenario nosuch
contains "$err" "nosuch"
"$ZBB" allocate >/dev/null || fail "allocate again"
"$ZBB" allocate --scenario low --capacity 1000000 >/dev/null 2>&1
# adopt-3 adopted: audited with the hash of the stored result
expect_exit 0 "$ZBB" --format json adopt --scenario base
[ "$(j 'd["scenario"]')" = base ] || fail "scenario"
[ "$(j 'd["adopted_at"]')" = 2026-11-01T09:00:00Z ] || fail "date"
hash=$(j 'd["result_hash"]')
[ ${#hash} = 64 ] || fail "hash $hash"
entry=$(j 'd["entry"]')
[ "$(sqlite3 book.db "SELECT action || ' ' || object FROM audit WHERE id = $entry")" = "budget.adopt base" ] || fail "entry"
sqlite3 book.db "SELECT after_json FROM audit WHERE id = $entry" | grep -q "$hash" || fail "the hash is in the log"
# adopt-4 --scenario adopted reads it
expect_exit 0 "$ZBB" --format json report summary --scenario adopted
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "adopted funded"
[ "$(j 'd["scenario"]')" = base ] || fail "adopted is base"
# adopt-5 the year is locked: each write refused (exit 2) naming the adoption, nothing stored
price=$(sqlite3 book.db "SELECT price_fen FROM items WHERE project='P2' AND seq=1")
n1=$(sqlite3 book.db "SELECT count(*) FROM audit")
printf 'project,seq,content,economic,unit,price,quantity\nP2,1,助学金,30308,人,1500,100\n' > p2.csv
expect_exit 2 "$ZBB" import items p2.csv
contains "$err" "2026 年度预算已于 2026-11-01T09:00:00Z 批复（采用场景 base"
[ "$(sqlite3 book.db "SELECT price_fen FROM items WHERE project='P2' AND seq=1")" = "$price" ] || fail "item unchanged"
expect_exit 2 "$ZBB" set growth 0.06
contains "$err" "已锁定"
expect_exit 2 "$ZBB" allocate
contains "$err" "批复"
expect_exit 2 "$ZBB" allocate --scenario other
expect_exit 2 "$ZBB" scenarios rm low
expect_exit 2 "$ZBB" return A1 --opinion 再议
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" import items p2.csv
contains "$err" "the 2026 budget was adopted on 2026-11-01T09:00:00Z (scenario base"
[ "$(sqlite3 book.db "SELECT count(*) FROM audit")" = "$n1" ] || fail "refusals write nothing"
expect_exit 2 "$ZBB" adopt --scenario low
contains "$err" "不能再次批复"
# adopt-6 what is not the year's data still changes: a user
printf 'password-v1\n' | "$ZBB" user add v1 --role viewer --password-stdin >/dev/null || fail "user add"
# adopt-7 another year is not locked
"$ZBB" --year 2027 import agencies "$TOP/tests/cli/fixtures/small/agencies.csv" >/dev/null || fail "2027 import"
expect_exit 0 "$ZBB" audit verify --data
true

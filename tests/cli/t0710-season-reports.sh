# The season's reports (SPEC §11): `rounds` (per agency and round: requested, control
# number, state, dates, opinions) and the ledger's snapshot rows (each item's amount in
# each round's last submit), on a book whose amounts are worked out by hand.
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 is not installed"
new_book 2026
printf 'code,name\nA1,市教育局\n' > agencies.csv
printf 'code,title,level,valid_from\nB1,实施方案,municipal,2020-01-01\n' > bases.csv
printf 'code,agency,name,kind,tier,function,basis\nP1,A1,学校运转,specific,general,2050201,B1\n' > projects.csv
# 1000 × 3 = 3,000.00 and 500 × 2 = 1,000.00 yuan: 4,000.00 asked in the first submit
cat > items.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,办公用品,30201,批,1000,3
P1,2,印刷费,30202,次,500,2
CSV
printf 'code,name,kind,amount\nG1,一般公共预算,general,100000\n' > sources.csv
for k in agencies bases projects items sources; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
expect_exit 0 "$ZBB" submit A1
expect_exit 0 "$ZBB" return P1 --opinion 请压减办公用品
# the agency answers: item 1 quantity 2 (2,000.00); resubmits 3,000.00 in round 1
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,办公用品,30201,批,1000,2\n' > fix1.csv
"$ZBB" import items fix1.csv >/dev/null || fail "fix1"
expect_exit 0 "$ZBB" submit A1
expect_exit 0 "$ZBB" accept A1
printf 'agency,round,amount\nA1,2,2500\n' > controls.csv
"$ZBB" import controls controls.csv >/dev/null || fail "controls"
expect_exit 0 "$ZBB" issue --round 2
# within the control number 2,500.00: item 2 quantity 0.5 (250.00), 2,250.00 asked
printf 'project,seq,content,economic,unit,price,quantity\nP1,2,印刷费,30202,次,500,0.5\n' > fix2.csv
"$ZBB" import items fix2.csv >/dev/null || fail "fix2"
expect_exit 0 "$ZBB" submit A1
expect_exit 0 "$ZBB" accept A1
expect_exit 0 "$ZBB" approve A1
"$ZBB" allocate >/dev/null; rc=$?
[ $rc -le 1 ] || fail "allocate: $rc"

# rounds-1 the rounds report
expect_exit 0 "$ZBB" --format json report rounds
printf '%s' "$out" > rounds.json
python3 - rounds.json <<'PY' || fail "rounds: $out"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 2, rows
r1, r2 = rows
t = "2026-11-01T09:00:00Z"
assert (r1["agency"], r1["round"], r1["requested_fen"], r1["control_fen"]) == ("A1", 1, 300000, None), r1
assert r1["state"] == "已审核" and r1["opinions"] == "请压减办公用品", r1
assert r1["submitted"] == t and r1["returned"] == t and r1["accepted"] == t and r1["approved"] is None, r1
assert (r2["round"], r2["requested_fen"], r2["control_fen"], r2["issued"]) == (2, 225000, 250000, t), r2
assert r2["state"] == "已批复" and r2["approved"] == t and r2["opinions"] is None and r2["returned"] is None, r2
PY
expect_exit 0 "$ZBB" report rounds
contains "$out" "请压减办公用品"
contains "$out" "已批复"
expect_exit 0 "$ZBB" --format csv report rounds
contains "$out" "agency,name,round,state,requested_fen,control_fen"
contains "$out" "A1,市教育局,2,已批复,225000,250000"
expect_exit 0 "$ZBB" report rounds --format xlsx --output rounds.xlsx
[ -s rounds.xlsx ] || fail "rounds.xlsx"
head -c 2 rounds.xlsx | grep -q PK || fail "rounds.xlsx is not a zip"

# rounds-2 the ledger: each item's amount in the last submit of each round
expect_exit 0 "$ZBB" --format json report ledger
printf '%s' "$out" > ledger.json
python3 - ledger.json <<'PY' || fail "ledger: $out"
import json, sys
rows = json.load(open(sys.argv[1]))
def stages(seq):
    return [(r["stage"], r["amount_fen"]) for r in rows if r["project"] == "P1" and r["seq"] == seq]
s1, s2 = stages(1), stages(2)
# requested is the book as it stands; round_1 the resubmission, round_2 the second round
assert s1[:3] == [("requested", 200000), ("round_1", 200000), ("round_2", 200000)], s1
assert s2[:3] == [("requested", 25000), ("round_1", 100000), ("round_2", 25000)], s2
assert ("approved", 200000) in s1 and ("funded", 200000) in s1, s1
assert ("funded", 25000) in s2, s2
PY
# rounds-3 before any submit the ledger is as it was (no snapshot rows)
cp book.db b2.db
export ZBB_BOOK=$PWD/fresh.db
"$ZBB" init --year 2026 >/dev/null || fail "init fresh"
for k in agencies bases projects items sources; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
"$ZBB" allocate >/dev/null
expect_exit 0 "$ZBB" --format json report ledger
lacks "$out" "round_1"
expect_exit 0 "$ZBB" --format json report rounds
contains "$out" '"state": "编制中"'
echo "season reports: ok"

# zbb allocate, scenarios, report on a small book whose results are worked
# out by hand (amounts in yuan):
#   requested: P1 1,000,000 + P2 200,000 + P3 35,000 + P4 100,000 + P5 60,000 + 10,000 = 1,405,000
#   P3/1 price 3,500 over S1's 3,000 → approved 30,000 (standard saves 5,000); approved 1,400,000
#   money: E1 100,000 (earmarked 205) + G1 1,250,000.
#   wages P1 (20501) draws E1 100,000 first, then G1 900,000 → G1 350,000 left
#   livelihood P2 200,000 → 150,000; major P3 30,000 → 120,000
#   general level 1 by score: P5 (90) 60,000 → 60,000; P4 (80) 100,000 cut
#   general level 2: P5/2 10,000 → 50,000 left.  funded 1,300,000, capacity cut 100,000
#   cut_nonrigid = P3 5,000 + P4 100,000 = 105,000 (P1 is rigid)
#   livelihood (205 …) = 1,000,000 + 200,000 + 70,000 = 1,270,000 of 1,300,000 = 0.976923
#   base (2025 budgets) 90,000; × 1.05 = 94,500
. "$TOP/tests/cli/lib.sh"
new_book
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
expect_exit 0 "$ZBB" --format json allocate
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
[ "$(j 'd["requested_fen"]')" = 140500000 ] || fail "requested"
[ "$(j 'd["approved_fen"]')" = 140000000 ] || fail "approved"
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "funded $(j 'd["funded_fen"]')"
[ "$(j 'd["capacity_fen"]')" = 135000000 ] || fail "capacity"
[ "$(j 'd["unused_fen"]')" = 5000000 ] || fail "unused"
[ "$(j 'd["shortfall_fen"]')" = 0 ] || fail "shortfall"
[ "$(j 'd["cut_nonrigid_fen"]')" = 10500000 ] || fail "cut_nonrigid"
[ "$(j 'd["savings_fen"]["standard"]')" = 500000 ] || fail "standard saving"
[ "$(j 'd["savings_fen"]["capacity"]')" = 10000000 ] || fail "capacity saving"
[ "$(j 'sum(d["savings_fen"].values())')" = 10500000 ] || fail "savings partition requested - funded"
[ "$(j 'd["livelihood_share"]')" = 0.976923 ] || fail "livelihood share $(j 'd["livelihood_share"]')"
[ "$(j 'd["base_fen"]')" = 9000000 ] || fail "base"
[ "$(j 'd["base_growth_fen"]')" = 9450000 ] || fail "base growth"
[ "$(j '[t["funded_fen"] for t in d["tiers"]]')" = "[100000000, 20000000, 0, 3000000, 7000000]" ] || fail "tiers"
[ "$(j 'd["findings"]["CUT_CAPACITY"]')" = 1 ] || fail "findings"
# the item results are stored: P1/1 drew E1 100,000 then G1 900,000
expect_exit 0 "$ZBB" --format json scenarios show base --project P1
[ "$(j '[(r["seq"], r["funded_fen"], r["status"], [(x["source"], x["amount_fen"]) for x in r["draws"]]) for r in d]')" = "[(1, 100000000, 'funded', [('E1', 10000000), ('G1', 90000000)])]" ] || fail "draws of P1: $out"
expect_exit 0 "$ZBB" --format json scenarios show base --project P4
[ "$(j '[(r["agency"], r["funded_fen"], r["status"], r["draws"]) for r in d]')" = "[('A2', 0, 'cut', [])]" ] || fail "P4 status: $out"
# every item of the book is there once, their funded amounts add up to the total
expect_exit 0 "$ZBB" --format json scenarios show base
[ "$(j 'sorted((r["project"], r["seq"]) for r in d)')" = "[('P1', 1), ('P2', 1), ('P3', 1), ('P4', 1), ('P5', 1), ('P5', 2)]" ] || fail "items stored: $out"
[ "$(j 'sum(r["funded_fen"] for r in d)')" = 130000000 ] || fail "stored funded sum"
[ "$(j 'sum(x["amount_fen"] for r in d for x in r["draws"])')" = 130000000 ] || fail "stored draws sum"
# a row per agency, its funded total (A1: P1 1,000,000 + P2 200,000 + P5 70,000)
[ "$(sqlite3 "$ZBB_BOOK" "SELECT group_concat(agency||':'||funded_fen, ' ') FROM (SELECT * FROM scenario_results WHERE scenario='base' ORDER BY agency) q")" = "A1:127000000 A2:3000000" ] || fail "agency rows"
expect_exit 0 "$ZBB" scenarios show base --project P1
contains "$out" "E1 10.00；G1 90.00"
contains "$out" "已安排"
expect_exit 2 "$ZBB" scenarios show nosuch
contains "$err" "没有这个场景"
# a what-if with general funds of 1,000,000: P1 takes E1 100,000 + G1 900,000,
# P2 200,000 > 100,000 left → cut with a shortfall; P3 30,000; P5 60,000 + 10,000
expect_exit 1 "$ZBB" --format json allocate --scenario low --capacity 1000000
[ "$(j 'd["funded_fen"]')" = 110000000 ] || fail "what-if funded"
[ "$(j 'd["shortfall_fen"]')" = 20000000 ] || fail "what-if shortfall"
contains "$err" "三保缺口 200,000.00 元"
expect_exit 0 "$ZBB" scenarios
contains "$out" "low"
contains "$out" "base"
expect_exit 0 "$ZBB" --format csv report cuts --scenario low
# P2 is declared continuing without history: NOT_CONTINUING (SPEC §5 step 11) among its codes
contains "$out" "P2,1,A1,20000000,0,NO_TARGETS;NOT_CONTINUING;CUT_CAPACITY;SHORTFALL"
expect_exit 0 "$ZBB" --format json report compare --scenario base --against low
[ "$(j '[r["difference_fen"] for r in d if r["group"]=="tier"]')" = "[0, 20000000, 0, 0, 0]" ] || fail "compare by tier"
expect_exit 0 "$ZBB" --format json report agencies
[ "$(j '[(r["code"], r["funded_fen"], r["base_fen"]) for r in d]')" = "[('A1', 127000000, 0), ('A2', 3000000, 9000000)]" ] || fail "agencies"
[ "$(j '[r["change"] for r in d]')" = "[None, -0.666667]" ] || fail "agencies change"
expect_exit 0 "$ZBB" --format json report functions
[ "$(j '[(r["code"], r["funded_fen"], r["livelihood"]) for r in d]')" = "[('201', 3000000, 'n'), ('205', 127000000, 'y')]" ] || fail "functions"
expect_exit 0 "$ZBB" --format json report lookback
[ "$(j '[(r["project"], r["rate"], r["flag"]) for r in d]')" = "[('P4', 0.944444, '')]" ] || fail "lookback"
expect_exit 0 "$ZBB" --format csv report ledger
contains "$out" "P3,1,A2,rule,3000000,OVER_STANDARD,,"
expect_exit 0 "$ZBB" --format xlsx report agencies --output ag.xlsx
[ -s ag.xlsx ] || fail "xlsx written"
expect_exit 0 "$ZBB" scenarios rm low
expect_exit 2 "$ZBB" scenarios rm low
expect_exit 2 "$ZBB" report summary --scenario low
expect_exit 2 "$ZBB" report nosuch
expect_exit 2 "$ZBB" report compare
expect_exit 2 "$ZBB" allocate --capacity 1.234
expect_exit 2 "$ZBB" allocate --set low_execution=2
expect_exit 2 "$ZBB" allocate --scenario 'a b'
# --set changes the rules for this run only: with a 0.9 low-execution line
# P4's 0.944 rate still passes; growth 0.10 makes base plus growth 99,000
expect_exit 0 "$ZBB" --format json allocate --scenario g --set growth=0.10
[ "$(j 'd["base_growth_fen"]')" = 9900000 ] || fail "--set growth"
[ "$("$ZBB" get growth)" = 0.05 ] || fail "--set must not change the book"
# explain adds the allocation: P4's package came 5th of 6 with 60,000 of
# general money left, less than its 100,000
expect_exit 0 "$ZBB" explain P4
contains "$out" "排第 5 位（共 6 个）"
contains "$out" "一般财力 60,000.00 元"
contains "$out" "CUT_CAPACITY"
contains "$out" "安排 0.00 元"
expect_exit 0 "$ZBB" --format json explain P1/1
[ "$(j '[(x["source"], x["amount_fen"]) for x in d["items"][0]["allocation"]["draws"]]')" = "[('E1', 10000000), ('G1', 90000000)]" ] || fail "explain draws"
[ "$(j 'd["items"][0]["allocation"]["package"]["earmarked_left_fen"]')" = 10000000 ] || fail "explain money left"
expect_exit 2 "$ZBB" explain P4 --scenario nosuch
# disclosure (部门预算公开表), base scenario: every source is of the general
# public budget (the default), so the revenue is 1,300,000 of it — equal to
# the expenditure: basic (P1, personnel) 1,000,000, projects 300,000; P4 was
# cut, so the project table lists P2, P5 (A1) and P3 (A2).  t0530 has the rest.
expect_exit 0 "$ZBB" --format json report disclosure
[ "$(j '[(r["revenue_item"], r["revenue_fen"]) for r in d["revenue_expenditure"]]')" = "[('一、一般公共预算拨款收入', 130000000), ('二、政府性基金预算拨款收入', 0), ('三、国有资本经营预算拨款收入', 0), ('四、单位资金', 0), ('本年收入合计', 130000000), ('上年结转', 0), ('收入总计', 130000000)]" ] || fail "disclosure overview: $out"
[ "$(j '[(r["code"], r["basic_fen"], r["project_fen"]) for r in d["expenditure"]]')" = "[(None, 100000000, 30000000), ('201', 0, 3000000), ('20106', 0, 3000000), ('205', 100000000, 27000000), ('20501', 100000000, 0), ('20502', 0, 20000000), ('20509', 0, 7000000)]" ] || fail "disclosure by function"
[ "$(j '[r["code"] for r in d["projects"]]')" = "[None, 'A1', 'P2', 'P5', 'A2', 'P3']" ] || fail "disclosure projects"
expect_exit 0 "$ZBB" --format json report disclosure --agency A2
[ "$(j 'd["revenue_expenditure"][-1]["revenue_fen"]')" = 3000000 ] || fail "A2 spends P3's 30,000"
expect_exit 2 "$ZBB" report disclosure --agency NOPE
# CSV: one file per table, into a folder or a zip (t0530 checks them)
expect_exit 0 "$ZBB" --format csv report disclosure --output dcsv
[ "$(ls dcsv | grep -c '\.csv$')" -ge 5 ] || fail "disclosure csv files: $(ls dcsv)"
expect_exit 0 "$ZBB" --format xlsx report disclosure --output d.xlsx
[ -s d.xlsx ] || fail "disclosure xlsx"
true

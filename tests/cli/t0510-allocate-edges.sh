# Allocation edges (amounts in yuan, worked by hand):
# 1. --capacity in a year with no general source: the what-if money is a
#    general source of its own.  W1 (wages, 20101) 10,000; E1 earmarked for
#    205 only, 5,000.  With --capacity 100,000: capacity 105,000, W1 funded
#    10,000 from the what-if money, no shortfall.
# 2. the look-back report's rate is the rule's: the mean of the yearly
#    rates.  P1: 2025 90/100 = 0.9, 2024 450/900 = 0.5 → 0.7 (while
#    Σexecuted/Σbudget would be 0.54); P2: 810/900 = 0.9, 50/100 = 0.5 → 0.7.
#    Both are below 0.8 and flagged.
. "$TOP/tests/cli/lib.sh"
new_book
cat > agencies.csv <<'CSV'
code,name,headcount
A1,市教育局,10
CSV
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function
W1,A1,在职人员工资,personnel,wages,20101
CSV
cat > items.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
W1,1,基本工资,30101,人·年,10000,1
CSV
cat > sources.csv <<'CSV'
code,name,kind,function,amount
E1,教育专项,earmarked,205,5000
CSV
for k in agencies projects items sources; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
expect_exit 1 "$ZBB" --format json allocate
[ "$(j 'd["shortfall_fen"]')" = 1000000 ] || fail "no money: shortfall"
expect_exit 0 "$ZBB" --format json allocate --scenario w --capacity 100000
[ "$(j 'd["capacity_fen"]')" = 10500000 ] || fail "capacity $(j 'd["capacity_fen"]')"
[ "$(j 'd["funded_fen"]')" = 1000000 ] || fail "funded"
[ "$(j 'd["shortfall_fen"]')" = 0 ] || fail "shortfall"
expect_exit 0 "$ZBB" --format json scenarios show w
[ "$(j '[(x["source"], x["amount_fen"]) for r in d for x in r["draws"]]')" = "[('capacity', 1000000)]" ] || fail "draw: $out"
expect_exit 0 "$ZBB" explain W1 --scenario w
contains "$out" "假设的一般财力"

rm -f "$ZBB_BOOK"*
new_book
cat > bases.csv <<'CSV'
code,title
B1,《预算法》
CSV
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function,new,basis
P1,A1,课题一,specific,general,20101,n,B1
P2,A1,课题二,specific,general,20101,n,B1
CSV
cat > items.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,咨询,30203,项,1000,1
P2,1,咨询,30203,项,1000,1
CSV
cat > history.csv <<'CSV'
year,agency,project,budget,executed
2025,A1,P1,100,90
2024,A1,P1,900,450
2025,A1,P2,900,810
2024,A1,P2,100,50
CSV
cat > sources.csv <<'CSV'
code,name,kind,amount
G1,一般公共预算,general,100000
CSV
for k in agencies bases projects items history sources; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
expect_exit 0 "$ZBB" --format json report lookback
[ "$(j '[(r["project"], r["rate"], r["flag"], r["budget_fen"]) for r in d]')" = "[('P1', 0.7, 'low_execution', 100000), ('P2', 0.7, 'low_execution', 100000)]" ] || fail "lookback: $out"
# and each request of 1,000 is scaled by 0.7 to 700
expect_exit 0 "$ZBB" --format json report summary
[ "$(j 'd["savings_fen"]["low_execution"]')" = 60000 ] || fail "low execution saving"
true

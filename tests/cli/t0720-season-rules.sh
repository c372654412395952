# SPEC §5 step 11 warnings of the season: OVER_CONTROL in zbb check (equal to the control
# number passes, one fen over is told), NOT_CONTINUING and TIER_MISMATCH; each case
# worked out by hand on a tiny book.
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 is not installed"
# codes of the check's findings, as "CODE@object" sorted
codes() { "$ZBB" --format json check 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted(f["code"] + "@" + (f["project"] + ("/" + str(f["seq"]) if f["seq"] else "")) for f in d["findings"] if f["code"] in ("OVER_CONTROL", "NOT_CONTINUING", "TIER_MISMATCH"))))'; }
new_book 2026
printf 'code,name\nA1,市教育局\nA2,市民政局\n' > agencies.csv
printf 'code,title,level,valid_from\nB1,实施方案,municipal,2020-01-01\n' > bases.csv
# P1 continuing without any history: NOT_CONTINUING; P2 new; P3 continuing with history
# in 2025; P4 continuing, its code in the book's 2025 year; P5 an operation project;
# L1 livelihood in class 208 (a livelihood class), L2 livelihood in class 201 (not one)
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function,new,basis
P1,A1,校园安保,specific,general,2050201,n,B1
P2,A1,智慧校园,specific,general,2050201,y,B1
P3,A1,校舍维修,specific,general,2050201,n,B1
P4,A1,课后服务,specific,general,2050201,n,B1
P5,A1,机关运转,operation,operations,2050101,n,
L1,A2,养老服务补贴,specific,livelihood,2080201,y,B1
L2,A2,机关食堂补贴,specific,livelihood,2010101,y,B1
CSV
# A1 asks 1000.50 × 3 = 3,001.50 yuan in all
cat > items.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,保安服务,30227,月,1000.50,1
P2,1,平板电脑,31002,台,1000.50,1
P3,1,维修,30213,次,1000.50,1
P4,1,课后托管,30227,月,0,1
P5,1,办公费,30201,批,0,1
L1,1,补贴,30305,人,100,1
L2,1,补贴,30305,人,100,1
CSV
printf 'year,agency,project,name,budget,executed\n2025,A1,P3,校舍维修,1000,1000\n' > history.csv
for k in agencies bases projects items history; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
# the book's 2025 year holds P4
"$ZBB" --year 2025 import agencies agencies.csv >/dev/null || fail "2025 agencies"
printf 'code,agency,name,kind,tier,function\nP4,A1,课后服务,specific,general,2050201\n' > p2025.csv
"$ZBB" --year 2025 import projects p2025.csv >/dev/null || fail "2025 projects"

# rules-1 NOT_CONTINUING on P1 only; TIER_MISMATCH on L2 only; no OVER_CONTROL in round 1
got=$(codes)
[ "$got" = "NOT_CONTINUING@P1 TIER_MISMATCH@L2" ] || fail "rules-1: [$got]"
expect_exit 0 "$ZBB" check --project L2
contains "$out" "TIER_MISMATCH"
contains "$out" "2010101"
expect_exit 0 "$ZBB" check --project P1
contains "$out" "NOT_CONTINUING"
# … the setting decides what livelihood is: with 201 in it, L2 is fine
"$ZBB" set livelihood_functions "201;205;208" >/dev/null || fail "set"
got=$(codes)
[ "$got" = "NOT_CONTINUING@P1" ] || fail "rules-1.2: [$got]"

# rules-2 OVER_CONTROL at the exact boundary, told on the agency's first project (L1 for A2)
cp book.db base.db
run_round2() { # CONTROL_OF_A1 (yuan)
  cp base.db book.db
  printf 'agency,round,amount\nA1,2,%s\nA2,2,200\n' "$1" > controls.csv
  "$ZBB" import controls controls.csv >/dev/null || fail "controls $1"
  for a in A1 A2; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
  "$ZBB" issue --round 2 >/dev/null || fail "issue $1"
}
run_round2 3001.50
got=$(codes)
[ "$got" = "NOT_CONTINUING@P1" ] || fail "rules-2 equal: [$got]"
expect_exit 0 "$ZBB" submit A1
run_round2 3001.49
got=$(codes)
[ "$got" = "NOT_CONTINUING@P1 OVER_CONTROL@P1" ] || fail "rules-2 one fen over: [$got]"
expect_exit 0 "$ZBB" check --agency A1
contains "$out" "OVER_CONTROL"
contains "$out" "第 2 轮申报合计 3,001.50 元超过控制数 3,001.49 元，超出 0.01 元"
expect_exit 2 "$ZBB" submit A1
contains "$err" "超出 0.01 元"
# the finding is a warning: it changes no amount
expect_exit 0 "$ZBB" --format json check --agency A1
contains "$out" '"severity": "warn"'
echo "season rules: ok"

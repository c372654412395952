# zbb check and zbb explain on a tiny book whose amounts are worked out by hand (SPEC §5).
. "$TOP/tests/cli/lib.sh"
new_book 2026
cat > agencies.csv <<'CSV'
code,name,headcount
A01,市教育局,10
A02,市卫生健康委员会,0
CSV
cat > bases.csv <<'CSV'
code,title,level,valid_from,valid_to
B1,教育信息化实施方案,municipal,2020-01-01,
B2,旧文件,municipal,2018-01-01,2025-12-31
CSV
cat > standards.csv <<'CSV'
code,name,economic,unit,max_price,quota_per_head,valid_from,valid_to
S01,台式计算机,31002,台,6000,1,,
S02,办公费,30201,人·年,3000,,,
S03,差旅费,30211,人次,500,,2020-01-01,2025-12-31
CSV
cat > pools.csv <<'CSV'
code,name,economic
POOL1,信息化设备,31002;3020
CSV
cat > prices.csv <<'CSV'
pool,standard,price
POOL1,S01,5000
CSV
cat > negative.csv <<'CSV'
code,description,economic,keyword,scope
N1,公务接待费不得列入项目支出,30217,,all
N2,庆典活动,,庆典,major
CSV
cat > priorities.csv <<'CSV'
code,name,rank
PR1,教育强市,1
CSV
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function,new,basis,priority
P001,A01,智慧校园建设,specific,general,2050201,n,B1,
P002,A01,校舍维修,specific,general,2050201,n,B9,
P003,A02,公共卫生服务,specific,major,2100101,y,B1,PR9
P004,A02,机关运转经费,operation,operations,2100101,n,,
CSV
cat > items.csv <<'CSV'
project,seq,content,economic,standard,unit,price,quantity
P001,1,台式计算机,31002,S01,台,6500,12
P001,2,办公费,30201,S02,人·年,3500,2
P001,3,公务接待,30217,,次,1000,1
P002,1,校舍维修,30213,,项,20000,1
P003,1,下乡差旅,30211,S03,人次,400,5
P003,2,健康宣传,30299,,次,1000,3
P004,1,办公费,30201,S02,人·年,3000,10
CSV
cat > history.csv <<'CSV'
year,agency,project,budget,executed,carryover
2025,A01,P001,100000,70000,0
2024,A01,P001,100000,90000,0
2025,A02,P004,50000,25000,5000
CSV
cat > evaluations.csv <<'CSV'
project,score,conclusion,ratio
P003,75,partial,0.5
CSV
cat > targets.csv <<'CSV'
project,level1,level2,name,operator,value,unit
P001,output,数量,覆盖学校数,>=,20,所
P001,benefit,社会,受益学生数,>=,5000,人
P001,satisfaction,服务对象满意度,师生满意度,>=,90%,
P003,output,数量,宣传场次,>=,3,次
P003,benefit,社会,知晓率,>=,80%,
P003,satisfaction,服务对象满意度,群众满意度,qualitative,满意,
CSV
# (each project with targets has the three level-1 classes: TARGET_INCOMPLETE otherwise)
for k in agencies bases standards pools prices negative priorities projects items history evaluations targets; do
  "$ZBB" import $k $k.csv >/dev/null || fail "import $k"
done
cp book.db before.db

# Worked by hand (yuan):
#  P001/1 6,500×12 = 78,000 → standard 6,000 (−6,000) → pool 5,000 (−12,000) → quota 10 (−10,000) = 50,000
#  P001/2 3,500×2 = 7,000 → standard 3,000 (−1,000) = 6,000
#  P001/3 1,000 on the negative list (−1,000); P001's look-back: 0.7 and 0.9 average to 0.8, not below
#  P002   20,000, basis B9 unknown: NO_BASIS (−20,000); no targets: NO_TARGETS
#  P003/1 2,000 with an expired standard (−2,000); P003/2 3,000 × 0.5 (−1,500); PR9 not on the list
#  P004   30,000 × 0.5 execution (−15,000); carries 5,000 over
#  requested 141,000, approved 72,500
expect_exit 1 "$ZBB" check --unit yuan
contains "$out" "A01 市教育局"
contains "$out" "单价 3,500.00 元超过支出标准 S02 办公费 3,000.00 元，按标准核定"
contains "$out" "政策依据 B9 未在依据库中登记"
contains "$out" "141,000.00"
contains "$out" "72,500.00"
lacks "$out" "LOW_EXECUTION      P001"
cmp -s book.db before.db || fail "check wrote to the book"

expect_exit 1 "$ZBB" check --format json
printf '%s' "$out" > check.json
python3 - check.json <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["requested_fen"] == 14100000, d["requested_fen"]
assert d["approved_fen"] == 7250000, d["approved_fen"]
s = d["savings_fen"]
want = {"standard": 700000, "pool": 1200000, "quota": 1000000, "negative": 100000, "no_basis": 2000000,
        "no_standard": 200000, "evaluation": 150000, "low_execution": 1500000, "review": 0}
for k, v in want.items():
    assert s[k] == v, (k, s[k], v)
assert sum(s.values()) == d["requested_fen"] - d["approved_fen"]
c = d["counts"]
assert c["OVER_STANDARD"] == 2 and c["POOLED"] == 1 and c["OVER_QUOTA"] == 1, c
assert c["NO_BASIS"] == 1 and c["NEGATIVE_LIST"] == 1 and c["EXPIRED_STANDARD"] == 1, c
assert c["EVAL_PARTIAL"] == 1 and c["LOW_EXECUTION"] == 1, c
assert c["NOT_ON_LIST"] == 1 and c["CARRYOVER"] == 1 and c["NO_TARGETS"] == 1, c
assert "DUPLICATE" not in c
f = [x for x in d["findings"] if x["code"] == "OVER_QUOTA"][0]
assert (f["agency"], f["project"], f["seq"], f["severity"], f["effect_fen"]) == ("A01", "P001", 1, "adjust", 1000000), f
g = [x for x in d["findings"] if x["code"] == "NO_BASIS"][0]
assert g["seq"] is None and g["effect_fen"] == 2000000 and g["severity"] == "error"
assert all(set(x) >= {"code", "severity", "agency", "project", "seq", "message", "effect_fen"} for x in d["findings"])
assert d["totals"]["approved_fen"] == 7250000
PY

# --severity and --agency narrow the list
expect_exit 1 "$ZBB" check --severity error --format json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert {x["severity"] for x in d["findings"]} == {"error"}; assert len(d["findings"]) == 3' <<<"$out" || fail "severity error"
expect_exit 1 "$ZBB" check --severity warn --format csv
# NO_TARGETS, NOT_ON_LIST (P003), CARRYOVER (P004) and NOT_CONTINUING: P002 says it
# continues (new = n) but has no history and no earlier year in the book (SPEC §5 step 11)
[ "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" -eq 4 ] || fail "warn rows: $out"
contains "$out" "NOT_CONTINUING,warn,,A01,P002,"
contains "$out" "CARRYOVER,warn"
# exit 1: A02 has an error, even when only adjustments are listed
expect_exit 1 "$ZBB" check --agency A02 --severity adjust
contains "$out" "P004"
lacks "$out" "P001"
expect_exit 1 "$ZBB" check --agency A02
contains "$out" "EXPIRED_STANDARD"
expect_exit 0 "$ZBB" check --project P004 --format json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["requested_fen"]==3000000 and d["approved_fen"]==1500000, d' <<<"$out" || fail "P004 totals"
expect_exit 2 "$ZBB" check --agency NOPE
expect_exit 2 "$ZBB" check --severity fatal
expect_exit 2 "$ZBB" check --format xml

# English
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" check --project P001
contains "$out" "unit price 3,500.00 yuan exceeds standard S02"
expect_exit 1 "$ZBB" --lang en check --project P002
contains "$out" "policy basis B9 is not registered"

# explain: each step with the amount before and after
expect_exit 0 "$ZBB" explain P001/1
contains "$out" "78,000.00"
contains "$out" "OVER_STANDARD"
contains "$out" "78,000.00 → 72,000.00"
contains "$out" "72,000.00 → 60,000.00"
contains "$out" "60,000.00 → 50,000.00"
contains "$out" "核定  50,000.00 元"
lacks "$out" "办公费"
expect_exit 0 "$ZBB" explain P003 --format json
python3 -c '
import json,sys
d = json.load(sys.stdin)
i = {x["seq"]: x for x in d["items"]}
assert i[1]["approved_fen"] == 0 and i[1]["steps"][0]["code"] == "EXPIRED_STANDARD"
assert i[2]["requested_fen"] == 300000 and i[2]["approved_fen"] == 150000
assert [s["code"] for s in i[2]["steps"] if s["severity"] != "warn"] == ["EVAL_PARTIAL"]
# one document for text and JSON: totals are the sums of the items, each item has its allocation
assert d["totals"]["requested_fen"] == sum(x["requested_fen"] for x in d["items"])
assert d["totals"]["approved_fen"] == sum(x["approved_fen"] for x in d["items"]) == 150000
assert all(x["allocation"]["scenario"] == "base" for x in d["items"])
' <<<"$out" || fail "explain json"
expect_exit 2 "$ZBB" explain P001/9
expect_exit 2 "$ZBB" explain NOPE
expect_exit 2 "$ZBB" explain

# no errors: exit 0
cat > fix.csv <<'CSV'
code,agency,name,kind,tier,function,new,basis,priority
P002,A01,校舍维修,specific,general,2050201,n,B1,
CSV
"$ZBB" import projects fix.csv >/dev/null || fail "fix"
expect_exit 1 "$ZBB" check --agency A01
contains "$out" "NEGATIVE_LIST"
lacks "$out" "NO_BASIS"
true

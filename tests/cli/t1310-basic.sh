# SPEC §13: basic expenditure from staff and quotas (zbb basic).  A book
# of three agencies: A1 over its establishment (30 staff, 编制 25: 定员 25),
# A2 of class full with no establishment set (定员 = its 80 staff), A3 with
# no staff but 2 retired (only the pension item).  Quotas: wage and
# allowance per head for everyone, pension per retired person, 公用经费 per
# head by class (admin 5,000, full 3,000 yuan).  The generated items are
# worked out by hand below.
. "$TOP/tests/cli/lib.sh"
new_book 2026
cat > ag.csv <<'X'
code,name,headcount,establishment,retired,class,function
A1,市教育局,30,25,4,admin,2050101
A2,市第一中学,80,,0,full,2050201
A3,市档案馆,0,,2,admin,2013301
X
cat > st.csv <<'X'
code,name,economic,unit,max_price
S-WAGE,基本工资,30101,人·年,60000
S-ALLOW,津贴补贴,30102,人·年,24000
S-PENS,退休费,30302,人·年,36000
S-OPS-A,公用经费（行政）,30201,人·年,5000
S-OPS-F,公用经费（事业）,30299,人·年,3000
X
cat > q.csv <<'X'
code,standard,kind,count,class
Q1,S-WAGE,personnel,staff,
Q2,S-ALLOW,personnel,staff,
Q3,S-PENS,personnel,retired,
Q4,S-OPS-A,operation,staff,admin
Q5,S-OPS-F,operation,staff,full
X
for k in ag:agencies st:standards q:quotas; do expect_exit 0 "$ZBB" import ${k#*:} ${k%%:*}.csv; done

# A1: 25 × 60,000 + 25 × 24,000 + 4 × 36,000 = 2,244,000; GY 25 × 5,000 = 125,000
# A2: 80 × 60,000 + 80 × 24,000 = 6,720,000 (no retired: no pension item); GY 80 × 3,000 = 240,000
# A3: 2 × 36,000 = 72,000 (no staff: no wage, allowance or 公用经费 item; no GY)
# total 9,401,000 yuan = 940.10 万元
expect_exit 0 "$ZBB" basic
[ "$out" = "已生成 2026 年度基本支出：3 个单位，5 个项目，8 条明细，申报 940.10 万元（替换原生成项目 0 个）" ] || fail "basic: $out"
expect_exit 0 "$ZBB" export projects
[ "$out" = "code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year
A1-GY,A1,公用经费,operation,operations,2050101,n,n,n,,,department,,,
A1-RY,A1,人员经费,personnel,wages,2050101,y,n,n,,,department,,,
A2-GY,A2,公用经费,operation,operations,2050201,n,n,n,,,department,,,
A2-RY,A2,人员经费,personnel,wages,2050201,y,n,n,,,department,,,
A3-RY,A3,人员经费,personnel,wages,2013301,y,n,n,,,department,,," ] || fail "projects: $out"
expect_exit 0 "$ZBB" export items
[ "$out" = "project,seq,content,economic,standard,unit,price,quantity,level,source
A1-GY,1,公用经费（行政）,30201,S-OPS-A,人·年,5000.00,25,1,
A1-RY,1,基本工资,30101,S-WAGE,人·年,60000.00,25,1,
A1-RY,2,津贴补贴,30102,S-ALLOW,人·年,24000.00,25,1,
A1-RY,3,退休费,30302,S-PENS,人·年,36000.00,4,1,
A2-GY,1,公用经费（事业）,30299,S-OPS-F,人·年,3000.00,80,1,
A2-RY,1,基本工资,30101,S-WAGE,人·年,60000.00,80,1,
A2-RY,2,津贴补贴,30102,S-ALLOW,人·年,24000.00,80,1,
A3-RY,1,退休费,30302,S-PENS,人·年,36000.00,2,1," ] || fail "items: $out"

# the rules apply as to any project: nothing to adjust; A1 is over its establishment
expect_exit 0 "$ZBB" --format json check
python3 - "$out" <<'PY' || fail "check: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d["requested_fen"] == 940100000 and d["approved_fen"] == 940100000, d
f = d["findings"]
assert [(x["code"], x["agency"], x["project"]) for x in f] == [("OVER_ESTABLISHMENT", "A1", "A1-RY")], f
assert "实有人数 30 超过编制数 25" in f[0]["message"], f
PY

# generated projects are not imported: items or project rows
printf 'project,seq,content,economic,unit,price,quantity\nA1-RY,4,加班费,30101,人·年,1000,1\n' > it.csv
expect_exit 2 "$ZBB" import items it.csv
contains "$err" "it.csv:2: project: 项目 A1-RY 由 zbb basic 按定员定额生成，不能导入"
"$ZBB" export projects | grep '^A2-GY' > pj.csv
sed -i '1i code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year' pj.csv
expect_exit 2 "$ZBB" import projects pj.csv
contains "$err" "pj.csv:2: code: 项目 A2-GY 由 zbb basic"

# staff change, then basic again: A1 at 20 (below its establishment) counts 20
# A1: 20 × 60,000 + 20 × 24,000 + 4 × 36,000 = 1,824,000; GY 100,000 → basic 8,956,000
# a reviewer's opinion on a generated project stays when it is generated again
printf 'project,seq,round,action,reason\nA1-RY,,1,approve,按定员和定额重新核定\nA1-RY,3,1,cut,退休人数待核实\n' > rv.csv
expect_exit 0 "$ZBB" import reviews rv.csv
printf 'code,name,headcount,establishment,retired,class,function\nA1,市教育局,20,25,4,admin,2050101\n' > ag2.csv
expect_exit 0 "$ZBB" import agencies ag2.csv
expect_exit 0 "$ZBB" basic
contains "$out" "申报 895.60 万元（替换原生成项目 5 个）"
expect_exit 0 "$ZBB" export items
contains "$out" "A1-RY,1,基本工资,30101,S-WAGE,人·年,60000.00,20,1,"
contains "$out" "A1-GY,1,公用经费（行政）,30201,S-OPS-A,人·年,5000.00,20,1,"
expect_exit 1 "$ZBB" check
lacks "$out" "OVER_ESTABLISHMENT"
contains "$out" "A1-RY/3"
expect_exit 0 "$ZBB" export reviews
contains "$out" "A1-RY,,1,approve,,,按定员和定额重新核定,"
contains "$out" "A1-RY,3,1,cut,,,退休人数待核实,"
# an agency whose quotas no longer apply loses its generated project (and its rows)
printf 'code,name,headcount,establishment,retired,class,function\nA3,市档案馆,0,,0,admin,2013301\n' > ag3.csv
expect_exit 0 "$ZBB" import agencies ag3.csv
expect_exit 0 "$ZBB" basic
contains "$out" "2 个单位，4 个项目"
expect_exit 0 "$ZBB" export projects
lacks "$out" "A3-RY"
printf 'code,name,headcount,establishment,retired,class,function\nA3,市档案馆,0,,2,admin,2013301\n' > ag3.csv
expect_exit 0 "$ZBB" import agencies ag3.csv
expect_exit 0 "$ZBB" basic

# the summary reports basic beside project expenditure: a project of 100,000
# and 10,000,000 of funds: everything funded; basic 8,956,000 less the
# review's cut of A1-RY/3 (4 × 36,000 = 144,000) = 8,812,000; project 100,000;
# funded 8,912,000, unused 1,088,000
printf 'code,agency,name,kind,tier,function\nP1,A2,校舍维修,operation,operations,2050201\n' > p1.csv
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,屋面维修,30213,项,100000,1\n' > i1.csv
printf 'code,name,kind,amount\nF1,一般公共预算,general,10000000\n' > src.csv
for k in p1:projects i1:items src:sources; do expect_exit 0 "$ZBB" import ${k#*:} ${k%%:*}.csv; done
expect_exit 0 "$ZBB" --format json allocate
python3 - "$out" <<'PY' || fail "summary: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d["funded_fen"] == 891200000, d
assert d["basic_fen"] == 881200000 and d["project_fen"] == 10000000, d
assert d["unused_fen"] == 108800000 and d["earmarked_unused_fen"] == 0, d
PY
# the stored scenario is a record: after the book changes, its summary is
# read from the inputs it kept, and still says which projects were the
# generated basic ones (they were lost, all counted as projects)
printf 'code,name,kind,amount\nF1,一般公共预算,general,9000000\n' > src2.csv
expect_exit 0 "$ZBB" import sources src2.csv
expect_exit 0 "$ZBB" --format json report summary
python3 - "$out" <<'PY' || fail "the record's summary: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d["stale"] is True, d
assert d["funded_fen"] == 891200000, d
assert d["basic_fen"] == 881200000 and d["project_fen"] == 10000000, d
PY

# a project of the generated code made by hand is not overwritten: refused, nothing stored
export ZBB_BOOK=$PWD/two.db
"$ZBB" init --year 2026 >/dev/null
for k in ag:agencies st:standards q:quotas; do expect_exit 0 "$ZBB" import ${k#*:} ${k%%:*}.csv; done
printf 'code,agency,name,kind,tier,function\nA2-RY,A2,手工人员经费,personnel,wages,2050201\n' > hand.csv
expect_exit 0 "$ZBB" import projects hand.csv
expect_exit 2 "$ZBB" basic
[ "$err" = "zbb: 项目 A2-RY 已存在，且不是 zbb basic 生成的：请先删除或改用其他编码" ] || fail "hand: $err"
expect_exit 0 "$ZBB" export projects
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || fail "nothing stored: $out"
# an agency with quotas that apply but no function code cannot be generated
printf 'code,name,headcount\nA9,无功能分类的单位,3\n' > ag9.csv
expect_exit 0 "$ZBB" import agencies ag9.csv
expect_exit 2 "$ZBB" basic
contains "$err" "单位 A9（无功能分类的单位）没有功能分类"
# English
ZBB_BOOK=$PWD/book.db expect_exit 0 "$ZBB" --lang en basic
contains "$out" "basic expenditure of 2026 generated: 3 agencies, 5 projects, 8 items, requested 895.60 10k yuan (replacing 5 generated projects)"

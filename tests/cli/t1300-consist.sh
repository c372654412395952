# SPEC §4: the kinds of round 2 (agencies' establishment, retired and
# class; quotas; selfevals; the negative list's except) and the import
# consistency rules: a project's and the book's requested totals fit in
# int64 fen, a price's standard inside its pool's prefixes, history and
# selfevals years before the budget year, plans years not before it.
# Each refusal is located and stores nothing.
. "$TOP/tests/cli/lib.sh"
new_book 2026

# --- the new columns and kinds, export → import lossless -------------------
cat > ag.csv <<'X'
code,name,headcount,establishment,retired,class
A1,市教育局,30,25,4,admin
A2,市第一中学,80,,0,full
A3,市档案馆,0,,,
X
expect_exit 0 "$ZBB" import agencies ag.csv
expect_exit 0 "$ZBB" export agencies
[ "$out" = "code,name,parent,headcount,function,establishment,retired,class
A1,市教育局,,30,,25,4,admin
A2,市第一中学,,80,,,0,full
A3,市档案馆,,0,,,0," ] || fail "agencies export: $out"
printf 'code,name,establishment\nA9,某局,-1\n' > bad.csv
expect_exit 2 "$ZBB" import agencies bad.csv
contains "$err" "bad.csv:2: establishment:"

cat > st.csv <<'X'
code,name,economic,unit,max_price
S-WAGE,基本工资,30101,人·年,60000
S-PENS,退休费,30302,人·年,36000
S-OPS,公用经费,30201,人·年,5000
S-PC,台式计算机,31002,台,6000
X
expect_exit 0 "$ZBB" import standards st.csv
cat > q.csv <<'X'
code,standard,kind,count,class
Q1,S-WAGE,人员经费,定员,
Q2,S-PENS,personnel,retired,
Q3,S-OPS,公用经费,staff,admin
X
expect_exit 0 "$ZBB" import quotas q.csv
expect_exit 0 "$ZBB" export quotas
[ "$out" = "code,standard,kind,count,class
Q1,S-WAGE,personnel,staff,
Q2,S-PENS,personnel,retired,
Q3,S-OPS,operation,staff,admin" ] || fail "quotas export: $out"
printf 'code,standard,kind,count\nQ9,S-NONE,personnel,staff\nQ8,S-OPS,wages,staff\n' > bad.csv
expect_exit 2 "$ZBB" import quotas bad.csv
contains "$err" "bad.csv:2: standard:"
contains "$err" "bad.csv:3: kind:"

cat > pj.csv <<'X'
code,agency,name,kind,tier,function
P1,A1,信息化运维,specific,general,2010101
P2,A1,校舍维修,specific,general,2050201
X
expect_exit 0 "$ZBB" import projects pj.csv

cat > se.csv <<'X'
year,project,score,grade,note
2025,P1,55,,整改中
2024,P1,91.5,good,
2025,OLD,70,,已撤销的项目
X
expect_exit 0 "$ZBB" import selfevals se.csv
expect_exit 0 "$ZBB" export selfevals
[ "$out" = "year,project,score,grade,note
2024,P1,91.5,good,
2025,OLD,70,,已撤销的项目
2025,P1,55,,整改中" ] || fail "selfevals export: $out"
# the budget year and later are not past years
printf 'year,project,score\n2026,P1,80\n2025,P2,101\n' > bad.csv
expect_exit 2 "$ZBB" import selfevals bad.csv
contains "$err" "bad.csv:2: year: 年度 2026 应早于预算年度 2026"
contains "$err" "bad.csv:3: score:"
expect_exit 0 "$ZBB" export selfevals
lacks "$out" "2026,"

cat > neg.csv <<'X'
code,description,keyword,except
N1,庆典活动不安排,庆典,国庆典型; 庆典型案例
X
expect_exit 0 "$ZBB" import negative neg.csv
expect_exit 0 "$ZBB" export negative
[ "$out" = "code,description,economic,keyword,scope,except
N1,庆典活动不安排,,庆典,all,国庆典型; 庆典型案例" ] || fail "negative export: $out"

# --- history and plans years ------------------------------------------------
printf 'year,agency,project,budget,executed\n2025,A1,P1,100,90\n2026,A1,P2,100,90\n2027,A1,P2,1,1\n' > h.csv
expect_exit 2 "$ZBB" import history h.csv
contains "$err" "h.csv:3: year: 年度 2026 应早于预算年度 2026"
contains "$err" "h.csv:4: year: 年度 2027 应早于预算年度 2026"
lacks "$err" "h.csv:2:"
expect_exit 0 "$ZBB" --format json info
contains "$out" '"history": 0'
printf 'project,year,amount\nP1,2026,10\nP1,2025,10\nP1,2028,5\n' > pl.csv
expect_exit 2 "$ZBB" import plans pl.csv
contains "$err" "pl.csv:3: year: 年度 2025 早于预算年度 2026"
lacks "$err" "pl.csv:2:"
lacks "$err" "pl.csv:4:"

# --- requested totals fit in int64 fen ----------------------------------------
# INT64_MAX fen is 92,233,720,368,547,758.07 yuan.  5e16 yuan = 5e18 fen:
# one item fits, two in one project (1e19 fen) do not.
cat > it.csv <<'X'
project,seq,content,economic,unit,price,quantity
P2,1,教室维修,30213,间,100,2
P1,1,云服务,30201,年,50000000000000000,1
P1,2,云服务二期,30201,年,50000000000000000,1
X
expect_exit 2 "$ZBB" import items it.csv
[ "$err" = "zbb: it.csv:3: quantity: 项目 P1 的申报总额（各明细单价×数量之和）超出金额范围
zbb: it.csv: 共 1 处错误，未导入任何数据，账簿保持原样" ] || fail "project total: $err"
expect_exit 0 "$ZBB" --format json info
contains "$out" '"items": 0'
# each project fits, the book does not
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,云服务,30201,年,50000000000000000,1\nP2,1,维修,30213,间,50000000000000000,1\n' > it2.csv
expect_exit 2 "$ZBB" import items it2.csv
contains "$err" "it2.csv:3: quantity: 全部项目的申报总额超出金额范围"
# the edge: P1 exactly INT64_MAX fen imports, and the book still loads
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,云服务,30201,年,92233720368547758.07,1\n' > it3.csv
expect_exit 0 "$ZBB" import items it3.csv
expect_exit 0 "$ZBB" --format json info
contains "$out" '"items": 1'
expect_exit 1 "$ZBB" check
contains "$out" "P1 信息化运维（一般项目）申报 9,223,372,036,854.78"
# one fen more in another project: refused, located at that project's line
printf 'project,seq,content,economic,unit,price,quantity\nP2,1,维修,30213,间,0.01,1\n' > it4.csv
expect_exit 2 "$ZBB" import items it4.csv
contains "$err" "it4.csv:2: quantity: 全部项目的申报总额超出金额范围"
expect_exit 1 "$ZBB" check
contains "$out" "P1 信息化运维（一般项目）申报 9,223,372,036,854.78"

# --- a price's standard inside its pool's prefixes ------------------------------
printf 'code,name,economic\nIT,信息化统筹,302;310\nOF,办公,3022\n' > pools.csv
expect_exit 0 "$ZBB" import pools pools.csv
printf 'pool,standard,price\nIT,S-PC,5000\nIT,S-OPS,4000\nOF,S-OPS,4500\n' > pr.csv
expect_exit 2 "$ZBB" import prices pr.csv
[ "$err" = "zbb: pr.csv:4: standard: 支出标准 S-OPS 的经济分类 30201 不在统筹类别 OF 的经济分类前缀（3022）之内
zbb: pr.csv: 共 1 处错误，未导入任何数据，账簿保持原样" ] || fail "prices: $err"
printf 'pool,standard,price\nIT,S-PC,5000\nIT,S-OPS,4000\n' > pr2.csv
expect_exit 0 "$ZBB" import prices pr2.csv
# narrowing a pool afterwards would break a stored price: refused at the pool's line
printf 'code,name,economic\nIT,信息化统筹,310\n' > pools2.csv
expect_exit 2 "$ZBB" import pools pools2.csv
contains "$err" "pools2.csv:2: economic: 支出标准 S-OPS 的经济分类 30201 不在统筹类别 IT 的经济分类前缀（310）之内"
# and so would moving the standard out of it
printf 'code,name,economic,unit,max_price\nS-PC,台式计算机,30299,台,6000\nS-OPS,公用经费,30301,人·年,5000\n' > st2.csv
expect_exit 2 "$ZBB" import standards st2.csv
contains "$err" "st2.csv:3: economic: 支出标准 S-OPS 的经济分类 30301 不在统筹类别 IT"
lacks "$err" "st2.csv:2:"
expect_exit 0 "$ZBB" export pools
contains "$out" "IT,信息化统筹,302;310"

# SPEC §4: export → import is lossless, for every one of the 17 kinds.
# Each kind has a hand-made input (Chinese text, quoted commas, optional
# columns in shuffled order, aliases, grouped numbers) and the canonical
# export written out by hand: columns in the spec's order, money in yuan
# with two decimals, enums as codes, booleans y/n, defaults filled in.
# Book 1 imports the inputs; its export must equal the expected text; book 2
# imports book 1's export; its export must be byte-identical to book 1's.
. "$TOP/tests/cli/lib.sh"
kinds="agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans quotas selfevals"
mkdir in want e1 e2
cat > in/agencies.csv <<'X'
class,retired,establishment,function,headcount,name,code,parent
admin,"1,250",100,205,120,市教育局,A1,
full,,,20502,1200,"市第一中学,高中部",A2,A1
,,0,,,  市财政局  ,A3,
X
cat > want/agencies.csv <<'X'
code,name,parent,headcount,function,establishment,retired,class
A1,市教育局,,120,205,100,1250,admin
A2,"市第一中学,高中部",A1,1200,20502,,0,full
A3,市财政局,,0,,0,0,
X
cat > in/bases.csv <<'X'
valid_to,title,code,level,valid_from
,"《义务教育法》,第四十二条",B1,国家,2006-09-01
2025-12-31,市政府关于校舍维修的通知,B2,municipal,2024-01-01
,"他说""必须""",B3,,
X
cat > want/bases.csv <<'X'
code,title,level,valid_from,valid_to
B1,"《义务教育法》,第四十二条",national,2006-09-01,
B2,市政府关于校舍维修的通知,municipal,2024-01-01,2025-12-31
B3,"他说""必须""",,,
X
cat > in/standards.csv <<'X'
basis,unit,code,max_price,name,economic,quota_per_head,valid_from
B1,台,S1,"6,000",台式计算机,30201,0.5,2024-01-01
,"人·天",S2,550.5,差旅住宿,30211,,
X
cat > want/standards.csv <<'X'
code,name,economic,unit,max_price,quota_per_head,basis,valid_from,valid_to
S1,台式计算机,30201,台,6000.00,0.5,B1,2024-01-01,
S2,差旅住宿,30211,人·天,550.50,,,,
X
cat > in/priorities.csv <<'X'
rank,name,code
2,"教育强市,三年行动",PR2
1,民生实事,PR1
X
cat > want/priorities.csv <<'X'
code,name,rank
PR1,民生实事,1
PR2,"教育强市,三年行动",2
X
cat > in/negative.csv <<'X'
except,scope,keyword,code,description
"国庆典型;庆典型,案例",,庆典,N1,"庆典、论坛,一律不安排"
,major,楼堂馆所,N2,楼堂馆所
X
# a second file replaces N2: an economic prefix instead of the keyword (a
# column left out of the file is stored empty)
cat > in/negative2.csv <<'X'
code,description,economic,scope
N2,楼堂馆所,3099,major
X
cat > want/negative.csv <<'X'
code,description,economic,keyword,scope,except
N1,"庆典、论坛,一律不安排",,庆典,all,"国庆典型;庆典型,案例"
N2,楼堂馆所,3099,,major,
X
cat > in/pools.csv <<'X'
economic,name,code
30201 ; 31002,"信息化建设,运维",PL1
X
cat > want/pools.csv <<'X'
code,name,economic
PL1,"信息化建设,运维",30201;31002
X
cat > in/prices.csv <<'X'
price,standard,pool
"4,800",S1,PL1
X
cat > want/prices.csv <<'X'
pool,standard,price
PL1,S1,4800.00
X
cat > in/projects.csv <<'X'
end_year,score,scope,priority,basis,new,urgent,rigid,function,tier,kind,name,agency,code,start_year
,,,,,,,,2050201,保工资,人员类,在职人员工资,A1,P1,
2028,88.5,government,PR1,B1; B2,是,Y,否,20502,major,specific,"校舍维修,加固",A2,P2,2026
,60,,,,,,,201,operations,operation,公用经费,A3,P3,
X
cat > want/projects.csv <<'X'
code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year
P1,A1,在职人员工资,personnel,wages,2050201,n,n,n,,,department,,,
P2,A2,"校舍维修,加固",specific,major,20502,n,y,y,B1;B2,PR1,government,88.5,2026,2028
P3,A3,公用经费,operation,operations,201,n,n,n,,,department,60,,
X
cat > in/items.csv <<'X'
source,level,quantity,price,unit,standard,economic,content,seq,project
,,12,"8,000",人·月,,30101,基本工资,1,P1
F2,2,"1,000.5",0.01,平方米,,30209,"屋面防水,含材料",1,P2
,3,0.0001,"6,000.00",台,S1,30201,教室电脑,2,P2
X
cat > want/items.csv <<'X'
project,seq,content,economic,standard,unit,price,quantity,level,source
P1,1,基本工资,30101,,人·月,8000.00,12,1,
P2,1,"屋面防水,含材料",30209,,平方米,0.01,1000.5,2,F2
P2,2,教室电脑,30201,S1,台,6000.00,0.0001,3,
X
cat > in/history.csv <<'X'
score,carryover,executed,budget,name,project,agency,year
90,,"950,000",1000000,"旧项目,已撤销",OLD,A1,2025
,12.3,0,0,,P2,A2,2024
X
cat > want/history.csv <<'X'
year,agency,project,name,budget,executed,carryover,score
2024,A2,P2,,0.00,0.00,12.30,
2025,A1,OLD,"旧项目,已撤销",1000000.00,950000.00,0.00,90
X
cat > in/sources.csv <<'X'
amount,function,kind,name,code
"120,000,000",,general,一般公共预算收入,F1
3000000.5,205;2080,earmarked,"中央教育专项,转移支付",F2
X
cat > want/sources.csv <<'X'
code,name,kind,function,amount,budget
F1,一般公共预算收入,general,,120000000.00,public
F2,"中央教育专项,转移支付",earmarked,205;2080,3000000.50,public
X
cat > in/evaluations.csv <<'X'
date,evaluator,compliance,feasibility,targets,economy,necessity,ratio,conclusion,score,project
2026-03-15,"某评估公司,第三方",16,16.5,17,18,19,0.85,调整后支持,86.5,P2
X
cat > want/evaluations.csv <<'X'
project,score,conclusion,ratio,necessity,economy,targets,feasibility,compliance,evaluator,date
P2,86.5,partial,0.85,19,18,17,16.5,16,"某评估公司,第三方",2026-03-15
X
cat > in/reviews.csv <<'X'
reviewer,reason,quantity,price,action,round,seq,project
张三,"重新论证,通过",,,approve,,,P2
李四,按标准核减,800.25,0.01,adjust,2,1,P2
王五,,,,cut,,2,P2
X
cat > want/reviews.csv <<'X'
project,seq,round,action,price,quantity,reason,reviewer
P2,,1,approve,,,"重新论证,通过",张三
P2,1,2,adjust,0.01,800.25,按标准核减,李四
P2,2,1,cut,,,,王五
X
# targets come out by (project, name) in byte order: 师 E5 B8, 维 E7 BB, 验 E9 AA
cat > in/targets.csv <<'X'
weight,unit,value,operator,name,level2,level1,project
20,平方米,"1,000",>=,维修面积,数量,产出,P2
,,95%,>=,验收合格率,质量,output,P2
10.5,,"安全,可靠",qualitative,师生满意度,服务对象满意度,满意度,P2
X
cat > want/targets.csv <<'X'
project,level1,level2,name,operator,value,unit,weight
P2,satisfaction,服务对象满意度,师生满意度,qualitative,"安全,可靠",,10.5
P2,output,数量,维修面积,>=,"1,000",平方米,20
P2,output,质量,验收合格率,>=,95%,,
X
cat > in/plans.csv <<'X'
amount,year,project
"500,000",2027,P2
0.5,2028,P2
X
cat > want/plans.csv <<'X'
project,year,amount
P2,2027,500000.00
P2,2028,0.50
X
cat > in/quotas.csv <<'X'
class,count,kind,standard,code
,定员,人员经费,S2,Q2
admin,retired,operation,S1,Q1
X
cat > want/quotas.csv <<'X'
code,standard,kind,count,class
Q1,S1,operation,retired,admin
Q2,S2,personnel,staff,
X
cat > in/selfevals.csv <<'X'
note,grade,score,project,year
"整改,复评",差,55.5,OLD,2025
,,"90",P2,2024
X
cat > want/selfevals.csv <<'X'
year,project,score,grade,note
2024,P2,90,,
2025,OLD,55.5,poor,"整改,复评"
X
# the projects file arrives in GB18030, as Excel on Chinese Windows writes it
iconv -f UTF-8 -t GB18030 in/projects.csv > in/projects.gb.csv
cmp -s in/projects.csv in/projects.gb.csv && fail "iconv did nothing"
export ZBB_BOOK=$PWD/one.db
"$ZBB" init --year 2026 >/dev/null || fail init
for k in $kinds; do
  f=in/$k.csv; [ "$k" = projects ] && f=in/projects.gb.csv
  expect_exit 0 "$ZBB" import "$k" "$f"
  [ "$k" = projects ] && contains "$err" "已按 GB18030 读取"
  [ "$k" = negative ] && expect_exit 0 "$ZBB" import negative in/negative2.csv && contains "$out" "新增 0，替换 1"
done
for k in $kinds; do
  "$ZBB" export "$k" > e1/$k.csv || fail "export $k"
  cmp -s want/$k.csv e1/$k.csv || fail "export $k differs from the expected:
$(diff want/$k.csv e1/$k.csv)"
done
export ZBB_BOOK=$PWD/two.db
"$ZBB" init --year 2026 >/dev/null || fail init
for k in $kinds; do expect_exit 0 "$ZBB" import "$k" e1/$k.csv; done
for k in $kinds; do
  "$ZBB" export "$k" --output e2/$k.csv || fail "export $k"
  cmp -s e1/$k.csv e2/$k.csv || fail "second export of $k differs: $(diff e1/$k.csv e2/$k.csv)"
done
# re-importing the export into the same book replaces every row
expect_exit 0 "$ZBB" import items e1/items.csv
contains "$out" "3 行：新增 0，替换 3"
# JSON: one document, money as integers in *_fen keys, no bare money keys
for k in $kinds; do
  "$ZBB" --format json export "$k" > e2/$k.json || fail "json $k"
  python3 -m json.tool e2/$k.json >/dev/null || fail "json $k does not parse"
done
python3 - e2 <<'PY' || fail "json checks"
import json, sys
d = sys.argv[1]
items = json.load(open(d + "/items.json"))
assert items[0]["price_fen"] == 800000 and isinstance(items[0]["price_fen"], int), items[0]
assert items[1]["price_fen"] == 1 and items[1]["quantity"] == "1000.5", items[1]
assert items[2]["price_fen"] == 600000 and items[0]["source"] is None, items[2]
assert "price" not in items[0]
src = json.load(open(d + "/sources.json"))
assert [s["amount_fen"] for s in src] == [12000000000, 300000050], src
hist = json.load(open(d + "/history.json"))
assert hist[1]["budget_fen"] == 100000000 and hist[1]["executed_fen"] == 95000000 and hist[0]["carryover_fen"] == 1230, hist
rev = json.load(open(d + "/reviews.json"))
assert rev[0]["seq"] is None and rev[1]["price_fen"] == 1 and rev[1]["round"] == 2, rev
pj = json.load(open(d + "/projects.json"))
assert pj[1]["new"] is True and pj[1]["rigid"] is False and pj[1]["name"] == "校舍维修,加固", pj[1]
for k in ["prices", "plans", "standards"]:
    for row in json.load(open(d + "/%s.json" % k)):
        money = [key for key in row if key.endswith("_fen")]
        assert money and all(isinstance(row[m], int) for m in money), row
PY
true

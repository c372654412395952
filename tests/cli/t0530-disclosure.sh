# SPEC §7 disclosure (公开01–11) of a department with a subordinate unit
# rolled up, worked by hand (yuan):
#   D1 市交通运输局: P1 wages 21401 (30101 80,000; 30305 10,000),
#                    P2 operations 21401 (30201 20,000; 30217 3,000; 30231 7,000)
#   D2 市公路事务中心 (parent D1): P3 2140106 (31005 500,000, score 90),
#                    P4 21401 (30227 40,000, score 80; 2025 carryover 5,000)
#   D3 市文化局 (not D1's): P5 20701 (30227 10,000)
#   sources: E1 earmarked 2140106, 政府性基金 300,000; G0 general 单位资金 25,000;
#            G1 general 一般公共预算 1,000,000
#   draws (SPEC §6.3): P1/1 G0 25,000 + G1 55,000, P1/2 G1 10,000; P2 G1 30,000;
#   P3 E1 300,000 + G1 200,000; P4 carryover 5,000 + G1 35,000; P5 G1 10,000.
#   D1+D2: public 330,000, fund 300,000, capital 0, unit 25,000, carryover 5,000 = 660,000
. "$TOP/tests/cli/lib.sh"
new_book 2026
cat > ag.csv <<'CSV'
code,name,parent,function
D1,市交通运输局,,214
D2,市公路事务中心,D1,214
D3,市文化局,,207
CSV
printf 'code,title\nB1,通知\n' > bases.csv
cat > pr.csv <<'CSV'
code,agency,name,kind,tier,function,basis,score,rigid
P1,D1,在职人员工资,personnel,wages,21401,B1,,y
P2,D1,机关运转,operation,operations,21401,B1,,
P3,D2,国省干线改造,specific,general,2140106,B1,90,
P4,D2,公路养护,specific,general,21401,B1,80,
P5,D3,文物保护,specific,general,20701,B1,,
CSV
cat > it.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,基本工资,30101,项,80000,1
P1,2,生活补助,30305,项,10000,1
P2,1,办公费,30201,项,20000,1
P2,2,公务接待费,30217,项,3000,1
P2,3,公务用车运行维护费,30231,项,7000,1
P3,1,路面改造,31005,项,500000,1
P4,1,养护委托,30227,项,40000,1
P5,1,文物修缮,30227,项,10000,1
CSV
cat > src.csv <<'CSV'
code,name,kind,function,amount,budget
E1,车辆通行费专项,earmarked,2140106,300000,政府性基金预算
G0,事业收入,general,,25000,unit
G1,一般公共预算收入,general,,1000000,public
CSV
printf 'year,agency,project,budget,executed,carryover\n2025,D2,P4,50000,45000,5000\n' > hist.csv
printf 'project,level1,level2,name,operator,value,unit\nP3,output,数量,改造里程,>=,12,公里\n' > tg.csv
for k in agencies:ag bases:bases projects:pr items:it sources:src history:hist targets:tg; do
  expect_exit 0 "$ZBB" import "${k%%:*}" "${k##*:}.csv"
done
expect_exit 0 "$ZBB" allocate
expect_exit 0 "$ZBB" --format json report disclosure --agency D1
echo "$out" > d1.json
py() { python3 - "$@" <<PY || fail "disclosure: $1"
import json
d = json.load(open("d1.json"))
def rows(t, *keys): return [tuple(r[k] for k in keys) for r in d[t]]
$2
PY
}
py "eleven tables" 'assert list(d) == ["revenue_expenditure", "revenue", "expenditure", "fiscal", "public", "public_basic", "sangong", "fund", "capital", "projects", "targets"], list(d)'
py "01 revenue" 'assert rows("revenue_expenditure", "revenue_item", "revenue_fen") == [("一、一般公共预算拨款收入", 33000000), ("二、政府性基金预算拨款收入", 30000000), ("三、国有资本经营预算拨款收入", 0), ("四、单位资金", 2500000), ("本年收入合计", 65500000), ("上年结转", 500000), ("收入总计", 66000000)], rows("revenue_expenditure", "revenue_item", "revenue_fen")'
py "01 expenditure" 'assert rows("revenue_expenditure", "expenditure_item", "expenditure_fen") == [("一、交通运输支出", 66000000), (None, None), (None, None), (None, None), ("本年支出合计", 66000000), ("结转下年", 0), ("支出总计", 66000000)], rows("revenue_expenditure", "expenditure_item", "expenditure_fen")'
py "02 by unit" 'assert rows("revenue", "code", "total_fen", "this_year_fen", "public_fen", "fund_fen", "capital_fen", "unit_fen", "carryover_fen") == [(None, 66000000, 65500000, 33000000, 30000000, 0, 2500000, 500000), ("D1", 12000000, 12000000, 9500000, 0, 0, 2500000, 0), ("D2", 54000000, 53500000, 23500000, 30000000, 0, 0, 500000)], d["revenue"]'
py "03 by function" 'assert rows("expenditure", "code", "name", "total_fen", "basic_fen", "project_fen") == [(None, "合计", 66000000, 12000000, 54000000), ("214", "交通运输支出", 66000000, 12000000, 54000000), ("21401", "公路水路运输", 66000000, 12000000, 54000000), ("21401", "其他（未细分到下级科目）", 16000000, 12000000, 4000000), ("2140106", "", 50000000, 0, 50000000)], d["expenditure"]'
py "04 fiscal" 'assert rows("fiscal", "revenue_item", "revenue_fen")[3:] == [("本年收入合计", 63000000), ("上年结转", 500000), ("收入总计", 63500000)] and rows("fiscal", "expenditure_item", "expenditure_fen")[0] == ("一、交通运输支出", 63500000) and d["fiscal"][-1]["expenditure_fen"] == 63500000, d["fiscal"]'
py "05 public" 'assert rows("public", "code", "total_fen", "basic_fen", "personnel_fen", "public_use_fen", "project_fen") == [(None, 33000000, 9500000, 6500000, 3000000, 23500000), ("214", 33000000, 9500000, 6500000, 3000000, 23500000), ("21401", 33000000, 9500000, 6500000, 3000000, 23500000), ("21401", 13000000, 9500000, 6500000, 3000000, 3500000), ("2140106", 20000000, 0, 0, 0, 20000000)], d["public"]'
py "06 basic by economic" 'assert rows("public_basic", "code", "total_fen", "personnel_fen", "public_use_fen") == [(None, 9500000, 6500000, 3000000), ("301", 5500000, 5500000, 0), ("30101", 5500000, 5500000, 0), ("302", 3000000, 0, 3000000), ("30201", 2000000, 0, 2000000), ("30217", 300000, 0, 300000), ("30231", 700000, 0, 700000), ("303", 1000000, 1000000, 0), ("30305", 1000000, 1000000, 0)], d["public_basic"]'
py "07 sangong" 'assert rows("sangong", "total_fen", "overseas_fen", "reception_fen", "vehicles_fen", "vehicle_purchase_fen", "vehicle_running_fen") == [(1000000, 0, 300000, 700000, 0, 700000), (None, None, None, None, None, None)], d["sangong"]'
py "08 fund" 'assert rows("fund", "code", "total_fen", "project_fen") == [(None, 30000000, 30000000), ("214", 30000000, 30000000), ("21401", 30000000, 30000000), ("2140106", 30000000, 30000000)], d["fund"]'
py "09 capital, empty" 'assert rows("capital", "name", "total_fen") == [("合计", 0)], d["capital"]'
py "10 projects" 'assert rows("projects", "name", "code", "total_fen", "public_fen", "fund_fen", "carryover_fen") == [("合计", None, 54000000, 23500000, 30000000, 500000), ("市公路事务中心", "D2", 54000000, 23500000, 30000000, 500000), ("国省干线改造", "P3", 50000000, 20000000, 30000000, 0), ("公路养护", "P4", 4000000, 3500000, 0, 500000)], d["projects"]'
py "11 targets" 'assert rows("targets", "project", "budget_fen", "level1", "name", "value") == [("国省干线改造", 50000000, "output", "改造里程", "≥ 12公里"), ("公路养护", 4000000, None, "（未设绩效目标）", None)], d["targets"]'
# never the requested amounts: P5 (D3) is not D1's, nothing says 申报
lacks "$out" "P5"
lacks "$out" "requested"
# the text: 表号, title, 部门 line with the roll-up, scenario, unit, notes
expect_exit 0 "$ZBB" report disclosure --agency D1
contains "$out" "公开01表
2026 年部门收支总表
部门：市交通运输局（含所属单位）    场景：base（草案）    单位：万元"
contains "$out" "公开11表"
contains "$out" "注：本表无数据：本部门本年度没有使用国有资本经营预算拨款安排的支出。"
contains "$out" "上年预算数：账簿的历年预算只有项目合计"
# a unit without subordinates; all agencies
expect_exit 0 "$ZBB" --format json report disclosure --agency D2
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['revenue_expenditure'][-1]['revenue_fen'] == 54000000" "$out" || fail "D2 alone"
expect_exit 0 "$ZBB" --format json report disclosure
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['revenue_expenditure'][-1]['revenue_fen'] == 67000000 and len(d['revenue']) == 4" "$out" || fail "all agencies"
# XLSX: eleven sheets with Chinese names in the table order
expect_exit 0 "$ZBB" --format xlsx report disclosure --agency D1 --output d1.xlsx
python3 - <<'PY' || fail "disclosure workbook"
import re, zipfile
z = zipfile.ZipFile("d1.xlsx")
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
assert names == ["部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表", "项目支出表", "项目支出绩效目标表"], names
for i in range(1, 12):
    ws = z.read("xl/worksheets/sheet%d.xml" % i).decode()
    assert 'orientation="landscape"' in ws and 'fitToHeight="0"' in ws, i
sst = z.read("xl/sharedStrings.xml").decode()
for s in ["公开01表", "公开11表", "部门：市交通运输局（含所属单位）", "一般公共预算拨款收入"]:
    assert s in sst, s
PY
# CSV: one file per table, for people (万元, BOM), in a folder or a zip
expect_exit 0 "$ZBB" --format csv report disclosure --agency D1 --output d1csv
[ "$(ls d1csv | wc -l)" -eq 11 ] || fail "11 files: $(ls d1csv)"
[ -f "d1csv/公开01表-部门收支总表.csv" ] || fail "file names: $(ls d1csv)"
[ "$(tail -c +4 d1csv/公开01表-部门收支总表.csv | tr -d '\r' | tail -1)" = "收入总计,66.00,支出总计,66.00" ] || fail "01 csv: $(cat d1csv/公开01表-部门收支总表.csv)"
expect_exit 0 "$ZBB" --format csv report disclosure --agency D1 --output d1.zip
python3 -c "import zipfile; n = zipfile.ZipFile('d1.zip').namelist(); assert len(n) == 11 and n[9] == '公开10表-项目支出表.csv', n" || fail "zip"
expect_exit 0 "$ZBB" --format csv report disclosure --agency D1 --for data --output d1data
grep -q '^收入总计,6600000000,支出总计,6600000000$' d1data/公开01表-部门收支总表.csv && fail "fen are not yuan"
grep -q '^收入总计,66000000,支出总计,66000000$' d1data/公开01表-部门收支总表.csv || fail "data csv in fen: $(cat d1data/公开01表-部门收支总表.csv)"
true

# SPEC §4/§7: `export KIND --format xlsx` is a template an agency fills in
# and the bureau imports unchanged — Chinese headers, a sheet explaining
# each column, drop-down lists for enumerations — for every kind; and
# `report findings --agency A` is the list sent back to the agency.
. "$TOP/tests/cli/lib.sh"
new_book 2026
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
printf 'code,description,economic,keyword,scope\nN1,庆典活动,,庆典,all\n' > neg.csv
printf 'code,name,economic\nPL1,办公设备,30201\n' > pools.csv
printf 'pool,standard,price\nPL1,S1,2800\n' > prices.csv
printf 'project,score,conclusion,ratio,necessity,economy,targets,feasibility,compliance\nP2,86.5,partial,85%%,19,18,17,16.5,16\n' > ev.csv
printf 'project,seq,round,action,price,quantity,reason,reviewer\nP3,1,1,adjust,3000,,按标准核定,张三\nP5,,1,approve,,,,李四\n' > rv.csv
printf 'project,level1,level2,name,operator,value,unit,weight\nP2,output,数量,资助人数,>=,100,人,20\nP2,satisfaction,服务对象满意度,满意度,qualitative,较高,,10\n' > tg.csv
printf 'project,year,amount\nP3,2027,30000\n' > plans.csv
for k in negative:neg pools:pools prices:prices evaluations:ev reviews:rv targets:tg plans:plans; do
  expect_exit 0 "$ZBB" import "${k%%:*}" "${k##*:}.csv"
done
kinds="agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans"
# every kind: export → xlsx → import unchanged → the same rows
for k in $kinds; do
  "$ZBB" export $k > $k.csv || fail "export $k"
  expect_exit 0 "$ZBB" --format xlsx export $k --output $k.xlsx
  contains "$out" "已写出 $k.xlsx"
  expect_exit 0 "$ZBB" import $k $k.xlsx
  expect_exit 0 "$ZBB" export $k
  [ "$out" = "$(cat $k.csv)" ] || fail "$k through its template:
$(diff <(echo "$out") $k.csv)"
done
# the default file name is KIND.xlsx
expect_exit 0 "$ZBB" --format xlsx export plans
[ -s plans.xlsx ] || fail "default name"
# the workbook itself: Chinese headers, enumerations by their Chinese names,
# codes as text, drop-down lists, a help sheet naming every column
python3 - <<'PY' || fail "template layout"
import re, zipfile
z = zipfile.ZipFile("projects.xlsx")
wb = z.read("xl/workbook.xml").decode()
assert re.findall(r'<sheet name="([^"]+)"', wb) == ["项目", "填表说明"], wb
sst = z.read("xl/sharedStrings.xml").decode()
for s in ["项目编码", "预算单位", "保障档次", "保工资", "特定目标类", "在职人员工资", "20501", "从下拉列表中选择", "英文列名"]:
    assert s in sst, s
ws = z.read("xl/worksheets/sheet1.xml").decode()
lists = re.findall(r'<dataValidation type="list"[^>]*sqref="([A-Z]+)2:[A-Z]+10001"[^>]*><formula1>"([^<]*)"</formula1>', ws)
d = dict(lists)
assert d.get("D") == "人员类,运转类,特定目标类", lists   # kind
assert d.get("E") == "保工资,保基本民生,保运转,大事要事,一般项目", lists   # tier
assert d.get("G") == "是,否", lists   # rigid
assert re.search(r'<dataValidation type="decimal"[^>]*><formula1>0</formula1><formula2>100</formula2>', ws), "score range"
# the function code stays text: a string cell, not a number
assert re.search(r'<c r="F2"[^>]*t="s"', ws), "function code as text"
# a note on each header cell
assert any(n.startswith("xl/comments") for n in z.namelist()), z.namelist()
help = z.read("xl/worksheets/sheet2.xml").decode()
assert help.count("<row ") >= 16, "one help row per column"
PY
# the items template: money as numbers the importer reads back exactly
python3 - <<'PY' || fail "items template"
import re, zipfile
ws = zipfile.ZipFile("items.xlsx").read("xl/worksheets/sheet1.xml").decode()
assert re.search(r'<c r="G2"[^>]*><v>100000</v>', ws), ws[:2000]
PY

# report findings: the rules' findings, the reviewers' opinions and the
# cuts of one agency, in words
expect_exit 0 "$ZBB" allocate
expect_exit 0 "$ZBB" report findings --agency A2
contains "$out" "2026 年审核意见和问题清单"
contains "$out" "单位：市财政局（A2）"
contains "$out" "超支出标准"
contains "$out" "第1轮评审"
contains "$out" "按标准核定（评审人：张三）"
contains "$out" "财力不足未安排"
lacks "$out" "A1 "
lacks "$out" "OVER_STANDARD"
# P3/1 3,500 over S1's 3,000: 0.05 万元 × 10 = 0.50 removed; P4 cut 10.00 (100,000)
line() { printf '%s\n' "$out" | grep -E "$1" | tr -s ' '; }
[ "$(line '超支出标准' | awk '{print $NF}')" = 0.50 ] || fail "over standard: $(line '超支出标准')"
[ "$(line '财力不足未安排' | awk '{print $NF}')" = 10.00 ] || fail "capacity: $(line '财力不足未安排')"
expect_exit 0 "$ZBB" --format csv report findings --agency A2
contains "$out" "A2,P3,北斗应用推广,1,办公费,finding,OVER_STANDARD,adjust,"
contains "$out" "A2,P4,财政课题研究,1,课题咨询,allocation,CUT_CAPACITY,error,"
contains "$out" "A2,P3,北斗应用推广,1,办公费,review_round_1,adjust,,按标准核定（评审人：张三）,"
expect_exit 0 "$ZBB" --format xlsx report findings --agency A2
[ -s findings-A2-base.xlsx ] || fail "findings workbook: $out"
expect_exit 2 "$ZBB" report findings --agency NOPE
true

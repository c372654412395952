# SPEC §7 reports for people: titles with the year, the scenario line (草案
# until adoption), 单位：万元, words for codes, money rounded so that the
# shown rows add up to the shown total (尾差 on the largest row, noted), CSV
# for people (BOM, Chinese headers, 万元, totals) and for programs (keys,
# fen), --output for every format, XLSX print set-up.  A book worked by hand:
#   A1 市教育局 P1 10,040 yuan; A2 市卫生健康委员会 P2 20,040; A3 市民政局 P3 10,040
#   all funded (G1 1,000,000).  In 万元: 1.004 1.004 2.004 → 1.00 1.00 2.00,
#   sum 4.00, but the total 4.012 shows 4.01: +0.01 on the largest, A2 → 2.01.
. "$TOP/tests/cli/lib.sh"
new_book 2026
cat > ag.csv <<'CSV'
code,name,function
A1,市教育局,205
A2,市卫生健康委员会,210
A3,市民政局,208
CSV
printf 'code,title\nB1,通知\n' > bases.csv
cat > pr.csv <<'CSV'
code,agency,name,kind,tier,function,basis
P1,A1,学生资助,specific,livelihood,20502,B1
P2,A2,公共卫生服务,specific,livelihood,21004,B1
P3,A3,困难群众救助,specific,livelihood,20801,B1
CSV
cat > it.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,助学金,30308,项,10040,1
P2,1,疫苗接种,30308,项,20040,1
P3,1,救助金,30308,项,10040,1
CSV
printf 'code,name,kind,amount\nG1,一般公共预算收入,general,1000000\n' > src.csv
for k in agencies:ag bases:bases projects:pr items:it sources:src; do
  expect_exit 0 "$ZBB" import "${k%%:*}" "${k##*:}.csv"
done
expect_exit 0 "$ZBB" allocate

# text: title, scenario line, unit, 尾差 on A2, noted
expect_exit 0 "$ZBB" report agencies
contains "$out" "2026 年分单位预算安排"
contains "$out" "场景：base（草案）    单位：万元"
line() { printf '%s\n' "$out" | grep -E "$1" | tr -s ' '; }
[ "$(line '^A1 ')" = "A1 市教育局 1.00 1.00 1.00 0.00" ] || fail "A1: $(line '^A1 ')"
[ "$(line '^A2 ')" = "A2 市卫生健康委员会 2.01 2.01 2.01 0.00" ] || fail "A2: $(line '^A2 ')"
[ "$(line '^ +合计')" = " 合计 4.01 4.01 4.01 0.00" ] || fail "total: $(line '^ +合计')"
contains "$out" "注：“A2 市卫生健康委员会”的“申报数”含尾差 +0.01 万元（各行四舍五入后与“合计”之差，计入最大的一行）"
contains "$out" "
“A2 市卫生健康委员会”的“安排数”含尾差 +0.01 万元"
# in yuan nothing is rounded, nothing noted
expect_exit 0 "$ZBB" --unit yuan report agencies
[ "$(line '^A2 ')" = "A2 市卫生健康委员会 20,040.00 20,040.00 20,040.00 0.00" ] || fail "A2 in yuan"
lacks "$out" "尾差"
# JSON and CSV for programs keep exact fen, keys, codes, no totals row
expect_exit 0 "$ZBB" --format json report agencies
contains "$out" '"funded_fen": 2004000'
expect_exit 0 "$ZBB" --format csv report agencies
[ "$out" = "code,name,requested_fen,approved_fen,funded_fen,base_fen,change
A1,市教育局,1004000,1004000,1004000,0,
A2,市卫生健康委员会,2004000,2004000,2004000,0,
A3,市民政局,1004000,1004000,1004000,0," ] || fail "csv for programs: $out"
# CSV for people: the default when --output names a .csv file
expect_exit 0 "$ZBB" --format csv report agencies --output ag-people.csv
contains "$out" "已写出 ag-people.csv"
[ "$(head -c 3 ag-people.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
[ "$(tail -c +4 ag-people.csv | tr -d '\r')" = "单位编码,单位名称,申报数（万元）,审核数（万元）,安排数（万元）,上年预算（万元）,比上年增减
A1,市教育局,1.00,1.00,1.00,0.00,
A2,市卫生健康委员会,2.01,2.01,2.01,0.00,
A3,市民政局,1.00,1.00,1.00,0.00,
,合计,4.01,4.01,4.01,0.00," ] || fail "csv for people: $(cat ag-people.csv)"
# --for overrides the default either way
expect_exit 0 "$ZBB" --format csv report agencies --for excel
contains "$out" "单位编码,单位名称,申报数（万元）"
expect_exit 0 "$ZBB" --format csv report agencies --output data.csv --for data
[ "$(head -1 data.csv)" = "code,name,requested_fen,approved_fen,funded_fen,base_fen,change" ] || fail "--for data"
expect_exit 2 "$ZBB" --format csv report agencies --for nobody
# --output for text and json too
expect_exit 0 "$ZBB" --format json report agencies --output ag.json
python3 -c "import json; d=json.load(open('ag.json')); assert [r['funded_fen'] for r in d]==[1004000,2004000,1004000], d" || fail "json --output"
expect_exit 0 "$ZBB" report agencies --output ag.txt
grep -q "^A2 .*2.01" ag.txt || fail "text --output: $(cat ag.txt)"
expect_exit 0 "$ZBB" report summary --output sum.txt
grep -q "申报数" sum.txt || fail "summary --output"
expect_exit 0 "$ZBB" --format json report summary --output sum.json
python3 -c "import json; assert json.load(open('sum.json'))['funded_fen']==4012000" || fail "summary json --output"

# words, not codes: 是/否 for livelihood, stages and the summary's keys
expect_exit 0 "$ZBB" report functions
[ "$(line '^205 ')" = "205 教育支出 1.00 是" ] || fail "functions words: $(line '^205 ')"
expect_exit 0 "$ZBB" --format csv report summary --for excel
contains "$out" "申报数,4.01"
contains "$out" "节约：支出标准,0.00"
lacks "$out" "requested_fen"
expect_exit 0 "$ZBB" report ledger
contains "$out" "申报数"
contains "$out" "安排数"
lacks "$out" "requested"
# a what-if too poor for P2: its item is cut, in words
expect_exit 1 "$ZBB" allocate --scenario tight --capacity 25000
expect_exit 0 "$ZBB" report cuts --scenario tight
contains "$out" "场景：tight（草案）"
contains "$out" "财力不足未安排"
contains "$out" "三保缺口"
lacks "$out" "CUT_CAPACITY"

# XLSX: a Chinese sheet name, the title and lines above the header, the
# shown values (adding up), A4 landscape fitted to one page wide, the
# header row repeated on every page
expect_exit 0 "$ZBB" --format xlsx report agencies --output ag.xlsx
python3 - <<'PY' || fail "xlsx layout"
import re, zipfile
z = zipfile.ZipFile("ag.xlsx")
wb = z.read("xl/workbook.xml").decode()
assert 'name="分单位预算安排"' in wb, wb
assert re.search(r'<definedName name="_xlnm.Print_Titles" localSheetId="0">\'?分单位预算安排\'?!\$4:\$4</definedName>', wb), wb
ws = z.read("xl/worksheets/sheet1.xml").decode()
ps = re.search(r'<pageSetup ([^>]*)/>', ws).group(1)
for a in ['paperSize="9"', 'orientation="landscape"', 'fitToHeight="0"']:
    assert a in ps, ps
assert '<pageSetUpPr fitToPage="1"/>' in ws, ws
sst = z.read("xl/sharedStrings.xml").decode()
for s in ["2026 年分单位预算安排", "场景：base（草案）", "单位：万元", "单位编码", "合计", "含尾差 +0.01 万元"]:
    assert s in sst, s
# row 5 is A1, row 6 A2 (2.01), row 8 the total (4.01)
def cells(r):
    m = re.search(r'<row r="%d"[^>]*>(.*?)</row>' % r, ws)
    return re.findall(r'<c r="([A-Z]+)%d"[^>]*><v>([^<]*)</v>' % r, m.group(1))
assert ("E", "2.01") in cells(6), cells(6)
assert ("E", "4.01") in cells(8), cells(8)
PY
true

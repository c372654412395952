# import from .xlsx (SPEC §4: first sheet, same header as CSV); export gives the CSV back
. "$TOP/tests/cli/lib.sh"
MK=$TOP/build/mkxlsx
[ -x "$MK" ] || fail "no $MK (make build/mkxlsx)"
new_book 2026
T=$(printf '\t')

# agencies: columns in another order, numbers as numbers, an empty row, an
# empty cell in the middle, a second sheet that must be ignored
cat > agencies.tsv <<ROWS
name${T}code${T}headcount${T}parent
市财政局${T}A01${T}#120
 教育局 ${T}A02${T}${T}A01

市一中${T}A03${T}#85${T}A02
---
name${T}code
忽略${T}X99
ROWS
"$MK" agencies.xlsx < agencies.tsv || fail "mkxlsx agencies"
expect_exit 0 "$ZBB" import agencies agencies.xlsx
contains "$out" "3"
expect_exit 0 "$ZBB" export agencies
[ "$out" = "code,name,parent,headcount,function,establishment,retired,class
A01,市财政局,,120,,,0,
A02,教育局,A01,0,,,0,
A03,市一中,A02,85,,,0," ] || fail "agencies export:
$out"

# projects from CSV, items from xlsx: the price written as 12500.5 comes back as 12500.50
cat > projects.csv <<CSV
code,agency,name,kind,tier,function
P1,A02,办公运转,operation,operations,20101
CSV
expect_exit 0 "$ZBB" import projects projects.csv
cat > items.tsv <<ROWS
project${T}seq${T}content${T}economic${T}unit${T}price${T}quantity${T}level
P1${T}#1${T}办公用品，含“引号”${T}30201${T}批${T}#12500.5${T}#2
P1${T}#2${T}差旅${T}30211${T}人次${T}#800${T}#15${T}#2
ROWS
"$MK" items.xlsx < items.tsv || fail "mkxlsx items"
expect_exit 0 "$ZBB" import items items.xlsx
expect_exit 0 "$ZBB" export items
[ "$out" = "project,seq,content,economic,standard,unit,price,quantity,level,source
P1,1,办公用品，含“引号”,30201,,批,12500.50,2,1,
P1,2,差旅,30211,,人次,800.00,15,2," ] || fail "items export:
$out"
# export → import is lossless
"$ZBB" export items > items.csv || fail "export items"
expect_exit 0 "$ZBB" import items items.csv
expect_exit 0 "$ZBB" export items
[ "$out" = "$(cat items.csv)" ] || fail "items round trip"

# a bad cell: FILE:ROW: column: reason, exit 2, nothing written
cat > bad.tsv <<ROWS
project${T}seq${T}content${T}economic${T}unit${T}price${T}quantity

P1${T}#3${T}打印机${T}31002${T}台${T}#3000.123${T}#1
P1${T}#4${T}纸张${T}30201${T}箱${T}#100${T}两箱
ROWS
"$MK" bad.xlsx < bad.tsv || fail "mkxlsx bad"
expect_exit 2 "$ZBB" import items bad.xlsx
contains "$err" "bad.xlsx:3: price:"
contains "$err" "bad.xlsx:4: quantity:"
expect_exit 0 "$ZBB" export items
lacks "$out" "打印机"

# a zip's signature but no workbook; English on request (a CSV named .xlsx
# is read as CSV: the content decides, t0330)
printf 'PK\003\004 truncated' > notzip.xlsx
expect_exit 2 "$ZBB" import agencies notzip.xlsx
contains "$err" "notzip.xlsx: 不是有效的 XLSX 文件"
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" import agencies notzip.xlsx
contains "$err" "notzip.xlsx: not a valid XLSX file"
true

# SPEC §2/§4: imports take what Excel and WPS write — Chinese headers, a
# header-only file, a bare quote, 2026/1/1 dates, "1,250" integers, percents
# where a ratio is asked (and an error elsewhere), XLSX cells formatted as
# percents — and judge a file by its content, refusing XLS/ODS/UTF-16/tab/
# semicolon files by name.  Expected values worked out by hand.
. "$TOP/tests/cli/lib.sh"
MK=$TOP/build/mkxlsx
[ -x "$MK" ] || fail "no $MK (make build/mkxlsx)"
new_book 2026
T=$(printf '\t')

# Chinese headers (the names zbb prints), a quoted "1,250" headcount, a bare
# quote inside an unquoted field
printf '单位编码,单位名称,实有人数,功能分类\nA1,长株潭供水"水塔"管理处,"1,250",213\n' > ag.csv
expect_exit 0 "$ZBB" import agencies ag.csv
expect_exit 0 "$ZBB" export agencies
[ "$out" = 'code,name,parent,headcount,function,establishment,retired,class
A1,"长株潭供水""水塔""管理处",,1250,213,,0,' ] || fail "agencies: $out"
# the export reads back unchanged (the quote is now doubled, as RFC 4180)
"$ZBB" export agencies > ag2.csv
expect_exit 0 "$ZBB" import agencies ag2.csv
expect_exit 0 "$ZBB" export agencies
[ "$out" = "$(cat ag2.csv)" ] || fail "agencies round trip"

# a header-only file imports nothing and succeeds: export an empty kind, import it
"$ZBB" export bases > empty.csv
[ "$(cat empty.csv)" = "code,title,level,valid_from,valid_to" ] || fail "empty export: $(cat empty.csv)"
expect_exit 0 "$ZBB" import bases empty.csv
expect_exit 0 "$ZBB" export bases
[ "$out" = "code,title,level,valid_from,valid_to" ] || fail "bases after a header-only import: $out"

# dates as Excel on Chinese Windows writes them
printf '依据编码,文件名称,生效日期,失效日期\nB1,通知,2026/1/1,2026/12/31\nB2,办法,2025/07/01,\n' > bases.csv
expect_exit 0 "$ZBB" import bases bases.csv
expect_exit 0 "$ZBB" export bases
[ "$out" = "code,title,level,valid_from,valid_to
B1,通知,,2026-01-01,2026-12-31
B2,办法,,2025-07-01," ] || fail "bases: $out"

# a ratio as a percent: 85% is exactly 0.85 (JSON carries the ratio)
printf 'code,agency,name,kind,tier,function,new\nP1,A1,供水改造,specific,general,21303,y\n' > pr.csv
expect_exit 0 "$ZBB" import projects pr.csv
printf 'project,score,conclusion,ratio\nP1,80,partial,85%%\n' > ev.csv
expect_exit 0 "$ZBB" import evaluations ev.csv
expect_exit 0 "$ZBB" export evaluations
contains "$out" "P1,80,partial,0.85,"
# a percent anywhere else is an error, never a silent change of value
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,管材,31005,米,100,100%%\n' > it.csv
expect_exit 2 "$ZBB" import items it.csv
contains "$err" "zbb: it.csv:2: quantity: 此列不接受百分数（只有比例列可写 85%）: “100%”"
# the same from XLSX: a cell formatted 0% holding 1 is "100%" to the importer
cat > it.tsv <<ROWS
project${T}seq${T}content${T}economic${T}unit${T}price${T}quantity
P1${T}#1${T}管材${T}31005${T}米${T}#100${T}&1
ROWS
"$MK" it.xlsx < it.tsv || fail "mkxlsx"
expect_exit 2 "$ZBB" import items it.xlsx
contains "$err" "zbb: it.xlsx:2: quantity: 此列不接受百分数（只有比例列可写 85%）: “100%”"
# ... and 85% in a ratio column is 0.85
cat > ev.tsv <<ROWS
project${T}score${T}conclusion${T}ratio
P1${T}#80${T}partial${T}&0.85
ROWS
"$MK" ev.xlsx < ev.tsv || fail "mkxlsx"
printf 'project,score,conclusion\nP1,80,support\n' > ev0.csv
expect_exit 0 "$ZBB" import evaluations ev0.csv
expect_exit 0 "$ZBB" import evaluations ev.xlsx
expect_exit 0 "$ZBB" export evaluations
contains "$out" "P1,80,partial,0.85,"

# the format is the content's, not the name's: an XLSX named .csv is read
# as XLSX, a CSV named .xlsx as CSV
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,管材,31005,米,"1,250.50",2\n' > it.csv
cp it.csv it-really-csv.xlsx
expect_exit 0 "$ZBB" import items it-really-csv.xlsx
cat > it2.tsv <<ROWS
project${T}seq${T}content${T}economic${T}unit${T}price${T}quantity
P1${T}#2${T}阀门${T}31005${T}个${T}#80${T}#3
ROWS
"$MK" it2.xlsx < it2.tsv && cp it2.xlsx it2-really-xlsx.csv
expect_exit 0 "$ZBB" import items it2-really-xlsx.csv
expect_exit 0 "$ZBB" export items
[ "$out" = "project,seq,content,economic,standard,unit,price,quantity,level,source
P1,1,管材,31005,,米,1250.50,2,1,
P1,2,阀门,31005,,个,80.00,3,1," ] || fail "items: $out"

# refused by name, whatever the file is called
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0' > old.csv
expect_exit 2 "$ZBB" import agencies old.csv
contains "$err" "zbb: old.csv: 文件是旧版 Excel 工作簿（.xls）或加密的工作簿，请另存为 .xlsx 或“CSV UTF-8（逗号分隔）”"
# an OpenDocument spreadsheet: a zip whose first, stored member is "mimetype"
python3 - <<'PY' 2>/dev/null || printf 'PK\003\004\024\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\010\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet' > book.ods
import zipfile
with zipfile.ZipFile("book.ods", "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", "<x/>")
PY
expect_exit 2 "$ZBB" import agencies book.ods
contains "$err" "zbb: book.ods: 文件是 OpenDocument 表格（.ods），请另存为 .xlsx 或“CSV UTF-8（逗号分隔）”"
# "Unicode 文本": UTF-16 LE with a BOM, tab-separated
printf 'code\tname\r\nA9\tx\r\n' | iconv -f UTF-8 -t UTF-16 > u16.txt
expect_exit 2 "$ZBB" import agencies u16.txt
contains "$err" "zbb: u16.txt: 文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”）"
printf 'code\tname\nA9\tx\n' > tab.csv
expect_exit 2 "$ZBB" import agencies tab.csv
contains "$err" "zbb: tab.csv:1: 文件是制表符分隔的文本"
printf 'code;name\nA9;x\n' > semi.csv
expect_exit 2 "$ZBB" import agencies semi.csv
contains "$err" "zbb: semi.csv:1: 文件是分号分隔的文本"
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" import agencies semi.csv
contains "$err" "zbb: semi.csv:1: the file is semicolon-separated text"
# nothing of those refused files reached the book
expect_exit 0 "$ZBB" export agencies
lacks "$out" "A9"

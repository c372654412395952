# Bounded readers (issue 18): an XLSX whose shared strings are used many
# times is refused beyond the reader's text budget (XLSX_MAX_TEXT, 64 MiB)
# with a message saying so, quickly and without the memory; codes refuse
# invisible characters (U+200B, U+FEFF, U+202E, NBSP …) in files and in
# the API; names are trimmed of them.
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed (scripts/setup.sh)"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
new_book 2026

# xlsx-1 one 3,900-byte shared string used in 20,000 rows: 78 MB of text from a small file
python3 - <<'PY'
import zipfile
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<si><t>code</t></si><si><t>name</t></si><si><t>' + 'x' * 3900 + '</t></si></sst>')
rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>']
for i in range(2, 20002):
    rows.append('<row r="%d"><c r="A%d" t="inlineStr"><is><t>B%d</t></is></c><c r="B%d" t="s"><v>2</v></c></row>' % (i, i, i, i))
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + ''.join(rows) + '</sheetData></worksheet>')
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n, t in [('[Content_Types].xml', ct), ('_rels/.rels', rels), ('xl/workbook.xml', wb),
                 ('xl/_rels/workbook.xml.rels', wbrels), ('xl/sharedStrings.xml', sst), ('xl/worksheets/sheet1.xml', sheet)]:
        z.writestr(n, t)
PY
[ "$(stat -c %s bomb.xlsx)" -lt 400000 ] || fail "xlsx-1 the file is not small"
t0=$(date +%s%N)
expect_exit 2 "$ZBB" import agencies bomb.xlsx
ms=$((($(date +%s%N) - t0) / 1000000))
contains "$err" "64 MiB"
contains "$err" "共享字符串"
[ "$ms" -lt 20000 ] || fail "xlsx-1 took $ms ms"
[ "$(sqlite3 book.db "SELECT count(*) FROM agencies")" = 0 ] || fail "xlsx-1 rows stored"

# inv-1 codes with invisible characters are refused, located; names are trimmed of them
zw=$(printf '\u200b'); bom=$(printf '\ufeff'); rlo=$(printf '\u202e'); nbsp=$(printf '\u00a0'); ideo=$(printf '\u3000')
printf 'code,name\nA1,单位一\n' > a.csv
expect_exit 0 "$ZBB" import agencies a.csv
for bad in "A1$zw" "A${bom}2" "${rlo}A3" "A4$nbsp" "A${ideo}5"; do
	printf 'code,name\n%s,单位\n' "$bad" > bad.csv
	expect_exit 2 "$ZBB" import agencies bad.csv
	contains "$err" "bad.csv:2: code"
	contains "$err" "不可见字符"
done
[ "$(sqlite3 book.db 'SELECT count(*) FROM agencies')" = 1 ] || fail "inv-1 a code with an invisible character was stored"
printf 'code,name\nA2,%s单位二%s\n' "$zw$nbsp" "$ideo$bom" > trim.csv
expect_exit 0 "$ZBB" import agencies trim.csv
[ "$(sqlite3 book.db "SELECT name FROM agencies WHERE code='A2'")" = "单位二" ] || fail "inv-1 the name is not trimmed"
printf 'code,title,level,valid_from,valid_to\nB1,依据,national,2015-01-01,\n' > b.csv
expect_exit 0 "$ZBB" import bases b.csv
printf 'code,agency,name,kind,tier,function,basis\nP1,A1,项目,specific,general,2050201,B1%s\n' "$zw" > p.csv
expect_exit 2 "$ZBB" import projects p.csv
contains "$err" "不可见字符"

# inv-2 the API refuses them too
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
csrf=$(curl -s -c jar -H 'Content-Type: application/json' -H "Origin: $url" \
	-d '{"name":"bud","password":"budget-pass-1"}' "$url/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
post() { curl -s -o body.txt -w '%{http_code}' -b jar -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
	-H "Origin: $url" -d "$1" "$url/api/v1/projects"; }
body='{"code":"P-OK\u200b","agency":"A1","name":"项目","kind":"specific","tier":"general","function":"2050201"}'
[ "$(post "$body")" = 422 ] || fail "inv-2 a code with U+200B: $(cat body.txt)"
contains "$(cat body.txt)" '"field":"code"'
body='{"code":"P-OK","agency":"A1","name":"\u00a0项目\u200b","kind":"specific","tier":"general","function":"2050201"}'
[ "$(post "$body")" = 201 ] || fail "inv-2 a clean code: $(cat body.txt)"
[ "$(sqlite3 book.db "SELECT name FROM projects WHERE code='P-OK'")" = "项目" ] || fail "inv-2 the name is not trimmed"
echo ok

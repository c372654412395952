# zbb report approval (SPEC §12): the 批复 of the adopted budget for one
# agency with its subordinate unit, on a book made here.  By hand, in 万元:
#   D1 市教育局 (3rd of none: 1st in code order) with D2 市第一中学 under it;
#   P1 wages 30101 100000×10 + 30102 2000×120 = 1,240,000   basic, 人员经费
#   P2 operation 30201 办公费 requested 3500×10, standard S1 3000 → 30,000 公用经费
#   P3 助学金 30308 1500.45×200 = 300,090 (2050202)        project
#   P4 (D2) 30216 33,340 + 30202 33,330 + 31002 33,332 = 100,002 (2050203),
#      50,000 of it from the earmarked fund-budget source E1
#   total 1,670,092 = 167.01; basic 127.00 (124.00 + 3.00); projects 40.01
#   (30.01 + 10.00); public 162.01, fund 5.00.  P4's items 3.33 each add to
#   9.99 against 10.00: the 尾差 +0.01 goes on the largest, 30216 → 3.34.
#   Economic 302: 30201 3.00 + 30202 3.33 + 30216 3.34 = 9.67 (966,70 fen·100).
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 reads the JSON"
new_book 2027
cat > agencies.csv <<'CSV'
code,name,parent,headcount,function
D1,市教育局,,20,20501
D2,市第一中学,D1,30,2050203
D3,市文化和旅游局,,8,20701
CSV
printf 'code,title,level,valid_from\nB1,《关于进一步深化预算管理制度改革的意见》,national,2021-01-01\n' > bases.csv
printf 'code,name,economic,unit,max_price\nS1,办公费,30201,人·年,3000\n' > standards.csv
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function,rigid,basis
P1,D1,在职人员工资,personnel,wages,20501,y,
P2,D1,机关日常运转,operation,operations,20501,,
P3,D1,学生资助,specific,livelihood,2050202,,B1
P4,D2,教师培训,specific,general,2050203,,B1
P5,D3,文化惠民演出,specific,general,20701,,B1
CSV
cat > items.csv <<'CSV'
project,seq,content,economic,standard,unit,price,quantity
P1,1,基本工资,30101,,人·年,100000,10
P1,2,津贴补贴,30102,,人·年,2000,120
P2,1,办公费,30201,S1,人·年,3500,10
P3,1,助学金,30308,,人,1500.45,200
P4,1,教师培训,30216,,项,33340,1
P4,2,培训教材印制,30202,,项,33330,1
P4,3,教学设备,31002,,台,33332,1
P5,1,演出委托,30227,,场,200000,1
CSV
cat > sources.csv <<'CSV'
code,name,kind,function,amount,budget
E1,教育专项（政府性基金）,earmarked,2050203,50000,fund
G1,一般公共预算收入,general,,2000000,public
CSV
for k in agencies bases standards projects items sources; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
# settings: validated words
expect_exit 2 "$ZBB" set approval_prefix " 财预"
contains "$err" "approval_prefix"
expect_exit 2 "$ZBB" set bureau_name "$(printf '某某\t市财政局')"
contains "$err" "控制字符"
expect_exit 2 "$ZBB" set approval_prefix 一二三四五六七八九十十一
contains "$err" "最多 10 个字"
expect_exit 0 "$ZBB" set bureau_name 杭州市财政局
expect_exit 0 "$ZBB" set approval_prefix 杭财预
[ "$("$ZBB" get approval_prefix)" = 杭财预 ] || fail "get approval_prefix"
expect_exit 0 "$ZBB" allocate
# approval-1 refused before adoption, and without --agency
expect_exit 2 "$ZBB" report approval --agency D1
contains "$err" "2027 年度预算尚未批准"
expect_exit 2 "$ZBB" report approval
contains "$err" "--agency"
# the season, then adoption
for a in D1 D2 D3; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
printf 'agency,round,amount\nD1,2,1670092\nD2,2,100002\nD3,2,200000\n' > controls.csv
"$ZBB" import controls controls.csv >/dev/null || fail "controls"
"$ZBB" issue --round 2 >/dev/null || fail "issue"
for a in D1 D2 D3; do
  "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null && "$ZBB" approve $a >/dev/null || fail "round 2 of $a"
done
"$ZBB" allocate >/dev/null || fail "allocate again"
expect_exit 0 "$ZBB" adopt --scenario base
# approval-2 refusals after adoption: unknown agency, another scenario
expect_exit 2 "$ZBB" report approval --agency D9
contains "$err" "没有这个单位：D9"
expect_exit 2 "$ZBB" report approval --agency D1 --scenario other
contains "$err" "只能出自已批准的预算"
head=$("$ZBB" audit head)
# approval-3 the text: the notice, the number, the totals, the anchor
expect_exit 0 "$ZBB" report approval --agency D1 --scenario adopted
txt=$out
contains "$txt" "杭州市财政局关于批复市教育局2027年部门预算的通知"
contains "$txt" "杭财预〔2027〕1号"
contains "$txt" "市教育局："
contains "$txt" "经市人民代表大会审议批准，现将你单位2027年部门预算批复如下"
contains "$txt" "部门预算支出 167.01 万元，其中基本支出 127.00 万元、项目支出 40.01 万元"
contains "$txt" "一般公共预算拨款 162.01 万元，政府性基金预算拨款 5.00 万元"
contains "$txt" "请严格按照批复的预算执行"
contains "$txt" "2026年11月1日"
contains "$txt" "审计锚点：$head"
line() { grep -E "^ *$1" <<<"$txt" | head -1 | tr -s ' '; }
[ "$(line '合计 ')" = "合计 167.01 162.01 5.00 0.00 0.00 0.00" ] || fail "totals row: $(line '合计 ')"
[ "$(line '基本支出 ')" = "基本支出 127.00 127.00 0.00 0.00 0.00 0.00" ] || fail "basic: $(line '基本支出 ')"
[ "$(line '人员经费')" = " 人员经费 124.00 124.00 0.00 0.00 0.00 0.00" ] || fail "personnel: $(line '人员经费')"
[ "$(line '项目支出 ')" = "项目支出 40.01 35.01 5.00 0.00 0.00 0.00" ] || fail "projects: $(line '项目支出 ')"
[ "$(line '20502 ')" = "20502 普通教育 40.01 0.00 40.01" ] || fail "20502: $(line '20502 ')"
[ "$(line '2050202')" = "2050202 小学教育 30.01 0.00 30.01" ] || fail "2050202"
[ "$(line '20501 ')" = "20501 教育管理事务 127.00 127.00 0.00" ] || fail "20501"
[ "$(line '302 ')" = "302 商品和服务支出 9.67 3.00 6.67" ] || fail "302: $(line '302 ')"
[ "$(line '30216 ')" = "30216 培训费 3.34 0.00 3.34" ] || fail "30216: $(line '30216 ')"
[ "$(line '303 ')" = "303 对个人和家庭的补助 30.01 0.00 30.01" ] || fail "303"
[ "$(line 'P4 ')" = "P4 教师培训（市第一中学） 2050203 初中教育 10.00" ] || fail "P4: $(line 'P4 ')"
contains "$txt" "教学设备"
contains "$txt" "31002 办公设备购置"
contains "$txt" "尾差 +0.01"
# not another agency's project, nor a requested amount (P2 asked 3.50)
case $txt in *文化惠民*|*3.50*|*申报*) fail "the approval shows what it should not" ;; esac
# approval-4 JSON: fen, the number, the anchor, no requested keys
expect_exit 0 "$ZBB" --format json report approval --agency D1
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
[ "$(j 'd["document_number"]')" = "杭财预〔2027〕1号" ] || fail "json number"
[ "$(j 'd["audit_head"]')" = "$head" ] || fail "json head"
[ "$(j 'd["totals"][0]["total_fen"]')" = 167009200 ] || fail "json total"
[ "$(j 'd["totals"][0]["fund_fen"]')" = 5000000 ] || fail "json fund"
[ "$(j 'sum(r["funded_fen"] for r in d["projects"] if r["project"] is None and r["name"] in ("教师培训","培训教材印制","教学设备"))')" = 10000200 ] || fail "json P4 items"
[ "$(j '"requested" in json.dumps(d)')" = False ] || fail "json has requested amounts"
[ "$(j 'd["adopted_at"]')" = 2026-11-01T09:00:00Z ] || fail "json date"
# what a person reads, as the text shows it (167.01 万元 = 167,010,000 fen; the 项目支出 row 40.01, its 尾差 noted)
[ "$(j 'd["shown"]["totals"]["unit"], d["shown"]["totals"]["rows"][0]["total_fen"], d["shown"]["totals"]["rows"][4]["total_fen"], d["shown"]["projects"]["rows"][0]["funded_fen"]')" = "('wan', 167010000, 40010000, 167010000)" ] ||
  fail "json shown: $(j 'd["shown"]["totals"]')"
[ "$(j 'any("尾差" in n for k in d["shown"] for n in d["shown"][k]["notes"])')" = True ] || fail "json shown notes"
[ "$(j 'len(d["shown"]["economic"]["rows"]) == len(d["economic"])')" = True ] || fail "json shown rows align"
# approval-5 D3: number 3 (its place in code order)
expect_exit 0 "$ZBB" report approval --agency D3
contains "$out" "杭财预〔2027〕3号"
contains "$out" "文化惠民演出"
# approval-6 CSV: one file per table
expect_exit 0 "$ZBB" --format csv report approval --agency D1 --output csvdir
[ "$(ls csvdir | wc -l)" = 4 ] || fail "4 CSV files: $(ls csvdir)"
# approval-7 the API: the budget office any agency, an agency user its own only
if command -v curl >/dev/null; then
  "$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
  "$ZBB" user add edu --role agency --agency D1 --password-stdin <<< 'agency-pass-1' >/dev/null || fail "user edu"
  "$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
  for _ in $(seq 50); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
  login() { curl -s -H 'Sec-Fetch-Site: same-origin' -c "$3" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/login" >/dev/null; }
  login bud budget-pass-1 bud.jar
  login edu agency-pass-1 edu.jar
  get() { res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$1" -w ' %{http_code}' "$url/api/v1$2"); status=${res##* }; res=${res% *}; }
  get bud.jar '/reports/approval?agency=D3'
  [ "$status" = 200 ] || fail "budget reads D3: $status $res"
  out=$res
  [ "$(j 'd["document_number"]')" = "杭财预〔2027〕3号" ] || fail "api number"
  [ "$(j 'd["totals"][0]["total_fen"]')" = 20000000 ] || fail "api D3 total"
  get edu.jar '/reports/approval?agency=D1'
  [ "$status" = 200 ] || fail "agency reads its own: $status $res"
  get edu.jar '/reports/approval'
  [ "$status" = 200 ] || fail "agency's own by default: $status $res"
  get edu.jar '/reports/approval?agency=D3'
  [ "$status" = 403 ] || fail "agency reads another's: $status $res"
  get bud.jar '/reports/approval?agency=D9'
  [ "$status" = 404 ] || fail "unknown agency: $status $res"
  get bud.jar '/reports/approval'
  [ "$status" = 422 ] || fail "no agency: $status $res"
  curl -s -H 'Sec-Fetch-Site: same-origin' -b bud.jar -o api.xlsx "$url/api/v1/reports/approval?agency=D1&format=xlsx" || fail "api xlsx"
  [ "$(head -c 2 api.xlsx)" = PK ] || fail "api xlsx is a workbook"
  kill "$pid"; wait "$pid" 2>/dev/null; trap - EXIT
fi
# approval-8 XLSX through LibreOffice: A4 portrait, every table, the anchor
# (the users added since are in the log: the anchor is the head when printed)
head=$("$ZBB" audit head)
expect_exit 0 "$ZBB" --format xlsx report approval --agency D1 --output d1.xlsx
command -v soffice >/dev/null || skip "no LibreOffice (soffice): the XLSX was written, not printed"
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || skip "no poppler-utils (pdfinfo, pdftotext)"
LO="soffice --headless -env:UserInstallation=file://$PWD/lo-profile"
$LO --convert-to pdf --outdir pdf d1.xlsx >lo.log 2>&1 || fail "soffice pdf: $(cat lo.log)"
info=$(pdfinfo pdf/d1.pdf)
contains "$info" "595.3"
grep -q "^Pages: *4$" <<<"$info" || fail "4 pages: $info"
grep -E "^Page size:.*595\.[0-9]* x 841\.[0-9]*" <<<"$info" >/dev/null || fail "A4 portrait: $info"
pdftotext -layout pdf/d1.pdf d1.txt
t=$(cat d1.txt)
contains "$t" "杭州市财政局关于批复市教育局2027年部门预算的通知"
contains "$t" "杭财预〔2027〕1号"
contains "$t" "167.01"
contains "$t" "第 1 页"
contains "$t" "共 4 页"
contains "$t" "审计锚点：$head"
true

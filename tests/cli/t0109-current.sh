# the current budget (SPEC §12): adopted funded + adjustments, and --as
# adopted|current on summary, agencies and disclosure (current.h says
# where an adjustment's money comes from).  The small book of t0500 with
# E1 as a government fund (budget fund); adopted per item (yuan), as
# zbb explain shows: P1/1 1,000,000 (A1; E1 100,000, then G1 900,000),
# P2/1 200,000 (A1, G1), P3/1 30,000 (A2, G1), P4/1 0 (A2), P5/1 60,000
# and P5/2 10,000 (A1, G1); capacity 1,350,000, 50,000 left in G1.
# Documents:
#   财预〔2026〕1号 transfer P1/1 -950,000 → P2/1 +950,000: frees G1 900,000
#     then E1 50,000 (last draw first); P2 takes E1 50,000 and G1 900,000:
#     the sources' totals do not move;
#   财预〔2026〕2号 adjust P3/1 +80,000.50: home source G1, 50,000 out of
#     what G1 had left, 30,000.50 new money (capacity 1,380,000.50);
#   财预〔2026〕3号 adjust P5/2 -10,000: back to G1's money left.
# Current: P1 50,000, P2 1,150,000, P3 110,000.50, P5/1 60,000, P5/2 0;
# funded 1,370,000.50, unused 10,000; A1 1,260,000, A2 110,000.50;
# revenue: public 1,270,000.50, fund 100,000.
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 reads the JSON"
new_book
for k in agencies bases standards priorities projects items history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
printf 'code,name,kind,function,amount,budget\nE1,教育附加基金,earmarked,205,100000,fund\nG1,一般公共预算收入,general,,1250000,public\n' > sources.csv
"$ZBB" import sources sources.csv >/dev/null || fail "sources"
printf 'agency,round,amount\nA1,2,1270000\nA2,2,135000\n' > controls.csv
"$ZBB" import controls controls.csv >/dev/null || fail "controls"
for a in A1 A2; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
"$ZBB" issue --round 2 >/dev/null || fail "issue"
for a in A1 A2; do
  "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null && "$ZBB" approve $a >/dev/null || fail "round 2 of $a"
done
"$ZBB" allocate >/dev/null || fail "allocate"
# cur-1 --as before adoption: refused in words; a draft says 草案
expect_exit 2 "$ZBB" report summary --as current
contains "$err" "2026 年度预算尚未批复（zbb adopt --scenario S），--as current 只用于批复后的预算"
expect_exit 0 "$ZBB" report agencies
contains "$out" "场景：base（草案）"
"$ZBB" allocate --scenario tight --capacity 1000000 >/dev/null 2>&1
"$ZBB" adopt --scenario base >/dev/null || fail "adopt"
hdr='code,kind,date,project,seq,amount,trigger,reason,by'
{ echo "$hdr"
  echo '财预〔2026〕1号,transfer,2026-12-01,P1,1,-950000,,用途调整,张三'
  echo '财预〔2026〕1号,transfer,2026-12-01,P2,1,950000,,,'
  echo '财预〔2026〕2号,adjust,2026-12-05,P3,1,80000.5,total,追加北斗项目,李四'
  echo '财预〔2026〕3号,adjust,2026-12-06,P5,2,-10000,key,压减咨询费,李四'
} > adj.csv
"$ZBB" import adjustments adj.csv >/dev/null || fail "adjustments"
# cur-2 --as on another scenario, on another report, with a bad word: refused
expect_exit 2 "$ZBB" report summary --as current --scenario tight
contains "$err" "--as current 只用于批复的预算（场景 base），场景 tight 不是"
expect_exit 2 "$ZBB" report cuts --as current
contains "$err" "--as 只用于 summary、agencies 和 disclosure"
expect_exit 2 "$ZBB" report summary --as now
# cur-3 summary: adopted as adopted, current moved by the adjustments
jget() { python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(str(eval('d'+k)) for k in sys.argv[1:]))" "$@"; }
expect_exit 0 "$ZBB" --format json report summary --as adopted
[ "$(jget '["as"]' '["funded_fen"]' '["capacity_fen"]' '["unused_fen"]' '["cut_nonrigid_fen"]' <<< "$out")" = \
  "adopted 130000000 135000000 5000000 10500000" ] || fail "adopted summary: $out"
expect_exit 0 "$ZBB" --format json report summary --scenario adopted
[ "$(jget '["as"]' '["funded_fen"]' <<< "$out")" = "adopted 130000000" ] || fail "the default is adopted: $out"
expect_exit 0 "$ZBB" --format json report summary --as current
[ "$(jget '["as"]' '["funded_fen"]' '["capacity_fen"]' '["unused_fen"]' '["cut_nonrigid_fen"]' <<< "$out")" = \
  "current 137000050 138000050 1000000 11000000" ] || fail "current summary: $out"
[ "$(jget '["tiers"][0]["funded_fen"]' '["tiers"][1]["funded_fen"]' '["tiers"][3]["funded_fen"]' <<< "$out")" = \
  "5000000 115000000 11000050" ] || fail "current tiers: $out"
expect_exit 0 "$ZBB" --unit yuan report summary --as current
contains "$out" "2026 年度预算安排汇总（场景 base）：调整后预算"
contains "$out" "1,370,000.50 元"
expect_exit 0 "$ZBB" --unit yuan report summary
contains "$out" "年初预算（已批复）"
# cur-4 agencies per agency
expect_exit 0 "$ZBB" --format json report agencies --as current
[ "$(jget '["as"]' '["rows"][0]["funded_fen"]' '["rows"][1]["funded_fen"]' <<< "$out")" = "current 126000000 11000050" ] ||
  fail "current agencies: $out"
expect_exit 0 "$ZBB" --format json report agencies --as adopted
[ "$(jget '["as"]' '["rows"][0]["funded_fen"]' '["rows"][1]["funded_fen"]' <<< "$out")" = "adopted 127000000 3000000" ] ||
  fail "adopted agencies: $out"
expect_exit 0 "$ZBB" --unit yuan report agencies --as current
contains "$out" "2026 年分单位预算安排（调整后预算）"
contains "$out" "场景：base（调整后）"
contains "$out" "1,370,000.50"
expect_exit 0 "$ZBB" --unit yuan report agencies
contains "$out" "2026 年分单位预算安排（年初预算）"
contains "$out" "场景：base（已批复）"
expect_exit 0 "$ZBB" report agencies --scenario tight
contains "$out" "场景：tight（草案）"
# cur-5 disclosure 01 and 03: revenue by budget and expenditure move by the adjusts, not by the transfer
disc() { # disc AS -> "as public fund total basic project" of tables 01 and 03 (fen)
  "$ZBB" --format json report disclosure --as "$1" | python3 -c '
import json,sys
d=json.load(sys.stdin)
t1=d["revenue_expenditure"]; t3=d["expenditure"][0]
rev=lambda w: [r["revenue_fen"] for r in t1 if r["revenue_item"] and w in r["revenue_item"]][0]
print(d["as"], rev("一般公共预算"), rev("政府性基金"), rev("收入总计"), t3["name"], t3["total_fen"], t3["basic_fen"], t3["project_fen"])'
}
[ "$(disc adopted)" = "adopted 120000000 10000000 130000000 合计 130000000 100000000 30000000" ] || fail "adopted disclosure: $(disc adopted)"
# +80,000.50 − 10,000 on public; the fund untouched (the transfer moved E1 with the money)
[ "$(disc current)" = "current 127000050 10000000 137000050 合计 137000050 5000000 132000050" ] || fail "current disclosure: $(disc current)"
expect_exit 0 "$ZBB" --unit yuan report disclosure --as current
contains "$out" "2026 年部门收支总表（调整后预算）"
contains "$out" "场景：base（调整后）"
expect_exit 0 "$ZBB" --unit yuan report disclosure
contains "$out" "场景：base（已批复）"
lacks "$out" "草案"
# cur-6 XLSX carries the heading too
expect_exit 0 "$ZBB" report agencies --as current --format xlsx --output cur.xlsx
python3 - <<'PY' || fail "xlsx heading"
import zipfile
z = zipfile.ZipFile("cur.xlsx")
s = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
s += "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
assert "调整后预算" in s and "场景：base（调整后）" in s, s[:400]
PY
# cur-7 report adjustments: every line, per agency adopted → transfers → adjusts → current
expect_exit 0 "$ZBB" --format json report adjustments
python3 - "$out" <<'PY' || fail "adjustments json: $out"
import json, sys
d = json.loads(sys.argv[1])
docs = [(x["code"], x["kind"], x["kind_name"], x["date"], x["trigger"], x["reason"], x["by"], x["amount_fen"],
         [(l["project"], l["seq"], l["agency"], l["agency_name"], l["amount_fen"]) for l in x["lines"]]) for x in d["documents"]]
assert docs == [
  ("财预〔2026〕1号", "transfer", "调剂", "2026-12-01", None, "用途调整", "张三", 0,
   [("P1", 1, "A1", "市教育局", -95000000), ("P2", 1, "A1", "市教育局", 95000000)]),
  ("财预〔2026〕2号", "adjust", "调整", "2026-12-05", "total", "追加北斗项目", "李四", 8000050,
   [("P3", 1, "A2", "市财政局", 8000050)]),
  ("财预〔2026〕3号", "adjust", "调整", "2026-12-06", "key", "压减咨询费", "李四", -1000000,
   [("P5", 2, "A1", "市教育局", -1000000)]),
], docs
ag = [(r["code"], r["adopted_fen"], r["transfer_fen"], r["adjust_fen"], r["current_fen"]) for r in d["agencies"]]
assert ag == [("A1", 127000000, 0, -1000000, 126000000), ("A2", 3000000, 0, 8000050, 11000050)], ag
# per project, by hand: P1 100 万元 gives 95 to P2 (doc 1); P3 3 万元 + 80,000.50 元 (doc 2); P5 7 万元 − 1 万元 (doc 3)
pr = [(r["project"], r["agency"], r["adopted_fen"], r["transfer_fen"], r["adjust_fen"], r["current_fen"], r["documents"]) for r in d["projects"]]
assert pr == [("P1", "A1", 100000000, -95000000, 0, 5000000, "财预〔2026〕1号"),
              ("P2", "A1", 20000000, 95000000, 0, 115000000, "财预〔2026〕1号"),
              ("P5", "A1", 7000000, 0, -1000000, 6000000, "财预〔2026〕3号"),
              ("P3", "A2", 3000000, 0, 8000050, 11000050, "财预〔2026〕2号")], pr
t = d["projects_total"]
assert (t["name"], t["adopted_fen"], t["transfer_fen"], t["adjust_fen"], t["current_fen"]) == ("合计", 130000000, 0, 7000050, 137000050), t
assert d["agencies_total"]["current_fen"] == 137000050, d["agencies_total"]
PY
expect_exit 0 "$ZBB" report adjustments
contains "$out" "2026 年预算调剂和调整明细"
contains "$out" "场景：base（已批复）    单位：万元"
contains "$out" "财预〔2026〕1号  调剂"
contains "$out" "总支出变化"
contains "$out" "调减重点支出"
contains "$out" "2026 年分单位年初预算、调整和调整后预算"
# in 万元: A1 127.00 0.00 -1.00 126.00, A2 3.00 0.00 8.00 11.00, 合计 130.00 0.00 7.00 137.00
python3 - "$out" <<'PY' || fail "adjustments text: $out"
import sys, re
t = sys.argv[1]
part = t[t.index("分单位年初预算"):]
rows = {l.split()[0]: l.split()[-4:] for l in part.splitlines() if re.match(r"^(A1|A2|\s+合计)", l)}
assert rows["A1"] == ["127.00", "0.00", "-1.00", "126.00"], rows
assert rows["A2"] == ["3.00", "0.00", "8.00", "11.00"], rows
assert rows["合计"] == ["130.00", "0.00", "7.00", "137.00"], rows
lines = t[:t.index("分单位年初预算")]
assert re.search(r"合计\s+7\.00", lines), lines
proj = t[t.index("分项目年初预算"):]
assert re.search(r"P1\s+在职人员工资\s+A1\s+市教育局\s+100\.00\s+-95\.00\s+0\.00\s+5\.00\s+财预〔2026〕1号", proj), proj
assert re.search(r"合计\s+130\.00\s+0\.00\s+7\.00\s+137\.00", proj), proj
PY
expect_exit 0 "$ZBB" report adjustments --format csv --for excel
contains "$out" "文号,类型,日期,调整事由"
contains "$out" "调整金额（万元）"
contains "$out" "年初预算（万元）,预算调剂（万元）,预算调整（万元）,调整后预算（万元）"
contains "$out" "A2,市财政局,3.00,0.00,8.00,11.00"
expect_exit 0 "$ZBB" report adjustments --format csv
contains "$out" "财预〔2026〕2号,adjust,2026-12-05,total,追加北斗项目,李四,P3,北斗应用推广,1,A2,市财政局,8000050"
expect_exit 0 "$ZBB" report adjustments --format xlsx --output adj.xlsx
[ -s adj.xlsx ] || fail "adjustments xlsx"
expect_exit 2 "$ZBB" report adjustments --scenario tight
contains "$err" "预算调剂和调整只属于批复的预算（场景 base），场景 tight 不是"
# cur-8 the API: ?as=current gives the CLI's numbers; refusals in words
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
api="$url/api/v1"
curl -s -H 'Sec-Fetch-Site: same-origin' -c bud.jar -H 'Content-Type: application/json' \
  -d '{"name":"bud","password":"budget-pass-1"}' "$api/login" > /dev/null
get() { res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b bud.jar -w ' %{http_code}' "$api/$1"); status=${res##* }; res=${res% *}; }
get "reports/summary?as=current"
[ "$status" = 200 ] || fail "summary as=current: $status $res"
[ "$(jget '["as"]' '["funded_fen"]' '["capacity_fen"]' '["unused_fen"]' <<< "$res")" = "current 137000050 138000050 1000000" ] ||
  fail "API summary: $res"
get "reports/summary?scenario=adopted"
[ "$(jget '["as"]' '["funded_fen"]' <<< "$res")" = "adopted 130000000" ] || fail "API adopted summary: $res"
get "reports/agencies?as=current"
[ "$(jget '["as"]' '["title"]' '["rows"][0]["funded_fen"]' '["rows"][1]["funded_fen"]' <<< "$res")" = \
  "current 2026 年分单位预算安排（调整后预算） 126000000 11000050" ] || fail "API agencies: $res"
get "reports/agencies?as=current&limit=1"
[ "$(jget '["as"]' '["rows"][0]["funded_fen"]' '["total_row"]["funded_fen"]' <<< "$res")" = "current 126000000 137000050" ] ||
  fail "API agencies paged: $res"
get "reports/disclosure?as=current"
[ "$(jget '["as"]' '["revenue_expenditure"]["rows"][0]["revenue_fen"]' '["revenue_expenditure"]["rows"][1]["revenue_fen"]' <<< "$res")" = \
  "current 127000050 10000000" ] || fail "API disclosure: $res"
get "reports/disclosure?as=adopted"
[ "$(jget '["as"]' '["revenue_expenditure"]["rows"][0]["revenue_fen"]' <<< "$res")" = "adopted 120000000" ] || fail "API disclosure adopted: $res"
get "reports/adjustments"
[ "$status" = 200 ] || fail "API adjustments: $status $res"
[ "$(jget '["documents"][1]["amount_fen"]' '["agencies"][1]["current_fen"]' <<< "$res")" = "8000050 11000050" ] || fail "API adjustments: $res"
# an agency user reads the adjustments of its own projects only (the web's adopted view)
"$ZBB" user add a2 --role agency --agency A2 --password-stdin <<< 'agency-pass-2' >/dev/null || fail "user a2"
curl -s -H 'Sec-Fetch-Site: same-origin' -c a2.jar -H 'Content-Type: application/json' \
  -d '{"name":"a2","password":"agency-pass-2"}' "$api/login" > /dev/null
res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b a2.jar "$api/reports/adjustments")
python3 - "$res" <<'PY' || fail "agency's adjustments: $res"
import json, sys
d = json.loads(sys.argv[1])
assert [x["code"] for x in d["documents"]] == ["财预〔2026〕2号"], d["documents"]
assert [(r["code"], r["current_fen"]) for r in d["agencies"]] == [("A2", 11000050)], d["agencies"]
assert [(r["project"], r["adopted_fen"], r["current_fen"]) for r in d["projects"]] == [("P3", 3000000, 11000050)], d["projects"]
assert (d["projects_total"]["adopted_fen"], d["projects_total"]["current_fen"]) == (3000000, 11000050), d["projects_total"]
PY
get "reports/summary?as=current&scenario=tight"
[ "$status" = 422 ] || fail "as on another scenario: $status"
contains "$res" "只用于批复的预算（场景 base），场景 tight 不是"
get "reports/cuts?as=current"
[ "$status" = 422 ] || fail "as on cuts: $status"
true

# adjustments (SPEC §4, §12): only after adoption; a transfer sums to zero
# within one agency and takes no item below zero; an adjust names its
# trigger; each refusal stores nothing (rows and audit log unchanged); an
# accepted document is audited and leaves the adopted scenario fresh.
# The small book of t0500 adopted as in t0107; funded per item (fen):
# P1/1 100,000,000 (A1), P2/1 20,000,000 (A1), P3/1 3,000,000 (A2),
# P4/1 0 (A2), P5/1 6,000,000, P5/2 1,000,000 (A1).
. "$TOP/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "python3 reads the JSON"
new_book
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
printf 'agency,round,amount\nA1,2,1270000\nA2,2,135000\n' > controls.csv
"$ZBB" import controls controls.csv >/dev/null || fail "controls"
hdr='code,kind,date,project,seq,amount,trigger,reason,by'
# adj-1 before adoption: refused
printf '%s\nD0,transfer,2026-12-01,P1,1,-100,,,\nD0,transfer,2026-12-01,P2,1,100,,,\n' "$hdr" > early.csv
expect_exit 2 "$ZBB" import adjustments early.csv
contains "$err" "尚未批复"
for a in A1 A2; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
"$ZBB" issue --round 2 >/dev/null || fail "issue"
for a in A1 A2; do
  "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null && "$ZBB" approve $a >/dev/null || fail "round 2 of $a"
done
"$ZBB" allocate >/dev/null || fail "allocate"
"$ZBB" adopt --scenario base >/dev/null || fail "adopt"
n0=$(sqlite3 book.db "SELECT count(*) FROM audit")
# adj-2 a transfer not summing to zero: -100,000 + 99,999.99 = -0.01
printf '%s\nD1,transfer,2026-12-01,P1,1,-100000,,,\nD1,transfer,2026-12-01,P2,1,99999.99,,,\n' "$hdr" > a.csv
expect_exit 2 "$ZBB" import adjustments a.csv
contains "$err" "a.csv:2: amount: 预算调剂 D1 各行金额之和应为零，实为 -0.01 元"
# adj-3 a transfer taking P4/1 (adopted 0.00) below zero
printf '%s\nD2,transfer,2026-12-01,P4,1,-0.01,,,\nD2,transfer,2026-12-01,P3,1,0.01,,,\n' "$hdr" > b.csv
expect_exit 2 "$ZBB" import adjustments b.csv
contains "$err" "b.csv:2: amount: 项目 P4 第 1 条明细批复 0.00 元，调整后为 -0.01 元，不能低于零"
# adj-4 P1/1 adopted 1,000,000.00: -1,000,000.01 is below zero too
printf '%s\nD2b,transfer,2026-12-01,P1,1,-1000000.01,,,\nD2b,transfer,2026-12-01,P2,1,1000000.01,,,\n' "$hdr" > b2.csv
expect_exit 2 "$ZBB" import adjustments b2.csv
contains "$err" "调整后为 -0.01 元"
# adj-5 an adjust without its trigger
printf '%s\nD3,adjust,2026-12-01,P1,1,5000,,,\n' "$hdr" > c.csv
expect_exit 2 "$ZBB" import adjustments c.csv
contains "$err" "c.csv:2: trigger: 预算调整（adjust）须注明调整事由"
# adj-6 a transfer across agencies (P1 of A1, P3 of A2)
printf '%s\nD4,transfer,2026-12-01,P1,1,-100,,,\nD4,transfer,2026-12-01,P3,1,100,,,\n' "$hdr" > d.csv
expect_exit 2 "$ZBB" import adjustments d.csv
contains "$err" "d.csv:3: project: 预算调剂只在同一单位内进行"
# adj-7 a transfer with a trigger, an item that does not exist
printf '%s\nD5,transfer,2026-12-01,P1,1,-100,total,,\nD5,transfer,2026-12-01,P2,9,100,,,\n' "$hdr" > e.csv
expect_exit 2 "$ZBB" import adjustments e.csv
contains "$err" "e.csv:2: trigger:"
contains "$err" "e.csv:3: seq: 项目 P2 没有第 9 条明细"
[ "$(sqlite3 book.db "SELECT count(*) FROM audit")" = "$n0" ] || fail "refusals write nothing to the log"
[ "$(sqlite3 book.db "SELECT count(*) FROM adjustments")" = 0 ] || fail "refusals store no row"
# adj-8 accepted: a transfer of 100,000 from P1/1 to P2/1 and an adjust of +5,000.50 on P3/1
printf '%s\n财预〔2026〕1号,调剂,2026-12-01,P1,1,"-100,000",,用途调整,张三\n财预〔2026〕1号,调剂,2026-12-01,P2,1,100000,,,\n财预〔2026〕2号,adjust,2026-12-05,P3,1,5000.5,total,追加,李四\n' "$hdr" > ok.csv
expect_exit 0 "$ZBB" import adjustments ok.csv
[ "$(sqlite3 book.db "SELECT group_concat(project || '/' || seq || ':' || amount_fen, ' ') FROM (SELECT * FROM adjustments ORDER BY code, project) q")" = \
  "P1/1:-10000000 P2/1:10000000 P3/1:500050" ] || fail "rows"
[ "$(sqlite3 book.db "SELECT action || ' ' || object FROM audit ORDER BY id DESC LIMIT 1")" = "import adjustments" ] || fail "audited"
expect_exit 0 "$ZBB" export adjustments
contains "$out" "财预〔2026〕1号,transfer,2026-12-01,P1,1,-100000.00,,用途调整,张三"
# adj-9 every further adjustment sees those before it: P2/1 is now 300,000.00,
# so -300,000.01 is below zero, -300,000 is not
printf '%s\nD6,adjust,2026-12-06,P2,1,-300000.01,key,,\n' "$hdr" > f.csv
expect_exit 2 "$ZBB" import adjustments f.csv
contains "$err" "批复 200000.00 元，调整后为 -0.01 元"
# adj-10 the adopted scenario stays fresh; the year stays locked otherwise
expect_exit 0 "$ZBB" report summary --scenario adopted
case "$out" in *账簿已变更*) fail "the adopted scenario went stale: $out" ;; esac
expect_exit 2 "$ZBB" set growth 0.06
contains "$err" "adjustments"
# adj-11 POST /api/v1/adjustments: the budget office records a document; refused in words, nothing stored
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" user add rev --role reviewer --password-stdin <<< 'review-pass-1' >/dev/null || fail "user rev"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
api="$url/api/v1"
login() {
  curl -s -H 'Sec-Fetch-Site: same-origin' -c "$3" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$api/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
post() { # post JAR CSRF BODY -> $status, $res
  res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$1" -H "X-CSRF-Token: $2" -H 'Content-Type: application/json' \
    -d "$3" -w ' %{http_code}' "$api/adjustments")
  status=${res##* }; res=${res% *}
}
expect() { [ "$status" = "$1" ] || fail "status $status, wanted $1: $res"; }
bud=$(login bud budget-pass-1 bud.jar); [ ${#bud} -eq 64 ] || fail "login bud"
rev=$(login rev review-pass-1 rev.jar); [ ${#rev} -eq 64 ] || fail "login rev"
n1=$(sqlite3 book.db "SELECT count(*) FROM audit"); r1=$(sqlite3 book.db "SELECT count(*) FROM adjustments")
post rev.jar "$rev" '{"code":"W0","kind":"adjust","date":"2026-12-07","trigger":"total","lines":[{"project":"P3","seq":1,"amount_fen":100}]}'
expect 403
# P5/1 adopted 6,000,000 fen and P5/2 1,000,000: 10 fen out of balance
post bud.jar "$bud" '{"code":"W1","kind":"transfer","date":"2026-12-07","lines":[{"project":"P5","seq":1,"amount_fen":-500000},{"project":"P5","seq":2,"amount_fen":499990}]}'
expect 422
contains "$res" "预算调剂 W1 各行金额之和应为零，实为 -0.10 元"
post bud.jar "$bud" '{"code":"W2","kind":"transfer","date":"2026-12-07","lines":[{"project":"P5","seq":2,"amount_fen":-1000001},{"project":"P5","seq":1,"amount_fen":1000001}]}'
expect 422
contains "$res" "批复 10000.00 元，调整后为 -0.01 元"
post bud.jar "$bud" '{"code":"W3","kind":"adjust","date":"2026-12-07","lines":[{"project":"P5","seq":1,"amount_fen":100}]}'
expect 422
contains "$res" '"field":"lines[0].trigger"'
[ "$(sqlite3 book.db "SELECT count(*) FROM audit")" = "$n1" ] || fail "API refusals write nothing to the log"
[ "$(sqlite3 book.db "SELECT count(*) FROM adjustments")" = "$r1" ] || fail "API refusals store no row"
post bud.jar "$bud" '{"code":"W4","kind":"transfer","date":"2026-12-07","reason":"压减会议费","lines":[{"project":"P5","seq":2,"amount_fen":-1000000},{"project":"P5","seq":1,"amount_fen":1000000}]}'
expect 201
contains "$res" '"amount_fen":-1000000'
[ "$(sqlite3 book.db "SELECT action || ' ' || object || ' ' || \"user\" FROM audit ORDER BY id DESC LIMIT 1")" = "budget.adjust W4 bud" ] || fail "audited"
[ "$(sqlite3 book.db "SELECT sum(amount_fen) || ' ' || count(*) FROM adjustments WHERE code='W4'")" = "0 2" ] || fail "W4 stored"
post bud.jar "$bud" '{"code":"W4","kind":"adjust","date":"2026-12-07","trigger":"other","lines":[{"project":"P5","seq":1,"amount_fen":1}]}'
expect 409
expect_exit 0 "$ZBB" audit verify --data
true

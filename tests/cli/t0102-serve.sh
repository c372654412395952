# zbb serve end to end with curl: the real binary on an ephemeral loopback
# port, a run of writes, the audit chain verified, then one changed byte
# found by zbb audit verify.  The server is always stopped (trap).
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
new_book 2026
printf 'code,name\nA1,市教育局\nA2,市卫生健康委\n' > agencies.csv
"$ZBB" import agencies agencies.csv >/dev/null || fail "import"
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" user add edu --role agency --agency A1 --password-stdin <<< 'agency-pass-1' >/dev/null || fail "user edu"
"$ZBB" user add rev --role reviewer --password-stdin <<< 'review-pass-1' >/dev/null || fail "user rev"

"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
api="$url/api/v1"

# serve-1 login sets the cookie; the answer carries the CSRF token
login() { # login NAME PASSWORD JAR -> csrf token on stdout
  curl -s -H 'Sec-Fetch-Site: same-origin' -c "$3" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$api/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
bud=$(login bud budget-pass-1 bud.jar); [ ${#bud} -eq 64 ] || fail "login bud"
edu=$(login edu agency-pass-1 edu.jar); [ ${#edu} -eq 64 ] || fail "login edu"
rev=$(login rev review-pass-1 rev.jar); [ ${#rev} -eq 64 ] || fail "login rev"
grep -q 'HttpOnly' bud.jar || fail "cookie not HttpOnly"
# req JAR CSRF METHOD PATH [BODY] -> "STATUS BODY" in $res
req() {
  local jar=$1 csrf=$2 method=$3 path=$4 body=${5:-}
  if [ -n "$body" ]; then
    res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -X "$method" \
      -d "$body" -w ' %{http_code}' "$api$path")
  else
    res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$jar" -H "X-CSRF-Token: $csrf" -X "$method" -w ' %{http_code}' "$api$path")
  fi
  status=${res##* }; res=${res% *}
}
expect() { [ "$status" = "$1" ] || fail "status $status, wanted $1: $res"; }

# serve-2 a run of writes
p='{"code":"P1","name":"教学设备购置","kind":"specific","tier":"general","function":"2050201","new":true,
"basis":["B1"],"items":[{"seq":1,"content":"台式电脑","economic":"31002","unit":"台","price_fen":500000,"quantity":"2.5"}]}'
req edu.jar "$edu" POST /projects "$p"; expect 201
contains "$res" '"agency":"A1"'
contains "$res" '"code":"A1-001"'                                     # an agency's code is the server's
contains "$res" '"requested_fen":1250000'
req edu.jar "$edu" PUT /projects/A1-001 '{"version":1,"name":"教学设备","kind":"specific","tier":"general","function":"2050201"}'
expect 200
contains "$res" '"version":2'
req edu.jar "$edu" PUT /projects/A1-001 '{"version":1,"name":"x","kind":"specific","tier":"general","function":"2050201"}'
expect 409
req edu.jar "" POST /projects "$p"; expect 403                       # no CSRF token
req rev.jar "$rev" POST /reviews '{"project":"A1-001","seq":1,"action":"adjust","price":5}'; expect 422
contains "$res" '"field":"price"'
# a decision says why, and lowers: 5,000.00 × 2.5 = 12,500.00 is the most a review may leave
req rev.jar "$rev" POST /reviews '{"project":"A1-001","seq":1,"action":"adjust","price_fen":450000}'; expect 422
contains "$res" '"field":"reason"'
contains "$res" '请填写理由'
req rev.jar "$rev" POST /reviews '{"project":"A1-001","seq":1,"action":"adjust","price_fen":450000,"reason":" 　"}'; expect 422
contains "$res" '"field":"reason"'
req rev.jar "$rev" POST /reviews '{"project":"A1-001","seq":1,"action":"adjust","price_fen":600000,"reason":"按询价"}'; expect 422
contains "$res" '"field":"price_fen"'
contains "$res" '调整后金额 15,000.00 元高于核定数 12,500.00 元'
req rev.jar "$rev" POST /reviews '{"project":"A1-001","seq":1,"action":"adjust","price_fen":450000,"reason":"按询价"}'; expect 201
contains "$res" '"reviewer":"rev"'
req bud.jar "$bud" POST /projects '{"code":"P2","agency":"A2","name":"医院设备","kind":"specific","tier":"general","function":"2100201"}'
expect 201
req edu.jar "$edu" GET /projects/P2; expect 404                       # another agency's
req bud.jar "$bud" DELETE '/projects/P2?version=1'; expect 200
req bud.jar "$bud" GET '/audit?since=0'; expect 200
contains "$res" '"action":"project.delete"'
lacks "$res" 'budget-pass-1'
# serve-3 a body over 1 MiB
head -c 1100000 /dev/zero | tr '\0' ' ' > big.json
status=$(curl -s -H 'Sec-Fetch-Site: same-origin' -o /dev/null -w '%{http_code}' -b bud.jar -H "X-CSRF-Token: $bud" \
  -H 'Content-Type: application/json' --data-binary @big.json "$api/projects")
[ "$status" = 413 ] || fail "big body: $status"
# serve-4 headers of the page
hdr=$(curl -s -D - -o /dev/null "$url/")
contains "$hdr" "Content-Security-Policy: default-src 'self'; script-src 'self'; frame-ancestors 'none'"
contains "$hdr" "X-Content-Type-Options: nosniff"
contains "$hdr" "Referrer-Policy: no-referrer"
status=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$url/assets/../../etc/passwd")
[ "$status" = 404 ] || [ "$status" = 400 ] || fail "traversal: $status"

# serve-5 the chain verifies while the server runs, and after it stops
expect_exit 0 "$ZBB" audit verify
contains "$out" "OK"
kill "$pid"; wait "$pid"; rc=$?
[ "$rc" -eq 0 ] || fail "server exit $rc: $(cat serve.err)"
trap - EXIT
n=$(sqlite3 book.db "SELECT count(*) FROM audit")
[ "$n" -ge 10 ] || fail "only $n audit entries"
expect_exit 0 "$ZBB" audit verify
# serve-6 one byte of one entry changed with sqlite3: verify names it
id=$(sqlite3 book.db "SELECT id FROM audit WHERE action='project.update'")
sqlite3 book.db "DROP TRIGGER audit_no_update;
  UPDATE audit SET after_json = replace(after_json, '\"version\":2', '\"version\":3') WHERE id=$id" || fail "tamper"
[ "$(sqlite3 book.db "SELECT count(*) FROM audit WHERE id=$id AND after_json LIKE '%\"version\":3%'")" = 1 ] || fail "not changed"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify
contains "$err" "entry $id:"
true

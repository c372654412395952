# Two zbb serve processes on one book (SPEC §14, issue 16 3a): the PostgreSQL
# pass runs it on one PostgreSQL database, the SQLite pass on one file.  A
# write through one is read through the other; a stale version is 409
# through either; a session made on one works on the other (and ends on
# both); neither's caches serve a pipeline older than the last write
# through the other, to the writer or to anyone else, at once (exact).
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
F=$TOP/tests/cli/fixtures/small
new_book 2026
for k in agencies bases standards priorities projects items history sources; do
  "$ZBB" import $k "$F/$k.csv" >/dev/null || fail "import $k"
done
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" user add view --role viewer --password-stdin <<< 'viewer-pass-1' >/dev/null || fail "user view"

start() { # start NAME -> $url_NAME, $pid_NAME
  "$ZBB" serve --listen 127.0.0.1:0 --threads 2 > "serve-$1.out" 2> "serve-$1.err" &
  eval "pid_$1=$!"
  for _ in $(seq 100); do grep -q 'http://' "serve-$1.out" 2>/dev/null && break; sleep 0.1; done
  eval "url_$1=\$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve-$1.out)" || fail "server $1 did not start: $(cat serve-$1.err)"
}
start a
trap 'kill $pid_a ${pid_b:-} 2>/dev/null; wait 2>/dev/null' EXIT
start b
[ "$url_a" != "$url_b" ] || fail "one port for both"
login() { # login URL NAME PASSWORD JAR -> csrf token on stdout
  curl -s -H 'Sec-Fetch-Site: same-origin' -c "$4" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
# req URL JAR CSRF METHOD PATH [BODY] -> "$status" and "$res"
req() {
  local url=$1 jar=$2 csrf=$3 method=$4 path=$5 body=${6:-}
  if [ -n "$body" ]; then
    res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -X "$method" -d "$body" -w ' %{http_code}' "$url/api/v1$path")
  else
    res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$jar" -H "X-CSRF-Token: $csrf" -X "$method" -w ' %{http_code}' \
      "$url/api/v1$path")
  fi
  status=${res##* }; res=${res% *}
}
expect() { [ "$status" = "$1" ] || fail "status $status, wanted $1: $res"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)" <<<"$res"; }

# two-1 a session made on A works on B (the sessions are the book's)
bud=$(login "$url_a" bud budget-pass-1 bud.jar); [ ${#bud} -eq 64 ] || fail "login bud at A"
view=$(login "$url_b" view viewer-pass-1 view.jar); [ ${#view} -eq 64 ] || fail "login view at B"
req "$url_b" bud.jar "" GET /me; expect 200
contains "$res" '"user":"bud"'
req "$url_a" view.jar "" GET /me; expect 200
contains "$res" '"user":"view"'

# two-2 the caches warm on both: the book's request, 1,405,000.00 元 (P1 10 ×
# 100,000 + P2 100 × 2,000 + P3 10 × 3,500 + P4 2 × 50,000 + P5 3 × 20,000
# + 1 × 10,000)
for u in "$url_a" "$url_b"; do
  for j in bud view; do
    req "$u" $j.jar "" GET /reports/summary; expect 200
    [ "$(field '["requested_fen"]')" = 140500000 ] || fail "requested before: $res"
  done
done

# two-3 a project written through A (2 × 5,000.00 元 = 10,000.00 元) is read
# through B at once, and B's summary for its writer holds it at once
# (1,415,000.00 元)
p='{"code":"P9","agency":"A1","name":"教学设备购置","kind":"specific","tier":"general","function":"2050201",
"basis":["B1"],"items":[{"seq":1,"content":"台式电脑","economic":"31002","unit":"台","price_fen":500000,"quantity":"2"}]}'
req "$url_a" bud.jar "$bud" POST /projects "$p"; expect 201
contains "$res" '"version":1'
findings_a=$(field '["findings"]')
req "$url_b" bud.jar "" GET /projects/P9; expect 200
contains "$res" '"name":"教学设备购置"'
contains "$res" '"requested_fen":1000000'
[ "$(field '["findings"]')" = "$findings_a" ] || fail "B's findings of P9 are not A's: $findings_a / $res"
req "$url_b" bud.jar "" GET /reports/summary; expect 200
[ "$(field '["requested_fen"]')" = 141500000 ] || fail "B served its writer a summary from before the write: $res"
req "$url_a" bud.jar "" GET /reports/summary; expect 200
[ "$(field '["requested_fen"]')" = 141500000 ] || fail "A after its own write: $res"
# another user's read is exact at once (api_cache.h), on either server
for u in "$url_a" "$url_b"; do
  req "$u" view.jar "" GET /reports/summary; expect 200
  [ "$(field '["requested_fen"]')" = 141500000 ] || fail "a viewer's summary from before the write at $u: $res"
done

# two-4 a stale version is 409 through either server, and changes nothing
e='{"version":1,"name":"教学设备","kind":"specific","tier":"general","function":"2050201"}'
req "$url_a" bud.jar "$bud" PUT /projects/P9 "$e"; expect 200
contains "$res" '"version":2'
req "$url_b" bud.jar "$bud" PUT /projects/P9 "${e/\"name\":\"教学设备\"/\"name\":\"过期的改动\"}"; expect 409
e2='{"version":2,"name":"教学设备（B）","kind":"specific","tier":"general","function":"2050201"}'
req "$url_b" bud.jar "$bud" PUT /projects/P9 "$e2"; expect 200
contains "$res" '"version":3'
req "$url_a" bud.jar "$bud" PUT /projects/P9 "${e2/（B）/（A）}"; expect 409
req "$url_a" bud.jar "" GET /projects/P9; expect 200
contains "$res" '"name":"教学设备（B）"'
contains "$res" '"version":3'

# two-5 a change from the command line beside both servers is seen by both
# (P9 now 3 × 5,000.00 元: the book's request 1,420,000.00 元)
printf 'project,seq,content,economic,unit,price,quantity\nP9,1,台式电脑,31002,台,5000,3\n' > p9.csv
"$ZBB" import items p9.csv >/dev/null || fail "import items beside the servers"
sleep 2.2
for u in "$url_a" "$url_b"; do
  req "$u" bud.jar "" GET /projects/P9; expect 200
  contains "$res" '"requested_fen":1500000'
  req "$u" view.jar "" GET /reports/summary; expect 200
  [ "$(field '["requested_fen"]')" = 142000000 ] || fail "after the CLI's import at $u: $res"
done

# two-6 signing out on B ends the session on A too
req "$url_b" bud.jar "$bud" POST /logout "{}"; expect 200
req "$url_a" bud.jar "" GET /me; expect 401
"$ZBB" audit verify --data >/dev/null || fail "audit verify --data after both servers"
echo "t1404: ok"

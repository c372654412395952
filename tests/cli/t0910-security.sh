# Security: hostile text stored and shown literally (import → export, API
# write → read), path traversal on asset URLs, the security headers on
# every kind of answer, no password or token in the logs, formula
# injection guarded in report CSVs (and not in export, which stays
# lossless), the session cap per user, the import row cap and CSV limits.
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
command -v jq >/dev/null || fail "jq is needed (scripts/setup.sh)"
new_book 2026
SQLI="'); DROP TABLE items;--"
XSS='<script>alert(1)</script>'
ATTR='" onmouseover=alert(1) x="'
FORM='=HYPERLINK("http://evil.example/","点我")'

# sec-1 import → export gives the same bytes, every text field hostile
q() { # a CSV field, quoted as export quotes it: only when it must be
	case $1 in *[\",]*) local s=${1//\"/\"\"}; printf '"%s"' "$s" ;; *) printf '%s' "$1" ;; esac
}
{
	echo "code,name,parent,headcount,function,establishment,retired,class"
	echo "A1,$(q "$SQLI"),,10,205,,0,"
	echo "A2,$(q "$XSS"),A1,5,210,,0,"
	echo "A3,$(q "$ATTR"),,0,208,,0,"
	echo "A4,$(q "$FORM"),,0,208,,0,"
	echo "A5,+1-1,,0,208,,0,"
	echo "A6,@SUM(1;2),,0,208,,0,"
} > agencies.csv
{
	echo "code,title,level,valid_from,valid_to"
	echo "B1,$(q "$SQLI$XSS"),national,2015-01-01,"
} > bases.csv
{
	echo "code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year"
	echo "P1,A1,$(q "$SQLI"),specific,general,2050201,n,n,y,B1,,department,,,"
	echo "P2,A2,$(q "$ATTR"),specific,general,2100201,n,n,n,B1,,department,,,"
} > projects.csv
{
	echo "project,seq,content,economic,standard,unit,price,quantity,level,source"
	echo "P1,1,$(q "$XSS"),30201,,$(q "$ATTR"),100.00,1,1,"
	echo "P1,2,$(q "$FORM"),30201,,-,100.00,1,1,"
	echo "P2,1,$(q "$SQLI"),30201,,@,100.00,1,1,"
} > items.csv
{
	echo "project,level1,level2,name,operator,value,unit,weight"
	echo "P1,output,$(q "$XSS"),$(q "$SQLI"),qualitative,$(q "$ATTR"),$(q "$FORM"),"
} > targets.csv
{
	echo "project,seq,round,action,price,quantity,reason,reviewer"
	echo "P1,1,1,adjust,50.00,,$(q "$SQLI"),$(q "$XSS")"
} > reviews.csv
for k in agencies bases projects items targets reviews; do
	expect_exit 0 "$ZBB" import $k $k.csv
	"$ZBB" export $k > $k.out || fail "export $k"
	cmp $k.csv $k.out || fail "sec-1 $k: export differs from the file imported:
$(diff $k.csv $k.out)"
done
[ "$(sqlite3 book.db 'SELECT count(*) FROM items')" = 3 ] || fail "sec-1 items table damaged"
[ "$(sqlite3 book.db "SELECT name FROM agencies WHERE code='A1'")" = "$SQLI" ] || fail "sec-1 stored text differs"

# sec-2 report CSVs guard formula cells; export does not (it is the input format)
expect_exit 0 "$ZBB" report agencies --format csv
contains "$out" "'=HYPERLINK"
contains "$out" "'+1-1"
contains "$out" "'@SUM"
lacks "$out" ',=HYPERLINK'
contains "$(cat agencies.out)" ',"=HYPERLINK('

# sec-3 the server: hostile text in, the same string out, JSON-escaped
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" user add edu --role agency --agency A1 --password-stdin <<< 'agency-pass-1' >/dev/null || fail "user edu"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 --idle-timeout 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
api="$url/api/v1"
port=${url##*:}
login() { # login NAME PASSWORD JAR -> csrf token
	curl -s -H 'Sec-Fetch-Site: same-origin' -c "$3" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"password\":\"$2\"}" "$api/login" | jq -r .csrf
}
bud=$(login bud budget-pass-1 bud.jar); [ ${#bud} -eq 64 ] || fail "login bud"
body=$(jq -cn --arg n "$SQLI$XSS" --arg c "$ATTR" --arg u "$FORM" '{code:"P9", agency:"A1", name:$n, kind:"specific",
	tier:"general", function:"2050201", basis:["B1"], items:[{seq:1, content:$c, economic:"30201", unit:$u,
	price_fen:100, quantity:"1"}]}')
res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b bud.jar -H "X-CSRF-Token: $bud" -H 'Content-Type: application/json' -d "$body" -w '\n%{http_code}' "$api/projects")
[ "${res##*$'\n'}" = 201 ] || fail "sec-3 create: $res"
res=$(curl -s -b bud.jar "$api/projects/P9")
[ "$(jq -r .name <<< "$res")" = "$SQLI$XSS" ] || fail "sec-3 name: $res"
[ "$(jq -r '.items[0].content' <<< "$res")" = "$ATTR" ] || fail "sec-3 content: $res"
[ "$(jq -r '.items[0].unit' <<< "$res")" = "$FORM" ] || fail "sec-3 unit: $res"
contains "$res" '"content":"\" onmouseover=alert(1) x=\""' # quotes JSON-escaped
# the text is inert data: JSON, never sniffed as HTML, no inline script allowed
h=$(curl -s -D - -o /dev/null -b bud.jar "$api/projects/P9")
contains "$h" "Content-Type: application/json; charset=utf-8"
contains "$h" "X-Content-Type-Options: nosniff"
[ "$(sqlite3 book.db 'SELECT count(*) FROM items')" -ge 4 ] || fail "sec-3 items damaged"

# sec-4 no way out of the asset table, however the path is spelled
for p in '/assets/../../etc/passwd' '/assets/..%2f..%2fetc%2fpasswd' '/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd' \
	'/assets/%252e%252e%252fetc%252fpasswd' '/assets/..%5c..%5cetc%5cpasswd' '/assets/..\..\etc\passwd' \
	'/assets/%2e%2e/%2e%2e/etc/passwd' '/assets/.%2e/.%2e/etc/passwd' '/assets/app.css%00.html' \
	'/assets//etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/assets/%c0%ae%c0%ae/etc/passwd'; do
	st=$(curl -s --path-as-is -o body.txt -w '%{http_code}' "$url$p")
	case $st in 400 | 404) ;; *) fail "sec-4 $p: $st $(head -c 200 body.txt)" ;; esac
	grep -q 'root:' body.txt && fail "sec-4 $p served /etc/passwd"
done

# sec-5 the security headers on every kind of answer: page, asset, JSON,
# errors (401 403 404 405 413 422), the 304-free assets
check_headers() { # check_headers WHAT CURL-ARGS...
	local what=$1; shift
	local h
	h=$(curl -s -H 'Sec-Fetch-Site: same-origin' -D - -o /dev/null "$@")
	contains "$h" "Content-Security-Policy: default-src 'self'; script-src 'self'; frame-ancestors 'none'"
	contains "$h" "X-Content-Type-Options: nosniff"
	contains "$h" "X-Frame-Options: DENY"
	contains "$h" "Referrer-Policy: no-referrer"
	status=$(printf '%s' "$h" | sed -n '1s/^HTTP\/1.1 \([0-9]*\).*/\1/p')
	[ "$status" = "$what" ] || fail "sec-5 wanted $what, got $status: $*"
}
check_headers 200 "$url/"
check_headers 200 "$url/assets/app.css"
check_headers 200 -b bud.jar "$api/me"
check_headers 401 "$api/me"
check_headers 403 -b bud.jar -X POST -H 'Content-Type: application/json' -d '{}' "$api/projects"
check_headers 404 "$url/nothing"
check_headers 400 "$url/assets/.hidden"
check_headers 405 -X PATCH "$api/me"
check_headers 422 -b bud.jar -H "X-CSRF-Token: $bud" -H 'Content-Type: application/json' -d '{"code":"Z"}' "$api/projects"
check_headers 413 -b bud.jar -H "X-CSRF-Token: $bud" -H 'Content-Type: application/json' -H 'Content-Length: 2000000' -X POST "$api/projects"
for _ in 1 2 3 4 5; do
	curl -s -H 'Sec-Fetch-Site: same-origin' -o /dev/null -H 'Content-Type: application/json' -d '{"name":"nobody","password":"wrong-pass"}' "$api/login"
done
check_headers 429 -H 'Content-Type: application/json' -d '{"name":"nobody","password":"wrong-pass"}' "$api/login"

# sec-6 sessions per user: the 11th sign-in ends the least recently used
jars=()
for i in $(seq 10); do
	login edu agency-pass-1 edu$i.jar > /dev/null
	jars+=(edu$i.jar)
done
[ "$(sqlite3 book.db "SELECT count(*) FROM sessions WHERE \"user\"='edu'")" = 10 ] || fail "sec-6 ten sessions"
tok1=$(awk '$6 == "zbb_session" {print $7}' edu1.jar)
h1=$(printf '%s' "$tok1" | sha256sum | cut -d' ' -f1)
sqlite3 book.db "UPDATE sessions SET last_seen = last_seen - 100 WHERE token_hash='$h1'" || fail "sec-6 age"
login edu agency-pass-1 edu11.jar > /dev/null
[ "$(sqlite3 book.db "SELECT count(*) FROM sessions WHERE \"user\"='edu'")" = 10 ] || fail "sec-6 still ten"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b edu1.jar "$api/me")" = 401 ] || fail "sec-6 the oldest lives on"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b edu2.jar "$api/me")" = 200 ] || fail "sec-6 a newer one ended"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b edu11.jar "$api/me")" = 200 ] || fail "sec-6 the new one"
contains "$(sqlite3 book.db "SELECT after_json FROM audit WHERE action='session.login' ORDER BY id DESC LIMIT 1")" \
	'"sessions_ended":1'

# sec-7 slow and greedy connections: an idle one is closed after
# --idle-timeout, headers over 64 KiB are refused; the server lives on
exec 3<>/dev/tcp/127.0.0.1/"$port" || fail "sec-7 connect"
printf 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n' >&3
start=$(date +%s)
timeout 10 cat <&3 > /dev/null
waited=$(($(date +%s) - start))
exec 3<&-
[ "$waited" -le 6 ] || fail "sec-7 the idle connection stayed open ${waited}s"
big=$(head -c 70000 /dev/zero | tr '\0' 'a')
st=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$api/me")
case $st in 413 | 414 | 431) ;; *) fail "sec-7 70 KB of headers: $st" ;; esac
[ "$(curl -s -o /dev/null -w '%{http_code}' -b bud.jar "$api/me")" = 200 ] || fail "sec-7 server gone"

# sec-8 no password, session token or CSRF token in the server's log or the audit log
kill "$pid"; wait "$pid"
trap - EXIT
secrets=(budget-pass-1 agency-pass-1 wrong-pass "$bud" $(awk '$6 == "zbb_session" {print $7}' bud.jar edu*.jar))
sqlite3 book.db "SELECT * FROM audit" > audit.txt
"$ZBB" audit list --format json > audit.json 2>&1
for s in "${secrets[@]}"; do
	for f in serve.out serve.err audit.txt audit.json; do
		grep -qF -- "$s" $f && fail "sec-8 a secret in $f"
	done
done
grep -q argon2 audit.txt && fail "sec-8 a password hash in the audit log"
expect_exit 0 "$ZBB" audit verify

# sec-9 import limits, each with a clear message naming it
printf 'code,name\nX1,a\nX2,b\nX3,c\n' > rows.csv
expect_exit 2 "$ZBB" import agencies rows.csv --max-rows 2
contains "$err" "rows.csv:4: 超过一次导入的行数上限 2 行（--max-rows）"
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" import agencies rows.csv --max-rows 2
contains "$err" "more than 2 rows in one import (--max-rows)"
{ printf 'code,name\nX1,'; head -c 70000 /dev/zero | tr '\0' 'a'; printf '\n'; } > field.csv
expect_exit 2 "$ZBB" import agencies field.csv
contains "$err" "field.csv:2: 字段长度超过 65536 字节"
{ printf 'code,name\nX1,"'; for _ in $(seq 20); do head -c 60000 /dev/zero | tr '\0' 'a'; printf '\n'; done; printf '"\n'; } > multi.csv
expect_exit 2 "$ZBB" import agencies multi.csv
contains "$err" "multi.csv:2: 字段长度超过 65536 字节"
{ printf 'code,name\nX1,'; for _ in $(seq 20); do head -c 60000 /dev/zero | tr '\0' 'a' | sed 's/a/a,/g'; done; printf '\n'; } > line.csv
expect_exit 2 "$ZBB" import agencies line.csv
contains "$err" "line.csv:2: 行长度超过 1048576 字节"
true

# The HTTP edge (issue 18): a write needs application/json and this site's
# Origin (or Sec-Fetch-Site: same-origin), the login too; too many query
# arguments (414) or headers (431) are answered at once; conflicting
# Content-Length or no Host is 400; at most --max-per-address connections
# from one address; a connection that does not finish its headers is
# closed after the header timeout (10 s) even with a long idle timeout.
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
new_book 2026
"$ZBB" user add adm --role admin --password-stdin <<< 'Adm-pass-2026x' >/dev/null || fail "user adm"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 --idle-timeout 60 --max-per-address 6 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
port=${url##*:}
st() { curl -s -o body.txt -w '%{http_code}' -m 5 "$@"; }
LOGIN='{"name":"adm","password":"Adm-pass-2026x"}'

# edge-1 login CSRF: a foreign page's form or fetch cannot sign anyone in
[ "$(st -H 'Content-Type: text/plain' -H 'Origin: http://evil.example' -d "$LOGIN" "$url/api/v1/login")" = 415 ] ||
	fail "edge-1 text/plain login: $(cat body.txt)"
[ "$(st -H 'Content-Type: application/x-www-form-urlencoded' -H "Origin: $url" -d "$LOGIN" "$url/api/v1/login")" = 415 ] ||
	fail "edge-1 form login"
[ "$(st -H 'Content-Type: application/json' -H 'Origin: http://evil.example' -d "$LOGIN" "$url/api/v1/login")" = 403 ] ||
	fail "edge-1 foreign Origin: $(cat body.txt)"
contains "$(cat body.txt)" ORIGIN
[ "$(st -H 'Content-Type: application/json' -H 'Sec-Fetch-Site: cross-site' -d "$LOGIN" "$url/api/v1/login")" = 403 ] ||
	fail "edge-1 cross-site"
[ "$(st -H 'Content-Type: application/json' -d "$LOGIN" "$url/api/v1/login")" = 403 ] || fail "edge-1 no Origin at all"
[ "$(st -H 'Content-Type: application/json' -H "Origin: http://127.0.0.1:$((port + 1))" -d "$LOGIN" "$url/api/v1/login")" = 403 ] ||
	fail "edge-1 another port is another origin"
[ "$(st -c jar -H 'Content-Type: application/json; charset=utf-8' -H "Origin: $url" -d "$LOGIN" "$url/api/v1/login")" = 200 ] ||
	fail "edge-1 same-origin login: $(cat body.txt)"
csrf=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' body.txt)
[ "$(st -b jar -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -H 'Sec-Fetch-Site: same-origin' -X POST "$url/api/v1/logout")" = 200 ] ||
	fail "edge-1 logout with Sec-Fetch-Site: $(cat body.txt)"

# edge-2 too many query arguments: 414 at once (not 30 s of silence)
q=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "%sa%d=1", i ? "&" : "", i }')
t0=$(date +%s%N)
[ "$(st "$url/api/v1/me?$q")" = 414 ] || fail "edge-2 1000 arguments: $(cat body.txt)"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 3000 ] || fail "edge-2 answered after $ms ms"
[ "$(st "$url/api/v1/me?a=1&b=2")" = 401 ] || fail "edge-2 two arguments"

# edge-3 too many header fields: 431
hs=()
for i in $(seq 80); do hs+=(-H "X-H$i: v"); done
[ "$(st "${hs[@]}" "$url/api/v1/me")" = 431 ] || fail "edge-3 80 headers: $(cat body.txt)"

# edge-4 raw requests: two different Content-Length headers, no Host
raw() { # raw REQUEST -> the status line
	exec 3<>/dev/tcp/127.0.0.1/"$port" || fail "connect"
	printf '%b' "$1" >&3
	timeout 5 head -1 <&3 | tr -d '\r'
	exec 3<&-
}
line=$(raw 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nSec-Fetch-Site: same-origin\r\nContent-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}')
contains "$line" "400"
line=$(raw 'GET /api/v1/me HTTP/1.1\r\nConnection: close\r\n\r\n')
contains "$line" "400"
line=$(raw 'GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
contains "$line" "401"

# edge-5 connections per address: six half-open ones from 127.0.0.1 keep
# that address out, not another one; an unfinished header is dropped after 10 s
for fd in 4 5 6 7 8 9; do
	eval "exec $fd<>/dev/tcp/127.0.0.1/$port" || fail "edge-5 connect $fd"
	printf 'GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n' >&$fd
done
sleep 2 # the server accepts all six first (0.5 s was not always enough beside the other pass)
[ "$(st "$url/api/v1/me")" = 000 ] || fail "edge-5 a seventh connection from 127.0.0.1 was served"
if curl -s -o /dev/null --interface 127.0.0.2 -m 2 "$url/" 2>/dev/null || [ $? != 45 ]; then
	[ "$(st --interface 127.0.0.2 "$url/api/v1/me")" = 401 ] || fail "edge-5 another address is kept out"
fi
start=$(date +%s)
timeout 20 cat <&4 > /dev/null
waited=$(($(date +%s) - start))
[ "$waited" -le 12 ] || fail "edge-5 an unfinished header held its connection ${waited}s"
for fd in 4 5 6 7 8 9; do eval "exec $fd<&-"; done
sleep 0.5
[ "$(st "$url/api/v1/me")" = 401 ] || fail "edge-5 127.0.0.1 is not served again"
echo ok

# The server's transport and sessions (issue 18): HTTPS with --tls-cert and
# --tls-key (a self-signed certificate made here), Secure cookies under TLS
# or behind --trust-proxy (whose X-Forwarded-For/-Proto are believed, and
# nobody else's), the access log (one line a request, no secrets),
# sessions ending 12 h after sign-in however used, CSRF tokens stored only
# hashed, and the password policy.
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/setup.sh)"
new_book 2026

# pw-1 the password policy: length, not the name, not one repeated character, not a common one
for bad in 'short' 'aaaaaaaaaa' '好好好好好好好好' 'Password123' 'qwertyuiop' 'zhangwei-x'; do
	name=admin; [ "$bad" = zhangwei-x ] && name=zhangwei-x
	expect_exit 2 "$ZBB" user add "$name" --role admin --password-stdin <<< "$bad"
done
expect_exit 2 "$ZBB" user add sam --role admin --password-stdin <<< 'aaaaaaaaaa'
contains "$err" "重复"
expect_exit 2 "$ZBB" user add sam --role admin --password-stdin <<< 'iloveyou'
contains "$err" "最常见"
expect_exit 2 "$ZBB" user add bureau-admin --role admin --password-stdin <<< 'BUREAU-ADMIN'
contains "$err" "用户名相同"
expect_exit 0 "$ZBB" user add adm --role admin --password-stdin <<< 'Adm-pass-2026x'
expect_exit 2 "$ZBB" user passwd adm --password-stdin <<< 'passw0rd'
[ "$(sqlite3 book.db "SELECT count(*) FROM users")" = 1 ] || fail "pw-1 a refused user was stored"

start() { # start ARGS... -> $url, $pid
	"$ZBB" serve --listen 127.0.0.1:0 --threads 2 "$@" > serve.out 2> serve.err &
	pid=$!
	for _ in $(seq 100); do grep -q '://' serve.out 2>/dev/null && break; sleep 0.1; done
	url=$(grep -o 'https\?://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; }
trap 'stop' EXIT
login() { # login JAR [CURL-ARGS...] -> headers in head.txt, body in body.txt, the status
	local jar=$1; shift
	curl -s -D head.txt -o body.txt -w '%{http_code}' -c "$jar" "$@" -H 'Content-Type: application/json' \
		-H "Origin: $url" -d '{"name":"adm","password":"Adm-pass-2026x"}' "$url/api/v1/login"
}

# tls-1 plain HTTP: no Secure cookie; an access log line per request
start
[ "$(login plain.jar)" = 200 ] || fail "tls-1 login: $(cat body.txt)"
lacks "$(grep -i '^set-cookie' head.txt)" "Secure"
csrf=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' body.txt)
[ ${#csrf} = 64 ] || fail "tls-1 no csrf"
curl -s -o /dev/null -b plain.jar "$url/api/v1/projects/NOPE"
curl -s -o /dev/null "$url/api/v1/me"
sleep 0.2
grep -q ' 127\.0\.0\.1 adm POST /api/v1/login 200 [0-9]* [0-9.]*$' serve.out || fail "tls-1 no log line of the login: $(cat serve.out)"
grep -q ' 127\.0\.0\.1 adm GET /api/v1/projects/{code} 403 [0-9]* [0-9.]*$' serve.out || fail "tls-1 no log line of the 403"
grep -q ' 127\.0\.0\.1 - GET /api/v1/me 401 ' serve.out || fail "tls-1 no log line of the 401"
grep -q '^2026-11-01T09:00:00Z ' serve.out || fail "tls-1 the log line has no time"
cookie=$(awk '$6 == "zbb_session" { print $7 }' plain.jar)
for s in "$cookie" "$csrf" Adm-pass-2026x NOPE; do grep -qF -- "$s" serve.out && fail "tls-1 $s in the access log"; done

# csrf-1 the book keeps only hashes of the session and CSRF tokens
stored=$(sqlite3 book.db "SELECT csrf FROM sessions")
[ -n "$stored" ] || fail "csrf-1 no session stored"
[ "$stored" != "$csrf" ] || fail "csrf-1 the CSRF token is stored as it is"
[ "$stored" = "$(printf '%s' "$csrf" | sha256sum | cut -d' ' -f1)" ] || fail "csrf-1 the stored value is not its SHA-256"
me=$(curl -s -b plain.jar "$url/api/v1/me")
contains "$me" "\"csrf\":\"$csrf\""

# sess-1 a session ends 12 h after its sign-in, even when used all along
sqlite3 book.db "UPDATE sessions SET created = created - 11*3600"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b plain.jar "$url/api/v1/me")" = 200 ] || fail "sess-1 11 h old ended"
sqlite3 book.db "UPDATE sessions SET created = created - 2*3600"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b plain.jar "$url/api/v1/me")" = 401 ] || fail "sess-1 13 h old still lives"

# proxy-1 only the trusted proxy's X-Forwarded-* count
[ "$(login x.jar -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 203.0.113.9')" = 200 ] || fail "proxy-1 login"
lacks "$(grep -i '^set-cookie' head.txt)" "Secure"
stop
start --trust-proxy 127.0.0.1 --access-log access.log
grep -q 'adm' access.log 2>/dev/null && fail "proxy-1 the log file is not new"
curl -s -o /dev/null -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.7' "$url/api/v1/me"
[ "$(curl -s -D head.txt -o body.txt -w '%{http_code}' -c y.jar -H 'Content-Type: application/json' \
	-H 'Origin: https://127.0.0.1:'"${url##*:}" -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 203.0.113.8' \
	-d '{"name":"adm","password":"Adm-pass-2026x"}' "$url/api/v1/login")" = 200 ] || fail "proxy-1 login by the proxy: $(cat body.txt)"
contains "$(grep -i '^set-cookie' head.txt)" "Secure"
sleep 0.2
grep -q ' 203\.0\.113\.7 - GET /api/v1/me 401 ' access.log || fail "proxy-1 the forwarded address not logged: $(cat access.log)"
grep -q ' 203\.0\.113\.8 adm POST /api/v1/login 200 ' access.log || fail "proxy-1 the login not logged"
[ "$(stat -c %a access.log)" = 600 ] || fail "proxy-1 the access log is $(stat -c %a access.log)"
stop
expect_exit 2 "$ZBB" serve --listen 127.0.0.1:0 --trust-proxy proxy.example

# tls-2 HTTPS with a self-signed certificate
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 2>/dev/null || fail "openssl"
elif command -v certtool >/dev/null; then
	certtool --generate-privkey --outfile key.pem 2>/dev/null
	printf 'cn = 127.0.0.1\nip_address = 127.0.0.1\nexpiration_days = 2\n' > cert.cfg
	certtool --generate-self-signed --load-privkey key.pem --template cert.cfg --outfile cert.pem 2>/dev/null
else
	skip "neither openssl nor certtool to make a certificate"
fi
expect_exit 2 "$ZBB" serve --listen 127.0.0.1:0 --tls-cert cert.pem
start --tls-cert cert.pem --tls-key key.pem
case $url in https://*) ;; *) fail "tls-2 not https: $url" ;; esac
[ "$(login tls.jar --cacert cert.pem)" = 200 ] || fail "tls-2 login over TLS: $(cat body.txt)"
contains "$(grep -i '^set-cookie' head.txt)" "; Secure"
contains "$(cat head.txt)" "Strict-Transport-Security"
[ "$(curl -s -o /dev/null -w '%{http_code}' --cacert cert.pem -b tls.jar "$url/api/v1/me")" = 200 ] || fail "tls-2 /me"
plain=${url/https:/http:}
[ "$(curl -s -o /dev/null -w '%{http_code}' -m 3 "$plain/api/v1/me")" != 200 ] || fail "tls-2 plain HTTP answered"
stop
echo ok

# The login throttle cannot be turned against a user (issue 18): failures
# count per (address, name) and per address; the owner signing in from
# another address is not locked out; an address failing with many names is
# slowed; a flood of sign-ins, verified on the server's own pool, does not
# hold up GET /me of a signed-in user even with one book connection.
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
new_book 2026
"$ZBB" user add adm --role admin --password-stdin <<< 'Adm-pass-2026x' >/dev/null || fail "user adm"
"$ZBB" user add view --role viewer --password-stdin <<< 'View-pass-2026x' >/dev/null || fail "user view"
"$ZBB" serve --listen 127.0.0.1:0 --threads 1 > serve.out 2> serve.err &
pid=$!
flood=
trap '[ -n "$flood" ] && kill $flood 2>/dev/null; kill "$pid" 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
curl -s -o /dev/null --interface 127.0.0.2 "$url/" || skip "cannot send from 127.0.0.2 (loopback aliases)"
# login FROM NAME PASSWORD [JAR] -> the status
login() {
	curl -s -o login.json -w '%{http_code}' --interface "$1" -c "${4:-/dev/null}" -H 'Content-Type: application/json' \
		-H "Origin: $url" -d "{\"name\":\"$2\",\"password\":\"$3\"}" "$url/api/v1/login"
}

# thr-1 five wrong passwords for adm from one address lock that pair only
for _ in 1 2 3 4 5; do [ "$(login 127.0.0.5 adm wrong-password)" = 401 ] || fail "thr-1 wrong password not 401"; done
[ "$(login 127.0.0.5 adm Adm-pass-2026x)" = 429 ] || fail "thr-1 the pair is not locked"
contains "$(cat login.json)" LOCKED
[ "$(login 127.0.0.6 adm Adm-pass-2026x)" = 200 ] || fail "thr-1 the owner from another address is locked out: $(cat login.json)"
[ "$(login 127.0.0.5 view View-pass-2026x)" = 200 ] || fail "thr-1 another name from that address is locked"

# thr-2 an address failing with many names is slowed, whatever the name
for i in $(seq 20); do [ "$(login 127.0.0.7 "guess$i" wrong-password)" = 401 ] || fail "thr-2 failure $i not 401"; done
[ "$(login 127.0.0.7 view View-pass-2026x)" = 429 ] || fail "thr-2 the address is not slowed: $(cat login.json)"
[ "$(login 127.0.0.8 view View-pass-2026x)" = 200 ] || fail "thr-2 another address is slowed"
# the failures are counted per name in the book too (and audited)
[ "$(sqlite3 book.db "SELECT n_failed FROM login_failures WHERE name='adm'")" = "" ] || fail "thr-2 adm's count not cleared at its sign-in"
[ "$(sqlite3 book.db "SELECT n_failed FROM login_failures WHERE name='guess3'")" = 1 ] || fail "thr-2 guess3 not counted"

# thr-3 a flood of sign-ins from 127.0.0.3 (four clients at once, new names,
# so every one is verified) while a signed-in viewer reads /me
[ "$(login 127.0.0.2 view View-pass-2026x view.jar)" = 200 ] || fail "thr-3 view login"
for c in 1 2 3 4; do
	( for i in $(seq 400); do login 127.0.0.3 "flood$c-$i" "wrong-$i" > /dev/null; done ) &
	flood="$flood $!"
done
sleep 1
: > me.ms
for _ in $(seq 20); do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --interface 127.0.0.2 -b view.jar "$url/api/v1/me" >> me.ms
done
grep -vc '^200 ' me.ms | grep -qx 0 || fail "thr-3 /me failed during the flood: $(sort me.ms | uniq -c)"
median=$(awk '{ print $2 * 1000 }' me.ms | sort -n | sed -n 10p)
echo "thr-3 /me median during the flood: $median ms"
awk -v m="$median" 'BEGIN { exit !(m < 250) }' || fail "thr-3 /me median $median ms during a login flood (wanted < 250)"
[ "$(login 127.0.0.9 adm Adm-pass-2026x)" = 200 ] || fail "thr-3 adm cannot sign in during the flood: $(cat login.json)"
kill $flood 2>/dev/null; wait $flood 2>/dev/null; flood=
echo ok

#!/bin/bash
# Flood: while wrk (tests/load/flood.lua) posts wrong sign-ins from CONNS
# connections, one client times GET /api/v1/me with a live session (N
# requests, one after another) and prints the median, p90 and max in ms,
# and whether the real admin could still sign in during the flood (from
# the flood's address and from another one, 127.0.0.2).
#   tests/load/flood.sh [ZBB]   env: CONNS (16), N (200), THREADS (4)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZBB=$(realpath "${1:-$top/build/zbb}")
CONNS=${CONNS:-16}; N=${N:-200}; THREADS=${THREADS:-4}
export LANG=C.UTF-8
dir=$(mktemp -d /tmp/zbb-flood.XXXXXX); cd "$dir" || exit 3
pid=; wpid=
trap '[ -n "$wpid" ] && kill "$wpid" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
"$ZBB" --book book.db init --year 2026 >/dev/null || exit 1
"$ZBB" --book book.db user add admin --role admin --password-stdin <<< 'Admin-pass-2026!' >/dev/null || exit 1
"$ZBB" --book book.db serve --listen 127.0.0.1:0 --threads "$THREADS" > serve.out 2> serve.err &
pid=$!
for _ in $(seq 200); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || { cat serve.err; exit 1; }
export ZBB_ORIGIN=$url
curl -s -c jar -H 'Content-Type: application/json' -H "Origin: $url" \
	-d '{"name":"admin","password":"Admin-pass-2026!"}' "$url/api/v1/login" > /dev/null
time_me() {
	for _ in $(seq "$N"); do curl -s -o /dev/null -b jar -w '%{time_total}\n' "$url/api/v1/me"; done |
		sort -n | awk '{ v[NR] = $1 * 1000 } END { printf "median %.1f ms, p90 %.1f ms, max %.1f ms\n", v[int(NR/2)+1], v[int(NR*0.9)], v[NR] }'
}
echo "idle: /me $(time_me)"
wrk -t2 -c"$CONNS" -d600s -s "$top/tests/load/flood.lua" "$url" > wrk.out 2>&1 &
wpid=$!
sleep 2
echo "flood of $CONNS connections: /me $(time_me)"
for from in 127.0.0.1 127.0.0.2; do
	code=$(curl -s -o login.json -w '%{http_code}' --interface $from -c jar2 -H 'Content-Type: application/json' \
		-H "Origin: $url" -d '{"name":"admin","password":"Admin-pass-2026!"}' "$url/api/v1/login")
	echo "admin signs in during the flood from $from: $code $(head -c 100 login.json)"
done
kill -INT "$wpid"; wait "$wpid" 2>/dev/null; wpid=
grep -E 'Requests/sec|Non-2xx' wrk.out | tr -s ' ' | sed 's/^/wrk: /'

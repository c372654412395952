#!/bin/bash
# Load: zbb serve on loopback under wrk (tests/load/zbb.lua) — USERS agency
# sessions (50) over a generated book of 60 agencies, first reading only
# (its dashboard's reports agencies and cuts, its project list, a project,
# the findings, explain of its own projects, /me), then reading and writing
# (PUT of each agency's own project with a changed item and its version).
# Prints requests a second and latency percentiles of both runs, then
# checks that every acknowledged write is in the book and in the audit
# log, that conflicts came only as 409, that nothing else failed, and that
# the book and its audit chain are sound.  The server is always stopped.
#
#   tests/load/run.sh [ZBB]   env: USERS (50), SECONDS (10), THREADS (server, 4),
#                             CONNS (wrk connections, USERS), MIN_RPS, MAX_P99_MS (fail below/above)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZBB=$(realpath "${1:-${ZBB:-$top/build/zbb}}")
USERS=${USERS:-50}
SECONDS_=${SECONDS:-10}
THREADS=${THREADS:-4}
CONNS=${CONNS:-$USERS}
export LANG=C.UTF-8 ZBB_NOW=${ZBB_NOW:-2026-11-01T09:00:00Z}
fail() { echo "load: FAIL: $*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is needed (scripts/setup.sh)"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
dir=${OUT:-$(mktemp -d /tmp/zbb-load.XXXXXX)}
mkdir -p "$dir" && cd "$dir" || exit 3
export ZBB_LOAD_DIR=$dir
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; [ -z "${OUT:-}" ] && rm -rf "$dir"' EXIT

# a book of 60 agencies, 20 projects of 5 items each, and one project W### per agency to write
rm -f book.db*
awk 'BEGIN { print "code,name"; for (i = 1; i <= 60; i++) printf "A%03d,单位%d\n", i, i }' > agencies.csv
awk 'BEGIN { print "code,agency,name,kind,tier,function";
	for (a = 1; a <= 60; a++) { printf "W%03d,A%03d,可写项目%d,specific,general,2050201\n", a, a, a;
		for (j = 1; j <= 20; j++) printf "P%03d%02d,A%03d,项目%d-%d,specific,general,2050201\n", a, j, a, a, j } }' > projects.csv
awk 'BEGIN { print "project,seq,content,economic,unit,price,quantity";
	for (a = 1; a <= 60; a++) { printf "W%03d,1,load-W%03d-1,30201,批,1000,1\n", a, a;
		for (j = 1; j <= 20; j++) for (s = 1; s <= 5; s++) printf "P%03d%02d,%d,明细%d,30201,批,%d,%d\n", a, j, s, s, 100 * s, s } }' > items.csv
"$ZBB" --book book.db init --year 2026 > /dev/null || fail "init"
for k in agencies projects items; do "$ZBB" --book book.db import $k $k.csv > /dev/null || fail "import $k"; done
for i in $(seq "$USERS"); do
	a=$(printf 'A%03d' "$i")
	"$ZBB" --book book.db user add "u$i" --role agency --agency "$a" --password-stdin <<< "agency-pass-$i" > /dev/null ||
		fail "user u$i"
done

"$ZBB" --book book.db serve --listen 127.0.0.1:0 --threads "$THREADS" > serve.out 2> serve.err &
pid=$!
for _ in $(seq 200); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
: > sessions.txt
for i in $(seq "$USERS"); do
	a=$(printf 'A%03d' "$i")
	csrf=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar -H 'Content-Type: application/json' -d "{\"name\":\"u$i\",\"password\":\"agency-pass-$i\"}" \
		"$url/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
	cookie=$(awk '$6 == "zbb_session" { print $7 }' jar)
	[ ${#csrf} = 64 ] && [ ${#cookie} = 64 ] || fail "login u$i"
	printf '%s %s %s W%03d P%03d%02d\n' "$cookie" "$csrf" "$a" "$i" "$i" $((i % 20 + 1)) >> sessions.txt
done

wt=2
echo "load: $USERS agency sessions, $CONNS connections, $SECONDS_ s per run, server threads $THREADS, $(nproc) cores"
timeout $((SECONDS_ + 30)) wrk -t$wt -c"$CONNS" -d"${SECONDS_}s" --timeout 5s -s "$top/tests/load/zbb.lua" "$url" -- read $wt \
	> wrk-read.out 2>&1 || fail "wrk (read): $(cat wrk-read.out)"
grep '^load:' wrk-read.out | sed 's/^load:/load (read): /'
timeout $((SECONDS_ + 30)) wrk -t$wt -c"$CONNS" -d"${SECONDS_}s" --timeout 5s -s "$top/tests/load/zbb.lua" "$url" -- mixed $wt \
	> wrk-mixed.out 2>&1 || fail "wrk (mixed): $(cat wrk-mixed.out)"
grep '^load:' wrk-mixed.out | sed 's/^load:/load (mixed):/'
# a race: 8 writes of W001 carrying the same version at once: one wins, the others get 409.
# A write of the mixed run that was still in flight when wrk stopped can commit after the
# version is read; then no racer wins and W001's version has moved on: the race is run
# again on the new version (at most three times).  No winner on an unmoved version fails.
read -r cookie csrf _ < sessions.txt
version_of() { curl -s -b "zbb_session=$cookie" "$url/api/v1/projects/W001" | sed -n 's/.*"version":\([0-9]*\).*/\1/p'; }
for attempt in 1 2 3; do
	racers=()
	v=$(version_of)
	rm -f race-*.txt
	for j in $(seq 8); do
		curl -s -H 'Sec-Fetch-Site: same-origin' -o /dev/null -w '%{http_code}\n' -b "zbb_session=$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
			-X PUT -d "{\"version\":$v,\"name\":\"race $j\",\"kind\":\"specific\",\"tier\":\"general\",\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"load-W001-$((v + 1))\",\"economic\":\"30201\",\"unit\":\"批\",\"price_fen\":1,\"quantity\":\"1\"}]}" \
			"$url/api/v1/projects/W001" > race-$j.txt &
		racers+=($!)
	done
	wait "${racers[@]}"
	race=$(cat race-*.txt | sort | uniq -c | tr -s ' ' | tr '\n' ';')
	wins=$(cat race-*.txt | grep -c '^200$'); lost=$(cat race-*.txt | grep -c '^409$')
	[ "$wins" = 1 ] && [ "$lost" = 7 ] && break
	[ "$wins" = 0 ] && [ "$lost" = 8 ] && [ "$(version_of)" != "$v" ] && [ $attempt -lt 3 ] && continue
	fail "race on W001 (version $v): wanted one 200 and seven 409: $race"
done
echo "W001 $((v + 1))" >> acked-race.log
echo "load: race of 8 writes with one version: one 200, seven 409"
kill "$pid"; wait "$pid"; rc=$?; pid=
[ "$rc" = 0 ] || fail "server exit $rc: $(cat serve.err)"

# the checks
r=$(grep '^RESULT' wrk-read.out) || fail "no result: $(cat wrk-read.out)"
m=$(grep '^RESULT' wrk-mixed.out) || fail "no result: $(cat wrk-mixed.out)"
val() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
[ "$(val "$r" other)" = 0 ] && [ "$(val "$r" sockerr)" = 0 ] || fail "read run: failures: $(cat wrk-read.out)"
[ "$(val "$m" other)" = 0 ] && [ "$(val "$m" sockerr)" = 0 ] || fail "mixed run: failures: $(cat wrk-mixed.out)"
[ "$(val "$m" writes_ok)" -gt 0 ] || fail "no write was acknowledged"
cat acked-*.log > acked.log
n_acked=$(wc -l < acked.log)
[ "$(sort acked.log | uniq -d | wc -l)" = 0 ] || fail "a version acknowledged twice: $(sort acked.log | uniq -d | head -3)"
sqlite3 book.db "SELECT code, version FROM projects WHERE code LIKE 'W%' ORDER BY code" | tr '|' ' ' > stored.txt
sqlite3 book.db "SELECT object, json_extract(after_json, '$.version') FROM audit WHERE action='project.update'" |
	tr '|' ' ' | sort > audit.txt
[ "$(sort audit.txt | uniq -d | wc -l)" = 0 ] || fail "one version in the audit log twice"
# every acknowledged write is in the audit log …
missing=$(sort acked.log | comm -23 - audit.txt | head -3)
[ -z "$missing" ] || fail "acknowledged writes missing from the audit log: $missing"
# … and in the book: each project at (at least) its last acknowledged version, its item saying so,
# with exactly one audit entry per version it went through
while read -r code v; do
	last=$(awk -v c="$code" '$1 == c && $2 > m { m = $2 } END { print m ? m : 1 }' acked.log)
	[ "$v" -ge "$last" ] && [ "$v" -le $((last + 2)) ] || fail "$code at version $v, last acknowledged $last"
	n=$(awk -v c="$code" '$1 == c' audit.txt | wc -l)
	[ "$n" = $((v - 1)) ] || fail "$code at version $v has $n audit entries"
	[ "$v" = 1 ] || [ "$(sqlite3 book.db "SELECT content FROM items WHERE project='$code' AND seq=1")" = "load-$code-$v" ] ||
		fail "$code: item 1 does not match version $v"
done < stored.txt
[ "$(sqlite3 book.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
"$ZBB" --book book.db audit verify > /dev/null || fail "audit verify"
echo "load: writes: $n_acked acknowledged, every one in the book and the audit log; conflicts only as 409 ($(val "$m" conflicts)); integrity and audit chain OK"
rps=$(val "$r" rps); p99=$(val "$r" p99)
if [ -n "${MIN_RPS:-}" ] && [ "$rps" -lt "$MIN_RPS" ]; then fail "reads: $rps req/s, below $MIN_RPS"; fi
if [ -n "${MAX_P99_MS:-}" ] && awk -v p="$p99" -v m="$MAX_P99_MS" 'BEGIN { exit !(p > m) }'; then
	fail "reads: p99 $p99 ms, above $MAX_P99_MS ms"; fi
exit 0

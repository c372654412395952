#!/bin/bash
# Load on the demo city (zbb demo, scale 1: 125 agencies, 3,019 projects,
# 59,920 items, stopped at the draft stage so agencies may edit): USERS
# agency sessions (200; several per agency when more than 125), each
# reading what its pages request and writing its own project (a PUT of
# the project as read, its first item's price changed) after every
# WRITE_EVERY reads, for SECONDS, driven by tests/load/driver.c on
# loopback; then DOWNLOADS (4) ledger.xlsx downloads beside the sessions.
# Prints read and write latency percentiles, then checks: no answer but
# 200 (and 409 for a real conflict), no socket error, every acknowledged
# write in the book and in the audit log, the audit chain sound.  The
# server is always stopped.
#
#   tests/load/demo.sh [ZBB]   env: USERS (200), DURATION (10 s), THREADS (server, 4),
#                              WRITE_EVERY (4), DOWNLOADS (4; 0 none), SCALE (1), KEEP (a dir: keep it),
#                              GEN=1: a small generated book instead of the demo (make test's short run)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZBB=$(realpath "${1:-${ZBB:-$top/build/zbb}}")
USERS=${USERS:-200}
DURATION=${DURATION:-10}
THREADS=${THREADS:-4}
WRITE_EVERY=${WRITE_EVERY:-4}
DOWNLOADS=${DOWNLOADS:-4}
SCALE=${SCALE:-1}
export LANG=C.UTF-8 ZBB_NOW=${ZBB_NOW:-2026-11-01T09:00:00Z}
fail() { echo "load: FAIL: $*" >&2; exit 1; }
for t in curl jq sqlite3 cc; do command -v $t >/dev/null || { echo "SKIP: $t is missing"; exit 77; }; done
dir=${KEEP:-$(mktemp -d /tmp/zbb-demo-load.XXXXXX)}
mkdir -p "$dir" && cd "$dir" || exit 3
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$dir"' EXIT
cc -O2 -std=c17 -Wall -Wextra -Werror -o driver "$top/tests/load/driver.c" -lpthread || fail "cannot build the driver"

rm -f book.db*
if [ "${GEN:-0}" = 1 ]; then
	# the short run (make test): a generated book of 30 agencies, 6 projects of 5 items each
	awk 'BEGIN { print "code,name"; for (i = 1; i <= 30; i++) printf "A%03d,单位%d\n", i, i }' > agencies.csv
	awk 'BEGIN { print "code,agency,name,kind,tier,function";
		for (a = 1; a <= 30; a++) for (j = 1; j <= 6; j++) printf "P%03d%02d,A%03d,项目%d-%d,specific,general,2050201\n", a, j, a, a, j }' > projects.csv
	awk 'BEGIN { print "project,seq,content,economic,unit,price,quantity";
		for (a = 1; a <= 30; a++) for (j = 1; j <= 6; j++) for (s = 1; s <= 5; s++)
			printf "P%03d%02d,%d,明细%d-%d,30201,批,%d,%d\n", a, j, s, j, s, 100 * s, s }' > items.csv
	"$ZBB" --book book.db init --year 2026 > demo.out 2>&1 || fail "init: $(cat demo.out)"
	for k in agencies projects items; do
		"$ZBB" --book book.db import $k $k.csv >> demo.out 2>&1 || fail "import $k: $(tail -3 demo.out)"
	done
else
	"$ZBB" --book book.db demo --scale "$SCALE" --stage draft > demo.out 2>&1 || fail "demo: $(tail -3 demo.out)"
fi
# the sessions: user i of agency i mod n, its projects W and P the agency's
# (2k+1)-th and (2k+2)-th specific ones for its k-th user
sqlite3 book.db "SELECT agency, code FROM projects WHERE kind='specific' AND is_basic=0 ORDER BY agency, code" | tr '|' ' ' > projects.txt
awk '{ print $1 }' projects.txt | uniq > agencies.txt
na=$(wc -l < agencies.txt)
: > users.txt
for i in $(seq "$USERS"); do
	a=$(sed -n "$(( (i - 1) % na + 1 ))p" agencies.txt)
	k=$(( (i - 1) / na ))
	w=$(awk -v a="$a" -v n=$((2 * k + 1)) '$1 == a && ++c == n { print $2 }' projects.txt)
	p=$(awk -v a="$a" -v n=$((2 * k + 2)) '$1 == a && ++c == n { print $2 }' projects.txt)
	[ -n "$w" ] && [ -n "$p" ] || fail "agency $a has too few projects for user $i"
	echo "u$i $a $w $p" >> users.txt
	"$ZBB" --book book.db user add "u$i" --role agency --agency "$a" --password-stdin <<< "agency-pass-$i" > /dev/null ||
		fail "user u$i"
done
"$ZBB" --book book.db user add boss --role budget --password-stdin <<< "budget-pass-1" > /dev/null || fail "user boss"

# every session on loopback comes from one address: the per-address limit made room for them
"$ZBB" --book book.db serve --listen 127.0.0.1:0 --threads "$THREADS" --max-per-address $((USERS + DOWNLOADS + 16)) > serve.out 2> serve.err &
pid=$!
for _ in $(seq 400); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
port=${url##*:}
# the download workers run at a lower CPU priority (nice 10, src/http.c), the others as started
if [ -d "/proc/$pid/task" ]; then
	for _ in $(seq 40); do
		n10=$(cat /proc/"$pid"/task/*/stat 2>/dev/null | awk '{ print $19 }' | grep -c '^10$')
		[ "$n10" = 2 ] && break
		sleep 0.05
	done
	[ "$n10" = 2 ] || fail "$n10 threads of the server at nice 10, not its 2 download workers"
fi
login() { # NAME PASSWORD -> "COOKIE CSRF"
	local jar=jar.$1 csrf
	csrf=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c $jar -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/login" | jq -r .csrf)
	echo "$(awk '$6 == "zbb_session" { print $7 }' $jar) $csrf"
}
: > sessions.txt
: > versions.txt
i=0
while read -r u a w p; do
	i=$((i + 1))
	read -r cookie csrf <<< "$(login "$u" "agency-pass-$i")"
	[ ${#csrf} = 64 ] && [ ${#cookie} = 64 ] || fail "login $u"
	echo "$cookie $csrf $a $w $p" >> sessions.txt
	# the page's save: the project as read, its first item's price a placeholder
	curl -s -b "zbb_session=$cookie" "$url/api/v1/projects/$w" > read-$i.json
	jq -c '{version: -77777, name, kind, tier, function, rigid, urgent, new, basis, priority, scope, score,
		start_year, end_year, items: ([.items[] | del(.amount_fen)] | .[0].price_fen = -88888), targets}' \
		read-$i.json > body-$i.json || fail "project $w: $(head -c 200 read-$i.json)"
	echo "$w $(jq .version read-$i.json)" >> versions.txt
done < users.txt
read -r bcookie bcsrf <<< "$(login boss budget-pass-1)"
[ ${#bcookie} = 64 ] || fail "login boss"

# warm: the first of each kind of read builds what the server keeps (the
# resident findings, the shared pipelines of the reports); the runs time
# the server at work, not its start
read -r c1 _ a1 w1 _ < sessions.txt
for p in /api/v1/me "/api/v1/projects?agency=$a1" "/api/v1/projects/$w1" "/api/v1/findings?agency=$a1" \
	"/api/v1/explain/$w1?scenario=base" "/api/v1/reports/agencies?scenario=base&format=json" \
	"/api/v1/reports/cuts?scenario=base&format=json"; do
	curl -s -o /dev/null -b "zbb_session=$c1" "$url$p"
done
echo "load: $USERS agency sessions on $([ "${GEN:-0}" = 1 ] && echo "a generated book" || echo "the demo city (scale $SCALE)"), $DURATION s, server threads $THREADS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
timeout $((DURATION + 60)) ./driver "$port" "$dir" "$DURATION" "$WRITE_EVERY" > run.out 2>&1 || fail "driver: $(cat run.out)"
sed -n 's/^load: /load (sessions): /p; /^other/,$p' run.out
cp acked.log acked-1.log
if [ "$DOWNLOADS" -gt 0 ]; then
	# the first run's last answers drain before the second starts (its
	# connections count against the server's limits until then)
	for _ in $(seq 60); do curl -s -o /dev/null -m 1 -b "zbb_session=$bcookie" "$url/api/v1/me" && break; done
	sleep 1
	# the same sessions, from the versions they reached, with DOWNLOADS budget-office
	# downloads of the city's ledger beside them
	sort -k1,1 -k2,2n acked-1.log | awk '{ v[$1] = $2 } END { for (c in v) print c, v[c] }' > last-1.txt
	awk 'NR == FNR { v[$1] = $2; next } { print $1, ($1 in v) ? v[$1] : $2 }' last-1.txt versions.txt > v2.txt
	mv v2.txt versions.txt
	ZBB_DOWNLOAD_COOKIE=$bcookie timeout $((DURATION + 120)) ./driver "$port" "$dir" "$DURATION" "$WRITE_EVERY" \
		"$DOWNLOADS" "/api/v1/reports/ledger?format=xlsx" > run-dl.out 2>&1 || fail "driver (downloads): $(cat run-dl.out)"
	sed -n 's/^load: /load (with downloads): /p; /^other/,$p' run-dl.out
	cp acked.log acked-2.log
fi
kill "$pid"; wait "$pid"; rc=$?; pid=
[ "$rc" = 0 ] || fail "server exit $rc: $(cat serve.err)"

# the checks
val() { grep '^RESULT' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
for out in run.out ${DOWNLOADS:+run-dl.out}; do
	[ -f "$out" ] || continue
	[ "$(val $out other)" = 0 ] && [ "$(val $out sockerr)" = 0 ] || fail "$out: failures: $(cat $out)"
	[ "$(val $out writes_ok)" -gt 0 ] || [ "$WRITE_EVERY" = 0 ] || fail "$out: no write was acknowledged"
done
cat acked-*.log > acked.log
[ "$(sort acked.log | uniq -d | wc -l)" = 0 ] || fail "a version acknowledged twice: $(sort acked.log | uniq -d | head -3)"
sqlite3 book.db "SELECT code, version FROM projects" | tr '|' ' ' | sort > stored.txt
sqlite3 book.db "SELECT object, json_extract(after_json, '$.version') FROM audit WHERE action='project.update'" |
	tr '|' ' ' | sort > audit.txt
[ "$(uniq -d audit.txt | wc -l)" = 0 ] || fail "one version in the audit log twice"
missing=$(sort acked.log | comm -23 - audit.txt | head -3)
[ -z "$missing" ] || fail "acknowledged writes missing from the audit log: $missing"
# each written project at its last acknowledged version, its first item's price saying so
n_acked=$(wc -l < acked.log)
sort -k1,1 -k2,2n acked.log | awk '{ v[$1] = $2 } END { for (c in v) print c, v[c] }' | sort > last.txt
while read -r code v; do
	got=$(sqlite3 book.db "SELECT p.version || ' ' || i.price_fen FROM projects p JOIN items i ON i.project = p.code AND i.fy = p.fy
		WHERE p.code = '$code' ORDER BY i.seq LIMIT 1")
	[ "$got" = "$v $((1000 + v - 1))" ] || fail "$code: stored version and price $got, last acknowledged version $v"
done < last.txt
"$ZBB" --book book.db audit verify > verify.out 2>&1 || fail "audit verify: $(cat verify.out)"
echo "load: $n_acked acknowledged writes, each in the book and the audit log; audit chain sound"

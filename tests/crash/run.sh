#!/bin/bash
# Crash safety (SPEC §10: a crash mid-write leaves the book as it was):
# kill zbb with SIGKILL at random moments during (a) a large import, (b) an
# allocation storing a scenario, (c) a stream of API writes to zbb serve;
# after each kill the book passes PRAGMA integrity_check and zbb audit
# verify, and holds exactly the state before or after the interrupted
# transaction (compared with snapshots taken from uninterrupted runs).
#
#   tests/crash/run.sh [ZBB]    env: KILLS (50), SEED (1), ROWS (200000), OUT (a temp dir)
#
# Deterministic kill times from SEED (as fractions of each operation's
# measured duration); bounded: every step has a timeout.  make test runs
# it with KILLS=12 and fewer rows (tests/cli/t0930-crash.sh).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZBB=$(realpath "${1:-${ZBB:-$top/build/zbb}}")
KILLS=${KILLS:-50}
SEED=${SEED:-1}
ROWS=${ROWS:-200000}
export ZBB_NOW=${ZBB_NOW:-2026-11-01T09:00:00Z} LANG=C.UTF-8
RANDOM=$SEED
dir=${OUT:-$(mktemp -d /tmp/zbb-crash.XXXXXX)}
mkdir -p "$dir" && cd "$dir" || exit 3
fail() { echo "crash: FAIL: $*" >&2; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || fail "sqlite3 is needed"

# --- the books ----------------------------------------------------------
n_proj=$((ROWS / 20 > 10 ? ROWS / 20 : 10))
awk 'BEGIN { print "code,name"; for (i = 1; i <= 60; i++) printf "A%03d,单位%d\n", i, i }' > agencies.csv
awk -v n=$n_proj 'BEGIN { print "code,agency,name,kind,tier,function,urgent,score";
	for (i = 1; i <= n; i++) printf "P%06d,A%03d,项目%d,specific,general,2050201,%s,%d\n", i, (i % 60) + 1, i, (i % 7 ? "n" : "y"), 50 + i % 50 }' > projects.csv
items() { # items ROWS PRICE-SALT
	awk -v n=$1 -v np=$n_proj -v salt=$2 'BEGIN { print "project,seq,content,economic,unit,price,quantity,level";
		for (i = 0; i < n; i++) printf "P%06d,%d,明细%d-%d,30201,批,%d.%02d,%d,%d\n", (i % np) + 1, int(i / np) + 1, i, salt,
			100 + (i * 37 + salt) % 5000, i % 100, 1 + i % 9, 1 + i % 3 }'
}
items "$ROWS" 1 > items1.csv
items $((ROWS + ROWS / 10)) 2 > items2.csv
printf 'code,name,kind,amount\nG1,一般公共预算收入,general,900000000\n' > sources.csv
rm -f base.db*
"$ZBB" --book base.db init --year 2026 > /dev/null || fail "init"
for k in agencies projects sources; do "$ZBB" --book base.db import $k $k.csv > /dev/null || fail "import $k"; done
"$ZBB" --book base.db import items items1.csv > /dev/null || fail "import items1"
"$ZBB" --book base.db user add bud --role budget --password-stdin <<< 'budget-pass-1' > /dev/null || fail "user"

check_book() { # check_book BOOK WHAT: integrity and the audit chain
	local ic
	ic=$(sqlite3 "$1" "PRAGMA integrity_check") || fail "$2: sqlite3 cannot read the book"
	[ "$ic" = ok ] || fail "$2: integrity_check: $ic"
	"$ZBB" --book "$1" audit verify > /dev/null 2>&1 || fail "$2: audit verify: $("$ZBB" --book "$1" audit verify 2>&1)"
}
ms() { date +%s%3N; }
# run CMD… in the background, SIGKILL it after DELAY ms (or let it end);
# sets killed=1 when it was still running
run_and_kill() {
	local delay=$1; shift
	"$@" > /dev/null 2>&1 &
	local p=$!
	pids+=("$p")
	last_delay=$delay
	local end=$(($(ms) + delay))
	while kill -0 "$p" 2>/dev/null && [ "$(ms)" -lt "$end" ]; do sleep 0.005; done
	killed=0
	if kill -0 "$p" 2>/dev/null; then kill -9 "$p"; killed=1; fi
	wait "$p" 2>/dev/null
}
pick() { echo $(($1 * (RANDOM % 1000) / 900)); } # 0 … 111% of $1 ms

n_a=$((KILLS * 2 / 5)); n_b=$(((KILLS - n_a) / 2)); n_c=$((KILLS - n_a - n_b))
total_kills=0; mid=0

# --- (a) a large import: items2.csv re-prices every item and adds 10% ---
cp base.db a.db
t0=$(ms); "$ZBB" --book a.db import items items2.csv > /dev/null || fail "import items2"; dur=$(($(ms) - t0))
"$ZBB" --book base.db export items > a.before
"$ZBB" --book a.db export items > a.after
cmp -s a.before a.after && fail "(a) before and after are the same"
for i in $(seq "$n_a"); do
	rm -f k.db*; cp base.db k.db
	run_and_kill "$(pick $dur)" "$ZBB" --book k.db import items items2.csv
	total_kills=$((total_kills + killed)); mid=$((mid + killed))
	check_book k.db "(a) kill $i"
	"$ZBB" --book k.db export items > k.items || fail "(a) kill $i: export"
	if cmp -s k.items a.before; then s=before; elif cmp -s k.items a.after; then s=after; else
		fail "(a) kill $i: the items are neither the state before nor after the import"; fi
	echo "(a) import   kill $i at ${last_delay} ms: $([ $killed = 1 ] && echo killed || echo finished), book = $s" >> crash.log
done
echo "crash (a) import of $((ROWS + ROWS / 10)) rows (${dur} ms): $n_a runs, all consistent"

# --- (b) an allocation replacing a stored scenario --------------------------
snap_scenario() { # the scenario s1 as rows, without its creation time
	sqlite3 "$1" "SELECT name, params, capacity_fen, requested_fen, approved_fen, funded_fen, shortfall_fen FROM scenarios WHERE name='s1';
		SELECT count(*), sum(funded_fen) FROM scenario_results WHERE scenario='s1';"
	"$ZBB" --book "$1" --format json scenarios show s1 | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(len(d), sum(r["funded_fen"] for r in d), "".join(r["status"][0] for r in d), sum(len(r["draws"]) for r in d),
      sum(x["amount_fen"] for r in d for x in r["draws"]))'
}
cp a.db b0.db
"$ZBB" --book b0.db allocate --scenario s1 --capacity 1000000 > /dev/null; [ $? -le 1 ] || fail "allocate s1"
cp b0.db b1.db
t0=$(ms); "$ZBB" --book b1.db allocate --scenario s1 --capacity 300000000 > /dev/null; rc=$?; dur=$(($(ms) - t0))
[ $rc -le 1 ] || fail "allocate s1 again"
snap_scenario b0.db > b.before
snap_scenario b1.db > b.after
cmp -s b.before b.after && fail "(b) before and after are the same"
for i in $(seq "$n_b"); do
	rm -f k.db*; cp b0.db k.db
	run_and_kill "$(pick $dur)" "$ZBB" --book k.db allocate --scenario s1 --capacity 300000000
	total_kills=$((total_kills + killed)); mid=$((mid + killed))
	check_book k.db "(b) kill $i"
	snap_scenario k.db > k.snap
	if cmp -s k.snap b.before; then s=before; elif cmp -s k.snap b.after; then s=after; else
		fail "(b) kill $i: scenario s1 is neither the one before nor after:
$(cat k.snap)"; fi
	echo "(b) allocate kill $i at ${last_delay} ms: $([ $killed = 1 ] && echo killed || echo finished), scenario = $s" >> crash.log
done
echo "crash (b) allocation storing $("$ZBB" --book b1.db --format json scenarios show s1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') item results (${dur} ms): $n_b runs, all consistent"

# --- (c) a stream of API writes, the server killed -----------------------
put_body() { # put_body CODE VERSION -> the body of the write that makes VERSION+1
	local v=$(($2 + 1))
	printf '{"version":%d,"name":"项目%s-v%d","kind":"specific","tier":"general","function":"2050201","items":[{"seq":1,"content":"v%d","economic":"30201","unit":"批","price_fen":%d,"quantity":"1"}]}' \
		"$2" "$1" "$v" "$v" $((1000 + v))
}
writer() { # the client: PUTs round the first 8 projects, logging each acknowledged version
	local url=$1 jar=$2 csrf=$3 n=0
	declare -A ver
	for c in P000001 P000002 P000003 P000004 P000005 P000006 P000007 P000008; do ver[$c]=1; done
	while :; do
		local c=P00000$((n % 8 + 1)); n=$((n + 1))
		local st
		st=$(curl -s -H 'Sec-Fetch-Site: same-origin' -o /dev/null -w '%{http_code}' --max-time 5 -b "$jar" -H "X-CSRF-Token: $csrf" \
			-H 'Content-Type: application/json' -X PUT -d "$(put_body $c ${ver[$c]})" "$url/api/v1/projects/$c")
		case $st in
		200) ver[$c]=$((ver[$c] + 1)); echo "$c ${ver[$c]}" >> acked.log ;;
		000) exit 0 ;; # the server is gone
		*) echo "status $st" >> acked.log; exit 1 ;;
		esac
	done
}
for i in $(seq "$n_c"); do
	rm -f k.db* acked.log serve.out; cp a.db k.db
	"$ZBB" --book k.db serve --listen 127.0.0.1:0 --threads 2 > serve.out 2>&1 &
	sp=$!; pids+=("$sp")
	for _ in $(seq 200); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "(c) server did not start: $(cat serve.out)"
	csrf=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar -H 'Content-Type: application/json' -d '{"name":"bud","password":"budget-pass-1"}' \
		"$url/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
	[ ${#csrf} = 64 ] || fail "(c) login"
	touch acked.log
	writer "$url" jar "$csrf" &
	wp=$!; pids+=("$wp")
	sleep "0.$((200 + RANDOM % 800))"
	kill -9 "$sp"; wait "$sp" 2>/dev/null
	wait "$wp" || fail "(c) kill $i: a write was refused: $(tail -1 acked.log)"
	total_kills=$((total_kills + 1)); mid=$((mid + 1))
	check_book k.db "(c) kill $i"
	n_acked=$(wc -l < acked.log)
	for c in P000001 P000002 P000003 P000004 P000005 P000006 P000007 P000008; do
		acked=$(awk -v c=$c '$1 == c { v = $2 } END { print v ? v : 1 }' acked.log)
		row=$(sqlite3 k.db "SELECT p.version, p.name, i.content FROM projects p JOIN items i ON i.fy = p.fy AND i.project = p.code WHERE p.code='$c' AND i.seq=1")
		v=${row%%|*}
		[ "$v" = "$acked" ] || [ "$v" = $((acked + 1)) ] || fail "(c) kill $i: $c is at version $v, acknowledged $acked"
		[ "$v" = 1 ] || [ "$row" = "$v|项目$c-v$v|v$v" ] || fail "(c) kill $i: $c half written: $row"
		n_audit=$(sqlite3 k.db "SELECT count(*) FROM audit WHERE action='project.update' AND object='$c'")
		[ "$n_audit" = $((v - 1)) ] || fail "(c) kill $i: $c at version $v has $n_audit audit entries"
	done
	echo "(c) serve    kill $i: $n_acked writes acknowledged, every one in the book and the audit log" >> crash.log
done
echo "crash (c) API writes: $n_c server kills, every acknowledged write kept, nothing half written"
echo "crash: $KILLS runs ($total_kills killed mid-operation), seed $SEED: every book passed integrity_check and audit verify and was exactly before or after"
[ -z "${OUT:-}" ] && rm -rf "$dir"
exit 0

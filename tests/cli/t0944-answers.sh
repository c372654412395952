# A report answered from a pipeline the server shares (a GET's, or a stale
# stored scenario's record) is the same for everyone who asks the same of
# it, so the server keeps the body whole and sends it again - until a write
# makes another pipeline, when the next read is answered anew.  On the small
# book of t0500 (amounts in yuan, worked out there):
#   cuts of base: P3/1 asks 35,000 over S1's standard (3,000 a person-year
#   × 10) → 30,000 (OVER_STANDARD); P4/1 asks 100,000, 60,000 is left when
#   its turn comes → 0 (CUT_CAPACITY).  Both are A2's; A1 has none.  (Neither
#   has targets, NO_TARGETS; P3 names no earlier year, NOT_CONTINUING.)
#   P3/1 at 3,000 a person-year asks 30,000: only P4/1 stays cut.
. "$TOP/tests/cli/lib.sh"
for t in curl jq; do command -v $t >/dev/null || skip "$t is missing"; done
new_book
for k in agencies bases standards priorities projects items sources history; do
	"$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
"$ZBB" user add boss --role budget --password-stdin <<< "budget-pass-0" > /dev/null || fail "user boss"
"$ZBB" user add a1 --role agency --agency A1 --password-stdin <<< "agency-pass-1" > /dev/null || fail "user a1"
pid=
start() {
	: > serve.out
	ZBB_TRACE_RESIDENT=1 "$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
	pid=$!
	for _ in $(seq 600); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
}
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
login() { # NAME PASSWORD -> sets ck_NAME, csrf_NAME
	local r
	r=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar.$1 -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/login")
	printf -v "csrf_$1" %s "$(jq -r .csrf <<< "$r")"
	printf -v "ck_$1" %s "$(awk '$6 == "zbb_session" { print $7 }' jar.$1)"
}
get() { local c="ck_$1"; curl -s -b "zbb_session=${!c}" "$url$2"; }
put_p3() { # PRICE_FEN -> $st
	local body
	body=$(get boss /api/v1/projects/P3 | jq -c --argjson p "$1" '{version, name, kind, tier, function, rigid, urgent,
		new, basis, priority, scope, score, start_year, end_year, targets, items: [.items[] | del(.amount_fen)] | (.[0].price_fen = $p)}')
	st=$(curl -s -o put.json -w '%{http_code}' -H 'Sec-Fetch-Site: same-origin' -b "zbb_session=$ck_boss" \
		-H "X-CSRF-Token: $csrf_boss" -H 'Content-Type: application/json' -X PUT --data-binary "$body" "$url/api/v1/projects/P3")
}
rows() { jq -c '[.rows[] | [.project, .seq, .agency, .requested_fen, .funded_fen, .codes]]' "$1"; }
kept() { grep -c '^answer: kept report cuts' serve.err; }

start
login boss budget-pass-0
login a1 agency-pass-1
[ ${#ck_boss} = 64 ] && [ ${#ck_a1} = 64 ] || fail "login"
# the first read makes the body, the second is sent the same
get boss "/api/v1/reports/cuts" > c1.json
[ "$(rows c1.json)" = '[["P3",1,"A2",3500000,3000000,"OVER_STANDARD;NO_TARGETS;NOT_CONTINUING"],["P4",1,"A2",10000000,0,"NO_TARGETS;CUT_CAPACITY"]]' ] ||
	fail "cuts of base: $(head -c 400 c1.json)"
[ "$(kept)" = 1 ] || fail "the first read kept $(kept) bodies"
get boss "/api/v1/reports/cuts" > c2.json
cmp -s c1.json c2.json || fail "the second read differs"
[ "$(kept)" = 1 ] || fail "the second read made its body again"
# an agency user is answered its own agency's rows, kept apart
get a1 "/api/v1/reports/cuts" > a1.json
[ "$(rows a1.json)" = '[]' ] || fail "A1's cuts: $(head -c 400 a1.json)"
[ "$(kept)" = 2 ] || fail "A1's cuts were not made for A1"
get boss "/api/v1/reports/cuts" > c3.json
cmp -s c1.json c3.json || fail "the budget office's body changed after A1's read"
[ "$(kept)" = 2 ] || fail "the budget office's body was made again"
# a write: the next read is the book as it is now
put_p3 300000
[ "$st" = 200 ] || fail "P3 at 3,000: $st $(cat put.json)"
get boss "/api/v1/reports/cuts" > c4.json
[ "$(rows c4.json)" = '[["P4",1,"A2",10000000,0,"NO_TARGETS;CUT_CAPACITY"]]' ] || fail "cuts after the write: $(head -c 400 c4.json)"
[ "$(kept)" = 3 ] || fail "the read after the write: $(kept) bodies made"
# base stored by the CLI behind the server's back (at P3 3,000), then P3 back to 3,500: base is stale, its
# reports are its record (the inputs kept with it), told so, the same for every read
"$ZBB" allocate > alloc.out 2>&1 || fail "allocate: $(cat alloc.out)"
get boss "/api/v1/reports/cuts?scenario=base" > c5.json
[ "$(rows c5.json)" = '[["P4",1,"A2",10000000,0,"NO_TARGETS;CUT_CAPACITY"]]' ] && [ "$(jq .stale c5.json)" = false ] ||
	fail "cuts of the stored base: $(head -c 400 c5.json)"
put_p3 350000
[ "$st" = 200 ] || fail "P3 back at 3,500: $st $(cat put.json)"
get boss "/api/v1/reports/cuts?scenario=base" > c6.json
[ "$(rows c6.json)" = '[["P4",1,"A2",10000000,0,"NO_TARGETS;CUT_CAPACITY"]]' ] && [ "$(jq .stale c6.json)" = true ] &&
	[ "$(jq .rerun c6.json)" = false ] || fail "cuts of the stale base: $(head -c 400 c6.json)"
n=$(kept)
get boss "/api/v1/reports/cuts?scenario=base" > c7.json
cmp -s c6.json c7.json && [ "$(kept)" = "$n" ] || fail "the stale base's second read was made again ($(kept) after $n)"
# ?rerun=1: the book as it is (a different answer, P3/1 cut again), never mixed up with the record's
get boss "/api/v1/reports/cuts?scenario=base&rerun=1" > c8.json
[ "$(rows c8.json)" = "$(rows c1.json)" ] && [ "$(jq .rerun c8.json)" = true ] || fail "rerun: $(head -c 400 c8.json)"
get boss "/api/v1/reports/cuts?scenario=base" > c9.json
cmp -s c6.json c9.json || fail "the record's body after a rerun read differs"
# a server that starts cold answers the same bytes
kill $pid; wait $pid; pid=
start
login boss budget-pass-0
get boss "/api/v1/reports/cuts?scenario=base" > cold.json
cmp -s c6.json cold.json || fail "a cold server answers otherwise: $(head -c 300 cold.json) / $(head -c 300 c6.json)"
get boss "/api/v1/reports/cuts?scenario=base&rerun=1" > cold8.json
cmp -s c8.json cold8.json || fail "a cold server's rerun differs"
kill $pid; wait $pid; pid=
echo "ok: kept answers are sent again until a write or another ask, and equal a cold server's"

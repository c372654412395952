# The server's resident findings (src/api_resident.c) against a full
# recompute: on the demo city, a seeded random sequence of writes by three
# agency users (prices over the standard, an item copied from a sibling
# project so DUPLICATE fires on both, an item dropped, an item under an
# unknown standard or on the negative list, a quantity, the basis, a new
# project), with now and then a change that is not a project's (a review by
# the budget office, an import by the CLI behind the server's back).  After
# every step the findings the server answers - the write's own, and the
# findings queue of each of the three agencies - must equal `zbb check` on
# the book as it is, field by field; and the server must have re-run single
# agencies for the project writes, reloading the book only for the others.
# The shared pipeline of GET reads is built from the same resident model
# (the base with the agencies' newer models merged in, no book load): the
# whole book's findings queue (the budget office's) must equal the full
# check, and the explain of the written project `zbb explain` of a scenario
# run then (a run is an entry that reloads), every fourth step and at the last.
. "$TOP/tests/cli/lib.sh"
for t in curl jq; do command -v $t >/dev/null || skip "$t is missing"; done
export ZBB_BOOK=$PWD/book.db
"$ZBB" demo --stage draft > demo.out 2>&1 || fail "demo: $(tail -3 demo.out)"
AG=(101001 102001 103001)
for i in 0 1 2; do
	"$ZBB" user add "a$i" --role agency --agency "${AG[$i]}" --password-stdin <<< "agency-pass-$i" > /dev/null || fail "user a$i"
done
"$ZBB" user add boss --role budget --password-stdin <<< "budget-pass-0" > /dev/null || fail "user boss"
# ZBB_CHECK_RESIDENT: every shared pipeline also runs the rules on the whole
# merged model and answers 500 if the assembled result differs by a byte
ZBB_TRACE_RESIDENT=1 ZBB_CHECK_RESIDENT=1 "$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 600); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
declare -A CK CS
login() {
	local r
	r=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar.$1 -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/login")
	CS[$1]=$(jq -r .csrf <<< "$r")
	CK[$1]=$(awk '$6 == "zbb_session" { print $7 }' jar.$1)
	[ ${#CK[$1]} = 64 ] || fail "login $1: $r"
}
for i in 0 1 2; do login "a$i" "agency-pass-$i"; done
login boss budget-pass-0
get() { curl -s -b "zbb_session=${CK[$1]}" "$url$2"; }
send() { # USER METHOD PATH BODY -> answer in $ans, status in $st
	ans=$(curl -s -w '\n%{http_code}' -H 'Sec-Fetch-Site: same-origin' -b "zbb_session=${CK[$1]}" -H "X-CSRF-Token: ${CS[$1]}" \
		-H 'Content-Type: application/json' -X "$2" --data-binary "$4" "$url$3")
	st=${ans##*$'\n'}; ans=${ans%$'\n'*}
}
# findings as both sides show them: the fields they share, in one order
norm='[.[] | {project, seq, code, severity, effect_fen, message}] | sort_by(.project, (.seq // 0), .code, .message)'
normw='[.[] | {project, seq, code, severity, cause, effect_fen, before_fen, after_fen, message}] | sort_by(.project, (.seq // 0), .code, .message)'
check_all() { # STEP: every agency's queue = zbb check
	"$ZBB" check --format json > full.json 2> check.err
	[ $? -le 1 ] || fail "step $1: check: $(cat check.err)"
	for i in 0 1 2; do
		get "a$i" "/api/v1/findings?agency=${AG[$i]}&limit=20000" > q.json
		api=$(jq -c ".findings | $norm" q.json) || fail "step $1: queue of ${AG[$i]}: $(head -c 300 q.json)"
		cli=$(jq -c --arg a "${AG[$i]}" "[.findings[] | select(.agency == \$a)] | $norm" full.json)
		[ "$api" = "$cli" ] || { diff <(jq . <<< "$api") <(jq . <<< "$cli") | head -20; fail "step $1: findings of ${AG[$i]} differ from a full check"; }
		[ "$(jq length <<< "$api")" -gt 0 ] || fail "step $1: ${AG[$i]} has no findings (the comparison would prove nothing)"
	done
}
check_book() { # STEP: the budget office's queue of the whole book (the shared pipeline) = zbb check
	get boss "/api/v1/findings?limit=20000" > b1.json
	get boss "/api/v1/findings?limit=20000&offset=20000" > b2.json
	api=$(jq -c -s "[.[].findings[]] | $norm" b1.json b2.json) || fail "step $1: the book's queue: $(head -c 300 b1.json)"
	cli=$(jq -c ".findings | $norm" full.json)
	[ "$(jq length <<< "$cli")" -le 40000 ] || fail "step $1: more findings than two pages"
	[ "$api" = "$cli" ] || { diff <(jq . <<< "$api") <(jq . <<< "$cli") | head -20; fail "step $1: the book's findings differ from a full check"; }
}
check_explain() { # STEP PROJECT: the explain the server answers = zbb explain of the book allocated anew
	get boss "/api/v1/explain/$2?scenario=base" > ax.json
	"$ZBB" allocate --scenario chk > alloc.out 2>&1
	[ $? -le 1 ] || fail "step $1: allocate: $(tail -3 alloc.out)"
	"$ZBB" explain "$2" --scenario chk --format json > cx.json || fail "step $1: explain $2"
	[ "$(jq -S 'walk(if type == "object" then del(.scenario) else . end)' ax.json)" = "$(jq -S 'walk(if type == "object" then del(.scenario) else . end)' cx.json)" ] ||
		{ diff <(jq -S . ax.json) <(jq -S . cx.json) | head -20; fail "step $1: the explain of $2 differs"; }
	n_explain=$((n_explain + 1))
}
check_write() { # STEP PROJECT: the write's answer = zbb check (after check_all)
	api=$(jq -c ".findings | $normw" <<< "$ans")
	cli=$(jq -c --arg p "$2" "[.findings[] | select(.project == \$p)] | $normw" full.json)
	[ "$api" = "$cli" ] || { diff <(jq . <<< "$api") <(jq . <<< "$cli") | head -20; fail "step $1: the answer's findings of $2 differ"; }
}
neg=$(sqlite3 book.db "SELECT economic FROM negative WHERE economic IS NOT NULL AND economic <> '' LIMIT 1")
[ -n "$neg" ] || fail "the demo has no negative-list economic code"
check_all 0
check_book 0
RANDOM=20261101
n_proj=0 n_other=0 dup_seen=0 n_explain=0 n_book=1
for step in $(seq 1 20); do
	i=$((RANDOM % 3)); u=a$i; a=${AG[$i]}
	mapfile -t codes < <(sqlite3 book.db "SELECT code FROM projects WHERE fy=2026 AND agency='$a' AND kind='specific' ORDER BY code LIMIT 4")
	code=${codes[$((RANDOM % 4))]}; sib=${codes[$(((RANDOM % 3 + 1 + 0) % 4))]}
	[ "$sib" = "$code" ] && sib=${codes[0]} && [ "$sib" = "$code" ] && sib=${codes[1]}
	get $u "/api/v1/projects/$code" > p.json
	get $u "/api/v1/projects/$sib" > s.json
	base='{version, name, kind, tier, function, rigid, urgent, new, basis, priority, scope, score, start_year, end_year, targets, items: [.items[] | del(.amount_fen)]}'
	what=$((RANDOM % 8)) wrote=
	dups() { get $u "/api/v1/findings?agency=$a&code=DUPLICATE&limit=20000" | jq .total; }
	nd0=$(dups)
	[ $step = 2 ] && what=1
	[ $step = 3 ] && what=7
	if [ $((step % 7)) = 0 ]; then what=8; fi
	if [ $((step % 11)) = 0 ]; then what=9; fi
	case $what in
	0) body=$(jq -c "$base | .items[0].price_fen *= 3" p.json) ;;
	1) body=$(jq -c --slurpfile s s.json "$base | .items += [(\$s[0].items[0] | del(.amount_fen) | .seq = 90)]" p.json) ;;
	2) body=$(jq -c "$base | if (.items | length) > 1 then .items |= .[:-1] else . end" p.json) ;;
	3) body=$(jq -c "$base | .items[0].standard = \"BZ-NOSUCH\"" p.json) ;;
	4) body=$(jq -c --arg e "$neg" "$base | .items += [{seq: 91, content: \"宴请接待\", economic: \$e, unit: \"次\", price_fen: 50000, quantity: \"2\"}]" p.json) ;;
	5) body=$(jq -c "$base | .items[0].quantity = \"999\"" p.json) ;;
	6) body=$(jq -c "$base | .basis = null" p.json) ;;
	7) body=$(jq -c --slurpfile s s.json "\$s[0] | $base | del(.version) | .name = \"新增项目$step\"" s.json) ;;
	esac
	if [ $what = 7 ]; then
		send $u POST /api/v1/projects "$body"
		[ "$st" = 201 ] || fail "step $step: create in $a: $st $ans"
		code=$(jq -r .code <<< "$ans")
		n_proj=$((n_proj + 1))
		wrote=$code
	elif [ $what = 8 ]; then
		# the budget office cuts an item by review: not a project write
		seq1=$(jq '.items[0].seq' p.json)
		send boss POST /api/v1/reviews "{\"project\":\"$code\",\"seq\":$seq1,\"round\":1,\"action\":\"cut\",\"reason\":\"重复申报\",\"reviewer\":\"评审组\"}"
		[ "$st" = 200 ] || [ "$st" = 201 ] || fail "step $step: review: $st $ans"
		n_other=$((n_other + 1))
	elif [ $what = 9 ]; then
		# the CLI behind the server's back: an item of the project by import
		printf 'project,seq,content,economic,unit,price,quantity\n%s,95,导入明细%s,30201,批,%s,1\n' "$code" $step $((1000 + step)) > imp.csv
		"$ZBB" import items imp.csv > imp.out 2>&1 || fail "step $step: import: $(cat imp.out)"
		n_other=$((n_other + 1))
	else
		send $u PUT "/api/v1/projects/$code" "$body"
		[ "$st" = 200 ] || fail "step $step: write of $code ($what): $st $ans"
		n_proj=$((n_proj + 1))
		wrote=$code
	fi
	check_all $step
	if [ $step = 1 ]; then
		# the stored base is stale now: its reports run on its kept inputs,
		# built once for readers who come at once (single-flight)
		gets=()
		for k in 1 2 3 4; do get boss "/api/v1/reports/agencies?scenario=base&format=json" > rep$k.json & gets+=($!); done
		wait "${gets[@]}"
		for k in 2 3 4; do cmp -s rep1.json rep$k.json || fail "concurrent reports differ"; done
		jq -e '.stale == true and (.rows | length) > 100' rep1.json > /dev/null || fail "the stale base's report: $(head -c 300 rep1.json)"
		[ "$(grep -c '^record: built base' serve.err)" = 1 ] || fail "the stale base's record built $(grep -c '^record: built' serve.err) times"
	fi
	if [ $((step % 4)) = 1 ] || [ $step = 20 ]; then
		check_book $step
		n_book=$((n_book + 1))
		[ -n "$wrote" ] && check_explain $step "$wrote"
	fi
	[ $what = 1 ] && [ "$(dups)" -gt "$nd0" ] && dup_seen=1
	[ -n "$wrote" ] && check_write $step "$wrote"
done
[ $dup_seen = 1 ] || fail "no step made a DUPLICATE (the agency-wide check went untested)"
# a continuing project created under last year's code (history rows, no project this year) in an
# agency that has a model of its own already: that model never held the code's history, which
# must come in (the rules read it: without it the project is told NOT_CONTINUING)
old=102001-901
[ "$(sqlite3 book.db "SELECT count(*) FROM history WHERE project='$old'")" -ge 1 ] || fail "the demo has no history for $old"
[ "$(sqlite3 book.db "SELECT count(*) FROM projects WHERE code='$old'")" = 0 ] || fail "$old is a project already"
mapfile -t codes < <(sqlite3 book.db "SELECT code FROM projects WHERE fy=2026 AND agency='102001' AND kind='specific' ORDER BY code LIMIT 1")
get a1 "/api/v1/projects/${codes[0]}" > p.json
send a1 PUT "/api/v1/projects/${codes[0]}" "$(jq -c "$base | .items[0].price_fen += 1" p.json)"
[ "$st" = 200 ] || fail "the write before the continuing project: $st $ans"
grep -q '^resident: agency 102001 for project' serve.err || fail "102001 has no model of its own"
send boss POST /api/v1/projects "$(jq -c --arg c "$old" "$base | del(.version) | .code = \$c | .agency = \"102001\" | .new = false | .name = \"续建项目\"" p.json)"
[ "$st" = 201 ] || fail "create $old: $st $ans"
check_all 21
check_book 21
check_write 21 "$old"
jq -e --arg p "$old" '[.findings[] | select(.project == $p)] | length > 0 and all(.code != "NOT_CONTINUING")' full.json > /dev/null ||
	fail "$old: its history unseen: $(jq -c --arg p "$old" '[.findings[] | select(.project == $p) | .code]' full.json)"
# the project writes re-ran single agencies; only the other changes (and the start) reloaded
ups=$(grep -c '^resident: agency' serve.err); rel=$(grep -c '^resident: reload' serve.err)
[ "$ups" -ge "$n_proj" ] || fail "$ups agency re-runs for $n_proj project writes: $(grep resident serve.err | head)"
[ "$rel" -ge 1 ] && [ "$rel" -le $((n_other + n_explain + 1)) ] || fail "$rel reloads for $n_other other changes and $n_explain runs"
# the book's queue and explain came from pipelines built from the resident model
pls=$(grep -c '^resident: pipeline' serve.err)
[ "$pls" -ge "$n_book" ] || fail "$pls pipelines from the resident model for $n_book reads of the book's queue"
# … with the rules put together from the base's and the agencies' results, never run again for the city,
# and each time byte for byte what a full run gives (ZBB_CHECK_RESIDENT)
asm=$(grep -c '^resident: pipeline of version [0-9]*, rules assembled' serve.err)
[ "$asm" = "$pls" ] || fail "$asm of $pls pipelines had their rules assembled: $(grep '^resident: pipeline' serve.err | head -3)"
! grep -q 'assembled rules differ' serve.err || fail "an assembled result differed from a full run"
[ "$n_explain" -ge 3 ] || fail "only $n_explain explains compared"
echo "ok: 20 steps ($pls pipelines from the resident model, rules assembled, $n_explain explains; $n_proj project writes: $ups agency re-runs; $n_other other changes: $rel reloads) agree with full checks and a fresh allocation"

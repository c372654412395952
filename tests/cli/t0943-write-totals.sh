# A project's save through the server checks the requested totals (SPEC §2:
# an overflow is an error, never something the book holds) from the totals
# kept since the last write (src/store_totals.c) instead of reading every
# item of the book - and reads the whole year again whenever anything else
# committed in between (here the CLI behind the server's back).
#
# INT64_MAX fen is 9,223,372,036,854,775,807.  P1 holds 9,223,372,036,854,775,000
# fen, so the year has 807 fen of room for P2 (worked out by hand below).
. "$TOP/tests/cli/lib.sh"
for t in curl jq; do command -v $t >/dev/null || skip "$t is missing"; done
new_book
printf 'code,name\nA1,单位一\n' > ag.csv
printf 'code,agency,name,kind,tier,function\nP1,A1,大项目,specific,general,2050201\nP2,A1,小项目,specific,general,2050201\n' > pr.csv
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,云服务,30201,年,92233720368547750,1\nP2,1,维修,30213,间,1,1\n' > it.csv
for k in agencies:ag projects:pr items:it; do
	expect_exit 0 "$ZBB" import "${k%%:*}" "${k#*:}.csv"
done
"$ZBB" user add boss --role budget --password-stdin <<< "budget-pass-0" > /dev/null || fail "user boss"
ZBB_TRACE_TOTALS=1 "$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 600); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
r=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar -H 'Content-Type: application/json' \
	-d '{"name":"boss","password":"budget-pass-0"}' "$url/api/v1/login")
csrf=$(jq -r .csrf <<< "$r"); ck=$(awk '$6 == "zbb_session" { print $7 }' jar)
[ ${#ck} = 64 ] || fail "login: $r"
price_of() { curl -s -b "zbb_session=$ck" "$url/api/v1/projects/$1" | jq '.items[0].price_fen'; }
put_p2() { # PRICE_FEN -> $st, $ans
	local body
	body=$(curl -s -b "zbb_session=$ck" "$url/api/v1/projects/P2" |
		jq -c --argjson p "$1" '{version, name, kind, tier, function, rigid, urgent, new, basis, priority, scope, score,
			start_year, end_year, targets, items: [.items[] | del(.amount_fen)] | (.[0].price_fen = $p)}')
	ans=$(curl -s -w '\n%{http_code}' -H 'Sec-Fetch-Site: same-origin' -b "zbb_session=$ck" -H "X-CSRF-Token: $csrf" \
		-H 'Content-Type: application/json' -X PUT --data-binary "$body" "$url/api/v1/projects/P2")
	st=${ans##*$'\n'}; ans=${ans%$'\n'*}
}
traces() { grep -c "^totals: $1" serve.err; }

# the server's first save: nothing kept yet, the whole year is read
put_p2 500
[ "$st" = 200 ] || fail "P2 at 5.00 yuan (775,500 in all): $st $ans"
[ "$(traces 'the whole year for project P2')" = 1 ] || fail "first save: $(cat serve.err)"
# then only P2's items: 775,800 fits
put_p2 800
[ "$st" = 200 ] || fail "P2 at 8.00 yuan: $st $ans"
[ "$(traces 'project P2')" = 1 ] || fail "second save read the whole year: $(cat serve.err)"
# 775,808 is one fen over INT64_MAX: refused, nothing stored
put_p2 808
[ "$st" = 422 ] || fail "P2 at 8.08 yuan: $st $ans"
contains "$ans" "全部项目的申报总额超出金额范围"
[ "$(price_of P2)" = 800 ] || fail "the refused save left P2 at $(price_of P2)"
# exactly INT64_MAX fits, and after a refused save the kept totals still hold
put_p2 807
[ "$st" = 200 ] || fail "P2 at 8.07 yuan (INT64_MAX exactly): $st $ans"
[ "$(traces 'the whole year')" = 1 ] || fail "a refused save made the next read the whole year: $(cat serve.err)"
[ "$(traces 'project P2')" = 3 ] || fail "saves checked from the kept totals: $(traces 'project P2') of 3"
# the CLI lowers P1 by 1.00 yuan behind the server's back: 100 fen more room
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,云服务,30201,年,92233720368547749,1\n' > it2.csv
expect_exit 0 "$ZBB" import items it2.csv
# 774,900 + 907 = INT64_MAX: fits only if P1's new total is seen (the kept
# totals, as of before the import, would refuse it), so the whole year is read
put_p2 907
[ "$st" = 200 ] || fail "P2 at 9.07 yuan after the import: $st $ans"
[ "$(traces 'the whole year')" = 2 ] || fail "the save after the CLI's import used the kept totals: $(cat serve.err)"
put_p2 908
[ "$st" = 422 ] || fail "P2 at 9.08 yuan after the import: $st $ans"
[ "$(price_of P2)" = 907 ] || fail "P2 is $(price_of P2)"
kill $pid; wait $pid; pid=
# the book as left loads and checks
expect_exit 0 "$ZBB" --format json info
contains "$out" '"items": 2'
expect_exit 0 "$ZBB" audit verify

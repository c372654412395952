# Regions on the server (SPEC §14): a zbb serve serves one region of a
# book of several; a user belongs to a region and signs in only there; an
# agency user of the district never sees a row of the city, on any route;
# a user given its subtree (--scope) reads the roll-ups, nobody else does.
# The city's rows are marked 【市】 in their names, the district's are not.
. "$TOP/tests/cli/lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
F=$TOP/tests/cli/fixtures/small
export ZBB_BOOK=$PWD/book.db
"$ZBB" init --year 2026 --region 430200000 --name 株洲市本级 >/dev/null || fail "init"
"$ZBB" region add 430202000 荷塘区 >/dev/null || fail "region add"
mkdir city
for k in agencies projects; do
  python3 - "$F/$k.csv" >city/$k.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0])
col = rows[0].index("name")
for r in rows[1:]:
    r[col] += "【市】"
    w.writerow(r)
EOF
done
for k in agencies bases standards priorities projects items sources history; do
  f=$F/$k.csv; [ -e city/$k.csv ] && f=city/$k.csv
  "$ZBB" --region 430200000 import $k "$f" >/dev/null || fail "import $k into the city"
  "$ZBB" --region 430202000 import $k "$F/$k.csv" >/dev/null || fail "import $k into the district"
done
"$ZBB" --region 430200000 allocate >/dev/null || fail "city allocate"
"$ZBB" --region 430202000 allocate >/dev/null || fail "district allocate"
ZBB_REGION=430202000 "$ZBB" user add dist --role budget --password-stdin <<< 'district-pass-1' >/dev/null || fail "user dist"
ZBB_REGION=430202000 "$ZBB" user add distedu --role agency --agency A1 --password-stdin <<< 'district-pass-2' >/dev/null || fail "user distedu"
"$ZBB" --region 430200000 user add city --role budget --password-stdin <<< 'city-pass-1234' >/dev/null || fail "user city"
"$ZBB" --region 430200000 user add cityview --role viewer --scope --password-stdin <<< 'city-pass-5678' >/dev/null || fail "user cityview"
expect_exit 2 "$ZBB" --region 430202000 user add bad --role agency --agency A1 --scope --password-stdin <<< 'district-pass-3'
contains "$err" "--scope"
expect_exit 2 "$ZBB" user add nowhere --role budget --password-stdin <<< 'nowhere-pass-1'
contains "$err" "--region"
expect_exit 0 "$ZBB" --format json user list
[ "$(python3 -c "import json,sys; print(sorted((u['name'], u['region'], u['scope']) for u in json.load(sys.stdin)))" <<<"$out")" = \
  "[('city', '430200000', None), ('cityview', '430200000', '430200000'), ('dist', '430202000', None), ('distedu', '430202000', None)]" ] || fail "users: $out"

# a server of a book of several regions must be told which
expect_exit 2 "$ZBB" serve --listen 127.0.0.1:0
contains "$err" "--region"

start() { # start REGION NAME -> $url_NAME, $pid_NAME
  "$ZBB" --region "$1" serve --listen 127.0.0.1:0 --threads 2 > "serve-$2.out" 2> "serve-$2.err" &
  eval "pid_$2=$!"
  for _ in $(seq 100); do grep -q 'http://' "serve-$2.out" 2>/dev/null && break; sleep 0.1; done
  eval "url_$2=\$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve-$2.out)" || fail "server $2 did not start: $(cat serve-$2.err)"
}
start 430202000 d
trap 'kill $pid_d ${pid_c:-} 2>/dev/null; wait 2>/dev/null' EXIT
start 430200000 c
login() { # login URL NAME PASSWORD JAR -> csrf token on stdout
  curl -s -H 'Sec-Fetch-Site: same-origin' -c "$4" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
get() { # get URL JAR PATH -> "$status" and "$res"
  res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b "$2" -w ' %{http_code}' "$1/api/v1$3")
  status=${res##* }; res=${res% *}
}
expect() { [ "$status" = "$1" ] || fail "status $status, wanted $1: $res"; }

# a user signs in at its own region's server only
de=$(login "$url_d" distedu district-pass-2 de.jar); [ ${#de} -eq 64 ] || fail "distedu at the district"
db=$(login "$url_d" dist district-pass-1 db.jar); [ ${#db} -eq 64 ] || fail "dist at the district"
[ -z "$(login "$url_d" city city-pass-1234 x.jar)" ] || fail "the city's user signed in at the district"
[ -z "$(login "$url_c" distedu district-pass-2 y.jar)" ] || fail "the district's user signed in at the city"
cv=$(login "$url_c" cityview city-pass-5678 cv.jar); [ ${#cv} -eq 64 ] || fail "cityview at the city"
# a district session is no session at the city
get "$url_c" db.jar /me; expect 401
get "$url_d" de.jar /me; expect 200
contains "$res" '"code":"430202000"'
contains "$res" '荷塘区'

# every route an agency user may read, at the district: nothing of the city
for path in /me /agencies /projects /projects/P1 /projects/P2 /findings /season /todo /scenarios /adjustments \
  /explain/P1 /explain/P1/1 /reports/summary /reports/agencies /reports/cuts /reports/ledger /reports/lookback \
  /reports/findings /reports/rounds /reports/adjustments /reports/disclosure "/reports/agencies?format=csv" \
  /lists/bases /codes/function /settings /audit /users "/reports/summary?rollup=1" /reports/regions; do
  for jar in de.jar db.jar; do
    get "$url_d" $jar "$path"
    lacks "$res" "【市】"
  done
done
# the district's audit log is its own entries and the book's: of the city's
# changes (its 8 imports, its allocation, its users) not one
for q in "" "?order=desc&limit=500"; do
  get "$url_d" db.jar "/audit$q"; expect 200
  python3 -c "
import json, sys
d = json.load(sys.stdin)
seen = sorted(set((e['action'], e.get('region')) for e in d['entries']))
assert all(r in (None, '430202000') for a, r in seen), seen
assert ('import', '430202000') in seen and ('region.add', None) in seen, seen
assert sum(1 for e in d['entries'] if e['action'] == 'import') == 8, d
" <<<"$res" || fail "the district's audit log ($q): $res"
done
get "$url_c" cv.jar "/audit?order=desc&limit=500"; expect 200
python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['total'] == len(d['entries']) and all(e.get('region') in (None, '430200000') for e in d['entries']), d
assert sum(1 for e in d['entries'] if e['action'] == 'import') == 8, d
" <<<"$res" || fail "the city's audit log: $res"
# what the district's agency user reads is the district's
get "$url_d" de.jar /projects
contains "$res" '"P1"'
lacks "$res" '"P3"'                  # A2's, not A1's
get "$url_d" de.jar /projects/P1; expect 200
contains "$res" '在职人员工资"'
# no roll-up without a subtree given, and never for an agency user
get "$url_d" db.jar "/reports/summary?rollup=1"; expect 403
get "$url_d" de.jar /reports/regions; expect 403
# the city's viewer given its subtree reads the roll-up of the city alone
# (the district is not under the city's code 4302 00000? it is: 430202000)
get "$url_c" cv.jar "/reports/summary?rollup=1"; expect 200
python3 -c "import json,sys; d=json.load(sys.stdin); assert d['funded_fen'] == 260000000, d; assert [r['region'] for r in d['regions']] == ['430200000', '430202000'], d" <<<"$res" || fail "rollup at the city: $res"
get "$url_c" cv.jar /reports/regions; expect 200
contains "$res" '"荷塘区"'
get "$url_c" cv.jar "/reports/agencies?rollup=1"; expect 200
contains "$res" '市教育局【市】'
# and the city's own reports are the city's alone
get "$url_c" cv.jar /reports/agencies; expect 200
contains "$res" '市教育局【市】'
lacks "$res" '"市教育局"'
echo "t1401: ok"

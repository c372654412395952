# zbb demo --province (SPEC §14): a province of 8 regions in one book, each
# a demo city of its own size, allocated on its own; the roll-up of the
# province is the sum of its regions' own summaries, that of a city the
# sum of the city and the districts and counties under it.
. "$TOP/tests/cli/lib.sh"
export ZBB_BOOK=$PWD/prov.db
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }
expect_exit 0 "$ZBB" demo --province --size 10 --stage draft
contains "$out" "示范省份：8 个区划"
contains "$out" "攸县"
expect_exit 2 "$ZBB" demo --province --size 10
contains "$err" "已存在"
expect_exit 2 "$ZBB" --book other.db demo --province --scale 2
contains "$err" "--scale"

expect_exit 0 "$ZBB" --format json region list
[ "$(j '[(r["code"], r["level"]) for r in d]')" = "[('430000000', 1), ('430100000', 2), ('430200000', 2), ('430202000', 3), ('430211000', 3), ('430223000', 3), ('430300000', 2), ('430381000', 3)]" ] || fail "regions: $out"
# a county's agencies carry its name
expect_exit 0 "$ZBB" --region 430223000 --format json export agencies
[ "$(j 'all(a["name"].startswith("攸县") or not a["name"].startswith("市") for a in d)')" = True ] || fail "county names: $out"
[ "$(j 'any(a["name"].startswith("攸县") for a in d)')" = True ] || fail "no 攸县 agency: $out"

# each region's own summary, summed by hand, is the roll-up
sum_of() { # sum_of REGION... -> "requested funded capacity" summed
  local r q=0 f=0 c=0
  for r in "$@"; do
    out=$("$ZBB" --region "$r" --format json report summary) || fail "summary of $r"
    q=$((q + $(j 'd["requested_fen"]'))); f=$((f + $(j 'd["funded_fen"]'))); c=$((c + $(j 'd["capacity_fen"]')))
  done
  echo "$q $f $c"
}
all=$(sum_of 430000000 430100000 430200000 430202000 430211000 430223000 430300000 430381000)
expect_exit 0 "$ZBB" --format json report summary --rollup
[ "$(j '"%d %d %d" % (d["requested_fen"], d["funded_fen"], d["capacity_fen"])')" = "$all" ] || fail "province rollup $out vs $all"
[ "$(j 'len(d["regions"])')" = 8 ] || fail "province rollup regions"
zz=$(sum_of 430200000 430202000 430211000 430223000)
expect_exit 0 "$ZBB" --region 430200000 --format json report summary --rollup
[ "$(j '"%d %d %d" % (d["requested_fen"], d["funded_fen"], d["capacity_fen"])')" = "$zz" ] || fail "city rollup $out vs $zz"
[ "$(j '[r["region"] for r in d["regions"]]')" = "['430200000', '430202000', '430211000', '430223000']" ] || fail "city rollup regions"
# regions never share money: each funds no more than its own sources and carryover
for r in 430000000 430100000 430200000 430202000 430211000 430223000 430300000 430381000; do
  expect_exit 0 "$ZBB" --region $r --format json report summary
  [ "$(j 'd["funded_fen"] <= d["capacity_fen"] + d["carryover_fen"] and d["funded_fen"] > 0')" = True ] || fail "region $r: $out"
done
expect_exit 0 "$ZBB" --format json report regions
[ "$(j 'len(d)')" = 8 ] || fail "regions rows"
expect_exit 0 "$ZBB" --format xlsx report regions --output regions.xlsx
[ -s regions.xlsx ] || fail "regions.xlsx"
expect_exit 0 "$ZBB" audit verify --data
contains "$out" "OK"
echo "t1402: ok"

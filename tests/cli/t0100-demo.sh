# zbb demo: the demo city through the real importer; sizes, determinism,
# upsert into an existing book, the named agencies and priorities, and
# export → import of what it loaded.
. "$TOP/tests/cli/lib.sh"
kinds="agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans"
# get KEY: a number from the last `info --format json` output in $json
get() { printf '%s\n' "$json" | sed -n "s/^ *\"$1\": \([0-9]*\),*\$/\1/p"; }
range() {
  local v; v=$(get "$1")
  [ -n "$v" ] && [ "$v" -ge "$2" ] && [ "$v" -le "$3" ] || fail "$1 = [$v], wanted $2…$3"
}

expect_exit 2 "$ZBB" --book x.db demo --scale 0
expect_exit 2 "$ZBB" --book x.db demo --scale abc
expect_exit 2 "$ZBB" --book x.db demo extra
{ [ ! -e x.db ] || { on_pg && ! "$ZBB" --book x.db info >/dev/null 2>&1; }; } || fail "a bad usage created the book"

# a fresh book: created for 2026, files written as examples
expect_exit 0 "$ZBB" --book a.db demo --stage draft --csv out/demo   # the importer's upsert: no season
contains "$out" "2026"
contains "$out" "agencies"
for k in $kinds; do [ -s "out/demo/$k.csv" ] || fail "out/demo/$k.csv missing"; done
expect_exit 0 "$ZBB" --book a.db --format json info
json=$out
range agencies 110 140
range projects 2700 3300
range items 55000 66000
range standards 80 200
range pools 7 7
range priorities 6 20
range negative 5 30
range prices 20 100
range history 2000 8000
range sources 5 20
range evaluations 50 500
range reviews 100 2000
range targets 5000 30000
range plans 20 500
contains "$json" '"year": 2026'
first=$json

# again into the same book: an upsert (same counts) and the same bytes
expect_exit 0 "$ZBB" --book a.db demo --stage draft --csv out2
for k in $kinds; do cmp -s "out/demo/$k.csv" "out2/$k.csv" || fail "$k.csv differs between two runs"; done
expect_exit 0 "$ZBB" --book a.db --format json info
[ "$out" = "$first" ] || fail "a second demo changed the counts:
$out"

# without --csv: a private temporary folder, removed afterwards
mkdir tmp
TMPDIR=$PWD/tmp expect_exit 0 "$ZBB" --book b.db --format json demo
[ -z "$(ls -A tmp)" ] || fail "temporary files left: $(ls -A tmp)"
json=$out
range items 55000 66000

# the city's agencies, units and priorities
expect_exit 0 "$ZBB" --book a.db export agencies
agencies=$out
for n in 市教育局 市卫生健康委员会 市数据局 市商务局 市公安局 市财政局 市人力资源和社会保障局 \
         市住房和城乡建设局 市交通运输局 市农业农村局 市水利局 市生态环境局 市应急管理局 市医疗保障局 \
         市文化旅游广电体育局 市市场监督管理局 市自然资源和规划局 市城市管理和综合执法局 市机关事务局 \
         市委办公室 市人大常委会办公厅 市政协办公室; do
  contains "$agencies" ",$n,,"
done
contains "$agencies" "111002,市第一中学,111001,"
contains "$agencies" ",市中心医院,127001,"
contains "$agencies" ",市疾病预防控制中心,127001,"
expect_exit 0 "$ZBB" --book a.db export priorities
for n in 人工智能+先进制造业示范城市 北斗规模应用 中非经贸陆港 清水塘零碳示范园区 九郎山职教 长株潭供水“水塔”; do
  contains "$out" "$n"
done
expect_exit 0 "$ZBB" --book a.db export standards
contains "$out" "30215,人·天,760.00,"
contains "$out" "31002,台,5000.00,1,"
contains "$out" "30213,人·年,78000.00,"

# what was loaded exports and re-imports losslessly
mkdir exp exp2
for k in $kinds; do "$ZBB" --book a.db export "$k" -o "exp/$k.csv" || fail "export $k"; done
"$ZBB" --book c.db init --year 2026 >/dev/null || fail "init c.db"
for k in $kinds; do
  expect_exit 0 "$ZBB" --book c.db import "$k" "exp/$k.csv"
done
for k in $kinds; do
  "$ZBB" --book c.db export "$k" -o "exp2/$k.csv" || fail "export $k from c.db"
  cmp -s "exp/$k.csv" "exp2/$k.csv" || fail "$k does not survive export → import → export"
done

# the demo allocates the city and prints what zero-basing did: the three
# guarantees are met, general projects are cut for lack of money, the
# livelihood share is above 70%, the IT pool saves about a fifth, and the
# savings by cause partition requested − funded exactly
expect_exit 0 "$ZBB" --book s.db --format json demo --stage draft   # the pools as generated, before the season revises prices
j() { python3 -c "import json,sys; d=json.load(sys.stdin); d=d['summary'] if isinstance(d, dict) and 'summary' in d else d; print(eval(sys.argv[1]))" "$1" <<<"$out"; }
[ "$(j 'd["shortfall_fen"]')" = 0 ] || fail "demo shortfall"
[ "$(j 'd["savings_fen"]["capacity"] > 0')" = True ] || fail "demo cuts nothing for capacity"
[ "$(j 'd["livelihood_share"] > 0.70')" = True ] || fail "livelihood share $(j 'd["livelihood_share"]')"
[ "$(j 'sum(d["savings_fen"].values()) == d["requested_fen"] - d["funded_fen"]')" = True ] || fail "savings partition"
[ "$(j 'd["funded_fen"] <= d["approved_fen"] <= d["requested_fen"]')" = True ] || fail "funded ≤ approved ≤ requested"
for c in OVER_STANDARD POOLED OVER_QUOTA NO_BASIS EXPIRED_BASIS NEEDS_EVALUATION EVAL_REJECTED EVAL_PARTIAL \
         NEEDS_REVIEW NEGATIVE_LIST NEGATIVE_MAJOR UNKNOWN_STANDARD EXPIRED_STANDARD STANDARD_MISMATCH NO_STANDARD \
         REVIEW_CUT REVIEW_ADJUSTED LOW_EXECUTION DUPLICATE NOT_ON_LIST CARRYOVER NO_TARGETS CUT_CAPACITY; do
  [ "$(j "d['findings'].get('$c', 0) > 0")" = True ] || fail "the demo never fires $c"
done
expect_exit 0 "$ZBB" --book s.db --format json report pools
[ "$(j '[0.20 < r["saving"] < 0.25 for r in d if r["name"] == "信息化建设运维"]')" = "[True]" ] || fail "IT pool saving: $out"
expect_exit 0 "$ZBB" --book s.db scenarios
contains "$out" "base"
true

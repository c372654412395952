# Regions (SPEC §14): one book holding a city and one of its districts,
# each with the same agency and project codes, each allocated on its own
# and summed by --rollup.  The small book of t0500 (worked by hand there):
# per region requested 1,405,000, approved 1,400,000, funded 1,300,000,
# capacity 1,350,000, unused 50,000, base 90,000.  The district's growth is
# 0.10 (the city's the default 0.05): base plus growth 99,000 and 94,500.
. "$TOP/tests/cli/lib.sh"
F=$TOP/tests/cli/fixtures/small
export ZBB_BOOK=$PWD/book.db
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" <<<"$out"; }

expect_exit 0 "$ZBB" init --year 2026 --region 430200000 --name 株洲市本级
contains "$out" "区划 430200000 株洲市本级"
expect_exit 0 "$ZBB" region add 430202000 荷塘区
contains "$out" "县级"
expect_exit 2 "$ZBB" region add 430202000 又一个
contains "$err" "已在账簿中"
expect_exit 2 "$ZBB" region add 4302 短
contains "$err" "9 位数字"
expect_exit 0 "$ZBB" --format json region list
[ "$(j '[(r["code"], r["name"], r["level"]) for r in d]')" = "[('430200000', '株洲市本级', 2), ('430202000', '荷塘区', 3)]" ] || fail "region list: $out"

# with two regions a command must say which one
expect_exit 2 "$ZBB" info
contains "$err" "--region"
expect_exit 2 "$ZBB" --region 430299000 info
contains "$err" "没有区划 430299000"

for r in 430200000 430202000; do
  for k in agencies bases standards priorities projects items sources history; do
    "$ZBB" --region $r import $k "$F/$k.csv" >/dev/null || fail "import $k into $r"
  done
done
# settings are each region's own
ZBB_REGION=430202000 "$ZBB" set growth 0.10 >/dev/null || fail "set growth in the district"
expect_exit 0 "$ZBB" --region 430200000 get growth
contains "$out" "0.05"
expect_exit 0 "$ZBB" --region 430202000 get growth
contains "$out" "0.1"

expect_exit 0 "$ZBB" --region 430200000 --format json allocate
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "city funded"
[ "$(j 'd["base_growth_fen"]')" = 9450000 ] || fail "city base growth"
expect_exit 0 env ZBB_REGION=430202000 "$ZBB" --format json allocate
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "district funded"
[ "$(j 'd["base_growth_fen"]')" = 9900000 ] || fail "district base growth (its own growth 0.10)"

# a change to one region leaves the other as it was: the district drops P4
expect_exit 0 "$ZBB" --region 430202000 --format json export items
n_d=$(j 'len(d)')
expect_exit 0 "$ZBB" --region 430202000 --format json export projects
[ "$(j 'sorted(p["code"] for p in d)')" = "['P1', 'P2', 'P3', 'P4', 'P5']" ] || fail "district projects: $out"
python3 - "$F/items.csv" >items-d.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0])
col = rows[0].index("quantity")
for r in rows[1:]:
    r[col] = str(int(r[col]) * 2)
    w.writerow(r)
EOF
expect_exit 0 "$ZBB" --region 430202000 import items items-d.csv
expect_exit 0 "$ZBB" --region 430202000 --format json info
[ "$(j 'd["region"]["code"]')" = 430202000 ] || fail "info region: $out"
expect_exit 0 "$ZBB" --region 430200000 --format json report summary --rerun
[ "$(j 'd["requested_fen"]')" = 140500000 ] || fail "the city's request changed with the district's: $out"
expect_exit 0 "$ZBB" --region 430202000 --format json report summary --rerun
[ "$(j 'd["requested_fen"]')" = 281000000 ] || fail "the district's doubled request: $(j 'd["requested_fen"]')"
# back to the file's quantities, and a fresh run
"$ZBB" --region 430202000 import items "$F/items.csv" >/dev/null || fail "restore district items"
"$ZBB" --region 430202000 allocate >/dev/null || fail "district allocate again"

# the roll-up: every region of the book (no --region), each its own base
expect_exit 0 "$ZBB" --format json report summary --rollup
[ "$(j 'd["requested_fen"]')" = 281000000 ] || fail "rollup requested"
[ "$(j 'd["approved_fen"]')" = 280000000 ] || fail "rollup approved"
[ "$(j 'd["funded_fen"]')" = 260000000 ] || fail "rollup funded"
[ "$(j 'd["capacity_fen"]')" = 270000000 ] || fail "rollup capacity"
[ "$(j 'd["unused_fen"]')" = 10000000 ] || fail "rollup unused"
[ "$(j 'd["base_fen"]')" = 18000000 ] || fail "rollup base"
[ "$(j 'd["base_growth_fen"]')" = 19350000 ] || fail "rollup base growth 9,450,000 + 9,900,000"
[ "$(j '[t["funded_fen"] for t in d["tiers"]]')" = "[200000000, 40000000, 0, 6000000, 14000000]" ] || fail "rollup tiers"
[ "$(j '[(r["region"], r["funded_fen"]) for r in d["regions"]]')" = "[('430200000', 130000000), ('430202000', 130000000)]" ] || fail "rollup regions"
expect_exit 0 "$ZBB" report summary --rollup
contains "$out" "全部 2 个区划"
contains "$out" "荷塘区"
# functions add up by code; agencies keep their rows under their region
expect_exit 0 "$ZBB" --region 430200000 --format json report functions
[ "$(j '[(r["code"], r["funded_fen"]) for r in d]')" = "[('201', 3000000), ('205', 127000000)]" ] || fail "city functions: $out"
expect_exit 0 "$ZBB" --format json report functions --rollup
[ "$(j '[(r["code"], r["funded_fen"]) for r in d]')" = "[('201', 6000000), ('205', 254000000)]" ] || fail "functions rollup: $out"
expect_exit 0 "$ZBB" --format json report agencies --rollup
[ "$(j '[(r["region"], r["code"], r["funded_fen"]) for r in d]')" = "[('430200000', 'A1', 127000000), ('430200000', 'A2', 3000000), ('430202000', 'A1', 127000000), ('430202000', 'A2', 3000000)]" ] || fail "agencies rollup: $out"
expect_exit 0 "$ZBB" --format csv report agencies --rollup
contains "$out" "430202000"

# a province above them with no data of its own: listed, not counted
expect_exit 0 "$ZBB" region add 430000000 湖南省
expect_exit 0 "$ZBB" --region 430000000 --format json report regions
[ "$(j '[(r["region"], r["funded_fen"], r["status"]) for r in d]')" = "[('430000000', None, '无预算数据'), ('430200000', 130000000, '已安排'), ('430202000', 130000000, '已安排')]" ] || fail "regions report: $out"
expect_exit 0 "$ZBB" --region 430000000 report regions
contains "$out" "3 个区划中 2 个已安排"
# a district's roll-up is its own subtree
expect_exit 0 "$ZBB" --region 430202000 --format json report summary --rollup
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "district rollup"
[ "$(j 'len(d["regions"])')" = 1 ] || fail "district rollup regions"
expect_exit 2 "$ZBB" report cuts --rollup
contains "$err" "--rollup"

# the record holds across regions
expect_exit 0 "$ZBB" audit verify --data
contains "$out" "OK"
expect_exit 0 "$ZBB" --format json audit list
contains "$out" "region.add"
# audit-region: an entry says the region its change was made in; the
# book's own changes (made, regions added) none.  The 8 kinds imported
# into each region are each region's 8 entries, and the district's items
# imported twice more above are the district's; growth set in the district.
[ "$(j 'sorted(set((e["action"], e.get("region")) for e in d if not e["action"].startswith(("import", "scenario", "allocate"))))')" = \
  "[('book.init', None), ('region.add', None), ('settings.set', '430202000')]" ] || fail "entries' regions: $out"
[ "$(j '[sum(1 for e in d if e["action"].startswith("import") and e.get("region") == r) for r in ("430200000", "430202000", None)]')" = "[8, 10, 0]" ] || fail "imports' regions: $out"
# a region's reader sees its own entries and the book's, not another's
all=$out
expect_exit 0 "$ZBB" --region 430202000 --format json audit list
[ "$(j 'sorted(set(e.get("region") or "-" for e in d))')" = "['-', '430202000']" ] || fail "the district's log: $out"
[ "$(j 'len(d)')" = "$(out=$all j 'sum(1 for e in d if e.get("region") in (None, "430202000"))')" ] || fail "the district's log is not all of its entries"

# a book older than regions (schema 12, made by zbb before them) opens as
# region 000000000 with its rows, results and record as they were
sqlite_only "the fixture is an SQLite file of schema 12"
cp "$TOP/tests/cli/fixtures/v12/book-schema12.sqlite" old.db
chmod 600 old.db
expect_exit 0 "$ZBB" --book old.db --format json report summary
[ "$(j 'd["funded_fen"]')" = 130000000 ] || fail "old book funded"
[ "$(j 'd["stale"] if "stale" in d else False')" = False ] || fail "old book's scenario turned stale: $out"
expect_exit 0 "$ZBB" --book old.db --format json region list
[ "$(j '[r["code"] for r in d]')" = "['000000000']" ] || fail "old book's region"
expect_exit 0 "$ZBB" --book old.db get bureau_name
contains "$out" "某市财政局"
expect_exit 0 "$ZBB" --book old.db audit verify --data
contains "$out" "OK"
expect_exit 0 "$ZBB" --book old.db user list
contains "$out" "alice"
[ "$(sqlite3 old.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the migration"
[ -z "$(sqlite3 old.db 'PRAGMA foreign_key_check')" ] || fail "foreign keys after the migration"
# an entry's region is inside its hash: moved to another region, the chain breaks there
id=$(sqlite3 book.db "SELECT max(id) FROM audit WHERE region = '430202000'")
sqlite3 book.db "DROP TRIGGER audit_no_update; UPDATE audit SET region = '430200000' WHERE id = $id" || fail "tamper"
expect_exit 1 "$ZBB" audit verify
contains "$out$err" "$id"
echo "t1400: ok"

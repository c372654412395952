# zbb copy (SPEC §14): a demo province copied whole from SQLite to
# PostgreSQL (on the PostgreSQL pass; SQLite to SQLite otherwise) and back,
# every export of every kind identical, the record holding in each copy; a
# region copied on its own into a new book and into a book without it;
# what cannot be copied refused with nothing written.
REAL=$ZBB # the binary itself: the books here are named by the test, files or URLs
. "$TOP/tests/cli/lib.sh"
unset ZBB_BOOK ZBB_DB
"$REAL" --book prov.db demo --province --size 5 --stage submitted >/dev/null || fail "demo --province"
mid=prov.db
if on_pg; then
  "$ZBB_TEST_PGBIN/psql" -qAt -X -h "$ZBB_TEST_PG" -U postgres -d postgres -c "DROP DATABASE IF EXISTS t1403" \
    -c "CREATE DATABASE t1403 OWNER zbb_app" >/dev/null 2>&1 || fail "createdb"
  mid="postgresql://zbb_app@/t1403?host=$ZBB_TEST_PG"   # the ordinary role of the pass (lib.sh)
  expect_exit 0 "$REAL" copy --from prov.db --to "$mid"
  contains "$out" "整本复制"
else
  mid=$PWD/mid.db
  expect_exit 0 "$REAL" copy --from prov.db --to "$mid"
fi
expect_exit 0 "$REAL" copy --from "$mid" --to back.db
kinds="agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans quotas selfevals controls adjustments"
for r in 430000000 430200000 430223000; do
  for k in $kinds; do
    a=$("$REAL" --book prov.db --region $r export $k) || fail "export $k of $r"
    b=$("$REAL" --book back.db --region $r export $k) || fail "export $k of $r from the copy back"
    [ "$a" = "$b" ] || fail "$r $k differs after the round trip"
    if on_pg; then
      m=$("$REAL" --db "$mid" --region $r export $k) || fail "export $k of $r on PostgreSQL"
      [ "$a" = "$m" ] || fail "$r $k differs on PostgreSQL"
    fi
  done
done
[ "$("$REAL" --book prov.db --format json report regions)" = "$("$REAL" --book back.db --format json report regions)" ] || fail "regions report differs"
[ "$("$REAL" --book prov.db --format json user list)" = "$("$REAL" --book back.db --format json user list)" ] || fail "users differ"
# the record: the chain goes on with the copy's own entry, every row holds
for bk in --book=back.db "--db=$mid"; do
  expect_exit 0 "$REAL" "$bk" audit verify --data
  contains "$out" "OK"
done
expect_exit 0 "$REAL" --book back.db --format json audit list
[ "$(python3 -c "import json,sys; d=json.load(sys.stdin); print([e['action'] for e in d][-2:])" <<<"$out")" = "['book.copy', 'book.copy']" ] || fail "the copies' entries: $out"
# the scenarios copied are as fresh as they were
[ "$("$REAL" --book prov.db --region 430223000 --format json scenarios)" = "$("$REAL" --book back.db --region 430223000 --format json scenarios)" ] || fail "scenarios differ"
expect_exit 0 "$REAL" --book prov.db --region 430223000 --format json report summary
s1=$out
expect_exit 0 "$REAL" --book back.db --region 430223000 --format json report summary
[ "$s1" = "$out" ] || fail "a county's summary differs after the round trip"

# a whole book goes into a new book only
expect_exit 2 "$REAL" copy --from prov.db --to back.db
contains "$err" "新的账簿"
# one region into a new book, then another into it; the same one again is refused
expect_exit 0 "$REAL" --region 430223000 copy --from prov.db --to county.db
expect_exit 0 "$REAL" --book county.db --format json region list
[ "$(python3 -c "import json,sys; print([r['code'] for r in json.load(sys.stdin)])" <<<"$out")" = "['430223000']" ] || fail "county book regions: $out"
a=$("$REAL" --book prov.db --region 430223000 export items); b=$("$REAL" --book county.db export items)
[ "$a" = "$b" ] || fail "the county's items in its own book"
expect_exit 0 "$REAL" --region 430202000 copy --from prov.db --to county.db
n_before=$("$REAL" --book county.db --format json audit list | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
expect_exit 2 "$REAL" --region 430202000 copy --from prov.db --to county.db
contains "$err" "已在目标账簿中"
n_after=$("$REAL" --book county.db --format json audit list | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
[ "$n_before" = "$n_after" ] || fail "a refused copy wrote an entry"
expect_exit 2 "$REAL" --region 439999000 copy --from prov.db --to other.db
contains "$err" "没有区划"
a=$("$REAL" --book prov.db --region 430202000 export projects); b=$("$REAL" --book county.db --region 430202000 export projects)
[ "$a" = "$b" ] || fail "the district's projects in the county's book"
# the season's events of the two regions keep apart in the book they share
expect_exit 0 "$REAL" --book county.db --region 430202000 --format json season
d1=$out
expect_exit 0 "$REAL" --book prov.db --region 430202000 --format json season
[ "$d1" = "$out" ] || fail "the district's season after the copy"
expect_exit 0 "$REAL" --book county.db audit verify --data
contains "$out" "OK"
# season_events' key is the book's event number, over every region: a
# region copied into a book of another is numbered after the book's last
# event, and the book's next event follows its last, whatever the region
# of the copy (on PostgreSQL the region fence would hide the others': read
# past it as the superuser)
if on_pg; then
  P() { "$ZBB_TEST_PGBIN/psql" -qAt -X -h "$ZBB_TEST_PG" -U postgres "$@"; }
  P -d postgres -c "DROP DATABASE IF EXISTS t1403b" -c "CREATE DATABASE t1403b OWNER zbb_app" >/dev/null 2>&1 || fail "createdb t1403b"
  two="postgresql://zbb_app@/t1403b?host=$ZBB_TEST_PG"
  expect_exit 0 "$REAL" --region 430223000 copy --from prov.db --to "$two"
  expect_exit 0 "$REAL" --region 430202000 copy --from prov.db --to "$two"
  [ "$(P -d t1403b -c "SELECT min(id) FILTER (WHERE region = '430202000') > max(id) FILTER (WHERE region = '430223000')
    AND count(*) FILTER (WHERE region = '430202000') > 0 FROM season_events")" = t ] || fail "the second region's events not after the first's"
  [ "$(P -d t1403b -c "SELECT nextval('season_events_id_seq') = (SELECT max(id) + 1 FROM season_events)")" = t ] || fail "the next event number"
else
  [ "$(sqlite3 county.db "SELECT min(id) FILTER (WHERE region = '430202000') > max(id) FILTER (WHERE region = '430223000') FROM season_events")" = 1 ] \
    || fail "the second region's events not after the first's"
fi
echo "t1403: ok"

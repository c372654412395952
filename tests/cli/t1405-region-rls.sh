# Partitions and row-level security on region (SPEC §14, issue 16 3): on
# PostgreSQL the budget's tables are LIST-partitioned by region, each
# region's rows in its own partition; a
# connection given a region sees and writes that region's rows only, even
# through a statement that does not say so; one without a region (a command
# over the whole book) sees all.  zbb connects as an ordinary role owning
# its tables (a superuser passes by every policy, so the test makes one).
. "$TOP/tests/cli/lib.sh"
sqlite_only "it starts its own PostgreSQL server with a role of its own"
pg_start
PSQL() { "$PGBIN/psql" -qAt -X -v ON_ERROR_STOP=1 -h "$PGDIR" "$@"; }
PSQL -U postgres -d postgres -c "CREATE ROLE zbb_app LOGIN" -c "CREATE DATABASE rls OWNER zbb_app" >/dev/null ||
  fail "role and database"
U="postgresql://zbb_app@/rls?host=$PGDIR"
APP() { PSQL -U zbb_app -d rls "$@"; }
"$ZBB" --db "$U" init --year 2026 --region 430200000 --name 株洲市本级 >/dev/null || fail "init"
"$ZBB" --db "$U" region add 430202000 荷塘区 >/dev/null || fail "region add"
printf 'code,name\nA1,市教育局\nA2,市卫生健康委\nA3,市民政局\n' > city.csv
printf 'code,name\nA1,区教育局\nA2,区卫生健康局\n' > district.csv
"$ZBB" --db "$U" --region 430200000 import agencies city.csv >/dev/null || fail "city agencies"
"$ZBB" --db "$U" --region 430202000 import agencies district.csv >/dev/null || fail "district agencies"

# rls-1 every table with a region column, but users and the audit log (the
# book's: one chain over every region, audit.region says whose), is fenced,
# and the policy binds the tables' owner too (FORCE); a partitioned table's
# policy holds for every read through it (zbb never names a partition)
left=$(APP -c "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_attribute a
  ON a.attrelid = c.oid AND a.attname = 'region' WHERE c.relkind IN ('r', 'p') AND c.relname NOT IN ('users', 'audit')
  AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition
  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")
[ -z "$left" ] || fail "tables with a region but no row-level security: $left"
# 28: the budget's tables of schema 13 (settings, agencies ... season_snapshots)
[ "$(APP -c "SELECT count(*) FROM pg_policies WHERE policyname = 'region_fence'")" -ge 28 ] || fail "policies"
[ "$(APP -c "SELECT relrowsecurity FROM pg_class WHERE relname = 'users'")" = f ] || fail "users fenced"

# part-1 the tables are partitioned by region: every table whose key holds
# region (all of the budget's but season_events, keyed by the book's event
# number), a partition per region and a default one; each region's rows in
# its own (read as the superuser, past the policies)
SU() { PSQL -U postgres -d rls "$@"; }
[ "$(SU -c "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('agencies', 'items', 'projects', 'settings', 'season_events') AND relkind = 'p'")" = "agencies,items,projects,settings" ] ||
  fail "partitioned tables: $(SU -c "SELECT string_agg(relname || ':' || relkind, ',') FROM pg_class WHERE relname IN ('agencies', 'items', 'season_events')")"
[ "$(SU -c "SELECT string_agg(c.relname || '=' || pg_get_expr(c.relpartbound, c.oid), ' ' ORDER BY c.relname) FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'items'::regclass")" = \
  "items__430200000=FOR VALUES IN ('430200000') items__430202000=FOR VALUES IN ('430202000') items__default=DEFAULT" ] ||
  fail "items' partitions"
[ "$(SU -c "SELECT count(*) FROM agencies__430200000")" = 3 ] || fail "the city's agencies are not in its partition"
[ "$(SU -c "SELECT string_agg(name, ',' ORDER BY code) FROM agencies__430202000")" = "区教育局,区卫生健康局" ] || fail "the district's partition"
[ "$(SU -c "SELECT count(*) FROM agencies__default")" = 0 ] || fail "rows in the default partition"
"$ZBB" --db "$U" region add 430203000 芦淞区 >/dev/null || fail "a third region"
[ "$(SU -c "SELECT count(*) FROM pg_class WHERE relname = 'agencies__430203000' AND relispartition")" = 1 ] ||
  fail "a new region has no partitions"
"$ZBB" --db "$U" --region 430203000 import agencies district.csv >/dev/null || fail "the third region's agencies"
[ "$(SU -c "SELECT count(*) FROM agencies__430203000")" = 2 ] || fail "the third region's partition"
# the row digests name a partition's rows by their table (the chain holds)
expect_exit 0 "$ZBB" --db "$U" audit verify --data
[ "$(SU -c "SELECT count(*) FROM row_digests WHERE tbl LIKE '%\_\_%'")" = 0 ] || fail "a digest names a partition"

# rls-2 a statement that names no region sees its connection's region only:
# 3 city agencies, 2 district ones, 2 of the third region, 7 without a region
[ "$(APP -c "SELECT count(*) FROM agencies")" = 7 ] || fail "no region: all 7"
[ "$(APP -c "SET zbb.region = '430202000'" -c "SELECT string_agg(name, ',' ORDER BY code) FROM agencies")" = "区教育局,区卫生健康局" ] ||
  fail "the district sees only its own"
[ "$(APP -c "SET zbb.region = '430200000'" -c "SELECT count(*) FROM agencies")" = 3 ] || fail "the city sees its 3"
# an update or delete of everything reaches the region's rows only (rolled back)
[ "$(APP -c "BEGIN" -c "SET LOCAL zbb.region = '430202000'" \
  -c "WITH u AS (UPDATE agencies SET name = name || '*' RETURNING 1) SELECT count(*) FROM u" -c "ROLLBACK")" = 2 ] ||
  fail "an update of all reached past the district"
[ "$(APP -c "BEGIN" -c "SET LOCAL zbb.region = '430202000'" \
  -c "WITH d AS (DELETE FROM agencies RETURNING 1) SELECT count(*) FROM d" -c "ROLLBACK")" = 2 ] ||
  fail "a delete of all reached past the district"
# a row of another region cannot be written in
APP -c "SET zbb.region = '430202000'" \
  -c "INSERT INTO agencies(region, fy, code, name) VALUES('430200000', 2026, 'A9', '冒名')" >ins.out 2>&1 &&
  fail "the district wrote a row of the city"
grep -q "row-level security" ins.out || fail "refused, but not by the policy: $(cat ins.out)"
[ "$(APP -c "SELECT count(*) FROM agencies WHERE code = 'A9'")" = 0 ] || fail "the row is there"

# rls-3 zbb through the fence: a region's command sees its rows; the whole
# book's commands (audit verify --data, copy) see every region's
expect_exit 0 "$ZBB" --db "$U" --region 430202000 --format csv report agencies --for data
contains "$out" "区教育局"
lacks "$out" "市教育局"
expect_exit 0 "$ZBB" --db "$U" --region 430202000 audit verify --data
expect_exit 0 "$ZBB" --db "$U" audit verify --data
APP -c "UPDATE agencies SET name = '改过' WHERE region = '430200000' AND code = 'A3'" >/dev/null || fail "tamper"
expect_exit 1 "$ZBB" --db "$U" --region 430202000 audit verify --data   # the district's server finds the city's row
contains "$err" "430200000/2026/A3"
APP -c "UPDATE agencies SET name = '市民政局' WHERE region = '430200000' AND code = 'A3'" >/dev/null || fail "put back"
expect_exit 0 "$ZBB" copy --from "$U" --to whole.db
[ "$(sqlite3 whole.db "SELECT count(*) FROM agencies")" = 7 ] || fail "the copy lacks rows"
# and back into a new PostgreSQL book: its regions get their partitions
PSQL -U postgres -d postgres -c "CREATE DATABASE back OWNER zbb_app" >/dev/null || fail "createdb back"
expect_exit 0 "$ZBB" copy --from whole.db --to "postgresql://zbb_app@/back?host=$PGDIR"
[ "$(PSQL -U postgres -d back -c "SELECT count(*) FROM agencies__430202000")" = 2 ] || fail "the copy's district partition"
[ "$(PSQL -U postgres -d back -c "SELECT count(*) FROM agencies__default")" = 0 ] || fail "the copy's rows in the default partition"
expect_exit 0 "$ZBB" --db "$U" --region 430200000 copy --from "$U" --to district.db --region 430202000
[ "$(sqlite3 district.db "SELECT group_concat(name) FROM agencies")" = "区教育局,区卫生健康局" ] || fail "the district's copy"
echo "t1405: ok"

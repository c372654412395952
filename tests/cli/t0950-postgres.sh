# PostgreSQL (issue 16, SPEC §14): a book in a database of a throwaway
# server gives the same results to the fen as the same book in SQLite
. "$TOP/tests/cli/lib.sh"
pg_start
PSQL() { "$PGBIN/psql" -qAt -h "$PGDIR" -U postgres "$@"; }
# pg-1 init on a URL; a second init of it is refused; info reads it
U=$(pg_url book1)
expect_exit 0 "$ZBB" --db "$U" init --year 2026
contains "$out" "2026"
expect_exit 2 "$ZBB" --db "$U" init --year 2026
contains "$err" "已存在"
ZBB_DB=$U expect_exit 0 "$ZBB" info
contains "$out" "2026"
# pg-2 the schema is PostgreSQL's: money as bigint, blobs as bytea, version 9+ recorded
[ "$(PSQL -d book1 -c "SELECT data_type FROM information_schema.columns WHERE table_name='items' AND column_name='price_fen'")" = bigint ] ||
  fail "price_fen is not bigint"
[ "$(PSQL -d book1 -c "SELECT data_type FROM information_schema.columns WHERE table_name='scenario_inputs' AND column_name='data'")" = bytea ] ||
  fail "data is not bytea"
[ "$(PSQL -d book1 -c "SELECT schema_version FROM zbb_sys.state")" -ge 9 ] || fail "schema version"
# pg-3 a user added through zbb: the audit chain and the row digests hold;
# a row changed behind zbb's back is found
printf 'password-u1\n' | ZBB_DB=$U "$ZBB" user add u1 --role viewer --password-stdin >/dev/null || fail "user add"
ZBB_DB=$U expect_exit 0 "$ZBB" audit verify --data
contains "$out" "2"
PSQL -d book1 -c "UPDATE users SET role='admin' WHERE name='u1'" >/dev/null || fail "psql update"
ZBB_DB=$U expect_exit 1 "$ZBB" audit verify --data
contains "$err" "users"
# pg-4 the audit log is append-only on PostgreSQL too
PSQL -d book1 -c "DELETE FROM audit WHERE id=1" >/dev/null 2>&1 && fail "audit delete allowed"
# pg-5 the demo city in SQLite and in PostgreSQL: every report's export is the same, byte for byte
U2=$(pg_url demo)
"$ZBB" --book demo.db demo >demo-sqlite.txt 2>&1 || fail "demo on sqlite: $(tail -3 demo-sqlite.txt)"
"$ZBB" --db "$U2" demo >demo-pg.txt 2>&1 || fail "demo on postgres: $(tail -3 demo-pg.txt)"
sed "s|$U2|BOOK|g; /毫秒/d" demo-pg.txt >a.txt; sed "s|demo.db|BOOK|g; /毫秒/d" demo-sqlite.txt >b.txt
cmp -s a.txt b.txt || fail "demo output differs: $(diff a.txt b.txt | head -10)"
for r in summary agencies functions cuts pools lookback ledger rounds findings; do
  "$ZBB" --book demo.db report $r --format csv --for data >"s-$r.csv" 2>&1 || fail "sqlite report $r"
  "$ZBB" --db "$U2" report $r --format csv --for data >"p-$r.csv" 2>&1 || fail "postgres report $r: $(tail -3 p-$r.csv)"
  [ -s "s-$r.csv" ] || fail "report $r is empty"
  cmp -s "s-$r.csv" "p-$r.csv" || fail "report $r differs: $(diff "s-$r.csv" "p-$r.csv" | head -6)"
done
# pg-6 the allocation's totals to the fen (JSON) agree
"$ZBB" --book demo.db --format json allocate >s-alloc.json 2>/dev/null
"$ZBB" --db "$U2" --format json allocate >p-alloc.json 2>/dev/null
cmp -s s-alloc.json p-alloc.json || fail "allocate differs: $(diff s-alloc.json p-alloc.json | head -6)"
grep -q '"funded_fen"\|fen' s-alloc.json || fail "allocate JSON has no amounts"
echo ok

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
# pg-5 the same small city (tests/cli/fixtures/small) imported and allocated in
# SQLite and in PostgreSQL: every report's export is the same, byte for byte
U2=$(pg_url small)
"$ZBB" --book small.db init --year 2026 >/dev/null || fail "init sqlite"
"$ZBB" --db "$U2" init --year 2026 >/dev/null || fail "init postgres"
for k in agencies bases standards priorities projects items history sources; do
  "$ZBB" --book small.db import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "sqlite import $k"
  "$ZBB" --db "$U2" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >p-import.txt 2>&1 || fail "postgres import $k: $(tail -3 p-import.txt)"
done
"$ZBB" --book small.db allocate >/dev/null 2>&1
"$ZBB" --db "$U2" allocate >/dev/null 2>&1
for r in summary agencies functions cuts pools lookback ledger rounds findings; do
  "$ZBB" --book small.db report $r --format csv --for data >"s-$r.csv" 2>&1 || fail "sqlite report $r"
  "$ZBB" --db "$U2" report $r --format csv --for data >"p-$r.csv" 2>&1 || fail "postgres report $r: $(tail -3 p-$r.csv)"
  [ -s "s-$r.csv" ] || fail "report $r is empty"
  cmp -s "s-$r.csv" "p-$r.csv" || fail "report $r differs: $(diff "s-$r.csv" "p-$r.csv" | head -6)"
done
echo ok

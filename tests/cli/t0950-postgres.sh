# PostgreSQL (issue 16, SPEC §14): a book in a database of a throwaway
# server gives the same results to the fen as the same book in SQLite
. "$TOP/tests/cli/lib.sh"
sqlite_only "it compares its own PostgreSQL server with SQLite books itself"
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
# pg-6 a second allocate after a change (scenario_inputs keyed by (region, fy, inputs_at):
# a row-digest key holding the compressed inputs failed on PostgreSQL), and the
# row digests still hold
for b in "--book small.db" "--db $U2"; do
  "$ZBB" $b import sources "$TOP/tests/cli/fixtures/small/sources.csv" >/dev/null || fail "$b: import again"
  "$ZBB" $b allocate >alloc2.txt 2>&1 || fail "$b: second allocate: $(tail -3 alloc2.txt)"
  "$ZBB" $b allocate >alloc3.txt 2>&1 || fail "$b: third allocate: $(tail -3 alloc3.txt)"
  "$ZBB" $b audit verify --data >verify.txt 2>&1 || fail "$b: verify --data after allocate: $(tail -3 verify.txt)"
done
[ "$(PSQL -d small -c "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(att, ord) JOIN pg_attribute a ON a.attrelid = i.indrelid
  AND a.attnum = k.att WHERE i.indrelid = 'scenario_inputs'::regclass AND i.indisprimary")" = "region,fy,inputs_at" ] ||
  fail "scenario_inputs has no primary key (region, fy, inputs_at)"
[ "$(sqlite3 small.db "SELECT group_concat(name) FROM pragma_table_info('scenario_inputs') WHERE pk > 0 ORDER BY pk")" = "region,fy,inputs_at" ] ||
  fail "SQLite scenario_inputs has no primary key (region, fy, inputs_at)"
for r in summary agencies functions cuts pools lookback ledger rounds findings; do
  "$ZBB" --book small.db report $r --format csv --for data >"s-$r.csv" 2>&1 || fail "sqlite report $r"
  "$ZBB" --db "$U2" report $r --format csv --for data >"p-$r.csv" 2>&1 || fail "postgres report $r: $(tail -3 p-$r.csv)"
  [ -s "s-$r.csv" ] || fail "report $r is empty"
  cmp -s "s-$r.csv" "p-$r.csv" || fail "report $r differs: $(diff "s-$r.csv" "p-$r.csv" | head -6)"
done
# pg-7 a password in the URL is never shown: not by info, not in an error,
# not in the audit log (the test server trusts the socket, so any password
# connects)
S="postgresql://postgres:S3cretPw@/book1?host=$PGDIR"
expect_exit 0 "$ZBB" --db "$S" info
contains "$out" "postgresql://postgres:***@/book1"
lacks "$out$err" "S3cretPw"
ZBB_DB=$S expect_exit 0 "$ZBB" info --format json
contains "$out" "postgres:***@"
lacks "$out" "S3cretPw"
expect_exit 2 "$ZBB" --db "postgresql://postgres:S3cretPw@/book1?host=$PGDIR" init --year 2026
contains "$err" "postgres:***@"
lacks "$err" "S3cretPw"
expect_exit 3 "$ZBB" --db "postgresql://postgres:S3cretPw@/nosuchdb?host=$PGDIR&password=Other9Pw" info
contains "$err" "postgres:***@/nosuchdb"
contains "$err" "password=***"
lacks "$err" "S3cretPw"; lacks "$err" "Other9Pw"
expect_exit 0 "$ZBB" --db "$S" import agencies "$TOP/tests/cli/fixtures/small/agencies.csv"
lacks "$out$err" "S3cretPw"
expect_exit 0 "$ZBB" --db "$S" audit list
lacks "$out" "S3cretPw"
[ -z "$(PSQL -d book1 -c "SELECT id FROM audit WHERE before_json || after_json || object LIKE '%S3cretPw%'")" ] ||
  fail "the password is in the audit log"
# pg-8 version: SQLite's and libpq's; with a PostgreSQL book, its server's too
expect_exit 0 "$ZBB" version
contains "$out" "sqlite 3."
contains "$out" "libpq $(pg_config --version | sed 's/^PostgreSQL \([0-9]*\).*/\1/')."
expect_exit 0 "$ZBB" --db "$S" version
contains "$out" "PostgreSQL $(PSQL -d book1 -c "SHOW server_version" | sed 's/ .*//')"
lacks "$out" "S3cretPw"
expect_exit 0 "$ZBB" help
contains "$out" "--db postgresql://"
# pg-9 optimistic versions through the API (SPEC §8): a write on a stale
# version is 409 on PostgreSQL as on SQLite, and leaves the row as it was
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
U3=$(pg_url api)
"$ZBB" --db "$U3" init --year 2026 >/dev/null || fail "init api"
printf 'code,name\nA1,市教育局\n' >ag.csv
"$ZBB" --db "$U3" import agencies ag.csv >/dev/null || fail "import api agencies"
"$ZBB" --db "$U3" user add edu --role agency --agency A1 --password-stdin <<< 'agency-pass-1' >/dev/null || fail "user edu"
"$ZBB" --db "$U3" serve --listen 127.0.0.1:0 --threads 2 >serve.out 2>serve.err &
spid=$!
trap 'kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; pg_stop' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
api="$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out)/api/v1" || fail "server did not start: $(cat serve.err)"
csrf=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c edu.jar -H 'Content-Type: application/json' \
  -d '{"name":"edu","password":"agency-pass-1"}' "$api/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
[ ${#csrf} -eq 64 ] || fail "login on PostgreSQL"
req() { # req METHOD PATH [BODY] -> $status, $res
  res=$(curl -s -H 'Sec-Fetch-Site: same-origin' -b edu.jar -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -X "$1" ${3:+-d "$3"} -w ' %{http_code}' "$api$2")
  status=${res##* }; res=${res% *}
}
req POST /projects '{"code":"P1","name":"教学设备购置","kind":"specific","tier":"general","function":"2050201",
"items":[{"seq":1,"content":"台式电脑","economic":"31002","unit":"台","price_fen":500000,"quantity":"2"}]}'
[ "$status" = 201 ] || fail "create on PostgreSQL: $status $res"
contains "$res" '"requested_fen":1000000'
req PUT /projects/A1-001 '{"version":1,"name":"教学设备","kind":"specific","tier":"general","function":"2050201"}'
[ "$status" = 200 ] || fail "update on PostgreSQL: $status $res"
contains "$res" '"version":2'
req PUT /projects/A1-001 '{"version":1,"name":"过期的版本","kind":"specific","tier":"general","function":"2050201"}'
[ "$status" = 409 ] || fail "a stale version on PostgreSQL: $status, wanted 409: $res"
req GET /projects/A1-001
contains "$res" '"name":"教学设备"'
contains "$res" '"version":2'
lacks "$res" "过期的版本"
[ "$(PSQL -d api -c "SELECT name || ' ' || version FROM projects WHERE code='A1-001'")" = "教学设备 2" ] || fail "row after 409"

# pg-10 a server's connection whose first write is refused and rolled back
# (here a stale version, the first request after a restart on a session of
# before) still writes after it: the temporary table of changes made in the
# refused write's transaction went with its rollback, and is made again
# (every later write on that connection, sign-ins too, was a 500)
kill "$spid"; wait "$spid" 2>/dev/null
"$ZBB" --db "$U3" serve --listen 127.0.0.1:0 --threads 1 >serve.out 2>serve.err &
spid=$!
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
api="$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out)/api/v1" || fail "server did not start again: $(cat serve.err)"
req PUT /projects/A1-001 '{"version":1,"name":"过期的版本","kind":"specific","tier":"general","function":"2050201"}'
[ "$status" = 409 ] || fail "the first write after a restart, on a stale version: $status, wanted 409: $res"
req PUT /projects/A1-001 '{"version":2,"name":"教学设备（更新）","kind":"specific","tier":"general","function":"2050201"}'
[ "$status" = 200 ] || fail "a write after a refused first write: $status $res $(cat serve.err)"
contains "$res" '"version":3'
[ "$(PSQL -d api -c "SELECT name || ' ' || version FROM projects WHERE code='A1-001'")" = "教学设备（更新） 3" ] || fail "row after the write"
lacks "$(cat serve.err)" "zbb_track"
echo ok

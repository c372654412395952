# Helpers for CLI tests; source it first.  $ZBB is the binary, the current
# folder is a fresh temporary one.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
# skip WHY: this test cannot run here (a tool is missing); tests/run.sh
# counts it as skipped, never as passed (exit 77, the automake convention)
skip() { echo "SKIP: $*"; exit 77; }
# expect_exit CODE CMD...: run CMD, keep stdout in $out and stderr in $err
expect_exit() {
  local want=$1; shift
  out=$("$@" 2>err.txt); local rc=$?; err=$(cat err.txt)
  [ "$rc" -eq "$want" ] || fail "exit $rc, wanted $want: $*
stdout: $out
stderr: $err"
}
# contains TEXT NEEDLE: TEXT must hold NEEDLE
contains() { case "$1" in *"$2"*) ;; *) fail "expected to find [$2] in:
$1";; esac; }
lacks() { case "$1" in *"$2"*) fail "did not expect [$2] in:
$1";; esac; }
# The PostgreSQL pass (tests/run.sh): ZBB_TEST_PG is the socket folder of
# the pass's server, ZBB_TEST_PGBIN its programs.  $ZBB becomes a wrapper
# that maps each book file (--book FILE, ZBB_BOOK, zbb.db) to a database of
# its own on that server, so that a test runs unchanged; the file is left
# empty as the database's stand-in (removing it drops the database).  zbb
# connects as zbb_app (made by tests/run.sh), an ordinary role owning the
# database, as a deployment would: PostgreSQL's row-level security binds it
# (a superuser passes by it).  The zbb binary knows nothing of this.
if [ -n "${ZBB_TEST_PG:-}" ]; then
  printf '#!/bin/bash\nreal=%q sock=%q psql=%q\n' "$ZBB" "$ZBB_TEST_PG" "$ZBB_TEST_PGBIN/psql" >"$TESTDIR/zbb-on-pg"
  cat >>"$TESTDIR/zbb-on-pg" <<'EOF'
url_for() { # FILE -> the URL of its database, made when the file is missing
  local p name
  p=$(realpath -m -- "$1"); name=b$(printf '%s' "$p" | cksum | cut -d' ' -f1)
  if [ ! -e "$p" ]; then
    "$psql" -qAt -h "$sock" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name" \
      -c "CREATE DATABASE $name OWNER zbb_app" >/dev/null 2>&1 || { echo "zbb-on-pg: createdb $name failed" >&2; exit 99; }
    : >"$p"
  fi
  printf 'postgresql://zbb_app@/%s?host=%s' "$name" "$sock"
}
args=() has_db=
while [ $# -gt 0 ]; do
  case "$1" in
    --book) args+=(--db "$(url_for "$2")"); has_db=1; shift 2 || break ;;
    --book=*) args+=(--db "$(url_for "${1#--book=}")"); has_db=1; shift ;;
    --db|--db=*) has_db=1; args+=("$1"); shift ;;
    --) args+=("$@"); break ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$has_db" ] && [ -z "${ZBB_DB:-}" ]; then ZBB_DB=$(url_for "${ZBB_BOOK:-zbb.db}"); export ZBB_DB; fi
unset ZBB_BOOK
exec "$real" "${args[@]}"
EOF
  chmod +x "$TESTDIR/zbb-on-pg"
  ZBB=$TESTDIR/zbb-on-pg
fi
# On the PostgreSQL pass a test's `sqlite3 FILE SQL` (a look at the book
# beside zbb) runs the same query with psql on FILE's database: the SQL the
# tests use is the common kind, but for SQLite's group_concat, which is
# PostgreSQL's string_agg, and dropping the audit log's guard triggers,
# which PostgreSQL names with their table.  Rows print as sqlite3 prints them (columns
# joined by |).  What only a SQLite file has (PRAGMA, its triggers, a
# second writer holding the file) stays behind sqlite_only.
if [ -n "${ZBB_TEST_PG:-}" ]; then
  pg_db_of() { printf 'b%s' "$(printf '%s' "$(realpath -m -- "$1")" | cksum | cut -d' ' -f1)"; }
  # `cp A.db B.db` (a test keeping a state of its book to go back to) copies
  # A's database as B's; any other cp is cp
  cp() {
    if [ $# = 2 ] && [ "${1%.db}" != "$1" ] && [ "${2%.db}" != "$2" ] && [ -e "$1" ] && [ ! -s "$1" ]; then
      local s d
      s=$(pg_db_of "$1"); d=$(pg_db_of "$2")
      "$ZBB_TEST_PGBIN/psql" -qAt -X -h "$ZBB_TEST_PG" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $d" \
        -c "CREATE DATABASE $d TEMPLATE $s OWNER zbb_app" >/dev/null || return 1
      : > "$2"
      return 0
    fi
    command cp "$@"
  }
  sqlite3() {
    local f=$1 sql name
    shift
    name=$(pg_db_of "$f")
    if [ $# -gt 0 ]; then sql=$1; else sql=$(cat); fi
    sql=$(printf '%s' "$sql" | sed -E "s/group_concat\(([a-z_.]+)\)/string_agg(\1::text, ',')/g; s/group_concat\(/string_agg(/g; s/DROP TRIGGER (audit_no_[a-z]+)/DROP TRIGGER \1 ON audit/g")
    "$ZBB_TEST_PGBIN/psql" -qAt -X -v ON_ERROR_STOP=1 -h "$ZBB_TEST_PG" -U postgres -d "$name" -c "$sql"
  }
fi
# sqlite_only WHY: this test (or what follows in it) is about the SQLite
# file itself; on the PostgreSQL pass it is skipped, saying why
sqlite_only() { [ -z "${ZBB_TEST_PG:-}" ] || skip "SQLite only: $*"; }
# on_pg: this is the PostgreSQL pass (for a check that differs there)
on_pg() { [ -n "${ZBB_TEST_PG:-}" ]; }
# a fresh book for year 2026 in book.db
new_book() { export ZBB_BOOK=$PWD/book.db; "$ZBB" init --year "${1:-2026}" >/dev/null || fail "init"; }
# PostgreSQL for a test (issue 16): pg_start makes a throwaway server with
# initdb in a temporary folder owned by the postgres user (PostgreSQL
# refuses to run as root; CI runs as root), listening only on a Unix socket
# there, and stops it when the test exits; skips the test when PostgreSQL is
# not installed.  pg_url NAME creates database NAME and prints its URL.
pg_bin() {
  local d
  for d in "$(pg_config --bindir 2>/dev/null)" /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() {
  [ -n "${PGDIR:-}" ] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$PGDIR"; PGDIR=
}
pg_start() {
  PGBIN=$(pg_bin) || skip "PostgreSQL is not installed (scripts/setup.sh installs postgresql)"
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || skip "no postgres user to run PostgreSQL as"; fi
  PGDIR=$(mktemp -d /tmp/zbb-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
  trap pg_stop EXIT
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --no-locale >"$PGDIR/initdb.log" 2>&1 ||
    fail "initdb: $(tail -5 "$PGDIR/initdb.log")"
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
    -o "-k $PGDIR -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=50" start >/dev/null ||
    fail "pg_ctl start: $(tail -5 "$PGDIR/log")"
}
pg_url() {
  "$PGBIN/psql" -qAt -h "$PGDIR" -U postgres -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null || fail "createdb $1"
  echo "postgresql://postgres@/$1?host=$PGDIR"
}

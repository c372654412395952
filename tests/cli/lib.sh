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

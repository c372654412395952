#!/bin/bash
# Runs every test: the unit test binaries given as arguments (cmocka), then
# every tests/cli/t*.sh against the zbb binary given first.  Each CLI script
# runs in a fresh temporary folder with ZBB (the binary), ZBB_NOW and
# TESTDIR set, and fails by exiting non-zero.
#
# Skipping is explicit: a test that cannot run here (a tool is missing)
# prints a line "SKIP: why" and exits 77 (lib.sh's skip), the automake
# convention; it is counted as skipped, never as passed, and so is a script
# that prints a SKIP line but exits 0.  cmocka's skipped tests count the
# same way.  Ends with "N passed, N failed, N skipped".
set -u
zbb=$(realpath "$1"); shift
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0; failed=0; skipped=0; failures=(); skips=()
export ZBB_NOW=2026-11-01T09:00:00Z LANG=C.UTF-8 LC_ALL= ZBB_LANG=
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  n_ok=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
  n_bad=$(printf '%s\n' "$out" | grep -c '^\[  FAILED  \] [a-z]')
  n_skip=$(printf '%s\n' "$out" | grep -c '^\[  SKIPPED \] [a-z]')
  passed=$((passed + n_ok)); skipped=$((skipped + n_skip))
  if [ $rc -ne 0 ] || [ "$n_bad" -gt 0 ]; then
    failed=$((failed + (n_bad > 0 ? n_bad : 1)))
    failures+=("$t")
    printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Sanitizer' | head -20
  fi
done
# The tests that load the machine (a browser and its server, the load
# tests, the demo city) or that time their steps: no two of them run at
# once, whichever pass they are in (a browser step timed out while the other
# pass ran a load test beside it).
HEAVY="t0100-demo t0600-web t0730-demo-season t0940-load t0941-resident t0942-load-sessions t1330-readme t1402-province-demo t1406-fdw"
# One CLI test: its outcome in $res/NAME.rc and its output in $res/NAME.out.
# PG, when set, is the PostgreSQL pass's socket folder.
run_test() { # SCRIPT RESULTS [PG]
  local t=$1 res=$2 pg=${3:-} name dir lock=()
  name=${pg:+pg:}$(basename "$t")
  dir=$(mktemp -d /tmp/zbb-test.XXXXXX)
  [ -n "$pg" ] && chmod 755 "$dir"
  case " $HEAVY " in *" $(basename "$t" .sh) "*) lock=(flock "$res/heavy.lock") ;; esac
  (cd "$dir" && ZBB="$zbb" TESTDIR="$dir" TOP="$top" env -u ZBB_TEST_PG -u ZBB_TEST_PGBIN ${pg:+ZBB_TEST_PG=$pg ZBB_TEST_PGBIN=$pg_bin} "${lock[@]}" timeout 600 bash "$t") \
    > "$res/$name.out" 2>&1
  echo $? > "$res/$name.rc"
  rm -rf "$dir"
}
# The PostgreSQL pass (SPEC §14: the CLI suite runs against both): when
# PostgreSQL is installed, every CLI test runs again with each book in a
# database of one throwaway server started for the pass (lib.sh's
# ZBB_TEST_PG wrapper), counted as pg:NAME, beside the SQLite pass (one
# test of each at a time).  A test about the SQLite file itself says so
# (lib.sh's sqlite_only): on this pass it is not applicable, counted apart,
# neither passed nor skipped.
# Tests not on it yet, by name (none now: the four that build the whole
# demo city take 1 to 3 minutes each there under ASan, since the row
# digests go in batches and the demo's revisions in bulk).
PG_NOT_YET=""
pg_dir=
res=$(mktemp -d /tmp/zbb-results.XXXXXX)
pg_pid=
if [ -z "${ZBB_NO_PG:-}" ] && pg_bin=$(bash -c ". '$top/tests/cli/lib.sh'; pg_bin" 2>/dev/null) &&
   { [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1; }; then
  pg_dir=$(mktemp -d /tmp/zbb-pgpass.XXXXXX); chmod 755 "$pg_dir"
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  if as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 &&
     as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
       -o "-k $pg_dir -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=100" start >/dev/null &&
     "$pg_bin/psql" -qAt -X -h "$pg_dir" -U postgres -d postgres -c "CREATE ROLE zbb_app LOGIN" >/dev/null; then
    trap 'as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$pg_dir" "$res"' EXIT
    ( for t in "$top"/tests/cli/t*.sh; do
        case " $PG_NOT_YET " in *" $(basename "$t" .sh) "*) continue ;; esac
        run_test "$t" "$res" "$pg_dir"
      done ) &
    [ -n "$PG_NOT_YET" ] && echo "PostgreSQL pass: not run yet: $PG_NOT_YET"
    pg_pid=$!
  else
    echo "PostgreSQL pass: the server did not start: $(tail -3 "$pg_dir/log" "$pg_dir/initdb.log" 2>/dev/null)"
    failed=$((failed + 1)); failures+=("pg-server")
    trap 'rm -rf "$res"' EXIT
  fi
else
  echo "PostgreSQL pass: SKIP: PostgreSQL is not installed (scripts/setup.sh installs postgresql)"
  trap 'rm -rf "$res"' EXIT
fi
for t in "$top"/tests/cli/t*.sh; do run_test "$t" "$res"; done
[ -n "$pg_pid" ] && wait "$pg_pid"
n_na=0; nas=()
for t in "$top"/tests/cli/t*.sh; do
  pg_name=${pg_pid:+pg:$(basename "$t")}
  case " $PG_NOT_YET " in *" $(basename "$t" .sh) "*) pg_name= ;; esac
  for name in "$(basename "$t")" $pg_name; do
    [ -e "$res/$name.rc" ] || { failed=$((failed + 1)); failures+=("$name"); echo "--- FAILED $name (did not run)"; continue; }
    rc=$(cat "$res/$name.rc"); out=$(cat "$res/$name.out")
    said_skip=$(printf '%s\n' "$out" | grep '^SKIP' | head -1)
    if [ "$rc" -eq 77 ] && [ "${name#pg:}" != "$name" ] && [ "${said_skip#SKIP: SQLite only}" != "$said_skip" ]; then
      n_na=$((n_na + 1)); nas+=("$name")
    elif [ "$rc" -eq 77 ] || { [ "$rc" -eq 0 ] && [ -n "$said_skip" ]; }; then
      skipped=$((skipped + 1)); skips+=("$name")
      echo "$name: ${said_skip:-SKIP (no reason given)}"
    elif [ "$rc" -eq 0 ]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); failures+=("$name")
      echo "--- FAILED $name (exit $rc)"; printf '%s\n' "$out" | tail -25
    fi
  done
done
if [ ${#nas[@]} -gt 0 ]; then echo "not applicable on PostgreSQL (about the SQLite file): ${nas[*]}"; fi
if [ ${#skips[@]} -gt 0 ]; then echo "skipped: ${skips[*]}"; fi
if [ ${#failures[@]} -gt 0 ]; then echo "failed: ${failures[*]}"; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

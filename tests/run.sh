#!/bin/bash
# Runs every test: the unit test binaries given as arguments (cmocka), then
# every tests/cli/t*.sh against the zbb binary given first.  Each CLI script
# runs in a fresh temporary folder with ZBB (the binary), ZBB_NOW and
# TESTDIR set, and fails by exiting non-zero; a line it prints starting with
# "SKIP" is shown.  Ends with "N passed, N failed".
set -u
zbb=$(realpath "$1"); shift
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0; failed=0; failures=()
export ZBB_NOW=2026-11-01T09:00:00Z LANG=C.UTF-8 LC_ALL= ZBB_LANG=
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  n_ok=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
  n_bad=$(printf '%s\n' "$out" | grep -c '^\[  FAILED  \] [a-z]')
  passed=$((passed + n_ok))
  if [ $rc -ne 0 ] || [ "$n_bad" -gt 0 ]; then
    failed=$((failed + (n_bad > 0 ? n_bad : 1)))
    failures+=("$t")
    printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Sanitizer' | head -20
  fi
done
for t in "$top"/tests/cli/t*.sh; do
  [ -e "$t" ] || continue
  dir=$(mktemp -d /tmp/zbb-test.XXXXXX)
  out=$(cd "$dir" && ZBB="$zbb" TESTDIR="$dir" TOP="$top" timeout 600 bash "$t" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf '%s\n' "$out" | grep '^SKIP' | sed "s/^/$(basename "$t"): /"
  else
    failed=$((failed + 1)); failures+=("$(basename "$t")")
    echo "--- FAILED $(basename "$t") (exit $rc)"; printf '%s\n' "$out" | tail -25
  fi
  rm -rf "$dir"
done
if [ ${#failures[@]} -gt 0 ]; then echo "failed: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

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
for t in "$top"/tests/cli/t*.sh; do
  [ -e "$t" ] || continue
  name=$(basename "$t")
  dir=$(mktemp -d /tmp/zbb-test.XXXXXX)
  out=$(cd "$dir" && ZBB="$zbb" TESTDIR="$dir" TOP="$top" timeout 600 bash "$t" 2>&1); rc=$?
  said_skip=$(printf '%s\n' "$out" | grep '^SKIP' | head -1)
  if [ $rc -eq 77 ] || { [ $rc -eq 0 ] && [ -n "$said_skip" ]; }; then
    skipped=$((skipped + 1)); skips+=("$name")
    echo "$name: ${said_skip:-SKIP (no reason given)}"
  elif [ $rc -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures+=("$name")
    echo "--- FAILED $name (exit $rc)"; printf '%s\n' "$out" | tail -25
  fi
  rm -rf "$dir"
done
if [ ${#skips[@]} -gt 0 ]; then echo "skipped: ${skips[*]}"; fi
if [ ${#failures[@]} -gt 0 ]; then echo "failed: ${failures[*]}"; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

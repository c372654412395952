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

# init, version, help, the command table, settings
. "$TOP/tests/cli/lib.sh"
expect_exit 0 "$ZBB" --book b.db init --year 2026
contains "$out" "2026"
expect_exit 2 "$ZBB" --book b.db init --year 2026          # exists already
expect_exit 2 "$ZBB" --book none.db get                    # no such book
on_pg || contains "$err" "none.db" # (on PostgreSQL the error names the database)
ZBB_BOOK=b.db expect_exit 0 "$ZBB" get growth
[ "$out" = "0.05" ] || fail "growth default: $out"
expect_exit 0 "$ZBB" --book b.db set eval_threshold "1,000,000.5"
expect_exit 0 "$ZBB" --book b.db get eval_threshold
[ "$out" = "1000000.5" ] || fail "eval_threshold: $out"
expect_exit 2 "$ZBB" --book b.db set low_execution 1.5
expect_exit 2 "$ZBB" --book b.db set standards_required some
expect_exit 2 "$ZBB" --book b.db set no_such_key 1
expect_exit 2 "$ZBB" --book b.db set livelihood_functions "205;999"
expect_exit 0 "$ZBB" --book b.db set livelihood_functions "205; 210"
expect_exit 0 "$ZBB" --book b.db --format json get
contains "$out" '"livelihood_functions": "205;210"'
expect_exit 0 "$ZBB" version
contains "$out" "zbb "
# every command answers -h, and help knows it
for c in $("$ZBB" help | awk '/^  [a-z]/ {print $1}'); do
  expect_exit 0 "$ZBB" "$c" -h
  contains "$out" "zbb"
done
expect_exit 2 "$ZBB" nosuchcommand
# a book from a newer zbb is refused (marked by SQLite's user_version: the
# PostgreSQL pass ends here: a PostgreSQL book keeps its version in a table)
on_pg && exit 0
sqlite3 b.db "PRAGMA user_version=99"
expect_exit 2 "$ZBB" --book b.db get
contains "$err" "较新版本"
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" --book b.db get
contains "$err" "newer zbb"
true

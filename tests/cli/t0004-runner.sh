# tests/run.sh counts a skipped test as skipped, not as passed: a script
# that exits 77 (lib.sh's skip) or prints a SKIP line and exits 0.
. "$TOP/tests/cli/lib.sh"
mkdir -p tree/tests/cli
cp "$TOP/tests/run.sh" tree/tests/run.sh
cp "$TOP/tests/cli/lib.sh" tree/tests/cli/lib.sh
printf '. "$TOP/tests/cli/lib.sh"\ntrue\n' > tree/tests/cli/t1-pass.sh
printf '. "$TOP/tests/cli/lib.sh"\nfail "on purpose"\n' > tree/tests/cli/t2-fail.sh
printf '. "$TOP/tests/cli/lib.sh"\nskip "no frobnicator here"\n' > tree/tests/cli/t3-skip.sh
printf 'echo "SKIP: the old habit"\nexit 0\n' > tree/tests/cli/t4-skip-old.sh
ZBB_NO_PG=1 expect_exit 1 bash tree/tests/run.sh "$ZBB"
contains "$out" "1 passed, 1 failed, 2 skipped"
contains "$out" "t3-skip.sh: SKIP: no frobnicator here"
contains "$out" "t4-skip-old.sh: SKIP: the old habit"
contains "$out" "failed: t2-fail.sh"
rm tree/tests/cli/t2-fail.sh
ZBB_NO_PG=1 expect_exit 0 bash tree/tests/run.sh "$ZBB"
contains "$out" "1 passed, 0 failed, 2 skipped"
# the PostgreSQL pass (when PostgreSQL is here): every test again, a test
# about the SQLite file (sqlite_only) not applicable there - neither passed
# nor skipped - and a skip is a skip on both passes
if pg_bin >/dev/null && { [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1; }; then
  printf '. "$TOP/tests/cli/lib.sh"\nsqlite_only "the file"\ntrue\n' > tree/tests/cli/t5-sqlite.sh
  chmod 755 "$TESTDIR" tree tree/tests tree/tests/cli
  expect_exit 0 env -u ZBB_TEST_PG -u ZBB_TEST_PGBIN bash tree/tests/run.sh "$ZBB"
  contains "$out" "3 passed, 0 failed, 4 skipped"
  contains "$out" "not applicable on PostgreSQL (about the SQLite file): pg:t5-sqlite.sh"
  contains "$out" "pg:t3-skip.sh: SKIP: no frobnicator here"
fi

# make check-layers: the checker passes on src/ and refuses each kind of breach
# (a test of the test: a checker that cannot fail would prove nothing).
. "$TOP/tests/cli/lib.sh"
chk=$TOP/build/checklayers
[ -x "$chk" ] || fail "build/checklayers is missing (make check-layers builds it)"
expect_exit 0 "$chk" "$TOP"/src/*.c "$TOP"/src/*.h
# layers-1 a database call outside the drivers
printf '#include "store.h"\nint f(void *d) { return sqlite3_exec(d, 0, 0, 0, 0); }\n' > api_x.c
expect_exit 1 "$chk" api_x.c
contains "$err" "api_x.c:2: sqlite3_exec"
printf '#include <libpq-fe.h>\nvoid g(void *c) { PQfinish(c); }\n' > cmd_y.c
expect_exit 1 "$chk" cmd_y.c
contains "$err" "cmd_y.c:1:"
contains "$err" "PQfinish"
# layers-2 SQL in a string outside the store; in a comment it is fine
printf '/* SELECT code FROM projects */\nconst char *q = "SELECT code"\n  " FROM projects WHERE fy=?1";\n' > model_z.c
expect_exit 1 "$chk" model_z.c
contains "$err" "SQL (SELECT … FROM) outside the store"
printf 'const char *q = "UPDATE projects SET name=?2";\n' > report_w.c
expect_exit 1 "$chk" report_w.c
contains "$err" "UPDATE … SET"
printf 'const char *m = "DELETE";\n/* DELETE FROM x */\n' > http_ok.c
expect_exit 0 "$chk" http_ok.c
# … the store and the drivers may
printf 'const char *q = "DELETE FROM projects WHERE fy=?1";\n' > store_v.c
expect_exit 0 "$chk" store_v.c
printf 'int h(void *d) { return sqlite3_changes(d); }\n' > db_u.c
expect_exit 0 "$chk" db_u.c
# layers-3 an include cycle between modules
printf '#include "b.h"\n' > a.c; printf '#include "c.h"\n' > b.c; printf '#include "a.h"\n' > c.c
touch a.h b.h c.h
expect_exit 1 "$chk" a.c b.c c.c a.h b.h c.h
contains "$err" "include cycle between modules: a"
printf '\n' > c.c
expect_exit 0 "$chk" a.c b.c c.c a.h b.h c.h
true

# zbb audit list/verify: the hash chain, ZBB_NOW times, tamper detection
. "$TOP/tests/cli/lib.sh"
new_book 2026
expect_exit 0 "$ZBB" audit verify                  # audit-1 a new book's log holds its book.init
contains "$out" "OK"
contains "$out" "1"
for u in u1 u2 u3; do
  printf 'password-%s\n' "$u" | "$ZBB" user add "$u" --role viewer --password-stdin >/dev/null || fail "add $u"
done
"$ZBB" user disable u2 >/dev/null || fail "disable"
expect_exit 0 "$ZBB" audit verify                  # audit-2 five entries hold: init, 3 adds, a disable
contains "$out" "5"
expect_exit 0 "$ZBB" audit list                    # audit-3 text list
contains "$out" "2026-11-01T09:00:00Z"
contains "$out" "user.disable"
contains "$out" "book.init"
contains "$out" "cli:"                              # the CLI writes under cli:OS-USER
expect_exit 0 "$ZBB" --format json audit list --since 2   # audit-4 since
lacks "$out" '"id": 2,'
contains "$out" '"id": 3,'
contains "$out" '"prev_hash"'
# audit-5 prev_hash of each entry is the hash of the one before
[ "$(sqlite3 book.db "SELECT prev_hash FROM audit WHERE id=1")" = \
  "0000000000000000000000000000000000000000000000000000000000000000" ] || fail "genesis"
[ "$(sqlite3 book.db "SELECT count(*) FROM audit a JOIN audit p ON p.id = a.id - 1 WHERE a.prev_hash = p.hash")" = 4 ] \
  || fail "chain links"
# audit-6 the table refuses updates and deletes
sqlite3 book.db "UPDATE audit SET \"user\"='x' WHERE id=2" 2>/dev/null && fail "update allowed"
sqlite3 book.db "DELETE FROM audit WHERE id=4" 2>/dev/null && fail "delete allowed"
expect_exit 2 "$ZBB" audit list --since x
expect_exit 2 "$ZBB" audit
# audit-7 one changed byte breaks the chain at that entry
cp book.db good.db
sqlite3 book.db "DROP TRIGGER audit_no_update; UPDATE audit SET object='u4' WHERE id=3" || fail "tamper"
expect_exit 1 "$ZBB" audit verify
contains "$err" "3"
contains "$err" "审计日志"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify
contains "$err" "entry 3"
# audit-8 a changed hash breaks the next link; a removed entry is seen
cp good.db book.db
sqlite3 book.db "DROP TRIGGER audit_no_update; UPDATE audit SET after_json=replace(after_json, 'viewer', 'admin') WHERE id=2"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify
contains "$err" "entry 2"
cp good.db book.db
sqlite3 book.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=2"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify
contains "$err" "entry 3"
true

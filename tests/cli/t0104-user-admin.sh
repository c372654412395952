# zbb user enable / role, and the guards that keep the bureau from locking
# itself out: the last active admin is neither disabled nor given another
# role (the same rule the API enforces, with "not yourself" on top).
. "$TOP/tests/cli/lib.sh"
new_book
printf 'code,name,headcount,function\nA1,市教育局,50,205\nA2,市卫生健康委,80,210\n' > agencies.csv
expect_exit 0 "$ZBB" import agencies agencies.csv
expect_exit 0 "$ZBB" user add root --role admin --password-stdin <<< 'admin-pass-01'
expect_exit 0 "$ZBB" user add view --role viewer --password-stdin <<< 'viewer-pass-1'
# the last active admin stays one
expect_exit 2 "$ZBB" user disable root
contains "$err" "最后一位在用的管理员"
expect_exit 2 "$ZBB" user role root --role viewer
contains "$err" "最后一位在用的管理员"
# with a second admin the first may go, and the second is then the last
expect_exit 0 "$ZBB" user role view --role admin
contains "$out" "view"
expect_exit 0 "$ZBB" user disable root
expect_exit 2 "$ZBB" user role view --role budget
expect_exit 2 "$ZBB" user disable view
# enabled again
expect_exit 0 "$ZBB" user enable root
expect_exit 0 "$ZBB" --format json user list
contains "$out" '"name": "root"'
lacks "$out" '"disabled": true'
# a role change is checked as user add checks it
expect_exit 2 "$ZBB" user role view --role agency
expect_exit 2 "$ZBB" user role view --role agency --agency ZZ
contains "$err" "ZZ"
expect_exit 2 "$ZBB" user role view --role budget --agency A1
expect_exit 2 "$ZBB" user role view --role boss
expect_exit 2 "$ZBB" user role view
expect_exit 2 "$ZBB" user enable nobody
expect_exit 0 "$ZBB" user role view --role agency --agency A2
expect_exit 0 "$ZBB" --format json user list
contains "$out" '"agency": "A2"'
expect_exit 0 "$ZBB" user role view --role budget
expect_exit 0 "$ZBB" --format json user list
lacks "$out" '"agency": "A2"'
contains "$out" '"role": "budget"'
# one audit entry per change, none for a refusal: init, import, 2 adds,
# role, disable, enable, role, role
expect_exit 0 "$ZBB" --format json audit list
contains "$out" '"action": "user.role"'
contains "$out" '"action": "user.enable"'
n=$(sqlite3 book.db "SELECT count(*) FROM audit")
[ "$n" -eq 9 ] || fail "audit entries: $n"
true

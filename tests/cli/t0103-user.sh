# zbb user: add, list, passwd, disable; validation; audit entries without secrets
. "$TOP/tests/cli/lib.sh"
new_book 2026
printf 'code,name\nA1,教育局\nA2,卫生健康委\n' > agencies.csv
"$ZBB" import agencies agencies.csv >/dev/null || fail "import agencies"
# user-1 add each role
expect_exit 0 "$ZBB" user add 王预算 --role budget --password-stdin <<< 'budget-pass-1'
contains "$out" "王预算"
expect_exit 0 "$ZBB" user add edu --role agency --agency A1 --password-stdin <<< 'agency-pass-1'
expect_exit 0 "$ZBB" user add rev --role reviewer --password-stdin <<< 'review-pass-1'
expect_exit 0 "$ZBB" user add view --role viewer --password-stdin <<< 'viewer-pass-1'
expect_exit 0 "$ZBB" user add root --role admin --password-stdin <<< 'admin-pass-01'
# user-2 refusals
expect_exit 2 "$ZBB" user add edu --role budget --password-stdin <<< 'agency-pass-1'       # exists
contains "$err" "已存在"
expect_exit 2 "$ZBB" user add x1 --role agency --password-stdin <<< 'agency-pass-1'        # no agency
contains "$err" "--agency"
expect_exit 2 "$ZBB" user add x2 --role agency --agency ZZ --password-stdin <<< 'agency-pass-1'
contains "$err" "ZZ"
expect_exit 2 "$ZBB" user add x3 --role viewer --agency A1 --password-stdin <<< 'viewer-pass-1'
expect_exit 2 "$ZBB" user add x4 --role boss --password-stdin <<< 'viewer-pass-1'
expect_exit 2 "$ZBB" user add x5 --role viewer --password-stdin <<< 'short'
contains "$err" "8"
expect_exit 2 "$ZBB" user add x6 --role viewer --password-stdin <<< '七个汉字的密码'       # 7 characters
expect_exit 0 "$ZBB" user add x7 --role viewer --password-stdin <<< '八个汉字组成的密码'    # 9 characters
expect_exit 2 "$ZBB" user add "has space" --role viewer --password-stdin <<< 'viewer-pass-1'
expect_exit 2 "$ZBB" user add x8 --role viewer </dev/null                                   # no terminal
contains "$err" "--password-stdin"
expect_exit 2 "$ZBB" user add x9 --role viewer --password-stdin </dev/null                  # nothing to read
expect_exit 2 "$ZBB" user
expect_exit 2 "$ZBB" user frob x
# user-3 list
expect_exit 0 "$ZBB" user list
contains "$out" "edu"
contains "$out" "A1"
expect_exit 0 "$ZBB" --format json user list
contains "$out" '"role": "agency"'
contains "$out" '"agency": "A1"'
lacks "$out" "argon2"
# user-4 passwd and disable
expect_exit 0 "$ZBB" user passwd edu --password-stdin <<< 'new-password-2'
expect_exit 2 "$ZBB" user passwd nobody --password-stdin <<< 'new-password-2'
expect_exit 2 "$ZBB" user passwd edu --password-stdin <<< 'short'
expect_exit 0 "$ZBB" user disable view
expect_exit 2 "$ZBB" user disable nobody
expect_exit 0 "$ZBB" --format json user list
contains "$out" '"disabled": true'
# user-5 the stored hash is Argon2id; no secret reaches the audit log
h=$(sqlite3 book.db "SELECT pwhash FROM users WHERE name='edu'")
case "$h" in '$argon2id$'*) ;; *) fail "not argon2id: $h";; esac
expect_exit 0 "$ZBB" --format json audit list
lacks "$out" "new-password-2"
lacks "$out" "agency-pass-1"
lacks "$out" "argon2"
contains "$out" '"action": "user.add"'
contains "$out" '"action": "user.passwd"'
contains "$out" '"action": "user.disable"'
# init, the import, six adds, a passwd, a disable: one entry each, none for a refusal
n=$(sqlite3 book.db "SELECT count(*) FROM audit")
[ "$n" -eq 10 ] || fail "audit entries: $n"
# user-6 English messages
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" user disable nobody
contains "$err" "no user nobody"
true

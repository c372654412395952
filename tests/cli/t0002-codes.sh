# zbb codes: the classification tables compiled into the binary
. "$TOP/tests/cli/lib.sh"
expect_exit 0 "$ZBB" codes function
contains "$out" "201     一般公共服务支出"
contains "$out" "234     抗疫特别国债安排的支出"
contains "$out" "  20502   普通教育"
# every function class from 201 to 234 that the 2024 edition has
[ "$(printf '%s\n' "$out" | grep -cE '^  2[0-3][0-9] ')" -ge 25 ] || fail "function classes"
expect_exit 0 "$ZBB" codes economic
contains "$out" "301     工资福利支出"
contains "$out" "399     其他支出"
for c in 30212 30217 30231 31013; do
  printf '%s\n' "$out" | grep -E "^ +$c .*三公经费" >/dev/null || fail "$c is not marked 三公"
done
printf '%s\n' "$out" | grep -E "^ +30201 .*三公" >/dev/null && fail "30201 is not 三公"
# a prefix narrows the list; JSON has the flag
expect_exit 0 "$ZBB" --format json codes economic 3021
[ "$(python3 -c 'import json,sys; d=json.load(sys.stdin)["economic"]; print(sorted(x["code"] for x in d if x["sangong"]))' <<<"$out")" = "['30212', '30217']" ] || fail "json sangong"
lacks "$out" '"function"'
expect_exit 2 "$ZBB" codes economic 999
expect_exit 0 "$ZBB" codes 205
contains "$out" "20502"
lacks "$out" "30201"

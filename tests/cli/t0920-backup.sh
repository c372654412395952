# zbb backup while zbb serve is writing: the copy passes integrity_check
# and audit verify, and holds a prefix of the stream of writes (everything
# acknowledged before the backup began, nothing half written); an existing
# file is refused without --force.
. "$TOP/tests/cli/lib.sh"
sqlite_only "zbb backup copies a SQLite file (PostgreSQL books are refused: pg_dump)"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
new_book 2026
printf 'code,name\nA1,市教育局\n' > agencies.csv
"$ZBB" import agencies agencies.csv > /dev/null || fail "import"
# some bulk (about 1,000 pages), so that the copy takes several steps of 256
awk 'BEGIN { print "code,agency,name,kind,tier,function"; for (i = 1; i <= 20000; i++) printf "B%05d,A1,存量项目%d,specific,general,2050201\n", i, i }' > projects.csv
"$ZBB" import projects projects.csv > /dev/null || fail "import projects"
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' > /dev/null || fail "user"
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
csrf=$(curl -s -H 'Sec-Fetch-Site: same-origin' -c jar -H 'Content-Type: application/json' -d '{"name":"bud","password":"budget-pass-1"}' \
	"$url/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
[ ${#csrf} = 64 ] || fail "login"
# the stream: Q001 … Q120 one after another, each acknowledged one logged
(
	for i in $(seq -f '%03g' 120); do
		st=$(curl -s -H 'Sec-Fetch-Site: same-origin' -o /dev/null -w '%{http_code}' -b jar -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
			-d "{\"code\":\"Q$i\",\"agency\":\"A1\",\"name\":\"项目$i\",\"kind\":\"specific\",\"tier\":\"general\",\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"c$i\",\"economic\":\"30201\",\"unit\":\"批\",\"price_fen\":100,\"quantity\":\"1\"}]}" \
			"$url/api/v1/projects")
		[ "$st" = 201 ] || { echo "status $st" >> acked.txt; exit 1; }
		echo "Q$i" >> acked.txt
	done
) &
writer=$!
for _ in $(seq 300); do [ "$(cat acked.txt 2>/dev/null | wc -l)" -ge 30 ] && break; sleep 0.05; done
n_before=$(wc -l < acked.txt)
expect_exit 0 "$ZBB" backup backup.db
contains "$out" "backup.db"
n_after=$(wc -l < acked.txt)
wait "$writer" || fail "the stream failed: $(tail -1 acked.txt)"
[ "$n_after" -lt 120 ] || fail "the backup did not run mid-stream ($n_after writes before it ended)"
kill "$pid"; wait "$pid"; trap - EXIT

# backup-1 a sound book of its own
[ "$(sqlite3 backup.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ ! -e backup.db-wal ] || fail "a WAL beside the backup"
expect_exit 0 "$ZBB" --book backup.db audit verify
contains "$out" "OK"
# backup-2 a prefix of the stream: Q001 … Qk with n_before ≤ k ≤ n_after (+1 in flight)
k=$(sqlite3 backup.db "SELECT count(*) FROM projects WHERE code LIKE 'Q%'")
last=$(sqlite3 backup.db "SELECT max(code) FROM projects WHERE code LIKE 'Q%'")
[ "$last" = "Q$(printf '%03d' "$k")" ] || fail "not a prefix: $k projects, the last $last"
[ "$k" -ge "$n_before" ] && [ "$k" -le $((n_after + 1)) ] || fail "$k writes in the backup; $n_before before it, $n_after after"
[ "$(sqlite3 backup.db "SELECT count(*) FROM items WHERE project LIKE 'Q%'")" = "$k" ] || fail "items do not match"
[ "$(sqlite3 backup.db "SELECT count(*) FROM audit WHERE action='project.create'")" = "$k" ] || fail "audit does not match"
[ "$(sqlite3 backup.db "SELECT count(*) FROM projects WHERE code LIKE 'B%'")" = 20000 ] || fail "bulk missing"
# backup-3 the book itself has all 120
[ "$(sqlite3 book.db "SELECT count(*) FROM projects WHERE code LIKE 'Q%'")" = 120 ] || fail "book"
# backup-4 an existing file is refused, --force replaces it, the book itself never
expect_exit 2 "$ZBB" backup backup.db
contains "$err" "backup.db: 文件已存在（用 --force 覆盖）"
[ "$(sqlite3 backup.db "SELECT count(*) FROM projects WHERE code LIKE 'Q%'")" = "$k" ] || fail "refused, yet changed"
expect_exit 0 "$ZBB" backup backup.db --force
[ "$(sqlite3 backup.db "SELECT count(*) FROM projects WHERE code LIKE 'Q%'")" = 120 ] || fail "--force"
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" backup book.db --force
contains "$err" "cannot back a book up onto itself"
expect_exit 2 "$ZBB" backup
ls | grep -q 'tmp-' && fail "a temporary file left behind"
true

# The book's file (issue 18): a new book and its -wal/-shm are 0600 even
# under umask 000; a read-only book can be read (not written: exit 3); a
# second writer waits for the first (--busy-timeout), saying so, and
# fails with exit 3 when the wait runs out; storage failures exit 3.
. "$TOP/tests/cli/lib.sh"
sqlite_only "the modes, locks and read-only opening of the SQLite file"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/setup.sh)"
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh)"
umask 000
new_book 2026
mode() { stat -c %a "$1"; }
[ "$(mode book.db)" = 600 ] || fail "new book is $(mode book.db), not 600"
printf 'code,name\nA1,单位一\n' > agencies.csv
expect_exit 0 "$ZBB" import agencies agencies.csv
"$ZBB" user add adm --role admin --password-stdin <<< 'Adm-pass-2026x' >/dev/null || fail "user adm"

# while a server has the book open, its -wal and -shm are private too
"$ZBB" serve --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.err &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out) || fail "server did not start: $(cat serve.err)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "Origin: $url" \
	-d '{"name":"adm","password":"Adm-pass-2026x"}' "$url/api/v1/login")
[ "$code" = 200 ] || fail "login: $code"
[ -e book.db-wal ] && [ -e book.db-shm ] || fail "no -wal/-shm while serving"
[ "$(mode book.db-wal)" = 600 ] || fail "-wal is $(mode book.db-wal)"
[ "$(mode book.db-shm)" = 600 ] || fail "-shm is $(mode book.db-shm)"
kill "$pid"; wait "$pid" 2>/dev/null; trap - EXIT
umask 022

# a read-only book: reading commands work, a write is a storage failure (3)
mkdir ro && cp book.db ro/book.db && chmod 444 ro/book.db && chmod 555 ro
as=()
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip "root without setpriv cannot make a file read-only for itself"
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$TESTDIR"
fi
ro="$TESTDIR/ro/book.db"
expect_exit 0 "${as[@]}" "$ZBB" --book "$ro" info
contains "$out" "2026"
expect_exit 0 "${as[@]}" "$ZBB" --book "$ro" export agencies
contains "$out" "A1,单位一"
expect_exit 0 "${as[@]}" "$ZBB" --book "$ro" audit verify
expect_exit 3 "${as[@]}" "$ZBB" --book "$ro" set eval_threshold 6000000
contains "$err" "不可写"

# a missing book is the user's mistake (2), not a storage failure
expect_exit 2 "$ZBB" --book nosuch.db info

# a second writer waits for the first and then writes
(printf 'BEGIN IMMEDIATE;\nSELECT 1;\n'; sleep 2; echo 'COMMIT;') | sqlite3 book.db > /dev/null &
lock=$!
sleep 0.5
expect_exit 0 "$ZBB" --busy-timeout 10 set eval_threshold 6000000
contains "$err" "另一个程序正在写账簿"
wait $lock
expect_exit 0 "$ZBB" get eval_threshold
contains "$out" "6000000"
# ... and gives up when the wait runs out: exit 3, in about the time given
(printf 'BEGIN IMMEDIATE;\nSELECT 1;\n'; sleep 4; echo 'COMMIT;') | sqlite3 book.db > /dev/null &
lock=$!
sleep 0.5
t0=$(date +%s%N)
ZBB_BUSY_TIMEOUT=0.8 expect_exit 3 "$ZBB" set eval_threshold 7000000
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -ge 700 ] && [ "$ms" -lt 3000 ] || fail "gave up after $ms ms, wanted about 800"
contains "$err" "另一个程序正在写账簿"
wait $lock
expect_exit 0 "$ZBB" get eval_threshold
contains "$out" "6000000"
expect_exit 2 "$ZBB" --busy-timeout soon info
echo ok

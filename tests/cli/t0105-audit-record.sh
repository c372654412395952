# The record holds against someone with the file (SPEC §12): audit head,
# verify --head N:HASH (a truncated tail, a recomputed chain) and verify
# --data (rows changed, added or deleted with sqlite3 are named).
. "$TOP/tests/cli/lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 is needed to tamper with the book"
new_book 2026
F=$TOP/tests/cli/fixtures/small
for k in agencies bases standards priorities projects items history sources; do
  "$ZBB" import $k "$F/$k.csv" >/dev/null || fail "import $k"
done
"$ZBB" allocate >/dev/null || fail "allocate"
# record-1 head: the last entry's number and hash, as the log holds them
expect_exit 0 "$ZBB" audit head
head=$out
n=$(sqlite3 book.db "SELECT max(id) FROM audit")
[ "$n" = 10 ] || fail "10 entries: init, 8 imports, the allocation (got $n)"
[ "$head" = "10:$(sqlite3 book.db "SELECT hash FROM audit WHERE id=10")" ] || fail "head $head"
expect_exit 0 "$ZBB" --format json audit head
contains "$out" '"id": 10'
# record-2 a clean book passes both; --data counts every row once: 2
# agencies, 1 basis, 1 standard, 1 priority, 5 projects, 6 items, 1
# history, 2 sources, 2 meta, the book's one region, 1 scenario with a
# results row for each of its 2 agencies and the inputs it ran on = 26
expect_exit 0 "$ZBB" audit verify --head "$head" --data
contains "$out" "26 行"
contains "$out" "OK"
# each entry that wrote rows says how many: the items import wrote 6
[ "$(sqlite3 book.db "SELECT substr(rows, 1, instr(rows, ' ') - 1) FROM audit WHERE id=7")" = 6 ] || fail "rows of entry 7"
[ "$(sqlite3 book.db "SELECT rows FROM audit WHERE id=1")" != "" ] || fail "init wrote meta rows"
cp book.db good.db
# record-3 a later write keeps the kept head valid
"$ZBB" set growth 0.06 >/dev/null || fail "set"
expect_exit 0 "$ZBB" audit verify --head "$head" --data
h11=$("$ZBB" audit head)
# record-4 the tail cut (the book put back as it was before entry 11)
cp good.db book.db
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify --head "$h11"
contains "$err" "ends at entry 10"
contains "$err" "entry 11"
expect_exit 0 "$ZBB" audit verify                # the chain alone cannot see it
# record-5 the whole chain recomputed (every hash changed): entry 10 no longer has the kept hash
sqlite3 book.db "DROP TRIGGER audit_no_update; UPDATE audit SET hash = replace(hash, substr(hash, 1, 1), 'x') WHERE id = 10"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify --head "$head"
contains "$err" "entry 10"
expect_exit 2 "$ZBB" audit verify --head 10
expect_exit 2 "$ZBB" audit verify --head "x:$(printf '%064d' 0)"
# record-6 an item's price changed with sqlite3 is found and named (P2/1:
# 2000 yuan = 200000 fen, written by entry 7, the items import)
cp good.db book.db
sqlite3 book.db "UPDATE items SET price_fen=150000 WHERE project='P2' AND seq=1"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify --data
contains "$err" "items 2026/P2/1"
contains "$err" "entry 7"
lacks "$err" "P1/1"
expect_exit 1 "$ZBB" audit verify --data
contains "$err" "在 zbb 之外被改动"
expect_exit 0 "$ZBB" audit verify                # the chain alone cannot see it
expect_exit 1 "$ZBB" --format json audit verify --data
contains "$out" '"key": "000000000/2026/P2/1"'   # the region leads the key
contains "$out" '"what": "changed"'
# put back to what was written: it holds again
sqlite3 book.db "UPDATE items SET price_fen=200000 WHERE project='P2' AND seq=1"
expect_exit 0 "$ZBB" audit verify --data
# record-7 a row deleted and a row added behind zbb's back
sqlite3 book.db "DELETE FROM bases; INSERT INTO priorities(region, fy, code, name, rank) VALUES('000000000', 2026, 'X9', '外加', 9)"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify --data
contains "$err" "bases 2026/B1"
contains "$err" "deleted outside zbb"
contains "$err" "priorities 2026/X9"
contains "$err" "added outside zbb"
# record-8 the row and its digest both changed: the digests no longer add up to the log's sum
cp good.db book.db
sqlite3 book.db "UPDATE items SET price_fen=1 WHERE project='P2' AND seq=1;
  UPDATE row_digests SET digest=(SELECT digest FROM row_digests WHERE tbl='items' AND key='000000000/2026/P1/1') WHERE key='000000000/2026/P2/1'"
LANG=en_US.UTF-8 expect_exit 1 "$ZBB" audit verify --data
contains "$err" "row digests does not match the audit log"
# record-9 a change zbb makes is not a finding: re-importing an item, deleting a project
cp good.db book.db
printf 'project,seq,content,economic,unit,price,quantity\nP2,1,助学金,30308,人,2100,100\n' > p2.csv
"$ZBB" import items p2.csv >/dev/null || fail "reimport"
expect_exit 0 "$ZBB" audit verify --data
true

# An import's rows go to the book in batches where a statement is a round
# trip (PostgreSQL: 64 rows a statement); a row the database refuses is
# still named by its line, in a full batch or in the last short one, and
# nothing is stored; the rows that go in all have their digests.  The
# refusal comes from a rule the import does not know (a price cap added
# beside zbb: a trigger on SQLite, a CHECK on PostgreSQL).
. "$TOP/tests/cli/lib.sh"
new_book 2026
printf 'code,name,headcount,function\nA1,市教育局,100,205\n' > ag.csv
printf 'code,agency,name,kind,tier,function\nP1,A1,校舍维修,specific,general,20502\n' > pr.csv
expect_exit 0 "$ZBB" import agencies ag.csv
expect_exit 0 "$ZBB" import projects pr.csv
if on_pg; then
  sqlite3 book.db "ALTER TABLE items ADD CONSTRAINT price_cap CHECK (price_fen <= 100000000)" || fail "check"
else
  sqlite3 book.db "CREATE TRIGGER price_cap BEFORE INSERT ON items WHEN NEW.price_fen > 100000000
    BEGIN SELECT RAISE(ABORT, 'price_cap'); END" || fail "trigger"
fi
# items.csv: 200 items of P1 (3 batches of 64 and 8 more), item BAD priced 2,000,000 yuan
items() {
  printf 'project,seq,content,economic,unit,price,quantity\n'
  for i in $(seq 200); do
    if [ "$i" = "$1" ]; then p=2000000; else p=$((100 + i)); fi
    printf 'P1,%d,维修%d,30209,项,%d,1\n' "$i" "$i" "$p"
  done
}
for bad in 150 197 1; do
  items $bad > it.csv
  expect_exit 2 "$ZBB" import items it.csv
  contains "$err" "zbb: it.csv:$((bad + 1)):"
  contains "$err" "price_cap"
  contains "$err" "未导入任何数据，账簿保持原样"
  [ "$(sqlite3 book.db "SELECT count(*) FROM items")" = 0 ] || fail "rows stored after a refusal (item $bad)"
done
# all good: every row in (prices 101 to 300 yuan: 40,100 yuan), each with its digest; then all replaced
items 0 > it.csv
expect_exit 0 "$ZBB" import items it.csv
contains "$out" "200 行：新增 200，替换 0"
[ "$(sqlite3 book.db "SELECT count(*), sum(price_fen) FROM items")" = "200|4010000" ] || fail "stored: $(sqlite3 book.db "SELECT count(*), sum(price_fen) FROM items")"
[ "$(sqlite3 book.db "SELECT count(*) FROM row_digests WHERE tbl='items'")" = 200 ] || fail "digests"
sed -i 's/,项,1\([0-9][0-9]\),1$/,项,2\1,1/' it.csv
expect_exit 0 "$ZBB" import items it.csv
contains "$out" "200 行：新增 0，替换 200"
expect_exit 0 "$ZBB" audit verify --data
contains "$out" "OK"
true

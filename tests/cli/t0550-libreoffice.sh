# SPEC §7/§4 with a real office suite: LibreOffice Calc (headless) opens
# every report workbook zbb writes — its CSV conversion of each sheet has
# zbb's numbers to the fen and zbb's words; its PDF is A4 landscape with
# the title, the unit and the header rows repeated on every page — and the
# input files, turned into XLSX by Calc, import and export unchanged.
. "$TOP/tests/cli/lib.sh"
command -v soffice >/dev/null || skip "no LibreOffice (soffice): scripts/setup.sh installs libreoffice-calc-nogui"
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || skip "no poppler-utils (pdfinfo, pdftotext)"
# a private profile, so that no other soffice or user setting interferes
LO="soffice --headless -env:UserInstallation=file://$PWD/lo-profile"
new_book 2026
for k in agencies bases standards priorities projects items sources history; do
  "$ZBB" import $k "$TOP/tests/cli/fixtures/small/$k.csv" >/dev/null || fail "import $k"
done
# sixty more agencies, so that a report runs over more than one printed page
{ echo code,name,function; for i in $(seq 10 69); do echo "B$i,第${i}区教育局,205"; done; } > more.csv
{ echo code,agency,name,kind,tier,function,basis; for i in $(seq 10 69); do echo "Q$i,B$i,校舍维修$i,specific,general,20502,B1"; done; } > morep.csv
{ echo project,seq,content,economic,unit,price,quantity; for i in $(seq 10 69); do echo "Q$i,1,维修,30209,项,$((i * 1013)).37,1"; done; } > morei.csv
for k in agencies:more projects:morep items:morei; do expect_exit 0 "$ZBB" import "${k%%:*}" "${k##*:}.csv"; done
printf 'project,seq,action,price,reason,reviewer\nP3,1,adjust,3000,按标准核定,张三\n' > rv.csv
expect_exit 0 "$ZBB" import reviews rv.csv
expect_exit 0 "$ZBB" allocate
expect_exit 1 "$ZBB" allocate --scenario low --capacity 1000000
reports="summary agencies functions cuts pools lookback ledger findings disclosure"
mkdir -p yuan wan people
for r in $reports compare; do
  extra=; [ $r = compare ] && extra="--against low"
  expect_exit 0 "$ZBB" --unit yuan --format xlsx report $r $extra --output yuan/$r.xlsx
  expect_exit 0 "$ZBB" --format xlsx report $r $extra --output wan/$r.xlsx
  if [ $r = disclosure ]; then
    expect_exit 0 "$ZBB" --unit yuan --format csv report disclosure --for excel --output people/disclosure
  else
    expect_exit 0 "$ZBB" --unit yuan --format csv report $r $extra --output people/$r.csv
  fi
done
# every sheet of every workbook to CSV, values as stored (not as shown)
$LO --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir lo yuan/*.xlsx >lo.log 2>&1 || fail "soffice csv: $(cat lo.log)"
python3 - <<'PY' || fail "LibreOffice's numbers are not zbb's"
import csv, glob, os
from decimal import Decimal, InvalidOperation
def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
def num(s):
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None
pairs = []
for p in sorted(glob.glob("people/*.csv")):
    pairs.append((p, "lo/%s-*.csv" % os.path.basename(p)[:-4]))
for p in sorted(glob.glob("people/disclosure/*.csv")):
    sheet = os.path.basename(p)[:-4].split("-", 1)[1]
    pairs.append((p, "lo/disclosure-%s.csv" % sheet))
assert len(pairs) == 9 + 11, pairs
checked = 0
for zp, pattern in pairs:
    lo_files = glob.glob(pattern)
    assert len(lo_files) == 1, (pattern, lo_files)
    z, lo = read(zp), read(lo_files[0])
    head = 2 if any("：" in h for h in z[0]) else 1
    data = lo[3 + head:3 + head + len(z) - 1]
    assert len(data) == len(z) - 1, (zp, len(data), len(z) - 1)
    for zr, lr in zip(z[1:], data):
        for j, zc in enumerate(zr):
            lc = lr[j] if j < len(lr) else ""
            if zc.endswith("%") or zc == "":
                continue
            zn = num(zc)
            if zn is not None and zc.lstrip("-")[:1].isdigit():
                # money in yuan with its fen, counts: exactly the same number
                assert num(lc) == zn, (zp, zr, lr, j)
                checked += 1
            else:
                assert lc == zc.lstrip("'"), (zp, zr, lr, j)
print("cells checked:", checked)
assert checked > 1000, checked
PY
# PDF: A4 landscape, the heading, the header on every page
$LO --convert-to pdf --outdir pdf wan/*.xlsx >lo.log 2>&1 || fail "soffice pdf: $(cat lo.log)"
for r in $reports compare; do
  [ -s pdf/$r.pdf ] || fail "no pdf of $r"
  pdfinfo pdf/$r.pdf | grep -Eq 'Page size: +841.89 x 595.[0-9]+ pts \(A4\)' || fail "$r.pdf is not A4 landscape: $(pdfinfo pdf/$r.pdf)"
done
pdftotext -layout pdf/agencies.pdf agencies.txt
contains "$(cat agencies.txt)" "2026 年分单位预算安排"
contains "$(cat agencies.txt)" "单位：万元"
contains "$(cat agencies.txt)" "场景：base（草案）"
n=$(pdfinfo pdf/agencies.pdf | awk '/^Pages:/{print $2}')
[ "$n" -ge 2 ] || fail "62 agencies on $n page"
[ "$(grep -c '单位编码' agencies.txt)" -eq "$n" ] || fail "the header is not on each of the $n pages"
# fitted to the width: every column on the page (the last column's header)
[ "$(grep -c '比上年增减' agencies.txt)" -eq "$n" ] || fail "columns split over pages"
pdftotext -layout pdf/disclosure.pdf disclosure.txt
for s in 公开01表 公开05表 公开11表 部门收支总表 一般公共预算支出表 "本表无数据"; do contains "$(cat disclosure.txt)" "$s"; done
# the inputs through Calc: CSV → XLSX by LibreOffice → zbb import → export unchanged
mkdir -p in
kinds="agencies bases standards priorities projects items sources history reviews"
for k in $kinds; do "$ZBB" export $k > in/$k.csv || fail "export $k"; done
$LO --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir inx in/*.csv >lo.log 2>&1 || fail "soffice xlsx: $(cat lo.log)"
for k in $kinds; do
  [ -s inx/$k.xlsx ] || fail "no inx/$k.xlsx"
  expect_exit 0 "$ZBB" import $k inx/$k.xlsx
  expect_exit 0 "$ZBB" export $k
  [ "$out" = "$(cat in/$k.csv)" ] || fail "$k through Calc's XLSX:
$(diff <(echo "$out") in/$k.csv)"
done
true

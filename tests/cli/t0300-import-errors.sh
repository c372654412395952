# SPEC §4/§8: every class of bad input file gives located errors on stderr
# ("zbb: FILE:LINE: column: reason"), exit status 2, and leaves the book
# exactly as it was (every kind's export compared before and after).
. "$TOP/tests/cli/lib.sh"
new_book 2026
printf 'code,name,headcount,function\nA1,市教育局,100,205\n' > ag.csv
printf 'code,title\nB1,通知\n' > bases.csv
printf 'code,name,economic,unit,max_price\nS1,办公设备,30201,台,5000\n' > st.csv
printf 'code,name,economic\nPL1,信息化,30201\n' > pools.csv
printf 'code,agency,name,kind,tier,function\nP1,A1,校舍维修,specific,general,20502\n' > pr.csv
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,维修,30209,项,100,1\n' > it.csv
for k in agencies:ag bases:bases standards:st pools:pools projects:pr items:it; do
  expect_exit 0 "$ZBB" import "${k%%:*}" "${k##*:}.csv"
done
kinds="agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans"
snapshot() { for k in $kinds; do "$ZBB" export "$k"; done; }
snapshot > before.txt
# refused KIND FILE WANT...: the import fails with exit 2, stderr holds each
# WANT line, and the book is unchanged
refused() {
  local kind=$1 file=$2; shift 2
  expect_exit 2 "$ZBB" import "$kind" "$file"
  for w in "$@"; do contains "$err" "$w"; done
  contains "$err" "未导入任何数据，账簿保持原样"
  snapshot > after.txt
  cmp -s before.txt after.txt || fail "book changed by $kind $file: $(diff before.txt after.txt)"
}
H='project,seq,content,economic,unit,price,quantity'
# header
printf 'code,nam\nA2,x\n' > f.csv;  refused agencies f.csv "zbb: f.csv:1: nam: 未知列" "zbb: f.csv:1: name: 缺少必填列（单位名称）"
printf 'A2,x\n' > f.csv;            refused agencies f.csv "zbb: f.csv:1: A2: 未知列" "zbb: f.csv:1: code: 缺少必填列"
printf 'code,name,colour\nA2,x,红\n' > f.csv; refused agencies f.csv "zbb: f.csv:1: colour: 未知列（agencies 的列为：code, name, parent, headcount, function, establishment, retired, class）"
# cells
printf 'code,name\nA2,x\nA3,\n' > f.csv; refused agencies f.csv "zbb: f.csv:3: name: 必填（单位名称）"
printf 'code,name,headcount\nA2,x,十\n' > f.csv; refused agencies f.csv "zbb: f.csv:2: headcount: 含全角或非 ASCII 字符，请使用半角数字: “十”"
printf '%s\nP1,2,x,30201,台,1.234,1\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: price: 最多两位小数: “1.234”"
printf '%s\nP1,2,x,30201,台,-1,1\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: price: 不能为负数: “-1”"
printf '%s\nP1,2,x,30201,台,1,0.12345\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: quantity: 最多四位小数: “0.12345”"
printf '%s\nP1,2,x,30201,台,12abc,1\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: price: 不是数字: “12abc”"
# 92233720368547758.07 yuan is INT64_MAX fen; × 1.0001 overflows
printf '%s\nP1,2,x,30201,台,92233720368547758.07,1.0001\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: quantity: 单价×数量超出金额范围"
# references and codes
printf 'code,agency,name,kind,tier,function\nP2,AX,x,specific,general,205\n' > f.csv; refused projects f.csv "zbb: f.csv:2: agency: 预算单位 “AX” 不存在（先导入 agencies）"
printf '%s\nPX,1,x,30201,台,1,1\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: project: 项目 “PX” 不存在（先导入 projects）"
printf 'pool,standard,price\nPL1,SX,1\n' > f.csv; refused prices f.csv "zbb: f.csv:2: standard: 支出标准 “SX” 不存在（先导入 standards）"
printf 'pool,standard,price\nPLX,S1,1\n' > f.csv; refused prices f.csv "zbb: f.csv:2: pool: 统筹类别 “PLX” 不存在（先导入 pools）"
printf 'code,name,economic,unit,max_price,basis\nS2,x,30201,台,1,BX\n' > f.csv; refused standards f.csv "zbb: f.csv:2: basis: 政策依据 “BX” 不存在（先导入 bases）"
printf 'year,agency,project,budget,executed\n2025,AX,P1,1,1\n' > f.csv; refused history f.csv "zbb: f.csv:2: agency: 预算单位 “AX” 不存在"
printf 'code,agency,name,kind,tier,function\nP2,A1,x,specific,general,999\n' > f.csv; refused projects f.csv "zbb: f.csv:2: function: 功能分类中没有这个类级科目（见 zbb codes function）: “999”"
printf '%s\nP1,2,x,3020,台,1,1\n' "$H" > f.csv; refused items f.csv "zbb: f.csv:2: economic: 经济分类科目应为 3 或 5 位数字: “3020”"
# a major project names its priority (an unknown one is kept, SPEC §4/§5)
printf 'code,agency,name,kind,tier,function\nP2,A1,x,specific,major,205\n' > f.csv; refused projects f.csv "zbb: f.csv:2: priority: 大事要事项目须填写所属的大事要事保障清单事项"
# duplicate key, ragged row, empty (a header-only file succeeds: t0330)
printf 'code,name\nA2,x\nA3,y\nA2,z\n' > f.csv; refused agencies f.csv "zbb: f.csv:4: code: 键重复：与第 2 行相同"
printf 'code,name\nA2,x\nA3,y,z\n' > f.csv; refused agencies f.csv "zbb: f.csv:3: 本行有 3 列，表头有 2 列"
: > f.csv; refused agencies f.csv "zbb: f.csv: 文件为空（缺少表头行）"
# structure and encoding
printf 'code,name\nA2,"x\nA3,y\n' > f.csv; refused agencies f.csv "zbb: f.csv:2: 引号没有闭合"
printf 'code,name\nA2,x"y\nA3,\n' > f.csv; refused agencies f.csv "zbb: f.csv:3: name: 必填" # the bare quote is literal (t0330)
printf 'code,name\nA2,x\nA3,\xff\xfe\n' > f.csv; refused agencies f.csv "zbb: f.csv:3: 文件既不是 UTF-8 也不是 GB18030 编码"
# a line of 10 MB
{ printf 'code,name\nA2,'; head -c 10485760 /dev/zero | tr '\0' x; printf '\n'; } > f.csv
refused agencies f.csv "zbb: f.csv:2: 行长度超过 1048576 字节"
# every bad row is reported, the last line counted right after a quoted
# field that spans lines (CRLF file)
printf 'code,name\r\nA2,"多行\r\n名称"\r\nA3,\r\n' > f.csv; refused agencies f.csv "zbb: f.csv:4: name: 必填（单位名称）"
# the error cap: 60 bad rows → 50 shown, then the rest counted
{ echo code,name; for i in $(seq 1 60); do echo "X$i,"; done; } > f.csv
refused agencies f.csv "zbb: f.csv:51: name: 必填" "另有 10 处错误未列出" "共 60 处错误"
lacks "$err" "f.csv:52:"
[ "$(grep -c '必填' err.txt)" -eq 50 ] || fail "50 errors shown: $err"
expect_exit 2 "$ZBB" import agencies f.csv --max-errors 5
[ "$(grep -c '必填' err.txt)" -eq 5 ] || fail "--max-errors 5: $err"
contains "$err" "另有 55 处错误未列出"
expect_exit 2 "$ZBB" import agencies f.csv --max-errors 0
# English
LANG=en_US.UTF-8 expect_exit 2 "$ZBB" import agencies f.csv --max-errors 1
contains "$err" "zbb: f.csv:2: name: required"
contains "$err" "and 59 more errors"
# encodings: GB18030 is detected and said so; --encoding forces either way
printf 'code,name\nA2,市财政局\n' | iconv -f UTF-8 -t GB18030 > gb.csv
expect_exit 2 "$ZBB" import agencies gb.csv --encoding utf-8
contains "$err" "zbb: gb.csv:2: 不是有效的 UTF-8 文本（可用 --encoding gb18030 按 GB18030 读取）"
snapshot > after.txt; cmp -s before.txt after.txt || fail "book changed by --encoding utf-8"
expect_exit 2 "$ZBB" import agencies gb.csv --encoding latin1
contains "$err" "--encoding"
expect_exit 0 "$ZBB" import agencies gb.csv
contains "$err" "zbb: gb.csv: 文件不是 UTF-8 编码，已按 GB18030 读取"
contains "$out" "新增 1，替换 0"
"$ZBB" export agencies | grep -qx 'A2,市财政局,,0,,,0,' || fail "GB18030 name: $("$ZBB" export agencies)"
printf 'code,name\nA3,市审计局\n' | iconv -f UTF-8 -t GB18030 > gb2.csv
expect_exit 0 "$ZBB" import agencies gb2.csv --encoding gb18030
contains "$err" "已按 GB18030 读取"
printf 'code,name\nA4,市统计局\n' > u8.csv
expect_exit 0 "$ZBB" import agencies u8.csv --encoding utf-8
[ -z "$err" ] || fail "no notice for UTF-8: $err"
"$ZBB" export agencies | grep -qx 'A3,市审计局,,0,,,0,' || fail "forced GB18030"
true

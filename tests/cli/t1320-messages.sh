# Issue 13 item 5: messages a budget officer can act on.  OVER_AFFORDABILITY
# names the year, the line, the commitments and the plan; NEEDS_EVALUATION
# says what to do; a setting's range error says the range; system errors
# are in Chinese; amounts too small for 万元 are shown in 元; allocate's
# exit 1 comes with one line naming the errors; zbb get year.
. "$TOP/tests/cli/lib.sh"
new_book 2026
expect_exit 0 "$ZBB" get year
[ "$out" = 2026 ] || fail "get year: $out"
expect_exit 0 "$ZBB" --year 2027 get year
[ "$out" = 2027 ] || fail "get year --year: $out"
expect_exit 0 "$ZBB" --format json get year
[ "$out" = '{"year":2026}' ] || fail "get year json: $out"

expect_exit 2 "$ZBB" set low_execution 2
[ "$err" = "zbb: low_execution: 应在 0 到 1 之间：“2”" ] || fail "range: $err"
expect_exit 2 "$ZBB" set growth 11
contains "$err" "growth: 应在 0 到 10 之间"

expect_exit 2 "$ZBB" import agencies no-such-file.csv
contains "$err" "无法打开：没有这个文件或目录"
lacks "$err" "No such file"
ZBB_LANG=en expect_exit 2 "$ZBB" import agencies no-such-file.csv
contains "$err" "No such file or directory"

# Money: F1 1,000,000 yuan in 2026 (and, without sources of their own, in
# 2027 and 2028): the affordability line is 10% of it, 100,000 a year.
# P0 continuing, planning 50,000 in 2027: committed from the start.
# P1 new, 30 yuan, planning 60,000 in 2027: 50,000 + 60,000 = 110,000 > 100,000.
# P2 new, 6,000,000 yuan, no evaluation: NEEDS_EVALUATION.
printf 'code,name,function\nA1,市教育局,2050101\n' > ag.csv
cat > pj.csv <<'X'
code,agency,name,kind,tier,function,new
P0,A1,校舍维护,operation,operations,2050101,n
P1,A1,教学设备更新,operation,operations,2050101,y
P2,A1,新校区建设,operation,operations,2050101,y
X
cat > it.csv <<'X'
project,seq,content,economic,standard,unit,price,quantity
P0,1,维修,30213,,项,20000,1
P1,1,粉笔,30201,S1,盒,30,1
P2,1,土建,30213,,项,6000000,1
X
printf 'project,year,amount\nP0,2027,50000\nP1,2027,60000\n' > pl.csv
printf 'code,name,kind,amount\nF1,一般公共预算,general,1000000\n' > src.csv
printf 'code,name,economic,unit,max_price\nS1,粉笔,30201,盒,20\n' > st.csv
for k in ag:agencies st:standards pj:projects it:items pl:plans src:sources; do expect_exit 0 "$ZBB" import ${k#*:} ${k%%:*}.csv; done

expect_exit 1 "$ZBB" check
# P1: 30 yuan asked, the standard allows 20: amounts this small are said in 元
contains "$out" "P1 教学设备更新（保运转）申报 30.00 元，核定 20.00 元"
contains "$out" "（核减 10.00 元）"
contains "$out" "未经评估不予安排：请委托评估机构开展事前绩效评估，再用 zbb import evaluations 导入评估结论"

expect_exit 1 "$ZBB" allocate
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "one line: $err"
# P1 is of tier operations: refused, it is also a shortfall of the guarantees; one line says both
[ "$err" = "zbb: 三保缺口 20.00 元：保工资、保基本民生、保运转的审核数未能全部安排（SHORTFALL）；1 个新增项目超过财政承受能力，20.00 元未安排（OVER_AFFORDABILITY：P1）（见 zbb report cuts、zbb explain 项目）" ] || fail "allocate: $err"
expect_exit 0 "$ZBB" explain P1
contains "$out" "项目 P1 的中期财政规划 2027 年安排 60,000.00 元，加上当年已有支出责任 50,000.00 元共 110,000.00 元，超过财政承受能力上限 100,000.00 元（当年计划支出 1,000,000.00 元 × 0.1），不予安排（OVER_AFFORDABILITY）"
expect_exit 0 "$ZBB" --format json explain P1
python3 - "$out" <<'PY' || fail "explain json: $out"
import json, sys
d = json.loads(sys.argv[1])
a = d["items"][0]["allocation"]["package"]["affordability"]
assert (a["year"], a["line_fen"], a["committed_fen"], a["plan_fen"]) == (2027, 10000000, 5000000, 6000000), a
PY

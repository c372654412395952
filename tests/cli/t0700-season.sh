# The budget season (SPEC §11): the state machine as a table (state × action × role →
# new state or refusal) run through the CLI, then submit's refusals (items, OVER_CONTROL at
# the exact boundary), return's opinion, issue from controls and from a scenario, the
# snapshots and the audit entries.
. "$TOP/tests/cli/lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 (the command-line shell) is not installed"
state_of() { sqlite3 "$1" "SELECT coalesce((SELECT state || '@' || round FROM season WHERE agency='$2'), 'draft@1')"; }
audits() { sqlite3 "$1" "SELECT count(*) FROM audit"; }

# --- two base books: A1..A4 in round 1 (draft, submitted, returned, accepted) and
# A1..A5 in round 2 (draft, submitted, returned, accepted, approved) ----------------------
cat > agencies.csv <<'CSV'
code,name
A1,市教育局
A2,市卫生健康委
A3,市民政局
A4,市交通运输局
A5,市水利局
X9,市文旅局
CSV
cat > projects.csv <<'CSV'
code,agency,name,kind,tier,function
P1,A1,学校运转,specific,general,2050201
P2,A2,医院设备,specific,general,2100201
P3,A3,养老服务,specific,general,2080201
P4,A4,道路养护,specific,general,2140101
P5,A5,河道整治,specific,general,2130301
P9,X9,文化活动,specific,general,2070101
CSV
# requested: P1 1000.50 × 3 = 3001.50 yuan; the others 100 × 1
cat > items.csv <<'CSV'
project,seq,content,economic,unit,price,quantity
P1,1,办公用品,30201,批,1000.50,3
P2,1,监护仪,31002,台,100,1
P3,1,护理床,31002,张,100,1
P4,1,沥青,30213,吨,100,1
P5,1,清淤,30213,次,100,1
P9,1,演出,30227,场,100,1
CSV
cat > controls.csv <<'CSV'
agency,round,amount,note
A1,2,3001.50,与申报数相同
A2,2,100,
A3,2,100,
A4,2,100,
A5,2,100,
X9,2,100,
CSV
new_book 2026
for k in agencies projects items; do "$ZBB" import $k $k.csv >/dev/null || fail "import $k"; done
for a in A1 A2 A3 A4 A5 X9; do
  "$ZBB" user add u$a --role agency --agency $a --password-stdin <<< 'agency-pass-1' >/dev/null || fail "user u$a"
done
"$ZBB" user add rev --role reviewer --password-stdin <<< 'review-pass-1' >/dev/null || fail "user rev"
"$ZBB" user add bud --role budget --password-stdin <<< 'budget-pass-1' >/dev/null || fail "user bud"
"$ZBB" user add view --role viewer --password-stdin <<< 'viewer-pass-1' >/dev/null || fail "user view"
"$ZBB" user add adm --role admin --password-stdin <<< 'admin-pass-01' >/dev/null || fail "user adm"
cp book.db fresh.db
# round 1: A2 submitted, A3 returned, A4 accepted
"$ZBB" submit A2 --as uA2 >/dev/null && "$ZBB" submit A3 --as uA3 >/dev/null && "$ZBB" submit A4 --as uA4 >/dev/null \
  && "$ZBB" return A3 --opinion 请补充依据 --as rev >/dev/null && "$ZBB" accept A4 --as bud >/dev/null || fail "round 1 set-up"
cp book.db r1.db
# round 2: everyone accepted in round 1, control numbers issued, then A2 submitted, A3
# returned, A4 accepted, A5 approved
cp fresh.db book.db
"$ZBB" import controls controls.csv >/dev/null || fail "import controls"
for a in A1 A2 A3 A4 A5 X9; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
"$ZBB" issue --round 2 --as bud >/dev/null || fail "issue"
"$ZBB" submit A2 --as uA2 >/dev/null && "$ZBB" submit A3 --as uA3 >/dev/null && "$ZBB" submit A4 --as uA4 >/dev/null \
  && "$ZBB" submit A5 --as uA5 >/dev/null && "$ZBB" return A3 --opinion 压减 --as bud >/dev/null \
  && "$ZBB" accept A4 --as bud >/dev/null && "$ZBB" accept A5 --as bud >/dev/null && "$ZBB" approve A5 --as bud >/dev/null \
  || fail "round 2 set-up"
cp book.db r2.db
[ "$(state_of r1.db A3)" = returned@1 ] || fail "r1 A3: $(state_of r1.db A3)"
[ "$(state_of r2.db A5)" = approved@2 ] || fail "r2 A5: $(state_of r2.db A5)"

# --- season-1 the table ---------------------------------------------------------------------
# book agency action : agency-user reviewer budget viewer admin
#   a state@round is the new state; "role" a refusal for the role (无权 …), "state" a
#   refusal naming the agency's state.  Worked out from the table of SPEC §11.
table='
r1 A1 submit   submitted@1 role role role role
r1 A1 return   role state state role role
r1 A1 accept   role role state role role
r1 A1 approve  role role state role role
r1 A2 submit   state role role role role
r1 A2 return   role returned@1 returned@1 role role
r1 A2 accept   role role accepted@1 role role
r1 A2 approve  role role state role role
r1 A3 submit   submitted@1 role role role role
r1 A3 return   role state state role role
r1 A3 accept   role role state role role
r1 A3 approve  role role state role role
r1 A4 submit   state role role role role
r1 A4 return   role state state role role
r1 A4 accept   role role state role role
r1 A4 approve  role role state role role
r2 A1 submit   submitted@2 role role role role
r2 A1 return   role state state role role
r2 A1 accept   role role state role role
r2 A1 approve  role role state role role
r2 A2 submit   state role role role role
r2 A2 return   role returned@2 returned@2 role role
r2 A2 accept   role role accepted@2 role role
r2 A2 approve  role role state role role
r2 A3 submit   submitted@2 role role role role
r2 A3 return   role state state role role
r2 A3 accept   role role state role role
r2 A3 approve  role role state role role
r2 A4 submit   state role role role role
r2 A4 return   role state state role role
r2 A4 accept   role role state role role
r2 A4 approve  role role approved@2 role role
r2 A5 submit   state role role role role
r2 A5 return   role state state role role
r2 A5 accept   role role state role role
r2 A5 approve  role role state role role
'
n=0
while read -r bk ag action want_ag want_rev want_bud want_view want_adm; do
  [ -n "$bk" ] || continue
  i=0
  for user in u$ag rev bud view adm; do
    wants=($want_ag $want_rev $want_bud $want_view $want_adm); want=${wants[$i]}; i=$((i + 1))
    cp $bk.db work.db
    before=$(state_of work.db $ag); na=$(audits work.db)
    extra=(); [ "$action" = return ] && extra=(--opinion 请补充测算依据)
    out=$(ZBB_BOOK=$PWD/work.db "$ZBB" $action $ag --as $user "${extra[@]}" 2>err.txt); rc=$?; err=$(cat err.txt)
    after=$(state_of work.db $ag); nb=$(audits work.db)
    case $want in
      role|state)
        [ $rc -eq 2 ] || fail "season-1 $bk $ag $action as $user: exit $rc, wanted 2 ($want): $out"
        [ "$after" = "$before" ] || fail "season-1 $bk $ag $action as $user: refused but $before → $after"
        [ "$nb" -eq "$na" ] || fail "season-1 $bk $ag $action as $user: refused but an audit entry"
        if [ $want = role ]; then contains "$err" "无权"; else
          contains "$err" "处于"; st=${before%@*}
          case $st in draft) w=编制中;; submitted) w=已送审;; returned) w=已退回;; accepted) w=已审核;; approved) w=已批复;; esac
          contains "$err" "$w"; fi ;;
      *)
        [ $rc -eq 0 ] || fail "season-1 $bk $ag $action as $user: exit $rc, wanted $want: $err"
        [ "$after" = "$want" ] || fail "season-1 $bk $ag $action as $user: $after, wanted $want"
        [ "$nb" -eq $((na + 1)) ] || fail "season-1 $bk $ag $action as $user: $((nb - na)) audit entries"
        e=$(sqlite3 work.db "SELECT \"user\" || ' ' || action || ' ' || object FROM audit ORDER BY id DESC LIMIT 1")
        [ "$e" = "$user season.$action $ag" ] || fail "season-1 audit entry: $e" ;;
    esac
    n=$((n + 1))
  done
done <<< "$table"
[ $n -eq 180 ] || fail "season-1 ran $n cells"

# season-1.2 an agency user acts on its own agency only; the operator (no --as) may act
cp r1.db work.db; export ZBB_BOOK=$PWD/work.db
expect_exit 2 "$ZBB" submit A1 --as uX9
contains "$err" "没有单位 A1"
expect_exit 2 "$ZBB" submit A1 --as nobody
contains "$err" "nobody"
expect_exit 2 "$ZBB" submit ZZ
contains "$err" "没有单位 ZZ"
expect_exit 0 "$ZBB" submit A1
contains "$out" "已送审"
# season-1.3 a stale version is refused, the current one goes through
v=$(sqlite3 work.db "SELECT version FROM season WHERE agency='A1'")
expect_exit 2 "$ZBB" accept A1 --version $((v - 1))
contains "$err" "当前版本 $v"
expect_exit 0 "$ZBB" accept A1 --version $v
[ "$(state_of work.db A1)" = accepted@1 ] || fail "season-1.3"

# --- season-2 submit's refusals ---------------------------------------------------------------
# season-2.1 a project without items
cp fresh.db work.db
printf 'code,agency,name,kind,tier,function\nP1B,A1,空项目,specific,general,2050201\n' > empty.csv
"$ZBB" import projects empty.csv >/dev/null || fail "import empty"
expect_exit 2 "$ZBB" submit A1
contains "$err" "P1B"
contains "$err" "没有明细"
[ "$(state_of work.db A1)" = draft@1 ] || fail "season-2.1 state"
# season-2.2 OVER_CONTROL at the exact boundary: A1 asks 3001.50 yuan
cp r2.db work.db
expect_exit 0 "$ZBB" submit A1                     # control 3001.50: equal passes
cp fresh.db work.db
sed 's/^A1,2,3001.50,/A1,2,3001.49,/' controls.csv > controls-1.csv
"$ZBB" import controls controls-1.csv >/dev/null || fail "import controls-1"
for a in A1 A2 A3 A4 A5 X9; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
"$ZBB" issue --round 2 >/dev/null || fail "issue"
na=$(audits work.db)
expect_exit 2 "$ZBB" submit A1                     # one fen over refuses
contains "$err" "OVER_CONTROL"
contains "$err" "3,001.50"
contains "$err" "3,001.49"
contains "$err" "超出 0.01 元"
[ "$(state_of work.db A1)" = draft@2 ] || fail "season-2.2 state"
[ "$(audits work.db)" -eq "$na" ] || fail "season-2.2 audit"
# … and the agency fixes its request: quantity 2 → 2001.00 yuan goes through
printf 'project,seq,content,economic,unit,price,quantity\nP1,1,办公用品,30201,批,1000.50,2\n' > fix.csv
"$ZBB" import items fix.csv >/dev/null || fail "import fix"
expect_exit 0 "$ZBB" submit A1
expect_exit 0 "$ZBB" --format json season --agency A1
contains "$out" '"requested_fen": 200100'
contains "$out" '"control_fen": 300149'
contains "$out" '"state": "submitted"'

# --- season-3 return and its opinion ----------------------------------------------------------
cp r1.db work.db
expect_exit 2 "$ZBB" return A2                       # no opinion
contains "$err" "审核意见"
expect_exit 2 "$ZBB" return A2 --opinion "  "
expect_exit 2 "$ZBB" return P1 --opinion 不是本单位     # P1 is A1's, and A1 is a draft
expect_exit 2 "$ZBB" return A2 P1 --opinion 两个单位
contains "$err" "一个单位"
expect_exit 0 "$ZBB" return P2 --opinion "监护仪单价高于标准，请按标准重报" --as rev
contains "$out" "已退回"
expect_exit 0 "$ZBB" --format json season --agency A2
contains "$out" '"opinion": "监护仪单价高于标准，请按标准重报"'
contains "$out" '"projects": ['
contains "$out" '"P2"'
contains "$out" '"who": "rev"'
expect_exit 0 "$ZBB" season
contains "$out" "监护仪单价高于标准，请按标准重报（P2）"
# the opinion stays until the agency submits again
expect_exit 0 "$ZBB" submit A2 --as uA2
expect_exit 0 "$ZBB" --format json season --agency A2
contains "$out" '"opinions": []'
e=$(sqlite3 work.db "SELECT after_json FROM audit WHERE action='season.return' ORDER BY id DESC LIMIT 1")
contains "$e" "监护仪单价高于标准"
contains "$e" '"state":"returned"'

# --- season-4 issue ---------------------------------------------------------------------------
cp r1.db work.db
na=$(audits work.db)
expect_exit 2 "$ZBB" issue --round 2                 # A1..A3 and X9 not yet accepted
contains "$err" "A1"
contains "$err" "编制中"
expect_exit 2 "$ZBB" issue --round 4
expect_exit 2 "$ZBB" issue
expect_exit 2 "$ZBB" issue --round 2 --as rev
contains "$err" "无权"
[ "$(audits work.db)" -eq "$na" ] || fail "season-4 refusals left entries"
# season-4.1 without controls rows an agency has no control number
cp fresh.db work.db
for a in A1 A2 A3 A4 A5 X9; do "$ZBB" submit $a >/dev/null && "$ZBB" accept $a >/dev/null || fail "round 1 of $a"; done
cp work.db accepted.db
expect_exit 2 "$ZBB" issue --round 2
contains "$err" "没有第 2 轮的控制数"
[ "$(state_of work.db A1)" = accepted@1 ] || fail "season-4.1 state"
# season-4.2 from a scenario: each agency's funded total.  Funds: 250 yuan of general money;
# everything is a general-tier project without basis … so NO_BASIS zeroes them all: the
# control numbers are 0.  With bases registered, the projects are funded in code order as
# far as the money goes (SPEC §6): P1 3001.50 does not fit in 250, P2..P9 100 each …
printf 'code,name,kind,amount\nG1,一般公共预算,general,0\n' > sources.csv
"$ZBB" import sources sources.csv >/dev/null || fail "import sources"
"$ZBB" allocate --scenario s0 >/dev/null; rc=$?
[ $rc -le 1 ] || fail "allocate s0: $rc"
expect_exit 2 "$ZBB" issue --round 2 --scenario nosuch
contains "$err" "nosuch"
expect_exit 0 "$ZBB" issue --round 2 --scenario s0
contains "$out" "市教育局（A1）：第 2 轮控制数 0.00 元"
[ "$(state_of work.db A1)" = draft@2 ] || fail "season-4.2 state"
o=$(sqlite3 work.db "SELECT group_concat(agency || ':' || control_fen || ':' || origin, ' ') FROM season_rounds")
[ "$o" = "A1:0:s0 A2:0:s0 A3:0:s0 A4:0:s0 A5:0:s0 X9:0:s0" ] || fail "season-4.2 controls: $o"
e=$(sqlite3 work.db "SELECT action || ' ' || object FROM audit ORDER BY id DESC LIMIT 1")
[ "$e" = "season.issue round 2" ] || fail "season-4.2 audit: $e"
# never issued twice
expect_exit 2 "$ZBB" issue --round 2 --scenario s0
# season-4.3 a funded scenario: projects with a basis, 20,000 yuan of general money
cp accepted.db work.db
printf 'code,title,level,valid_from\nB1,实施方案,municipal,2020-01-01\n' > bases.csv
"$ZBB" import bases bases.csv >/dev/null || fail "import bases"
awk -F, 'NR==1{print $0",basis"; next}{print $0",B1"}' projects.csv > pb.csv
"$ZBB" import projects pb.csv >/dev/null || fail "import pb"
printf 'code,name,kind,amount\nG1,一般公共预算,general,20000\n' > sources.csv
"$ZBB" import sources sources.csv >/dev/null || fail "import sources"
"$ZBB" allocate --scenario s1 >/dev/null; rc=$?
[ $rc -le 1 ] || fail "allocate s1: $rc"
f=$(sqlite3 work.db "SELECT group_concat(agency || ':' || funded_fen, ' ') FROM (SELECT * FROM scenario_results WHERE scenario = 's1' ORDER BY agency) q")
expect_exit 0 "$ZBB" --format json issue --round 2 --scenario s1
# every request fits in 20,000 yuan: each control number is the agency's request
contains "$out" '"control_fen": 300150'
o=$(sqlite3 work.db "SELECT group_concat(agency || ':' || control_fen, ' ') FROM season_rounds")
[ "$o" = "A1:300150 A2:10000 A3:10000 A4:10000 A5:10000 X9:10000" ] || fail "season-4.3 controls: $o (funded $f)"
# season-4.4 three rounds: approve is refused in round 2, issue --round 3 opens round 3
cp r2.db work.db
"$ZBB" set rounds 3 >/dev/null || fail "set rounds"
expect_exit 2 "$ZBB" approve A4
contains "$err" "第 2 轮，共 3 轮"
contains "$err" "下达控制数"
expect_exit 2 "$ZBB" set rounds 4

# --- season-5 snapshots ----------------------------------------------------------------------
cp r2.db work.db
# A3: submitted in round 1 (the table's set-up), in round 2, returned, not yet again
n=$(sqlite3 work.db "SELECT count(*) FROM season_events WHERE agency='A3' AND action='submit'")
[ "$n" -eq 2 ] || fail "season-5 A3 submits: $n"
s=$(sqlite3 work.db "SELECT group_concat(e.round || ':' || s.project || '/' || s.seq || ':' || s.price_fen || 'x' || s.quantity, ' ') FROM season_snapshots s JOIN season_events e ON e.id = s.event WHERE e.agency = 'A1'")
[ "$s" = "1:P1/1:100050x30000" ] || fail "season-5 A1 snapshot: $s"
r=$(sqlite3 work.db "SELECT group_concat(round || ':' || requested_fen || ':' || coalesce(CAST(control_fen AS TEXT), '-'), ' ') FROM season_events WHERE agency='A2' AND action='submit'")
[ "$r" = "1:10000:- 2:10000:10000" ] || fail "season-5 A2 submits: $r"

# --- season-6 words: help, English --------------------------------------------------------------
for c in season submit return accept issue approve; do
  expect_exit 0 "$ZBB" help $c
  contains "$out" "$c"
done
cp r1.db work.db
expect_exit 2 "$ZBB" --lang en submit A2
contains "$err" "is submitted (round 1 of 2): cannot submit"
expect_exit 0 "$ZBB" audit verify
echo "season: ok"

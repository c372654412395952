# zbb demo runs the budget season (SPEC §11) on the demo city through the
# ordinary transitions: every agency submits in round 1, every seventh one
# (from the fourth) is returned once with an opinion and submits again, all
# are accepted, round 2's control numbers are the base scenario's funded
# amounts per agency, each agency meets its control number and is approved.
# --stage stops it earlier; a demo into a book whose season began is refused.
. "$TOP/tests/cli/lib.sh"
expect_exit 2 "$ZBB" --book x.db demo --stage nope
{ [ ! -e x.db ] || { on_pg && ! "$ZBB" --book x.db info >/dev/null 2>&1; }; } || fail "a bad --stage created the book"

py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); exec(sys.argv[2])" "$@"; }

# --stage draft: no season at all
expect_exit 0 "$ZBB" --book d.db demo --stage draft
expect_exit 0 "$ZBB" --book d.db --format json season
printf '%s' "$out" > d.json
py d.json 'a=d["agencies"]; assert len(a) > 100, len(a); assert all(x["state"]=="draft" and x["round"]==1 and x["version"]==0 for x in a), "not all draft"' || fail "--stage draft"

# --stage submitted: every agency submitted in round 1, nothing else
expect_exit 0 "$ZBB" --book s.db demo --stage submitted
expect_exit 0 "$ZBB" --book s.db --format json season
printf '%s' "$out" > s.json
py s.json 'a=d["agencies"]; assert all(x["state"]=="submitted" and x["round"]==1 and x["version"]==1 for x in a), [x for x in a if x["state"]!="submitted"][:2]' || fail "--stage submitted"

# --stage returned: agencies 4, 11, 18 … (in code order) returned with an opinion
expect_exit 0 "$ZBB" --book r.db demo --stage returned
contains "$out" "退回一次并附审核意见"
expect_exit 0 "$ZBB" --book r.db --format json season
printf '%s' "$out" > r.json
py r.json '
a=d["agencies"]
want=set(range(3, len(a), 7))
for i,x in enumerate(a):
    if i in want:
        assert x["state"]=="returned", (i, x["state"])
        assert len(x["opinions"])==1 and x["opinions"][0]["opinion"].strip(), x["opinions"]
        assert x["opinions"][0]["round"]==1
    else:
        assert x["state"]=="submitted" and not x["opinions"], (i, x["state"])
# some opinions name a project of the agency, some the whole agency
named=[x for i,x in enumerate(a) if i in want and x["opinions"][0]["projects"]]
assert 0 < len(named) < len(want), len(named)
print(len(want))' > n_returned || fail "--stage returned"
n_ret=$(cat n_returned)
contains "$(cat r.json)" "请按标准重新测算"

# the whole season (the default): all approved in round 2, each within its
# control number, which is the base scenario's funded amount of the agency
expect_exit 0 "$ZBB" --book a.db demo
contains "$out" "$n_ret 个退回一次并附审核意见"
expect_exit 0 "$ZBB" --book a.db --format json season
printf '%s' "$out" > a.json
expect_exit 0 "$ZBB" --book a.db --format json report agencies --scenario base
printf '%s' "$out" > ag.json
py a.json '
a=d["agencies"]
ag=json.load(open("ag.json"))
rows=ag["rows"] if isinstance(ag, dict) and "rows" in ag else ag
funded={r["code"]: r["funded_fen"] for r in rows if "code" in r and "funded_fen" in r}
assert funded, "no funded amounts in report agencies: %r" % (rows[:1],)
for x in a:
    assert x["state"]=="approved" and x["round"]==2, (x["agency"], x["state"], x["round"])
    c=x["control_fen"]; r=x["requested_fen"]
    assert c == funded[x["agency"]], (x["agency"], c, funded[x["agency"]])
    assert r <= c, (x["agency"], r, c)
    assert r * 100 >= c * 99 or r == 0, (x["agency"], r, c)   # met, not gutted
    assert x["controls"] == {"2": c}
' || fail "the approved season"

# 二下: the approved requests allocated as scenario final, fresh; base kept as the 一下
expect_exit 0 "$ZBB" --book a.db --format json report agencies --scenario final
printf '%s' "$out" > fin.json
py fin.json '
# a fresh scenario is its rows alone; a stale one comes wrapped with "stale": true
assert isinstance(d, list) or d.get("stale") is False, d.get("stale")
rows = d if isinstance(d, list) else d["rows"]
a={x["agency"]: x for x in json.load(open("a.json"))["agencies"]}
assert sum(1 for r in rows if r.get("code") in a) == len(a)
for r in rows:
    if r.get("code") in a:
        assert r["requested_fen"] == a[r["code"]]["requested_fen"], (r["code"], r["requested_fen"], a[r["code"]]["requested_fen"])
' || fail "the final scenario"

# every transition is audited: per agency submit ×2 (+1 for the returned),
# accept ×2, approve; the returns; one issue; the revisions
expect_exit 0 "$ZBB" --book a.db --format json audit list
printf '%s' "$out" > audit.json
py audit.json '
import collections
n=len(json.load(open("a.json"))["agencies"])
e=d["entries"] if isinstance(d, dict) else d
c=collections.Counter(x["action"] for x in e)
want={"season.submit": 2*n + '"$n_ret"', "season.return": '"$n_ret"', "season.accept": 2*n, "season.issue": 1, "season.approve": n,
      "scenario.allocate": 1}
for k,v in want.items():
    assert c[k]==v, (k, c[k], v)
assert 0 < c["demo.revise"] <= n, c["demo.revise"]
' || fail "the audit of the season"
expect_exit 0 "$ZBB" --book a.db audit verify

# the rounds report shows both rounds and the opinions
expect_exit 0 "$ZBB" --book a.db report rounds
contains "$out" "已批复"
contains "$out" "绩效目标不够明确"

# a second demo into a book whose season began is refused and changes nothing
expect_exit 0 "$ZBB" --book a.db --format json info
before=$out
expect_exit 2 "$ZBB" --book a.db demo
contains "$err" "预算编制流程已经开始"
expect_exit 0 "$ZBB" --book a.db --format json info
[ "$out" = "$before" ] || fail "a refused demo changed the book"

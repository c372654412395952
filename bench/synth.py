#!/usr/bin/env python3
"""bench/synth.py - a synthetic city book for measuring the rules engine.

Writes the input CSVs of SPEC §4 for a city of about 120×N agencies,
3,000×N projects and 60,000×N items (the shape of `zbb demo --scale N`),
with every rule of SPEC §5 firing somewhere, then imports them with zbb.
Deterministic: the same scale gives the same book.  Not the demo: names are
plain and the numbers are only plausible.

    bench/synth.py --scale 1 --book /tmp/s1.db [--zbb build/zbb] [--csv-only DIR]
"""
import argparse, os, random, subprocess, sys, tempfile

ECON = ["30201", "30202", "30205", "30206", "30207", "30211", "30213", "30215", "30216",
        "30217", "30226", "30227", "30299", "31002", "31003", "31007", "30101", "30102"]
WORDS = ["办公用品", "打印耗材", "台式计算机", "笔记本电脑", "会议室租用", "专家咨询", "培训讲师",
         "差旅交通", "设备维修", "网络运维", "软件许可", "宣传资料", "课题研究", "物业服务",
         "水电费", "邮寄费", "庆典活动", "公务接待", "劳务派遣", "检测服务"]
FUNCS = ["2010101", "2050201", "2080101", "2100101", "2120101", "2130101", "2140101", "2040101"]


def w(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def gen(scale, d, year):
    rnd = random.Random(20260101 + scale)
    n_ag, n_pr = 120 * scale, 3000 * scale
    ags = [("A%05d" % i, "单位%d" % i, rnd.randint(0, 300)) for i in range(n_ag)]
    w(f"{d}/agencies.csv", ["code", "name", "headcount"], ags)
    bases = [("B%03d" % i, "文件%d" % i, "municipal", "2020-01-01",
              "2025-12-31" if i % 10 == 0 else "") for i in range(60)]
    w(f"{d}/bases.csv", ["code", "title", "level", "valid_from", "valid_to"], bases)
    stds = []
    for i, e in enumerate(ECON[:16]):
        stds.append(("S%02d" % i, "标准%d" % i, e, "件", rnd.choice([500, 1000, 3000, 6000]),
                     rnd.choice(["", "", "1", "2.5"]), "", "2020-01-01" if i != 5 else "2019-01-01",
                     "" if i != 5 else "2025-12-31"))
    w(f"{d}/standards.csv", ["code", "name", "economic", "unit", "max_price", "quota_per_head", "basis",
                             "valid_from", "valid_to"], stds)
    w(f"{d}/priorities.csv", ["code", "name", "rank"], [("PR%02d" % i, "大事%d" % i, i + 1) for i in range(20)])
    w(f"{d}/negative.csv", ["code", "description", "economic", "keyword", "scope"],
      [("N1", "公务接待", "30217", "", "all"), ("N2", "庆典", "", "庆典", "major"),
       ("N3", "奖金", "30103", "", "all"), ("N4", "礼品", "", "礼品", "all")])
    w(f"{d}/pools.csv", ["code", "name", "economic"], [("P1", "信息化", "31002;31007"), ("P2", "会议培训", "30215;30216")])
    w(f"{d}/prices.csv", ["pool", "standard", "price"],
      [("P1", "S13", 800), ("P1", "S15", 900), ("P2", "S07", 400), ("P2", "S08", 450)])
    projects, items, hist, evals, reviews, targets, plans = [], [], [], [], [], [], []
    for i in range(n_pr):
        code = "PJ%07d" % i
        ag = ags[rnd.randrange(n_ag)][0]
        kind = rnd.choices(["personnel", "operation", "specific"], [1, 2, 7])[0]
        tier = {"personnel": "wages", "operation": "operations"}.get(kind) or rnd.choice(
            ["livelihood", "major", "general", "general", "general"])
        new = "y" if rnd.random() < 0.3 else "n"
        basis = ";".join(rnd.sample([b[0] for b in bases], rnd.randint(1, 2))) if kind == "specific" else ""
        if kind == "specific" and rnd.random() < 0.02:
            basis = "BX99"
        prio = "PR%02d" % rnd.randrange(22) if tier == "major" else ""
        rigid = "y" if kind == "personnel" else rnd.choice(["n", "", "", "N", "否"])
        urgent = rnd.choice(["是", "yes", "n", "", "", "", "", "", "", "0"])
        projects.append((code, ag, "项目%d" % i, kind, tier, rnd.choice(FUNCS), new, basis, prio,
                         rnd.choice(["", "", "85.5", "70"]), rigid, urgent))
        n_items = max(1, int(rnd.expovariate(1 / 20)))
        for s in range(1, n_items + 1):
            e = rnd.choice(ECON)
            std = ""
            if rnd.random() < 0.7:
                cand = [x[0] for x in stds if e.startswith(x[2])]
                std = cand[0] if cand else ""
            if rnd.random() < 0.01:
                std = "S99"
            price = rnd.choice([200, 480, 1000, 2999.5, 3500, 7000, '"1,234.56"', 12.34, '"12,500"'])
            qty = rnd.randint(1, 40) if rnd.random() < 0.9 else rnd.choice(["2.5", "0.3333", "12.125", "7.0001"])
            items.append((code, s, rnd.choice(WORDS) + str(rnd.randrange(40)), e, std, "件",
                          price, qty, rnd.choice([1, 1, 1, 2, 3])))
            if rnd.random() < 0.03:
                act = rnd.choice(["adjust", "adjust", "cut", "approve"])
                reviews.append((code, s, 1, act, 900 if act == "adjust" else "", "", "评审意见", "张三"))
                if rnd.random() < 0.3:
                    reviews.append((code, s, 2, "adjust", "", rnd.randint(1, 50), "二上二下", "李四"))
        if new == "n" and rnd.random() < 0.8:
            for y in (year - 1, year - 2):
                b = rnd.randint(10000, 30000000)
                hist.append((y, ag, code, b, int(b * rnd.uniform(0.4, 1.05)), rnd.choice([0, 0, 0, 5000]),
                             rnd.choice(["", "", "75", "90.25"])))
        if new == "y" and rnd.random() < 0.5:
            c = rnd.choice(["support", "support", "partial", "reject"])
            evals.append((code, rnd.choice([80, 65.5, 92]), c, rnd.choice(["0.85", "0.7", "0.333333"]) if c == "partial" else ""))
        if rnd.random() < 0.02:
            reviews.append((code, "", 1, rnd.choice(["approve", "cut"]), "", "", "", ""))
        if kind == "specific" and rnd.random() < 0.9:
            targets.append((code, "output", "数量", "完成率", ">=", "95%", ""))
        if new == "y" and rnd.random() < 0.2:
            plans.append((code, year, rnd.randint(100000, 2000000)))
    w(f"{d}/projects.csv", ["code", "agency", "name", "kind", "tier", "function", "new", "basis", "priority", "score",
                                  "rigid", "urgent"], projects)
    w(f"{d}/items.csv", ["project", "seq", "content", "economic", "standard", "unit", "price", "quantity", "level"], items)
    w(f"{d}/history.csv", ["year", "agency", "project", "budget", "executed", "carryover", "score"], hist)
    w(f"{d}/evaluations.csv", ["project", "score", "conclusion", "ratio"], evals)
    w(f"{d}/reviews.csv", ["project", "seq", "round", "action", "price", "quantity", "reason", "reviewer"], reviews)
    w(f"{d}/targets.csv", ["project", "level1", "level2", "name", "operator", "value", "unit"], targets)
    w(f"{d}/plans.csv", ["project", "year", "amount"], plans)
    w(f"{d}/sources.csv", ["code", "name", "kind", "function", "amount"],
      [("G1", "一般公共预算", "general", "", 450000000 * scale), ("G2", "政府性基金调入", "general", "", 50000000 * scale),
       ("E1", "教育专项", "earmarked", "205", 5000000 * scale),
       ("E2", "卫生和农业专项", "earmarked", "210;2130101", 8000000 * scale)])
    return len(items)


KINDS = ["agencies", "bases", "standards", "priorities", "negative", "pools", "prices", "projects", "items",
         "history", "sources", "evaluations", "reviews", "targets", "plans"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--book", required=True)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--zbb", default=os.path.join(os.path.dirname(__file__), "..", "build", "zbb"))
    ap.add_argument("--csv-only")
    a = ap.parse_args()
    d = a.csv_only or tempfile.mkdtemp(prefix="zbb-synth-")
    os.makedirs(d, exist_ok=True)
    n = gen(a.scale, d, a.year)
    print(f"{n} items in {d}", file=sys.stderr)
    if a.csv_only:
        return
    if os.path.exists(a.book):
        os.remove(a.book)
    subprocess.run([a.zbb, "--book", a.book, "init", "--year", str(a.year)], check=True, stdout=subprocess.DEVNULL)
    for k in KINDS:
        subprocess.run([a.zbb, "--book", a.book, "import", k, f"{d}/{k}.csv"], check=True)


if __name__ == "__main__":
    main()

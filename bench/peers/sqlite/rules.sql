-- bench/peers/sqlite/rules.sql - SPEC §5 in SQLite's SQL (run by the
-- sqlite3 shell): the same set-based statements as the PostgreSQL peer.
-- SQLite has 64-bit integers only: the look-back's mean rate (which may
-- pass 2^63) is kept as exact decimal text with the shell's decimal
-- extension, and floor(A × num / den) is a float
-- estimate corrected to the exact floor with decimal_cmp (steps a10b, a11).
-- Books the fen exactly as src/rules.h documents.
DROP TABLE IF EXISTS econ; DROP TABLE IF EXISTS r_item; DROP TABLE IF EXISTS r_project;
-- facts that depend on an item's economic code alone
CREATE TABLE econ AS
SELECT e.economic,
  EXISTS (SELECT 1 FROM standards s, settings st WHERE s.valid_from <= st.jan1 AND st.jan1 <= s.valid_to
          AND substr(e.economic, 1, length(s.economic)) = s.economic) covered,
  (SELECT pp.pool FROM pool_prefixes pp WHERE substr(e.economic, 1, length(pp.prefix)) = pp.prefix ORDER BY length(pp.prefix) DESC, pp.pool LIMIT 1) pool,
  EXISTS (SELECT 1 FROM negative n WHERE n.scope = 'all' AND n.keyword IS NULL AND substr(e.economic, 1, length(n.economic)) = n.economic) neg_econ
FROM (SELECT DISTINCT economic FROM items) e;

CREATE TABLE r_item AS
WITH st AS (SELECT * FROM settings),
req AS (SELECT i.*, ((i.price_fen) * (i.qty) + 5000) / 10000 r FROM items i),
ptot AS (SELECT project, sum(r) rp FROM req GROUP BY project),
bref AS (
  SELECT p.code, count(*) n, count(*) FILTER (WHERE b.code IS NULL) n_unknown, count(b.code) n_known,
         count(*) FILTER (WHERE b.valid_from <= st.jan1 AND st.jan1 <= b.valid_to) n_valid
  FROM projects p CROSS JOIN st
  CROSS JOIN json_each('["' || replace(p.basis, ';', '","') || '"]') x
  LEFT JOIN bases b ON b.code = x.value
  WHERE p.kind = 'specific' AND x.value <> '' GROUP BY p.code),
rv AS (  -- the review in force: the highest round of each (project, seq)
  -- (SQLite: the bare columns of a max() aggregate come from the row with the max)
  SELECT project, seq, action, price_fen, qty, max(round) FROM reviews GROUP BY project, seq),
hr AS (SELECT h.project,
         max(h.budget_fen) FILTER (WHERE h.year = st.year - 1) b1,
         max(h.executed_fen) FILTER (WHERE h.year = st.year - 1) e1,
         max(h.budget_fen) FILTER (WHERE h.year = st.year - 2) b2,
         max(h.executed_fen) FILTER (WHERE h.year = st.year - 2) e2
       FROM history h CROSS JOIN st GROUP BY h.project),
proj AS (
  SELECT p.code, p.is_new, ag.headcount, ev.conclusion, ev.ratio,
    CASE
      WHEN p.kind = 'specific' AND (coalesce(bref.n, 0) = 0 OR bref.n_unknown > 0) THEN 'no_basis'
      WHEN p.kind = 'specific' AND bref.n_known > 0 AND bref.n_valid = 0 THEN 'no_basis'
      WHEN p.is_new AND coalesce(pt.rp, 0) >= st.eval_thr AND ev.project IS NULL THEN 'evaluation'
      WHEN ev.conclusion = 'reject' THEN 'evaluation'
      WHEN w.action = 'cut' THEN 'review'
      WHEN NOT p.is_new AND hr.b1 >= st.rereview_thr AND w.project IS NULL AND ev.project IS NULL THEN 'review'
    END gate,
    -- the look-back's mean rate num/den over the years with a budget (step 10)
    CASE WHEN NOT p.is_new THEN
      CASE WHEN hr.b1 > 0 AND hr.b2 > 0 THEN decimal_add(decimal_mul(hr.e1, hr.b2), decimal_mul(hr.e2, hr.b1))
           WHEN hr.b1 > 0 THEN decimal(hr.e1) WHEN hr.b2 > 0 THEN decimal(hr.e2) END END num,
    CASE WHEN hr.b1 > 0 AND hr.b2 > 0 THEN decimal_mul(2, decimal_mul(hr.b1, hr.b2))
         WHEN hr.b1 > 0 THEN decimal(hr.b1) WHEN hr.b2 > 0 THEN decimal(hr.b2) END den
  FROM projects p CROSS JOIN st
  JOIN agencies ag ON ag.code = p.agency
  LEFT JOIN ptot pt ON pt.project = p.code
  LEFT JOIN bref ON bref.code = p.code
  LEFT JOIN evaluations ev ON ev.project = p.code
  LEFT JOIN rv w ON w.project = p.code AND w.seq = 0
  LEFT JOIN hr ON hr.project = p.code),
proj2 AS (SELECT proj.*, decimal_cmp(num, den) < 0 AND decimal_cmp(decimal_mul(1000000, num), decimal_mul(st.low_ppm, den)) < 0 AS low
          FROM proj CROSS JOIN st),
-- steps 3-9, item by item
it AS (
  SELECT q.project, q.seq, q.level, q.r, q.qty, q.price_fen, p.gate, p.conclusion, p.ratio, p.low, p.num, p.den,
    s.code IS NOT NULL AS has_std, s.max_price_fen, s.quota * p.headcount AS cap,
    pr.price_fen AS pool_price, rv.action, rv.price_fen AS rv_price, rv.qty AS rv_qty,
    (e.neg_econ OR EXISTS (SELECT 1 FROM negative n WHERE n.scope = 'all' AND n.keyword IS NOT NULL
        AND (n.economic IS NULL OR substr(q.economic, 1, length(n.economic)) = n.economic) AND instr(q.content, n.keyword) > 0)) AS neg,
    CASE WHEN q.standard IS NOT NULL THEN s.code IS NULL OR NOT substr(q.economic, 1, length(s.economic)) = s.economic
           OR NOT (s.valid_from <= st.jan1 AND st.jan1 <= s.valid_to)
         ELSE e.covered END AS std_err
  FROM req q CROSS JOIN st
  JOIN proj2 p ON p.code = q.project
  JOIN econ e ON e.economic = q.economic
  LEFT JOIN standards s ON s.code = q.standard
  LEFT JOIN prices pr ON pr.pool = e.pool AND pr.standard = q.standard
  LEFT JOIN rv ON rv.project = q.project AND rv.seq = q.seq),
-- keeps each step a subquery scan: inlined, every later use of an
-- amount would copy its whole expression (exponentially, step over step)
a5 AS (SELECT it.*, CASE WHEN has_std AND price_fen > max_price_fen THEN max_price_fen ELSE price_fen END p5 FROM it),
a5b AS (SELECT a5.*, ((p5) * (qty) + 5000) / 10000 v5 FROM a5),
a6 AS (SELECT a5b.*, CASE WHEN has_std AND pool_price < p5 THEN pool_price ELSE p5 END p6 FROM a5b),
a6b AS (SELECT a6.*, CASE WHEN p6 < p5 THEN ((p6) * (qty) + 5000) / 10000 ELSE v5 END v6,
          CASE WHEN cap IS NOT NULL AND qty > cap THEN cap ELSE qty END q7 FROM a6),
a7 AS (SELECT a6b.*, CASE WHEN q7 < qty THEN ((p6) * (q7) + 5000) / 10000 ELSE v6 END v7 FROM a6b),
a8 AS (SELECT a7.*, CASE WHEN action = 'cut' THEN 0
                         WHEN action = 'adjust' THEN min(v7, ((coalesce(rv_price, p6)) * (coalesce(rv_qty, q7)) + 5000) / 10000)
                         ELSE v7 END v8 FROM a7),
a10 AS (SELECT a8.*, CASE WHEN conclusion = 'partial' AND ratio >= 0 AND ratio < 1000000
                          THEN (v8 * ratio) / 1000000 ELSE v8 END v9 FROM a8),
a10b AS (SELECT a10.*, CASE WHEN low THEN CAST(v9 * (CAST(num AS REAL) / CAST(den AS REAL)) AS INTEGER) END q0,
          CASE WHEN low THEN decimal_mul(v9, num) END vn FROM a10),
a11 AS (SELECT a10b.*, CASE WHEN NOT coalesce(low, 0) THEN v9
          WHEN decimal_cmp(decimal_mul(q0 + 1, den), vn) <= 0 THEN q0 + 1
          WHEN decimal_cmp(decimal_mul(q0, den), vn) > 0 THEN q0 - 1
          ELSE q0 END v10 FROM a10b)
SELECT project, seq, level, r requested,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v10 ELSE 0 END approved,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN r - v5 ELSE 0 END s_standard,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v6 - v7 ELSE 0 END s_quota,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v5 - v6 ELSE 0 END s_pool,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v7 - v8 WHEN gate = 'review' THEN r ELSE 0 END s_review,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v8 - v9 WHEN gate = 'evaluation' THEN r ELSE 0 END s_evaluation,
  CASE WHEN gate IS NULL AND NOT neg AND NOT std_err THEN v9 - v10 ELSE 0 END s_low_execution,
  CASE WHEN gate IS NULL AND neg THEN r ELSE 0 END s_negative,
  CASE WHEN gate = 'no_basis' THEN r ELSE 0 END s_no_basis,
  CASE WHEN gate IS NULL AND NOT neg AND std_err THEN r ELSE 0 END s_no_standard
FROM a11;

-- per project: the tier it is ranked in (a major one is demoted to general
-- when its priority is unknown or an item matches a scope=major entry)
CREATE TABLE r_project AS
WITH st AS (SELECT * FROM settings),
pl AS (SELECT pl.project,
         sum(amount_fen) FILTER (WHERE pl.year = st.year) p0, sum(amount_fen) FILTER (WHERE pl.year = st.year + 1) p1,
         sum(amount_fen) FILTER (WHERE pl.year = st.year + 2) p2
       FROM plans pl CROSS JOIN st WHERE pl.year BETWEEN st.year AND st.year + 2 GROUP BY pl.project),
hsc AS (SELECT h.project, h.score, max(h.year) FROM history h, st
        WHERE h.score IS NOT NULL AND h.year < st.year GROUP BY h.project)
SELECT row_number() OVER (ORDER BY p.code) pidx, p.code,
  CASE p.tier WHEN 'wages' THEN 0 WHEN 'livelihood' THEN 1 WHEN 'operations' THEN 2
    WHEN 'major' THEN CASE WHEN pr.code IS NULL OR EXISTS (
        SELECT 1 FROM items i JOIN negative n ON n.scope = 'major'
          AND (n.economic IS NOT NULL OR n.keyword IS NOT NULL)
          AND (n.economic IS NULL OR substr(i.economic, 1, length(n.economic)) = n.economic)
          AND (n.keyword IS NULL OR instr(i.content, n.keyword) > 0)
        WHERE i.project = p.code) THEN 4 ELSE 3 END
    ELSE 4 END tier_ord,
  pr.rank, coalesce(ev.score, p.score, hsc.score, 6000) score, p.urgent, p.is_new, pl.project IS NOT NULL has_plans,
  coalesce(pl.p0, 0) plan0, coalesce(pl.p1, 0) plan1, coalesce(pl.p2, 0) plan2, coalesce(h.carryover_fen, 0) carry,
  substr(p.function, 1, 3) GLOB '[0-9][0-9][0-9]' AND instr(st.livelihood, ',' || substr(p.function, 1, 3) || ',') > 0 livelihood, p.function
FROM projects p CROSS JOIN st
LEFT JOIN priorities pr ON pr.code = p.priority
LEFT JOIN evaluations ev ON ev.project = p.code
LEFT JOIN hsc ON hsc.project = p.code
LEFT JOIN history h ON h.project = p.code AND h.year = st.year - 1
LEFT JOIN pl ON pl.project = p.code;
ANALYZE;

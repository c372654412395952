-- bench/peers/pg/rules.sql - SPEC §5 in one set-based statement per table
-- (CREATE TABLE AS, so PostgreSQL may plan it in parallel): per-economic-
-- code facts, then every item's approved amount and what each cause
-- removed (r_item), then each project's ranking facts (r_project).
-- Books the fen exactly as src/rules.h documents.
\set ON_ERROR_STOP on
SET search_path = zbb;
SET client_min_messages = warning;
-- facts that depend on an item's economic code alone
DROP TABLE IF EXISTS econ, r_item, r_project;
CREATE UNLOGGED TABLE econ AS
SELECT e.economic,
  EXISTS (SELECT 1 FROM standards s, settings st WHERE s.valid_from <= st.jan1 AND st.jan1 <= s.valid_to
          AND starts_with(e.economic, s.economic)) covered,
  (SELECT pp.pool FROM pool_prefixes pp WHERE starts_with(e.economic, pp.prefix) ORDER BY length(pp.prefix) DESC, pp.pool COLLATE "C" LIMIT 1) pool,
  EXISTS (SELECT 1 FROM negative n WHERE n.scope = 'all' AND n.keyword IS NULL AND starts_with(e.economic, n.economic)) neg_econ
FROM (SELECT DISTINCT economic FROM items) e;
ANALYZE econ;

CREATE UNLOGGED TABLE r_item AS
WITH st AS (SELECT * FROM settings),
req AS (SELECT i.*, mulq(i.price_fen, i.qty) r FROM items i),
ptot AS (SELECT project, sum(r) rp FROM req GROUP BY project),
bref AS (
  SELECT p.code, count(*) n, count(*) FILTER (WHERE b.code IS NULL) n_unknown, count(b.code) n_known,
         count(*) FILTER (WHERE b.valid_from <= st.jan1 AND st.jan1 <= b.valid_to) n_valid
  FROM projects p CROSS JOIN st
  CROSS JOIN LATERAL unnest(string_to_array(p.basis, ';')) x(c)
  LEFT JOIN bases b ON b.code = x.c
  WHERE p.kind = 'specific' AND x.c <> '' GROUP BY p.code),
rv AS (  -- the review in force: the highest round of each (project, seq)
  SELECT DISTINCT ON (project, seq) project, seq, action, price_fen, qty FROM reviews ORDER BY project, seq, round DESC),
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
      CASE WHEN hr.b1 > 0 AND hr.b2 > 0 THEN hr.e1::numeric * hr.b2 + hr.e2::numeric * hr.b1
           WHEN hr.b1 > 0 THEN hr.e1::numeric WHEN hr.b2 > 0 THEN hr.e2::numeric END END num,
    CASE WHEN hr.b1 > 0 AND hr.b2 > 0 THEN 2 * hr.b1::numeric * hr.b2
         WHEN hr.b1 > 0 THEN hr.b1::numeric WHEN hr.b2 > 0 THEN hr.b2::numeric END den
  FROM projects p CROSS JOIN st
  JOIN agencies ag ON ag.code = p.agency
  LEFT JOIN ptot pt ON pt.project = p.code
  LEFT JOIN bref ON bref.code = p.code
  LEFT JOIN evaluations ev ON ev.project = p.code
  LEFT JOIN rv w ON w.project = p.code AND w.seq = 0
  LEFT JOIN hr ON hr.project = p.code),
proj2 AS (SELECT proj.*, num < den AND div(1000000 * num, den) < st.low_ppm AS low
          FROM proj CROSS JOIN st),
-- steps 3-9, item by item
it AS (
  SELECT q.project, q.seq, q.level, q.r, q.qty, q.price_fen, p.gate, p.conclusion, p.ratio, p.low, p.num, p.den,
    s.code IS NOT NULL AS has_std, s.max_price_fen, s.quota * p.headcount AS cap,
    pr.price_fen AS pool_price, rv.action, rv.price_fen AS rv_price, rv.qty AS rv_qty,
    (e.neg_econ OR EXISTS (SELECT 1 FROM negative n WHERE n.scope = 'all' AND n.keyword IS NOT NULL
        AND (n.economic IS NULL OR starts_with(q.economic, n.economic)) AND strpos(q.content, n.keyword) > 0)) AS neg,
    CASE WHEN q.standard IS NOT NULL THEN s.code IS NULL OR NOT starts_with(q.economic, s.economic)
           OR NOT (s.valid_from <= st.jan1 AND st.jan1 <= s.valid_to)
         ELSE e.covered END AS std_err
  FROM req q CROSS JOIN st
  JOIN proj2 p ON p.code = q.project
  JOIN econ e ON e.economic = q.economic
  LEFT JOIN standards s ON s.code = q.standard
  LEFT JOIN prices pr ON pr.pool = e.pool AND pr.standard = q.standard
  LEFT JOIN rv ON rv.project = q.project AND rv.seq = q.seq),
-- OFFSET 0 keeps each step a subquery scan: inlined, every later use of an
-- amount would copy its whole expression (exponentially, step over step)
a5 AS (SELECT it.*, CASE WHEN has_std AND price_fen > max_price_fen THEN max_price_fen ELSE price_fen END p5 FROM it OFFSET 0),
a5b AS (SELECT a5.*, mulq(p5, qty) v5 FROM a5 OFFSET 0),
a6 AS (SELECT a5b.*, CASE WHEN has_std AND pool_price < p5 THEN pool_price ELSE p5 END p6 FROM a5b OFFSET 0),
a6b AS (SELECT a6.*, CASE WHEN p6 < p5 THEN mulq(p6, qty) ELSE v5 END v6,
          CASE WHEN cap IS NOT NULL AND qty > cap THEN cap ELSE qty END q7 FROM a6 OFFSET 0),
a7 AS (SELECT a6b.*, CASE WHEN q7 < qty THEN mulq(p6, q7) ELSE v6 END v7 FROM a6b OFFSET 0),
a8 AS (SELECT a7.*, CASE WHEN action = 'cut' THEN 0
                         WHEN action = 'adjust' THEN least(v7, mulq(coalesce(rv_price, p6), coalesce(rv_qty, q7)))
                         ELSE v7 END v8 FROM a7 OFFSET 0),
a10 AS (SELECT a8.*, CASE WHEN conclusion = 'partial' AND ratio >= 0 AND ratio < 1000000
                          THEN (v8 * ratio) / 1000000 ELSE v8 END v9 FROM a8 OFFSET 0),
a11 AS (SELECT a10.*, CASE WHEN low THEN div(v9 * num, den)::bigint ELSE v9 END v10 FROM a10)
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
CREATE UNLOGGED TABLE r_project AS
WITH st AS (SELECT * FROM settings),
pl AS (SELECT pl.project,
         sum(amount_fen) FILTER (WHERE pl.year = st.year) p0, sum(amount_fen) FILTER (WHERE pl.year = st.year + 1) p1,
         sum(amount_fen) FILTER (WHERE pl.year = st.year + 2) p2
       FROM plans pl CROSS JOIN st WHERE pl.year BETWEEN st.year AND st.year + 2 GROUP BY pl.project),
hsc AS (SELECT DISTINCT ON (h.project) h.project, h.score FROM history h, st
        WHERE h.score IS NOT NULL AND h.year < st.year ORDER BY h.project, h.year DESC)
SELECT (row_number() OVER (ORDER BY p.code COLLATE "C"))::int pidx, p.code,
  CASE p.tier WHEN 'wages' THEN 0 WHEN 'livelihood' THEN 1 WHEN 'operations' THEN 2
    WHEN 'major' THEN CASE WHEN pr.code IS NULL OR EXISTS (
        SELECT 1 FROM items i JOIN negative n ON n.scope = 'major'
          AND (n.economic IS NOT NULL OR n.keyword IS NOT NULL)
          AND (n.economic IS NULL OR starts_with(i.economic, n.economic))
          AND (n.keyword IS NULL OR strpos(i.content, n.keyword) > 0)
        WHERE i.project = p.code) THEN 4 ELSE 3 END
    ELSE 4 END tier_ord,
  pr.rank, coalesce(ev.score, p.score, hsc.score, 6000) score, p.urgent, p.is_new, pl.project IS NOT NULL has_plans,
  coalesce(pl.p0, 0) plan0, coalesce(pl.p1, 0) plan1, coalesce(pl.p2, 0) plan2, coalesce(h.carryover_fen, 0) carry,
  substr(p.function, 1, 3) ~ '^[0-9]{3}$' AND substr(p.function, 1, 3)::int = ANY (st.livelihood) livelihood, p.function
FROM projects p CROSS JOIN st
LEFT JOIN priorities pr ON pr.code = p.priority
LEFT JOIN evaluations ev ON ev.project = p.code
LEFT JOIN hsc ON hsc.project = p.code
LEFT JOIN history h ON h.project = p.code AND h.year = st.year - 1
LEFT JOIN pl ON pl.project = p.code;
ANALYZE r_item, r_project;

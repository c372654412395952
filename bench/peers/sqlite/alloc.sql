-- bench/peers/sqlite/alloc.sql - SPEC §6 in SQLite: the greedy loop row by
-- row inside the engine.  SQLite has no procedural language and a
-- recursive CTE carries only one row of state (here the state is per
-- project and per source), so the loop is an AFTER INSERT trigger: the
-- packages are inserted into a_go in their order (INSERT … SELECT …
-- ORDER BY), and the trigger decides each one against the state tables
-- and books it.  alloc.c's choices: funded whole; carryover, then matching
-- earmarked, then general sources in code order; the affordability check
-- at a new project's first package.  Parameter: the a_param row (capacity,
-- -1 for the sources as they are).
DROP TABLE IF EXISTS a_proj; DROP TABLE IF EXISTS a_src; DROP TABLE IF EXISTS a_st; DROP TABLE IF EXISTS a_go;
DROP TABLE IF EXISTS a_dec; DROP TABLE IF EXISTS a_draw;
CREATE TABLE a_proj(pidx INTEGER PRIMARY KEY, is_new INT, has_plans INT, plan0 INT, plan1 INT, plan2 INT, carry INT,
  livelihood INT, ematch INT, funded_mask INT DEFAULT 0, over INT DEFAULT 0, checked INT DEFAULT 0);
INSERT INTO a_proj(pidx, is_new, has_plans, plan0, plan1, plan2, carry, livelihood, ematch)
SELECT rp.pidx, rp.is_new, rp.has_plans, rp.plan0, rp.plan1, rp.plan2, rp.carry, rp.livelihood,
  coalesce((SELECT sum(1 << (s.sidx - 1)) FROM (SELECT row_number() OVER (ORDER BY code) sidx, kind, function FROM sources) s
     WHERE s.kind = 'earmarked' AND EXISTS (SELECT 1 FROM json_each('["' || replace(s.function, ';', '","') || '"]') f
       WHERE f.value <> '' AND substr(rp.function, 1, length(f.value)) = f.value)), 0)
FROM r_project rp;
-- the sources as the scenario sees them (capacity fills general ones in code order, excess to the first)
CREATE TABLE a_src(sidx INTEGER PRIMARY KEY, earm INT, amount INT, left INT);
INSERT INTO a_src SELECT row_number() OVER (ORDER BY code), kind = 'earmarked', amount_fen, amount_fen FROM sources;
UPDATE a_src SET left = CASE WHEN earm THEN amount
  ELSE min(amount, max(0, (SELECT capacity FROM a_param) - coalesce((SELECT sum(g.amount) FROM a_src g
       WHERE NOT g.earm AND g.sidx < a_src.sidx), 0))) END
  WHERE (SELECT capacity FROM a_param) >= 0;
UPDATE a_src SET left = left + (SELECT capacity FROM a_param) - (SELECT sum(left) FROM a_src WHERE NOT earm)
  WHERE (SELECT capacity FROM a_param) >= 0 AND sidx = (SELECT min(sidx) FROM a_src WHERE NOT earm)
    AND (SELECT capacity FROM a_param) > (SELECT sum(left) FROM a_src WHERE NOT earm);
CREATE TABLE a_st(id INTEGER PRIMARY KEY, planned INT, ppm INT, commit0 INT, commit1 INT, commit2 INT,
  funded INT DEFAULT 0, livelihood INT DEFAULT 0, afford INT DEFAULT 0, cut INT DEFAULT 0);
INSERT INTO a_st(id, planned, ppm, commit0, commit1, commit2)
SELECT 1, (SELECT coalesce(sum(amount), 0) FROM a_src WHERE earm)
          + CASE WHEN (SELECT capacity FROM a_param) >= 0 THEN (SELECT capacity FROM a_param)
                 ELSE (SELECT coalesce(sum(amount), 0) FROM a_src WHERE NOT earm) END,
  (SELECT afford_ppm FROM settings),
  coalesce(sum(plan0), 0), coalesce(sum(plan1), 0), coalesce(sum(plan2), 0) FROM a_proj WHERE has_plans AND NOT is_new;
CREATE TABLE a_dec(id INTEGER PRIMARY KEY, d TEXT, need INT);
INSERT INTO a_dec VALUES (1, NULL, 0);
CREATE TABLE a_draw(sidx INTEGER PRIMARY KEY, amt INT);
CREATE TABLE a_go(turn INTEGER PRIMARY KEY, pidx INT, level INT, amount INT, lower_mask INT);

CREATE TRIGGER a_step AFTER INSERT ON a_go BEGIN
  -- the decision: refused before, ineligible, over affordability, too little money, or funded
  UPDATE a_dec SET d = (
    SELECT CASE
      WHEN p.over THEN 'afford'
      WHEN (p.funded_mask & NEW.lower_mask) <> NEW.lower_mask THEN 'cut'
      WHEN p.is_new AND p.has_plans AND p.checked = 0 AND (
           (p.plan0 > 0 AND decimal_cmp(decimal_mul(s.commit0 + p.plan0, 1000000), decimal_mul(s.ppm, s.planned)) > 0)
        OR (p.plan1 > 0 AND decimal_cmp(decimal_mul(s.commit1 + p.plan1, 1000000), decimal_mul(s.ppm, s.planned)) > 0)
        OR (p.plan2 > 0 AND decimal_cmp(decimal_mul(s.commit2 + p.plan2, 1000000), decimal_mul(s.ppm, s.planned)) > 0))
        THEN 'over'
      WHEN p.carry + (SELECT coalesce(sum(left), 0) FROM a_src WHERE NOT earm OR (p.ematch >> (sidx - 1)) & 1)
           < NEW.amount THEN 'cut'
      ELSE 'fund' END
    FROM a_proj p, a_st s WHERE p.pidx = NEW.pidx AND s.id = 1),
    need = NEW.amount - min(NEW.amount, (SELECT carry FROM a_proj WHERE pidx = NEW.pidx))
  WHERE id = 1;
  -- the draws of a funded package: waterfall over matching earmarked, then general sources
  DELETE FROM a_draw;
  INSERT INTO a_draw
  SELECT w.sidx, min(w.left, max(0, d.need - coalesce((SELECT sum(v.left) FROM a_src v
        WHERE (CASE WHEN v.earm THEN v.sidx ELSE 1000000 + v.sidx END) < w.pos
          AND (NOT v.earm OR (p.ematch >> (v.sidx - 1)) & 1)), 0)))
  FROM (SELECT sidx, left, CASE WHEN earm THEN sidx ELSE 1000000 + sidx END pos, earm FROM a_src) w, a_dec d, a_proj p
  WHERE d.d = 'fund' AND p.pidx = NEW.pidx AND (NOT w.earm OR (p.ematch >> (w.sidx - 1)) & 1);
  UPDATE a_src SET left = left - (SELECT amt FROM a_draw WHERE a_draw.sidx = a_src.sidx)
  WHERE sidx IN (SELECT sidx FROM a_draw WHERE amt > 0);
  UPDATE a_proj SET
    checked = CASE WHEN is_new AND has_plans AND checked = 0 THEN 1 ELSE checked END,
    over = over OR (SELECT d FROM a_dec) = 'over',
    funded_mask = CASE WHEN (SELECT d FROM a_dec) = 'fund' THEN funded_mask | (1 << (NEW.level - 1)) ELSE funded_mask END,
    carry = CASE WHEN (SELECT d FROM a_dec) = 'fund' THEN carry - min(carry, NEW.amount) ELSE carry END
  WHERE pidx = NEW.pidx;
  UPDATE a_st SET
    funded = funded + CASE WHEN (SELECT d FROM a_dec) = 'fund' THEN NEW.amount ELSE 0 END,
    livelihood = livelihood + CASE WHEN (SELECT d FROM a_dec) = 'fund' AND (SELECT livelihood FROM a_proj WHERE pidx = NEW.pidx)
                                   THEN NEW.amount ELSE 0 END,
    afford = afford + CASE WHEN (SELECT d FROM a_dec) IN ('afford', 'over') THEN NEW.amount ELSE 0 END,
    cut = cut + CASE WHEN (SELECT d FROM a_dec) = 'cut' THEN NEW.amount ELSE 0 END
  WHERE id = 1;
  -- a new project's plans become commitments when its first package is funded
  -- (correlated subqueries by pidx, not UPDATE … FROM: that may scan a_proj for every package)
  UPDATE a_st SET commit0 = commit0 + (SELECT plan0 FROM a_proj WHERE pidx = NEW.pidx),
    commit1 = commit1 + (SELECT plan1 FROM a_proj WHERE pidx = NEW.pidx),
    commit2 = commit2 + (SELECT plan2 FROM a_proj WHERE pidx = NEW.pidx)
  WHERE id = 1 AND (SELECT d FROM a_dec) = 'fund' AND (SELECT checked FROM a_proj WHERE pidx = NEW.pidx) = 1;
  UPDATE a_proj SET checked = 2 WHERE pidx = NEW.pidx AND checked = 1 AND (SELECT d FROM a_dec) = 'fund';
END;

INSERT INTO a_go(pidx, level, amount, lower_mask)
WITH pk AS (SELECT project, level, sum(approved) amount FROM r_item GROUP BY project, level HAVING sum(approved) > 0)
SELECT rp.pidx, pk.level, pk.amount,
  coalesce(sum(1 << (pk.level - 1)) OVER (PARTITION BY pk.project ORDER BY pk.level
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
FROM pk JOIN r_project rp ON rp.code = pk.project
ORDER BY rp.tier_ord, CASE WHEN rp.tier_ord = 3 THEN rp.rank END, CASE WHEN rp.tier_ord < 4 THEN rp.code END,
  pk.level, rp.urgent DESC, rp.score DESC, pk.amount, rp.code;

-- bench/peers/pg/pipeline.sql - SPEC §5 rules, §6 allocation and the §7
-- summary in PostgreSQL, as a bureau's SQL shop would write them: the rules
-- as one set-based statement (per-economic-code facts first, window
-- functions for the review in force), the greedy funding loop in PL/pgSQL
-- over the packages sorted by SQL.  Exact: bigint fen, numeric where a
-- product may pass 2^63 (the look-back's mean rate), div() for floors.
-- The fen booking follows src/rules.h and src/alloc.c choice for choice.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET check_function_bodies = off;  -- r_item is made by rules.sql
SET search_path = zbb;

CREATE OR REPLACE FUNCTION mulq(p bigint, q bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS
$$ SELECT (p * q + 5000) / 10000 $$;  -- price × quantity, half up (both >= 0)

CREATE TABLE IF NOT EXISTS settings(year int, jan1 date, eval_thr bigint, rereview_thr bigint, low_ppm int,
  afford_ppm int, livelihood int[]);
TRUNCATE settings;
INSERT INTO settings VALUES (2026, date '2026-01-01', 500000000, 2000000000, 800000, 100000,
  '{205,206,207,208,210,211,212,213,214,221}');
ANALYZE settings;

-- the rules themselves are top-level statements in rules.sql (so they may run in parallel)


-- SPEC §6: the greedy loop over the packages in their order.  Returns the
-- funded total, its livelihood part, and what affordability and capacity cut.
CREATE OR REPLACE FUNCTION zbb_alloc(capacity bigint, OUT funded bigint, OUT livelihood bigint,
  OUT afford bigint, OUT cut bigint) LANGUAGE plpgsql AS $f$
DECLARE
  n_src int; s int; k int;
  src_left bigint[]; src_earm bool[]; src_fn text[];
  cap_left bigint := capacity; first_general int := 0; planned numeric; total_earm bigint := 0; total_gen bigint := 0;
  n_proj int;
  carry bigint[]; funded_mask int[]; over bool[]; checked int[];
  commit0 bigint := 0; commit1 bigint := 0; commit2 bigint := 0;
  r record; p int; avail bigint; need bigint; d bigint; earm_mask int; ppm int;
  pmask int[];  -- per project: bit s set when earmarked source s matches its function
BEGIN
  funded := 0; livelihood := 0; afford := 0; cut := 0;
  SELECT array_agg(amount_fen ORDER BY code COLLATE "C"), array_agg(kind = 'earmarked' ORDER BY code COLLATE "C"),
         array_agg(function ORDER BY code COLLATE "C")
    INTO src_left, src_earm, src_fn FROM sources;
  n_src := coalesce(array_length(src_left, 1), 0);
  FOR s IN 1 .. n_src LOOP
    IF src_earm[s] THEN total_earm := total_earm + src_left[s];
    ELSE
      total_gen := total_gen + src_left[s];
      IF capacity >= 0 THEN
        IF first_general = 0 THEN first_general := s; END IF;
        src_left[s] := least(src_left[s], cap_left);
        cap_left := cap_left - src_left[s];
      END IF;
    END IF;
  END LOOP;
  IF capacity >= 0 AND cap_left > 0 AND first_general > 0 THEN
    src_left[first_general] := src_left[first_general] + cap_left;
  END IF;
  planned := total_earm + CASE WHEN capacity >= 0 THEN capacity ELSE total_gen END;
  SELECT afford_ppm INTO ppm FROM settings;

  SELECT count(*) INTO n_proj FROM r_project;
  SELECT array_agg(rp.carry ORDER BY rp.pidx), array_agg(0 ORDER BY rp.pidx), array_agg(false ORDER BY rp.pidx),
         array_agg(0 ORDER BY rp.pidx)
    INTO carry, funded_mask, over, checked FROM r_project rp;
  -- earmarked sources matching each project's function (';'-separated prefixes)
  SELECT array_agg(m ORDER BY pidx) INTO pmask FROM (
    SELECT rp.pidx, coalesce((SELECT sum(1 << (x.ord - 1)::int) FROM
        (SELECT row_number() OVER (ORDER BY code COLLATE "C") ord, kind, function FROM sources) x
      WHERE x.kind = 'earmarked' AND EXISTS (SELECT 1 FROM unnest(string_to_array(x.function, ';')) f(pre)
                                            WHERE f.pre <> '' AND starts_with(rp.function, f.pre))), 0)::int m
    FROM r_project rp) t;
  SELECT coalesce(sum(plan0), 0), coalesce(sum(plan1), 0), coalesce(sum(plan2), 0)
    INTO commit0, commit1, commit2 FROM r_project rp WHERE rp.has_plans AND NOT rp.is_new;

  FOR r IN
    WITH pk AS (SELECT project, level, sum(approved) amount FROM r_item GROUP BY project, level HAVING sum(approved) > 0),
    pk2 AS (SELECT pk.*, coalesce(sum(1 << (level - 1)) OVER (PARTITION BY project ORDER BY level
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int lower_mask FROM pk)
    SELECT rp.pidx, pk2.level, pk2.amount, pk2.lower_mask, rp.is_new, rp.has_plans, rp.plan0, rp.plan1, rp.plan2,
           rp.livelihood
    FROM pk2 JOIN r_project rp ON rp.code = pk2.project
    ORDER BY rp.tier_ord,
      CASE WHEN rp.tier_ord = 3 THEN rp.rank END,
      CASE WHEN rp.tier_ord < 4 THEN rp.code END COLLATE "C",
      pk2.level,
      rp.urgent DESC, rp.score DESC, pk2.amount, rp.code COLLATE "C"
  LOOP
    p := r.pidx;
    IF over[p] THEN afford := afford + r.amount; CONTINUE; END IF;
    IF funded_mask[p] & r.lower_mask <> r.lower_mask THEN cut := cut + r.amount; CONTINUE; END IF;
    IF r.is_new AND r.has_plans AND checked[p] = 0 THEN
      checked[p] := 1;
      IF (r.plan0 > 0 AND (commit0 + r.plan0)::numeric * 1000000 > ppm * planned)
         OR (r.plan1 > 0 AND (commit1 + r.plan1)::numeric * 1000000 > ppm * planned)
         OR (r.plan2 > 0 AND (commit2 + r.plan2)::numeric * 1000000 > ppm * planned) THEN
        over[p] := true; afford := afford + r.amount; CONTINUE;
      END IF;
    END IF;
    avail := carry[p];
    earm_mask := pmask[p];
    FOR s IN 1 .. n_src LOOP
      IF NOT src_earm[s] OR (earm_mask >> (s - 1)) & 1 = 1 THEN avail := avail + src_left[s]; END IF;
    END LOOP;
    IF avail < r.amount THEN cut := cut + r.amount; CONTINUE; END IF;
    -- funded whole: carryover, then matching earmarked, then general, in code order
    funded_mask[p] := funded_mask[p] | (1 << (r.level - 1));
    IF r.is_new AND r.has_plans AND checked[p] = 1 THEN
      checked[p] := 2;
      commit0 := commit0 + r.plan0; commit1 := commit1 + r.plan1; commit2 := commit2 + r.plan2;
    END IF;
    d := least(carry[p], r.amount); carry[p] := carry[p] - d; need := r.amount - d;
    FOR k IN 0 .. 1 LOOP
      FOR s IN 1 .. n_src LOOP
        EXIT WHEN need = 0;
        IF (k = 0 AND src_earm[s] AND (earm_mask >> (s - 1)) & 1 = 1) OR (k = 1 AND NOT src_earm[s]) THEN
          d := least(need, src_left[s]); src_left[s] := src_left[s] - d; need := need - d;
        END IF;
      END LOOP;
    END LOOP;
    funded := funded + r.amount;
    IF r.livelihood THEN livelihood := livelihood + r.amount; END IF;
  END LOOP;
END $f$;

-- SPEC §7: the rules' part of the summary (sums over r_item)
CREATE OR REPLACE FUNCTION zbb_totals() RETURNS TABLE(rq numeric, ap numeric, st numeric, qu numeric, po numeric,
  re numeric, ev numeric, le numeric, ne numeric, nb numeric, ns numeric) LANGUAGE sql AS $f$
  SELECT sum(requested), sum(approved), sum(s_standard), sum(s_quota), sum(s_pool), sum(s_review),
    sum(s_evaluation), sum(s_low_execution), sum(s_negative), sum(s_no_basis), sum(s_no_standard) FROM r_item
$f$;

-- SPEC §7: the summary's numbers
CREATE OR REPLACE FUNCTION zbb_summary(capacity bigint) RETURNS TABLE(key text, value bigint) LANGUAGE sql AS $f$
  WITH a AS (SELECT * FROM zbb_alloc(capacity)),
  t AS (SELECT * FROM zbb_totals())
  SELECT k, v::bigint FROM t, a, LATERAL (VALUES ('requested_fen', t.rq), ('approved_fen', t.ap),
    ('funded_fen', a.funded), ('savings_standard', t.st), ('savings_quota', t.qu), ('savings_pool', t.po),
    ('savings_review', t.re), ('savings_evaluation', t.ev), ('savings_low_execution', t.le),
    ('savings_negative', t.ne), ('savings_no_basis', t.nb), ('savings_no_standard', t.ns),
    ('savings_affordability', a.afford), ('savings_capacity', a.cut),
    ('livelihood_ppm', CASE WHEN a.funded > 0 THEN div(a.livelihood::numeric * 2000000 + a.funded, 2 * a.funded::numeric) ELSE -1 END)) x(k, v)
$f$;

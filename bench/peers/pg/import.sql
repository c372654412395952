-- bench/peers/pg/import.sql - the 15 input CSVs of SPEC §4 into typed
-- tables: staged as text with COPY (columns in the file's order, see
-- run.sh), then converted exactly: yuan -> fen as numeric -> bigint,
-- quantities in 1/10000, scores in hundredths, ratios in millionths.
-- psql variables: :f_<kind> (each file) and :cols_<kind> (its header).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS zbb CASCADE;
CREATE SCHEMA zbb;
SET search_path = zbb;

CREATE FUNCTION fen(t text) RETURNS bigint IMMUTABLE LANGUAGE sql AS
$$ SELECT (replace(btrim(t), ',', '')::numeric * 100)::bigint $$;
CREATE FUNCTION qty(t text) RETURNS bigint IMMUTABLE LANGUAGE sql AS
$$ SELECT (replace(btrim(t), ',', '')::numeric * 10000)::bigint $$;
CREATE FUNCTION hund(t text) RETURNS integer IMMUTABLE LANGUAGE sql AS
$$ SELECT (nullif(btrim(t), '')::numeric * 100)::integer $$;
CREATE FUNCTION ppm(t text) RETURNS integer IMMUTABLE LANGUAGE sql AS
$$ SELECT (nullif(btrim(t), '')::numeric * 1000000)::integer $$;
CREATE FUNCTION yes(t text) RETURNS boolean IMMUTABLE LANGUAGE sql AS
$$ SELECT lower(btrim(coalesce(t, ''))) IN ('y', 'yes', 'true', '1', '是') $$;

-- staging: every column of SPEC §4 as text
CREATE UNLOGGED TABLE s_agencies(code text, name text, parent text, headcount text, function text, establishment text,
  retired text, class text);
CREATE UNLOGGED TABLE s_bases(code text, title text, level text, valid_from text, valid_to text);
CREATE UNLOGGED TABLE s_standards(code text, name text, economic text, unit text, max_price text,
  quota_per_head text, basis text, valid_from text, valid_to text);
CREATE UNLOGGED TABLE s_priorities(code text, name text, rank text);
CREATE UNLOGGED TABLE s_negative(code text, description text, economic text, keyword text, scope text);
CREATE UNLOGGED TABLE s_pools(code text, name text, economic text);
CREATE UNLOGGED TABLE s_prices(pool text, standard text, price text);
CREATE UNLOGGED TABLE s_projects(code text, agency text, name text, kind text, tier text, function text,
  rigid text, urgent text, new text, basis text, priority text, scope text, score text, start_year text, end_year text);
CREATE UNLOGGED TABLE s_items(project text, seq text, content text, economic text, standard text, unit text,
  price text, quantity text, level text, source text);
CREATE UNLOGGED TABLE s_history(year text, agency text, project text, name text, budget text, executed text,
  carryover text, score text);
CREATE UNLOGGED TABLE s_sources(code text, name text, kind text, function text, amount text);
CREATE UNLOGGED TABLE s_evaluations(project text, score text, conclusion text, ratio text, necessity text,
  economy text, targets text, feasibility text, compliance text, evaluator text, date text);
CREATE UNLOGGED TABLE s_reviews(project text, seq text, round text, action text, price text, quantity text,
  reason text, reviewer text);
CREATE UNLOGGED TABLE s_targets(project text, level1 text, level2 text, name text, operator text, value text,
  unit text, weight text);
CREATE UNLOGGED TABLE s_plans(project text, year text, amount text);

COPY s_agencies(:cols_agencies) FROM :'f_agencies' (FORMAT csv, HEADER true);
COPY s_bases(:cols_bases) FROM :'f_bases' (FORMAT csv, HEADER true);
COPY s_standards(:cols_standards) FROM :'f_standards' (FORMAT csv, HEADER true);
COPY s_priorities(:cols_priorities) FROM :'f_priorities' (FORMAT csv, HEADER true);
COPY s_negative(:cols_negative) FROM :'f_negative' (FORMAT csv, HEADER true);
COPY s_pools(:cols_pools) FROM :'f_pools' (FORMAT csv, HEADER true);
COPY s_prices(:cols_prices) FROM :'f_prices' (FORMAT csv, HEADER true);
COPY s_projects(:cols_projects) FROM :'f_projects' (FORMAT csv, HEADER true);
COPY s_items(:cols_items) FROM :'f_items' (FORMAT csv, HEADER true);
COPY s_history(:cols_history) FROM :'f_history' (FORMAT csv, HEADER true);
COPY s_sources(:cols_sources) FROM :'f_sources' (FORMAT csv, HEADER true);
COPY s_evaluations(:cols_evaluations) FROM :'f_evaluations' (FORMAT csv, HEADER true);
COPY s_reviews(:cols_reviews) FROM :'f_reviews' (FORMAT csv, HEADER true);
COPY s_targets(:cols_targets) FROM :'f_targets' (FORMAT csv, HEADER true);
COPY s_plans(:cols_plans) FROM :'f_plans' (FORMAT csv, HEADER true);

-- typed tables; NULL is "not given"
CREATE TABLE agencies AS SELECT btrim(code) code, coalesce(nullif(btrim(headcount), '')::bigint, 0) headcount FROM s_agencies;
CREATE TABLE bases AS SELECT btrim(code) code, coalesce(nullif(btrim(valid_from), '')::date, '-infinity') valid_from,
  coalesce(nullif(btrim(valid_to), '')::date, 'infinity') valid_to FROM s_bases;
CREATE TABLE standards AS SELECT btrim(code) code, btrim(economic) economic, fen(max_price) max_price_fen,
  qty(nullif(btrim(quota_per_head), '')) quota, coalesce(nullif(btrim(valid_from), '')::date, '-infinity') valid_from,
  coalesce(nullif(btrim(valid_to), '')::date, 'infinity') valid_to FROM s_standards;
CREATE TABLE priorities AS SELECT btrim(code) code, btrim(rank)::integer rank FROM s_priorities;
CREATE TABLE negative AS SELECT btrim(code) code, nullif(btrim(economic), '') economic, nullif(btrim(keyword), '') keyword,
  coalesce(nullif(btrim(scope), ''), 'all') scope FROM s_negative;
CREATE TABLE pool_prefixes AS SELECT btrim(code) pool, x.prefix, x.ord
  FROM s_pools, unnest(string_to_array(economic, ';')) WITH ORDINALITY x(prefix, ord) WHERE btrim(x.prefix) <> '';
CREATE TABLE prices AS SELECT btrim(pool) pool, btrim(standard) standard, fen(price) price_fen FROM s_prices;
CREATE TABLE projects AS SELECT btrim(code) code, btrim(agency) agency, btrim(kind) kind, btrim(tier) tier,
  btrim(function) function, yes(rigid) rigid, yes(urgent) urgent, yes(new) is_new, nullif(btrim(basis), '') basis,
  nullif(btrim(priority), '') priority, hund(score) score FROM s_projects;
CREATE TABLE items AS SELECT btrim(project) project, btrim(seq)::integer seq, content, btrim(economic) economic,
  nullif(btrim(standard), '') standard, fen(price) price_fen, qty(quantity) qty,
  coalesce(nullif(btrim(level), '')::smallint, 1) level FROM s_items;
CREATE TABLE history AS SELECT btrim(year)::integer AS year, btrim(project) project, fen(budget) budget_fen,
  fen(executed) executed_fen, coalesce(fen(nullif(btrim(carryover), '')), 0) carryover_fen, hund(score) score FROM s_history;
CREATE TABLE sources AS SELECT btrim(code) code, btrim(kind) kind, nullif(btrim(function), '') function,
  fen(amount) amount_fen FROM s_sources;
CREATE TABLE evaluations AS SELECT btrim(project) project,
  coalesce(hund(necessity) + hund(economy) + hund(targets) + hund(feasibility) + hund(compliance), hund(score)) score,
  btrim(conclusion) conclusion, ppm(ratio) ratio FROM s_evaluations;
CREATE TABLE reviews AS SELECT btrim(project) project, coalesce(nullif(btrim(seq), '')::integer, 0) seq,
  coalesce(nullif(btrim(round), '')::integer, 1) round, btrim(action) action,
  fen(nullif(btrim(price), '')) price_fen, qty(nullif(btrim(quantity), '')) qty FROM s_reviews;
CREATE TABLE targets AS SELECT DISTINCT btrim(project) project FROM s_targets;
CREATE TABLE plans AS SELECT btrim(project) project, btrim(year)::integer AS year, fen(amount) amount_fen FROM s_plans;

ALTER TABLE agencies ADD PRIMARY KEY (code);
ALTER TABLE bases ADD PRIMARY KEY (code);
ALTER TABLE standards ADD PRIMARY KEY (code);
ALTER TABLE priorities ADD PRIMARY KEY (code);
ALTER TABLE prices ADD PRIMARY KEY (pool, standard);
ALTER TABLE projects ADD PRIMARY KEY (code);
ALTER TABLE items ADD PRIMARY KEY (project, seq);
ALTER TABLE history ADD PRIMARY KEY (project, year);
ALTER TABLE sources ADD PRIMARY KEY (code);
ALTER TABLE evaluations ADD PRIMARY KEY (project);
ALTER TABLE reviews ADD PRIMARY KEY (project, seq, round);
ALTER TABLE targets ADD PRIMARY KEY (project);
ALTER TABLE plans ADD PRIMARY KEY (project, year);
DROP TABLE s_agencies, s_bases, s_standards, s_priorities, s_negative, s_pools, s_prices, s_projects, s_items,
  s_history, s_sources, s_evaluations, s_reviews, s_targets, s_plans;
ANALYZE;

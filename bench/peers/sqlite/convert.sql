-- bench/peers/sqlite/convert.sql - staged CSV text (s_<kind>, made by the
-- shell's .import) into typed tables.  Exact: yuan -> fen with the
-- shell's decimal extension (decimal_mul by 100, then the integer), never
-- a float.  Dates stay ISO text (they compare as text).
DROP TABLE IF EXISTS agencies; DROP TABLE IF EXISTS bases; DROP TABLE IF EXISTS standards;
DROP TABLE IF EXISTS priorities; DROP TABLE IF EXISTS negative; DROP TABLE IF EXISTS pool_prefixes;
DROP TABLE IF EXISTS prices; DROP TABLE IF EXISTS projects; DROP TABLE IF EXISTS items; DROP TABLE IF EXISTS history;
DROP TABLE IF EXISTS sources; DROP TABLE IF EXISTS evaluations; DROP TABLE IF EXISTS reviews;
DROP TABLE IF EXISTS targets; DROP TABLE IF EXISTS plans;
BEGIN;
CREATE TABLE agencies(code TEXT PRIMARY KEY, headcount INTEGER) WITHOUT ROWID;
INSERT INTO agencies SELECT trim(code), coalesce(CAST(nullif(trim(headcount), '') AS INTEGER), 0) FROM s_agencies;
CREATE TABLE bases(code TEXT PRIMARY KEY, valid_from TEXT, valid_to TEXT) WITHOUT ROWID;
INSERT INTO bases SELECT trim(code), coalesce(nullif(trim(valid_from), ''), '0000-01-01'),
  coalesce(nullif(trim(valid_to), ''), '9999-12-31') FROM s_bases;
CREATE TABLE standards(code TEXT PRIMARY KEY, economic TEXT, max_price_fen INTEGER, quota INTEGER, valid_from TEXT,
  valid_to TEXT) WITHOUT ROWID;
INSERT INTO standards SELECT trim(code), trim(economic), CAST(decimal_mul(replace(trim(max_price), ',', ''), 100) AS INTEGER),
  CASE WHEN nullif(trim(quota_per_head), '') IS NOT NULL THEN CAST(decimal_mul(trim(quota_per_head), 10000) AS INTEGER) END,
  coalesce(nullif(trim(valid_from), ''), '0000-01-01'), coalesce(nullif(trim(valid_to), ''), '9999-12-31') FROM s_standards;
CREATE TABLE priorities(code TEXT PRIMARY KEY, rank INTEGER) WITHOUT ROWID;
INSERT INTO priorities SELECT trim(code), CAST(trim(rank) AS INTEGER) FROM s_priorities;
CREATE TABLE negative(code TEXT PRIMARY KEY, economic TEXT, keyword TEXT, scope TEXT) WITHOUT ROWID;
INSERT INTO negative SELECT trim(code), nullif(trim(economic), ''), nullif(trim(keyword), ''),
  coalesce(nullif(trim(scope), ''), 'all') FROM s_negative;
CREATE TABLE pool_prefixes(pool TEXT, prefix TEXT);
INSERT INTO pool_prefixes SELECT trim(p.code), trim(x.value) FROM s_pools p,
  json_each('["' || replace(p.economic, ';', '","') || '"]') x WHERE trim(x.value) <> '';
CREATE TABLE prices(pool TEXT, standard TEXT, price_fen INTEGER, PRIMARY KEY (pool, standard)) WITHOUT ROWID;
INSERT INTO prices SELECT trim(pool), trim(standard), CAST(decimal_mul(replace(trim(price), ',', ''), 100) AS INTEGER) FROM s_prices;
CREATE TABLE projects(code TEXT PRIMARY KEY, agency TEXT, kind TEXT, tier TEXT, function TEXT, rigid INT, urgent INT,
  is_new INT, basis TEXT, priority TEXT, score INTEGER) WITHOUT ROWID;
INSERT INTO projects SELECT trim(code), trim(agency), trim(kind), trim(tier), trim(function),
  lower(trim(coalesce(rigid, ''))) IN ('y', 'yes', 'true', '1', '是'), lower(trim(coalesce(urgent, ''))) IN ('y', 'yes', 'true', '1', '是'),
  lower(trim(coalesce(new, ''))) IN ('y', 'yes', 'true', '1', '是'), nullif(trim(basis), ''), nullif(trim(priority), ''),
  CASE WHEN nullif(trim(score), '') IS NOT NULL THEN CAST(decimal_mul(trim(score), 100) AS INTEGER) END FROM s_projects;
CREATE TABLE items(project TEXT, seq INTEGER, content TEXT, economic TEXT, standard TEXT, price_fen INTEGER, qty INTEGER,
  level INTEGER, PRIMARY KEY (project, seq)) WITHOUT ROWID;
INSERT INTO items SELECT trim(project), CAST(trim(seq) AS INTEGER), content, trim(economic), nullif(trim(standard), ''),
  CAST(decimal_mul(replace(trim(price), ',', ''), 100) AS INTEGER), CAST(decimal_mul(replace(trim(quantity), ',', ''), 10000) AS INTEGER),
  coalesce(CAST(nullif(trim(level), '') AS INTEGER), 1) FROM s_items;
CREATE TABLE history(year INTEGER, project TEXT, budget_fen INTEGER, executed_fen INTEGER, carryover_fen INTEGER, score INTEGER,
  PRIMARY KEY (project, year)) WITHOUT ROWID;
INSERT INTO history SELECT CAST(trim(year) AS INTEGER), trim(project), CAST(decimal_mul(replace(trim(budget), ',', ''), 100) AS INTEGER),
  CAST(decimal_mul(replace(trim(executed), ',', ''), 100) AS INTEGER),
  coalesce(CAST(decimal_mul(replace(nullif(trim(carryover), ''), ',', ''), 100) AS INTEGER), 0),
  CASE WHEN nullif(trim(score), '') IS NOT NULL THEN CAST(decimal_mul(trim(score), 100) AS INTEGER) END FROM s_history;
CREATE TABLE sources(code TEXT PRIMARY KEY, kind TEXT, function TEXT, amount_fen INTEGER) WITHOUT ROWID;
INSERT INTO sources SELECT trim(code), trim(kind), nullif(trim(function), ''),
  CAST(decimal_mul(replace(trim(amount), ',', ''), 100) AS INTEGER) FROM s_sources;
CREATE TABLE evaluations(project TEXT PRIMARY KEY, score INTEGER, conclusion TEXT, ratio INTEGER) WITHOUT ROWID;
INSERT INTO evaluations SELECT trim(project), CAST(decimal_mul(trim(score), 100) AS INTEGER), trim(conclusion),
  CASE WHEN nullif(trim(ratio), '') IS NOT NULL THEN CAST(decimal_mul(trim(ratio), 1000000) AS INTEGER) END FROM s_evaluations;
CREATE TABLE reviews(project TEXT, seq INTEGER, round INTEGER, action TEXT, price_fen INTEGER, qty INTEGER,
  PRIMARY KEY (project, seq, round)) WITHOUT ROWID;
INSERT INTO reviews SELECT trim(project), coalesce(CAST(nullif(trim(seq), '') AS INTEGER), 0),
  coalesce(CAST(nullif(trim(round), '') AS INTEGER), 1), trim(action),
  CASE WHEN nullif(trim(price), '') IS NOT NULL THEN CAST(decimal_mul(replace(trim(price), ',', ''), 100) AS INTEGER) END,
  CASE WHEN nullif(trim(quantity), '') IS NOT NULL THEN CAST(decimal_mul(replace(trim(quantity), ',', ''), 10000) AS INTEGER) END
  FROM s_reviews;
CREATE TABLE targets(project TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO targets SELECT trim(project) FROM s_targets;
CREATE TABLE plans(project TEXT, year INTEGER, amount_fen INTEGER, PRIMARY KEY (project, year)) WITHOUT ROWID;
INSERT INTO plans SELECT trim(project), CAST(trim(year) AS INTEGER), CAST(decimal_mul(replace(trim(amount), ',', ''), 100) AS INTEGER) FROM s_plans;
CREATE TABLE IF NOT EXISTS settings(year INTEGER, jan1 TEXT, eval_thr INTEGER, rereview_thr INTEGER, low_ppm INTEGER,
  afford_ppm INTEGER, livelihood TEXT);
DELETE FROM settings;
INSERT INTO settings VALUES (2026, '2026-01-01', 500000000, 2000000000, 800000, 100000, ',205,206,207,208,210,211,212,213,214,221,');
COMMIT;
DROP TABLE s_agencies; DROP TABLE s_bases; DROP TABLE s_standards; DROP TABLE s_priorities; DROP TABLE s_negative;
DROP TABLE s_pools; DROP TABLE s_prices; DROP TABLE s_projects; DROP TABLE s_items; DROP TABLE s_history;
DROP TABLE s_sources; DROP TABLE s_evaluations; DROP TABLE s_reviews; DROP TABLE s_targets; DROP TABLE s_plans;
ANALYZE;

/*
 * store_schema.c - the book's schema and its migrations, per dialect.
 *
 * migrations[i] takes a book from schema version i to i + 1.  Never edit
 * a migration that has shipped; append a new one (and raise
 * STORE_SCHEMA_VERSION).  This is the one place where SQL may be
 * backend-specific: a PostgreSQL driver adds its own list beside
 * sqlite_migrations (types, partitioning by region, row-level security),
 * and every other statement of the store stays portable.
 */
#include "store_schema.h"
#include "db.h"

/* --- SQLite ------------------------------------------------------------ */

static const char *const sqlite_migrations[] = {
	/* 0 -> 1: the book of SPEC §3/§4 */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE agencies(fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" parent TEXT, headcount INTEGER NOT NULL DEFAULT 0, function TEXT,"
	" PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE bases(fy INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL,"
	" level TEXT, valid_from TEXT, valid_to TEXT, PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE standards(fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" economic TEXT NOT NULL, unit TEXT NOT NULL, max_price_fen INTEGER NOT NULL,"
	" quota_per_head INTEGER, basis TEXT, valid_from TEXT, valid_to TEXT,"
	" PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE priorities(fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" rank INTEGER NOT NULL, PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE negative(fy INTEGER NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL,"
	" economic TEXT, keyword TEXT, scope TEXT NOT NULL DEFAULT 'all',"
	" PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE pools(fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" economic TEXT NOT NULL, PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE prices(fy INTEGER NOT NULL, pool TEXT NOT NULL, standard TEXT NOT NULL,"
	" price_fen INTEGER NOT NULL, PRIMARY KEY(fy, pool, standard),"
	" FOREIGN KEY(fy, pool) REFERENCES pools(fy, code) ON DELETE CASCADE,"
	" FOREIGN KEY(fy, standard) REFERENCES standards(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE projects(fy INTEGER NOT NULL, code TEXT NOT NULL, agency TEXT NOT NULL,"
	" name TEXT NOT NULL, kind TEXT NOT NULL, tier TEXT NOT NULL, function TEXT NOT NULL,"
	" rigid INTEGER NOT NULL DEFAULT 0, urgent INTEGER NOT NULL DEFAULT 0,"
	" new INTEGER NOT NULL DEFAULT 0, basis TEXT, priority TEXT,"
	" scope TEXT NOT NULL DEFAULT 'department', score INTEGER, start_year INTEGER,"
	" end_year INTEGER, version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY(fy, code),"
	" FOREIGN KEY(fy, agency) REFERENCES agencies(fy, code)) WITHOUT ROWID;"
	"CREATE INDEX projects_agency ON projects(fy, agency);"
	"CREATE TABLE items(fy INTEGER NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL,"
	" content TEXT NOT NULL, economic TEXT NOT NULL, standard TEXT, unit TEXT NOT NULL,"
	" price_fen INTEGER NOT NULL, quantity INTEGER NOT NULL, level INTEGER NOT NULL DEFAULT 1,"
	" source TEXT, PRIMARY KEY(fy, project, seq),"
	" FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE history(year INTEGER NOT NULL, project TEXT NOT NULL, agency TEXT NOT NULL,"
	" name TEXT, budget_fen INTEGER NOT NULL, executed_fen INTEGER NOT NULL,"
	" carryover_fen INTEGER NOT NULL DEFAULT 0, score INTEGER,"
	" PRIMARY KEY(year, project)) WITHOUT ROWID;"
	"CREATE TABLE sources(fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" kind TEXT NOT NULL, function TEXT, amount_fen INTEGER NOT NULL,"
	" PRIMARY KEY(fy, code)) WITHOUT ROWID;"
	"CREATE TABLE evaluations(fy INTEGER NOT NULL, project TEXT NOT NULL, score INTEGER NOT NULL,"
	" conclusion TEXT NOT NULL, ratio INTEGER, necessity INTEGER, economy INTEGER,"
	" targets INTEGER, feasibility INTEGER, compliance INTEGER, evaluator TEXT, date TEXT,"
	" PRIMARY KEY(fy, project),"
	" FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE reviews(fy INTEGER NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL,"
	" round INTEGER NOT NULL DEFAULT 1, action TEXT NOT NULL, price_fen INTEGER,"
	" quantity INTEGER, reason TEXT, reviewer TEXT, PRIMARY KEY(fy, project, seq, round),"
	" FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE targets(fy INTEGER NOT NULL, project TEXT NOT NULL, name TEXT NOT NULL,"
	" level1 TEXT NOT NULL, level2 TEXT NOT NULL, operator TEXT NOT NULL, value TEXT NOT NULL,"
	" unit TEXT, weight INTEGER, PRIMARY KEY(fy, project, name),"
	" FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE plans(fy INTEGER NOT NULL, project TEXT NOT NULL, year INTEGER NOT NULL,"
	" amount_fen INTEGER NOT NULL, PRIMARY KEY(fy, project, year),"
	" FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE) WITHOUT ROWID;",
	/* 1 -> 2: the server's users, sessions, login throttle and the
	 * hash-chained audit log (SPEC §9; auth.c, audit.c).  Users are not
	 * per year; an agency user's agency is a code looked up in the working
	 * year.  Session tokens are kept only as their SHA-256.  The audit
	 * log refuses UPDATE and DELETE; audit.c chains every row's hash. */
	"CREATE TABLE users(name TEXT PRIMARY KEY, role TEXT NOT NULL, agency TEXT,"
	" pwhash TEXT NOT NULL, is_disabled INTEGER NOT NULL DEFAULT 0,"
	" created TEXT NOT NULL, changed TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE sessions(token_hash TEXT PRIMARY KEY,"
	" user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, csrf TEXT NOT NULL,"
	" created INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user);"
	"CREATE TABLE login_failures(name TEXT PRIMARY KEY, n_failed INTEGER NOT NULL,"
	" last_failed INTEGER NOT NULL, locked_until INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL,"
	" action TEXT NOT NULL, object TEXT NOT NULL, before_json TEXT NOT NULL,"
	" after_json TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
	/* 2 -> 3: scenarios of the allocation (SPEC §6) */
	"CREATE TABLE scenarios(fy INTEGER NOT NULL, name TEXT NOT NULL, params TEXT NOT NULL,"
	" created TEXT NOT NULL, capacity_fen INTEGER NOT NULL, requested_fen INTEGER NOT NULL,"
	" approved_fen INTEGER NOT NULL, funded_fen INTEGER NOT NULL, shortfall_fen INTEGER NOT NULL,"
	" PRIMARY KEY(fy, name)) WITHOUT ROWID;"
	/* every item's result, one row per project: results is a JSON array of
	 * [seq, funded_fen, status, codes, [[source, amount_fen], …]] (source ""
	 * is the project's own carryover); the views below show it as rows */
	"CREATE TABLE scenario_projects(fy INTEGER NOT NULL, scenario TEXT NOT NULL, project TEXT NOT NULL,"
	" funded_fen INTEGER NOT NULL, results TEXT NOT NULL, PRIMARY KEY(fy, scenario, project),"
	" FOREIGN KEY(fy, scenario) REFERENCES scenarios(fy, name) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE VIEW scenario_items AS SELECT sp.fy, sp.scenario, sp.project,"
	" json_extract(i.value, '$[0]') AS seq, json_extract(i.value, '$[1]') AS funded_fen,"
	" json_extract(i.value, '$[2]') AS status, json_extract(i.value, '$[3]') AS codes"
	" FROM scenario_projects sp, json_each(sp.results) i;"
	"CREATE VIEW scenario_draws AS SELECT sp.fy, sp.scenario, sp.project,"
	" json_extract(i.value, '$[0]') AS seq, json_extract(d.value, '$[0]') AS source,"
	" json_extract(d.value, '$[1]') AS amount_fen"
	" FROM scenario_projects sp, json_each(sp.results) i, json_each(i.value, '$[4]') d;",
	/* 3 -> 4: basic expenditure (SPEC §13): the agencies' establishment,
	 * retired staff and quota class; the quotas; projects generated by
	 * `zbb basic` (is_basic, not a column of the projects kind: no file
	 * can set it); the negative list's exceptions; self-evaluations of
	 * past years (keyed like history, by year) */
	"ALTER TABLE agencies ADD COLUMN establishment INTEGER;"
	"ALTER TABLE agencies ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE agencies ADD COLUMN class TEXT;"
	"ALTER TABLE negative ADD COLUMN \"except\" TEXT;"
	"ALTER TABLE projects ADD COLUMN is_basic INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE quotas(fy INTEGER NOT NULL, code TEXT NOT NULL, standard TEXT NOT NULL,"
	" kind TEXT NOT NULL, count TEXT NOT NULL, class TEXT, PRIMARY KEY(fy, code),"
	" FOREIGN KEY(fy, standard) REFERENCES standards(fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE TABLE selfevals(year INTEGER NOT NULL, project TEXT NOT NULL, score INTEGER NOT NULL,"
	" grade TEXT, note TEXT, PRIMARY KEY(year, project)) WITHOUT ROWID;",
	/* 4 -> 5: the budget season of SPEC §11.  season: each agency's round
	 * and state (no row: round 1, draft, version 0); season_rounds: the
	 * control number issued to an agency for a round (kept, never
	 * replaced); season_events: every transition with who, when, from,
	 * to and the opinion (projects: ';'-list the opinion concerns, empty
	 * for the whole agency); season_snapshots: the agency's items as
	 * each submit sent them (一上数, 二上数 …); controls: the kind of SPEC §4. */
	"CREATE TABLE season(fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL DEFAULT 1,"
	" state TEXT NOT NULL DEFAULT 'draft', version INTEGER NOT NULL DEFAULT 0, changed TEXT,"
	" PRIMARY KEY(fy, agency)) WITHOUT ROWID;"
	"CREATE TABLE season_rounds(fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL,"
	" control_fen INTEGER NOT NULL, origin TEXT NOT NULL, issued TEXT NOT NULL,"
	" PRIMARY KEY(fy, agency, round)) WITHOUT ROWID;"
	"CREATE TABLE season_events(id INTEGER PRIMARY KEY, fy INTEGER NOT NULL, agency TEXT NOT NULL,"
	" round INTEGER NOT NULL, action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,"
	" who TEXT NOT NULL, time TEXT NOT NULL, opinion TEXT, projects TEXT, requested_fen INTEGER,"
	" control_fen INTEGER);"
	"CREATE INDEX season_events_agency ON season_events(fy, agency, id);"
	"CREATE TABLE season_snapshots(event INTEGER NOT NULL REFERENCES season_events(id),"
	" project TEXT NOT NULL, seq INTEGER NOT NULL, price_fen INTEGER NOT NULL,"
	" quantity INTEGER NOT NULL, PRIMARY KEY(event, project, seq)) WITHOUT ROWID;"
	"CREATE TABLE controls(fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL,"
	" amount_fen INTEGER NOT NULL, basic_fen INTEGER, sangong_fen INTEGER, note TEXT,"
	" PRIMARY KEY(fy, agency, round),"
	" FOREIGN KEY(fy, agency) REFERENCES agencies(fy, code)) WITHOUT ROWID;",
	/* 5 -> 6: the record holds against someone with the file (SPEC §12).
	 * row_digests: per row of the book's tables the digest of the row as
	 * zbb last wrote it and the entry that wrote it (store_digest.c; the
	 * row ('', '') holds the sum of them all); audit.rows: what an entry
	 * wrote ("N SUM", inside its hash); audit_counts: changes that come
	 * in floods (failed sign-ins), counted per day after the first. */
	"ALTER TABLE audit ADD COLUMN rows TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE row_digests(tbl TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,"
	" entry INTEGER NOT NULL, PRIMARY KEY(tbl, key)) WITHOUT ROWID;"
	"CREATE TABLE audit_counts(day TEXT NOT NULL, action TEXT NOT NULL, n INTEGER NOT NULL,"
	" first TEXT NOT NULL, last TEXT NOT NULL, PRIMARY KEY(day, action)) WITHOUT ROWID;",
	/* 6 -> 7: the budget a source belongs to, for the disclosure tables
	 * (SPEC §4, §7): public 一般公共预算, fund 政府性基金预算, capital
	 * 国有资本经营预算, unit 单位资金 */
	"ALTER TABLE sources ADD COLUMN budget TEXT NOT NULL DEFAULT 'public';",
	/* 7 -> 8: a stored scenario is a record of its run (SPEC §12).
	 * scenarios.inputs_at: the state of the inputs it ran on (the last
	 * entry that changed them, store_inputs_stamp); scenario_inputs: the
	 * year's inputs in that state, compressed (scenario.c), shared by the
	 * scenarios that ran on it, so that its reports read what it ran on
	 * after the book has changed. */
	"ALTER TABLE scenarios ADD COLUMN inputs_at INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE scenario_inputs(fy INTEGER NOT NULL, inputs_at INTEGER NOT NULL,"
	" raw_bytes INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE(fy, inputs_at));",
	/* 8 -> 9: adoption (SPEC §12): the scenario a year adopted, when, by
	 * whom and the hash of its stored result; from then on the year's rows
	 * are locked (store_write refuses a change to them) */
	"CREATE TABLE adoptions(fy INTEGER PRIMARY KEY, scenario TEXT NOT NULL,"
	" adopted_at TEXT NOT NULL, who TEXT NOT NULL, entry INTEGER NOT NULL,"
	" result_hash TEXT NOT NULL);",
	/* 9 -> 10: adjustments of an adopted budget (SPEC §4, §12): a line per
	 * item a document (code, its 文号) changes, amount_fen signed */
	"CREATE TABLE adjustments(fy INTEGER NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL,"
	" date TEXT NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL, amount_fen INTEGER NOT NULL,"
	" \"trigger\" TEXT, reason TEXT, \"by\" TEXT, PRIMARY KEY(fy, code, project, seq)) WITHOUT ROWID;",
	/* 10 -> 11: a scenario's results compactly (issue 12): a row per agency
	 * with its funded total and its projects' and items' results as one
	 * blob of fixed-width arrays (scenario.c, "zbbR" format 1).  Reports
	 * re-run on the kept inputs; scenario_projects (the JSON text of older
	 * zbb, ten times the size) is no longer written, but rows already in it
	 * stay, so their row digests and adopted results' hashes hold; a
	 * re-run or removal of such a scenario deletes them.  Its JSON views go. */
	"DROP VIEW scenario_items; DROP VIEW scenario_draws;"
	"CREATE TABLE scenario_results(fy INTEGER NOT NULL, scenario TEXT NOT NULL, agency TEXT NOT NULL,"
	" funded_fen INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(fy, scenario, agency),"
	" FOREIGN KEY(fy, scenario) REFERENCES scenarios(fy, name) ON DELETE CASCADE);",
	/* 11 -> 12: scenario_inputs keyed by (fy, inputs_at), its primary key,
	 * as on PostgreSQL: a row's digest key was the whole row, the blob
	 * among it (store_digest.c), which PostgreSQL cannot keep as text; the
	 * keys already kept lose all but their first two parts */
	"CREATE TABLE scenario_inputs_new(fy INTEGER NOT NULL, inputs_at INTEGER NOT NULL,"
	" raw_bytes INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(fy, inputs_at));"
	"INSERT INTO scenario_inputs_new SELECT fy, inputs_at, raw_bytes, data FROM scenario_inputs;"
	"DROP TABLE scenario_inputs;"
	"ALTER TABLE scenario_inputs_new RENAME TO scenario_inputs;"
	"UPDATE row_digests SET key = substr(key, 1, instr(key, '/') + instr(substr(key, instr(key, '/') + 1), '/') - 1)"
	" WHERE tbl = 'scenario_inputs' AND instr(substr(key, instr(key, '/') + 1), '/') > 0;",
	/* 12 -> 13: regions (SPEC §14).  Every row of the budget's tables
	 * belongs to a region (财政区划, a 9-digit code) and its key begins
	 * with it; the tables are made again with region first (PostgreSQL
	 * adds it as the last column: only digests follow the columns' order,
	 * and a copy between the two makes them again); the
	 * rows of an older book are region 000000000's.  settings are per
	 * region (each bureau its own); meta, users, sessions and the audit
	 * log are the book's.  Users belong to a region and may read a
	 * subtree (scope).  Run with foreign keys off (store.c migrate). */
	"CREATE TABLE settings_r(region TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(region, key)) WITHOUT ROWID;"
	"INSERT INTO settings_r SELECT '000000000', * FROM settings;"
	"CREATE TABLE agencies_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, parent TEXT, headcount INTEGER NOT NULL DEFAULT 0, function TEXT, establishment INTEGER, retired INTEGER NOT NULL DEFAULT 0, class TEXT, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO agencies_r SELECT '000000000', * FROM agencies;"
	"CREATE TABLE bases_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL, level TEXT, valid_from TEXT, valid_to TEXT, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO bases_r SELECT '000000000', * FROM bases;"
	"CREATE TABLE standards_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, economic TEXT NOT NULL, unit TEXT NOT NULL, max_price_fen INTEGER NOT NULL, quota_per_head INTEGER, basis TEXT, valid_from TEXT, valid_to TEXT, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO standards_r SELECT '000000000', * FROM standards;"
	"CREATE TABLE priorities_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO priorities_r SELECT '000000000', * FROM priorities;"
	"CREATE TABLE negative_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL, economic TEXT, keyword TEXT, scope TEXT NOT NULL DEFAULT 'all', \"except\" TEXT, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO negative_r SELECT '000000000', * FROM negative;"
	"CREATE TABLE pools_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, economic TEXT NOT NULL, PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO pools_r SELECT '000000000', * FROM pools;"
	"CREATE TABLE prices_r(region TEXT NOT NULL, fy INTEGER NOT NULL, pool TEXT NOT NULL, standard TEXT NOT NULL, price_fen INTEGER NOT NULL, PRIMARY KEY(region, fy, pool, standard), FOREIGN KEY(region, fy, pool) REFERENCES pools(region, fy, code) ON DELETE CASCADE, FOREIGN KEY(region, fy, standard) REFERENCES standards(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO prices_r SELECT '000000000', * FROM prices;"
	"CREATE TABLE projects_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, agency TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, tier TEXT NOT NULL, function TEXT NOT NULL, rigid INTEGER NOT NULL DEFAULT 0, urgent INTEGER NOT NULL DEFAULT 0, new INTEGER NOT NULL DEFAULT 0, basis TEXT, priority TEXT, scope TEXT NOT NULL DEFAULT 'department', score INTEGER, start_year INTEGER, end_year INTEGER, version INTEGER NOT NULL DEFAULT 1, is_basic INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(region, fy, code), FOREIGN KEY(region, fy, agency) REFERENCES agencies(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO projects_r SELECT '000000000', * FROM projects;"
	"CREATE TABLE items_r(region TEXT NOT NULL, fy INTEGER NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL, content TEXT NOT NULL, economic TEXT NOT NULL, standard TEXT, unit TEXT NOT NULL, price_fen INTEGER NOT NULL, quantity INTEGER NOT NULL, level INTEGER NOT NULL DEFAULT 1, source TEXT, PRIMARY KEY(region, fy, project, seq), FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO items_r SELECT '000000000', * FROM items;"
	"CREATE TABLE history_r(region TEXT NOT NULL, year INTEGER NOT NULL, project TEXT NOT NULL, agency TEXT NOT NULL, name TEXT, budget_fen INTEGER NOT NULL, executed_fen INTEGER NOT NULL, carryover_fen INTEGER NOT NULL DEFAULT 0, score INTEGER, PRIMARY KEY(region, year, project)) WITHOUT ROWID;"
	"INSERT INTO history_r SELECT '000000000', * FROM history;"
	"CREATE TABLE sources_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, function TEXT, amount_fen INTEGER NOT NULL, budget TEXT NOT NULL DEFAULT 'public', PRIMARY KEY(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO sources_r SELECT '000000000', * FROM sources;"
	"CREATE TABLE evaluations_r(region TEXT NOT NULL, fy INTEGER NOT NULL, project TEXT NOT NULL, score INTEGER NOT NULL, conclusion TEXT NOT NULL, ratio INTEGER, necessity INTEGER, economy INTEGER, targets INTEGER, feasibility INTEGER, compliance INTEGER, evaluator TEXT, date TEXT, PRIMARY KEY(region, fy, project), FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO evaluations_r SELECT '000000000', * FROM evaluations;"
	"CREATE TABLE reviews_r(region TEXT NOT NULL, fy INTEGER NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL, round INTEGER NOT NULL DEFAULT 1, action TEXT NOT NULL, price_fen INTEGER, quantity INTEGER, reason TEXT, reviewer TEXT, PRIMARY KEY(region, fy, project, seq, round), FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO reviews_r SELECT '000000000', * FROM reviews;"
	"CREATE TABLE targets_r(region TEXT NOT NULL, fy INTEGER NOT NULL, project TEXT NOT NULL, name TEXT NOT NULL, level1 TEXT NOT NULL, level2 TEXT NOT NULL, operator TEXT NOT NULL, value TEXT NOT NULL, unit TEXT, weight INTEGER, PRIMARY KEY(region, fy, project, name), FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO targets_r SELECT '000000000', * FROM targets;"
	"CREATE TABLE plans_r(region TEXT NOT NULL, fy INTEGER NOT NULL, project TEXT NOT NULL, year INTEGER NOT NULL, amount_fen INTEGER NOT NULL, PRIMARY KEY(region, fy, project, year), FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO plans_r SELECT '000000000', * FROM plans;"
	"CREATE TABLE scenarios_r(region TEXT NOT NULL, fy INTEGER NOT NULL, name TEXT NOT NULL, params TEXT NOT NULL, created TEXT NOT NULL, capacity_fen INTEGER NOT NULL, requested_fen INTEGER NOT NULL, approved_fen INTEGER NOT NULL, funded_fen INTEGER NOT NULL, shortfall_fen INTEGER NOT NULL, inputs_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(region, fy, name)) WITHOUT ROWID;"
	"INSERT INTO scenarios_r SELECT '000000000', * FROM scenarios;"
	"CREATE TABLE scenario_projects_r(region TEXT NOT NULL, fy INTEGER NOT NULL, scenario TEXT NOT NULL, project TEXT NOT NULL, funded_fen INTEGER NOT NULL, results TEXT NOT NULL, PRIMARY KEY(region, fy, scenario, project), FOREIGN KEY(region, fy, scenario) REFERENCES scenarios(region, fy, name) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO scenario_projects_r SELECT '000000000', * FROM scenario_projects;"
	"CREATE TABLE quotas_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, standard TEXT NOT NULL, kind TEXT NOT NULL, count TEXT NOT NULL, class TEXT, PRIMARY KEY(region, fy, code), FOREIGN KEY(region, fy, standard) REFERENCES standards(region, fy, code) ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO quotas_r SELECT '000000000', * FROM quotas;"
	"CREATE TABLE selfevals_r(region TEXT NOT NULL, year INTEGER NOT NULL, project TEXT NOT NULL, score INTEGER NOT NULL, grade TEXT, note TEXT, PRIMARY KEY(region, year, project)) WITHOUT ROWID;"
	"INSERT INTO selfevals_r SELECT '000000000', * FROM selfevals;"
	"CREATE TABLE season_r(region TEXT NOT NULL, fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL DEFAULT 1, state TEXT NOT NULL DEFAULT 'draft', version INTEGER NOT NULL DEFAULT 0, changed TEXT, PRIMARY KEY(region, fy, agency)) WITHOUT ROWID;"
	"INSERT INTO season_r SELECT '000000000', * FROM season;"
	"CREATE TABLE season_rounds_r(region TEXT NOT NULL, fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL, control_fen INTEGER NOT NULL, origin TEXT NOT NULL, issued TEXT NOT NULL, PRIMARY KEY(region, fy, agency, round)) WITHOUT ROWID;"
	"INSERT INTO season_rounds_r SELECT '000000000', * FROM season_rounds;"
	"CREATE TABLE season_events_r(region TEXT NOT NULL, id INTEGER PRIMARY KEY, fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL, action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, who TEXT NOT NULL, time TEXT NOT NULL, opinion TEXT, projects TEXT, requested_fen INTEGER, control_fen INTEGER);"
	"INSERT INTO season_events_r SELECT '000000000', * FROM season_events;"
	"CREATE TABLE controls_r(region TEXT NOT NULL, fy INTEGER NOT NULL, agency TEXT NOT NULL, round INTEGER NOT NULL, amount_fen INTEGER NOT NULL, basic_fen INTEGER, sangong_fen INTEGER, note TEXT, PRIMARY KEY(region, fy, agency, round), FOREIGN KEY(region, fy, agency) REFERENCES agencies(region, fy, code)) WITHOUT ROWID;"
	"INSERT INTO controls_r SELECT '000000000', * FROM controls;"
	"CREATE TABLE adoptions_r(region TEXT NOT NULL, fy INTEGER NOT NULL, scenario TEXT NOT NULL, adopted_at TEXT NOT NULL, who TEXT NOT NULL, entry INTEGER NOT NULL, result_hash TEXT NOT NULL, PRIMARY KEY(region, fy));"
	"INSERT INTO adoptions_r SELECT '000000000', * FROM adoptions;"
	"CREATE TABLE adjustments_r(region TEXT NOT NULL, fy INTEGER NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, project TEXT NOT NULL, seq INTEGER NOT NULL, amount_fen INTEGER NOT NULL, \"trigger\" TEXT, reason TEXT, \"by\" TEXT, PRIMARY KEY(region, fy, code, project, seq)) WITHOUT ROWID;"
	"INSERT INTO adjustments_r SELECT '000000000', * FROM adjustments;"
	"CREATE TABLE scenario_results_r(region TEXT NOT NULL, fy INTEGER NOT NULL, scenario TEXT NOT NULL, agency TEXT NOT NULL, funded_fen INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(region, fy, scenario, agency), FOREIGN KEY(region, fy, scenario) REFERENCES scenarios(region, fy, name) ON DELETE CASCADE);"
	"INSERT INTO scenario_results_r SELECT '000000000', * FROM scenario_results;"
	"CREATE TABLE scenario_inputs_r(region TEXT NOT NULL, fy INTEGER NOT NULL, inputs_at INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(region, fy, inputs_at));"
	"INSERT INTO scenario_inputs_r SELECT '000000000', * FROM scenario_inputs;"
	"DROP TABLE settings;"
	"DROP TABLE agencies;"
	"DROP TABLE bases;"
	"DROP TABLE standards;"
	"DROP TABLE priorities;"
	"DROP TABLE negative;"
	"DROP TABLE pools;"
	"DROP TABLE prices;"
	"DROP TABLE projects;"
	"DROP TABLE items;"
	"DROP TABLE history;"
	"DROP TABLE sources;"
	"DROP TABLE evaluations;"
	"DROP TABLE reviews;"
	"DROP TABLE targets;"
	"DROP TABLE plans;"
	"DROP TABLE scenarios;"
	"DROP TABLE scenario_projects;"
	"DROP TABLE quotas;"
	"DROP TABLE selfevals;"
	"DROP TABLE season;"
	"DROP TABLE season_rounds;"
	"DROP TABLE season_events;"
	"DROP TABLE controls;"
	"DROP TABLE adoptions;"
	"DROP TABLE adjustments;"
	"DROP TABLE scenario_results;"
	"DROP TABLE scenario_inputs;"
	"ALTER TABLE settings_r RENAME TO settings;"
	"ALTER TABLE agencies_r RENAME TO agencies;"
	"ALTER TABLE bases_r RENAME TO bases;"
	"ALTER TABLE standards_r RENAME TO standards;"
	"ALTER TABLE priorities_r RENAME TO priorities;"
	"ALTER TABLE negative_r RENAME TO negative;"
	"ALTER TABLE pools_r RENAME TO pools;"
	"ALTER TABLE prices_r RENAME TO prices;"
	"ALTER TABLE projects_r RENAME TO projects;"
	"ALTER TABLE items_r RENAME TO items;"
	"ALTER TABLE history_r RENAME TO history;"
	"ALTER TABLE sources_r RENAME TO sources;"
	"ALTER TABLE evaluations_r RENAME TO evaluations;"
	"ALTER TABLE reviews_r RENAME TO reviews;"
	"ALTER TABLE targets_r RENAME TO targets;"
	"ALTER TABLE plans_r RENAME TO plans;"
	"ALTER TABLE scenarios_r RENAME TO scenarios;"
	"ALTER TABLE scenario_projects_r RENAME TO scenario_projects;"
	"ALTER TABLE quotas_r RENAME TO quotas;"
	"ALTER TABLE selfevals_r RENAME TO selfevals;"
	"ALTER TABLE season_r RENAME TO season;"
	"ALTER TABLE season_rounds_r RENAME TO season_rounds;"
	"ALTER TABLE season_events_r RENAME TO season_events;"
	"ALTER TABLE controls_r RENAME TO controls;"
	"ALTER TABLE adoptions_r RENAME TO adoptions;"
	"ALTER TABLE adjustments_r RENAME TO adjustments;"
	"ALTER TABLE scenario_results_r RENAME TO scenario_results;"
	"ALTER TABLE scenario_inputs_r RENAME TO scenario_inputs;"
	"CREATE INDEX projects_agency ON projects(region, fy, agency);"
	"CREATE INDEX season_events_agency ON season_events(region, fy, agency, id);"
	"CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
	"INSERT INTO regions VALUES('000000000', '本级');"
	"ALTER TABLE users ADD COLUMN region TEXT NOT NULL DEFAULT '000000000';"
	"ALTER TABLE users ADD COLUMN scope TEXT;"
	/* a session's last write (CLOCK_REALTIME ns): the servers of one book
	 * read a user's writes through whichever serves its next read
	 * (api_cache.c) */
	"ALTER TABLE sessions ADD COLUMN wrote INTEGER NOT NULL DEFAULT 0;",
	/* 13 -> 14: PostgreSQL's tables partitioned by region; nothing here */
	"SELECT 1;",
	/* 14 -> 15: the region an audit entry was written in (NULL: the whole
	 * book's, or an entry from before regions were kept); inside the
	 * entry's hash when it has one (audit.c) */
	"ALTER TABLE audit ADD COLUMN region TEXT;",
};
#define N_SQLITE (sizeof(sqlite_migrations) / sizeof(sqlite_migrations[0]))

_Static_assert(N_SQLITE == STORE_SCHEMA_VERSION, "one migration per schema version");


/* --- PostgreSQL ------------------------------------------------------------
 * No PostgreSQL book predates schema version 9: pg_base makes one at that
 * version, and pg_migrations[i] takes one from PG_BASE + i to PG_BASE + i + 1.
 * The same tables and columns, in the same order, as on SQLite: integers
 * (money in fen among them) as bigint, blobs as bytea, text compared and
 * sorted by its bytes (COLLATE "C") as SQLite does; the audit log's
 * append-only triggers and the scenario views in PL/pgSQL and PostgreSQL's
 * JSON functions; instr() as SQLite has it (the store's one text function
 * PostgreSQL lacks). */
#define PG_BASE 9

static const char pg_base[] =
	"CREATE TABLE meta(key text COLLATE \"C\" PRIMARY KEY, value text COLLATE \"C\" NOT NULL);"
	"CREATE TABLE settings(key text COLLATE \"C\" PRIMARY KEY, value text COLLATE \"C\" NOT NULL);"
	"CREATE TABLE agencies(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, parent text COLLATE \"C\", headcount bigint NOT NULL DEFAULT 0, function text"
	" COLLATE \"C\", PRIMARY KEY(fy, code));"
	"CREATE TABLE bases(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, title text COLLATE"
	" \"C\" NOT NULL, level text COLLATE \"C\", valid_from text COLLATE \"C\", valid_to text COLLATE"
	" \"C\", PRIMARY KEY(fy, code));"
	"CREATE TABLE standards(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, economic text COLLATE \"C\" NOT NULL, unit text COLLATE \"C\" NOT NULL,"
	" max_price_fen bigint NOT NULL, quota_per_head bigint, basis text COLLATE \"C\", valid_from"
	" text COLLATE \"C\", valid_to text COLLATE \"C\", PRIMARY KEY(fy, code));"
	"CREATE TABLE priorities(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, rank bigint NOT NULL, PRIMARY KEY(fy, code));"
	"CREATE TABLE negative(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, description text"
	" COLLATE \"C\" NOT NULL, economic text COLLATE \"C\", keyword text COLLATE \"C\", scope text"
	" COLLATE \"C\" NOT NULL DEFAULT 'all', PRIMARY KEY(fy, code));"
	"CREATE TABLE pools(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, economic text COLLATE \"C\" NOT NULL, PRIMARY KEY(fy, code));"
	"CREATE TABLE prices(fy bigint NOT NULL, pool text COLLATE \"C\" NOT NULL, standard text COLLATE"
	" \"C\" NOT NULL, price_fen bigint NOT NULL, PRIMARY KEY(fy, pool, standard), FOREIGN KEY(fy,"
	" pool) REFERENCES pools(fy, code) ON DELETE CASCADE, FOREIGN KEY(fy, standard) REFERENCES"
	" standards(fy, code) ON DELETE CASCADE);"
	"CREATE TABLE projects(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, agency text COLLATE"
	" \"C\" NOT NULL, name text COLLATE \"C\" NOT NULL, kind text COLLATE \"C\" NOT NULL, tier text"
	" COLLATE \"C\" NOT NULL, function text COLLATE \"C\" NOT NULL, rigid bigint NOT NULL DEFAULT 0,"
	" urgent bigint NOT NULL DEFAULT 0, new bigint NOT NULL DEFAULT 0, basis text COLLATE \"C\","
	" priority text COLLATE \"C\", scope text COLLATE \"C\" NOT NULL DEFAULT 'department', score"
	" bigint, start_year bigint, end_year bigint, version bigint NOT NULL DEFAULT 1, PRIMARY KEY(fy,"
	" code), FOREIGN KEY(fy, agency) REFERENCES agencies(fy, code));"
	"CREATE INDEX projects_agency ON projects(fy, agency);"
	"CREATE TABLE items(fy bigint NOT NULL, project text COLLATE \"C\" NOT NULL, seq bigint NOT"
	" NULL, content text COLLATE \"C\" NOT NULL, economic text COLLATE \"C\" NOT NULL, standard text"
	" COLLATE \"C\", unit text COLLATE \"C\" NOT NULL, price_fen bigint NOT NULL, quantity bigint"
	" NOT NULL, level bigint NOT NULL DEFAULT 1, source text COLLATE \"C\", PRIMARY KEY(fy, project,"
	" seq), FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE CASCADE);"
	"CREATE TABLE history(year bigint NOT NULL, project text COLLATE \"C\" NOT NULL, agency text"
	" COLLATE \"C\" NOT NULL, name text COLLATE \"C\", budget_fen bigint NOT NULL, executed_fen"
	" bigint NOT NULL, carryover_fen bigint NOT NULL DEFAULT 0, score bigint, PRIMARY KEY(year,"
	" project));"
	"CREATE TABLE sources(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, kind text COLLATE \"C\" NOT NULL, function text COLLATE \"C\", amount_fen"
	" bigint NOT NULL, PRIMARY KEY(fy, code));"
	"CREATE TABLE evaluations(fy bigint NOT NULL, project text COLLATE \"C\" NOT NULL, score bigint"
	" NOT NULL, conclusion text COLLATE \"C\" NOT NULL, ratio bigint, necessity bigint, economy"
	" bigint, targets bigint, feasibility bigint, compliance bigint, evaluator text COLLATE \"C\","
	" date text COLLATE \"C\", PRIMARY KEY(fy, project), FOREIGN KEY(fy, project) REFERENCES"
	" projects(fy, code) ON DELETE CASCADE);"
	"CREATE TABLE reviews(fy bigint NOT NULL, project text COLLATE \"C\" NOT NULL, seq bigint NOT"
	" NULL, round bigint NOT NULL DEFAULT 1, action text COLLATE \"C\" NOT NULL, price_fen bigint,"
	" quantity bigint, reason text COLLATE \"C\", reviewer text COLLATE \"C\", PRIMARY KEY(fy,"
	" project, seq, round), FOREIGN KEY(fy, project) REFERENCES projects(fy, code) ON DELETE"
	" CASCADE);"
	"CREATE TABLE targets(fy bigint NOT NULL, project text COLLATE \"C\" NOT NULL, name text COLLATE"
	" \"C\" NOT NULL, level1 text COLLATE \"C\" NOT NULL, level2 text COLLATE \"C\" NOT NULL,"
	" operator text COLLATE \"C\" NOT NULL, value text COLLATE \"C\" NOT NULL, unit text COLLATE"
	" \"C\", weight bigint, PRIMARY KEY(fy, project, name), FOREIGN KEY(fy, project) REFERENCES"
	" projects(fy, code) ON DELETE CASCADE);"
	"CREATE TABLE plans(fy bigint NOT NULL, project text COLLATE \"C\" NOT NULL, year bigint NOT"
	" NULL, amount_fen bigint NOT NULL, PRIMARY KEY(fy, project, year), FOREIGN KEY(fy, project)"
	" REFERENCES projects(fy, code) ON DELETE CASCADE);"
	"CREATE TABLE users(name text COLLATE \"C\" PRIMARY KEY, role text COLLATE \"C\" NOT NULL,"
	" agency text COLLATE \"C\", pwhash text COLLATE \"C\" NOT NULL, is_disabled bigint NOT NULL"
	" DEFAULT 0, created text COLLATE \"C\" NOT NULL, changed text COLLATE \"C\" NOT NULL);"
	"CREATE TABLE sessions(token_hash text COLLATE \"C\" PRIMARY KEY, \"user\" text COLLATE \"C\""
	" NOT NULL REFERENCES users(name) ON DELETE CASCADE, csrf text COLLATE \"C\" NOT NULL, created"
	" bigint NOT NULL, last_seen bigint NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(\"user\");"
	"CREATE TABLE login_failures(name text COLLATE \"C\" PRIMARY KEY, n_failed bigint NOT NULL,"
	" last_failed bigint NOT NULL, locked_until bigint NOT NULL);"
	"CREATE TABLE audit(id bigint PRIMARY KEY, time text COLLATE \"C\" NOT NULL, \"user\" text"
	" COLLATE \"C\" NOT NULL, action text COLLATE \"C\" NOT NULL, object text COLLATE \"C\" NOT"
	" NULL, before_json text COLLATE \"C\" NOT NULL, after_json text COLLATE \"C\" NOT NULL,"
	" prev_hash text COLLATE \"C\" NOT NULL, hash text COLLATE \"C\" NOT NULL);"
	"CREATE TABLE scenarios(fy bigint NOT NULL, name text COLLATE \"C\" NOT NULL, params text"
	" COLLATE \"C\" NOT NULL, created text COLLATE \"C\" NOT NULL, capacity_fen bigint NOT NULL,"
	" requested_fen bigint NOT NULL, approved_fen bigint NOT NULL, funded_fen bigint NOT NULL,"
	" shortfall_fen bigint NOT NULL, PRIMARY KEY(fy, name));"
	"CREATE TABLE scenario_projects(fy bigint NOT NULL, scenario text COLLATE \"C\" NOT NULL,"
	" project text COLLATE \"C\" NOT NULL, funded_fen bigint NOT NULL, results text COLLATE \"C\""
	" NOT NULL, PRIMARY KEY(fy, scenario, project), FOREIGN KEY(fy, scenario) REFERENCES"
	" scenarios(fy, name) ON DELETE CASCADE);"
	"ALTER TABLE agencies ADD COLUMN establishment bigint;"
	"ALTER TABLE agencies ADD COLUMN retired bigint NOT NULL DEFAULT 0;"
	"ALTER TABLE agencies ADD COLUMN class text COLLATE \"C\";"
	"ALTER TABLE negative ADD COLUMN \"except\" text COLLATE \"C\";"
	"ALTER TABLE projects ADD COLUMN is_basic bigint NOT NULL DEFAULT 0;"
	"CREATE TABLE quotas(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, standard text COLLATE"
	" \"C\" NOT NULL, kind text COLLATE \"C\" NOT NULL, count text COLLATE \"C\" NOT NULL, class"
	" text COLLATE \"C\", PRIMARY KEY(fy, code), FOREIGN KEY(fy, standard) REFERENCES standards(fy,"
	" code) ON DELETE CASCADE);"
	"CREATE TABLE selfevals(year bigint NOT NULL, project text COLLATE \"C\" NOT NULL, score bigint"
	" NOT NULL, grade text COLLATE \"C\", note text COLLATE \"C\", PRIMARY KEY(year, project));"
	"CREATE TABLE season(fy bigint NOT NULL, agency text COLLATE \"C\" NOT NULL, round bigint NOT"
	" NULL DEFAULT 1, state text COLLATE \"C\" NOT NULL DEFAULT 'draft', version bigint NOT NULL"
	" DEFAULT 0, changed text COLLATE \"C\", PRIMARY KEY(fy, agency));"
	"CREATE TABLE season_rounds(fy bigint NOT NULL, agency text COLLATE \"C\" NOT NULL, round bigint"
	" NOT NULL, control_fen bigint NOT NULL, origin text COLLATE \"C\" NOT NULL, issued text COLLATE"
	" \"C\" NOT NULL, PRIMARY KEY(fy, agency, round));"
	"CREATE TABLE season_events(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, fy bigint"
	" NOT NULL, agency text COLLATE \"C\" NOT NULL, round bigint NOT NULL, action text COLLATE \"C\""
	" NOT NULL, from_state text COLLATE \"C\" NOT NULL, to_state text COLLATE \"C\" NOT NULL, who"
	" text COLLATE \"C\" NOT NULL, time text COLLATE \"C\" NOT NULL, opinion text COLLATE \"C\","
	" projects text COLLATE \"C\", requested_fen bigint, control_fen bigint);"
	"CREATE INDEX season_events_agency ON season_events(fy, agency, id);"
	"CREATE TABLE season_snapshots(event bigint NOT NULL REFERENCES season_events(id), project text"
	" COLLATE \"C\" NOT NULL, seq bigint NOT NULL, price_fen bigint NOT NULL, quantity bigint NOT"
	" NULL, PRIMARY KEY(event, project, seq));"
	"CREATE TABLE controls(fy bigint NOT NULL, agency text COLLATE \"C\" NOT NULL, round bigint NOT"
	" NULL, amount_fen bigint NOT NULL, basic_fen bigint, sangong_fen bigint, note text COLLATE"
	" \"C\", PRIMARY KEY(fy, agency, round), FOREIGN KEY(fy, agency) REFERENCES agencies(fy, code));"
	"ALTER TABLE audit ADD COLUMN rows text COLLATE \"C\" NOT NULL DEFAULT '';"
	"CREATE TABLE row_digests(tbl text COLLATE \"C\" NOT NULL, key text COLLATE \"C\" NOT NULL,"
	" digest text COLLATE \"C\" NOT NULL, entry bigint NOT NULL, PRIMARY KEY(tbl, key));"
	"CREATE TABLE audit_counts(day text COLLATE \"C\" NOT NULL, action text COLLATE \"C\" NOT NULL,"
	" n bigint NOT NULL, first text COLLATE \"C\" NOT NULL, last text COLLATE \"C\" NOT NULL,"
	" PRIMARY KEY(day, action));"
	"ALTER TABLE sources ADD COLUMN budget text COLLATE \"C\" NOT NULL DEFAULT 'public';"
	"ALTER TABLE scenarios ADD COLUMN inputs_at bigint NOT NULL DEFAULT 0;"
	"CREATE TABLE scenario_inputs(fy bigint NOT NULL, inputs_at bigint NOT NULL, raw_bytes bigint"
	" NOT NULL, data bytea NOT NULL, UNIQUE(fy, inputs_at));"
	"CREATE TABLE adoptions(fy bigint PRIMARY KEY, scenario text COLLATE \"C\" NOT NULL, adopted_at"
	" text COLLATE \"C\" NOT NULL, who text COLLATE \"C\" NOT NULL, entry bigint NOT NULL,"
	" result_hash text COLLATE \"C\" NOT NULL);"
	"CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE"
	" EXCEPTION 'the audit log is append-only'; END $f$;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION"
	" audit_append_only();"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION"
	" audit_append_only();"
	"CREATE VIEW scenario_items AS SELECT sp.fy, sp.scenario, sp.project, (i.value->>0)::bigint AS"
	" seq, (i.value->>1)::bigint AS funded_fen, i.value->>2 AS status, i.value->>3 AS codes FROM"
	" scenario_projects sp, json_array_elements(sp.results::json) i(value);"
	"CREATE VIEW scenario_draws AS SELECT sp.fy, sp.scenario, sp.project, (i.value->>0)::bigint AS"
	" seq, d.value->>0 AS source, (d.value->>1)::bigint AS amount_fen FROM scenario_projects sp,"
	" json_array_elements(sp.results::json) i(value), json_array_elements(i.value->4) d(value);"
	"CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $f$ SELECT"
	" strpos($1, $2) $f$;";

static const char *const pg_migrations[] = {
	/* 9 -> 10: adjustments (as SQLite's 9 -> 10) */
	"CREATE TABLE adjustments(fy bigint NOT NULL, code text COLLATE \"C\" NOT NULL, kind text COLLATE \"C\""
	" NOT NULL, date text COLLATE \"C\" NOT NULL, project text COLLATE \"C\" NOT NULL, seq bigint NOT NULL,"
	" amount_fen bigint NOT NULL, \"trigger\" text COLLATE \"C\", reason text COLLATE \"C\","
	" \"by\" text COLLATE \"C\", PRIMARY KEY(fy, code, project, seq));",
	/* 10 -> 11: scenario_results (as SQLite's 10 -> 11) */
	"DROP VIEW scenario_items; DROP VIEW scenario_draws;"
	"CREATE TABLE scenario_results(fy bigint NOT NULL, scenario text COLLATE \"C\" NOT NULL, agency text"
	" COLLATE \"C\" NOT NULL, funded_fen bigint NOT NULL, data bytea NOT NULL, PRIMARY KEY(fy, scenario,"
	" agency), FOREIGN KEY(fy, scenario) REFERENCES scenarios(fy, name) ON DELETE CASCADE);",
	/* 11 -> 12: scenario_inputs' primary key (as SQLite's 11 -> 12) */
	"ALTER TABLE scenario_inputs DROP CONSTRAINT IF EXISTS scenario_inputs_fy_inputs_at_key;"
	"ALTER TABLE scenario_inputs ADD PRIMARY KEY(fy, inputs_at);"
	"UPDATE row_digests SET key = split_part(key, '/', 1) || '/' || split_part(key, '/', 2)"
	" WHERE tbl = 'scenario_inputs' AND split_part(key, '/', 3) <> '';",
	/* 12 -> 13: regions (as SQLite's 12 -> 13); zbb_region() reads the
	 * session's region (db_set_region) */
	"DROP INDEX projects_agency;"
	"DROP INDEX season_events_agency;"
	"ALTER TABLE settings ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE settings ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE settings DROP CONSTRAINT settings_pkey CASCADE;"
	"ALTER TABLE settings ADD PRIMARY KEY(region, key);"
	"ALTER TABLE agencies ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE agencies ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE agencies DROP CONSTRAINT agencies_pkey CASCADE;"
	"ALTER TABLE agencies ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE bases ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE bases ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE bases DROP CONSTRAINT bases_pkey CASCADE;"
	"ALTER TABLE bases ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE standards ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE standards ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE standards DROP CONSTRAINT standards_pkey CASCADE;"
	"ALTER TABLE standards ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE priorities ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE priorities ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE priorities DROP CONSTRAINT priorities_pkey CASCADE;"
	"ALTER TABLE priorities ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE negative ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE negative ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE negative DROP CONSTRAINT negative_pkey CASCADE;"
	"ALTER TABLE negative ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE pools ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE pools ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE pools DROP CONSTRAINT pools_pkey CASCADE;"
	"ALTER TABLE pools ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE prices ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE prices ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE prices DROP CONSTRAINT prices_pkey CASCADE;"
	"ALTER TABLE prices ADD PRIMARY KEY(region, fy, pool, standard);"
	"ALTER TABLE projects ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE projects ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE projects DROP CONSTRAINT projects_pkey CASCADE;"
	"ALTER TABLE projects ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE items ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE items ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE items DROP CONSTRAINT items_pkey CASCADE;"
	"ALTER TABLE items ADD PRIMARY KEY(region, fy, project, seq);"
	"ALTER TABLE history ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE history ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE history DROP CONSTRAINT history_pkey CASCADE;"
	"ALTER TABLE history ADD PRIMARY KEY(region, year, project);"
	"ALTER TABLE sources ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE sources ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE sources DROP CONSTRAINT sources_pkey CASCADE;"
	"ALTER TABLE sources ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE evaluations ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE evaluations ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE evaluations DROP CONSTRAINT evaluations_pkey CASCADE;"
	"ALTER TABLE evaluations ADD PRIMARY KEY(region, fy, project);"
	"ALTER TABLE reviews ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE reviews ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE reviews DROP CONSTRAINT reviews_pkey CASCADE;"
	"ALTER TABLE reviews ADD PRIMARY KEY(region, fy, project, seq, round);"
	"ALTER TABLE targets ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE targets ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE targets DROP CONSTRAINT targets_pkey CASCADE;"
	"ALTER TABLE targets ADD PRIMARY KEY(region, fy, project, name);"
	"ALTER TABLE plans ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE plans ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE plans DROP CONSTRAINT plans_pkey CASCADE;"
	"ALTER TABLE plans ADD PRIMARY KEY(region, fy, project, year);"
	"ALTER TABLE scenarios ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE scenarios ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE scenarios DROP CONSTRAINT scenarios_pkey CASCADE;"
	"ALTER TABLE scenarios ADD PRIMARY KEY(region, fy, name);"
	"ALTER TABLE scenario_projects ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE scenario_projects ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE scenario_projects DROP CONSTRAINT scenario_projects_pkey CASCADE;"
	"ALTER TABLE scenario_projects ADD PRIMARY KEY(region, fy, scenario, project);"
	"ALTER TABLE quotas ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE quotas ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE quotas DROP CONSTRAINT quotas_pkey CASCADE;"
	"ALTER TABLE quotas ADD PRIMARY KEY(region, fy, code);"
	"ALTER TABLE selfevals ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE selfevals ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE selfevals DROP CONSTRAINT selfevals_pkey CASCADE;"
	"ALTER TABLE selfevals ADD PRIMARY KEY(region, year, project);"
	"ALTER TABLE season ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE season ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE season DROP CONSTRAINT season_pkey CASCADE;"
	"ALTER TABLE season ADD PRIMARY KEY(region, fy, agency);"
	"ALTER TABLE season_rounds ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE season_rounds ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE season_rounds DROP CONSTRAINT season_rounds_pkey CASCADE;"
	"ALTER TABLE season_rounds ADD PRIMARY KEY(region, fy, agency, round);"
	"ALTER TABLE season_events ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE season_events ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE controls ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE controls ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE controls DROP CONSTRAINT controls_pkey CASCADE;"
	"ALTER TABLE controls ADD PRIMARY KEY(region, fy, agency, round);"
	"ALTER TABLE adoptions ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE adoptions ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE adoptions DROP CONSTRAINT adoptions_pkey CASCADE;"
	"ALTER TABLE adoptions ADD PRIMARY KEY(region, fy);"
	"ALTER TABLE adjustments ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE adjustments ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE adjustments DROP CONSTRAINT adjustments_pkey CASCADE;"
	"ALTER TABLE adjustments ADD PRIMARY KEY(region, fy, code, project, seq);"
	"ALTER TABLE scenario_results ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE scenario_results ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE scenario_results DROP CONSTRAINT scenario_results_pkey CASCADE;"
	"ALTER TABLE scenario_results ADD PRIMARY KEY(region, fy, scenario, agency);"
	"ALTER TABLE scenario_inputs ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE scenario_inputs ALTER COLUMN region DROP DEFAULT;"
	"ALTER TABLE scenario_inputs DROP CONSTRAINT scenario_inputs_pkey CASCADE;"
	"ALTER TABLE scenario_inputs ADD PRIMARY KEY(region, fy, inputs_at);"
	"ALTER TABLE prices ADD FOREIGN KEY(region, fy, pool) REFERENCES pools(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE prices ADD FOREIGN KEY(region, fy, standard) REFERENCES standards(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE projects ADD FOREIGN KEY(region, fy, agency) REFERENCES agencies(region, fy, code);"
	"ALTER TABLE items ADD FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE evaluations ADD FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE reviews ADD FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE targets ADD FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE plans ADD FOREIGN KEY(region, fy, project) REFERENCES projects(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE scenario_projects ADD FOREIGN KEY(region, fy, scenario) REFERENCES scenarios(region, fy, name) ON DELETE CASCADE;"
	"ALTER TABLE quotas ADD FOREIGN KEY(region, fy, standard) REFERENCES standards(region, fy, code) ON DELETE CASCADE;"
	"ALTER TABLE controls ADD FOREIGN KEY(region, fy, agency) REFERENCES agencies(region, fy, code);"
	"ALTER TABLE scenario_results ADD FOREIGN KEY(region, fy, scenario) REFERENCES scenarios(region, fy, name) ON DELETE CASCADE;"
	"CREATE INDEX projects_agency ON projects(region, fy, agency);"
	"CREATE INDEX season_events_agency ON season_events(region, fy, agency, id);"
	"CREATE TABLE regions(code text COLLATE \"C\" PRIMARY KEY, name text COLLATE \"C\" NOT NULL);"
	"INSERT INTO regions VALUES('000000000', '本级');"
	"ALTER TABLE users ADD COLUMN region text COLLATE \"C\" NOT NULL DEFAULT '000000000';"
	"ALTER TABLE users ADD COLUMN scope text COLLATE \"C\";"
	"ALTER TABLE sessions ADD COLUMN wrote bigint NOT NULL DEFAULT 0;"
	"CREATE FUNCTION zbb_region() RETURNS text LANGUAGE sql STABLE AS $f$"
	" SELECT NULLIF(current_setting('zbb.region', true), '') $f$;"
	/* Row-level security on region (SPEC §14): a connection given a
	 * region (every server's, every command's on a book of several) sees
	 * and writes that region's rows only, even through a statement that
	 * forgot to say so; one without (a command over the whole book: audit
	 * verify, copy, backup) sees all.  FORCE: zbb's role owns the tables
	 * (a superuser, as in the tests' own servers, passes by every policy).
	 * Every table with a region column but users (a book's, not a
	 * region's) is fenced; t0950 checks that no later table is left out. */
	"DO $f$ DECLARE t text; BEGIN"
	" FOR t IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
	"  WHERE a.attname = 'region' AND c.relkind IN ('r', 'p') AND c.relname <> 'users'"
	"  AND c.relnamespace = current_schema()::regnamespace LOOP"
	"  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
	"  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);"
	"  EXECUTE format('CREATE POLICY region_fence ON %I USING (zbb_region() IS NULL OR region = zbb_region())"
	" WITH CHECK (zbb_region() IS NULL OR region = zbb_region())', t);"
	" END LOOP; END $f$;",
	/* 13 -> 14: every fenced table LIST-partitioned by region (SPEC §14):
	 * TABLE__CODE holds region CODE's rows (zbb_sys.region_partitions
	 * makes them as regions come: zbb region add, zbb copy), TABLE__default
	 * any other's.  Each table is made again as a partitioned one with the
	 * same columns, key, indexes, policy and rows; the foreign keys are
	 * put back once all are.  Only season_events stays whole (fenced by
	 * its policy all the same): its key is the book's event number, which
	 * season_snapshots refer to, and a partitioned table's key must hold
	 * region.  The
	 * row-tracking trigger (db_pg.c) goes on the partitioned tables and
	 * so on every partition, and tells a partition's rows as its table's. */
	"CREATE FUNCTION zbb_sys.region_partitions(code text, make boolean) RETURNS void LANGUAGE plpgsql AS $f$"
	" DECLARE t text; BEGIN"
	"  IF code !~ '^[0-9]{9}$' THEN RAISE EXCEPTION 'not a region code: %', code; END IF;"
	"  FOR t IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'p'"
	"   AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname LOOP"
	"   IF make THEN"
	"    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES IN (%L)', t || '__' || code, t, code);"
	"   ELSE"
	"    IF to_regclass(format('%I', t || '__' || code)) IS NOT NULL THEN"
	"     EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', t, t || '__' || code);"
	"     EXECUTE format('DROP TABLE %I', t || '__' || code);"
	"    END IF;"
	"   END IF;"
	"  END LOOP; END $f$;"
	"CREATE TEMP TABLE zbb_fk AS SELECT c.relname AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def"
	" FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f'"
	" AND c.relnamespace = current_schema()::regnamespace;"
	"DO $f$ DECLARE r record; t text; pk text; pkname text; ix text[]; d text; BEGIN"
	" FOR r IN SELECT * FROM zbb_fk LOOP"
	"  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.conname);"
	" END LOOP;"
	" FOR t IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
	"  JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY(k.conkey)"
	"  WHERE a.attname = 'region' AND c.relkind = 'r' AND c.relname <> 'users'"
	"  AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname LOOP"
	"  EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '__old');"
	"  SELECT k.conname, pg_get_constraintdef(k.oid) INTO pkname, pk FROM pg_constraint k"
	"   WHERE k.conrelid = (t || '__old')::regclass AND k.contype = 'p';"
	"  SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') INTO ix FROM pg_index i"
	"   WHERE i.indrelid = (t || '__old')::regclass AND NOT i.indisprimary;"
	"  FOR d IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
	"   WHERE i.indrelid = (t || '__old')::regclass LOOP"
	"   EXECUTE format('ALTER INDEX %I RENAME TO %I', d, d || '__old');"
	"  END LOOP;"
	"  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS) PARTITION BY LIST (region)', t, t || '__old');"
	"  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, pkname, pk);"
	"  FOREACH d IN ARRAY ix LOOP"
	"   EXECUTE replace(d, format(' ON %I.%I ', current_schema(), t || '__old'), format(' ON %I.%I ', current_schema(), t));"
	"  END LOOP;"
	"  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t || '__default', t);"
	"  FOR d IN SELECT code FROM regions ORDER BY code LOOP"
	"   EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', t || '__' || d, t, d);"
	"  END LOOP;"
	"  EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '__old');"
	"  EXECUTE format('DROP TABLE %I', t || '__old');"
	"  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
	"  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);"
	"  EXECUTE format('CREATE POLICY region_fence ON %I USING (zbb_region() IS NULL OR region = zbb_region())"
	" WITH CHECK (zbb_region() IS NULL OR region = zbb_region())', t);"
	" END LOOP;"
	" FOR r IN SELECT * FROM zbb_fk LOOP"
	"  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);"
	" END LOOP; END $f$;"
	"DROP TABLE zbb_fk;",
	/* 14 -> 15: the audit entry's region (as on SQLite), and the fence's
	 * region read once per statement: zbb_region() in a sub-select is an
	 * InitPlan, where a bare call is evaluated for every row (a third of a
	 * pipeline's load of the items, measured: bench/PROVINCE.md) */
	"ALTER TABLE audit ADD COLUMN region text COLLATE \"C\";"
	"DO $f$ DECLARE t text; BEGIN"
	" FOR t IN SELECT tablename FROM pg_policies WHERE policyname = 'region_fence' AND schemaname = current_schema() LOOP"
	"  EXECUTE format('ALTER POLICY region_fence ON %I USING ((SELECT zbb_region()) IS NULL"
	" OR region = (SELECT zbb_region())) WITH CHECK ((SELECT zbb_region()) IS NULL OR region = (SELECT zbb_region()))', t);"
	" END LOOP; END $f$;",
};
#define N_PG (sizeof(pg_migrations) / sizeof(pg_migrations[0]))

_Static_assert(PG_BASE + N_PG == STORE_SCHEMA_VERSION, "one PostgreSQL migration per schema version after the base");

int store_schema_migrate(struct db *db, int from, struct buf *err)
{
	if (db_dialect(db) == DB_POSTGRES) {
		if (from == 0 && db_exec(db, pg_base, err))
			return -1;
		if (from && from < PG_BASE) {
			buf_printf(err, "schema version %d: not a PostgreSQL book", from);
			return -1;
		}
		for (int i = from ? from : PG_BASE; i < STORE_SCHEMA_VERSION; i++)
			if (db_exec(db, pg_migrations[i - PG_BASE], err))
				return -1;
		return db_set_schema_version(db, STORE_SCHEMA_VERSION, err);
	}
	for (int i = from; i < STORE_SCHEMA_VERSION; i++)
		if (db_exec(db, sqlite_migrations[i], err))
			return -1;
	return db_set_schema_version(db, STORE_SCHEMA_VERSION, err);
}

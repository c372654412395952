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

/*
 * book.c - opening, creating and migrating the SQLite budget book, and its
 * settings.  Loading the book into memory is model.c's job; reading input
 * files is import.c's.
 */
#include "book.h"
#include "money.h"
#include "codes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Schema migrations: migrations[i] takes a book from version i to i+1.
 * Never edit a migration that has shipped; append a new one. */
static const char *const migrations[] = {
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
};
#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

_Static_assert(N_MIGRATIONS == BOOK_SCHEMA_VERSION, "one migration per schema version");

static void sql_err(struct book *b, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s: %s", b->path, what, sqlite3_errmsg(b->db));
}

int book_exec(struct book *b, const char *sql, struct buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(b->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s: %s", b->path, msg ? msg : sqlite3_errmsg(b->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int book_begin(struct book *b, struct buf *err)
{
	return book_exec(b, "BEGIN IMMEDIATE", err);
}

int book_commit(struct book *b, struct buf *err)
{
	return book_exec(b, "COMMIT", err);
}

void book_rollback(struct book *b)
{
	if (!sqlite3_get_autocommit(b->db))
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
}

static int user_version(struct book *b)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(b->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(struct book *b, struct buf *err)
{
	int v = user_version(b);
	if (v < 0) {
		sql_err(b, err, L("无法读取账簿版本", "cannot read the book's version"));
		return -1;
	}
	if (v > BOOK_SCHEMA_VERSION) {
		buf_printf(err,
			   L("%s: 此账簿由较新版本的 zbb 写入（账簿结构第 %d 版，本程序只认识到第 %d 版），请升级 zbb 后再打开",
			     "%s: this book was written by a newer zbb (schema version %d; this zbb knows up to %d); upgrade zbb to open it"),
			   b->path, v, BOOK_SCHEMA_VERSION);
		return -1;
	}
	if (v == BOOK_SCHEMA_VERSION)
		return 0;
	if (book_begin(b, err))
		return -1;
	for (int i = v; i < BOOK_SCHEMA_VERSION; i++) {
		if (book_exec(b, migrations[i], err))
			goto fail;
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", BOOK_SCHEMA_VERSION);
	if (book_exec(b, sql, err) || book_commit(b, err))
		goto fail;
	return 0;
fail:
	book_rollback(b);
	return -1;
}

int book_open(const char *path, unsigned flags, struct book **out, struct buf *err)
{
	struct book *b = xcalloc(1, sizeof(*b));
	b->path = xstrdup(path);
	if (!(flags & BOOK_CREATE) && access(path, F_OK) != 0) {
		buf_printf(err,
			   L("%s: 账簿不存在（先运行 zbb init --year 年度，或用 --book 指定账簿）",
			     "%s: no such book (run zbb init --year YEAR first, or name one with --book)"),
			   path);
		goto fail;
	}
	int oflags = (flags & BOOK_READONLY) ? SQLITE_OPEN_READONLY
					     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &b->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sql_err(b, err, L("无法打开账簿", "cannot open the book"));
		goto fail;
	}
	sqlite3_busy_timeout(b->db, 5000);
	/* a file that is not a database fails on the first read */
	if (book_exec(b, "PRAGMA foreign_keys=ON", err))
		goto fail;
	if (user_version(b) < 0) {
		buf_reset(err);
		buf_printf(err, L("%s: 不是 zbb 账簿（无法作为 SQLite 数据库读取）",
				  "%s: not a zbb book (not readable as an SQLite database)"),
			   path);
		goto fail;
	}
	if (!(flags & BOOK_READONLY)) {
		if (book_exec(b, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", err))
			goto fail;
		if (migrate(b, err))
			goto fail;
	} else if (user_version(b) > BOOK_SCHEMA_VERSION) {
		buf_printf(err, L("%s: 此账簿由较新版本的 zbb 写入，请升级 zbb 后再打开",
				  "%s: this book was written by a newer zbb; upgrade zbb to open it"),
			   path);
		goto fail;
	}
	b->year = book_current_year(b);
	*out = b;
	return 0;
fail:
	book_close(b);
	return -1;
}

void book_close(struct book *b)
{
	if (!b)
		return;
	if (b->db)
		sqlite3_close_v2(b->db);
	free(b->path);
	free(b);
}

int book_current_year(struct book *b)
{
	sqlite3_stmt *st;
	int y = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT value FROM meta WHERE key='year'", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		y = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return y;
}

int book_init(struct book *b, int year, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (book_begin(b, err))
		return -1;
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO meta(key, value) VALUES('year', ?1), ('created_by', ?2)"
			       " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
			       -1, &st, NULL) != SQLITE_OK) {
		sql_err(b, err, "init");
		goto out;
	}
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, "zbb " ZBB_VERSION, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sql_err(b, err, "init");
		goto out;
	}
	if (book_commit(b, err))
		goto out;
	b->year = year;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc)
		book_rollback(b);
	return rc;
}

int64_t book_count(struct book *b, const char *table)
{
	char sql[160];
	int has_fy = strcmp(table, "history") != 0;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"%s", table, has_fy ? " WHERE fy=?1" : "");
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (has_fy)
		sqlite3_bind_int(st, 1, b->year);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* --- backup --------------------------------------------------------- */

static void remove_sidecars(const char *path)
{
	char *p = xmalloc(strlen(path) + sizeof "-journal");
	sprintf(p, "%s-wal", path);
	unlink(p);
	sprintf(p, "%s-shm", path);
	unlink(p);
	sprintf(p, "%s-journal", path);
	unlink(p);
	free(p);
}

int book_backup(struct book *b, const char *dest, int force, void (*progress)(int done, int total),
		struct buf *err)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk = NULL;
	char *tmp = NULL;
	int rc = -1, in_read = 0;
	struct stat st_src, st_dst;
	if (stat(dest, &st_dst) == 0) {
		if (stat(b->path, &st_src) == 0 && st_src.st_dev == st_dst.st_dev && st_src.st_ino == st_dst.st_ino) {
			buf_printf(err, L("%s: 不能备份到账簿自身", "%s: cannot back a book up onto itself"), dest);
			return 1;
		}
		if (!force) {
			buf_printf(err, L("%s: 文件已存在（用 --force 覆盖）", "%s: the file exists (--force overwrites it)"),
				   dest);
			return 1;
		}
	}
	/* into a temporary name beside dest, renamed when complete: dest
	 * never holds half a copy */
	tmp = xmalloc(strlen(dest) + 32);
	sprintf(tmp, "%s.tmp-%ld", dest, (long)getpid());
	unlink(tmp);
	remove_sidecars(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, out ? sqlite3_errmsg(out) : "cannot open");
		goto out;
	}
	/* one read transaction over the whole copy: in WAL mode it pins a
	 * snapshot, so writers go on and the copy is the book as of one
	 * commit, however many steps it takes */
	if (book_exec(b, "BEGIN", err) || book_exec(b, "SELECT count(*) FROM sqlite_schema", err))
		goto out;
	in_read = 1;
	if (!(bk = sqlite3_backup_init(out, "main", b->db, "main"))) {
		buf_printf(err, "%s: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	int s;
	do {
		s = sqlite3_backup_step(bk, BOOK_BACKUP_STEP);
		if (progress)
			progress(sqlite3_backup_pagecount(bk) - sqlite3_backup_remaining(bk), sqlite3_backup_pagecount(bk));
		if (s == SQLITE_BUSY || s == SQLITE_LOCKED)
			sqlite3_sleep(5);
	} while (s == SQLITE_OK || s == SQLITE_BUSY || s == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	bk = NULL;
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", dest, sqlite3_errstr(s));
		goto out;
	}
	book_rollback(b);
	in_read = 0;
	/* the copy stands alone: no WAL beside it */
	char *msg = NULL;
	if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, msg ? msg : sqlite3_errmsg(out));
		sqlite3_free(msg);
		goto out;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	out = NULL;
	remove_sidecars(dest);
	if (rename(tmp, dest) != 0) {
		buf_printf(err, "%s: %s", dest, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (bk)
		sqlite3_backup_finish(bk);
	if (in_read)
		book_rollback(b);
	if (out)
		sqlite3_close(out);
	if (rc) {
		unlink(tmp);
		remove_sidecars(tmp);
	}
	free(tmp);
	return rc;
}

/* --- settings ------------------------------------------------------- */

const struct setting_def book_settings[] = {
	{ "affordability_ratio", "0.10", "新增投资项目跨年度支出责任占当年计划支出的上限比例",
	  "cap on multi-year commitments of new investment projects as a share of a year's planned spending" },
	{ "eval_threshold", "5000000", "新增项目申报总额达到此数（元）须经事前绩效评估",
	  "a new project requesting at least this (yuan) needs an evaluation" },
	{ "growth", "0.05", "“基数+增长”对照口径的增长率", "growth of the base-plus-growth counterfactual" },
	{ "livelihood_functions", "205;206;207;208;210;211;212;213;214;221",
	  "计入民生支出的功能分类类级科目", "function classes counted as livelihood spending" },
	{ "low_execution", "0.8", "回头看：延续项目平均执行率低于此值时按执行率压减",
	  "look-back: continuing projects executing below this mean rate are scaled by it" },
	{ "rereview_threshold", "20000000", "上年预算达到此数（元）的延续项目须重新论证",
	  "continuing projects whose last budget reached this (yuan) must be argued afresh" },
	{ "standards_required", "covered", "无标准不安排：covered（有标准的科目须引用标准）、all（302/310 全部须引用）、off",
	  "no standard, no money: covered, all (every 302/310 item) or off" },
};
const size_t book_settings_n = sizeof(book_settings) / sizeof(book_settings[0]);

const struct setting_def *book_setting_def(const char *key)
{
	for (size_t i = 0; i < book_settings_n; i++)
		if (!strcmp(book_settings[i].key, key))
			return &book_settings[i];
	return NULL;
}

static int check_ratio(const char *v, int64_t max, struct buf *norm, struct buf *err)
{
	int64_t r;
	const char *why;
	if (dec_parse(v, strlen(v), 6, 0, &r, &why)) {
		buf_adds(err, why);
		return -1;
	}
	if (r > max) {
		buf_adds(err, L("超出范围", "out of range"));
		return -1;
	}
	char tmp[MONEY_BUFSZ];
	buf_adds(norm, dec_format_min(r, 6, tmp));
	return 0;
}

int book_setting_check(const char *key, const char *v, struct buf *norm, struct buf *err)
{
	const char *why;
	if (!book_setting_def(key)) {
		buf_printf(err, L("没有这个设置项：%s（见 zbb get）", "no such setting: %s (see zbb get)"), key);
		return -1;
	}
	if (!strcmp(key, "eval_threshold") || !strcmp(key, "rereview_threshold")) {
		zb_fen f;
		if (money_parse(v, strlen(v), 0, &f, &why)) {
			buf_printf(err, "%s: %s", key, why);
			return -1;
		}
		char tmp[MONEY_BUFSZ];
		buf_adds(norm, dec_format_min(f, 2, tmp));
		return 0;
	}
	if (!strcmp(key, "standards_required")) {
		if (strcmp(v, "covered") && strcmp(v, "all") && strcmp(v, "off")) {
			buf_printf(err, L("%s: 应为 covered、all 或 off", "%s: must be covered, all or off"), key);
			return -1;
		}
		buf_adds(norm, v);
		return 0;
	}
	if (!strcmp(key, "livelihood_functions")) {
		const char *p = v;
		int n = 0;
		while (*p) {
			size_t len = strcspn(p, ";");
			while (len && p[0] == ' ') {
				p++;
				len--;
			}
			size_t l2 = len;
			while (l2 && p[l2 - 1] == ' ')
				l2--;
			if (l2) {
				if (l2 != 3 || codes_check(CODE_FUNCTION, p, l2, &why)) {
					buf_printf(err, L("%s: “%.*s” 不是功能分类类级科目（3 位）",
							  "%s: \"%.*s\" is not a function class (3 digits)"),
						   key, (int)l2, p);
					return -1;
				}
				if (n++)
					buf_addc(norm, ';');
				buf_add(norm, p, l2);
			}
			p += len;
			if (*p == ';')
				p++;
		}
		return 0;
	}
	/* the ratios */
	struct buf e2 = BUF_INIT;
	int64_t max = !strcmp(key, "growth") ? 10 * (int64_t)RATIO_ONE : RATIO_ONE;
	int rc = check_ratio(v, max, norm, &e2);
	if (rc)
		buf_printf(err, "%s: %s", key, buf_str(&e2));
	buf_release(&e2);
	return rc;
}

char *book_setting_get(struct book *b, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(b->db, "SELECT value FROM settings WHERE key=?1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (!v) {
		const struct setting_def *d = book_setting_def(key);
		v = xstrdup(d ? d->def : "");
	}
	return v;
}

int book_setting_set(struct book *b, const char *key, const char *value, struct buf *err)
{
	struct buf norm = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (book_setting_check(key, value, &norm, err))
		goto out;
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO settings(key, value) VALUES(?1, ?2)"
			       " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
			       -1, &st, NULL) != SQLITE_OK) {
		sql_err(b, err, "set");
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf_str(&norm), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sql_err(b, err, "set");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	buf_release(&norm);
	return rc;
}

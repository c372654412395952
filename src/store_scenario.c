/*
 * store_scenario.c - stored scenarios (SPEC §6): a row per scenario with
 * its parameters and totals, and a row per project with its items'
 * results (see store.h; what the results say is scenario.c's).
 */
#include "store.h"
#include "db.h"
#include "audit.h"

#include <sodium.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static int sqlfail(struct book *b, struct buf *err)
{
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

static const char *text(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return s ? s : "";
}

int store_scenario_put(struct book *b, const struct store_scenario *s, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	/* an older zbb's project rows (said, not left to the cascade: a bulk
	 * load runs without foreign-key actions); the scenario's row is
	 * updated in place, so that its agencies' rows that stay the same
	 * are not written again (store_scenario_put_agency, _done) */
	struct db_stmt *st = db_cached(b->db, "DELETE FROM scenario_projects WHERE region=zbb_region() AND fy=?1 AND scenario=?2");
	int r;
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, s->name, (size_t)-1);
	r = db_step(st);
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	st = db_cached(b->db, "INSERT INTO scenarios(region, fy, name, params, created, capacity_fen, requested_fen,"
			      " approved_fen, funded_fen, shortfall_fen, inputs_at) VALUES(zbb_region(),?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
			      " ON CONFLICT(region, fy, name) DO UPDATE SET params=excluded.params, created=excluded.created,"
			      " capacity_fen=excluded.capacity_fen, requested_fen=excluded.requested_fen,"
			      " approved_fen=excluded.approved_fen, funded_fen=excluded.funded_fen,"
			      " shortfall_fen=excluded.shortfall_fen, inputs_at=excluded.inputs_at");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, s->name, (size_t)-1);
	db_bind_text(st, 3, s->params, (size_t)-1);
	db_bind_text(st, 4, s->created, (size_t)-1);
	db_bind_int64(st, 5, s->capacity_fen);
	db_bind_int64(st, 6, s->requested_fen);
	db_bind_int64(st, 7, s->approved_fen);
	db_bind_int64(st, 8, s->funded_fen);
	db_bind_int64(st, 9, s->shortfall_fen);
	db_bind_int64(st, 10, s->inputs_at);
	r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : sqlfail(b, err);
}

int store_scenario_put_agency(struct book *b, const char *scenario, const char *agency, zb_fen funded_fen,
			      const void *data, size_t n, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	/* as stored already: nothing to write */
	struct db_stmt *st = db_cached(b->db, "SELECT funded_fen, data FROM scenario_results WHERE region=zbb_region() AND fy=?1"
					      " AND scenario=?2 AND agency=?3");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	db_bind_text(st, 3, agency, (size_t)-1);
	int r = db_step(st), same = 0;
	if (r == DB_ROW)
		same = db_col_int64(st, 0) == funded_fen && db_col_len(st, 1) == n &&
		       (!n || !memcmp(db_col_blob(st, 1), data, n));
	db_done(st);
	if (r != DB_ROW && r != DB_DONE)
		return sqlfail(b, err);
	if (same)
		return 0;
	st = db_cached(b->db, "INSERT INTO scenario_results(region, fy, scenario, agency, funded_fen, data)"
			      " VALUES(zbb_region(),?1,?2,?3,?4,?5) ON CONFLICT(region, fy, scenario, agency)"
			      " DO UPDATE SET funded_fen=excluded.funded_fen, data=excluded.data");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	db_bind_text(st, 3, agency, (size_t)-1);
	db_bind_int64(st, 4, funded_fen);
	db_bind_blob(st, 5, data, n);
	r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 1 : sqlfail(b, err);
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int store_scenario_put_done(struct book *b, const char *scenario, const char *const *agencies, size_t n,
			    struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char **put = xmalloc((n + 1) * sizeof *put);
	if (n) { /* none: a book without projects */
		memcpy(put, agencies, n * sizeof *put);
		qsort(put, n, sizeof *put, cmp_code);
	}
	/* the stored agencies not put this time (read whole first: the
	 * deletes then run on a statement of their own) */
	struct db_stmt *st = db_cached(b->db, "SELECT agency FROM scenario_results WHERE region=zbb_region() AND fy=?1"
					      " AND scenario=?2");
	char **gone = NULL;
	size_t n_gone = 0, cap = 0;
	int r, rc = 0;
	if (!st) {
		free(put);
		return sqlfail(b, err);
	}
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	while ((r = db_step(st)) == DB_ROW) {
		const char *a = text(st, 0);
		if (!n || !bsearch(&a, put, n, sizeof *put, cmp_code)) {
			XGROW(gone, cap, n_gone + 1);
			gone[n_gone++] = xstrdup(a);
		}
	}
	db_done(st);
	if (r != DB_DONE)
		rc = sqlfail(b, err);
	for (size_t i = 0; i < n_gone && !rc; i++) {
		if (!(st = db_cached(b->db, "DELETE FROM scenario_results WHERE region=zbb_region() AND fy=?1 AND scenario=?2"
					    " AND agency=?3"))) {
			rc = sqlfail(b, err);
			break;
		}
		db_bind_int64(st, 1, b->year);
		db_bind_text(st, 2, scenario, (size_t)-1);
		db_bind_text(st, 3, gone[i], (size_t)-1);
		r = db_step(st);
		db_done(st);
		if (r != DB_DONE)
			rc = sqlfail(b, err);
	}
	for (size_t i = 0; i < n_gone; i++)
		free(gone[i]);
	free(gone);
	free(put);
	return rc;
}

int store_scenario_results_each(struct book *b, const char *scenario, store_results_fn fn, void *arg,
				struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT agency, funded_fen, data FROM scenario_results"
					      " WHERE region=zbb_region() AND fy=?1 AND scenario=?2 ORDER BY agency");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	int r, rc = 0;
	while (!rc && (r = db_step(st)) == DB_ROW)
		rc = fn(text(st, 0), db_col_int64(st, 1), db_col_blob(st, 2), db_col_len(st, 2), arg);
	db_done(st);
	if (!rc && r != DB_DONE)
		return sqlfail(b, err);
	return rc;
}

int store_scenario_params(struct book *b, const char *name, char **params, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT params FROM scenarios WHERE region=zbb_region() AND fy=?1 AND name=?2");
	*params = NULL;
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		*params = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "{}");
		rc = 1;
	} else if (r != DB_DONE) {
		rc = sqlfail(b, err);
	}
	db_done(st);
	return rc;
}

int store_scenario_remove(struct book *b, const char *name, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "DELETE FROM scenarios WHERE region=zbb_region() AND fy=?1 AND name=?2");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	int r = db_step(st);
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	return db_changes(b->db) > 0;
}

int store_scenarios_each(struct book *b, store_scenario_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT name, created, params, capacity_fen, requested_fen, approved_fen,"
					      " funded_fen, shortfall_fen, inputs_at FROM scenarios WHERE region=zbb_region() AND fy=?1 ORDER BY name");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	int r, rc = 0;
	while (!rc && (r = db_step(st)) == DB_ROW) {
		struct store_scenario s = { text(st, 0),         text(st, 2),         text(st, 1),
					    db_col_int64(st, 3), db_col_int64(st, 4), db_col_int64(st, 5),
					    db_col_int64(st, 6), db_col_int64(st, 7), db_col_int64(st, 8) };
		rc = fn(&s, arg);
	}
	db_done(st);
	if (!rc && r != DB_DONE)
		return sqlfail(b, err);
	return rc;
}

int store_scenario_record(struct book *b, const char *name, char *created, int64_t *inputs_at, int *has_inputs,
			  struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT s.created, s.inputs_at, EXISTS(SELECT 1 FROM scenario_inputs i"
					      " WHERE i.region=zbb_region() AND i.region = s.region AND i.fy = s.fy AND i.inputs_at = s.inputs_at)"
					      " FROM scenarios s WHERE s.region=zbb_region() AND s.fy=?1 AND s.name=?2");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		snprintf(created, 24, "%s", text(st, 0));
		*inputs_at = db_col_int64(st, 1);
		*has_inputs = (int)db_col_int64(st, 2);
		rc = 1;
	} else if (r != DB_DONE) {
		rc = sqlfail(b, err);
	}
	db_done(st);
	return rc;
}

int store_scenario_inputs_get(struct book *b, int64_t inputs_at, void **data, size_t *n, struct buf *err)
{
	/* without data, its length alone: SQLite reads a blob's length
	 * without its pages (the kept inputs are ~50 MB at scale 50) */
	struct db_stmt *st = db_cached(b->db, data ? "SELECT data FROM scenario_inputs WHERE region=zbb_region() AND fy=?1 AND inputs_at=?2"
						   : "SELECT length(data) FROM scenario_inputs WHERE region=zbb_region() AND fy=?1 AND inputs_at=?2");
	if (data)
		*data = NULL;
	*n = 0;
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_int64(st, 2, inputs_at);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		*n = data ? db_col_len(st, 0) : (size_t)db_col_int64(st, 0);
		if (data) {
			*data = xmalloc(*n ? *n : 1);
			if (*n)
				memcpy(*data, db_col_blob(st, 0), *n);
		}
		rc = 1;
	} else if (r != DB_DONE) {
		rc = sqlfail(b, err);
	}
	db_done(st);
	return rc;
}

int store_scenario_inputs_put(struct book *b, int64_t inputs_at, const void *data, size_t n, size_t raw,
			      struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO scenario_inputs(region, fy, inputs_at, raw_bytes, data)"
					      " VALUES(zbb_region(), ?1, ?2, ?3, ?4) ON CONFLICT(region, fy, inputs_at) DO NOTHING");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_int64(st, 2, inputs_at);
	db_bind_int64(st, 3, (int64_t)raw);
	db_bind_blob(st, 4, data, n);
	int r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : sqlfail(b, err);
}

int store_scenario_inputs_prune(struct book *b, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "DELETE FROM scenario_inputs WHERE region=zbb_region() AND fy=?1 AND inputs_at NOT IN"
					      " (SELECT inputs_at FROM scenarios WHERE region=zbb_region() AND fy=?1)");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	int r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : sqlfail(b, err);
}

int store_adoption_get(struct book *b, int fy, struct store_adoption *a, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT scenario, adopted_at, who, entry, result_hash FROM adoptions WHERE region=zbb_region() AND fy=?1");
	memset(a, 0, sizeof(*a));
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, fy);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		a->fy = fy;
		snprintf(a->scenario, sizeof a->scenario, "%s", text(st, 0));
		snprintf(a->adopted_at, sizeof a->adopted_at, "%s", text(st, 1));
		snprintf(a->who, sizeof a->who, "%s", text(st, 2));
		a->entry = db_col_int64(st, 3);
		snprintf(a->result_hash, sizeof a->result_hash, "%s", text(st, 4));
		rc = 1;
	} else if (r != DB_DONE) {
		rc = sqlfail(b, err);
	}
	db_done(st);
	return rc;
}

int store_adoption_put(struct book *b, const struct store_adoption *a, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO adoptions(region, fy, scenario, adopted_at, who, entry, result_hash)"
					      " VALUES(zbb_region(), ?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, a->scenario, (size_t)-1);
	db_bind_text(st, 3, a->adopted_at, (size_t)-1);
	db_bind_text(st, 4, a->who, (size_t)-1);
	db_bind_int64(st, 5, a->entry);
	db_bind_text(st, 6, a->result_hash, (size_t)-1);
	int r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : sqlfail(b, err);
}

int store_scenario_hash(struct book *b, const char *name, char hash[65], struct buf *err)
{
	crypto_hash_sha256_state h;
	unsigned char out[crypto_hash_sha256_BYTES];
	char line[256];
	if (sodium_init() < 0)
		abort();
	crypto_hash_sha256_init(&h);
	struct db_stmt *st = db_cached(b->db, "SELECT params, capacity_fen, requested_fen, approved_fen, funded_fen,"
					      " shortfall_fen FROM scenarios WHERE region=zbb_region() AND fy=?1 AND name=?2");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	int r = db_step(st);
	if (r == DB_ROW) {
		int n = snprintf(line, sizeof line, "zbb-scenario-1\n%d\n%s\n", b->year, name);
		crypto_hash_sha256_update(&h, (const unsigned char *)line, (unsigned long long)n);
		crypto_hash_sha256_update(&h, (const unsigned char *)text(st, 0), db_col_len(st, 0));
		n = snprintf(line, sizeof line, "\n%lld %lld %lld %lld %lld\n", (long long)db_col_int64(st, 1),
			     (long long)db_col_int64(st, 2), (long long)db_col_int64(st, 3), (long long)db_col_int64(st, 4),
			     (long long)db_col_int64(st, 5));
		crypto_hash_sha256_update(&h, (const unsigned char *)line, (unsigned long long)n);
	}
	db_done(st);
	if (r != DB_ROW)
		return r == DB_DONE ? 0 : sqlfail(b, err);
	/* format 2 (scenario_results): then each agency's row in order; a
	 * scenario an older zbb stored (scenario_projects) keeps format 1 */
	st = db_cached(b->db, "SELECT agency, funded_fen, data FROM scenario_results WHERE region=zbb_region() AND fy=?1 AND scenario=?2"
			      " ORDER BY agency");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	int any = 0;
	while ((r = db_step(st)) == DB_ROW) {
		if (!any++)
			crypto_hash_sha256_update(&h, (const unsigned char *)"zbb-scenario-2\n", 15);
		crypto_hash_sha256_update(&h, (const unsigned char *)text(st, 0), db_col_len(st, 0));
		int n = snprintf(line, sizeof line, "\t%lld\t%zu\t", (long long)db_col_int64(st, 1), db_col_len(st, 2));
		crypto_hash_sha256_update(&h, (const unsigned char *)line, (unsigned long long)n);
		crypto_hash_sha256_update(&h, db_col_blob(st, 2), db_col_len(st, 2));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
	}
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	st = db_cached(b->db, "SELECT project, funded_fen, results FROM scenario_projects WHERE region=zbb_region() AND fy=?1 AND scenario=?2"
			      " ORDER BY project");
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, name, (size_t)-1);
	while ((r = db_step(st)) == DB_ROW) {
		crypto_hash_sha256_update(&h, (const unsigned char *)text(st, 0), db_col_len(st, 0));
		int n = snprintf(line, sizeof line, "\t%lld\t", (long long)db_col_int64(st, 1));
		crypto_hash_sha256_update(&h, (const unsigned char *)line, (unsigned long long)n);
		crypto_hash_sha256_update(&h, (const unsigned char *)text(st, 2), db_col_len(st, 2));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
	}
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(hash, 65, out, sizeof out);
	return 1;
}

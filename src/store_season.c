/*
 * store_season.c - the budget season's tables (SPEC §11; see store.h):
 * each agency's round and state, the transitions, the snapshots of what
 * each submit sent, and the control numbers issued per round.  The state
 * machine itself is season.c's; this file only reads and writes rows.
 */
#include "store.h"
#include "db.h"

#include <string.h>

static int fail(struct book *b, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s: %s", b->name, what, db_errmsg(b->db));
	return -1;
}

int store_season_each(struct book *b, const char *agency, store_season_fn fn, void *arg, struct buf *err)
{
	/* one agency's by its key, not a scan of the year's (a season action
	 * reads its own agency's: a scan each made a province's round quadratic) */
#define SEASON_COLS                                                                                                \
	"SELECT a.code, a.name, coalesce(s.round, 1), coalesce(s.state, 'draft'), coalesce(s.version, 0), s.changed" \
	" FROM agencies a LEFT JOIN season s ON s.region = a.region AND s.fy = a.fy AND s.agency = a.code"         \
	" WHERE a.region=zbb_region() AND a.fy=?1"
	struct db_stmt *st = agency ? db_cached(b->db, SEASON_COLS " AND a.code=?2 ORDER BY a.code")
				    : db_cached(b->db, SEASON_COLS " ORDER BY a.code");
#undef SEASON_COLS
	if (!st)
		return fail(b, err, "season");
	db_bind_int64(st, 1, b->year);
	if (agency)
		db_bind_text(st, 2, agency, (size_t)-1);
	int s, rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW) {
		struct store_season row = { db_col_text(st, 0), db_col_text(st, 1), (int)db_col_int64(st, 2),
					    db_col_text(st, 3), db_col_int64(st, 4), db_col_text(st, 5) };
		rc = fn(&row, arg);
	}
	if (!rc && s != DB_DONE)
		rc = fail(b, err, "season");
	db_done(st);
	return rc;
}

int store_season_put(struct book *b, const char *agency, int round, const char *state, const char *now,
		     struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO season(region, fy, agency, round, state, version, changed)"
					      " VALUES(zbb_region(), ?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT(region, fy, agency) DO UPDATE SET"
					      " round=excluded.round, state=excluded.state, version=season.version+1,"
					      " changed=excluded.changed");
	if (!st)
		return fail(b, err, "season");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, agency, (size_t)-1);
	db_bind_int64(st, 3, round);
	db_bind_text(st, 4, state, (size_t)-1);
	db_bind_text(st, 5, now, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : fail(b, err, "season");
}

int store_season_event_add(struct book *b, const struct store_season_event *e, int64_t *id, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO season_events(region, fy, agency, round, action, from_state, to_state,"
					      " who, time, opinion, projects, requested_fen, control_fen)"
					      " VALUES(zbb_region(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id");
	if (!st)
		return fail(b, err, "season_events");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, e->agency, (size_t)-1);
	db_bind_int64(st, 3, e->round);
	db_bind_text(st, 4, e->action, (size_t)-1);
	db_bind_text(st, 5, e->from_state, (size_t)-1);
	db_bind_text(st, 6, e->to_state, (size_t)-1);
	db_bind_text(st, 7, e->who, (size_t)-1);
	db_bind_text(st, 8, e->time, (size_t)-1);
	db_bind_text(st, 9, e->opinion, (size_t)-1);
	db_bind_text(st, 10, e->projects, (size_t)-1);
	if (e->has_requested)
		db_bind_int64(st, 11, e->requested_fen);
	else
		db_bind_null(st, 11);
	if (e->has_control)
		db_bind_int64(st, 12, e->control_fen);
	else
		db_bind_null(st, 12);
	int s = db_step(st);
	if (s == DB_ROW && id)
		*id = db_col_int64(st, 0);
	if (s == DB_ROW)
		s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : fail(b, err, "season_events");
}

int store_season_events_each(struct book *b, const char *agency, store_season_event_fn fn, void *arg,
			     struct buf *err)
{
	/* one agency's through season_events_agency (see store_season_each) */
#define EVENT_COLS                                                                                  \
	"SELECT id, agency, round, action, from_state, to_state, who, time, opinion, projects,"     \
	" requested_fen, control_fen FROM season_events WHERE region=zbb_region() AND fy=?1"
	struct db_stmt *st = agency ? db_cached(b->db, EVENT_COLS " AND agency=?2 ORDER BY id")
				    : db_cached(b->db, EVENT_COLS " ORDER BY id");
#undef EVENT_COLS
	if (!st)
		return fail(b, err, "season_events");
	db_bind_int64(st, 1, b->year);
	if (agency)
		db_bind_text(st, 2, agency, (size_t)-1);
	int s, rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW) {
		struct store_season_event e = { db_col_int64(st, 0), db_col_text(st, 1), (int)db_col_int64(st, 2),
						db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
						db_col_text(st, 6), db_col_text(st, 7), db_col_text(st, 8),
						db_col_text(st, 9), !db_col_is_null(st, 10), !db_col_is_null(st, 11),
						db_col_int64(st, 10), db_col_int64(st, 11) };
		rc = fn(&e, arg);
	}
	if (!rc && s != DB_DONE)
		rc = fail(b, err, "season_events");
	db_done(st);
	return rc;
}

int store_season_snapshot(struct book *b, int64_t event, const char *agency, int64_t *n, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO season_snapshots(event, project, seq, price_fen, quantity)"
					      " SELECT ?3, i.project, i.seq, i.price_fen, i.quantity FROM projects p"
					      " CROSS JOIN items i" /* the agency's projects first (SQLite: the join's order) */
					      " WHERE i.region=zbb_region() AND i.region = p.region AND i.fy = p.fy AND i.project = p.code AND p.fy=?1 AND p.agency=?2");
	if (!st)
		return fail(b, err, "season_snapshots");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, agency, (size_t)-1);
	db_bind_int64(st, 3, event);
	int s = db_step(st);
	db_done(st);
	if (s != DB_DONE)
		return fail(b, err, "season_snapshots");
	if (n)
		*n = db_changes(b->db);
	return 0;
}

int store_season_snapshots_each(struct book *b, store_snapshot_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT s.event, e.agency, e.round, s.project, s.seq, s.price_fen,"
					      " s.quantity FROM season_snapshots s JOIN season_events e ON e.id = s.event"
					      " WHERE e.region=zbb_region() AND e.fy=?1 ORDER BY s.event, s.project, s.seq");
	if (!st)
		return fail(b, err, "season_snapshots");
	db_bind_int64(st, 1, b->year);
	int s, rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW) {
		struct store_snapshot_row r = { db_col_int64(st, 0), db_col_text(st, 1), (int)db_col_int64(st, 2),
						db_col_text(st, 3), db_col_int64(st, 4), db_col_int64(st, 5),
						db_col_int64(st, 6) };
		rc = fn(&r, arg);
	}
	if (!rc && s != DB_DONE)
		rc = fail(b, err, "season_snapshots");
	db_done(st);
	return rc;
}

int store_season_control(struct book *b, const char *agency, int round, zb_fen *control, struct buf *err)
{
	struct db_stmt *st =
		db_cached(b->db, "SELECT control_fen FROM season_rounds WHERE region=zbb_region() AND fy=?1 AND agency=?2 AND round=?3");
	if (!st)
		return fail(b, err, "season_rounds");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, agency, (size_t)-1);
	db_bind_int64(st, 3, round);
	int s = db_step(st), rc = 0;
	if (s == DB_ROW) {
		*control = db_col_int64(st, 0);
		rc = 1;
	} else if (s != DB_DONE) {
		rc = fail(b, err, "season_rounds");
	}
	db_done(st);
	return rc;
}

int store_season_control_put(struct book *b, const char *agency, int round, zb_fen control, const char *origin,
			     const char *now, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO season_rounds(region, fy, agency, round, control_fen, origin, issued)"
					      " VALUES(zbb_region(), ?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return fail(b, err, "season_rounds");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, agency, (size_t)-1);
	db_bind_int64(st, 3, round);
	db_bind_int64(st, 4, control);
	db_bind_text(st, 5, origin, (size_t)-1);
	db_bind_text(st, 6, now, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	if (s == DB_DUPLICATE)
		return 1;
	return s == DB_DONE ? 0 : fail(b, err, "season_rounds");
}

int store_season_controls_each(struct book *b, const char *agency, store_control_fn fn, void *arg, struct buf *err)
{
	/* one agency's by its key (a season action reads its own agency's;
	 * reading the whole year's for each made a round quadratic) */
#define CONTROL_COLS "SELECT agency, round, control_fen, origin, issued FROM season_rounds WHERE region=zbb_region() AND fy=?1"
	struct db_stmt *st = agency ? db_cached(b->db, CONTROL_COLS " AND agency=?2 ORDER BY agency, round")
				    : db_cached(b->db, CONTROL_COLS " ORDER BY agency, round");
#undef CONTROL_COLS
	if (!st)
		return fail(b, err, "season_rounds");
	db_bind_int64(st, 1, b->year);
	if (agency)
		db_bind_text(st, 2, agency, (size_t)-1);
	int s, rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW) {
		struct store_control_row r = { db_col_text(st, 0), (int)db_col_int64(st, 1), db_col_int64(st, 2),
					       db_col_text(st, 3), db_col_text(st, 4) };
		rc = fn(&r, arg);
	}
	if (!rc && s != DB_DONE)
		rc = fail(b, err, "season_rounds");
	db_done(st);
	return rc;
}

int store_scenario_funded_each(struct book *b, const char *scenario, store_funded_fn fn, void *arg,
			       struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT 1 FROM scenarios WHERE region=zbb_region() AND fy=?1 AND name=?2");
	if (!st)
		return fail(b, err, "scenarios");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	if (s == DB_DONE)
		return 1;
	if (s != DB_ROW)
		return fail(b, err, "scenarios");
	/* the agencies' totals as stored; a scenario an older zbb stored has
	 * its projects' rows instead (the UNION's second half) */
	st = db_cached(b->db, "SELECT agency, funded_fen FROM scenario_results WHERE region=zbb_region() AND fy=?1 AND scenario=?2"
			      " UNION ALL SELECT p.agency, sp.funded_fen FROM scenario_projects sp"
			      " JOIN projects p ON p.region = sp.region AND p.fy = sp.fy AND p.code = sp.project"
			      " WHERE sp.region=zbb_region() AND sp.fy=?1 AND sp.scenario=?2 ORDER BY 1");
	if (!st)
		return fail(b, err, "scenario_projects");
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, scenario, (size_t)-1);
	int rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW)
		rc = fn(db_col_text(st, 0), db_col_int64(st, 1), arg);
	if (!rc && s != DB_DONE)
		rc = fail(b, err, "scenario_projects");
	db_done(st);
	return rc;
}

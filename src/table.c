/*
 * table.c - report tables, their shown (rounded, adding-up) money, and the
 * text, CSV and JSON renderers (see table.h).  XLSX lives in xlsxout.c.
 */
#include "table.h"
#include "csvout.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, const char *name, const char *title)
{
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->title = xstrdup(title ? title : name);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].zh);
		free(t->cols[i].en);
	}
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i].s);
	free(t->cols);
	free(t->cells);
	free(t->name);
	free(t->title);
	free(t->levels[0]);
	free(t->levels[1]);
	free(t->number);
	free(t->sheet);
	free(t->org);
	free(t->meta);
	free(t->note);
	free(t->preface);
	free(t->sign);
	free(t->foot);
	memset(t, 0, sizeof(*t));
}

static void set_str(char **dst, const char *s)
{
	if (!s)
		return;
	free(*dst);
	*dst = xstrdup(s);
}

void table_dress(struct table *t, const char *number, const char *sheet, const char *org, const char *meta)
{
	set_str(&t->number, number);
	set_str(&t->sheet, sheet);
	set_str(&t->org, org);
	set_str(&t->meta, meta);
}

void table_add_note(struct table *t, const char *note)
{
	struct buf b = BUF_INIT;
	if (t->note)
		buf_printf(&b, "%s\n", t->note);
	buf_adds(&b, note);
	free(t->note);
	t->note = buf_detach(&b);
}

static void set_text(char **field, const char *v)
{
	if (!v)
		return;
	free(*field);
	*field = xstrdup(v);
}

void table_document(struct table *t, const char *preface, const char *sign, const char *foot)
{
	set_text(&t->preface, preface);
	set_text(&t->sign, sign);
	set_text(&t->foot, foot);
}

void table_col_words(struct table *t, size_t col, enum words_dict d)
{
	t->cols[col].words = d;
}

void table_col_tree(struct table *t, size_t col, int tree)
{
	t->cols[col].tree = tree ? 1 : 0;
}

void table_col_calc(struct table *t, size_t col, uint64_t plus, uint64_t minus)
{
	t->cols[col].plus = plus;
	t->cols[col].minus = minus;
}

void table_col_diff(struct table *t, size_t col, size_t a, size_t b)
{
	table_col_calc(t, col, 1ULL << a, 1ULL << b);
}

#define LEVEL_DEFAULT 254

void table_level(struct table *t, size_t row, int tree, int level)
{
	tree = tree ? 1 : 0;
	if (row >= t->cap_levels[tree]) {
		size_t nc = t->cap_levels[tree] ? t->cap_levels[tree] : 64;
		while (nc <= row)
			nc *= 2;
		t->levels[tree] = xrealloc(t->levels[tree], nc);
		memset(t->levels[tree] + t->cap_levels[tree], LEVEL_DEFAULT, nc - t->cap_levels[tree]);
		t->cap_levels[tree] = nc;
	}
	t->levels[tree][row] = (unsigned char)level;
}

int table_row_level(const struct table *t, size_t row, int tree)
{
	tree = tree ? 1 : 0;
	if (row < t->cap_levels[tree] && t->levels[tree][row] != LEVEL_DEFAULT)
		return t->levels[tree][row];
	return t->has_total && row + 1 == t->n_rows ? LEVEL_TOTAL : 1;
}

void table_col(struct table *t, const char *key, const char *zh, const char *en, enum tcol_type type)
{
	/* columns are fixed before the first row */
	if (t->n_rows)
		abort();
	XGROW(t->cols, t->cap_cols, t->n_cols + 1);
	t->cols[t->n_cols++] = (struct tcol){ xstrdup(key), xstrdup(zh), xstrdup(en), type, WORDS_NONE, 0, 0, 0 };
}

size_t table_row(struct table *t)
{
	XGROW(t->cells, t->cap_cells, (t->n_rows + 1) * t->n_cols);
	for (size_t i = 0; i < t->n_cols; i++)
		t->cells[t->n_rows * t->n_cols + i] = (struct tcell){ 1, 0, 1, NULL };
	return t->n_rows++;
}

struct tcell *table_cell(struct table *t, size_t row, size_t col)
{
	return &t->cells[row * t->n_cols + col];
}

void table_text(struct table *t, size_t row, size_t col, const char *s)
{
	struct tcell *c = table_cell(t, row, col);
	free(c->s);
	c->s = s ? xstrdup(s) : NULL;
	c->is_null = s == NULL;
}

void table_int(struct table *t, size_t row, size_t col, int64_t v)
{
	struct tcell *c = table_cell(t, row, col);
	c->i = v;
	c->is_null = 0;
}

void table_share(struct table *t, size_t row, size_t col, int64_t num, int64_t den)
{
	struct tcell *c = table_cell(t, row, col);
	c->is_null = den == 0;
	c->i = num;
	c->den = den ? den : 1;
}

int64_t share_millionths(int64_t num, int64_t den)
{
	if (den == 0)
		return -1;
	__int128 n = (__int128)num * 1000000;
	int neg = (n < 0) != (den < 0);
	if (n < 0)
		n = -n;
	__int128 d = den < 0 ? -(__int128)den : den;
	__int128 q = (2 * n + d) / (2 * d);
	return (int64_t)(neg ? -q : q);
}

char *share_percent(int64_t num, int64_t den, char *buf)
{
	int64_t m = share_millionths(num, den);
	if (m < 0 && den == 0) {
		strcpy(buf, "-");
		return buf;
	}
	/* millionths → hundredths of a percent, rounded half up */
	int64_t c = m >= 0 ? (m + 50) / 100 : -((-m + 50) / 100);
	dec_format(c, 2, buf);
	strcat(buf, "%");
	return buf;
}

void text_pad(struct buf *b, const char *s, size_t w, int right)
{
	if (!right) {
		utf8_pad(b, s, w);
		return;
	}
	for (size_t i = utf8_width(s); i < w; i++)
		buf_addc(b, ' ');
	buf_adds(b, s);
}

/* --- what people are shown ------------------------------------------------ */

/* The hundredth of the unit, in fen: the step shown money moves in. */
static int64_t unit_step(enum money_unit u)
{
	return u == UNIT_YUAN ? 1 : u == UNIT_WAN ? 10000 : 100000000;
}

/* v rounded half away from zero to a multiple of step (as money_format). */
static int64_t round_to(int64_t v, int64_t step)
{
	__int128 q = v / step, r = v % step;
	if (r < 0)
		r = -r;
	if (2 * r >= step)
		q += v < 0 ? -1 : 1;
	__int128 x = q * step;
	return x > INT64_MAX ? INT64_MAX - INT64_MAX % step : x < INT64_MIN ? INT64_MIN - INT64_MIN % step : (int64_t)x;
}

/* The row's label for a note: its first two non-empty text cells. */
static void row_label(const struct table *t, size_t r, struct buf *out)
{
	buf_reset(out);
	int n = 0;
	for (size_t j = 0; j < t->n_cols && n < 2; j++) {
		const struct tcell *c = &t->cells[r * t->n_cols + j];
		if (t->cols[j].type != TC_TEXT || c->is_null || !c->s || !*c->s)
			continue;
		const char *s = c->s;
		while (!strncmp(s, "\xe3\x80\x80", 3)) /* leading ideographic spaces */
			s += 3;
		if (n++)
			buf_addc(out, ' ');
		buf_adds(out, s);
	}
}

/* --- controlled rounding (尾差) ---------------------------------------------
 *
 * The columns table_col_calc relates form a column tree: "c = a + b" makes
 * c the parent of a and b; "p = t − b" (one plus column) makes t the parent
 * of p and b, since t = p + b.  The rows form a tree by their level.  A
 * parent cell is then the sum of its children down the rows and of its
 * children across the columns, and the cells fall into blocks: block (p, q)
 * holds the children rows of row p in the children columns of column q (p or
 * q "top": the rows, or the columns, that have no parent; a top row has no
 * column to add up to, a top column no row).  Every cell starts as its true
 * value rounded half away from zero.  Block by block, parents before
 * children, a block's cells are moved so that each of its rows adds up to
 * its cell in column q and each of its columns to its cell in row p (cells
 * of earlier blocks, already final), every move going to the largest cells
 * (by true value) that can take it.  So the grand total is its true value
 * rounded, a calc column is rounded from its own true value rather than
 * summed from its rounded parts, a figure is the same wherever two tables
 * split it the same way, and every move is noted.
 */

struct move {
	size_t cell;
	long p, q; /* the block's row and column (-1: top) */
	int why;   /* 1: the cell's column had to add up to row p; 2: its row to column q; 3: both */
	int64_t d;
};

struct rounding {
	const struct table *t;
	struct table_shown *s;
	int64_t step;
	struct move *mv;
	size_t n_mv, cap_mv;
};

static uint64_t mag(int64_t x)
{
	return x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
}

static __int128 i128_min(__int128 a, __int128 b)
{
	return a < b ? a : b;
}

static __int128 i128_abs(__int128 a)
{
	return a < 0 ? -a : a;
}

/* Move cell (r, c) by d (kept within int64), noting why. */
static __int128 bump(struct rounding *g, size_t r, size_t c, __int128 d, long p, long q, int why)
{
	size_t k = r * g->t->n_cols + c;
	__int128 x = (__int128)g->s->v[k] + d;
	x = x > INT64_MAX ? INT64_MAX : x < INT64_MIN ? INT64_MIN : x;
	int64_t moved = (int64_t)(x - g->s->v[k]);
	g->s->v[k] = (int64_t)x;
	if (moved) {
		XGROW(g->mv, g->cap_mv, g->n_mv + 1);
		g->mv[g->n_mv++] = (struct move){ k, p, q, why, moved };
	}
	return moved;
}

struct pair {
	size_t i, k;
	uint64_t m;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->m != y->m)
		return x->m > y->m ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* A block's rows and columns both constrained: the fewest moves of one step
 * each that make them add up, as a min-cost flow (successive shortest
 * paths).  A move of +1 on cell (i, k) takes what row i lacks to column k, a
 * move of −1 back; each costs w(cell) × the change in |its net move| (so
 * undoing a move earns it back, and no cycle is negative), where w prefers
 * the larger cells and keeps true zeros at zero unless nothing else can
 * take it.  Gives up (leaving the rest to round_block's greedy) when the
 * residuals are many steps (margins that do not agree) or the search runs
 * long. */
static void round_flow(struct rounding *g, const size_t *R, size_t nR, long p, const size_t *C, size_t nC, long q,
		       __int128 *rho, __int128 *gam, const unsigned char *has_rho, const unsigned char *has_gam)
{
	const struct table *t = g->t;
	size_t nc = t->n_cols, V = nR + nC, nx = nR * nC;
	int64_t step = g->step;
	__int128 units = 0;
	for (size_t i = 0; i < nR; i++) {
		if (has_rho[i] && rho[i] % step)
			return;
		if (has_rho[i] && rho[i] > 0)
			units += rho[i] / step;
	}
	for (size_t k = 0; k < nC; k++) {
		if (has_gam[k] && gam[k] % step)
			return;
		if (has_gam[k] && gam[k] < 0)
			units -= gam[k] / step;
	}
	if (!units || units > (__int128)(4 * V + 16))
		return;
	/* the cells' weights: by size (rank 0 the largest), zeros dear */
	struct pair *pr = xmalloc((nx + 1) * sizeof *pr);
	for (size_t i = 0; i < nR; i++)
		for (size_t k = 0; k < nC; k++)
			pr[i * nC + k] = (struct pair){ i, k, mag(t->cells[R[i] * nc + C[k]].i) };
	qsort(pr, nx, sizeof *pr, pair_cmp);
	int64_t base = 2 * (int64_t)nx + 16, zero = base * (int64_t)(V + 2) * 4;
	int64_t *w = xmalloc((nx + 1) * sizeof(int64_t)), *d = xcalloc(nx + 1, sizeof(int64_t));
	for (size_t x = 0; x < nx; x++) {
		size_t i = pr[x].i, k = pr[x].k;
		const struct tcell *c = &t->cells[R[i] * nc + C[k]];
		w[i * nC + k] = c->is_null ? -1 : c->i == 0 ? zero : base + (int64_t)x;
	}
	free(pr);
	/* supply (> 0) and demand (< 0) in steps: a row that lacks, a column
	 * that has too much */
	int64_t *sup = xcalloc(V + 1, sizeof(int64_t)), *dist = xmalloc((V + 1) * sizeof(int64_t));
	long *pred = xmalloc((V + 1) * sizeof(long));
	size_t *queue = xmalloc((V + 1) * sizeof(size_t));
	unsigned char *inq = xmalloc(V + 1);
	for (size_t i = 0; i < nR; i++)
		sup[i] = has_rho[i] ? (int64_t)(rho[i] / step) : 0;
	for (size_t k = 0; k < nC; k++)
		sup[nR + k] = has_gam[k] ? -(int64_t)(gam[k] / step) : 0;
	long budget = 20000000; /* relaxations */
	for (; units > 0; units--) {
		/* shortest paths from every supply (SPFA: costs may be negative) */
		size_t head = 0, n_q = 0;
		for (size_t v = 0; v < V; v++) {
			dist[v] = sup[v] > 0 ? 0 : INT64_MAX;
			pred[v] = -1;
			inq[v] = sup[v] > 0;
			if (inq[v])
				queue[n_q++] = v;
		}
		while (n_q && budget > 0) {
			size_t u = queue[head];
			head = (head + 1) % (V + 1);
			n_q--;
			inq[u] = 0;
			size_t n_nb = u < nR ? nC : nR;
			for (size_t b = 0; b < n_nb; b++, budget--) {
				size_t i = u < nR ? u : b, k = u < nR ? b : u - nR, x = i * nC + k;
				if (w[x] < 0)
					continue;
				/* row → column: +1 on the cell; column → row: −1 */
				int64_t nd = u < nR ? d[x] + 1 : d[x] - 1;
				int64_t cost = w[x] * ((nd < 0 ? -nd : nd) - (d[x] < 0 ? -d[x] : d[x]));
				size_t v = u < nR ? nR + k : i;
				if (dist[u] + cost < dist[v]) {
					dist[v] = dist[u] + cost;
					pred[v] = (long)x;
					if (!inq[v]) {
						inq[v] = 1;
						queue[(head + n_q) % (V + 1)] = v;
						n_q++;
					}
				}
			}
		}
		if (budget <= 0)
			break;
		size_t end = V;
		for (size_t v = 0; v < V; v++)
			if (sup[v] < 0 && dist[v] != INT64_MAX && (end == V || dist[v] < dist[end]))
				end = v;
		if (end == V)
			break;
		sup[end]++;
		/* back along the path to the supply it starts from (the paths
		 * form a tree: no cycle is negative) */
		size_t v = end;
		for (size_t n = 0; n < V && pred[v] >= 0; n++) {
			size_t x = (size_t)pred[v], i = x / nC, k = x % nC;
			int up = v >= nR; /* arrived at a column: the arc was +1 */
			d[x] += up ? 1 : -1;
			v = up ? i : nR + k;
		}
		sup[v]--;
	}
	for (size_t x = 0; x < nx; x++)
		if (d[x]) {
			size_t i = x / nC, k = x % nC;
			int64_t m = bump(g, R[i], C[k], (__int128)d[x] * step, p, q, 3);
			rho[i] -= m;
			gam[k] -= m;
		}
	free(w);
	free(d);
	free(sup);
	free(dist);
	free(pred);
	free(queue);
	free(inq);
}

/* Block (p, q): rows R (the children of row p, or the top rows when p is
 * -1) in columns C (the children of column q, or the group's top column
 * when q is -1); see above. */
static void round_block(struct rounding *g, const size_t *R, size_t nR, long p, const size_t *C, size_t nC, long q)
{
	const struct table *t = g->t;
	size_t nc = t->n_cols;
	const struct tcell *cell = t->cells;
	int64_t *v = g->s->v;
	if (p < 0 && q < 0)
		return;
#define NUL(r, c) (cell[(r) * nc + (c)].is_null)
#define BIG(r, c) mag(cell[(r) * nc + (c)].i)
	/* what each row and each column still lacks (has_*: it must add up) */
	__int128 *rho = xcalloc(nR + 1, sizeof(__int128)), *gam = xcalloc(nC + 1, sizeof(__int128));
	unsigned char *has_rho = xcalloc(nR + 1, 1), *has_gam = xcalloc(nC + 1, 1);
	for (size_t i = 0; i < nR; i++) {
		if (q < 0 || NUL(R[i], (size_t)q))
			continue;
		has_rho[i] = 1;
		rho[i] = v[R[i] * nc + (size_t)q];
		for (size_t k = 0; k < nC; k++)
			if (!NUL(R[i], C[k]))
				rho[i] -= v[R[i] * nc + C[k]];
	}
	for (size_t k = 0; k < nC; k++) {
		if (p < 0 || NUL((size_t)p, C[k]))
			continue;
		has_gam[k] = 1;
		gam[k] = v[(size_t)p * nc + C[k]];
		for (size_t i = 0; i < nR; i++)
			if (!NUL(R[i], C[k]))
				gam[k] -= v[R[i] * nc + C[k]];
	}
	if (p >= 0 && q >= 0)
		round_flow(g, R, nR, p, C, nC, q, rho, gam, has_rho, has_gam);
	if (p >= 0 && q >= 0) {
		/* what the flow left: a row and a column both short in the same direction: their
		 * common cell takes it, the largest such cells first (a residual
		 * only shrinks, never changes sign, so one pass does) */
		struct pair *pr = NULL;
		size_t n = 0, cap = 0;
		for (size_t i = 0; i < nR; i++)
			for (size_t k = 0; k < nC && has_rho[i] && rho[i]; k++)
				if (has_gam[k] && gam[k] && (rho[i] > 0) == (gam[k] > 0) && !NUL(R[i], C[k])) {
					XGROW(pr, cap, n + 1);
					pr[n++] = (struct pair){ i, k, BIG(R[i], C[k]) };
				}
		if (n)
			qsort(pr, n, sizeof *pr, pair_cmp);
		for (size_t x = 0; x < n; x++) {
			size_t i = pr[x].i, k = pr[x].k;
			if (!rho[i] || !gam[k] || (rho[i] > 0) != (gam[k] > 0))
				continue;
			__int128 m = i128_min(i128_abs(rho[i]), i128_abs(gam[k]));
			m = bump(g, R[i], C[k], rho[i] > 0 ? m : -m, p, q, 3);
			rho[i] -= m;
			gam[k] -= m;
		}
		free(pr);
		/* rows short in opposite directions (their columns add up): one
		 * column gives to one and takes from the other; then the same for
		 * columns */
		for (int side = 0; side < 2; side++) {
			size_t na = side ? nC : nR, nb = side ? nR : nC;
			__int128 *res = side ? gam : rho;
			unsigned char *has = side ? has_gam : has_rho;
			for (;;) {
				size_t a1 = na, a2 = na;
				for (size_t a = 0; a < na; a++)
					if (has[a] && res[a] > 0 && a1 == na)
						a1 = a;
					else if (has[a] && res[a] < 0 && a2 == na)
						a2 = a;
				if (a1 == na || a2 == na)
					break;
				size_t best = nb;
				uint64_t bm = 0;
				for (size_t b = 0; b < nb; b++) {
					size_t r1 = side ? R[b] : R[a1], c1 = side ? C[a1] : C[b];
					size_t r2 = side ? R[b] : R[a2], c2 = side ? C[a2] : C[b];
					if (NUL(r1, c1) || NUL(r2, c2))
						continue;
					uint64_t m1 = BIG(r1, c1), m2 = BIG(r2, c2), m = m1 < m2 ? m1 : m2;
					if (best == nb || m > bm) {
						best = b;
						bm = m;
					}
				}
				if (best == nb)
					break;
				__int128 m = i128_min(res[a1], -res[a2]);
				size_t r1 = side ? R[best] : R[a1], c1 = side ? C[a1] : C[best];
				size_t r2 = side ? R[best] : R[a2], c2 = side ? C[a2] : C[best];
				m = bump(g, r1, c1, m, p, q, side ? 1 : 2);
				res[a1] -= m;
				m = bump(g, r2, c2, -m, p, q, side ? 1 : 2);
				res[a2] += m;
			}
		}
	}
	/* what is left (a block with one kind of constraint; or margins that do
	 * not agree): each row's, then each column's, onto its largest cell */
	for (size_t i = 0; i < nR; i++) {
		if (!has_rho[i] || !rho[i])
			continue;
		size_t best = nC;
		for (size_t k = 0; k < nC; k++)
			if (!NUL(R[i], C[k]) && (best == nC || BIG(R[i], C[k]) > BIG(R[i], C[best])))
				best = k;
		if (best < nC)
			bump(g, R[i], C[best], rho[i], p, q, 2);
	}
	for (size_t k = 0; k < nC; k++) {
		if (!has_gam[k] || !gam[k])
			continue;
		size_t best = nR;
		for (size_t i = 0; i < nR; i++)
			if (!NUL(R[i], C[k]) && (best == nR || BIG(R[i], C[k]) > BIG(R[best], C[k])))
				best = i;
		if (best < nR)
			bump(g, R[best], C[k], gam[k], p, q, 1);
	}
#undef NUL
#undef BIG
	free(rho);
	free(gam);
	free(has_rho);
	free(has_gam);
}

/* Each row's parent in column j's row tree (-1: a top row), in an order
 * that has parents before children (*order, owned by the caller). */
static void row_parents(const struct table *t, size_t j, long *parent, size_t *order)
{
	size_t nr = t->n_rows, nc = t->n_cols;
	int tree = t->cols[j].tree;
	long root = -1;
	long *stack = xmalloc((nr + 1) * sizeof(long));
	size_t sp = 0;
	for (size_t r = 0; r < nr; r++)
		if (table_row_level(t, r, tree) == LEVEL_TOTAL && !t->cells[r * nc + j].is_null) {
			root = (long)r;
			break;
		}
	if (root >= 0)
		order[0] = (size_t)root;
	size_t n = root >= 0;
	for (size_t i = 0; i < nr; i++) {
		size_t r = t->sums_below ? nr - 1 - i : i;
		int lv = table_row_level(t, r, tree);
		parent[r] = -1;
		if ((long)r != root)
			order[n++] = r;
		if (t->cells[r * nc + j].is_null || lv == LEVEL_NONE || lv == LEVEL_TOTAL)
			continue;
		while (sp && table_row_level(t, (size_t)stack[sp - 1], tree) >= lv)
			sp--;
		parent[r] = sp ? stack[sp - 1] : root;
		stack[sp++] = (long)r;
	}
	free(stack);
}

/* The column tree of the calc columns (see above): each money column's
 * parent (-1: none); 0, or -1 when some calc column is not of the two
 * forms or a column would have two parents (then none is used). */
static int col_parents_try(const struct table *t, long *cpar)
{
	size_t nc = t->n_cols;
	for (size_t j = 0; j < nc; j++)
		cpar[j] = -1;
	for (size_t j = 0; j < nc; j++) {
		const struct tcol *c = &t->cols[j];
		if (!c->plus && !c->minus)
			continue;
		if (j >= 64 || c->type != TC_MONEY)
			return -1;
		uint64_t kids = c->minus ? c->minus | 1ULL << j : c->plus;
		long par = c->minus ? (__builtin_popcountll(c->plus) == 1 ? __builtin_ctzll(c->plus) : -1) : (long)j;
		if (par < 0 || (size_t)par >= nc || t->cols[par].type != TC_MONEY)
			return -1;
		for (size_t k = 0; k < nc && k < 64; k++)
			if (kids >> k & 1) {
				if (cpar[k] >= 0 || (long)k == par || t->cols[k].type != TC_MONEY)
					return -1;
				cpar[k] = par;
			}
		if (nc < 64 && kids >> nc)
			return -1;
	}
	for (size_t j = 0; j < nc; j++) { /* no cycles */
		long k = cpar[j];
		for (size_t n = 0; k >= 0; k = cpar[k])
			if (++n > nc)
				return -1;
	}
	return 0;
}

/* col_parents_try; on -1 no column has a parent (a partial tree, or a
 * cycle, would leave plain columns out of the rounding or loop for ever) */
static int col_parents(const struct table *t, long *cpar)
{
	if (!col_parents_try(t, cpar))
		return 0;
	for (size_t j = 0; j < t->n_cols; j++)
		cpar[j] = -1;
	return -1;
}

static void round_notes(struct rounding *g, enum money_unit u)
{
	const struct table *t = g->t;
	size_t nc = t->n_cols;
	/* net per cell, in the order first moved */
	struct buf a = BUF_INIT, b = BUF_INIT, h = BUF_INIT, hq = BUF_INIT;
	for (size_t x = 0; x < g->n_mv; x++) {
		struct move m = g->mv[x];
		if (m.cell == (size_t)-1)
			continue;
		for (size_t y = x + 1; y < g->n_mv; y++)
			if (g->mv[y].cell == m.cell) {
				m.d += g->mv[y].d;
				m.why |= g->mv[y].why;
				g->mv[y].cell = (size_t)-1;
			}
		if (!m.d)
			continue;
		size_t r = m.cell / nc, j = m.cell % nc;
		char mon[MONEY_BUFSZ];
		row_label(t, r, &a);
		table_col_header(t, j, u, &h, NULL);
		if (m.p >= 0)
			row_label(t, (size_t)m.p, &b);
		if (m.q >= 0)
			table_col_header(t, (size_t)m.q, u, &hq, NULL);
		const char *pl = m.p >= 0 && b.len ? buf_str(&b) : L("合计", "the total");
		buf_printf(&g->s->notes, L("%s“%s”的“%s”含尾差 %s%s %s", "%s%s, %s: %s%s %s rounding difference"),
			   g->s->notes.len ? "\n" : "", buf_str(&a), buf_str(&h), m.d > 0 ? "+" : "", money_format(m.d, u, mon),
			   money_unit_name(u));
		if (m.why == 1 || m.q < 0)
			buf_printf(&g->s->notes, L("（各行四舍五入后与“%s”之差，计入最大的一行）", " (against %s, put on the largest row)"), pl);
		else if (m.why == 2 || m.p < 0)
			buf_printf(&g->s->notes, L("（各列四舍五入后与“%s”列之差，计入最大的一列）",
						   " (against the %s column, put on the largest column)"), buf_str(&hq));
		else
			buf_printf(&g->s->notes, L("（四舍五入后与“%s”行、“%s”列之差，计入最大的一格）",
						   " (against the %s row and the %s column, put on the largest cell)"), pl, buf_str(&hq));
	}
	buf_release(&a);
	buf_release(&b);
	buf_release(&h);
	buf_release(&hq);
}

void table_shown(const struct table *t, enum money_unit u, struct table_shown *s)
{
	size_t nr = t->n_rows, nc = t->n_cols;
	int64_t step = unit_step(u);
	s->v = xcalloc(nr * nc + 1, sizeof(int64_t));
	s->notes = (struct buf)BUF_INIT;
	for (size_t r = 0; r < nr; r++)
		for (size_t j = 0; j < nc; j++) {
			const struct tcell *c = &t->cells[r * nc + j];
			if (t->cols[j].type == TC_MONEY && !c->is_null)
				s->v[r * nc + j] = round_to(c->i, step);
		}
	if (step == 1 || !nr)
		return;
	long *cpar = xmalloc((nc + 1) * sizeof(long));
	int derived = col_parents(t, cpar) < 0; /* calc columns summed from their shown parts instead */
	struct rounding g = { t, s, step, NULL, 0, 0 };
	long *parent = xmalloc(nr * sizeof(long));
	size_t *order = xmalloc(nr * sizeof(size_t)), *first = xmalloc((nr + 2) * sizeof(size_t));
	size_t *kids = xmalloc((nr + 1) * sizeof(size_t)), *fill = xmalloc((nr + 1) * sizeof(size_t));
	size_t *gcols = xmalloc((nc + 1) * sizeof(size_t)), *ckids = xmalloc((nc + 1) * sizeof(size_t));
	for (size_t top = 0; top < nc; top++) {
		/* a group: a top column and the columns under it */
		if (t->cols[top].type != TC_MONEY || cpar[top] >= 0 || (derived && (t->cols[top].plus || t->cols[top].minus)))
			continue;
		size_t ng = 0;
		for (int depth = 0; depth <= (int)nc; depth++)
			for (size_t j = 0; j < nc; j++) {
				int d = 0;
				long k = (long)j;
				while (cpar[k] >= 0) {
					k = cpar[k];
					d++;
				}
				if ((size_t)k == top && d == depth && t->cols[j].type == TC_MONEY)
					gcols[ng++] = j;
			}
		/* the rows' tree, as the top column has it; children grouped by parent */
		row_parents(t, top, parent, order);
		memset(first, 0, (nr + 2) * sizeof(size_t));
		for (size_t r = 0; r < nr; r++)
			first[(size_t)(parent[r] + 1) + 1]++;
		for (size_t r = 1; r <= nr + 1; r++)
			first[r] += first[r - 1];
		/* children in row order (ties for the largest go to the first) */
		memcpy(fill, first, (nr + 1) * sizeof(size_t));
		for (size_t r = 0; r < nr; r++)
			kids[fill[parent[r] + 1]++] = r;
		for (long x = -1; x < (long)nr; x++) {
			long p = x < 0 ? -1 : (long)order[x];
			size_t slot = (size_t)(p + 1), nR = first[slot + 1] - first[slot];
			if (!nR)
				continue;
			for (long y = -1; y < (long)ng; y++) {
				long q = y < 0 ? -1 : (long)gcols[y];
				size_t nC = 0;
				if (q < 0)
					ckids[nC++] = top;
				else
					for (size_t z = 0; z < ng; z++)
						if (cpar[gcols[z]] == q)
							ckids[nC++] = gcols[z];
				if (nC)
					round_block(&g, &kids[first[slot]], nR, p, ckids, nC, q);
			}
		}
	}
	round_notes(&g, u);
	free(g.mv);
	free(parent);
	free(order);
	free(first);
	free(kids);
	free(fill);
	free(gcols);
	free(ckids);
	free(cpar);
	if (!derived)
		return;
	/* calc columns of no tree: each summed from its shown inputs, once
	 * they are known (a few passes) */
	uint64_t done = 0, want = 0;
	for (size_t j = 0; j < nc && j < 64; j++)
		if (t->cols[j].type == TC_MONEY && (t->cols[j].plus || t->cols[j].minus))
			want |= 1ULL << j;
	for (int pass = 0; pass < 64 && (done & want) != want; pass++)
		for (size_t j = 0; j < nc && j < 64; j++) {
			const struct tcol *c = &t->cols[j];
			if (!(want >> j & 1) || (done >> j & 1) || ((c->plus | c->minus) & want & ~done))
				continue;
			done |= 1ULL << j;
			for (size_t r = 0; r < nr; r++) {
				if (t->cells[r * nc + j].is_null)
					continue;
				int64_t v = 0;
				for (size_t k = 0; k < nc && k < 64; k++) {
					if (c->plus >> k & 1)
						v += s->v[r * nc + k];
					if (c->minus >> k & 1)
						v -= s->v[r * nc + k];
				}
				s->v[r * nc + j] = v;
			}
		}
}

void table_shown_release(struct table_shown *s)
{
	free(s->v);
	buf_release(&s->notes);
	s->v = NULL;
}

const char *table_cell_people(const struct table *t, const struct table_shown *s, size_t row, size_t col,
			      enum money_unit u, struct buf *out)
{
	const struct tcell *c = &t->cells[row * t->n_cols + col];
	char tmp[MONEY_BUFSZ + 32];
	buf_reset(out);
	if (c->is_null)
		return buf_str(out);
	switch (t->cols[col].type) {
	case TC_TEXT:
		if (t->cols[col].words != WORDS_NONE)
			return words_list(t->cols[col].words, c->s, out);
		buf_adds(out, c->s ? c->s : "");
		break;
	case TC_INT:
		buf_printf(out, "%lld", (long long)c->i);
		break;
	case TC_MONEY:
		buf_adds(out, money_format(s ? s->v[row * t->n_cols + col] : c->i, u, tmp));
		break;
	case TC_SHARE:
		buf_adds(out, share_percent(c->i, c->den, tmp));
		break;
	}
	return buf_str(out);
}

const char *table_col_header(const struct table *t, size_t col, enum money_unit u, struct buf *out,
			     struct buf *group)
{
	const struct tcol *c = &t->cols[col];
	const char *h = L(c->zh, c->en), *bar = strchr(h, '|');
	buf_reset(out);
	if (group)
		buf_reset(group);
	if (bar) {
		if (group)
			buf_add(group, h, (size_t)(bar - h));
		h = bar + 1;
	}
	buf_adds(out, h);
	(void)u;
	return buf_str(out);
}

const char *table_unit_line(const struct table *t, enum money_unit u, struct buf *out)
{
	buf_reset(out);
	int has_money = 0;
	for (size_t j = 0; j < t->n_cols; j++)
		if (t->cols[j].type == TC_MONEY)
			has_money = 1;
	if (t->org)
		buf_adds(out, t->org);
	if (t->meta)
		buf_printf(out, "%s%s", out->len ? "    " : "", t->meta);
	if (has_money)
		buf_printf(out, "%s%s%s", out->len ? "    " : "", L("单位：", "unit: "), money_unit_name(u));
	return buf_str(out);
}

/* Lines ('\n'-separated) of a document: each wrapped at display width w
 * (a character is never split), left-aligned (align 0), centred (1) or
 * right-aligned (2). */
static void text_lines(FILE *out, const char *s, size_t w, int align)
{
	struct buf line = BUF_INIT, ch = BUF_INIT;
	for (const char *p = s;;) {
		size_t len = strcspn(p, "\n");
		const char *q = p, *end = p + len;
		do {
			/* as many characters as fit in w */
			buf_reset(&line);
			size_t lw = 0;
			while (q < end) {
				size_t n = 1;
				while (q + n < end && ((unsigned char)q[n] & 0xC0) == 0x80)
					n++;
				buf_reset(&ch);
				buf_add(&ch, q, n);
				size_t cw = utf8_width(buf_str(&ch));
				if (lw + cw > w && lw)
					break;
				buf_add(&line, q, n);
				lw += cw;
				q += n;
			}
			size_t pad = align == 1 ? (w - (lw < w ? lw : w)) / 2 : align == 2 ? w - (lw < w ? lw : w) : 0;
			fprintf(out, "%*s%s\n", (int)pad, "", buf_str(&line));
		} while (q < end);
		if (!*end)
			break;
		p = end + 1;
	}
	buf_release(&line);
	buf_release(&ch);
}

static int has_groups(const struct table *t)
{
	for (size_t j = 0; j < t->n_cols; j++)
		if (strchr(L(t->cols[j].zh, t->cols[j].en), '|'))
			return 1;
	return 0;
}

/* The widths of the headers (a group's name over its first column). */
static void head_widths(const struct table *t, size_t *w, int groups, enum money_unit u, struct buf *h, struct buf *g)
{
	for (size_t j = 0; j < t->n_cols; j++) {
		w[j] = utf8_width(table_col_header(t, j, u, h, g));
		if (groups && g->len && (j == 0 || !strchr(L(t->cols[j - 1].zh, t->cols[j - 1].en), '|') ||
					 strncmp(L(t->cols[j - 1].zh, t->cols[j - 1].en), L(t->cols[j].zh, t->cols[j].en), g->len + 1)))
			if (utf8_width(buf_str(g)) > w[j])
				w[j] = utf8_width(buf_str(g));
	}
}

static size_t text_width(const struct table *t, const size_t *w)
{
	size_t total_w = 0;
	for (size_t j = 0; j < t->n_cols; j++)
		total_w += w[j] + (j ? 2 : 0);
	return total_w;
}

static void rule_line(FILE *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputc('-', out);
	fputc('\n', out);
}

/* Everything above the rows: the heading, the document's preface, the unit
 * line, the (group) headers and the rule under them. */
static void text_head(const struct table *t, const size_t *w, int groups, FILE *out, enum money_unit u)
{
	size_t nc = t->n_cols, total_w = text_width(t, w);
	struct buf line = BUF_INIT, h = BUF_INIT, g = BUF_INIT;
	/* a document's paragraphs wrap at the table's width, or a page's */
	size_t page_w = total_w > 80 ? total_w : 80;
	if (t->number_centered) {
		if (t->title && *t->title)
			text_lines(out, t->title, page_w, 1);
		if (t->number)
			text_lines(out, t->number, page_w, 1);
		fputc('\n', out);
	} else {
		if (t->number)
			fprintf(out, "%s\n", t->number);
		if (t->title && *t->title)
			fprintf(out, "%s\n", t->title);
	}
	if (t->preface) {
		text_lines(out, t->preface, page_w, 0);
		fputc('\n', out);
	}
	table_unit_line(t, u, &line);
	if (line.len)
		fprintf(out, "%s\n", buf_str(&line));
	if (groups) {
		buf_reset(&line);
		const char *prev = NULL;
		for (size_t j = 0; j < nc; j++) {
			table_col_header(t, j, u, &h, &g);
			if (j)
				buf_adds(&line, "  ");
			int first = g.len && (!prev || strncmp(prev, buf_str(&g), g.len) || prev[g.len] != '|');
			text_pad(&line, first ? buf_str(&g) : "", w[j], 0);
			prev = L(t->cols[j].zh, t->cols[j].en);
		}
		fprintf(out, "%s\n", buf_str(&line));
	}
	buf_reset(&line);
	for (size_t j = 0; j < nc; j++) {
		if (j)
			buf_adds(&line, "  ");
		text_pad(&line, table_col_header(t, j, u, &h, NULL), w[j], t->cols[j].type != TC_TEXT);
	}
	while (line.len && line.s[line.len - 1] == ' ')
		line.s[--line.len] = 0;
	fprintf(out, "%s\n", buf_str(&line));
	rule_line(out, total_w);
	buf_release(&line);
	buf_release(&h);
	buf_release(&g);
}

/* One row of cells as people read them, its label indented by level lv. */
static void text_row(const struct table *t, const size_t *w, const char *const *cells, int lv, struct buf *line,
		     FILE *out)
{
	size_t nc = t->n_cols;
	buf_reset(line);
	for (size_t j = 0; j < nc; j++) {
		if (j)
			buf_adds(line, "  ");
		size_t pad = j + 1 == nc && t->cols[j].type == TC_TEXT ? 0 : w[j];
		if ((int)j == t->label_col)
			for (int k = 1; lv != LEVEL_NONE && k < lv; k++) {
				buf_adds(line, "  ");
				pad = pad >= 2 ? pad - 2 : 0;
			}
		text_pad(line, cells[j], pad, t->cols[j].type != TC_TEXT);
	}
	/* no trailing blanks */
	while (line->len && line->s[line->len - 1] == ' ')
		line->s[--line->len] = 0;
	buf_addc(line, '\n');
	fwrite(line->s, 1, line->len, out);
}

/* Everything under the rows: the notes, the signature, the foot. */
static void text_tail(const struct table *t, const size_t *w, const struct buf *notes, FILE *out)
{
	size_t total_w = text_width(t, w), page_w = total_w > 80 ? total_w : 80;
	if (t->note)
		fprintf(out, "%s%s\n", L("注：", "Note: "), t->note);
	if (notes && notes->len)
		fprintf(out, "%s%s\n", t->note ? "" : L("注：", "Note: "), buf_str(notes));
	if (t->sign) {
		fputc('\n', out);
		text_lines(out, t->sign, page_w, 2);
	}
	if (t->foot) {
		fputc('\n', out);
		text_lines(out, t->foot, page_w, 0);
	}
}

void table_print_text(const struct table *t, FILE *out, enum money_unit u)
{
	size_t nc = t->n_cols;
	size_t *w = xcalloc(nc ? nc : 1, sizeof(size_t));
	struct buf line = BUF_INIT, h = BUF_INIT, g = BUF_INIT;
	struct buf *cell = xcalloc(nc ? nc : 1, sizeof(struct buf));
	const char **cells = xcalloc(nc ? nc : 1, sizeof(char *));
	struct table_shown sh;
	int groups = has_groups(t);
	table_shown(t, u, &sh);
	head_widths(t, w, groups, u, &h, &g);
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t j = 0; j < nc; j++) {
			size_t cw = utf8_width(table_cell_people(t, &sh, r, j, u, &cell[0]));
			if ((int)j == t->label_col) {
				int lv = table_row_level(t, r, 0);
				if (lv > 1 && lv != LEVEL_NONE)
					cw += 2 * (size_t)(lv - 1);
			}
			if (cw > w[j])
				w[j] = cw;
		}
	text_head(t, w, groups, out, u);
	for (size_t r = 0; r < t->n_rows; r++) {
		if (t->has_total && r == t->n_rows - 1)
			rule_line(out, text_width(t, w));
		for (size_t j = 0; j < nc; j++)
			cells[j] = table_cell_people(t, &sh, r, j, u, &cell[j]);
		text_row(t, w, cells, table_row_level(t, r, 0), &line, out);
	}
	text_tail(t, w, &sh.notes, out);
	table_shown_release(&sh);
	for (size_t j = 0; j < nc; j++)
		buf_release(&cell[j]);
	free(cell);
	free(cells);
	buf_release(&line);
	buf_release(&h);
	buf_release(&g);
	free(w);
}

/* One row of CSV for people (money from sh, in u). */
static void csv_people_row(const struct table *t, const struct table_shown *sh, size_t r, enum money_unit u,
			   struct buf *line, struct buf *cell)
{
	char tmp[MONEY_BUFSZ];
	int64_t step = unit_step(u);
	for (size_t j = 0; j < t->n_cols; j++) {
		const struct tcell *c = &t->cells[r * t->n_cols + j];
		if (j)
			buf_addc(line, ',');
		if (c->is_null)
			continue;
		if (t->cols[j].type == TC_MONEY) {
			/* plain digits (no grouping commas): a number to Excel */
			buf_adds(line, dec_format(sh->v[r * t->n_cols + j] / step, 2, tmp));
			continue;
		}
		table_cell_people(t, sh, r, j, u, cell);
		csv_put_cell(line, cell->s ? cell->s : "", cell->len);
	}
	buf_adds(line, "\r\n");
}

static void csv_people_head(const struct table *t, enum money_unit u, struct buf *line)
{
	struct buf h = BUF_INIT, g = BUF_INIT;
	buf_adds(line, "\xEF\xBB\xBF");
	for (size_t j = 0; j < t->n_cols; j++) {
		if (j)
			buf_addc(line, ',');
		table_col_header(t, j, u, &h, &g);
		if (g.len)
			buf_printf(&g, "%s", L("：", ": "));
		buf_add(&g, h.s, h.len);
		if (t->cols[j].type == TC_MONEY)
			buf_printf(&g, L("（%s）", " (%s)"), money_unit_name(u));
		csv_put_cell(line, g.s, g.len);
	}
	buf_adds(line, "\r\n");
	buf_release(&h);
	buf_release(&g);
}

void table_print_csv_people(const struct table *t, FILE *out, enum money_unit u)
{
	struct buf line = BUF_INIT, cell = BUF_INIT;
	struct table_shown sh;
	table_shown(t, u, &sh);
	csv_people_head(t, u, &line);
	for (size_t r = 0; r < t->n_rows; r++) {
		csv_people_row(t, &sh, r, u, &line, &cell);
		if (line.len > 1 << 16) {
			fwrite(line.s, 1, line.len, out);
			buf_reset(&line);
		}
	}
	fwrite(line.s ? line.s : "", 1, line.len, out);
	table_shown_release(&sh);
	buf_release(&line);
	buf_release(&cell);
}

/* One row of CSV for programs. */
static void csv_row(const struct table *t, size_t r, struct buf *line)
{
	char tmp[64];
	for (size_t j = 0; j < t->n_cols; j++) {
		const struct tcell *c = &t->cells[r * t->n_cols + j];
		if (j)
			buf_addc(line, ',');
		if (c->is_null)
			continue;
		switch (t->cols[j].type) {
		case TC_TEXT:
			csv_put_cell(line, c->s ? c->s : "", c->s ? strlen(c->s) : 0);
			break;
		case TC_INT:
		case TC_MONEY:
			buf_printf(line, "%lld", (long long)c->i);
			break;
		case TC_SHARE:
			buf_adds(line, dec_format_min(share_millionths(c->i, c->den), 6, tmp));
			break;
		}
	}
	buf_addc(line, '\n');
}

static void csv_head(const struct table *t, struct buf *line)
{
	for (size_t j = 0; j < t->n_cols; j++) {
		if (j)
			buf_addc(line, ',');
		buf_adds(line, t->cols[j].key);
	}
	buf_addc(line, '\n');
}

void table_print_csv(const struct table *t, FILE *out)
{
	struct buf line = BUF_INIT;
	csv_head(t, &line);
	for (size_t r = 0; r < t->n_rows; r++) {
		if (t->has_total && r == t->n_rows - 1)
			break;
		csv_row(t, r, &line);
		if (line.len > 1 << 16) {
			fwrite(line.s, 1, line.len, out);
			buf_reset(&line);
		}
	}
	fwrite(line.s ? line.s : "", 1, line.len, out);
	buf_release(&line);
}

/* --- a flat table streamed row by row (table.h) ---------------------------- */

/* The one row's shown money: each cell rounded on its own (a flat table). */
static void stream_shown(const struct table *t, enum money_unit u, struct table_shown *sh)
{
	int64_t step = unit_step(u);
	for (size_t j = 0; j < t->n_cols; j++)
		sh->v[j] = t->cols[j].type == TC_MONEY && !t->cells[j].is_null ? round_to(t->cells[j].i, step) : 0;
}

/* Codes shown as words, each list of codes rendered once: its words and
 * their display width. */
struct words_cache {
	struct strmap map;
	char **text;
	size_t *width;
	size_t n, cap;
};

static size_t words_cached(struct words_cache *wc, const struct table *t, size_t j, struct buf *tmp)
{
	const struct tcell *c = &t->cells[j];
	const char *k = c->s ? c->s : "";
	size_t kl = strlen(k);
	int is_new;
	int64_t *slot = strmap_put(&wc->map, k, kl, (int64_t)wc->n, &is_new);
	if (is_new) {
		XGROW(wc->text, wc->cap, wc->n + 1);
		wc->width = xrealloc(wc->width, wc->cap * sizeof *wc->width);
		words_list(t->cols[j].words, k, tmp);
		wc->text[wc->n] = xstrdup(buf_str(tmp));
		wc->width[wc->n] = utf8_width(buf_str(tmp));
		wc->n++;
	}
	return (size_t)*slot;
}

struct stream {
	struct table *t;
	const struct table_stream *s;
	struct table_shown sh;
	struct words_cache *wc; /* per column */
	struct buf *cell;
	const char **cells;
	enum money_unit u;
};

static void stream_open(struct stream *x, struct table *t, const struct table_stream *s, enum money_unit u)
{
	size_t nc = t->n_cols ? t->n_cols : 1;
	x->t = t;
	x->s = s;
	x->u = u;
	if (!t->n_rows)
		table_row(t);
	x->sh.v = xcalloc(nc, sizeof(int64_t));
	x->sh.notes = (struct buf)BUF_INIT;
	x->wc = xcalloc(nc, sizeof *x->wc);
	x->cell = xcalloc(nc, sizeof *x->cell);
	x->cells = xcalloc(nc, sizeof *x->cells);
}

/* Candidate i into the row; 1 when it is shown, its cells in x->cells
 * and their widths in cw (may be NULL). */
static int stream_row(struct stream *x, size_t i, size_t *cw)
{
	struct table *t = x->t;
	if (!x->s->row(i, t, x->s->arg))
		return 0;
	stream_shown(t, x->u, &x->sh);
	for (size_t j = 0; j < t->n_cols; j++) {
		if (t->cols[j].type == TC_TEXT && t->cols[j].words != WORDS_NONE && !t->cells[j].is_null) {
			size_t k = words_cached(&x->wc[j], t, j, &x->cell[j]);
			x->cells[j] = x->wc[j].text[k];
			if (cw)
				cw[j] = x->wc[j].width[k];
			continue;
		}
		x->cells[j] = table_cell_people(t, &x->sh, 0, j, x->u, &x->cell[j]);
		if (cw)
			cw[j] = utf8_width(x->cells[j]);
	}
	return 1;
}

static void stream_close(struct stream *x)
{
	for (size_t j = 0; j < x->t->n_cols; j++) {
		for (size_t k = 0; k < x->wc[j].n; k++)
			free(x->wc[j].text[k]);
		free(x->wc[j].text);
		free(x->wc[j].width);
		strmap_release(&x->wc[j].map);
		buf_release(&x->cell[j]);
	}
	free(x->wc);
	free(x->cell);
	free(x->cells);
	table_shown_release(&x->sh);
}

void table_stream_text(struct table *t, const struct table_stream *s, FILE *out, enum money_unit u)
{
	size_t nc = t->n_cols;
	size_t *w = xcalloc(nc ? nc : 1, sizeof(size_t)), *cw = xcalloc(nc ? nc : 1, sizeof(size_t));
	struct buf line = BUF_INIT, h = BUF_INIT, g = BUF_INIT;
	struct stream x;
	int groups = has_groups(t);
	stream_open(&x, t, s, u);
	head_widths(t, w, groups, u, &h, &g);
	/* the widths: a first pass over the rows */
	for (size_t i = 0; i < s->n; i++)
		if (stream_row(&x, i, cw))
			for (size_t j = 0; j < nc; j++)
				if (cw[j] > w[j])
					w[j] = cw[j];
	text_head(t, w, groups, out, u);
	for (size_t i = 0; i < s->n; i++)
		if (stream_row(&x, i, NULL))
			text_row(t, w, x.cells, table_row_level(t, 0, 0), &line, out);
	text_tail(t, w, NULL, out);
	stream_close(&x);
	buf_release(&line);
	buf_release(&h);
	buf_release(&g);
	free(w);
	free(cw);
}

void table_stream_csv(struct table *t, const struct table_stream *s, FILE *out)
{
	struct buf line = BUF_INIT;
	if (!t->n_rows)
		table_row(t);
	csv_head(t, &line);
	for (size_t i = 0; i < s->n; i++) {
		if (!s->row(i, t, s->arg))
			continue;
		csv_row(t, 0, &line);
		if (line.len > 1 << 16) {
			fwrite(line.s, 1, line.len, out);
			buf_reset(&line);
		}
	}
	fwrite(line.s ? line.s : "", 1, line.len, out);
	buf_release(&line);
}

void table_stream_csv_people(struct table *t, const struct table_stream *s, FILE *out, enum money_unit u)
{
	struct buf line = BUF_INIT, cell = BUF_INIT;
	struct stream x;
	stream_open(&x, t, s, u);
	csv_people_head(t, u, &line);
	for (size_t i = 0; i < s->n; i++) {
		if (!s->row(i, t, s->arg))
			continue;
		stream_shown(t, u, &x.sh);
		csv_people_row(t, &x.sh, 0, u, &line, &cell);
		if (line.len > 1 << 16) {
			fwrite(line.s, 1, line.len, out);
			buf_reset(&line);
		}
	}
	fwrite(line.s ? line.s : "", 1, line.len, out);
	stream_close(&x);
	buf_release(&line);
	buf_release(&cell);
}

static json_t *cell_json(const struct table *t, size_t j, const struct tcell *c)
{
	if (c->is_null)
		return json_null();
	if (t->cols[j].type == TC_TEXT)
		return json_string(c->s ? c->s : "");
	if (t->cols[j].type == TC_SHARE)
		/* display only: an exact share rounded to millionths */
		return json_real((double)share_millionths(c->i, c->den) / 1e6);
	return json_integer(c->i);
}

static json_t *row_json(const struct table *t, size_t r)
{
	json_t *o = json_object();
	for (size_t j = 0; j < t->n_cols; j++)
		json_object_set_new(o, t->cols[j].key, cell_json(t, j, &t->cells[r * t->n_cols + j]));
	return o;
}

void *table_row_json(const struct table *t, size_t row)
{
	return row < t->n_rows ? row_json(t, row) : json_null();
}

void *table_rows_json(const struct table *t, size_t from, size_t n)
{
	json_t *arr = json_array();
	size_t end = t->n_rows - (t->has_total ? 1 : 0);
	for (size_t r = from; r < end && r - from < n; r++)
		json_array_append_new(arr, row_json(t, r));
	return arr;
}

void *table_shown_json(const struct table *t, enum money_unit u)
{
	struct table_shown sh;
	table_shown(t, u, &sh);
	json_t *rows = json_array(), *notes = json_array();
	for (size_t r = 0; r < t->n_rows; r++) {
		json_t *o = json_object();
		for (size_t j = 0; j < t->n_cols; j++) {
			if (t->cols[j].type != TC_MONEY)
				continue;
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			json_object_set_new(o, t->cols[j].key, c->is_null ? json_null() : json_integer(sh.v[r * t->n_cols + j]));
		}
		json_array_append_new(rows, o);
	}
	for (const char *n = buf_str(&sh.notes); *n;) {
		size_t len = strcspn(n, "\n");
		json_array_append_new(notes, json_stringn(n, len));
		n += len + (n[len] == '\n');
	}
	table_shown_release(&sh);
	return json_pack("{s:s, s:o, s:o}", "unit", u == UNIT_YUAN ? "yuan" : u == UNIT_WAN ? "wan" : "yi", "rows", rows,
			 "notes", notes);
}

void *table_to_json(const struct table *t)
{
	return table_rows_json(t, 0, t->n_rows);
}

/* --- filtering, sorting, totals (table_query) ---------------------------- */

struct sort_ctx {
	const struct table *t;
	size_t col;
	int desc;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const struct tcell *x = &c->t->cells[ra * c->t->n_cols + c->col], *y = &c->t->cells[rb * c->t->n_cols + c->col];
	int d = 0;
	if (x->is_null || y->is_null) {
		/* nulls last, whichever the direction */
		if (x->is_null != y->is_null)
			return x->is_null ? 1 : -1;
	} else if (c->t->cols[c->col].type == TC_TEXT) {
		d = strcmp(x->s ? x->s : "", y->s ? y->s : "");
	} else if (c->t->cols[c->col].type == TC_SHARE) {
		__int128 l = (__int128)x->i * y->den, r = (__int128)y->i * x->den;
		d = (l > r) - (l < r);
	} else {
		d = (x->i > y->i) - (x->i < y->i);
	}
	if (c->desc)
		d = -d;
	return d ? d : (ra > rb) - (ra < rb);
}

static int row_matches(const struct table *t, size_t r, char **words, size_t n_words)
{
	for (size_t w = 0; w < n_words; w++) {
		int hit = 0;
		for (size_t j = 0; j < t->n_cols && !hit; j++) {
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			if (t->cols[j].type != TC_TEXT || !c->s)
				continue;
			hit = strcasestr(c->s, words[w]) != NULL;
			/* the words people read for a code (超标准 for OVER_STANDARD, 一般 for general) */
			if (!hit && t->cols[j].words != WORDS_NONE) {
				struct buf b = BUF_INIT;
				hit = strcasestr(words_list(t->cols[j].words, c->s, &b), words[w]) != NULL;
				buf_release(&b);
			}
		}
		if (!hit)
			return 0;
	}
	return 1;
}

int table_select(const struct table *t, const char *q, const char *sort, struct table_sel *sel, struct buf *err)
{
	size_t n_data = t->n_rows - (t->has_total ? 1 : 0), n_cols = t->n_cols;
	struct sort_ctx sc = { t, 0, 0 };
	memset(sel, 0, sizeof(*sel));
	if (sort && *sort) {
		sc.desc = sort[0] == '-';
		const char *key = sort + (sc.desc || sort[0] == '+');
		for (sc.col = 0; sc.col < n_cols && strcmp(t->cols[sc.col].key, key); sc.col++)
			;
		if (sc.col == n_cols) {
			buf_printf(err, L("没有可排序的列：%s", "no column to sort by: %s"), key);
			return -1;
		}
	}
	/* the words of q */
	char *qcopy = xstrdup(q ? q : ""), *save = NULL, **words = NULL;
	size_t n_words = 0, cap_words = 0;
	for (char *w = strtok_r(qcopy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		XGROW(words, cap_words, n_words + 1);
		words[n_words++] = w;
	}
	size_t *keep = xmalloc((n_data + 1) * sizeof(*keep)), n_keep = 0;
	for (size_t r = 0; r < n_data; r++)
		if (!n_words || row_matches(t, r, words, n_words))
			keep[n_keep++] = r;
	free(words);
	free(qcopy);
	if (sort && *sort)
		qsort_r(keep, n_keep, sizeof(*keep), cmp_rows, &sc);
	/* the totals row: the report's own over all its rows, or money sums */
	int own_total = t->has_total && n_keep == n_data;
	struct tcell *sums = xcalloc(n_cols ? n_cols : 1, sizeof(*sums));
	int first_text = -1, overflow = 0;
	for (size_t j = 0; j < n_cols; j++) {
		sums[j] = (struct tcell){ 1, 0, 1, NULL };
		if (own_total) {
			sums[j] = t->cells[n_data * n_cols + j];
			sums[j].s = sums[j].s ? xstrdup(sums[j].s) : NULL;
			continue;
		}
		if (first_text < 0 && t->cols[j].type == TC_TEXT)
			first_text = (int)j;
		if (t->cols[j].type != TC_MONEY || t->no_sums)
			continue;
		sums[j].is_null = 0;
		for (size_t k = 0; k < n_keep && !overflow; k++) {
			const struct tcell *c = &t->cells[keep[k] * n_cols + j];
			if (!c->is_null && money_add(sums[j].i, c->i, &sums[j].i))
				overflow = 1;
		}
	}
	if (first_text >= 0) {
		sums[first_text].s = xstrdup(L("合计", "Total"));
		sums[first_text].is_null = 0;
	}
	sel->rows = keep;
	sel->n = n_keep;
	sel->total = sums;
	sel->n_cols = n_cols;
	if (overflow) {
		table_sel_release(sel);
		buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
		return -1;
	}
	return 0;
}

void table_sel_release(struct table_sel *sel)
{
	for (size_t j = 0; sel->total && j < sel->n_cols; j++)
		free(sel->total[j].s);
	free(sel->total);
	free(sel->rows);
	memset(sel, 0, sizeof(*sel));
}

void *table_sel_json(const struct table *t, const struct table_sel *sel, size_t from, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = from; k < sel->n && k - from < n; k++)
		json_array_append_new(arr, row_json(t, sel->rows[k]));
	return arr;
}

void *table_sel_total_json(const struct table *t, const struct table_sel *sel)
{
	json_t *o = json_object();
	for (size_t j = 0; j < t->n_cols; j++)
		json_object_set_new(o, t->cols[j].key, cell_json(t, j, &sel->total[j]));
	return o;
}

int table_query(struct table *t, const char *q, const char *sort, struct buf *err)
{
	struct table_sel sel;
	size_t n_data = t->n_rows - (t->has_total ? 1 : 0), n_cols = t->n_cols;
	if (table_select(t, q, sort, &sel, err))
		return -1;
	struct tcell *cells = xmalloc((sel.n + 1) * (n_cols ? n_cols : 1) * sizeof(*cells));
	unsigned char *kept = xcalloc(t->n_rows + 1, 1);
	for (size_t k = 0; k < sel.n; k++) {
		memcpy(&cells[k * n_cols], &t->cells[sel.rows[k] * n_cols], n_cols * sizeof(*cells));
		kept[sel.rows[k]] = 1;
	}
	memcpy(&cells[sel.n * n_cols], sel.total, n_cols * sizeof(*cells));
	/* the strings move to the new cells; the dropped rows' (and the old totals row's) go */
	for (size_t r = 0; r < t->n_rows; r++)
		if (!kept[r] || r >= n_data)
			for (size_t j = 0; j < n_cols; j++)
				free(t->cells[r * n_cols + j].s);
	free(kept);
	free(t->cells);
	t->cells = cells;
	t->cap_cells = (sel.n + 1) * n_cols;
	t->n_rows = sel.n + 1;
	t->has_total = 1;
	/* the rows moved: their levels go (the default tree: rows under the total) */
	for (int k = 0; k < 2; k++) {
		free(t->levels[k]);
		t->levels[k] = NULL;
		t->cap_levels[k] = 0;
	}
	free(sel.total);
	free(sel.rows);
	return 0;
}

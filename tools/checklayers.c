/*
 * checklayers.c - `make check-layers`: the seams of src/ that the
 * structure depends on, checked on every `make test`.
 *
 *   1. The database library is called only by the drivers (db_*.c): an
 *      identifier sqlite3_… or PQ… (libpq) anywhere else, or an #include
 *      of <sqlite3.h> or <libpq-fe.h>, is an error.
 *   2. SQL is written only in the store (store*.c) and the drivers: a
 *      string literal anywhere else that reads as SQL (SELECT … FROM,
 *      INSERT INTO, UPDATE … SET, DELETE FROM, CREATE/DROP/ALTER …,
 *      PRAGMA, ON CONFLICT, BEGIN/COMMIT/ROLLBACK) is an error.
 *   3. No include cycle between modules (x.c and x.h form module x; a
 *      file's #include "y.h" is an edge to module y).
 *
 * Usage: checklayers FILE…   (prints FILE:LINE: reason, exits 1 on any)
 * Comments are skipped, so they may speak of SQL and of sqlite3_* freely.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODS 512

static int n_errors;

static void error(const char *file, int line, const char *fmt, const char *what)
{
	fprintf(stderr, "%s:%d: ", file, line);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	n_errors++;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	size_t k;
	while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	s[len] = 0;
	*n = len;
	return s;
}

static const char *base(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static int starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Does the literal's text read as SQL? */
static const char *sql_in(const char *t)
{
	static const char *const words[] = { "INSERT INTO", "DELETE FROM", "CREATE TABLE", "CREATE INDEX", "CREATE VIEW",
					     "CREATE TRIGGER", "DROP TABLE", "DROP TRIGGER", "ALTER TABLE", "PRAGMA ",
					     "ON CONFLICT", "BEGIN IMMEDIATE", "ROLLBACK", "COMMIT", NULL };
	for (const char *const *w = words; *w; w++)
		if (strstr(t, *w))
			return *w;
	const char *s = strstr(t, "SELECT ");
	if (s && strstr(s, " FROM "))
		return "SELECT … FROM";
	s = strstr(t, "UPDATE ");
	if (s && strstr(s, " SET "))
		return "UPDATE … SET";
	if (!strcmp(t, "BEGIN") || starts(t, "BEGIN;"))
		return "BEGIN";
	return NULL;
}

/* --- modules and includes ------------------------------------------------ */

static char *mods[MAX_MODS];
static int n_mods;
static unsigned char edge[MAX_MODS][MAX_MODS];
static int present[MAX_MODS]; /* a file of the module was given */

static int mod_of(const char *name, size_t n)
{
	for (int i = 0; i < n_mods; i++)
		if (strlen(mods[i]) == n && !strncmp(mods[i], name, n))
			return i;
	if (n_mods == MAX_MODS) {
		fprintf(stderr, "checklayers: too many modules\n");
		exit(2);
	}
	mods[n_mods] = strndup(name, n);
	return n_mods++;
}

static void scan(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	const char *b = base(path);
	size_t bl = strlen(b);
	int is_driver = starts(b, "db_") && bl > 2 && !strcmp(b + bl - 2, ".c");
	int is_store = starts(b, "store") || is_driver;
	int self = mod_of(b, bl > 2 && b[bl - 2] == '.' ? bl - 2 : bl);
	present[self] = 1;
	char *lit = malloc(n + 1);
	int line = 1, at_bol = 1;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (c == '\n') {
			line++;
			at_bol = 1;
			i++;
			continue;
		}
		if (c == '/' && s[i + 1] == '*') {
			for (i += 2; i < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
				line += s[i] == '\n';
			i += 2;
			continue;
		}
		if (c == '/' && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (at_bol && c == '#') {
			/* a directive: #include "x.h" is an edge, <sqlite3.h> a driver's */
			const char *d = s + i + 1;
			while (*d == ' ' || *d == '\t')
				d++;
			if (starts(d, "include")) {
				d += 7;
				while (*d == ' ' || *d == '\t')
					d++;
				if (*d == '"') {
					const char *e = strchr(d + 1, '"');
					if (e && e - d > 3 && !strncmp(e - 2, ".h", 2)) {
						int m = mod_of(d + 1, (size_t)(e - 2 - (d + 1)));
						if (m != self)
							edge[self][m] = 1;
					}
				} else if (!is_driver && (starts(d, "<sqlite3.h>") || starts(d, "<libpq-fe.h>"))) {
					error(path, line, "%s outside the database drivers (db_*.c)", "an #include of the database library");
				}
			}
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (!isspace((unsigned char)c))
			at_bol = 0;
		if (c == '"' || c == '\'') {
			/* adjacent literals ("SELECT a" " FROM b") are read as one */
			size_t k = 0;
			int start = line;
			for (;;) {
				for (i++; i < n && s[i] != c; i++) {
					if (s[i] == '\\' && i + 1 < n)
						lit[k++] = s[i++];
					if (s[i] == '\n')
						line++;
					lit[k++] = s[i];
				}
				i++;
				size_t j = i;
				int nl = 0;
				while (j < n && isspace((unsigned char)s[j]))
					nl += s[j++] == '\n';
				if (c != '"' || j >= n || s[j] != '"')
					break;
				line += nl;
				i = j;
			}
			lit[k] = 0;
			const char *w;
			if (c == '"' && !is_store && (w = sql_in(lit)))
				error(path, start, "SQL (%s) outside the store (store*.c)", w);
			continue;
		}
		if (isalpha((unsigned char)c) || c == '_') {
			size_t j = i;
			while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			int is_sqlite = j - i > 8 && !strncmp(s + i, "sqlite3_", 8);
			int is_pq = j - i > 2 && s[i] == 'P' && s[i + 1] == 'Q' && islower((unsigned char)s[i + 2]);
			if (!is_driver && (is_sqlite || is_pq)) {
				char id[80];
				snprintf(id, sizeof id, "%.*s", (int)(j - i), s + i);
				error(path, line, "%s: a database call outside the drivers (db_*.c)", id);
			}
			i = j;
			continue;
		}
		i++;
	}
	free(lit);
	free(s);
}

/* --- cycles ----------------------------------------------------------------- */

static int idx[MAX_MODS], low[MAX_MODS], on[MAX_MODS], stack[MAX_MODS], sp, counter;

static void strong(int v)
{
	idx[v] = low[v] = ++counter;
	stack[sp++] = v;
	on[v] = 1;
	for (int w = 0; w < n_mods; w++) {
		if (!edge[v][w] || !present[w])
			continue;
		if (!idx[w]) {
			strong(w);
			if (low[w] < low[v])
				low[v] = low[w];
		} else if (on[w] && idx[w] < low[v]) {
			low[v] = idx[w];
		}
	}
	if (low[v] == idx[v]) {
		int k = sp;
		do
			k--;
		while (stack[k] != v);
		if (sp - k > 1) {
			fprintf(stderr, "include cycle between modules:");
			for (int i = k; i < sp; i++)
				fprintf(stderr, " %s", mods[stack[i]]);
			fputc('\n', stderr);
			n_errors++;
		}
		for (int i = k; i < sp; i++)
			on[stack[i]] = 0;
		sp = k;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: checklayers FILE…\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		scan(argv[i]);
	for (int v = 0; v < n_mods; v++)
		if (present[v] && !idx[v])
			strong(v);
	if (n_errors) {
		fprintf(stderr, "checklayers: %d problem%s\n", n_errors, n_errors > 1 ? "s" : "");
		return 1;
	}
	return 0;
}

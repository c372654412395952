/*
 * record.c - a stored scenario is a record of its run (SPEC §12): the
 * year's inputs it ran on are kept with it (once per state of the inputs,
 * shared by the scenarios that ran on it), so that its reports read what
 * it ran on after the book has changed, and say that it has.
 *
 * The kept inputs are the export of every kind of the year (SPEC §4: export
 * then import is lossless), the sources of the two following years (the
 * affordability check reads them) and the book's settings:
 *
 *     "zbb-inputs-1\n", then per part: KIND " " YEAR " " LENGTH "\n" and
 *     LENGTH bytes (CSV as `zbb export` writes it; the part "settings" is
 *     KEY "\t" VALUE lines; the part "basic", the codes of the generated
 *     basic projects (SPEC §13), one a line: a project's export does not
 *     say it was generated)
 *
 * deflated (zlib) after an 8-byte little-endian length of the text.  A
 * stale scenario's reports import them into a book of their own in the
 * temporary folder and run the stored parameters on it, which gives back
 * the stored result: the pipeline is deterministic.
 */
#include "scenario.h"
#include "export.h"
#include "import.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static int part(struct buf *out, struct book *b, const struct kind *k, int year, struct buf *err)
{
	char *mem = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&mem, &n);
	if (!f)
		abort();
	int saved = b->year;
	b->year = year;
	int rc = export_kind(b, k, EXPORT_CSV, f, err);
	b->year = saved;
	fclose(f);
	if (!rc) {
		buf_printf(out, "%s %d %zu\n", k->name, year, n);
		buf_add(out, mem, n);
	}
	free(mem);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int mark_basic(struct book *tb, struct store_change *c, void *arg, struct buf *err)
{
	(void)c;
	char *codes = arg, *save = NULL;
	for (char *line = strtok_r(codes, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (store_basic_mark(tb, line, err))
			return -1;
	return 0;
}

static int has_sources(struct book *b, int year)
{
	int saved = b->year;
	b->year = year;
	int64_t n = store_count(b, "sources");
	b->year = saved;
	return n > 0;
}

int scenario_inputs_keep(struct book *b, int64_t stamp, size_t *kept, struct buf *err)
{
	size_t on;
	*kept = 0;
	int f = store_scenario_inputs_get(b, stamp, NULL, &on, err);
	if (f)
		return f < 0 ? -1 : 0; /* kept already (a what-if on the same inputs) */
	struct buf t = BUF_INIT, s = BUF_INIT;
	int rc = -1;
	buf_adds(&t, "zbb-inputs-1\n");
	for (size_t i = 0; i < kinds_n; i++)
		if (strcmp(kinds[i].name, "adjustments") && part(&t, b, &kinds[i], b->year, err))
			goto out;
	for (int y = b->year + 1; y <= b->year + 2; y++)
		if (has_sources(b, y) && part(&t, b, kind_find("sources"), y, err))
			goto out;
	for (size_t i = 0; i < settings_n; i++) {
		char *v = store_setting_get(b, settings_table[i].key);
		if (v)
			buf_printf(&s, "%s\t%s\n", settings_table[i].key, v);
		free(v);
	}
	{
		struct strmap basic = STRMAP_INIT;
		struct buf c = BUF_INIT;
		if (store_basic_codes(b, &basic, err)) {
			strmap_release(&basic);
			goto out;
		}
		/* sorted: the same inputs keep the same bytes */
		char **codes = xcalloc(basic.n ? basic.n : 1, sizeof(char *));
		size_t nc = 0;
		for (size_t i = 0; i < basic.cap; i++)
			if (basic.tab[i].key)
				codes[nc++] = xstrndup(basic.tab[i].key, basic.tab[i].len);
		qsort(codes, nc, sizeof(char *), cmp_str);
		for (size_t i = 0; i < nc; i++)
			buf_printf(&c, "%s\n", codes[i]);
		if (nc) {
			buf_printf(&t, "basic %d %zu\n", b->year, c.len);
			buf_add(&t, c.s, c.len);
		}
		for (size_t i = 0; i < nc; i++)
			free(codes[i]);
		free(codes);
		buf_release(&c);
		strmap_release(&basic);
	}
	buf_printf(&t, "settings 0 %zu\n", s.len);
	buf_add(&t, s.s ? s.s : "", s.len);
	uLongf zn = compressBound((uLong)t.len);
	unsigned char *z = xmalloc(zn + 8);
	for (int i = 0; i < 8; i++)
		z[i] = (unsigned char)((uint64_t)t.len >> (8 * i));
	if (compress2(z + 8, &zn, (const Bytef *)t.s, (uLong)t.len, 6) != Z_OK) {
		free(z);
		buf_adds(err, "compress failed");
		goto out;
	}
	rc = store_scenario_inputs_put(b, stamp, z, zn + 8, t.len, err);
	*kept = zn + 8;
	free(z);
out:
	buf_release(&t);
	buf_release(&s);
	return rc;
}

/* The kept inputs' text (malloc'd, *n bytes): 0; 1 none kept; -1. */
static int inputs_text(struct book *b, int64_t stamp, char **text, size_t *n, struct buf *err)
{
	void *z;
	size_t zn;
	*text = NULL;
	int f = store_scenario_inputs_get(b, stamp, &z, &zn, err);
	if (f <= 0)
		return f < 0 ? -1 : 1;
	uint64_t raw = 0;
	for (int i = 0; i < 8 && (size_t)i < zn; i++)
		raw |= (uint64_t)((unsigned char *)z)[i] << (8 * i);
	uLongf un = (uLongf)raw;
	*text = xmalloc(raw + 1);
	int r = zn >= 8 ? uncompress((Bytef *)*text, &un, (const Bytef *)z + 8, (uLong)(zn - 8)) : Z_DATA_ERROR;
	free(z);
	if (r != Z_OK || un != raw) {
		free(*text);
		*text = NULL;
		buf_printf(err, "%s: %s", b->name, L("场景保存的输入数据已损坏", "the inputs kept with the scenario are damaged"));
		return -1;
	}
	(*text)[raw] = 0;
	*n = raw;
	return 0;
}

static void remove_book(const char *dir, const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[4200];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", path, ext[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Load the kept text into the fresh book tb. */
static int load_text(struct book *tb, int year, const char *t, size_t n, struct buf *err)
{
	const char *p = t, *end = t + n;
	const char *who = "scenario";
	if (n < 13 || memcmp(p, "zbb-inputs-1\n", 13))
		goto bad;
	p += 13;
	while (p < end) {
		char name[64];
		int y;
		size_t len;
		int used;
		if (sscanf(p, "%63s %d %zu%n", name, &y, &len, &used) != 3)
			goto bad;
		p += used;
		if (p >= end || *p != '\n' || (size_t)(end - p - 1) < len)
			goto bad;
		p++;
		if (!strcmp(name, "basic")) {
			char *codes = xstrndup(p, len);
			struct store_change c = { who, "basic.mark", "scenario", NULL, NULL, 0 };
			tb->year = y;
			int r = store_write(tb, &c, mark_basic, codes, err);
			tb->year = year;
			store_change_release(&c);
			free(codes);
			if (r)
				return -1;
		} else if (!strcmp(name, "settings")) {
			const char *keys[64], *vals[64];
			char *copy = xstrndup(p, len), *save = NULL;
			size_t k = 0;
			for (char *line = strtok_r(copy, "\n", &save); line && k < 64; line = strtok_r(NULL, "\n", &save)) {
				char *tab = strchr(line, '\t');
				if (!tab)
					continue;
				*tab = 0;
				keys[k] = line;
				vals[k++] = tab + 1;
			}
			int r = k ? store_settings_put(tb, who, k, keys, vals, err) : 0;
			free(copy);
			if (r)
				return -1;
		} else {
			const struct kind *k = kind_find(name);
			struct import_opts o;
			struct import_result res;
			memset(&o, 0, sizeof o);
			if (!k)
				goto bad;
			tb->year = y;
			int r = import_mem(tb, who, k, name, p, len, &o, &res, err);
			tb->year = year;
			if (r != IMPORT_OK) {
				if (r == IMPORT_BAD_INPUT && res.n_shown)
					buf_printf(err, "%s", res.errors[0]);
				import_result_release(&res);
				return -1;
			}
			import_result_release(&res);
		}
		p += len;
	}
	return 0;
bad:
	buf_adds(err, L("场景保存的输入数据格式不对", "the inputs kept with the scenario are not in their format"));
	return -1;
}

int scenario_inputs_run(struct book *b, int64_t stamp, const struct scenario_params *sp, struct pipeline *p,
			struct buf *err)
{
	char *text;
	size_t n;
	int f = inputs_text(b, stamp, &text, &n, err);
	if (f)
		return f;
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/zbb-record-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		free(text);
		buf_printf(err, "%s: %s", dir, L("无法建立临时文件夹", "cannot make a temporary folder"));
		return -1;
	}
	snprintf(path, sizeof path, "%s/inputs.db", dir);
	struct book *tb;
	int rc = -1;
	if (store_open(path, STORE_CREATE | STORE_SCRATCH, &tb, err) == 0) {
		if (!store_init_year(tb, "scenario", b->year, err) && !load_text(tb, b->year, text, n, err))
			rc = pipeline_run(tb, b->year, sp, p, err) ? -1 : 0;
		store_close(tb);
	}
	remove_book(dir, path);
	free(text);
	return rc;
}

/*
 * main.c - global options (--book, --db, --year, --region, --format, --unit,
 * --lang, --busy-timeout), then
 * dispatch.  Global options may stand before or after the command name.
 */
#include "db.h"
#include "dispatch.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct zb_opts g = { 0 };
	const char *lang = NULL, *unit = NULL, *year = NULL, *wait = getenv("ZBB_BUSY_TIMEOUT");
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int n = 0, dashdash = 0;
	setlocale(LC_CTYPE, "C.UTF-8");
	db_global_init();
	zb_malloc_init();
	/* the book: --book FILE_OR_URL (--db URL), else $ZBB_DB (a
	 * postgresql:// URL), else $ZBB_BOOK, else zbb.db */
	g.book = getenv("ZBB_DB");
	if (!g.book || !*g.book)
		g.book = getenv("ZBB_BOOK");
	if (!g.book || !*g.book)
		g.book = "zbb.db";
	g.unit = UNIT_WAN;
	g.region = getenv("ZBB_REGION");
	if (g.region && !*g.region)
		g.region = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int r = 0;
		if (!dashdash && !strcmp(argv[i], "--")) {
			dashdash = 1;
			continue;
		}
		if (!dashdash) {
			if ((r = opt_arg(argc, argv, &i, "--book", &v)) > 0)
				g.book = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--db", &v)) > 0)
				g.book = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--year", &v)) > 0)
				year = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--region", &v)) > 0)
				g.region = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--format", &v)) > 0)
				g.format = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--unit", &v)) > 0)
				unit = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--lang", &v)) > 0)
				lang = v;
			else if (!r && (r = opt_arg(argc, argv, &i, "--busy-timeout", &v)) > 0)
				wait = v;
		}
		if (r < 0) {
			free(rest);
			return EXIT_USAGE;
		}
		if (!r)
			rest[n++] = argv[i];
	}
	lang_init(lang);
	if (year) {
		char *end;
		long y = strtol(year, &end, 10);
		if (*end || y < 1900 || y > 9999) {
			zb_err(L("--year 应为 1900 到 9999 之间的年度：%s", "--year must be a year from 1900 to 9999: %s"), year);
			free(rest);
			return EXIT_USAGE;
		}
		g.year = (int)y;
	}
	if (wait && *wait) {
		/* how long to wait for another writer, in seconds (decimals allowed) */
		char *end;
		double sec = strtod(wait, &end);
		if (*end || !(sec >= 0 && sec <= 3600)) {
			zb_err(L("--busy-timeout（或 ZBB_BUSY_TIMEOUT）应为 0 到 3600 秒：%s",
				 "--busy-timeout (or ZBB_BUSY_TIMEOUT) must be 0 to 3600 seconds: %s"), wait);
			free(rest);
			return EXIT_USAGE;
		}
		db_busy_ms = (unsigned)(sec * 1000 + 0.5);
	}
	db_busy_say = 1;
	if (unit && money_unit_parse(unit, &g.unit)) {
		zb_err(L("--unit 应为 yuan、wan 或 yi：%s", "--unit must be yuan, wan or yi: %s"), unit);
		free(rest);
		return EXIT_USAGE;
	}
	g.shown = db_shown(g.book);
	int rc = dispatch(&g, n, rest);
	free(g.shown);
	free(rest);
	return rc;
}

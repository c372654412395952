/*
 * fuzz_import - the CSV import of every kind (import.c, kinds.c, csvread.c)
 * into a small in-memory book, made once: each input runs inside a held
 * transaction rolled back after it (store_test_hold, bulk: an import is a
 * bulk load, foreign keys off as DB_TUNE_BULK has them), so each sees the
 * same book.
 *
 * Input: byte 0 picks the kind (low 5 bits, modulo the number of kinds:
 * 4 bits reached only the first 16 of the 18) and the encoding (next 2
 * bits); the rest is the file.  Invariants: the import answers OK or
 * BAD_INPUT (never a storage failure), leaves no transaction open, and
 * BAD_INPUT says why; when it succeeds, export → import → export gives the
 * same bytes (SPEC §4: export then import is lossless).
 */
#include "export.h"
#include "fuzz.h"

#include <stdint.h>

static struct book *work;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	work = fuzz_seed_book();
	return 0;
}

static char *export_text(const struct kind *k, size_t *n)
{
	char *text = NULL;
	struct buf err = BUF_INIT;
	FILE *f = open_memstream(&text, n);
	if (export_kind(work, k, EXPORT_CSV, f, &err))
		fuzz_fail("export %s: %s", k->name, buf_str(&err));
	fclose(f);
	buf_release(&err);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum csv_encoding encs[] = { ENC_AUTO, ENC_UTF8, ENC_GB18030, ENC_AUTO };
	if (size < 1)
		return 0;
	const struct kind *k = &kinds[(data[0] & 31) % kinds_n];
	struct import_opts o = { .enc = encs[(data[0] >> 5) & 3], .max_rows = 1000 };
	struct import_result res;
	struct buf err = BUF_INIT;
	if (store_test_hold(work, 1, &err))
		fuzz_fail("hold: %s", buf_str(&err));
	int rc = import_mem(work, "test", k, "f.csv", (const char *)data + 1, size - 1, &o, &res, &err);
	if (store_in_write(work))
		fuzz_fail("a transaction left open");
	if (rc == IMPORT_FAILED)
		fuzz_fail("storage failure: %s", buf_str(&err));
	if (rc == IMPORT_BAD_INPUT && (!res.n_errors || !res.n_shown))
		fuzz_fail("bad input without a message");
	import_result_release(&res);
	if (rc == IMPORT_OK) {
		size_t n1, n2;
		char *e1 = export_text(k, &n1);
		rc = import_mem(work, "test", k, "export.csv", e1, n1, NULL, &res, &err);
		if (rc != IMPORT_OK)
			fuzz_fail("the export of %s does not import again: %s\n%s", k->name,
				  res.n_shown ? res.errors[0] : buf_str(&err), e1);
		import_result_release(&res);
		char *e2 = export_text(k, &n2);
		if (n1 != n2 || memcmp(e1, e2, n1))
			fuzz_fail("export → import → export of %s differs:\n%s\n---\n%s", k->name, e1, e2);
		free(e1);
		free(e2);
	}
	if (store_test_release(work, &err))
		fuzz_fail("release: %s", buf_str(&err));
	buf_release(&err);
	return 0;
}

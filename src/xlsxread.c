/*
 * xlsxread.c - placeholder until the XLSX reader lands: refuses clearly.
 */
#include "xlsxread.h"

int xlsx_read_file(const char *path, csv_row_fn fn, void *ctx, struct buf *err)
{
	(void)fn;
	(void)ctx;
	buf_printf(err, L("%s: 暂不支持 XLSX，请另存为 CSV", "%s: XLSX is not supported yet; save as CSV"), path);
	return -1;
}

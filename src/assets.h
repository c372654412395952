/*
 * assets.h - the UI's files embedded in the binary (generated from web/ by
 * tools/mkassets.c into build/assets_data.c), so that nothing is loaded
 * from anywhere else at run time.  The table is static and read-only.
 */
#ifndef ZBB_ASSETS_H
#define ZBB_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;   /* "app.css" */
	const char *hashed; /* "app.1f2e3d4c5b.css": safe to cache forever */
	const char *type;   /* Content-Type */
	const unsigned char *data;
	size_t len;
};

extern const struct asset assets[];
extern const size_t assets_n;

/* The asset with this plain or hashed name, or NULL; *is_hashed says which. */
const struct asset *asset_find(const char *name, int *is_hashed);

#endif

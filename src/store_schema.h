/*
 * store_schema.h - the schema of the book and its migrations (store
 * internal: only store.c calls it).
 */
#ifndef ZBB_STORE_SCHEMA_H
#define ZBB_STORE_SCHEMA_H

#include "store.h"

/* Take the database from schema version `from` to STORE_SCHEMA_VERSION
 * inside the caller's write transaction.  0, or -1 with err. */
int store_schema_migrate(struct db *db, int from, struct buf *err);

#endif

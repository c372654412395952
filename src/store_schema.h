/*
 * store_schema.h - the version of the book's schema and its migrations
 * (store.c runs them when it opens a book).
 */
#ifndef ZBB_STORE_SCHEMA_H
#define ZBB_STORE_SCHEMA_H

#include "util.h"

#define STORE_SCHEMA_VERSION 15

struct db;

/* Take the database from schema version `from` to STORE_SCHEMA_VERSION
 * inside the caller's write transaction.  0, or -1 with err. */
int store_schema_migrate(struct db *db, int from, struct buf *err);

#endif

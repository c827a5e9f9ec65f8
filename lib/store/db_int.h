/*
 * db_int.h: the tracking database's private declarations, shared by
 * db.c, db_schema.c and the tests of the migration engine.
 */
#ifndef DANDE_DB_INT_H
#define DANDE_DB_INT_H

#include <stddef.h>

#include "dande/db.h"

/* One forward-only migration: applying `sql` takes a database from
 * schema version - 1 to `version`. */
struct dande_db__migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct dande_db__migration dande_db__migrations[];
extern const size_t dande_db__nmigrations;

/* dande_db_open() with an explicit migration list (for tests). */
int dande_db__open_with(struct dande_db **out, const char *path, int flags,
			int busy_timeout_ms,
			const struct dande_db__migration *migrations,
			size_t nmigrations);

/* How many prepared statements the connection keeps (for tests). */
size_t dande_db__cached_statements(const struct dande_db *db);

/* The application_id every dande database carries ("DanE"). */
#define DANDE_DB__APPLICATION_ID 0x44616e45

#endif

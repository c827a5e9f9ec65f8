/*
 * db_int.h: the tracking database's private declarations: the storage
 * interface its two backends implement (sqlite.c, the only user of
 * sqlite3; pg.c, the only user of libpq), the schema's migrations, and
 * hooks for the tests of the migration engine.
 *
 * db.c holds what is the same on both engines: naming the database
 * (path or URL), opening and migrating it, the statement interface of
 * sql_int.h, status, export and prune.  A backend turns those into its
 * engine's calls: placeholders, types, transactions, errors.
 */
#ifndef DANDE_DB_INT_H
#define DANDE_DB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dande/db.h"

/* One schema step: applying `sql` takes a database from schema version
 * - 1 (or, for a backend whose list starts later, from an empty
 * database) to `version`; `down` takes it back (NULL: it cannot go
 * back).  Going down drops what the older schema cannot hold. */
struct dande_db__migration {
	int version;
	const char *name;
	const char *sql;
	const char *down;
	/* what SQL cannot do: after `sql`, before `down` (NULL: none) */
	int (*data_up)(struct dande_db *db);
	int (*data_down)(struct dande_db *db);
};

/* The `sql` and `down` of a step that changes nothing on its engine (it
 * records the number, so one version means one schema on both). */
extern const char dande_db__schema_nothing[];

/* SQLite's migrations, and PostgreSQL's (one step to the current
 * schema: there was no PostgreSQL database before it). */
extern const struct dande_db__migration dande_db__migrations[];
extern const size_t dande_db__nmigrations;
extern const struct dande_db__migration dande_db__pg_migrations[];
extern const size_t dande_db__pg_nmigrations;

struct dande_db__backend;

/* An open database: the backend and its connection. */
struct dande_db {
	const struct dande_db__backend *be;
	void *impl;
	char *path;		/* what messages name it by (no password) */
	int schema_version;
	int readonly;
	int busy_ms;
	int conflict;		/* the last failure may succeed if run again */
};

/*
 * A backend.  Every call records its error (dande_error_set) and returns
 * a library code: DANDE_EBUSY for a lock held past the busy timeout,
 * DANDE_EINVALID for a constraint, DANDE_EUSAGE for a user query the
 * engine refuses, DANDE_EEXTERNAL for anything else the engine says.
 */
struct dande_db__backend {
	const char *name;	/* "sqlite", "postgresql" */
	/* Connect to `target` (a file path, or a libpq connection string)
	 * as `flags` says; db->path, busy_ms and readonly are set. */
	int (*open)(struct dande_db *db, const char *target, int flags);
	void (*close)(struct dande_db *db);
	/* Settings for writing, once the version is known to be ours
	 * (before, the database is left byte for byte as it was). */
	int (*tune)(struct dande_db *db);
	/* Statements with no parameters, several at once (a migration). */
	int (*script)(struct dande_db *db, const char *sql);
	/* A write transaction: one writer at a time, waiting up to the busy
	 * timeout; commit rolls back when it fails. */
	int (*begin)(struct dande_db *db);
	int (*commit)(struct dande_db *db);
	void (*rollback)(struct dande_db *db);
	/* The library's SQL (?1..?n placeholders), prepared once per
	 * connection and kept; `fn` gets the header (values NULL), then
	 * each row, as the rows come. */
	int (*run)(struct dande_db *db, const char *sql,
		   const struct dande_db_value *params, size_t nparams,
		   dande_db_row_fn fn, void *payload);
	/* `nrows` rows of `ncols` values each (row after row in `v`) into
	 * `table`'s `cols`: one multi-row INSERT (SQLite) or COPY
	 * (PostgreSQL). */
	int (*bulk)(struct dande_db *db, const char *table,
		    const char *const *cols, size_t ncols,
		    const struct dande_db_value *v, size_t nrows);
	/* After bulk loads, before queries join what they loaded: let the
	 * planner see the tables as they are now. */
	int (*settle)(struct dande_db *db);
	/* One statement of the user's, read-only. */
	int (*query)(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		     void *payload);
	int (*foreign_keys)(struct dande_db *db, int on);
	/* The schema version; the engine's own mark of it, set to
	 * `version` inside a migration's transaction (db.c records the step
	 * in schema_migrations); whether that table is there. */
	int (*get_version)(struct dande_db *db, int *out);
	int (*set_version)(struct dande_db *db, int version);
	int (*has_history)(struct dande_db *db, int *out);
	/* A consistent copy of the database into the file `path` (NULL when
	 * the engine has its own tool for that: the message says which). */
	int (*backup)(struct dande_db *db, const char *path);
	int (*size)(struct dande_db *db, int64_t *bytes);
	int (*check)(struct dande_db *db, dande_db_problem_fn fn,
		     void *payload, int *problems);
	size_t (*cached)(const struct dande_db *db);
	/* Before a bulk load into an empty table: drop its index `index`,
	 * `create` getting the statement that makes it again; 1 when
	 * dropped, 0 when the engine keeps it (NULL: always kept). */
	int (*defer_index)(struct dande_db *db, const char *index,
			   struct dande_buf *create);
	/* Around a bulk load into an empty database (NULL: nothing to
	 * change): 1 when the engine now writes each page once. */
	int (*load_begin)(struct dande_db *db);
	void (*load_end)(struct dande_db *db);
	size_t batch_rows;	/* rows a bulk insert does best with */
	/* a bulk insert returns before the engine has done it, and the
	 * next statement waits for it (PostgreSQL's COPY) */
	int bulk_behind;
	/* a local file: copied before it migrates; empty is a database
	 * (a server's empty database is a missing one) */
	int is_file;
	const struct dande_db__migration *migrations;
	const size_t *nmigrations;
};

extern const struct dande_db__backend dande_db__sqlite;
extern const struct dande_db__backend dande_db__pg;

/* What --db, DANDE_DB or db.path names. */
enum dande_db__kind {
	DANDE_DB__SQLITE,
	DANDE_DB__POSTGRES
};

struct dande_db__spec {
	enum dande_db__kind kind;
	char *target;		/* a path, or the libpq connection URI */
	char *display;		/* the spec with any password masked */
	int has_password;
};

/* Parse `spec`: a path, sqlite:///abs, sqlite:rel, postgresql://...
 * (postgres:// too).  DANDE_EUSAGE for another scheme. */
int dande_db__parse_spec(struct dande_db__spec *out, const char *spec);
void dande_db__spec_release(struct dande_db__spec *s);

/* dande_db_open() with an explicit SQLite migration list (for tests). */
int dande_db__open_with(struct dande_db **out, const char *path, int flags,
			int busy_timeout_ms,
			const struct dande_db__migration *migrations,
			size_t nmigrations);

/* How many prepared statements the connection keeps (for tests). */
size_t dande_db__cached_statements(const struct dande_db *db);

/* The application_id every dande SQLite database carries ("DanE"); the
 * PostgreSQL backend takes its write lock under the same number. */
#define DANDE_DB__APPLICATION_ID 0x44616e45

#endif

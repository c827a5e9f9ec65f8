/*
 * db.h: the tracking database: a SQLite file (DandE.db, the embedded
 * default) or a PostgreSQL database a team shares, named by one string:
 * a path, sqlite:///ABS/PATH, sqlite:REL/PATH, or postgresql://... (also
 * postgres://; libpq's URI, host=/socket/dir included).
 *
 * One module opens, creates and migrates it for every tool.  Migrations
 * are numbered, each applied in one transaction.  A database made by a
 * newer dande is refused.  Several processes may write at once: writers
 * take turns, waiting up to the busy timeout.  Every statement is
 * prepared with bound parameters; no SQL is assembled from user input.
 */
#ifndef DANDE_DB_H
#define DANDE_DB_H

#include <stddef.h>
#include <stdint.h>

struct dande_buf;
struct dande_db;

/* The schema version this build creates and understands. */
#define DANDE_DB_SCHEMA_VERSION 9
#define DANDE_DB_DEFAULT_BUSY_MS 5000

enum dande_db_flags {
	DANDE_DB_READONLY = 1 << 0,	/* SQLITE_OPEN_READONLY, no migration */
	DANDE_DB_NOCREATE = 1 << 1,	/* fail with ENOTFOUND when missing */
	DANDE_DB_NOMIGRATE = 1 << 2	/* as it is (dande db migrate) */
};

/*
 * Open (creating it and its directory unless NOCREATE or READONLY) and
 * migrate the database at `path`.  Returns 0; DANDE_ENOTFOUND when it
 * does not exist and may not be created; DANDE_EBUSY when it stays
 * locked past the busy timeout; DANDE_EEXTERNAL when it cannot be opened,
 * is not a database, or has a schema newer than this build (or, read-only,
 * older: the message says to run 'dande db init').
 */
int dande_db_open(struct dande_db **out, const char *path, int flags,
		  int busy_timeout_ms);
void dande_db_close(struct dande_db *db);

/* Whether `spec` names a SQLite file that exists; a server's database
 * always "exists" (it is never the caller's to remove). */
int dande_db_exists(const char *spec);

/* Remove the SQLite file `spec` names with its -wal and -shm files (for
 * a tool that created it and then failed); nothing for a server's. */
void dande_db_remove(const char *spec);

/* The schema version of the database `spec` names, read without
 * migrating (0 for a new, empty or missing file, or an empty server
 * database). */
int dande_db_peek_version(const char *spec, int *out);

/* 1 and the file's path appended to `path` when `spec` names a SQLite
 * file; 0 for a server; DANDE_EUSAGE for an unknown scheme. */
int dande_db_spec_file(const char *spec, struct dande_buf *path);

/* DANDE_EUSAGE when `spec` is malformed, or (`from_file`: it was read
 * from a configuration file) carries a password. */
int dande_db_spec_check(const char *spec, int from_file);

/* What messages call the open database: its path, or its URL with any
 * password masked. */
const char *dande_db_name(const struct dande_db *db);

/*
 * Move the schema to version `to`, up or down, a step at a time, the
 * whole move in one transaction (going down drops what the older schema
 * cannot hold);
 * `*from` gets where it was.  A SQLite file holding data is copied to
 * PATH.bak-N (N its version) before it goes up.  DANDE_EUSAGE for a
 * version the engine has no step for.  Open the database with
 * DANDE_DB_NOMIGRATE to go down.
 */
int dande_db_migrate(struct dande_db *db, int to, int *from);

/* A consistent copy of the database into the file `path` (SQLite's online
 * backup); DANDE_EUSAGE for PostgreSQL, whose tool is pg_dump. */
int dande_db_backup(struct dande_db *db, const char *path);

/* The schema version of the open database. */
int dande_db_schema_version(const struct dande_db *db);

/* The names of the tables of the schema, NULL-terminated. */
const char *const *dande_db_tables(void);

/* One value of a result row. */
enum dande_db_type {
	DANDE_DB_NULL,
	DANDE_DB_INTEGER,
	DANDE_DB_REAL,
	DANDE_DB_TEXT,
	DANDE_DB_BLOB
};

struct dande_db_value {
	enum dande_db_type type;
	int64_t i;
	double d;
	const char *s;		/* TEXT and BLOB; borrowed for the call */
	size_t len;
};

/* Called once per row; a non-zero return stops the iteration and is
 * returned by the caller.  `names` and `values` are borrowed. */
typedef int (*dande_db_row_fn)(void *payload, size_t ncols,
			       const char *const *names,
			       const struct dande_db_value *values);

/*
 * Run one read-only SQL statement and call `fn` per row.  A statement
 * that would write, or more than one statement, is refused with
 * DANDE_EUSAGE; an SQL error gives DANDE_EUSAGE with SQLite's message.
 * The header row is passed even for an empty result through `fn` being
 * called with values == NULL once, first.
 */
int dande_db_query(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		   void *payload);

/* Every column of dande's tables and views, as dande_db_query() passes
 * rows: table, kind ("table" or "view"), column, type (the engine's
 * name for it), not_null (0 or 1); tables first. */
int dande_db_schema(struct dande_db *db, dande_db_row_fn fn, void *payload);

/* The schema steps applied (version, name, applied_at, dande_version),
 * oldest first, as dande_db_query() passes rows. */
int dande_db_history(struct dande_db *db, dande_db_row_fn fn, void *payload);

/* Every row of `table` (one of dande_db_tables()), in rowid order, same
 * calling convention as dande_db_query().  DANDE_ENOTFOUND for an unknown
 * table. */
int dande_db_export(struct dande_db *db, const char *table,
		    dande_db_row_fn fn, void *payload);

struct dande_db_count {
	const char *table;	/* static */
	int64_t rows;
};

struct dande_db_status {
	int schema_version;
	int64_t size_bytes;
	struct dande_db_count counts[16];
	size_t ncounts;
	/* the last test run, id 0 when none; strings NULL when absent */
	int64_t last_run_id;
	char *last_run_at, *last_run_commit, *last_run_branch;
	/* the last recorded version, NULL when none */
	char *last_version, *last_version_at;
};

int dande_db_status(struct dande_db *db, struct dande_db_status *out);
void dande_db_status_release(struct dande_db_status *st);

/* What `dande db status` shows of `st` (the database at `path`): lines of
 * text, or (`json`) one JSON object. */
void dande_db_status_format(struct dande_buf *out, const char *path,
			    const struct dande_db_status *st, int json);

/*
 * Remove old runs in one transaction: those beyond the last `keep_runs`
 * (0: no such limit) and started more than `days` ago (0: no such limit),
 * except the last run of each kind for each version.  A run goes with
 * its tests, properties, pyramid and coverage; error fingerprints,
 * versions, floors and TODOs stay.  With `dry_run` nothing changes.
 * How many runs went (or would) and how many are left.
 */
int dande_db_prune(struct dande_db *db, int64_t keep_runs, int64_t days,
		   int dry_run, int64_t *removed, int64_t *left);

/* How many of the `runs` recorded carry no version (`without`): runs of a
 * project without a VERSION file, or recorded by a dande that lost it. */
int dande_db_runs_without_version(struct dande_db *db, int64_t *without,
				  int64_t *runs);

/* PRAGMA integrity_check and foreign_key_check; each problem is passed to
 * `fn` as one line of text; `*problems` gets their count. */
typedef void (*dande_db_problem_fn)(void *payload, const char *problem);
int dande_db_check(struct dande_db *db, dande_db_problem_fn fn, void *payload,
		   int *problems);

/*
 * Copy every row of `from` into `to` in one transaction on `to` (both at
 * the same schema version), parents before children, ids kept.  A `to`
 * that holds rows is refused (DANDE_EUSAGE) unless `append`: then the
 * copied ids follow `to`'s own (references moved with them) and an error
 * fingerprint already there adds the copied occurrences.  The counts are
 * compared before it commits (`to`'s own plus the source's), and a
 * difference copies nothing.  `source` gets `from`'s row counts (as
 * copied), `before` and `after` `to`'s (release all three).
 */
int dande_db_copy(struct dande_db *from, struct dande_db *to, int append,
		  struct dande_db_status *source, struct dande_db_status *before,
		  struct dande_db_status *after);

/* `dande db copy`: open (creating, migrating) `to_spec`, copy `from`
 * into it, say what went where into `out`. */
int dande_db_copy_to(struct dande_db *from, const char *to_spec,
		     int busy_ms, int append, int json, struct dande_buf *out);

/* What `dande db copy` says: per table, the rows of the source, and the
 * target's before and after (text or JSON). */
void dande_db_copy_format(struct dande_buf *out, const char *from_name,
			  const char *to_name,
			  const struct dande_db_status *source,
			  const struct dande_db_status *before,
			  const struct dande_db_status *after, int json);

/* What `dande db init` and `migrate` say of the database at `path`:
 * `created`, or migrated from schema `from` to `to`, up or down (or
 * already at it); text or JSON. */
void dande_db_init_format(struct dande_buf *out, const char *path,
			  int created, int from, int to, int json);

/* `dande db check`: the check and the runs without a version, as text
 * (problem lines prefixed by `prog`) or one JSON object, into `out`;
 * `*problems` gets their count. */
int dande_db_check_report(struct dande_db *db, const char *path,
			  const char *prog, int json, struct dande_buf *out,
			  int *problems);

/* What `dande db prune` says it did (or would). */
void dande_db_prune_format(struct dande_buf *out, int64_t removed,
			   int64_t left, int dry_run, int json);

#endif

/*
 * sql_int.h: the statement interface of the tracking database, for the
 * library's own modules (results, coverage, todos, hooks, bump, env):
 * transactions, constant SQL with bound parameters, the run row.  Tools
 * see only db.h (open, query, export, status, check), so no SQL text
 * lives in tools/.
 */
#ifndef DANDE_SQL_INT_H
#define DANDE_SQL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dande/db.h"

/* Transactions: BEGIN IMMEDIATE (waits for the busy timeout), COMMIT,
 * ROLLBACK.  Every multi-row change of a tool runs inside one. */
int dande_db_begin(struct dande_db *db);
int dande_db_commit(struct dande_db *db);
void dande_db_rollback(struct dande_db *db);

/*
 * `work` in one write transaction: begin, work, commit, or a rollback
 * when any of them fails.  A transaction the server aborted to resolve a
 * conflict with another (PostgreSQL: a serialization failure, a deadlock)
 * runs again from its start after a pause (50 ms, doubling, with jitter),
 * DANDE_DB_ATTEMPTS times at most; then its error stands (DANDE_EBUSY,
 * exit 4) with the server's message.  `work` must be repeatable: keep
 * what it computes in the attempt, not across attempts.
 */
#define DANDE_DB_ATTEMPTS 5
typedef int (*dande_db_work_fn)(struct dande_db *db, void *payload);
int dande_db_transaction(struct dande_db *db, dande_db_work_fn work,
			 void *payload);

/* One statement as its own write transaction (with those retries). */
int dande_db_exec_alone(struct dande_db *db, const char *sql,
			const struct dande_db_value *params, size_t nparams);

/* Foreign key enforcement on or off, outside a transaction (SQLite
 * ignores the change inside one).  A bulk writer whose every reference is
 * to rows it wrote or read in the same transaction turns it off for its
 * transaction and on again after: the per-row parent lookups and
 * statement savepoints are a fifth of a large ingest. */
int dande_db_foreign_keys(struct dande_db *db, int on);

/* A test run (one ingest), the row every result hangs off. */
struct dande_db_run {
	const char *kind;	/* "junit", "coverage", ... */
	const char *started_at;	/* RFC 3339 UTC; NULL: now */
	const char *finished_at;
	double duration_s;	/* < 0: unknown */
	const char *commit, *branch, *tree, *version, *environment, *source;
	int64_t tests, passed, failed, errors, skipped, flaky;
};

/* The run's commit, branch, tree, version and environment from `p` (may
 * be NULL). */
struct dande_provenance;
void dande_db_run_provenance(struct dande_db_run *run,
			     const struct dande_provenance *p);

/* Insert a run; `out` gets its id.  Call inside a transaction when more
 * rows follow. */
int dande_db_insert_run(struct dande_db *db, const struct dande_db_run *run,
			int64_t *out);

/*
 * Library SQL with bound parameters.  `sql` is the library's own text
 * (never text from a user), written once for every engine: ?1..?n
 * placeholders, standard SQL (CASE, COALESCE, IS NOT DISTINCT FROM,
 * RETURNING; no engine's own functions).  Its prepared statement is kept
 * by its text for the life of the connection (found by address first),
 * so a statement run a million times is prepared once.
 */
int dande_db_exec(struct dande_db *db, const char *sql,
		  const struct dande_db_value *params, size_t nparams);
int dande_db_select(struct dande_db *db, const char *sql,
		    const struct dande_db_value *params, size_t nparams,
		    dande_db_row_fn fn, void *payload);

/* Rows in bulk: `nrows` rows of `ncols` values (row after row in `v`)
 * into `table`'s `cols` (the library's own names), in the caller's
 * transaction: one multi-row INSERT on SQLite, COPY on PostgreSQL. */
int dande_db_bulk_insert(struct dande_db *db, const char *table,
			 const char *const *cols, size_t ncols,
			 const struct dande_db_value *v, size_t nrows);

/* After bulk inserts, before the statements that join what they wrote:
 * the engine brings its planner's statistics up to date (PostgreSQL
 * analyzes the tables that grew; nothing on SQLite). */
int dande_db_settle(struct dande_db *db);

/*
 * Before a bulk load into an empty table, in the caller's transaction:
 * drop the table's index `index` (the library's own name) when the
 * engine builds it faster once, at the end, than row by row.  `create`
 * gets the statements that make it again, as the schema has it, and set
 * back what the engine changed for the load, for
 * dande_db_index_restore() before anything reads through the index.
 * 1 when dropped; 0 when the engine keeps it: SQLite sorts once instead
 * of inserting at random into a tree larger than its cache; PostgreSQL
 * would lock readers out of the table until the commit.
 */
int dande_db_index_defer(struct dande_db *db, const char *index,
			 struct dande_buf *create);
int dande_db_index_restore(struct dande_db *db, const struct dande_buf *create);

/*
 * Around a bulk load into a database the caller has just made, outside
 * the load's transaction: SQLite's WAL writes every page twice (into the
 * log, then into the database at the checkpoint); its rollback journal
 * writes a page the transaction adds to the file once (only the pages
 * that were there are journaled), and a killed load is rolled back all
 * the same.  The switch is made only when no other connection has the
 * database open; one that opens it meanwhile does not wait to make it
 * WAL (lite_tune) and works in rollback mode, its writes waiting for the
 * load's commit as they would, its reads too (they would have seen an
 * empty database).  dande_db_load_begin() returns 1 when it switched
 * (then dande_db_load_end() after the commit: WAL again), 0 when not
 * (another connection, another engine).  Never an error: the load goes
 * on either way.
 */
int dande_db_load_begin(struct dande_db *db);
void dande_db_load_end(struct dande_db *db);

/* How many rows a bulk insert of the engine does best with. */
size_t dande_db_batch_rows(const struct dande_db *db);
/* 1 when a bulk insert returns while the engine still works on it, and
 * any other statement waits for it: the caller sends what it can before
 * the next bulk insert rather than after it. */
int dande_db_bulk_behind(const struct dande_db *db);

/* A dande_db_row_fn: the first column of the row, when it is an integer,
 * into the int64_t `payload` points at (left as it was otherwise: NULL,
 * or no row). */
int dande_db_first_int(void *payload, size_t ncols, const char *const *names,
		       const struct dande_db_value *v);

/* Parameter builders. */
struct dande_db_value dande_db_int(int64_t v);
struct dande_db_value dande_db_real(double v);	/* < 0 binds NULL */
struct dande_db_value dande_db_text(const char *s);	/* NULL binds NULL */
struct dande_db_value dande_db_null(void);

/* The current time as RFC 3339 UTC ("2026-11-22T03:49:43Z") into `buf`
 * (at least 21 bytes). */
void dande_db_now(char *buf, size_t size);

#endif

/*
 * lib/store/: the tracking database behind one interface: the schema and
 * its numbered migrations (db_schema.c), the queries every tool shares
 * (db.c), and query results as text, CSV or JSON (table.c).
 *
 * db.c: the tracking database, over SQLite: open, create, migrate, and
 * the queries every tool shares.  The only module that includes
 * <sqlite3.h>.  Every write runs in BEGIN IMMEDIATE ... COMMIT; every
 * statement is prepared with bound parameters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dande/buf.h"
#include "dande/fs.h"
#include "dande/provenance.h"
#include "db_int.h"
#include "sql_int.h"
#include "util/banned.h"

struct dande_db {
	sqlite3 *h;
	char *path;
	int schema_version;
	int readonly;
	int busy_ms;
	sqlite3_stmt *insert_run;	/* prepared once, reused */
	/* prepared statements by SQL text: grows, never full */
	struct cached {
		const char *key;	/* the caller's pointer, the fast path */
		char *sql;		/* its text, owned */
		uint32_t hash;
		sqlite3_stmt *st;
	} *cache;
	size_t ncache, acache;
};

static const char *const tables[] = {
	"test_runs", "run_properties", "test_cases", "test_results",
	"test_messages", "errors", "test_pyramid", "test_coverage",
	"coverage_floors", "versions", "trial_runs", "todos", NULL
};

/* What export reads besides the tables: `tests`, the view that keeps the
 * first schema's one-row-per-case shape. */
static const char *const views[] = { "tests", NULL };

/* The order an export lists `name`'s rows in. */
static const char *export_order(const char *name)
{
	if (!strcmp(name, "test_results") || !strcmp(name, "tests"))
		return "run_id, seq";
	return "rowid";
}

const char *const *dande_db_tables(void)
{
	return tables;
}

/* Record SQLite's error for `what`, as BUSY or EXTERNAL. */
static int sql_fail(struct dande_db *db, int rc, const char *what)
{
	int prim = rc & 0xff;

	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return dande_error_set(DANDE_EBUSY, "database '%s' is locked "
				       "(still busy after %d ms): %s", db->path,
				       db->busy_ms, what);
	if (prim == SQLITE_NOTADB)
		return dande_error_set(DANDE_EEXTERNAL, "'%s' is not a SQLite "
				       "database", db->path);
	return dande_error_set(DANDE_EEXTERNAL, "database '%s': %s: %s",
			       db->path, what, sqlite3_errmsg(db->h));
}

static int exec(struct dande_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sql_fail(db, rc, what);
}

static int pragma_int(struct dande_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : sql_fail(db, rc, sql);
}

int dande_db_begin(struct dande_db *db)
{
	return exec(db, "BEGIN IMMEDIATE", "cannot start a transaction");
}

int dande_db_commit(struct dande_db *db)
{
	int r = exec(db, "COMMIT", "cannot commit");

	if (r < 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

void dande_db_rollback(struct dande_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Apply every migration above the database's version, each in its own
 * transaction.  The version is read again inside the transaction: another
 * process may have migrated the file meanwhile. */
static int migrate(struct dande_db *db, const struct dande_db__migration *m,
		   size_t n)
{
	char sql[64];
	size_t i;
	int r = 0, v;

	for (i = 0; i < n; i++) {
		if (m[i].version <= db->schema_version)
			continue;
		if ((r = dande_db_begin(db)) < 0)
			return r;
		if ((r = pragma_int(db, "PRAGMA user_version", &v)) < 0)
			goto fail;
		if (v >= m[i].version) {
			db->schema_version = v;
			dande_db_rollback(db);
			continue;
		}
		if (sqlite3_exec(db->h, m[i].sql, NULL, NULL, NULL) != SQLITE_OK) {
			r = dande_error_set(DANDE_EEXTERNAL, "database '%s': "
					    "migration %d (%s) failed: %s",
					    db->path, m[i].version, m[i].name,
					    sqlite3_errmsg(db->h));
			goto fail;
		}
		/* A PRAGMA takes no parameters; the value is our integer. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 m[i].version);
		if ((r = exec(db, sql, "cannot record the schema version")) < 0)
			goto fail;
		if ((r = dande_db_commit(db)) < 0)
			return r;
		db->schema_version = m[i].version;
	}
	return 0;
fail:
	dande_db_rollback(db);
	return r;
}

int dande_db_foreign_keys(struct dande_db *db, int on)
{
	return exec(db, on ? "PRAGMA foreign_keys = ON" :
		    "PRAGMA foreign_keys = OFF", "cannot set foreign_keys");
}

/* Deny what a read-only query must never do, whatever the connection. */
static int query_authorizer(void *p, int action, const char *a, const char *b,
			    const char *c, const char *d)
{
	(void)p; (void)a; (void)b; (void)c; (void)d;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return SQLITE_DENY;
	default:
		return SQLITE_OK;
	}
}

int dande_db__open_with(struct dande_db **out, const char *path, int flags,
			int busy_timeout_ms,
			const struct dande_db__migration *m, size_t n)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	struct dande_db *db;
	int target = n ? m[n - 1].version : 0;
	int oflags, rc, r = 0, app_id = 0;

	*out = NULL;
	db = dande_xcalloc(1, sizeof(*db));
	db->path = dande_xstrdup(path);
	db->readonly = !!(flags & DANDE_DB_READONLY);
	db->busy_ms = busy_timeout_ms > 0 ? busy_timeout_ms :
		DANDE_DB_DEFAULT_BUSY_MS;

	if (!dande_fs_exists(path)) {
		if (flags & (DANDE_DB_READONLY | DANDE_DB_NOCREATE)) {
			r = dande_error_set(DANDE_ENOTFOUND, "no tracking "
					    "database at '%s' (run 'dande db "
					    "init')", path);
			goto done;
		}
		dande_fs_dirname(&dir, path);
		if ((r = dande_fs_mkdir_p(dir.ptr, 0755)) < 0)
			goto done;
	}
	oflags = db->readonly ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = db->h ? sql_fail(db, rc, "cannot open") :
			dande_error_set(DANDE_EEXTERNAL, "cannot open database "
					"'%s'", path);
		goto done;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->busy_ms);
	if ((r = pragma_int(db, "PRAGMA user_version", &db->schema_version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app_id)) < 0)
		goto done;
	if (db->schema_version > 0 && app_id != DANDE_DB__APPLICATION_ID) {
		r = dande_error_set(DANDE_EEXTERNAL, "'%s' is not a dande "
				    "database (application_id %d)", path, app_id);
		goto done;
	}
	if (db->schema_version > target) {
		r = dande_error_set(DANDE_EEXTERNAL, "database '%s' has schema "
				    "version %d, newer than this dande's %d: "
				    "upgrade dande", path, db->schema_version,
				    target);
		goto done;
	}
	if ((r = exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign "
		      "keys")) < 0)
		goto done;
	if (db->readonly) {
		if (db->schema_version < target) {
			r = dande_error_set(DANDE_EEXTERNAL, "database '%s' has "
					    "schema version %d, older than "
					    "this dande's %d: run 'dande db "
					    "init' to migrate it", path,
					    db->schema_version, target);
			goto done;
		}
		r = exec(db, "PRAGMA query_only = ON", "cannot set query_only");
		goto done;
	}
	/* WAL with synchronous=NORMAL: a commit is atomic and the file
	 * always consistent; a power cut may lose the last commits, never
	 * half of one */
	if ((r = exec(db, "PRAGMA journal_mode = WAL", "cannot enable WAL")) < 0 ||
	    (r = exec(db, "PRAGMA synchronous = NORMAL", "cannot set "
		      "synchronous")) < 0)
		goto done;
	/* 8 MiB of page cache (default 2): a million-case ingest spills less
	 * to the WAL, 7.6 s -> 7.1 s, peak RSS 34 -> 44 MB */
	if ((r = exec(db, "PRAGMA cache_size = -8192", "cannot size the "
		      "cache")) < 0)
		goto done;
	r = migrate(db, m, n);
done:
	dande_buf_release(&dir);
	if (r < 0)
		dande_db_close(db);
	else
		*out = db;
	return r;
}

int dande_db_open(struct dande_db **out, const char *path, int flags,
		  int busy_timeout_ms)
{
	return dande_db__open_with(out, path, flags, busy_timeout_ms,
				   dande_db__migrations,
				   dande_db__nmigrations);
}

void dande_db_remove(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < 4; i++) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s%s", path, suffix[i]);
		unlink(p.ptr);
	}
	dande_buf_release(&p);
}

int dande_db_peek_version(const char *path, int *out)
{
	struct dande_db db;
	int rc, r;

	*out = 0;
	memset(&db, 0, sizeof(db));
	db.busy_ms = DANDE_DB_DEFAULT_BUSY_MS;
	db.path = (char *)path;
	rc = sqlite3_open_v2(path, &db.h, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		r = db.h ? sql_fail(&db, rc, "cannot open") :
			dande_error_set(DANDE_EEXTERNAL, "cannot open database "
					"'%s'", path);
	else
		r = pragma_int(&db, "PRAGMA user_version", out);
	sqlite3_close(db.h);
	return r;
}

void dande_db_close(struct dande_db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->insert_run);
	while (db->ncache > 0) {
		db->ncache--;
		sqlite3_finalize(db->cache[db->ncache].st);
		free(db->cache[db->ncache].sql);
	}
	free(db->cache);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int dande_db_schema_version(const struct dande_db *db)
{
	return db->schema_version;
}

/* Step `st` to the end, passing the header then each row to `fn`. */
static int each_row(struct dande_db *db, sqlite3_stmt *st, dande_db_row_fn fn,
		    void *payload)
{
	size_t ncols = (size_t)sqlite3_column_count(st), i;
	/* the library's statements are narrow: no allocation for them (a
	 * lookup runs once per test case) */
	const char *names_small[16];
	struct dande_db_value vals_small[16];
	int small = ncols < 16;
	const char **names = small ? names_small :
		dande_xcalloc(ncols + 1, sizeof(*names));
	struct dande_db_value *vals = small ? vals_small :
		dande_xcalloc(ncols + 1, sizeof(*vals));
	int rc, r;

	for (i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(st, (int)i);
	names[ncols] = NULL;
	if ((r = fn(payload, ncols, names, NULL)) != 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			struct dande_db_value *v = &vals[i];
			int c = (int)i;

			memset(v, 0, sizeof(*v));
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_INTEGER:
				v->type = DANDE_DB_INTEGER;
				v->i = sqlite3_column_int64(st, c);
				break;
			case SQLITE_FLOAT:
				v->type = DANDE_DB_REAL;
				v->d = sqlite3_column_double(st, c);
				break;
			case SQLITE_TEXT:
				v->type = DANDE_DB_TEXT;
				v->s = (const char *)sqlite3_column_text(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				break;
			case SQLITE_BLOB:
				v->type = DANDE_DB_BLOB;
				v->s = sqlite3_column_blob(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				break;
			default:
				v->type = DANDE_DB_NULL;
			}
		}
		if ((r = fn(payload, ncols, names, vals)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		r = rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_ERROR ?
			dande_error_set(DANDE_EUSAGE, "query failed: %s",
					sqlite3_errmsg(db->h)) :
			sql_fail(db, rc, "query failed");
done:
	if (!small) {
		free(names);
		free(vals);
	}
	return r;
}

static int only_space(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n;", *s))
			return 0;
	return 1;
}

int dande_db_query(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		   void *payload)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc, r;

	sqlite3_set_authorizer(db->h, query_authorizer, NULL);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, &tail);
	if (rc != SQLITE_OK) {
		r = (rc & 0xff) == SQLITE_ERROR || (rc & 0xff) == SQLITE_AUTH ?
			dande_error_set(DANDE_EUSAGE, "bad query: %s",
					sqlite3_errmsg(db->h)) :
			sql_fail(db, rc, "cannot prepare the query");
		goto done;
	}
	if (!st) {
		r = dande_error_set(DANDE_EUSAGE, "empty query");
		goto done;
	}
	if (tail && !only_space(tail)) {
		r = dande_error_set(DANDE_EUSAGE, "one statement at a time: "
				    "'%s' follows the first", tail);
		goto done;
	}
	if (!sqlite3_stmt_readonly(st)) {
		r = dande_error_set(DANDE_EUSAGE, "refusing a statement that "
				    "writes: queries are read-only");
		goto done;
	}
	r = each_row(db, st, fn, payload);
done:
	sqlite3_finalize(st);
	sqlite3_set_authorizer(db->h, NULL, NULL);
	return r;
}

int dande_db_export(struct dande_db *db, const char *table,
		    dande_db_row_fn fn, void *payload)
{
	struct dande_buf sql = DANDE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *const *t;
	int rc, r;

	for (t = tables; *t && strcmp(*t, table); t++)
		;
	if (!*t)
		for (t = views; *t && strcmp(*t, table); t++)
			;
	if (!*t) {
		for (t = tables; *t; t++)
			dande_buf_addf(&sql, "%s, ", *t);
		for (t = views; *t; t++)
			dande_buf_addf(&sql, "%s%s", *t, t[1] ? ", " : "");
		r = dande_error_set(DANDE_ENOTFOUND, "no table '%s' (tables: "
				    "%s)", table, sql.ptr);
		dande_buf_release(&sql);
		return r;
	}
	/* The name is one of ours (*t), never the caller's string. */
	dande_buf_addf(&sql, "SELECT * FROM \"%s\" ORDER BY %s", *t,
		       export_order(*t));
	rc = sqlite3_prepare_v2(db->h, sql.ptr, -1, &st, NULL);
	r = rc == SQLITE_OK ? each_row(db, st, fn, payload) :
		sql_fail(db, rc, "cannot read the table");
	sqlite3_finalize(st);
	dande_buf_release(&sql);
	return r;
}

/* A text column as an owned string, NULL for NULL or "". */
static char *text_col(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s && *s ? dande_xstrdup((const char *)s) : NULL;
}

int dande_db_status(struct dande_db *db, struct dande_db_status *out)
{
	struct dande_buf sql = DANDE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *const *t;
	int rc, r = 0, pages = 0, page_size = 0;

	memset(out, 0, sizeof(*out));
	out->schema_version = db->schema_version;
	if ((r = pragma_int(db, "PRAGMA page_count", &pages)) < 0 ||
	    (r = pragma_int(db, "PRAGMA page_size", &page_size)) < 0)
		goto done;
	out->size_bytes = (int64_t)pages * page_size;
	for (t = tables; *t; t++) {
		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "SELECT count(*) FROM \"%s\"", *t);
		rc = sqlite3_prepare_v2(db->h, sql.ptr, -1, &st, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			out->counts[out->ncounts].table = *t;
			out->counts[out->ncounts++].rows =
				sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_OK) {
			r = sql_fail(db, rc, "cannot count rows");
			goto done;
		}
	}
	rc = sqlite3_prepare_v2(db->h, "SELECT id, started_at, commit_sha, "
				"branch FROM test_runs ORDER BY id DESC LIMIT 1",
				-1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->last_run_id = sqlite3_column_int64(st, 0);
		out->last_run_at = text_col(st, 1);
		out->last_run_commit = text_col(st, 2);
		out->last_run_branch = text_col(st, 3);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		r = sql_fail(db, rc, "cannot read the last run");
		goto done;
	}
	rc = sqlite3_prepare_v2(db->h, "SELECT version, created_at FROM "
				"versions ORDER BY id DESC LIMIT 1", -1, &st,
				NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->last_version = text_col(st, 0);
		out->last_version_at = text_col(st, 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = sql_fail(db, rc, "cannot read the last version");
done:
	sqlite3_finalize(st);
	dande_buf_release(&sql);
	if (r < 0)
		dande_db_status_release(out);
	return r;
}

void dande_db_status_release(struct dande_db_status *st)
{
	free(st->last_run_at);
	free(st->last_run_commit);
	free(st->last_run_branch);
	free(st->last_version);
	free(st->last_version_at);
	memset(st, 0, sizeof(*st));
}

int dande_db_check(struct dande_db *db, dande_db_problem_fn fn, void *payload,
		   int *problems)
{
	struct dande_buf line = DANDE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, r = 0;

	*problems = 0;
	rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (s && strcmp(s, "ok")) {
			(*problems)++;
			fn(payload, s);
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		r = sql_fail(db, rc, "integrity check failed");
		goto done;
	}
	rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st,
				NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		dande_buf_reset(&line);
		dande_buf_addf(&line, "foreign key: table '%s' row %lld refers "
			       "to a missing row of '%s'",
			       (const char *)sqlite3_column_text(st, 0),
			       (long long)sqlite3_column_int64(st, 1),
			       (const char *)sqlite3_column_text(st, 2));
		(*problems)++;
		fn(payload, line.ptr);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		r = sql_fail(db, rc, "foreign key check failed");
done:
	sqlite3_finalize(st);
	dande_buf_release(&line);
	return r;
}

/* The runs a prune removes: beyond the last ?1 (0: no such limit) and
 * started before now minus ?2 days (0: no such limit), but never the last
 * run of each kind for each version (the per-version figures). */
#define PRUNE_WHERE \
	"(?1 = 0 OR id NOT IN (SELECT id FROM test_runs ORDER BY id DESC " \
	"LIMIT ?1)) AND (?2 = 0 OR started_at < strftime('%Y-%m-%dT%H:%M:%SZ'," \
	" 'now', '-' || ?2 || ' days')) AND id NOT IN (SELECT MAX(id) FROM " \
	"test_runs WHERE version IS NOT NULL GROUP BY version, kind)"

int dande_db_first_int(void *payload, size_t ncols, const char *const *names,
		       const struct dande_db_value *v)
{
	(void)names;
	if (v && ncols && v[0].type == DANDE_DB_INTEGER)
		*(int64_t *)payload = v[0].i;
	return 0;
}

int dande_db_prune(struct dande_db *db, int64_t keep_runs, int64_t days,
		   int dry_run, int64_t *removed, int64_t *left)
{
	static const char count_sql[] =
		"SELECT COUNT(*) FROM test_runs WHERE " PRUNE_WHERE;
	static const char delete_sql[] =
		"DELETE FROM test_runs WHERE " PRUNE_WHERE;
	static const char all_sql[] = "SELECT COUNT(*) FROM test_runs";
	struct dande_db_value p[2];
	int64_t total = 0;
	int r;

	*removed = *left = 0;
	p[0] = dande_db_int(keep_runs);
	p[1] = dande_db_int(days);
	if ((r = dande_db_begin(db)) < 0)
		return r;
	if ((r = dande_db_select(db, count_sql, p, 2, dande_db_first_int,
				 removed)) < 0 ||
	    (r = dande_db_select(db, all_sql, NULL, 0, dande_db_first_int,
				 &total)) < 0 ||
	    (!dry_run && *removed &&
	     (r = dande_db_exec(db, delete_sql, p, 2, NULL)) < 0)) {
		dande_db_rollback(db);
		return r;
	}
	*left = total - *removed;
	if (dry_run) {
		dande_db_rollback(db);
		return 0;
	}
	/* one transaction: the runs go with their tests, properties,
	 * pyramid and coverage (ON DELETE CASCADE); the error fingerprints
	 * stay, their run references cleared */
	return dande_db_commit(db);
}

int dande_db_runs_without_version(struct dande_db *db, int64_t *without,
				  int64_t *runs)
{
	sqlite3_stmt *st = NULL;
	int rc, r = 0;

	*without = *runs = 0;
	rc = sqlite3_prepare_v2(db->h, "SELECT COUNT(*) - COUNT(version), "
				"COUNT(*) FROM test_runs", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*without = sqlite3_column_int64(st, 0);
		*runs = sqlite3_column_int64(st, 1);
	} else {
		r = sql_fail(db, rc, "cannot count the runs");
	}
	sqlite3_finalize(st);
	return r;
}

void dande_db_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void dande_db_run_provenance(struct dande_db_run *run,
			     const struct dande_provenance *p)
{
	if (!p)
		return;
	run->commit = p->commit;
	run->branch = p->branch;
	run->tree = p->tree;
	run->version = p->version;
	run->environment = p->environment;
}

int dande_db_insert_run(struct dande_db *db, const struct dande_db_run *run,
			int64_t *out)
{
	static const char sql[] =
		"INSERT INTO test_runs (kind, started_at, finished_at, "
		"duration_s, commit_sha, branch, tree_sha, version, "
		"environment, source, tests, passed, failed, errors, skipped, "
		"flaky) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, ?14, ?15, ?16)";
	sqlite3_stmt *st;
	char now[32];
	int rc, r = 0;

	dande_db_now(now, sizeof(now));
	if (!db->insert_run) {
		rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
					&db->insert_run, NULL);
		if (rc != SQLITE_OK)
			return sql_fail(db, rc, "cannot prepare the run insert");
	}
	st = db->insert_run;
	bind_text(st, 1, run->kind ? run->kind : "junit");
	bind_text(st, 2, run->started_at ? run->started_at : now);
	bind_text(st, 3, run->finished_at);
	if (run->duration_s >= 0)
		sqlite3_bind_double(st, 4, run->duration_s);
	bind_text(st, 5, run->commit);
	bind_text(st, 6, run->branch);
	bind_text(st, 7, run->tree);
	bind_text(st, 8, run->version);
	bind_text(st, 9, run->environment);
	bind_text(st, 10, run->source);
	sqlite3_bind_int64(st, 11, run->tests);
	sqlite3_bind_int64(st, 12, run->passed);
	sqlite3_bind_int64(st, 13, run->failed);
	sqlite3_bind_int64(st, 14, run->errors);
	sqlite3_bind_int64(st, 15, run->skipped);
	sqlite3_bind_int64(st, 16, run->flaky);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		r = (rc & 0xff) == SQLITE_CONSTRAINT ?
			dande_error_set(DANDE_EINVALID, "invalid run: %s",
					sqlite3_errmsg(db->h)) :
			sql_fail(db, rc, "cannot insert the run");
	else if (out)
		*out = sqlite3_last_insert_rowid(db->h);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

struct dande_db_value dande_db_int(int64_t v)
{
	struct dande_db_value x = { DANDE_DB_INTEGER, v, 0, NULL, 0 };

	return x;
}

struct dande_db_value dande_db_real(double v)
{
	struct dande_db_value x = { DANDE_DB_REAL, 0, v, NULL, 0 };

	if (v < 0 || v != v)
		x.type = DANDE_DB_NULL;
	return x;
}

struct dande_db_value dande_db_text(const char *s)
{
	struct dande_db_value x = { DANDE_DB_TEXT, 0, 0, s, 0 };

	if (!s)
		x.type = DANDE_DB_NULL;
	else
		x.len = strlen(s);
	return x;
}

struct dande_db_value dande_db_null(void)
{
	struct dande_db_value x = { DANDE_DB_NULL, 0, 0, NULL, 0 };

	return x;
}

/* FNV-1a of the SQL text. */
static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

size_t dande_db__cached_statements(const struct dande_db *db)
{
	return db->ncache;
}

/* The cached statement for `sql`, reset and bound to `params`: found by
 * the caller's pointer, else by its text, else prepared and kept. */
static int prepare_cached(struct dande_db *db, const char *sql,
			  const struct dande_db_value *params, size_t n,
			  sqlite3_stmt **out)
{
	sqlite3_stmt *st = NULL;
	uint32_t hash;
	size_t i;
	int rc;

	/* the caller's pointer, confirmed by the text: a freed buffer's
	 * address may come back holding other SQL */
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].key == sql && !strcmp(db->cache[i].sql, sql)) {
			st = db->cache[i].st;
			break;
		}
	if (!st) {
		hash = sql_hash(sql);
		for (i = 0; i < db->ncache; i++)
			if (db->cache[i].hash == hash &&
			    !strcmp(db->cache[i].sql, sql)) {
				st = db->cache[i].st;
				/* the newest caller's pointer: its next
				 * call takes the fast path */
				db->cache[i].key = sql;
				break;
			}
	}
	if (!st) {
		rc = sqlite3_prepare_v3(db->h, sql, -1,
					SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK)
			return dande_error_set(DANDE_ERROR, "database '%s': "
					       "cannot prepare: %s", db->path,
					       sqlite3_errmsg(db->h));
		if (db->ncache == db->acache) {
			db->acache = db->acache ? 2 * db->acache : 32;
			db->cache = dande_xrealloc(db->cache, db->acache *
						   sizeof(*db->cache));
		}
		db->cache[db->ncache].key = sql;
		db->cache[db->ncache].sql = dande_xstrdup(sql);
		db->cache[db->ncache].hash = hash;
		db->cache[db->ncache++].st = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < n; i++) {
		int k = (int)i + 1;

		switch (params[i].type) {
		case DANDE_DB_NULL:
			rc = sqlite3_bind_null(st, k);
			break;
		case DANDE_DB_INTEGER:
			rc = sqlite3_bind_int64(st, k, params[i].i);
			break;
		case DANDE_DB_REAL:
			rc = sqlite3_bind_double(st, k, params[i].d);
			break;
		case DANDE_DB_TEXT:
			rc = sqlite3_bind_text(st, k, params[i].s,
					       (int)params[i].len,
					       SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_blob(st, k, params[i].s,
					       (int)params[i].len,
					       SQLITE_STATIC);
		}
		if (rc != SQLITE_OK)
			return dande_error_set(DANDE_ERROR, "database '%s': "
					       "cannot bind parameter %d: %s",
					       db->path, k,
					       sqlite3_errmsg(db->h));
	}
	*out = st;
	return 0;
}

int dande_db_exec(struct dande_db *db, const char *sql,
		  const struct dande_db_value *params, size_t nparams,
		  int64_t *last_id)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = prepare_cached(db, sql, params, nparams, &st)) < 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		r = (rc & 0xff) == SQLITE_CONSTRAINT ?
			dande_error_set(DANDE_EINVALID, "database '%s': %s",
					db->path, sqlite3_errmsg(db->h)) :
			sql_fail(db, rc, "write failed");
	else if (last_id)
		*last_id = sqlite3_last_insert_rowid(db->h);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

int dande_db_select(struct dande_db *db, const char *sql,
		    const struct dande_db_value *params, size_t nparams,
		    dande_db_row_fn fn, void *payload)
{
	sqlite3_stmt *st;
	int r;

	if ((r = prepare_cached(db, sql, params, nparams, &st)) < 0)
		return r;
	r = each_row(db, st, fn, payload);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

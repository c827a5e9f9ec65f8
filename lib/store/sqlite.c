/*
 * sqlite.c: the SQLite backend of the tracking database, the embedded
 * default (a file, nothing to set up).  The only module that includes
 * <sqlite3.h>.
 *
 * A write transaction is BEGIN IMMEDIATE (one writer; others wait the
 * busy timeout).  WAL with synchronous=NORMAL: a commit is atomic and
 * the file always consistent; a power cut may lose the last commits,
 * never half of one.  The schema version is PRAGMA user_version; a
 * dande database carries application_id "DanE".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dande/buf.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "blocks_int.h"
#include "db_int.h"
#include "store/sql_int.h"
#include "util/banned.h"

struct lite {
	sqlite3 *h;
	/* prepared statements by SQL text: grows, never full */
	struct cached {
		const char *key;	/* the caller's pointer, the fast path */
		char *sql;		/* its text, owned */
		uint32_t hash;
		sqlite3_stmt *st;
	} *cache;
	size_t ncache, acache;
	/* the bulk inserts' texts, by table and shape: a full batch's is
	 * built once */
	struct bulk_sql {
		const char *table;
		size_t ncols, nrows;
		char *sql;
	} bulk[8];
	size_t nbulk;
};

#define H(db) (((struct lite *)(db)->impl)->h)

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
			       db->path, what, sqlite3_errmsg(H(db)));
}

static int exec(struct dande_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(H(db), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sql_fail(db, rc, what);
}

static int pragma_int(struct dande_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(H(db), sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : sql_fail(db, rc, sql);
}

static int lite_begin(struct dande_db *db)
{
	return exec(db, "BEGIN IMMEDIATE", "cannot start a transaction");
}

static int lite_commit(struct dande_db *db)
{
	int r = exec(db, "COMMIT", "cannot commit");

	if (r < 0)
		sqlite3_exec(H(db), "ROLLBACK", NULL, NULL, NULL);
	return r;
}

/* The page cache (KiB), and while an index waits (lite_defer_index):
 * rows are appended then, and the index's sort takes as much memory as
 * the cache, so a small one does (a million-case first ingest: 4.7 s
 * either way, peak RSS 29 MB with 1 MiB, 50 MB with 8). */
#define LITE_CACHE "-8192"
#define LITE_LOAD_CACHE "-1024"

static void lite_rollback(struct dande_db *db)
{
	if (!sqlite3_get_autocommit(H(db)))
		sqlite3_exec(H(db), "ROLLBACK", NULL, NULL, NULL);
	/* a load's small cache is not rolled back with its index */
	sqlite3_exec(H(db), "PRAGMA cache_size = " LITE_CACHE, NULL, NULL,
		     NULL);
}

static int lite_script(struct dande_db *db, const char *sql)
{
	if (sqlite3_exec(H(db), sql, NULL, NULL, NULL) != SQLITE_OK)
		return dande_error_set(DANDE_EEXTERNAL, "%s",
				       sqlite3_errmsg(H(db)));
	return 0;
}

static int lite_get_version(struct dande_db *db, int *out)
{
	return pragma_int(db, "PRAGMA user_version", out);
}

static int lite_has_history(struct dande_db *db, int *out)
{
	return pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE "
			  "type = 'table' AND name = 'schema_migrations'", out);
}

static int lite_set_version(struct dande_db *db, int version)
{
	char sql[64];

	/* A PRAGMA takes no parameters; the value is our integer. */
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	return exec(db, sql, "cannot record the schema version");
}

/* SQLite's online backup into a temporary file beside `path`, renamed
 * over it when complete: a reader never sees half a copy. */
static int lite_backup(struct dande_db *db, const char *path)
{
	struct dande_buf tmp = DANDE_BUF_INIT;
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc, r = 0;

	dande_buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	rc = sqlite3_open_v2(tmp.ptr, &to, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK && (b = sqlite3_backup_init(to, "main", H(db),
							"main"))) {
		while ((rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK ||
		       rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
		sqlite3_backup_finish(b);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(to);
	}
	if (rc != SQLITE_OK)
		r = dande_error_set(DANDE_EEXTERNAL, "cannot back '%s' up into "
				    "'%s': %s", db->path, path, to ?
				    sqlite3_errmsg(to) : "out of memory");
	sqlite3_close(to);
	if (r == 0 && rename(tmp.ptr, path) < 0)
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot rename '%s' "
				       "to '%s'", tmp.ptr, path);
	if (r < 0)
		unlink(tmp.ptr);
	dande_buf_release(&tmp);
	return r;
}

static int lite_foreign_keys(struct dande_db *db, int on)
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

static void lite_close(struct dande_db *db)
{
	struct lite *l = db->impl;

	if (!l)
		return;
	while (l->ncache > 0) {
		l->ncache--;
		sqlite3_finalize(l->cache[l->ncache].st);
		free(l->cache[l->ncache].sql);
	}
	free(l->cache);
	while (l->nbulk > 0)
		free(l->bulk[--l->nbulk].sql);
	sqlite3_close(l->h);
	free(l);
	db->impl = NULL;
}


/* dande_duration_us(durations, i): the duration at position i of a
 * block's durations (blocks_int.h), NULL for none or out of range; the
 * same function as PostgreSQL's, in C. */
static void duration_us(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *d;
	sqlite3_int64 i;
	int64_t v;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB ||
	    sqlite3_value_type(argv[1]) != SQLITE_INTEGER)
		return;
	d = sqlite3_value_blob(argv[0]);
	i = sqlite3_value_int64(argv[1]);
	if (!d || i < 0 || 4 * i + 4 > sqlite3_value_bytes(argv[0]))
		return;
	v = dande_blocks_duration(d, (size_t)i);
	if (v >= 0)
		sqlite3_result_int64(ctx, v);
}

/* dande_letter(status, i): the letter at position i of a block's status
 * (blocks_int.h), '' past its end; a byte, not substr()'s count of
 * characters from the start. */
static void letter(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	sqlite3_int64 i;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	s = sqlite3_value_text(argv[0]);
	i = sqlite3_value_int64(argv[1]);
	if (!s || i < 0 || i >= sqlite3_value_bytes(argv[0])) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	sqlite3_result_text(ctx, (const char *)s + i, 1, SQLITE_TRANSIENT);
}

static int lite_open(struct dande_db *db, const char *path, int flags)
{
	static int configured;
	struct dande_buf dir = DANDE_BUF_INIT;
	struct lite *l = dande_xcalloc(1, sizeof(*l));
	int oflags, rc, r = 0, app_id = 0, version = 0;

	db->impl = l;
	/* a statement that writes many rows journals what it changes, to
	 * undo itself half way: in memory (the pages of one statement), not
	 * in a temporary file past 64 KiB; before SQLite starts, once */
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	}
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
	rc = sqlite3_open_v2(path, &l->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = l->h ? sql_fail(db, rc, "cannot open") :
			dande_error_set(DANDE_EEXTERNAL, "cannot open database "
					"'%s'", path);
		goto done;
	}
	sqlite3_extended_result_codes(l->h, 1);
	sqlite3_busy_timeout(l->h, db->busy_ms);
	rc = sqlite3_create_function(l->h, "dande_duration_us", 2,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				     SQLITE_INNOCUOUS, NULL, duration_us,
				     NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(l->h, "dande_letter", 2,
					     SQLITE_UTF8 |
					     SQLITE_DETERMINISTIC |
					     SQLITE_INNOCUOUS, NULL, letter,
					     NULL, NULL);
	if (rc != SQLITE_OK) {
		r = sql_fail(db, rc, "cannot add the library's functions");
		goto done;
	}
	if ((r = pragma_int(db, "PRAGMA user_version", &version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app_id)) < 0)
		goto done;
	if (version > 0 && app_id != DANDE_DB__APPLICATION_ID) {
		r = dande_error_set(DANDE_EEXTERNAL, "'%s' is not a dande "
				    "database (application_id %d)", path, app_id);
		goto done;
	}
	if ((r = exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign "
		      "keys")) < 0)
		goto done;
	if (db->readonly)
		r = exec(db, "PRAGMA query_only = ON", "cannot set query_only");
done:
	dande_buf_release(&dir);
	return r;
}

static int lite_tune(struct dande_db *db)
{
	int r, rc;

	/* WAL, asked once and not waited for: busy means a connection that
	 * is loading a new database in rollback mode (lite_load_begin) and
	 * makes it WAL at its commit; this one works in rollback mode
	 * meanwhile (its writes wait for that commit, as they would) */
	sqlite3_busy_timeout(H(db), 0);
	rc = sqlite3_exec(H(db), "PRAGMA journal_mode = WAL", NULL, NULL,
			  NULL);
	sqlite3_busy_timeout(H(db), db->busy_ms);
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
		return sql_fail(db, rc, "cannot enable WAL");
	if ((r = exec(db, "PRAGMA synchronous = NORMAL", "cannot set "
		      "synchronous")) < 0)
		return r;
	/* 8 MiB of page cache (default 2): a million-case ingest spills less
	 * to the WAL, 7.6 s -> 7.1 s, peak RSS 34 -> 44 MB */
	return exec(db, "PRAGMA cache_size = " LITE_CACHE, "cannot size the "
		    "cache");
}

/* Step `st` to the end, passing the header then each row to `fn` (none:
 * a write). */
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
	int rc, r = 0;

	for (i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(st, (int)i);
	names[ncols] = NULL;
	if (fn && (r = fn(payload, ncols, names, NULL)) != 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fn)
			continue;
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
	if (rc != SQLITE_DONE) {
		if (!fn && (rc & 0xff) == SQLITE_CONSTRAINT)
			r = dande_error_set(DANDE_EINVALID, "database '%s': %s",
					    db->path, sqlite3_errmsg(H(db)));
		else if (fn && ((rc & 0xff) == SQLITE_ERROR ||
				(rc & 0xff) == SQLITE_CONSTRAINT))
			r = dande_error_set(DANDE_EUSAGE, "query failed: %s",
					    sqlite3_errmsg(H(db)));
		else
			r = sql_fail(db, rc, fn ? "query failed" :
				     "write failed");
	}
done:
	if (!small) {
		free(names);
		free(vals);
	}
	return r;
}

/* FNV-1a of the SQL text. */
static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t lite_cached(const struct dande_db *db)
{
	return ((const struct lite *)db->impl)->ncache;
}

/* The cached statement for `sql`, reset and bound to `params`: found by
 * the caller's pointer, else by its text, else prepared and kept. */
static int prepare_cached(struct dande_db *db, const char *sql,
			  const struct dande_db_value *params, size_t n,
			  sqlite3_stmt **out)
{
	struct lite *l = db->impl;
	sqlite3_stmt *st = NULL;
	uint32_t hash = 0;
	size_t i;
	int rc;

	/* the caller's pointer, confirmed by the text: a freed buffer's
	 * address may come back holding other SQL */
	for (i = 0; i < l->ncache; i++)
		if (l->cache[i].key == sql && !strcmp(l->cache[i].sql, sql)) {
			st = l->cache[i].st;
			break;
		}
	if (!st) {
		hash = sql_hash(sql);
		for (i = 0; i < l->ncache; i++)
			if (l->cache[i].hash == hash &&
			    !strcmp(l->cache[i].sql, sql)) {
				st = l->cache[i].st;
				/* the newest caller's pointer: its next
				 * call takes the fast path */
				l->cache[i].key = sql;
				break;
			}
	}
	if (!st) {
		rc = sqlite3_prepare_v3(l->h, sql, -1,
					SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK)
			return dande_error_set(DANDE_ERROR, "database '%s': "
					       "cannot prepare: %s", db->path,
					       sqlite3_errmsg(l->h));
		if (l->ncache == l->acache) {
			l->acache = l->acache ? 2 * l->acache : 32;
			l->cache = dande_xrealloc(l->cache, l->acache *
						  sizeof(*l->cache));
		}
		l->cache[l->ncache].key = sql;
		l->cache[l->ncache].sql = dande_xstrdup(sql);
		l->cache[l->ncache].hash = hash;
		l->cache[l->ncache++].st = st;
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
					       db->path, k, sqlite3_errmsg(l->h));
	}
	*out = st;
	return 0;
}

static int lite_run(struct dande_db *db, const char *sql,
		    const struct dande_db_value *params, size_t nparams,
		    dande_db_row_fn fn, void *payload)
{
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = prepare_cached(db, sql, params, nparams, &st)) < 0)
		return r;
	r = each_row(db, st, fn, payload);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

/* "INSERT INTO table (cols) VALUES (?1, ...), (...)": found by table
 * and shape, else built (and kept, for the first eight shapes). */
static const char *bulk_sql(struct lite *l, const char *table,
			    const char *const *cols, size_t ncols,
			    size_t nrows, struct dande_buf *own)
{
	size_t i, k = 1;

	for (i = 0; i < l->nbulk; i++)
		if (l->bulk[i].table == table && l->bulk[i].ncols == ncols &&
		    l->bulk[i].nrows == nrows)
			return l->bulk[i].sql;
	dande_buf_addf(own, "INSERT INTO %s (", table);
	for (i = 0; i < ncols; i++)
		dande_buf_addf(own, "%s%s", i ? ", " : "", cols[i]);
	dande_buf_adds(own, ") VALUES ");
	for (i = 0; i < nrows; i++) {
		size_t c;

		dande_buf_adds(own, i ? ", (" : "(");
		for (c = 0; c < ncols; c++)
			dande_buf_addf(own, "%s?%zu", c ? ", " : "", k++);
		dande_buf_addch(own, ')');
	}
	if (l->nbulk == sizeof(l->bulk) / sizeof(l->bulk[0]))
		return own->ptr;
	l->bulk[l->nbulk].table = table;
	l->bulk[l->nbulk].ncols = ncols;
	l->bulk[l->nbulk].nrows = nrows;
	l->bulk[l->nbulk].sql = dande_buf_detach(own, NULL);
	return l->bulk[l->nbulk++].sql;
}

/* Rows go in statements of LITE_BATCH rows, and what is left in powers
 * of two: a few shapes a table (each is kept prepared), not one for every
 * row count a partial batch can have (a million-case ingest flushing
 * identities early had kept some 250 statements, 6 MB). */
#define LITE_BATCH 64

static int lite_bulk(struct dande_db *db, const char *table,
		     const char *const *cols, size_t ncols,
		     const struct dande_db_value *v, size_t nrows)
{
	struct dande_buf own = DANDE_BUF_INIT;
	int r = 0;

	while (nrows && r == 0) {
		size_t k = LITE_BATCH;

		while (k > nrows)
			k /= 2;
		dande_buf_reset(&own);
		r = lite_run(db, bulk_sql(db->impl, table, cols, ncols, k,
					  &own), v, ncols * k, NULL, NULL);
		v += ncols * k;
		nrows -= k;
	}
	dande_buf_release(&own);
	return r;
}

static int lite_settle(struct dande_db *db)
{
	/* SQLite plans with its indexes' shape, not row counts it keeps */
	(void)db;
	return 0;
}

static int on_index_sql(void *payload, size_t ncols, const char *const *names,
			const struct dande_db_value *v)
{
	(void)names;
	if (v && ncols == 1 && v[0].type == DANDE_DB_TEXT)
		dande_buf_adds(payload, v[0].s);
	return 0;
}

/* The index's statement from the schema, then DROP INDEX: in the
 * transaction, so a rollback brings it back, and readers (WAL) go on
 * with the snapshot that has it. */
static int lite_defer_index(struct dande_db *db, const char *index,
			    struct dande_buf *create)
{
	static const char sql[] = "SELECT sql FROM sqlite_schema "
		"WHERE type = 'index' AND name = ?1";
	struct dande_db_value p = dande_db_text(index);
	struct dande_buf drop = DANDE_BUF_INIT;
	int r;

	if ((r = lite_run(db, sql, &p, 1, on_index_sql, create)) < 0)
		return r;
	if (!create->len)
		return 0;
	dande_buf_addf(&drop, "DROP INDEX %s; PRAGMA cache_size = "
		       LITE_LOAD_CACHE, index);
	r = lite_script(db, drop.ptr);
	/* made again with the small cache, then the cache as it was */
	dande_buf_adds(create, "; PRAGMA cache_size = " LITE_CACHE);
	dande_buf_release(&drop);
	if (r < 0) {
		dande_buf_reset(create);
		return r;
	}
	return 1;
}

/* "PRAGMA journal_mode = X": 1 when the mode is X afterwards (SQLite
 * answers with the mode it has: the old one when it could not change,
 * or SQLITE_BUSY while another connection has the database open).  The
 * library's error state is left as it was: a failed load's message
 * outlives the switch back. */
static int journal_mode(struct dande_db *db, const char *set, const char *is)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(H(db), set, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *mode = sqlite3_column_text(st, 0);

		ok = mode && !strcmp((const char *)mode, is);
	}
	sqlite3_finalize(st);
	return ok;
}

static int lite_load_begin(struct dande_db *db)
{
	if (db->readonly)
		return 0;
	return journal_mode(db, "PRAGMA journal_mode = DELETE", "delete");
}

static void lite_load_end(struct dande_db *db)
{
	/* busy (another connection came): the next open sets WAL */
	journal_mode(db, "PRAGMA journal_mode = WAL", "wal");
}

static int only_space(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n;", *s))
			return 0;
	return 1;
}

static int lite_query(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		      void *payload)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc, r;

	sqlite3_set_authorizer(H(db), query_authorizer, NULL);
	rc = sqlite3_prepare_v2(H(db), sql, -1, &st, &tail);
	if (rc != SQLITE_OK) {
		r = (rc & 0xff) == SQLITE_ERROR || (rc & 0xff) == SQLITE_AUTH ?
			dande_error_set(DANDE_EUSAGE, "bad query: %s",
					sqlite3_errmsg(H(db))) :
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
	sqlite3_set_authorizer(H(db), NULL, NULL);
	return r;
}

static int lite_size(struct dande_db *db, int64_t *bytes)
{
	int pages = 0, page_size = 0, r;

	if ((r = pragma_int(db, "PRAGMA page_count", &pages)) < 0 ||
	    (r = pragma_int(db, "PRAGMA page_size", &page_size)) < 0)
		return r;
	*bytes = (int64_t)pages * page_size;
	return 0;
}

static int lite_check(struct dande_db *db, dande_db_problem_fn fn,
		      void *payload, int *problems)
{
	struct dande_buf line = DANDE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, r = 0;

	*problems = 0;
	rc = sqlite3_prepare_v2(H(db), "PRAGMA integrity_check", -1, &st, NULL);
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
	rc = sqlite3_prepare_v2(H(db), "PRAGMA foreign_key_check", -1, &st,
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

const struct dande_db__backend dande_db__sqlite = {
	"sqlite", lite_open, lite_close, lite_tune, lite_script, lite_begin, lite_commit,
	lite_rollback, lite_run, lite_bulk, lite_settle, lite_query,
	lite_foreign_keys,
	lite_get_version, lite_set_version, lite_has_history, lite_backup,
	lite_size, lite_check,
	lite_cached, lite_defer_index, lite_load_begin, lite_load_end,
	/* more rows a statement measured no faster, and more memory */
	LITE_BATCH, 0, 1,
	dande_db__migrations, &dande_db__nmigrations
};

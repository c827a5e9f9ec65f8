/*
 * lib/store/: the tracking database behind one interface: the storage
 * interface and what is the same on every engine (db.c), its two
 * backends (sqlite.c, the embedded default; pg.c, PostgreSQL for a
 * team), the schema and its numbered migrations (db_schema.c), what
 * `dande db` says (db_format.c), and query results as text, CSV or JSON
 * (table.c).
 *
 * db.c: naming the database (a path or a URL), opening and migrating it,
 * the statement interface the library's modules use (sql_int.h), status,
 * export and prune.  No engine's API here: the backends translate.
 * Every write runs in one transaction; every statement is prepared with
 * bound parameters.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/dande.h"
#include "dande/fs.h"
#include "dande/provenance.h"
#include "db_int.h"
#include "sql_int.h"
#include "util/banned.h"

static const char *const tables[] = {
	"test_runs", "run_properties", "test_cases", "test_results",
	"test_blocks", "test_outputs", "test_messages", "errors",
	"test_pyramid", "test_coverage", "coverage_floors", "versions",
	"trial_runs", "todos", NULL
};

/* What export reads besides the tables: `tests`, the view that keeps the
 * first schema's one-row-per-case shape. */
static const char *const views[] = { "tests", NULL };

/* The order an export lists `name`'s rows in, the same on every engine
 * (NULLs first, as SQLite sorts them). */
static const char *export_order(const char *name)
{
	if (!strcmp(name, "test_results") || !strcmp(name, "test_messages"))
		return "run_id, seq";
	/* a block's cases have no seq: by id after the run's rows */
	if (!strcmp(name, "tests"))
		return "run_id, seq NULLS LAST, test_id";
	if (!strcmp(name, "test_blocks"))
		return "run_id, base";
	if (!strcmp(name, "test_pyramid"))
		return "run_id";
	if (!strcmp(name, "run_properties"))
		return "run_id, name, value NULLS FIRST";
	return "id";
}

const char *const *dande_db_tables(void)
{
	return tables;
}

/* ---- naming the database ------------------------------------------------ */

void dande_db__spec_release(struct dande_db__spec *s)
{
	free(s->target);
	free(s->display);
	memset(s, 0, sizeof(*s));
}

/* The length of a URL scheme followed by "://" at the start of `s`, 0
 * when there is none. */
static size_t url_scheme(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' ||
	       s[n] == '.')
		n++;
	return !strncmp(s + n, "://", 3) ? n : 0;
}

/* postgresql://user:secret@host/db -> postgresql://user:***@host/db */
static int mask_password(struct dande_buf *out, const char *url)
{
	const char *auth = strstr(url, "://"), *at, *colon, *end;

	dande_buf_adds(out, url);
	if (!auth)
		return 0;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	if (!(at = memchr(auth, '@', (size_t)(end - auth))))
		return 0;
	if (!(colon = memchr(auth, ':', (size_t)(at - auth))))
		return 0;
	dande_buf_reset(out);
	dande_buf_addf(out, "%.*s***%s", (int)(colon + 1 - url), url, at);
	return 1;
}

int dande_db__parse_spec(struct dande_db__spec *out, const char *spec)
{
	struct dande_buf d = DANDE_BUF_INIT;
	size_t n = url_scheme(spec);

	memset(out, 0, sizeof(*out));
	if ((n == 10 && !strncmp(spec, "postgresql", 10)) ||
	    (n == 8 && !strncmp(spec, "postgres", 8))) {
		out->kind = DANDE_DB__POSTGRES;
		out->target = dande_xstrdup(spec);
		out->has_password = mask_password(&d, spec) ||
			strstr(spec, "password=") != NULL;
		out->display = dande_buf_detach(&d, NULL);
		return 0;
	}
	out->kind = DANDE_DB__SQLITE;
	if (n == 6 && !strncmp(spec, "sqlite", 6)) {
		/* sqlite:///abs/path (an empty host) */
		if (spec[9] != '/')
			return dande_error_set(DANDE_EUSAGE, "bad database URL "
					       "'%s': sqlite:///ABSOLUTE/PATH or "
					       "sqlite:RELATIVE/PATH", spec);
		spec += 9;
	} else if (n) {
		return dande_error_set(DANDE_EUSAGE, "unknown database scheme "
				       "'%.*s' in '%s': a path, sqlite:PATH or "
				       "postgresql://...", (int)n, spec, spec);
	} else if (!strncmp(spec, "sqlite:", 7)) {
		spec += 7;
	}
	if (!*spec)
		return dande_error_set(DANDE_EUSAGE, "an empty database path");
	out->target = dande_xstrdup(spec);
	out->display = dande_xstrdup(spec);
	return 0;
}

/* The file a SQLite spec names (1), else 0; records no error. */
static int sqlite_file(const char *spec, struct dande_buf *path)
{
	size_t n = url_scheme(spec);

	if (n == 6 && !strncmp(spec, "sqlite", 6) && spec[9] == '/')
		spec += 9;
	else if (n)
		return 0;
	else if (!strncmp(spec, "sqlite:", 7))
		spec += 7;
	dande_buf_adds(path, spec);
	return *spec != '\0';
}

int dande_db_spec_file(const char *spec, struct dande_buf *path)
{
	struct dande_db__spec s;
	int r;

	if ((r = dande_db__parse_spec(&s, spec)) < 0)
		return r;
	if (s.kind == DANDE_DB__SQLITE)
		dande_buf_adds(path, s.target);
	r = s.kind == DANDE_DB__SQLITE;
	dande_db__spec_release(&s);
	return r;
}

int dande_db_spec_check(const char *spec, int from_file)
{
	struct dande_db__spec s;
	int r;

	if ((r = dande_db__parse_spec(&s, spec)) < 0)
		return r;
	if (from_file && s.has_password)
		r = dande_error_set(DANDE_EUSAGE, "the database URL in the "
				    "configuration carries a password ('%s'): "
				    "never commit one; give it with PGPASSWORD, "
				    "~/.pgpass or passfile=", s.display);
	dande_db__spec_release(&s);
	return r;
}

/* ---- opening and migrating ---------------------------------------------- */

/* The version a step comes from: the one before it in the list, 0 for
 * the first (a backend's list may start later than 1). */
static int step_from(const struct dande_db__migration *m, size_t i)
{
	return i ? m[i - 1].version : 0;
}

/* Step `m` applied (up) or taken back: the engine's mark of the version
 * (`version`, where the schema is now), and the step in schema_migrations
 * when it is there (from step 4 on). */
static int record_step(struct dande_db *db, const struct dande_db__migration *m,
		       int up, int version)
{
	struct dande_db_value p[3];
	int has = 0, r;

	if ((r = db->be->set_version(db, version)) < 0 ||
	    (r = db->be->has_history(db, &has)) < 0 || !has)
		return r;
	p[0] = dande_db_int(m->version);
	if (!up)
		return dande_db_exec(db, "DELETE FROM schema_migrations WHERE "
				     "version = ?1", p, 1);
	p[1] = dande_db_text(m->name);
	p[2] = dande_db_text(dande_version());
	return dande_db_exec(db, "INSERT INTO schema_migrations (version, "
			     "name, dande_version) VALUES (?1, ?2, ?3)", p, 3);
}

/*
 * Move the schema to `to`, up or down, a step at a time, the whole move
 * in one transaction (PostgreSQL's DDL is transactional; SQLite's steps
 * rebuild tables inside it): a failure leaves the schema where it was.
 * The version is read again under the write lock: another process may
 * have moved it meanwhile.  Going up never takes a step back (a newer
 * dande may have gone further); going down refuses a schema that moved.
 */
static int migrate_to(struct dande_db *db, const struct dande_db__migration *m,
		      size_t n, int to)
{
	int up = to > db->schema_version, r, v;
	size_t i;

	if (to == db->schema_version)
		return 0;
	if ((r = dande_db_begin(db)) < 0)
		return r;
	if ((r = db->be->get_version(db, &v)) < 0)
		goto fail;
	if (!up && v != db->schema_version) {
		r = dande_error_set(DANDE_EBUSY, "database '%s': another "
				    "process moved the schema to %d meanwhile",
				    db->path, v);
		goto fail;
	}
	for (i = 0; up && i < n && m[i].version <= to; i++) {
		if (m[i].version <= v)
			continue;
		if ((r = db->be->script(db, m[i].sql)) < 0 ||
		    (m[i].data_up && (r = m[i].data_up(db)) < 0)) {
			r = dande_error_set(DANDE_EEXTERNAL, "database '%s': "
					    "migration %d (%s) failed: %s",
					    db->path, m[i].version, m[i].name,
					    dande_error_last()->message);
			goto fail;
		}
		if ((r = record_step(db, &m[i], 1, m[i].version)) < 0)
			goto fail;
		v = m[i].version;
	}
	for (i = n; !up && i-- > 0;) {
		if (m[i].version <= to || m[i].version > v)
			continue;
		if ((m[i].data_down && (r = m[i].data_down(db)) < 0) ||
		    (r = db->be->script(db, m[i].down)) < 0) {
			r = dande_error_set(DANDE_EEXTERNAL, "database '%s': "
					    "migration %d (%s) down failed: %s",
					    db->path, m[i].version, m[i].name,
					    dande_error_last()->message);
			goto fail;
		}
		if ((r = record_step(db, &m[i], 0, step_from(m, i))) < 0)
			goto fail;
		v = step_from(m, i);
	}
	if ((r = dande_db_commit(db)) < 0)
		return r;
	db->schema_version = v;
	return 0;
fail:
	dande_db_rollback(db);
	return r;
}

/* Before a SQLite file holding data is migrated: a copy of it beside it,
 * DandE.db.bak-N (N its schema version). */
static int backup_before(struct dande_db *db, int target)
{
	struct dande_buf path = DANDE_BUF_INIT;
	int r;

	if (!db->be->is_file || db->schema_version == 0 ||
	    db->schema_version == target)
		return 0;
	dande_buf_addf(&path, "%s.bak-%d", db->path, db->schema_version);
	r = db->be->backup(db, path.ptr);
	dande_buf_release(&path);
	return r;
}

static int open_spec(struct dande_db **out, const char *spec, int flags,
		     int busy_timeout_ms, const struct dande_db__migration *m,
		     size_t n, int peek)
{
	struct dande_db__spec s;
	struct dande_db *db;
	int target, r;

	*out = NULL;
	if ((r = dande_db__parse_spec(&s, spec)) < 0)
		return r;
	db = dande_xcalloc(1, sizeof(*db));
	db->be = s.kind == DANDE_DB__POSTGRES ? &dande_db__pg :
		&dande_db__sqlite;
	if (!m) {
		m = db->be->migrations;
		n = *db->be->nmigrations;
	}
	target = n ? m[n - 1].version : 0;
	db->path = dande_xstrdup(s.display);
	db->readonly = !!(flags & DANDE_DB_READONLY);
	db->busy_ms = busy_timeout_ms > 0 ? busy_timeout_ms :
		DANDE_DB_DEFAULT_BUSY_MS;
	if ((r = db->be->open(db, s.target, flags)) < 0 ||
	    (r = db->be->get_version(db, &db->schema_version)) < 0 || peek)
		goto done;
	if (db->schema_version > target) {
		r = dande_error_set(DANDE_EEXTERNAL, "database '%s' has schema "
				    "version %d, newer than this dande's %d: "
				    "upgrade dande", db->path,
				    db->schema_version, target);
		goto done;
	}
	if (db->readonly) {
		/* an empty server database is what a missing file is */
		if (db->schema_version == 0 && !db->be->is_file)
			r = dande_error_set(DANDE_ENOTFOUND, "no tracking "
					    "database at '%s' (run 'dande db "
					    "init')", db->path);
		else if (db->schema_version < target)
			r = dande_error_set(DANDE_EEXTERNAL, "database '%s' has "
					    "schema version %d, older than "
					    "this dande's %d: run 'dande db "
					    "init' to migrate it", db->path,
					    db->schema_version, target);
		goto done;
	}
	if ((r = db->be->tune(db)) == 0 && !(flags & DANDE_DB_NOMIGRATE) &&
	    (r = backup_before(db, target)) == 0)
		r = migrate_to(db, m, n, target);
done:
	dande_db__spec_release(&s);
	if (r < 0)
		dande_db_close(db);
	else
		*out = db;
	return r;
}

int dande_db_migrate(struct dande_db *db, int to, int *from)
{
	const struct dande_db__migration *m = db->be->migrations;
	size_t n = *db->be->nmigrations, i;
	int ok = to == 0 || to == m[n - 1].version;

	*from = db->schema_version;
	for (i = 0; i < n; i++) {
		ok |= m[i].version == to;
		if (to < db->schema_version && m[i].version > to &&
		    m[i].version <= db->schema_version && !m[i].down)
			return dande_error_set(DANDE_EUSAGE, "step %d (%s) "
					       "cannot be taken back",
					       m[i].version, m[i].name);
	}
	if (!ok) {
		struct dande_buf list = DANDE_BUF_INIT;
		int r;

		for (i = 0; i < n; i++)
			dande_buf_addf(&list, "%s%d", i ? ", " : "",
				       m[i].version);
		r = dande_error_set(DANDE_EUSAGE, "no schema version %d on %s "
				    "(0, %s)", to, db->be->name, list.ptr);
		dande_buf_release(&list);
		return r;
	}
	if (to > db->schema_version) {
		int r = backup_before(db, to);

		if (r < 0)
			return r;
	}
	return migrate_to(db, m, n, to);
}

int dande_db_backup(struct dande_db *db, const char *path)
{
	return db->be->backup(db, path);
}

int dande_db_history(struct dande_db *db, dande_db_row_fn fn, void *payload)
{
	return dande_db_select(db, "SELECT version, name, applied_at, "
			       "dande_version FROM schema_migrations ORDER BY "
			       "version", NULL, 0, fn, payload);
}

int dande_db__open_with(struct dande_db **out, const char *path, int flags,
			int busy_timeout_ms,
			const struct dande_db__migration *m, size_t n)
{
	return open_spec(out, path, flags, busy_timeout_ms, m, n, 0);
}

int dande_db_open(struct dande_db **out, const char *spec, int flags,
		  int busy_timeout_ms)
{
	return open_spec(out, spec, flags, busy_timeout_ms, NULL, 0, 0);
}

int dande_db_exists(const char *spec)
{
	struct dande_buf path = DANDE_BUF_INIT;
	int exists;

	/* a server's database is never the caller's to remove */
	exists = !sqlite_file(spec, &path) || dande_fs_exists(path.ptr);
	dande_buf_release(&path);
	return exists;
}

void dande_db_remove(const char *spec)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct dande_buf path = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	size_t i;

	if (sqlite_file(spec, &path))
		for (i = 0; i < 4; i++) {
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s%s", path.ptr, suffix[i]);
			unlink(p.ptr);
		}
	dande_buf_release(&path);
	dande_buf_release(&p);
}

int dande_db_peek_version(const char *spec, int *out)
{
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int r;

	*out = 0;
	r = dande_db_spec_file(spec, &path);
	if (r == 1 && !dande_fs_exists(path.ptr))
		r = 0;		/* nothing there yet */
	else if (r >= 0 && (r = open_spec(&db, spec, DANDE_DB_READONLY,
					  0, NULL, 0, 1)) == 0)
		*out = db->schema_version;
	dande_db_close(db);
	dande_buf_release(&path);
	return r;
}

void dande_db_close(struct dande_db *db)
{
	if (!db)
		return;
	db->be->close(db);
	free(db->path);
	free(db);
}

int dande_db_schema_version(const struct dande_db *db)
{
	return db->schema_version;
}

const char *dande_db_name(const struct dande_db *db)
{
	return db->path;
}

size_t dande_db__cached_statements(const struct dande_db *db)
{
	return db->be->cached(db);
}

/* ---- statements ------------------------------------------------------------ */

int dande_db_begin(struct dande_db *db)
{
	return db->be->begin(db);
}

int dande_db_commit(struct dande_db *db)
{
	return db->be->commit(db);
}

void dande_db_rollback(struct dande_db *db)
{
	db->be->rollback(db);
}

int dande_db_transaction(struct dande_db *db, dande_db_work_fn work,
			 void *payload)
{
	unsigned attempt;
	int r = 0;

	for (attempt = 1;; attempt++) {
		struct timespec pause;
		long ms;

		db->conflict = 0;
		if ((r = db->be->begin(db)) < 0)
			break;
		if ((r = work(db, payload)) < 0) {
			db->be->rollback(db);
		} else if ((r = db->be->commit(db)) == 0) {
			return 0;
		}
		if (!db->conflict || attempt == DANDE_DB_ATTEMPTS)
			break;
		/* jitter: both sides of a deadlock would meet again at once */
		clock_gettime(CLOCK_MONOTONIC, &pause);
		ms = (50L << (attempt - 1)) +
			(long)(((unsigned long)pause.tv_nsec ^
				(unsigned long)getpid() * 2654435761UL) %
			       (50UL << (attempt - 1)));
		pause.tv_sec = ms / 1000;
		pause.tv_nsec = ms % 1000 * 1000000L;
		nanosleep(&pause, NULL);
		dande_error_clear();
	}
	if (db->conflict && attempt > 1)
		dande_error_wrap("gave up after %u attempts", attempt);
	return r;
}

struct alone {
	const char *sql;
	const struct dande_db_value *params;
	size_t nparams;
};

static int run_alone(struct dande_db *db, void *payload)
{
	const struct alone *a = payload;

	return db->be->run(db, a->sql, a->params, a->nparams, NULL, NULL);
}

int dande_db_exec_alone(struct dande_db *db, const char *sql,
			const struct dande_db_value *params, size_t nparams)
{
	struct alone a;

	a.sql = sql;
	a.params = params;
	a.nparams = nparams;
	return dande_db_transaction(db, run_alone, &a);
}

int dande_db_foreign_keys(struct dande_db *db, int on)
{
	return db->be->foreign_keys(db, on);
}

int dande_db_exec(struct dande_db *db, const char *sql,
		  const struct dande_db_value *params, size_t nparams)
{
	return db->be->run(db, sql, params, nparams, NULL, NULL);
}

int dande_db_select(struct dande_db *db, const char *sql,
		    const struct dande_db_value *params, size_t nparams,
		    dande_db_row_fn fn, void *payload)
{
	return db->be->run(db, sql, params, nparams, fn, payload);
}

int dande_db_settle(struct dande_db *db)
{
	return db->be->settle(db);
}

int dande_db_index_defer(struct dande_db *db, const char *index,
			 struct dande_buf *create)
{
	dande_buf_reset(create);
	return db->be->defer_index ? db->be->defer_index(db, index, create) :
		0;
}

int dande_db_index_restore(struct dande_db *db, const struct dande_buf *create)
{
	return create->len ? db->be->script(db, create->ptr) : 0;
}

int dande_db_load_begin(struct dande_db *db)
{
	return db->be->load_begin ? db->be->load_begin(db) : 0;
}

void dande_db_load_end(struct dande_db *db)
{
	if (db->be->load_end)
		db->be->load_end(db);
}

size_t dande_db_batch_rows(const struct dande_db *db)
{
	return db->be->batch_rows;
}

int dande_db_bulk_behind(const struct dande_db *db)
{
	return db->be->bulk_behind;
}

int dande_db_bulk_insert(struct dande_db *db, const char *table,
			 const char *const *cols, size_t ncols,
			 const struct dande_db_value *v, size_t nrows)
{
	return nrows ? db->be->bulk(db, table, cols, ncols, v, nrows) : 0;
}

int dande_db_query(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		   void *payload)
{
	return db->be->query(db, sql, fn, payload);
}

int dande_db_first_int(void *payload, size_t ncols, const char *const *names,
		       const struct dande_db_value *v)
{
	(void)names;
	if (v && ncols && v[0].type == DANDE_DB_INTEGER)
		*(int64_t *)payload = v[0].i;
	return 0;
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

void dande_db_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- what every engine answers alike ------------------------------------- */

int dande_db_export(struct dande_db *db, const char *table,
		    dande_db_row_fn fn, void *payload)
{
	struct dande_buf sql = DANDE_BUF_INIT;
	const char *const *t;
	int r;

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
	r = dande_db_select(db, sql.ptr, NULL, 0, fn, payload);
	dande_buf_release(&sql);
	return r;
}

/* Every column of dande's tables and views, the same rows on both
 * engines: table, kind ("table" or "view"), column, type (as the
 * engine names it), not_null (0/1).  Tables in dande_db_tables() order. */
int dande_db_schema(struct dande_db *db, dande_db_row_fn fn, void *payload)
{
	static const char sqlite_sql[] =
		"SELECT m.name AS \"table\", m.type AS kind, p.name AS "
		"\"column\", lower(p.type) AS type, p.\"notnull\" AS not_null "
		"FROM sqlite_schema m JOIN pragma_table_info(m.name) p "
		"WHERE m.type IN ('table', 'view') AND m.name NOT LIKE "
		"'sqlite_%' AND m.name <> 'schema_migrations' "
		"ORDER BY m.type, m.rowid, p.cid";
	static const char pg_sql[] =
		"SELECT c.table_name::text AS \"table\", CASE t.table_type "
		"WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind, "
		"c.column_name::text AS \"column\", c.data_type::text AS "
		"type, CASE c.is_nullable WHEN 'NO' THEN 1 ELSE 0 END AS "
		"not_null FROM information_schema.columns c JOIN "
		"information_schema.tables t ON t.table_schema = "
		"c.table_schema AND t.table_name = c.table_name "
		"WHERE c.table_schema = current_schema() AND c.table_name <> "
		"'schema_migrations' AND c.table_name NOT LIKE 'dande\\_%' "
		"ORDER BY kind, c.table_name, c.ordinal_position";

	return dande_db_select(db, strcmp(db->be->name, "sqlite") ? pg_sql :
			       sqlite_sql, NULL, 0, fn, payload);
}

struct last_row {
	int64_t id;
	char *s[3];
};

/* The first row: an integer id, then up to three strings (NULL for NULL
 * or ""). */
static int take_last(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct last_row *l = payload;
	size_t i;

	(void)names;
	if (!v)
		return 0;
	if (ncols && v[0].type == DANDE_DB_INTEGER)
		l->id = v[0].i;
	for (i = 1; i < ncols && i <= 3; i++)
		if (v[i].type == DANDE_DB_TEXT && v[i].len)
			l->s[i - 1] = dande_xstrndup(v[i].s, v[i].len);
	return 1;
}

int dande_db_status(struct dande_db *db, struct dande_db_status *out)
{
	struct dande_buf sql = DANDE_BUF_INIT;
	struct last_row run = { 0, { NULL, NULL, NULL } };
	struct last_row ver = { 0, { NULL, NULL, NULL } };
	const char *const *t;
	int r = 0;

	memset(out, 0, sizeof(*out));
	out->schema_version = db->schema_version;
	if ((r = db->be->size(db, &out->size_bytes)) < 0)
		goto done;
	for (t = tables; *t; t++) {
		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "SELECT count(*) FROM \"%s\"", *t);
		out->counts[out->ncounts].table = *t;
		if ((r = dande_db_select(db, sql.ptr, NULL, 0,
					 dande_db_first_int,
					 &out->counts[out->ncounts].rows)) < 0)
			goto done;
		out->ncounts++;
	}
	if ((r = dande_db_select(db, "SELECT id, started_at, commit_sha, "
				 "branch FROM test_runs ORDER BY id DESC "
				 "LIMIT 1", NULL, 0, take_last, &run)) < 0 ||
	    (r = dande_db_select(db, "SELECT 0, version, created_at FROM "
				 "versions ORDER BY id DESC LIMIT 1", NULL, 0,
				 take_last, &ver)) < 0)
		goto done;
	r = 0;
	out->last_run_id = run.id;
	out->last_run_at = run.s[0];
	out->last_run_commit = run.s[1];
	out->last_run_branch = run.s[2];
	out->last_version = ver.s[0];
	out->last_version_at = ver.s[1];
	run.s[0] = run.s[1] = run.s[2] = ver.s[0] = ver.s[1] = NULL;
done:
	free(run.s[0]);
	free(run.s[1]);
	free(run.s[2]);
	free(ver.s[0]);
	free(ver.s[1]);
	free(ver.s[2]);
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
	return db->be->check(db, fn, payload, problems);
}

/* The runs a prune removes: beyond the last ?1 (0: no such limit) and
 * started before ?3 (NULL: no such limit), but never the last run of
 * each kind for each version (the per-version figures). */
#define PRUNE_WHERE \
	"(?1 = 0 OR id NOT IN (SELECT id FROM test_runs ORDER BY id DESC " \
	"LIMIT ?1)) AND (?2 = 0 OR started_at < ?3) AND id NOT IN " \
	"(SELECT MAX(id) FROM test_runs WHERE version IS NOT NULL GROUP BY " \
	"version, kind)"

int dande_db_prune(struct dande_db *db, int64_t keep_runs, int64_t days,
		   int dry_run, int64_t *removed, int64_t *left)
{
	static const char count_sql[] =
		"SELECT COUNT(*) FROM test_runs WHERE " PRUNE_WHERE;
	static const char delete_sql[] =
		"DELETE FROM test_runs WHERE " PRUNE_WHERE;
	/* what no foreign key takes with the run on every engine */
	static const char delete_results[] =
		"DELETE FROM test_results WHERE run_id IN (SELECT id FROM "
		"test_runs WHERE " PRUNE_WHERE ")";
	/* the outputs no run refers to any more (one pass over the
	 * references left) */
	static const char delete_outputs[] =
		"DELETE FROM test_outputs WHERE id NOT IN (SELECT output_id "
		"FROM test_messages)";
	static const char all_sql[] = "SELECT COUNT(*) FROM test_runs";
	struct dande_db_value p[3];
	char cutoff[32];
	time_t t = time(NULL) - (time_t)(days > 0 ? days : 0) * 86400;
	struct tm tm;
	int64_t total = 0;
	int r;

	*removed = *left = 0;
	gmtime_r(&t, &tm);
	strftime(cutoff, sizeof(cutoff), "%Y-%m-%dT%H:%M:%SZ", &tm);
	p[0] = dande_db_int(keep_runs);
	p[1] = dande_db_int(days);
	p[2] = dande_db_text(cutoff);
	if ((r = dande_db_begin(db)) < 0)
		return r;
	if ((r = dande_db_select(db, count_sql, p, 3, dande_db_first_int,
				 removed)) < 0 ||
	    (r = dande_db_select(db, all_sql, NULL, 0, dande_db_first_int,
				 &total)) < 0 ||
	    (!dry_run && *removed &&
	     ((r = dande_db_exec(db, delete_results, p, 3)) < 0 ||
	      (r = dande_db_exec(db, delete_sql, p, 3)) < 0 ||
	      (r = dande_db_exec(db, delete_outputs, NULL, 0)) < 0))) {
		dande_db_rollback(db);
		return r;
	}
	*left = total - *removed;
	if (dry_run) {
		dande_db_rollback(db);
		return 0;
	}
	/* one transaction: the runs go with their tests, messages,
	 * properties, pyramid and coverage (ON DELETE CASCADE), and the
	 * outputs only they referred to; the error fingerprints stay,
	 * their run references cleared */
	return dande_db_commit(db);
}

/* The first two columns of the row, integers, into payload[0..1]. */
static int two_ints(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	int64_t *out = payload;

	(void)names;
	if (v && ncols >= 2 && v[0].type == DANDE_DB_INTEGER &&
	    v[1].type == DANDE_DB_INTEGER) {
		out[0] = v[0].i;
		out[1] = v[1].i;
	}
	return 0;
}

int dande_db_runs_without_version(struct dande_db *db, int64_t *without,
				  int64_t *runs)
{
	int64_t n[2] = { 0, 0 };
	int r = dande_db_select(db, "SELECT COUNT(*) - COUNT(version), "
				"COUNT(*) FROM test_runs", NULL, 0, two_ints,
				n);

	*without = n[0];
	*runs = n[1];
	return r;
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

static struct dande_db_value text_or_null(const char *s)
{
	return dande_db_text(s && *s ? s : NULL);
}

int dande_db_insert_run(struct dande_db *db, const struct dande_db_run *run,
			int64_t *out)
{
	static const char sql[] =
		"INSERT INTO test_runs (kind, started_at, finished_at, "
		"duration_s, commit_sha, branch, tree_sha, version, "
		"environment, source, tests, passed, failed, errors, skipped, "
		"flaky) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, ?14, ?15, ?16) RETURNING id";
	struct dande_db_value p[16];
	char now[32];
	int64_t id = 0;
	int r;

	dande_db_now(now, sizeof(now));
	p[0] = text_or_null(run->kind ? run->kind : "junit");
	p[1] = text_or_null(run->started_at ? run->started_at : now);
	p[2] = text_or_null(run->finished_at);
	p[3] = run->duration_s >= 0 ? dande_db_real(run->duration_s) :
		dande_db_null();
	p[4] = text_or_null(run->commit);
	p[5] = text_or_null(run->branch);
	p[6] = text_or_null(run->tree);
	p[7] = text_or_null(run->version);
	p[8] = text_or_null(run->environment);
	p[9] = text_or_null(run->source);
	p[10] = dande_db_int(run->tests);
	p[11] = dande_db_int(run->passed);
	p[12] = dande_db_int(run->failed);
	p[13] = dande_db_int(run->errors);
	p[14] = dande_db_int(run->skipped);
	p[15] = dande_db_int(run->flaky);
	r = dande_db_select(db, sql, p, 16, dande_db_first_int, &id);
	if (r < 0 && dande_error_last()->code == DANDE_EUSAGE)
		r = dande_error_set(DANDE_EINVALID, "invalid run: %s",
				    dande_error_last()->message);
	else if (r == 0 && out)
		*out = id;
	return r;
}

/* ---- copying a database into another ----------------------------------- */

struct copy {
	struct dande_db *to;
	const char *table;
	struct dande_buf sql;		/* the insert, made from the header */
	size_t ncols;
	int append;
	int64_t off_run, off_case, off_cov, off_self, off_out;
	int remap[64];			/* per column: 0 as is, else which
					   offset: 1 runs, 2 cases, 3 cov,
					   4 the table's own ids, 5
					   outputs */
	struct dande_db_value vals[64];
	int64_t rows;
};

static int remap_of(const char *table, const char *col)
{
	if (!strcmp(col, "id"))
		return 4;
	if (!strcmp(col, "run_id") || !strcmp(col, "first_run_id") ||
	    !strcmp(col, "last_run_id") || !strcmp(col, "resolved_run_id"))
		return 1;
	if (!strcmp(col, "test_id"))
		return 2;
	if (!strcmp(col, "output_id"))
		return 5;
	if (!strcmp(table, "coverage_floors") && !strcmp(col, "after"))
		return 3;
	return 0;
}

static int copy_row(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct copy *c = payload;
	size_t i;

	if (ncols > 64)
		return dande_error_set(DANDE_ERROR, "table '%s' has %zu "
				       "columns", c->table, ncols);
	if (!v) {
		/* the header: the insert, with the same columns */
		c->ncols = ncols;
		dande_buf_reset(&c->sql);
		dande_buf_addf(&c->sql, "INSERT INTO %s (", c->table);
		for (i = 0; i < ncols; i++) {
			const char *p;

			/* a file's own column names, quoted: never SQL */
			dande_buf_adds(&c->sql, i ? ", \"" : "\"");
			for (p = names[i]; *p; p++)
				dande_buf_adds(&c->sql, *p == '"' ? "\"\"" :
					       (char[2]){ *p, 0 });
			dande_buf_adds(&c->sql, "\"");
			c->remap[i] = c->append ? remap_of(c->table,
							   names[i]) : 0;
		}
		dande_buf_adds(&c->sql, ") VALUES (");
		for (i = 0; i < ncols; i++)
			dande_buf_addf(&c->sql, "%s?%zu", i ? ", " : "", i + 1);
		dande_buf_adds(&c->sql, ")");
		/* a fingerprint already there counts the copied occurrences */
		if (c->append && !strcmp(c->table, "errors"))
			dande_buf_adds(&c->sql, " ON CONFLICT (fingerprint) DO "
				       "UPDATE SET occurrences = "
				       "errors.occurrences + "
				       "excluded.occurrences");
		return 0;
	}
	for (i = 0; i < ncols; i++) {
		static const int64_t zero;
		const int64_t *off[] = { &zero, &c->off_run, &c->off_case,
					 &c->off_cov, &c->off_self,
					 &c->off_out };

		c->vals[i] = v[i];
		if (c->remap[i] && v[i].type == DANDE_DB_INTEGER &&
		    (c->remap[i] != 3 || v[i].i > 0))
			c->vals[i].i += *off[c->remap[i]];
	}
	c->rows++;
	return dande_db_exec(c->to, c->sql.ptr, c->vals, ncols);
}

/* The largest id of `table` in `db` (0: none). */
static int max_id(struct dande_db *db, const char *table, int64_t *out)
{
	struct dande_buf sql = DANDE_BUF_INIT;
	int r;

	*out = 0;
	dande_buf_addf(&sql, "SELECT COALESCE(MAX(id), 0) FROM %s", table);
	r = dande_db_select(db, sql.ptr, NULL, 0, dande_db_first_int, out);
	dande_buf_release(&sql);
	return r;
}

static int has_id(const char *table)
{
	return strcmp(table, "run_properties") && strcmp(table, "test_results")
		&& strcmp(table, "test_blocks") && strcmp(table, "test_messages") &&
		strcmp(table, "test_pyramid");
}

int dande_db_copy(struct dande_db *from, struct dande_db *to, int append,
		  struct dande_db_status *source, struct dande_db_status *before,
		  struct dande_db_status *after)
{
	struct dande_buf empty = DANDE_BUF_INIT;
	struct copy c;
	const char *const *t;
	int64_t held = 0;
	size_t i;
	int r;

	memset(&c, 0, sizeof(c));
	memset(source, 0, sizeof(*source));
	c.sql = empty;
	memset(before, 0, sizeof(*before));
	memset(after, 0, sizeof(*after));
	if (from->schema_version != to->schema_version)
		return dande_error_set(DANDE_EUSAGE, "'%s' is at schema %d, "
				       "'%s' at %d: migrate them to one "
				       "version first", from->path,
				       from->schema_version, to->path,
				       to->schema_version);
	if ((r = dande_db_status(to, before)) < 0)
		return r;
	for (i = 0; i < before->ncounts; i++)
		held += before->counts[i].rows;
	if (held && !append)
		return dande_error_set(DANDE_EUSAGE, "'%s' already holds %lld "
				       "rows: copy into an empty database, or "
				       "--append", to->path, (long long)held);
	c.to = to;
	c.append = append;
	if ((r = dande_db_begin(to)) < 0)
		return r;
	if (append && ((r = max_id(to, "test_runs", &c.off_run)) < 0 ||
		       (r = max_id(to, "test_cases", &c.off_case)) < 0 ||
		       (r = max_id(to, "test_coverage", &c.off_cov)) < 0 ||
		       (r = max_id(to, "test_outputs", &c.off_out)) < 0))
		goto fail;
	/* parents before children: the tables are listed that way */
	for (t = tables; *t; t++) {
		c.table = *t;
		c.off_self = 0;
		if (append && has_id(*t) && (r = max_id(to, *t,
							&c.off_self)) < 0)
			goto fail;
		if ((r = dande_db_export(from, *t, copy_row, &c)) < 0)
			goto fail;
	}
	/* every row there before it commits: the target's counts are its
	 * own plus the source's (a fingerprint merged on --append aside) */
	if ((r = dande_db_status(to, after)) < 0 ||
	    (r = dande_db_status(from, source)) < 0)
		goto fail;
	for (i = 0; i < after->ncounts && i < source->ncounts; i++) {
		int64_t want = before->counts[i].rows + source->counts[i].rows;

		if (after->counts[i].rows == want || (append &&
		    !strcmp(after->counts[i].table, "errors") &&
		    after->counts[i].rows <= want))
			continue;
		r = dande_error_set(DANDE_EEXTERNAL, "copying '%s' into '%s': "
				    "%s holds %lld rows, not %lld: nothing "
				    "copied", from->path, to->path,
				    after->counts[i].table,
				    (long long)after->counts[i].rows,
				    (long long)want);
		goto fail;
	}
	r = dande_db_commit(to);
	goto done;
fail:
	dande_db_rollback(to);
done:
	dande_buf_release(&c.sql);
	return r;
}

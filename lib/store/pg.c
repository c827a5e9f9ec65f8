/*
 * pg.c: the PostgreSQL backend of the tracking database, for a team's
 * one shared history (DANDE_DB=postgresql://...).  The only module that
 * includes <libpq-fe.h>.
 *
 * libpq is loaded at the first connection (load_libpq), not linked.
 * The password comes from libpq's own places (PGPASSWORD, ~/.pgpass,
 * passfile=), never from the URL in .dande.conf (db.c refuses that).
 * The library's SQL is written once, with ?1..?n placeholders; here they
 * become $1..$n, each statement is prepared once per connection, its
 * parameters typed from their values (bigint, double precision, text,
 * bytea), and rows are read one at a time (single-row mode): memory stays
 * flat whatever the result's size.  Result values take SQLite's dynamic
 * types: an integral numeric (SUM of integers) is an INTEGER.
 *
 * A write transaction takes a transaction-level advisory lock first:
 * writers go one at a time, as SQLite's BEGIN IMMEDIATE makes them, so a
 * read-then-write (run numbering, identities, fingerprints, floors) never
 * races another writer; readers are never blocked.  lock_timeout is the
 * busy timeout: a lock still held after it is DANDE_EBUSY (exit 4).  A
 * transaction the server aborts anyway, a serialization failure (a server
 * whose default isolation is SERIALIZABLE) or a deadlock with another
 * client's locks, is marked a conflict: dande_db_transaction runs it
 * again, a bounded number of times.
 * A user's query runs in a READ ONLY transaction, rolled back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <libpq-fe.h>

#include "dande/buf.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "db_int.h"
#include "util/banned.h"

/*
 * libpq, loaded when a PostgreSQL database is first opened: a tool that
 * uses SQLite (most runs, every hook) does not pay for loading it and
 * the libraries it needs (about 5 ms a process, half of a tool's start).
 */
static struct {
	void *handle;
	__typeof__(&PQclear) PQclear;
	__typeof__(&PQcmdStatus) PQcmdStatus;
	__typeof__(&PQconnectdb) PQconnectdb;
	__typeof__(&PQdescribePrepared) PQdescribePrepared;
	__typeof__(&PQerrorMessage) PQerrorMessage;
	__typeof__(&PQexec) PQexec;
	__typeof__(&PQfinish) PQfinish;
	__typeof__(&PQfname) PQfname;
	__typeof__(&PQfreemem) PQfreemem;
	__typeof__(&PQftype) PQftype;
	__typeof__(&PQgetResult) PQgetResult;
	__typeof__(&PQgetisnull) PQgetisnull;
	__typeof__(&PQgetlength) PQgetlength;
	__typeof__(&PQgetvalue) PQgetvalue;
	__typeof__(&PQnfields) PQnfields;
	__typeof__(&PQnparams) PQnparams;
	__typeof__(&PQntuples) PQntuples;
	__typeof__(&PQparamtype) PQparamtype;
	__typeof__(&PQprepare) PQprepare;
	__typeof__(&PQputCopyData) PQputCopyData;
	__typeof__(&PQputCopyEnd) PQputCopyEnd;
	__typeof__(&PQresultErrorField) PQresultErrorField;
	__typeof__(&PQresultStatus) PQresultStatus;
	__typeof__(&PQsendQueryPrepared) PQsendQueryPrepared;
	__typeof__(&PQsetNoticeProcessor) PQsetNoticeProcessor;
	__typeof__(&PQsetSingleRowMode) PQsetSingleRowMode;
	__typeof__(&PQstatus) PQstatus;
	__typeof__(&PQtransactionStatus) PQtransactionStatus;
	__typeof__(&PQunescapeBytea) PQunescapeBytea;
} lpq;

static int load_libpq(void)
{
	static const char *const names[] = {
		"PQclear",
		"PQcmdStatus",
		"PQconnectdb",
		"PQdescribePrepared",
		"PQerrorMessage",
		"PQexec",
		"PQfinish",
		"PQfname",
		"PQfreemem",
		"PQftype",
		"PQgetResult",
		"PQgetisnull",
		"PQgetlength",
		"PQgetvalue",
		"PQnfields",
		"PQnparams",
		"PQntuples",
		"PQparamtype",
		"PQprepare",
		"PQputCopyData",
		"PQputCopyEnd",
		"PQresultErrorField",
		"PQresultStatus",
		"PQsendQueryPrepared",
		"PQsetNoticeProcessor",
		"PQsetSingleRowMode",
		"PQstatus",
		"PQtransactionStatus",
		"PQunescapeBytea"
	};
	void **slot = (void **)((char *)&lpq + sizeof(lpq.handle));
	size_t i;

	if (lpq.handle)
		return 0;
	if (!(lpq.handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL)))
		return dande_error_set(DANDE_EEXTERNAL, "a PostgreSQL database "
				       "needs libpq (Debian: libpq5): %s",
				       dlerror());
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		/* POSIX: a data pointer from dlsym() converts to a function
		 * pointer */
		*(slot + i) = dlsym(lpq.handle, names[i]);
		if (!slot[i]) {
			int r = dande_error_set(DANDE_EEXTERNAL, "libpq lacks "
						"%s", names[i]);

			dlclose(lpq.handle);
			lpq.handle = NULL;
			return r;
		}
	}
	return 0;
}

/* PostgreSQL type OIDs (pg_type.dat): those the results are read by. */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700
#define OID_TEXT 25

struct stmt {
	uint32_t hash;		/* of the text */
	char *sql;		/* the library's text (?N) */
	char *sig;		/* parameter types it was prepared with */
	char name[16];
};

struct pg {
	PGconn *c;
	struct stmt *cache;
	size_t ncache, acache;
	unsigned next;
	/* a statement's parameters as libpq takes them, grown as needed */
	const char **values;
	int *lengths, *formats;
	char (*nums)[32];
	char *sig;
	unsigned int *types;
	size_t aparams;
	/* rows COPY put into tables this transaction, not yet analyzed */
	size_t fresh_rows;
	const char *fresh[8];
	size_t nfresh;
	/* a COPY sent and not waited for: the server works through it
	 * while the next rows are parsed (drain() before any other call) */
	int copy_pending;
};

#define PG(db) ((struct pg *)(db)->impl)

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The first line of libpq's message for `res` (or the connection's). */
static void first_line(struct dande_buf *out, PGconn *c, const PGresult *res)
{
	const char *m = res ? lpq.PQresultErrorField(res,
						   PG_DIAG_MESSAGE_PRIMARY) :
		NULL;

	if (!m || !*m)
		m = c ? lpq.PQerrorMessage(c) : "no connection";
	dande_buf_add(out, m, strcspn(m, "\n"));
}

/*
 * Record the server's error for `what` as a library code: a lock held
 * past the busy timeout (or a serialization failure, a deadlock) is
 * DANDE_EBUSY; a constraint DANDE_EINVALID; a lost connection
 * DANDE_EEXTERNAL; with `user`, a statement the server refuses is
 * DANDE_EUSAGE.
 */
static int pg_fail(struct dande_db *db, const PGresult *res, const char *what,
		   int user)
{
	struct dande_buf m = DANDE_BUF_INIT;
	const char *state = res ? lpq.PQresultErrorField(res, PG_DIAG_SQLSTATE) :
		NULL;
	PGconn *c = db->impl ? PG(db)->c : NULL;
	int r;

	first_line(&m, c, res);
	if (!state)
		state = "";
	if (!strcmp(state, "40001") || !strcmp(state, "40P01")) {
		/* the server chose this transaction to resolve a conflict:
		 * dande_db_transaction runs it again */
		db->conflict = 1;
		r = dande_error_set(DANDE_EBUSY, "database '%s': the server "
				    "aborted the transaction (a conflict with "
				    "another): %s: %s", db->path, what, m.ptr);
	} else if (!strcmp(state, "55P03"))
		r = dande_error_set(DANDE_EBUSY, "database '%s' is locked "
				    "(still busy after %d ms): %s: %s",
				    db->path, db->busy_ms, what, m.ptr);
	else if (!c || lpq.PQstatus(c) != CONNECTION_OK || !strncmp(state, "08", 2)
		 || !strncmp(state, "57P", 3))
		r = dande_error_set(DANDE_EEXTERNAL, "database '%s': the "
				    "server went away: %s", db->path, m.ptr);
	else if (!strcmp(state, "25006") && user)
		r = dande_error_set(DANDE_EUSAGE, "refusing a statement that "
				    "writes: queries are read-only");
	else if (user)
		r = dande_error_set(DANDE_EUSAGE, "bad query: %s", m.ptr);
	else if (!strncmp(state, "23", 2))
		r = dande_error_set(DANDE_EINVALID, "database '%s': %s",
				    db->path, m.ptr);
	else
		r = dande_error_set(DANDE_EEXTERNAL, "database '%s': %s: %s",
				    db->path, what, m.ptr);
	dande_buf_release(&m);
	return r;
}

/* Wait for the COPY sent last (pg_bulk): 0, or its error. */
static int drain(struct dande_db *db)
{
	struct pg *p = PG(db);
	PGresult *res;
	int r = 0;

	if (!p || !p->copy_pending)
		return 0;
	p->copy_pending = 0;
	while ((res = lpq.PQgetResult(p->c))) {
		if (r == 0 && lpq.PQresultStatus(res) != PGRES_COMMAND_OK)
			r = pg_fail(db, res, "copy failed", 0);
		lpq.PQclear(res);
	}
	return r;
}

/* A command without rows or parameters. */
static int command(struct dande_db *db, const char *sql, const char *what)
{
	PGresult *res;
	ExecStatusType st;
	int r = drain(db);

	if (r < 0)
		return r;
	res = lpq.PQexec(PG(db)->c, sql);
	st = lpq.PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		r = pg_fail(db, res, what, 0);
	lpq.PQclear(res);
	return r;
}

static void pg_close(struct dande_db *db)
{
	struct pg *p = db->impl;
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->ncache; i++) {
		free(p->cache[i].sql);
		free(p->cache[i].sig);
	}
	free(p->cache);
	free(p->values);
	free(p->lengths);
	free(p->formats);
	free(p->nums);
	free(p->sig);
	free(p->types);
	drain(db);
	lpq.PQfinish(p->c);
	free(p);
	db->impl = NULL;
}

static int pg_open(struct dande_db *db, const char *target, int flags)
{
	struct pg *p = dande_xcalloc(1, sizeof(*p));
	char sql[96];
	int r;

	(void)flags;
	db->impl = p;
	if ((r = load_libpq()) < 0)
		return r;
	p->c = lpq.PQconnectdb(target);
	if (!p->c || lpq.PQstatus(p->c) != CONNECTION_OK) {
		struct dande_buf m = DANDE_BUF_INIT;

		first_line(&m, p->c, NULL);
		r = dande_error_set(DANDE_EEXTERNAL, "cannot connect to the "
				    "database '%s': %s", db->path, m.ptr);
		dande_buf_release(&m);
		return r;
	}
	lpq.PQsetNoticeProcessor(p->c, quiet_notices, NULL);
	/* no JIT: dande's queries take milliseconds, and the JIT's
	 * compilation of one whose estimate crossed jit_above_cost took
	 * 0.6 of a report's 1.0 s at 100,000 cases.  A server without the
	 * setting (before 11) has no JIT either */
	lpq.PQclear(lpq.PQexec(p->c, "SET jit = off"));
	/* our integer, never the caller's text */
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", db->busy_ms);
	if ((r = command(db, sql, "cannot set lock_timeout")) < 0 ||
	    (r = command(db, "SET client_min_messages = warning",
			 "cannot set client_min_messages")) < 0)
		return r;
	if (db->readonly)
		r = command(db, "SET default_transaction_read_only = on",
			    "cannot make the session read-only");
	return r;
}

static int pg_tune(struct dande_db *db)
{
	(void)db;
	return 0;
}

static int pg_script(struct dande_db *db, const char *sql)
{
	struct dande_buf m = DANDE_BUF_INIT;
	PGresult *res;
	int r = drain(db);

	if (r < 0)
		return r;
	res = lpq.PQexec(PG(db)->c, sql);
	if (lpq.PQresultStatus(res) != PGRES_COMMAND_OK &&
	    lpq.PQresultStatus(res) != PGRES_TUPLES_OK) {
		first_line(&m, PG(db)->c, res);
		r = dande_error_set(DANDE_EEXTERNAL, "%s", m.ptr);
	}
	dande_buf_release(&m);
	lpq.PQclear(res);
	return r;
}

static int pg_begin(struct dande_db *db)
{
	char sql[64];
	int r;

	if ((r = command(db, "BEGIN", "cannot start a transaction")) < 0)
		return r;
	/* one writer at a time, as BEGIN IMMEDIATE in SQLite */
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)",
		 DANDE_DB__APPLICATION_ID);
	if ((r = command(db, sql, "cannot take the write lock")) < 0)
		command(db, "ROLLBACK", "cannot roll back");
	return r;
}

static int pg_commit(struct dande_db *db)
{
	PGresult *res;
	int r;

	PG(db)->fresh_rows = PG(db)->nfresh = 0;
	if ((r = drain(db)) < 0) {
		lpq.PQclear(lpq.PQexec(PG(db)->c, "ROLLBACK"));
		return r;
	}
	res = lpq.PQexec(PG(db)->c, "COMMIT");
	/* a transaction that failed answers COMMIT with ROLLBACK */
	if (lpq.PQresultStatus(res) != PGRES_COMMAND_OK)
		r = pg_fail(db, res, "cannot commit", 0);
	else if (strcmp(lpq.PQcmdStatus(res), "COMMIT"))
		r = dande_error_set(DANDE_EEXTERNAL, "database '%s': the "
				    "transaction was rolled back", db->path);
	lpq.PQclear(res);
	return r;
}

static void pg_rollback(struct dande_db *db)
{
	PG(db)->fresh_rows = PG(db)->nfresh = 0;
	drain(db);
	if (lpq.PQtransactionStatus(PG(db)->c) != PQTRANS_IDLE)
		lpq.PQclear(lpq.PQexec(PG(db)->c, "ROLLBACK"));
}

static int pg_foreign_keys(struct dande_db *db, int on)
{
	/* PostgreSQL checks them at the end of each statement, cheaply */
	(void)db;
	(void)on;
	return 0;
}

/* ?N placeholders become $N; nothing else in the library's SQL holds a
 * '?' (no string literal of it does). */
static void placeholders(struct dande_buf *out, const char *sql)
{
	const char *q;

	while ((q = strchr(sql, '?'))) {
		dande_buf_add(out, sql, (size_t)(q - sql));
		dande_buf_addch(out, '$');
		sql = q + 1;
	}
	dande_buf_adds(out, sql);
}

static char type_char(const struct dande_db_value *v)
{
	switch (v->type) {
	case DANDE_DB_INTEGER: return 'i';
	case DANDE_DB_REAL: return 'r';
	case DANDE_DB_TEXT: return 't';
	case DANDE_DB_BLOB: return 'b';
	default: return 'n';
	}
}

static unsigned int type_oid(char t)
{
	switch (t) {
	case 'i': return OID_INT8;
	case 'r': return OID_FLOAT8;
	case 't': return OID_TEXT;
	case 'b': return OID_BYTEA;
	default: return 0;	/* NULL: the server infers it */
	}
}

/* The type letter of a parameter the server inferred. */
static char oid_char(unsigned int oid)
{
	switch (oid) {
	case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID:
		return 'i';
	case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC:
		return 'r';
	case OID_BYTEA:
		return 'b';
	default:
		return 't';
	}
}

/* Whether values typed `want` can go to a statement prepared as `have`:
 * a NULL goes anywhere, an integer also to a float. */
static int fits(const char *have, const char *want)
{
	for (; *want; have++, want++)
		if (*want != 'n' && *want != *have &&
		    !(*want == 'i' && *have == 'r'))
			return 0;
	return !*have;
}

static size_t pg_cached(const struct dande_db *db)
{
	return PG(db)->ncache;
}

/* FNV-1a of the SQL text. */
static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The prepared statement for `sql` with parameters typed as `sig`. */
static int prepare(struct dande_db *db, const char *sql, const char *sig,
		   size_t n, const char **name)
{
	struct pg *p = PG(db);
	struct dande_buf text = DANDE_BUF_INIT;
	struct stmt *s;
	PGresult *res;
	size_t i;
	int r = 0;

	uint32_t hash = sql_hash(sql);

	/* by text: a buffer's address may come back holding other SQL */
	for (i = 0; i < p->ncache; i++)
		if (p->cache[i].hash == hash && !strcmp(p->cache[i].sql, sql) &&
		    fits(p->cache[i].sig, sig)) {
			*name = p->cache[i].name;
			return 0;
		}
	for (i = 0; i < n; i++)
		p->types[i] = type_oid(sig[i]);
	if (p->ncache == p->acache) {
		p->acache = p->acache ? 2 * p->acache : 32;
		p->cache = dande_xrealloc(p->cache, p->acache * sizeof(*p->cache));
	}
	s = &p->cache[p->ncache];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "dande_%u", p->next++);
	placeholders(&text, sql);
	res = lpq.PQprepare(p->c, s->name, text.ptr, (int)n, p->types);
	if (lpq.PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = pg_fail(db, res, "cannot prepare", 0);
		if (r == DANDE_EEXTERNAL)
			r = dande_error_set(DANDE_ERROR, "%s",
					    dande_error_last()->message);
	} else {
		s->hash = hash;
		s->sql = dande_xstrdup(sql);
		s->sig = dande_xstrdup(sig);
		*name = s->name;
		p->ncache++;
		/* a NULL's type is the server's guess: learn it, so that the
		 * next call with a value there takes this statement too */
		if (strchr(sig, 'n')) {
			lpq.PQclear(res);
			res = lpq.PQdescribePrepared(p->c, s->name);
			if (lpq.PQresultStatus(res) == PGRES_COMMAND_OK &&
			    lpq.PQnparams(res) == (int)n)
				for (i = 0; i < n; i++)
					if (sig[i] == 'n')
						s->sig[i] = oid_char(
							lpq.PQparamtype(res,
								    (int)i));
		}
	}
	lpq.PQclear(res);
	dande_buf_release(&text);
	return r;
}

/* A column's value in SQLite's terms. */
static void read_value(struct dande_db_value *v, const PGresult *res, int row,
		       int col, unsigned char **blob)
{
	const char *s = lpq.PQgetvalue(res, row, col);
	size_t len = (size_t)lpq.PQgetlength(res, row, col);
	char *end;

	memset(v, 0, sizeof(*v));
	if (lpq.PQgetisnull(res, row, col)) {
		v->type = DANDE_DB_NULL;
		return;
	}
	switch (lpq.PQftype(res, col)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		v->type = DANDE_DB_INTEGER;
		v->i = strtoll(s, NULL, 10);
		return;
	case OID_BOOL:
		v->type = DANDE_DB_INTEGER;
		v->i = s[0] == 't';
		return;
	case OID_NUMERIC:
		if (!strpbrk(s, ".eEN")) {
			v->type = DANDE_DB_INTEGER;
			v->i = strtoll(s, &end, 10);
			return;
		}
		/* fall through */
	case OID_FLOAT4:
	case OID_FLOAT8:
		v->type = DANDE_DB_REAL;
		v->d = strtod(s, NULL);
		return;
	case OID_BYTEA: {
		size_t n = 0;

		*blob = lpq.PQunescapeBytea((const unsigned char *)s, &n);
		v->type = DANDE_DB_BLOB;
		v->s = (const char *)*blob;
		v->len = n;
		return;
	}
	default:
		v->type = DANDE_DB_TEXT;
		v->s = s;
		v->len = len;
	}
}

/*
 * Read the results of the statement sent, one row at a time: the header
 * (from the first result that has columns) then each row to `fn`.  When
 * `fn` stops, the rest is read and dropped: the connection is ready for
 * the next statement either way.
 */
static int each_row(struct dande_db *db, dande_db_row_fn fn, void *payload,
		    int user)
{
	PGconn *c = PG(db)->c;
	PGresult *res;
	const char **names = NULL;
	struct dande_db_value *vals = NULL;
	int r = 0, header = 0, stopped = 0;

	while ((res = lpq.PQgetResult(c))) {
		ExecStatusType st = lpq.PQresultStatus(res);
		int ncols = lpq.PQnfields(res), i;

		if (stopped || r < 0) {
			lpq.PQclear(res);
			continue;
		}
		if (st == PGRES_EMPTY_QUERY) {
			r = dande_error_set(DANDE_EUSAGE, "empty query");
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK &&
			   st != PGRES_COMMAND_OK) {
			r = pg_fail(db, res, user ? "query failed" :
				    "statement failed", user);
		} else if (fn && !header && (st != PGRES_COMMAND_OK)) {
			names = dande_xcalloc((size_t)ncols + 1,
					      sizeof(*names));
			vals = dande_xcalloc((size_t)ncols + 1, sizeof(*vals));
			for (i = 0; i < ncols; i++)
				names[i] = dande_xstrdup(lpq.PQfname(res, i));
			header = 1;
			if ((r = fn(payload, (size_t)ncols, names, NULL)) != 0)
				stopped = 1;
		}
		if (r == 0 && !stopped && fn && st == PGRES_SINGLE_TUPLE) {
			unsigned char *blobs[64];
			int nb = 0;

			for (i = 0; i < ncols; i++) {
				unsigned char *b = NULL;

				read_value(&vals[i], res, 0, i, &b);
				if (b && nb < 64)
					blobs[nb++] = b;
			}
			if ((r = fn(payload, (size_t)ncols, names, vals)) != 0)
				stopped = 1;
			while (nb > 0)
				lpq.PQfreemem(blobs[--nb]);
		}
		lpq.PQclear(res);
	}
	if (names) {
		const char **n;

		for (n = names; *n; n++)
			free((char *)*n);
		free(names);
	}
	free(vals);
	return r;
}

/* Room for `n` parameters. */
static void grow_params(struct pg *p, size_t n)
{
	if (n < p->aparams)
		return;
	p->aparams = n + 64;
	p->values = dande_xrealloc(p->values, p->aparams * sizeof(*p->values));
	p->lengths = dande_xrealloc(p->lengths, p->aparams *
				    sizeof(*p->lengths));
	p->formats = dande_xrealloc(p->formats, p->aparams *
				    sizeof(*p->formats));
	p->nums = dande_xrealloc(p->nums, p->aparams * sizeof(*p->nums));
	p->sig = dande_xrealloc(p->sig, p->aparams + 1);
	p->types = dande_xrealloc(p->types, p->aparams * sizeof(*p->types));
}

/* Send a prepared statement with `params`; rows come one at a time. */
static int send_prepared(struct dande_db *db, const char *name,
			 const struct dande_db_value *params, size_t n)
{
	struct pg *p = PG(db);
	size_t i;

	for (i = 0; i < n; i++) {
		const struct dande_db_value *v = &params[i];

		p->values[i] = NULL;
		p->lengths[i] = 0;
		p->formats[i] = 0;
		switch (v->type) {
		case DANDE_DB_INTEGER:
			snprintf(p->nums[i], sizeof(p->nums[i]), "%lld",
				 (long long)v->i);
			p->values[i] = p->nums[i];
			break;
		case DANDE_DB_REAL:
			snprintf(p->nums[i], sizeof(p->nums[i]), "%.17g",
				 v->d);
			p->values[i] = p->nums[i];
			break;
		case DANDE_DB_TEXT:
		case DANDE_DB_BLOB:
			/* text and bytea take their bytes as they are in
			 * binary format: no terminator, no escaping */
			p->values[i] = v->s ? v->s : "";
			p->lengths[i] = (int)v->len;
			p->formats[i] = 1;
			break;
		default:
			break;
		}
	}
	if (!lpq.PQsendQueryPrepared(p->c, name, (int)n, p->values, p->lengths,
				 p->formats, 0))
		return pg_fail(db, NULL, "cannot send", 0);
	lpq.PQsetSingleRowMode(p->c);
	return 0;
}

/*
 * Tables a bulk load grew by many rows: the planner's statistics still
 * describe them as they were, and a query that joins them next (an
 * ingest's pyramid, the errors it resolves) took a plan for the empty
 * table: 1 s instead of 30 ms at 100,000 cases.  ANALYZE them, in the
 * transaction (it sees its rows), under a savepoint: a user not allowed
 * to analyze only loses the speed.  A sample of 3,000 rows (statistics
 * target 10) is enough for those plans and took the ANALYZE from 270 ms
 * to 40 ms; autovacuum's next pass writes the full statistics.
 */
static int pg_settle(struct dande_db *db)
{
	struct pg *p = PG(db);
	size_t i;
	int r = drain(db);

	if (r < 0 || p->fresh_rows < 1000)
		return r;
	lpq.PQclear(lpq.PQexec(p->c,
			       "SET LOCAL default_statistics_target = 10"));
	for (i = 0; i < p->nfresh; i++) {
		char sql[96];
		PGresult *res;

		lpq.PQclear(lpq.PQexec(p->c, "SAVEPOINT dande_analyze"));
		snprintf(sql, sizeof(sql), "ANALYZE %s", p->fresh[i]);
		res = lpq.PQexec(p->c, sql);
		lpq.PQclear(lpq.PQexec(p->c, lpq.PQresultStatus(res) ==
				       PGRES_COMMAND_OK ?
				       "RELEASE SAVEPOINT dande_analyze" :
				       "ROLLBACK TO SAVEPOINT dande_analyze"));
		lpq.PQclear(res);
	}
	lpq.PQclear(lpq.PQexec(p->c, "RESET default_statistics_target"));
	p->fresh_rows = 0;
	p->nfresh = 0;
	return 0;
}

static int pg_run(struct dande_db *db, const char *sql,
		  const struct dande_db_value *params, size_t nparams,
		  dande_db_row_fn fn, void *payload)
{
	struct pg *p = PG(db);
	const char *name = NULL;
	size_t i;
	int r;

	if ((r = drain(db)) < 0)
		return r;
	grow_params(p, nparams);
	for (i = 0; i < nparams; i++)
		p->sig[i] = type_char(&params[i]);
	p->sig[nparams] = '\0';
	if ((r = prepare(db, sql, p->sig, nparams, &name)) < 0 ||
	    (r = send_prepared(db, name, params, nparams)) < 0)
		return r;
	return each_row(db, fn, payload, 0);
}

/* A value in COPY's text format: \N for NULL; backslash, tab, newline
 * and carriage return escaped; bytea as \\x and hex digits. */
static void copy_value(struct dande_buf *out, const struct dande_db_value *v)
{
	size_t i;

	switch (v->type) {
	case DANDE_DB_INTEGER:
		dande_buf_addf(out, "%lld", (long long)v->i);
		return;
	case DANDE_DB_REAL:
		dande_buf_addf(out, "%.17g", v->d);
		return;
	case DANDE_DB_TEXT:
		for (i = 0; i < v->len; i++) {
			char ch = v->s[i];

			if (ch == '\\')
				dande_buf_adds(out, "\\\\");
			else if (ch == '\t')
				dande_buf_adds(out, "\\t");
			else if (ch == '\n')
				dande_buf_adds(out, "\\n");
			else if (ch == '\r')
				dande_buf_adds(out, "\\r");
			else
				dande_buf_addch(out, ch);
		}
		return;
	case DANDE_DB_BLOB:
		dande_buf_adds(out, "\\\\x");
		for (i = 0; i < v->len; i++)
			dande_buf_addf(out, "%02x", (unsigned char)v->s[i]);
		return;
	default:
		dande_buf_adds(out, "\\N");
	}
}

static int pg_bulk(struct dande_db *db, const char *table,
		   const char *const *cols, size_t ncols,
		   const struct dande_db_value *v, size_t nrows)
{
	PGconn *c = PG(db)->c;
	struct dande_buf sql = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	PGresult *res;
	size_t i, k;
	int r = 0;

	if ((r = drain(db)) < 0)
		return r;
	dande_buf_addf(&sql, "COPY %s (", table);
	for (i = 0; i < ncols; i++)
		dande_buf_addf(&sql, "%s%s", i ? ", " : "", cols[i]);
	dande_buf_adds(&sql, ") FROM STDIN");
	for (i = 0; i < nrows; i++) {
		for (k = 0; k < ncols; k++) {
			if (k)
				dande_buf_addch(&data, '\t');
			copy_value(&data, &v[i * ncols + k]);
		}
		dande_buf_addch(&data, '\n');
	}
	res = lpq.PQexec(c, sql.ptr);
	if (lpq.PQresultStatus(res) != PGRES_COPY_IN) {
		r = pg_fail(db, res, "cannot copy", 0);
		lpq.PQclear(res);
		goto done;
	}
	lpq.PQclear(res);
	if (lpq.PQputCopyData(c, data.ptr, (int)data.len) != 1 ||
	    lpq.PQputCopyEnd(c, NULL) != 1)
		r = pg_fail(db, NULL, "cannot copy", 0);
	/* its result is read by the next call (drain): the server copies
	 * while the next rows are parsed */
	PG(db)->copy_pending = 1;
	if (r < 0)
		drain(db);
	if (r == 0) {
		struct pg *p = PG(db);

		for (i = 0; i < p->nfresh && strcmp(p->fresh[i], table); i++)
			;
		if (i == p->nfresh && i < 8)
			p->fresh[p->nfresh++] = table;
		p->fresh_rows += nrows;
	}
done:
	dande_buf_release(&sql);
	dande_buf_release(&data);
	return r;
}

static int pg_query(struct dande_db *db, const char *sql, dande_db_row_fn fn,
		    void *payload)
{
	PGresult *res;
	int r;

	if ((r = command(db, "BEGIN READ ONLY", "cannot start a read-only "
			 "transaction")) < 0)
		return r;
	/* the unnamed statement: one statement only, the server says so */
	res = lpq.PQprepare(PG(db)->c, "", sql, 0, NULL);
	if (lpq.PQresultStatus(res) != PGRES_COMMAND_OK)
		r = pg_fail(db, res, "cannot prepare the query", 1);
	lpq.PQclear(res);
	if (r == 0) {
		if (!lpq.PQsendQueryPrepared(PG(db)->c, "", 0, NULL, NULL, NULL, 0))
			r = pg_fail(db, NULL, "cannot send the query", 1);
		else {
			lpq.PQsetSingleRowMode(PG(db)->c);
			r = each_row(db, fn, payload, 1);
		}
	}
	pg_rollback(db);
	return r;
}

/* One integer from a statement without parameters. */
static int one_int(struct dande_db *db, const char *sql, int64_t *out)
{
	PGresult *res;
	int r = drain(db);

	if (r < 0)
		return r;
	res = lpq.PQexec(PG(db)->c, sql);
	if (lpq.PQresultStatus(res) != PGRES_TUPLES_OK)
		r = pg_fail(db, res, sql, 0);
	else if (lpq.PQntuples(res) && !lpq.PQgetisnull(res, 0, 0))
		*out = strtoll(lpq.PQgetvalue(res, 0, 0), NULL, 10);
	lpq.PQclear(res);
	return r;
}

static int pg_has_history(struct dande_db *db, int *out)
{
	int64_t n = 0;
	int r = one_int(db, "SELECT count(*) FROM pg_catalog.pg_class c JOIN "
			"pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
			"WHERE c.relname = 'schema_migrations' AND n.nspname = "
			"current_schema()", &n);

	*out = n > 0;
	return r;
}

static int pg_get_version(struct dande_db *db, int *out)
{
	int64_t v = 0;
	int has = 0, r;

	*out = 0;
	if ((r = pg_has_history(db, &has)) < 0 || !has)
		return r;
	if ((r = one_int(db, "SELECT COALESCE(MAX(version), 0) FROM "
			 "schema_migrations", &v)) == 0)
		*out = (int)v;
	return r;
}

static int pg_set_version(struct dande_db *db, int version)
{
	/* schema_migrations is the mark itself (db.c records the step) */
	(void)db;
	(void)version;
	return 0;
}


static int pg_backup(struct dande_db *db, const char *path)
{
	(void)path;
	return dande_error_set(DANDE_EUSAGE, "a PostgreSQL database is backed "
			       "up with PostgreSQL's own tool: pg_dump "
			       "'%s' > FILE", db->path);
}

static int pg_size(struct dande_db *db, int64_t *bytes)
{
	return one_int(db, "SELECT pg_database_size(current_database())",
		       bytes);
}

static int pg_check(struct dande_db *db, dande_db_problem_fn fn,
		    void *payload, int *problems)
{
	static const char *const orphans[][2] = {
		{ "SELECT count(*) FROM test_results r WHERE NOT EXISTS "
		  "(SELECT 1 FROM test_runs WHERE id = r.run_id)", "a run" },
		{ "SELECT count(*) FROM test_results r WHERE NOT EXISTS "
		  "(SELECT 1 FROM test_cases WHERE id = r.test_id)",
		  "a test identity" },
	};
	struct dande_buf line = DANDE_BUF_INIT;
	size_t i;
	int r = 0;

	/* the server keeps its pages and enforces every other key itself:
	 * what is left are the results, which carry none (db_schema.c) */
	*problems = 0;
	for (i = 0; i < 2 && r == 0; i++) {
		int64_t n = 0;

		if ((r = one_int(db, orphans[i][0], &n)) < 0 || !n)
			continue;
		dande_buf_reset(&line);
		dande_buf_addf(&line, "test_results: %lld row%s of %s that "
			       "is not there", (long long)n, n == 1 ? "" : "s",
			       orphans[i][1]);
		(*problems)++;
		fn(payload, line.ptr);
	}
	dande_buf_release(&line);
	return r;
}

const struct dande_db__backend dande_db__pg = {
	"postgresql", pg_open, pg_close, pg_tune, pg_script, pg_begin, pg_commit,
	pg_rollback, pg_run, pg_bulk, pg_settle, pg_query, pg_foreign_keys,
	pg_get_version,
	pg_set_version, pg_has_history, pg_backup, pg_size, pg_check,
	pg_cached, NULL, NULL, NULL,
	/* a COPY a round trip: 1,024 rows took 100,000 cases from 3.7 s
	 * (64) to 3.0 s; 8,192 gained nothing (less of the parsing overlaps
	 * the server's work) */
	1024, 1, 0,
	dande_db__pg_migrations, &dande_db__pg_nmigrations
};

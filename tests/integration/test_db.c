/*
 * Integration tests of lib/store/db.c against real SQLite files: creation,
 * migration from every earlier schema (fixtures in tests/data/db/),
 * refusals, concurrent writers, read-only queries, export and check.
 * The tests use sqlite3 directly to build fixtures and to look behind the
 * module's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/table.h"
#include "store/db_int.h"
#include "lib/test.h"
#include "integration/suites.h"

/* the schema version as text, for the messages that name it */
#define STR_(x) #x
#define STR(x) STR_(x)
#define SCHEMA STR(DANDE_DB_SCHEMA_VERSION)

/* Run `sql` on the file at `path` with a raw connection. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	char *err = NULL;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
		DANDE_FAIL(err);
		sqlite3_free(err);
	}
	sqlite3_close(h);
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static char *db_path(const char *dir)
{
	struct dande_buf b = DANDE_BUF_INIT;

	dande_buf_addf(&b, "%s/data/DandE.db", dir);
	return dande_buf_detach(&b, NULL);
}

static void test_db__creates_every_table(void)
{
	char *dir = dande_test_tmpdir(), *path = db_path(dir);
	const char *const *t;
	struct dande_db *db = NULL;
	struct dande_buf sql = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	CU_ASSERT_EQUAL(dande_db_schema_version(db), DANDE_DB_SCHEMA_VERSION);
	dande_db_close(db);
	for (t = dande_db_tables(); *t; t++) {
		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "SELECT count(*) FROM sqlite_master WHERE "
			       "type = 'table' AND name = '%s'", *t);
		CU_ASSERT_EQUAL(raw_int(path, sql.ptr), 1);
	}
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"),
			DANDE_DB_SCHEMA_VERSION);
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA application_id"),
			DANDE_DB__APPLICATION_ID);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT journal_mode = 'wal' FROM "
				"pragma_journal_mode"), 1);
	dande_buf_release(&sql);
	free(path);
	dande_test_rmtree(dir);
}

static void test_db__constraints_guard_enumerations(void)
{
	char *dir = dande_test_tmpdir(), *path = db_path(dir);
	struct dande_db *db = NULL;
	struct dande_db_run run = { 0 };
	sqlite3 *h = NULL;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	run.kind = "nonsense";
	run.duration_s = -1;
	DANDE_ASSERT_ERR(dande_db_insert_run(db, &run, NULL), DANDE_EINVALID,
			 "CHECK constraint failed");
	dande_db_close(db);
	sqlite3_open(path, &h);
	sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(h, "INSERT INTO test_cases (name, "
					 "layer) VALUES ('x', 'system')",
					 NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "INSERT INTO test_cases (id, name, "
				     "layer) VALUES (7, 'x', 'e2e')", NULL,
				     NULL, NULL), SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(h, "INSERT INTO test_results (run_id, "
					 "seq, test_id, status) VALUES (42, 1, "
					 "7, 0)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_exec(h, "INSERT INTO test_runs (id) VALUES (1)", NULL, NULL,
		     NULL);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(h, "INSERT INTO test_results (run_id, "
					 "seq, test_id, status) VALUES (1, 1, "
					 "7, 5)", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(h, "INSERT INTO test_results (run_id, "
					 "seq, test_id, status) VALUES (1, 1, "
					 "8, 0)", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "INSERT INTO test_results (run_id, "
				     "seq, test_id, status) VALUES (1, 1, 7, "
				     "2)", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(h, "INSERT INTO test_messages (run_id, "
					 "seq, output_id) VALUES (1, 1, 3)",
					 NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "INSERT INTO test_outputs (id, "
				     "test_id, failure_message) VALUES (3, 7, "
				     "'retried')", NULL, NULL, NULL),
			SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "INSERT INTO test_messages (run_id, "
				     "seq, output_id) VALUES (1, 1, 3)", NULL,
				     NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM tests WHERE "
				"status = 'flaky' AND layer = 'e2e' AND "
				"failure_message = 'retried'"), 1);
	/* deleting a run takes its results and messages with it */
	sqlite3_exec(h, "DELETE FROM test_runs WHERE id = 1", NULL, NULL, NULL);
	sqlite3_close(h);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM tests"), 0);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM test_messages"), 0);
	/* the output stays (prune takes the ones nothing refers to) */
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM test_outputs"), 1);
	free(path);
	dande_test_rmtree(dir);
}

/* Load tests/data/db/v<N>.sql into a new file; returns its path. */
static char *load_fixture(const char *dir, int version)
{
	struct dande_buf fx = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	char *sql;

	dande_buf_addf(&fx, "%s/db/v%d.sql", dande_test_data(), version);
	sql = dande_test_read(fx.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sql);
	dande_buf_addf(&p, "%s/v%d.db", dir, version);
	raw_exec(p.ptr, sql);
	free(sql);
	dande_buf_release(&fx);
	return dande_buf_detach(&p, NULL);
}

static void test_db__migrates_from_every_earlier_schema(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf sql = DANDE_BUF_INIT;
	const char *const *t;
	int v;

	for (v = 0; v <= DANDE_DB_SCHEMA_VERSION; v++) {
		char *path;
		int64_t before[16] = { 0 }, after;
		struct dande_db *db = NULL;
		size_t i;
		int peek = -1;

		/* a step that changes nothing on SQLite has no fixture: the
		 * one before it migrates through it (to the newest) */
		if (v > 0 && v <= (int)dande_db__nmigrations &&
		    dande_db__migrations[v - 1].version == v &&
		    dande_db__migrations[v - 1].sql ==
		    dande_db__schema_nothing &&
		    !dande_db__migrations[v - 1].data_up)
			continue;
		path = load_fixture(dir, v);

		DANDE_ASSERT_OK(dande_db_peek_version(path, &peek));
		CU_ASSERT_EQUAL(peek, v);
		for (t = dande_db_tables(), i = 0; *t; t++, i++) {
			dande_buf_reset(&sql);
			dande_buf_addf(&sql, "SELECT count(*) FROM %s", *t);
			before[i] = raw_int(path, sql.ptr);
		}
		DANDE_ASSERT_OK(dande_db_open(&db, path, 0, 0));
		if (db)
			CU_ASSERT_EQUAL(dande_db_schema_version(db),
					DANDE_DB_SCHEMA_VERSION);
		dande_db_close(db);
		for (t = dande_db_tables(), i = 0; *t; t++, i++) {
			dande_buf_reset(&sql);
			dande_buf_addf(&sql, "SELECT count(*) FROM %s", *t);
			after = raw_int(path, sql.ptr);
			/* the compact history's tables hold the rows of the
			 * first schema's `tests` (the test below), and the
			 * outputs (schema 7) the messages' texts, once */
			if (v < 3 && !strncmp(*t, "test_", 5) &&
			    (!strcmp(*t + 5, "cases") ||
			     !strcmp(*t + 5, "results") ||
			     !strcmp(*t + 5, "messages")))
				continue;
			/* passes and skips move into blocks (schema 8):
			 * `tests` shows the same cases (below) */
			if (v < 8 && (!strcmp(*t, "test_results") ||
				      !strcmp(*t, "test_blocks"))) {
				CU_ASSERT(after <= (before[i] < 0 ? 3 :
						    before[i]));
				continue;
			}
			if (v < 7 && !strcmp(*t, "test_outputs")) {
				CU_ASSERT(after <= raw_int(path, "SELECT "
					"count(*) FROM test_messages"));
				continue;
			}
			/* a table the fixture lacked is new and empty */
			CU_ASSERT_EQUAL(after, before[i] < 0 ? 0 : before[i]);
		}
		if (v >= 1)
			CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM "
						"tests"), 3);
		free(path);
	}
	dande_buf_release(&sql);
	dande_test_rmtree(dir);
}

static int dump_row(void *payload, int n, char **v, char **names)
{
	int i;

	(void)names;
	for (i = 0; i < n; i++)
		dande_buf_addf(payload, "%s%s", i ? "|" : "",
			       v[i] ? v[i] : "NULL");
	dande_buf_addch(payload, '\n');
	return 0;
}

/* Every row `sql` returns on the file at `path`, one line each. */
static char *raw_rows(const char *path, const char *sql)
{
	struct dande_buf out = DANDE_BUF_INIT;
	sqlite3 *h = NULL;

	sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_exec(h, sql, dump_row, &out, NULL) != SQLITE_OK)
		DANDE_FAIL(sqlite3_errmsg(h));
	sqlite3_close(h);
	return dande_buf_detach(&out, NULL);
}

#define TEST_FACTS "SELECT run_id, suite, classname, name, file, line, " \
	"status, duration_s, reruns, failure_type, failure_message, stdout, " \
	"stderr, layer FROM tests ORDER BY run_id, "
#define CANONICAL "suite, classname, name, file, line, status, duration_s, " \
	"reruns, failure_type, failure_message, stdout, stderr, layer"

/*
 * A schema-2 database with a history (tests/data/db/v2-history.sql, made
 * by the tools of that schema) moves to the compact history with every
 * case's facts intact, and every report on it reads as it did: the
 * expected outputs in v2-history/ were printed by the old tools.
 */
static void test_db__compact_history_keeps_every_report(void)
{
	static const char *const cases[][8] = {
		{ "report-1", "dande-junit", "report", "--run", "1" },
		{ "report-2", "dande-junit", "report", "--run", "2" },
		{ "report-3", "dande-junit", "report", "--run", "3" },
		{ "report-4", "dande-junit", "report", "--run", "4" },
		{ "report-1-json", "dande-junit", "report", "--run", "1",
		  "--json" },
		{ "report-2-json", "dande-junit", "report", "--run", "2",
		  "--json" },
		{ "report-3-json", "dande-junit", "report", "--run", "3",
		  "--json" },
		{ "report-4-json", "dande-junit", "report", "--run", "4",
		  "--json" },
		{ "flaky", "dande-junit", "flaky", "--window", "10" },
		{ "flaky-json", "dande-junit", "flaky", "--window", "10",
		  "--json" },
		{ "history-flip", "dande-junit", "history",
		  "tests.unit.test_math::test_flip" },
		{ "history-login-json", "dande-junit", "history", "test_login",
		  "--json" },
		{ "history-dotted", "dande-junit", "history",
		  "tests.unit.test_io.test_gone" },
		{ "pyramid-json", "dande-junit", "pyramid", "--json" },
		{ "cov-history", "dande-cov", "history" },
		{ "cov-floor", "dande-cov", "floor", "show" },
		{ "export-errors", "dande-db", "export", "errors", "--format",
		  "csv" },
		{ "export-test_pyramid", "dande-db", "export", "test_pyramid",
		  "--format", "csv" },
		{ "export-run_properties", "dande-db", "export",
		  "run_properties", "--format", "csv" },
	};
	char *dir = dande_test_tmpdir(), *sql, *old_facts, *new_facts;
	struct dande_buf p = DANDE_BUF_INIT, old = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	struct dande_db *db = NULL;
	size_t i;

	dande_buf_addf(&p, "%s/db/v2-history.sql", dande_test_data());
	sql = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sql);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/history.db", dir);
	dande_buf_addf(&old, "%s/old.db", dir);
	raw_exec(p.ptr, sql);
	raw_exec(old.ptr, sql);
	free(sql);
	/* the floor is this branch's: run on main */
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_repo_free(repo);
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, p.ptr, 0, 0));
	CU_ASSERT_EQUAL(dande_db_schema_version(db), DANDE_DB_SCHEMA_VERSION);
	dande_db_close(db);

	/* the same cases, whatever order (a block's have no seq) */
	old_facts = raw_rows(old.ptr, TEST_FACTS CANONICAL);
	new_facts = raw_rows(p.ptr, TEST_FACTS CANONICAL);
	CU_ASSERT_EQUAL(raw_int(old.ptr, "SELECT count(*) FROM tests"), 32);
	CU_ASSERT_STRING_EQUAL(new_facts, old_facts);
	/* 32 case-runs, 9 identities; messages of passing cases kept too */
	CU_ASSERT_EQUAL(raw_int(p.ptr, "SELECT count(*) FROM test_cases"), 9);
	CU_ASSERT_EQUAL(raw_int(p.ptr, "SELECT count(*) FROM test_messages"),
			raw_int(old.ptr, "SELECT count(*) FROM tests WHERE "
				"failure_message IS NOT NULL OR stdout IS NOT "
				"NULL OR stderr IS NOT NULL OR failure_type "
				"IS NOT NULL"));
	free(old_facts);
	free(new_facts);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
		struct dande_buf want = DANDE_BUF_INIT;
		const char *args[10];
		char *expected;
		size_t k, n = 0;

		for (k = 2; k < 8 && cases[i][k]; k++)
			args[n++] = cases[i][k];
		args[n++] = "--db";
		args[n++] = p.ptr;
		args[n] = NULL;
		dande_buf_addf(&want, "%s/db/v2-history/%s.out",
			       dande_test_data(), cases[i][0]);
		expected = dande_test_read(want.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
		dande_test_tool(&res, dir, NULL, cases[i][1], args);
		dande_buf_add(&res.out, res.err.ptr, res.err.len);
		if (strcmp(res.out.ptr, expected))
			fprintf(stderr, "\n%s differs:\n%s", cases[i][0],
				res.out.ptr);
		CU_ASSERT_STRING_EQUAL(res.out.ptr, expected);
		free(expected);
		dande_buf_release(&want);
		dande_proc_result_release(&res);
	}
	dande_buf_release(&old);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

static const char add_issue[] = "ALTER TABLE todos ADD COLUMN issue TEXT";
static const char broken[] = "CREATE TABLE half (a); "
	"INSERT INTO no_such_table VALUES (1)";

static void test_db__migration_engine(void)
{
	char *dir = dande_test_tmpdir(), *path = load_fixture(dir, 1);
	/* this build's steps, and one more */
	enum { N = DANDE_DB_SCHEMA_VERSION + 1 };
	struct dande_db__migration ms[N];
	struct dande_db *db = NULL;
	struct dande_buf want = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i + 1 < N; i++)
		ms[i] = dande_db__migrations[i];
	ms[N - 1].version = N;
	ms[N - 1].name = "todo issue references";
	ms[N - 1].sql = broken;
	ms[N - 1].down = NULL;
	ms[N - 1].data_up = ms[N - 1].data_down = NULL;
	/* a failing step rolls the whole move back: the file stays at 1 */
	dande_buf_addf(&want, "migration %d (todo issue references) failed: no "
		       "such table: no_such_table", N);
	DANDE_ASSERT_ERR(dande_db__open_with(&db, path, 0, 0, ms, N),
			 DANDE_EEXTERNAL, want.ptr);
	CU_ASSERT_PTR_NULL(db);
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), 1);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM sqlite_master "
				"WHERE name = 'test_cases'"), 0);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM sqlite_master "
				"WHERE name = 'half'"), 0);
	/* a good one applies once and keeps every row */
	ms[N - 1].sql = add_issue;
	DANDE_ASSERT_OK(dande_db__open_with(&db, path, 0, 0, ms, N));
	dande_db_close(db);
	DANDE_ASSERT_OK(dande_db__open_with(&db, path, 0, 0, ms, N));
	dande_db_close(db);
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), N);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM todos WHERE "
				"issue IS NULL"), 1);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM schema_migrations"),
			N);
	/* and this build refuses the file now: it is newer */
	dande_buf_reset(&want);
	dande_buf_addf(&want, "has schema version %d, newer than this dande's "
		       "%d", N, N - 1);
	DANDE_ASSERT_ERR(dande_db_open(&db, path, 0, 0), DANDE_EEXTERNAL,
			 want.ptr);
	dande_buf_release(&want);
	free(path);
	dande_test_rmtree(dir);
}

static void test_db__refuses_what_it_cannot_use(void)
{
	char *dir = dande_test_tmpdir(), *path = db_path(dir);
	struct dande_db *db = NULL;
	struct dande_buf other = DANDE_BUF_INIT;

	DANDE_ASSERT_ERR(dande_db_open(&db, path, DANDE_DB_READONLY, 0),
			 DANDE_ENOTFOUND, "run 'dande db init'");
	DANDE_ASSERT_ERR(dande_db_open(&db, path, DANDE_DB_NOCREATE, 0),
			 DANDE_ENOTFOUND, "no tracking database at");
	CU_ASSERT(!dande_fs_exists(path));

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	dande_db_close(db);
	raw_exec(path, "PRAGMA user_version = 99");
	DANDE_ASSERT_ERR(dande_db_open(&db, path, 0, 0), DANDE_EEXTERNAL,
			 "schema version 99, newer than this dande's " SCHEMA);
	DANDE_ASSERT_ERR(dande_db_open(&db, path, DANDE_DB_READONLY, 0),
			 DANDE_EEXTERNAL, "upgrade dande");

	dande_buf_addf(&other, "%s/garbage.db", dir);
	dande_test_write(dir, "garbage.db", "this is not a database, just "
			 "text that is long enough to have a header\n");
	DANDE_ASSERT_ERR(dande_db_open(&db, other.ptr, 0, 0), DANDE_EEXTERNAL,
			 "is not a SQLite database");
	dande_buf_reset(&other);
	dande_buf_addf(&other, "%s/foreign.db", dir);
	raw_exec(other.ptr, "CREATE TABLE t (a); PRAGMA user_version = 3");
	DANDE_ASSERT_ERR(dande_db_open(&db, other.ptr, 0, 0), DANDE_EEXTERNAL,
			 "is not a dande database");
	dande_buf_reset(&other);
	dande_buf_addf(&other, "%s/old.db", dir);
	raw_exec(other.ptr, "CREATE TABLE t (a)");
	DANDE_ASSERT_ERR(dande_db_open(&db, other.ptr, DANDE_DB_READONLY, 0),
			 DANDE_EEXTERNAL, "older than this dande's " SCHEMA ": run "
			 "'dande db init'");
	dande_buf_release(&other);
	free(path);
	dande_test_rmtree(dir);
}

static void test_db__busy_database_is_reported(void)
{
	char *dir = dande_test_tmpdir(), *path = db_path(dir);
	struct dande_db *db = NULL;
	sqlite3 *h = NULL;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	dande_db_close(db);
	sqlite3_open(path, &h);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
			SQLITE_OK);
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 100));
	DANDE_ASSERT_ERR(dande_db_begin(db), DANDE_EBUSY,
			 "is locked (still busy after 100 ms)");
	dande_db_close(db);
	sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(h);
	free(path);
	dande_test_rmtree(dir);
}

#define WRITERS 4
#define RUNS_EACH 150

static void test_db__concurrent_writers_lose_nothing(void)
{
	char *dir = dande_test_tmpdir(), *path = db_path(dir);
	struct dande_db *db = NULL;
	pid_t pids[WRITERS];
	int i, status, ok = 1;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	dande_db_close(db);
	for (i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		CU_ASSERT_FATAL(pids[i] >= 0);
		if (pids[i] == 0) {
			struct dande_db_run run = { 0 };
			int k, bad = 0;

			run.kind = "junit";
			run.duration_s = 0.5;
			run.branch = "main";
			if (dande_db_open(&db, path, 0, 30000) < 0)
				_exit(2);
			for (k = 0; k < RUNS_EACH && !bad; k++) {
				run.tests = k;
				bad = dande_db_begin(db) < 0 ||
					dande_db_insert_run(db, &run, NULL) < 0 ||
					dande_db_commit(db) < 0;
			}
			if (bad)
				fprintf(stderr, "writer %d: %s\n", i,
					dande_error_last()->message);
			dande_db_close(db);
			/* the parent's strings, so leak checkers stay quiet */
			free(path);
			free(dir);
			_exit(bad);
		}
	}
	for (i = 0; i < WRITERS; i++) {
		waitpid(pids[i], &status, 0);
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM test_runs"),
			WRITERS * RUNS_EACH);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(DISTINCT id) FROM "
				"test_runs"), WRITERS * RUNS_EACH);
	free(path);
	dande_test_rmtree(dir);
}

struct rows {
	struct dande_buf text;
	int header_seen, n;
};

static int collect(void *payload, size_t ncols, const char *const *names,
		   const struct dande_db_value *values)
{
	struct rows *r = payload;
	size_t i;

	if (!values) {
		r->header_seen = 1;
		for (i = 0; i < ncols; i++)
			dande_buf_addf(&r->text, "%s%s", i ? "|" : "",
				       names[i]);
		dande_buf_addch(&r->text, '\n');
		return 0;
	}
	r->n++;
	for (i = 0; i < ncols; i++) {
		if (i)
			dande_buf_addch(&r->text, '|');
		if (values[i].type == DANDE_DB_INTEGER)
			dande_buf_addf(&r->text, "%lld",
				       (long long)values[i].i);
		else if (values[i].type == DANDE_DB_TEXT)
			dande_buf_add(&r->text, values[i].s, values[i].len);
		else if (values[i].type == DANDE_DB_NULL)
			dande_buf_adds(&r->text, "NULL");
	}
	dande_buf_addch(&r->text, '\n');
	return 0;
}

static void test_db__queries_are_read_only(void)
{
	char *dir = dande_test_tmpdir(), *path = load_fixture(dir, 1);
	struct dande_db *db = NULL, *rw = NULL;
	struct rows r = { DANDE_BUF_INIT, 0, 0 };

	DANDE_ASSERT_OK_FATAL(dande_db_open(&rw, path, 0, 0));
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, DANDE_DB_READONLY, 0));
	DANDE_ASSERT_OK(dande_db_query(db, "SELECT name, status FROM tests "
				       "ORDER BY run_id, test_id;  ", collect,
				       &r));
	CU_ASSERT_STRING_EQUAL(r.text.ptr, "name|status\ntest_add|passed\n"
			       "test_div|failed\ntest_big|skipped\n");
	DANDE_ASSERT_ERR(dande_db_query(db, "DELETE FROM test_results",
					collect, &r), DANDE_EUSAGE,
			 "read-only");
	/* even on a writable connection */
	DANDE_ASSERT_ERR(dande_db_query(rw, "UPDATE test_cases SET name = "
					"'x'", collect, &r), DANDE_EUSAGE,
			 "read-only");
	DANDE_ASSERT_ERR(dande_db_query(rw, "SELECT 1; DROP TABLE tests",
					collect, &r), DANDE_EUSAGE,
			 "one statement at a time");
	DANDE_ASSERT_ERR(dande_db_query(rw, "ATTACH DATABASE '/tmp/x.db' AS x",
					collect, &r), DANDE_EUSAGE, NULL);
	DANDE_ASSERT_ERR(dande_db_query(db, "SELEKT 1", collect, &r),
			 DANDE_EUSAGE, "syntax error");
	DANDE_ASSERT_ERR(dande_db_query(db, "  ", collect, &r), DANDE_EUSAGE,
			 "empty query");
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM tests"), 3);
	CU_ASSERT(!dande_fs_exists("/tmp/x.db"));
	dande_db_close(db);
	dande_db_close(rw);
	dande_buf_release(&r.text);
	free(path);
	dande_test_rmtree(dir);
}

static void test_db__export_and_status(void)
{
	char *dir = dande_test_tmpdir(), *path = load_fixture(dir, 1), *got;
	struct dande_db *db = NULL;
	struct dande_db_status st;
	struct dande_table_writer w;
	struct dande_buf out = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, 0, 0));
	DANDE_ASSERT_OK(dande_db_status(db, &st));
	CU_ASSERT_EQUAL(st.schema_version, DANDE_DB_SCHEMA_VERSION);
	CU_ASSERT_EQUAL(st.ncounts, 14);
	CU_ASSERT_STRING_EQUAL(st.counts[0].table, "test_runs");
	CU_ASSERT_EQUAL(st.counts[0].rows, 2);
	/* the failure a row, the pass and the skip in one block */
	CU_ASSERT_STRING_EQUAL(st.counts[3].table, "test_results");
	CU_ASSERT_EQUAL(st.counts[3].rows, 1);
	CU_ASSERT_STRING_EQUAL(st.counts[4].table, "test_blocks");
	CU_ASSERT_EQUAL(st.counts[4].rows, 1);
	CU_ASSERT_EQUAL(st.last_run_id, 2);
	CU_ASSERT_STRING_EQUAL(st.last_run_branch, "main");
	CU_ASSERT_STRING_EQUAL(st.last_version, "0.1.0");
	CU_ASSERT(st.size_bytes > 0);
	dande_db_status_release(&st);

	dande_buf_addf(&out, "%s/versions.csv", dir);
	DANDE_ASSERT_OK(dande_table_writer_open(&w, DANDE_TABLE_CSV, out.ptr,
						NULL));
	DANDE_ASSERT_OK(dande_table_writer_close(&w, dande_db_export(db,
		"versions", dande_table_row, &w)));
	got = dande_test_read(out.ptr);
	CU_ASSERT_STRING_EQUAL(got, "id,version,previous,scheme,level,"
			       "commit_sha,branch,tag,created_at,message\n1,0.1.0,"
			       "0.0.9,nano,nano,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			       "aaaa,main,v0.1.0,2026-11-01T09:00:00Z,\n");
	free(got);
	DANDE_ASSERT_OK(dande_table_writer_open(&w, DANDE_TABLE_CSV, out.ptr,
						NULL));
	DANDE_ASSERT_ERR(dande_table_writer_close(&w, dande_db_export(db,
		"sqlite_master", dande_table_row, &w)), DANDE_ENOTFOUND,
		"no table 'sqlite_master'");
	/* the failed export left the earlier file as it was */
	got = dande_test_read(out.ptr);
	DANDE_ASSERT_CONTAINS(got, "v0.1.0");
	free(got);
	dande_db_close(db);
	dande_buf_release(&out);
	free(path);
	dande_test_rmtree(dir);
}

static void count_problem(void *payload, const char *text)
{
	struct dande_buf *b = payload;

	dande_buf_addf(b, "%s\n", text);
}

/* The newest fixture, migrated to the current schema. */
static char *load_current(const char *dir)
{
	struct dande_buf fx = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char *path;
	int v = DANDE_DB_SCHEMA_VERSION;

	for (;; v--) {
		dande_buf_reset(&fx);
		dande_buf_addf(&fx, "%s/db/v%d.sql", dande_test_data(), v);
		if (dande_fs_exists(fx.ptr))
			break;
	}
	dande_buf_release(&fx);
	path = load_fixture(dir, v);
	DANDE_ASSERT_OK(dande_db_open(&db, path, 0, 0));
	dande_db_close(db);
	return path;
}

static void test_db__check_finds_broken_references(void)
{
	char *dir = dande_test_tmpdir();
	char *path = load_current(dir);
	struct dande_db *db = NULL;
	struct dande_buf problems = DANDE_BUF_INIT;
	int n = -1;

	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, DANDE_DB_READONLY, 0));
	DANDE_ASSERT_OK(dande_db_check(db, count_problem, &problems, &n));
	CU_ASSERT_EQUAL(n, 0);
	dande_db_close(db);
	raw_exec(path, "PRAGMA foreign_keys = OFF; INSERT INTO test_outputs "
		 "(id, test_id, failure_message) VALUES (2, 77, 'orphan')");
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path, DANDE_DB_READONLY, 0));
	DANDE_ASSERT_OK(dande_db_check(db, count_problem, &problems, &n));
	CU_ASSERT_EQUAL(n, 1);
	DANDE_ASSERT_CONTAINS(problems.ptr, "foreign key: table "
			      "'test_outputs' row 2 refers to a missing row "
			      "of 'test_cases'");
	dande_db_close(db);
	dande_buf_release(&problems);
	free(path);
	dande_test_rmtree(dir);
}

static int count_row(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	(void)ncols;
	(void)names;
	if (v)
		*(int64_t *)payload = v[0].i;
	return 0;
}

/* Statements are kept by their text: more than any fixed table held (it
 * aborted at 48), the same text from another buffer reuses its
 * statement, and nothing is lost. */
static void test_db__statement_cache_grows_and_keys_by_text(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char *sql[200];
	int64_t got = 0;
	size_t i, base;

	dande_buf_addf(&path, "%s/t.db", dir);
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path.ptr, 0, 1000));
	/* what opening it prepared (the migration's record) */
	base = dande_db__cached_statements(db);
	for (i = 0; i < 200; i++) {
		struct dande_buf b = DANDE_BUF_INIT;

		dande_buf_addf(&b, "SELECT %zu + ?1", i);
		sql[i] = dande_buf_detach(&b, NULL);
	}
	for (i = 0; i < 200; i++) {
		struct dande_db_value v = dande_db_int(1);

		DANDE_ASSERT_OK(dande_db_select(db, sql[i], &v, 1, count_row,
						&got));
		CU_ASSERT_EQUAL(got, (int64_t)i + 1);
	}
	CU_ASSERT_EQUAL(dande_db__cached_statements(db), base + 200);
	/* the same texts in new buffers: no new statement */
	for (i = 0; i < 200; i++) {
		struct dande_db_value v = dande_db_int(2);
		char *copy = dande_xstrdup(sql[i]);

		DANDE_ASSERT_OK(dande_db_select(db, copy, &v, 1, count_row,
						&got));
		CU_ASSERT_EQUAL(got, (int64_t)i + 2);
		free(copy);
	}
	CU_ASSERT_EQUAL(dande_db__cached_statements(db), base + 200);
	for (i = 0; i < 200; i++)
		free(sql[i]);
	dande_db_close(db);
	dande_buf_release(&path);
	dande_test_rmtree(dir);
}

CU_TestInfo test_db_tests[] = {
	{ "test_db__statement_cache_grows_and_keys_by_text",
	  test_db__statement_cache_grows_and_keys_by_text },
	{ "test_db__creates_every_table", test_db__creates_every_table },
	{ "test_db__constraints_guard_enumerations",
	  test_db__constraints_guard_enumerations },
	{ "test_db__migrates_from_every_earlier_schema",
	  test_db__migrates_from_every_earlier_schema },
	{ "test_db__compact_history_keeps_every_report",
	  test_db__compact_history_keeps_every_report },
	{ "test_db__migration_engine", test_db__migration_engine },
	{ "test_db__refuses_what_it_cannot_use",
	  test_db__refuses_what_it_cannot_use },
	{ "test_db__busy_database_is_reported",
	  test_db__busy_database_is_reported },
	{ "test_db__concurrent_writers_lose_nothing",
	  test_db__concurrent_writers_lose_nothing },
	{ "test_db__queries_are_read_only", test_db__queries_are_read_only },
	{ "test_db__export_and_status", test_db__export_and_status },
	{ "test_db__check_finds_broken_references",
	  test_db__check_finds_broken_references },
	CU_TEST_INFO_NULL
};

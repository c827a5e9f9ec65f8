/*
 * PostgreSQL: the tools against a real server (tests/lib/pg.c starts
 * one), side by side with SQLite on the same inputs: the same output,
 * the same exit codes.  And what only a server has: naming it by URL,
 * passwords kept out of .dande.conf, concurrent writers, a server that
 * goes away in the middle of an ingest.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/db.h"
#include "lib/test.h"
#include "integration/suites.h"

/* the schema version as text, and the one after it */
#define STR_(x) #x
#define STR(x) STR_(x)
#define SCHEMA STR(DANDE_DB_SCHEMA_VERSION)

/* Replace every match of `re` in `s` with `with`. */
static void replace_all(struct dande_buf *s, const char *re, const char *with)
{
	struct dande_buf out = DANDE_BUF_INIT;
	regex_t rx;
	regmatch_t m;
	const char *p = s->ptr;

	if (regcomp(&rx, re, REG_EXTENDED) != 0)
		abort();
	while (regexec(&rx, p, 1, &m, p == s->ptr ? 0 : REG_NOTBOL) == 0 &&
	       m.rm_eo > 0) {
		dande_buf_add(&out, p, (size_t)m.rm_so);
		dande_buf_adds(&out, with);
		p += m.rm_eo;
	}
	dande_buf_adds(&out, p);
	regfree(&rx);
	dande_buf_reset(s);
	dande_buf_adds(s, out.ptr);
	dande_buf_release(&out);
}

/* A repository with one commit and a TODO in it. */
static char *make_repo(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *init[] = { "git", "init", "-q", "-b", "main", NULL };
	const char *add[] = { "git", "add", "-A", NULL };
	const char *commit[] = { "git", "-c", "user.name=Ada",
				 "-c", "user.email=ada@example.com", "commit",
				 "-q", "-m", "feat: calc", NULL };

	const char *name[] = { "git", "config", "user.name", "Ada", NULL };
	const char *mail[] = { "git", "config", "user.email",
			       "ada@example.com", NULL };

	dande_test_write(dir, "calc.py", "def add(a, b):\n"
			 "    # TODO: overflow, see #7\n    return a + b\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n"
			 "\n### Added\n\n- add two numbers\n");
	dande_test_write(dir, ".dande.conf", "[hooks]\n\tprePush = true\n");
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, init), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, name), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, mail), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, add), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, commit), 0);
	dande_proc_result_release(&res);
	return dir;
}

/* Run each command of `cmds` (`n` rows of `width` words, NULL-padded)
 * with --db `db` in `dir`: its words, exit code, stdout and stderr into
 * `out`. */
static void run_all(struct dande_buf *out, const char *dir, const char *db,
		    const char *const *cmds, size_t width, size_t n)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *const *row = cmds + i * width;
		const char *args[16] = { "--db", db };
		int code;

		for (k = 0; k < width && k < 13 && row[k]; k++)
			args[k + 2] = row[k];
		args[k + 2] = NULL;
		code = dande_test_tool(&res, dir, NULL, "dande", args);
		dande_buf_addf(out, "$ %s %s\nexit %d\n%s%s", row[0], row[1],
			       code, res.out.ptr, res.err.ptr);
	}
	dande_proc_result_release(&res);
}

/*
 * Every command of a day's work, run against `db`: a transcript of each
 * command's exit code, stdout and stderr, with what differs by nature
 * (the database's name and size, the clock) masked.
 */
static void transcript(struct dande_buf *out, const char *dir, const char *db)
{
	struct dande_buf junit1 = DANDE_BUF_INIT, junit2 = DANDE_BUF_INIT;
	struct dande_buf junit3 = DANDE_BUF_INIT, cov = DANDE_BUF_INIT;
	const char *data = dande_test_data();

	dande_buf_addf(&junit1, "%s/junit/runners/pytest/report-xunit1.xml",
		       data);
	dande_buf_addf(&junit2, "%s/junit/runners/jest/report.xml", data);
	dande_buf_addf(&junit3, "%s/junit/runners/pytest/report-xunit2.xml",
		       data);
	dande_buf_addf(&cov, "%s/coverage/py-project/coverage.xml", data);
	{
		const char *cmds[][8] = {
			{ "db", "init", "--json" },
			{ "junit", "ingest", junit1.ptr, "--json" },
			{ "junit", "ingest", junit2.ptr },
			{ "junit", "ingest", junit3.ptr, "--layer", "unit" },
			{ "junit", "ingest", junit1.ptr, "--format",
			  "markdown" },
			{ "junit", "report", "--json" },
			{ "junit", "report", "--run", "2" },
			{ "junit", "flaky", "--json" },
			{ "junit", "history", "test_sample::test_fail",
			  "--json" },
			{ "junit", "pyramid", "--run", "3", "--json" },
			{ "cov", "gate", cov.ptr, "--min", "50", "--json" },
			{ "cov", "gate", cov.ptr, "--min", "99" },
			{ "cov", "report", "--format", "markdown" },
			{ "cov", "history", "--json" },
			{ "cov", "floor", "set", "40", "--reason",
			  "vendored code" },
			{ "cov", "floor", "show" },
			{ "todos", "scan", "--json" },
			{ "db", "query", "SELECT kind, tests, failed, "
			  "duration_s FROM test_runs ORDER BY id", "--format",
			  "csv" },
			{ "db", "query", "DELETE FROM test_runs" },
			{ "db", "export", "tests", "--format", "csv" },
			{ "db", "export", "errors", "--format", "json" },
			{ "db", "export", "test_pyramid", "--format", "csv" },
			{ "db", "export", "run_properties", "--format",
			  "csv" },
			{ "db", "status", "--json" },
			{ "db", "check" },
			{ "db", "prune", "--keep-runs", "2", "--json" },
			{ "db", "export", "test_runs", "--format", "csv" },
		};

		run_all(out, dir, db, cmds[0], 8, sizeof(cmds) / sizeof(cmds[0]));
	}
	dande_test_replace(out, db, "<db>");
	replace_all(out, "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
		    "[0-9]{2}Z", "<time>");
	replace_all(out, "\"size_bytes\": [0-9]+", "\"size_bytes\": <n>");
	replace_all(out, "age_days\": [0-9]+", "age_days\": <n>");
	dande_buf_release(&junit1);
	dande_buf_release(&junit2);
	dande_buf_release(&junit3);
	dande_buf_release(&cov);
}

/* Line by line, to say where two transcripts part. */
static void assert_same(const char *a, const char *b)
{
	size_t line = 1;
	const char *pa = a, *pb = b;

	while (*pa && *pb) {
		size_t na = strcspn(pa, "\n"), nb = strcspn(pb, "\n");

		if (na != nb || memcmp(pa, pb, na)) {
			struct dande_buf m = DANDE_BUF_INIT;

			dande_buf_addf(&m, "line %zu differs:\nsqlite:     "
				       "%.*s\npostgresql: %.*s", line, (int)na,
				       pa, (int)nb, pb);
			DANDE_FAIL(m.ptr);
			dande_buf_release(&m);
			return;
		}
		pa += na + (pa[na] == '\n');
		pb += nb + (pb[nb] == '\n');
		line++;
	}
	CU_ASSERT(!*pa && !*pb);
}

static void test_pg__every_tool_answers_alike(void)
{
	struct dande_buf url = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf lite = DANDE_BUF_INIT, pg = DANDE_BUF_INIT;
	char *dir;

	if (dande_test_pg(&url) < 0)
		return;
	dir = make_repo();
	dande_buf_addf(&path, "%s/lite.db", dir);
	transcript(&lite, dir, path.ptr);
	transcript(&pg, dir, url.ptr);
	/* the transcript is not empty of facts */
	DANDE_ASSERT_CONTAINS(lite.ptr, "test_sample::test_fail");
	DANDE_ASSERT_CONTAINS(lite.ptr, "\"line_pct\"");
	DANDE_ASSERT_CONTAINS(lite.ptr, "overflow, see #7");
	DANDE_ASSERT_CONTAINS(lite.ptr, "refusing a statement that writes");
	assert_same(lite.ptr, pg.ptr);
	if (getenv("DANDE_TEST_VERBOSE"))
		fputs(pg.ptr, stderr);
	dande_buf_release(&url);
	dande_buf_release(&path);
	dande_buf_release(&lite);
	dande_buf_release(&pg);
	dande_test_rmtree(dir);
}

/* A release on `db` in a repository of its own: the bump (versions, its
 * test in trial_runs), commit ids, clocks and durations masked. */
static void release_transcript(struct dande_buf *out, const char *db)
{
	static const char *const cmds[][4] = {
		{ "bump", "--test", "true" },
		{ "bump", "show" },
		{ "db", "export", "versions" },
		{ "db", "export", "trial_runs" },
	};
	char *dir = make_repo();

	run_all(out, dir, db, cmds[0], 4, sizeof(cmds) / sizeof(cmds[0]));
	dande_test_replace(out, db, "<db>");
	replace_all(out, ",[0-9]+\\.[0-9]+(e-?[0-9]+)?,", ",<s>,");
	replace_all(out, "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
		    "[0-9]{2}Z", "<time>");
	replace_all(out, "[0-9a-f]{7,40}", "<oid>");
	dande_test_rmtree(dir);
}

/* bump records the same on both engines. */
static void test_pg__releases_alike(void)
{
	struct dande_buf url = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf lite = DANDE_BUF_INIT, pg = DANDE_BUF_INIT;
	char *tmp;

	if (dande_test_pg(&url) < 0)
		return;
	tmp = dande_test_tmpdir();
	dande_buf_addf(&path, "%s/r.db", tmp);
	release_transcript(&lite, path.ptr);
	release_transcript(&pg, url.ptr);
	DANDE_ASSERT_CONTAINS(lite.ptr, "1.0.0 \xe2\x86\x92 1.0.1");
	DANDE_ASSERT_CONTAINS(lite.ptr, ",passed,0,<s>,");
	assert_same(lite.ptr, pg.ptr);
	if (getenv("DANDE_TEST_VERBOSE"))
		fputs(pg.ptr, stderr);
	dande_buf_release(&url);
	dande_buf_release(&path);
	dande_buf_release(&lite);
	dande_buf_release(&pg);
	dande_test_rmtree(tmp);
}

static void test_pg__naming_the_database(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, conf = DANDE_BUF_INIT;
	struct dande_buf abs = DANDE_BUF_INIT;
	char *dir = make_repo();
	const char *env_pw[] = { NULL, NULL };
	const char *status[] = { "db", "status", NULL };

	/* an unknown scheme is a usage error, and creates nothing */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", "mysql://h/db",
					 "db", "init", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "unknown database scheme 'mysql'");
	CU_ASSERT_EQUAL(access("mysql:", F_OK), -1);
	/* sqlite: URLs, relative and absolute */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", "sqlite:rel.db",
					 "db", "init", NULL), 0);
	dande_buf_addf(&abs, "%s/rel.db", dir);
	DANDE_ASSERT_CONTAINS(res.out.ptr, abs.ptr);
	dande_buf_reset(&abs);
	dande_buf_addf(&abs, "sqlite://%s/abs.db", dir);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", abs.ptr, "db",
					 "init", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "/abs.db (schema " SCHEMA ")");
	/* a password in .dande.conf is refused, and never printed */
	dande_test_write(dir, ".dande.conf", "[db]\n\tpath = "
			 "postgresql://ci:s3cret@db.example/dande\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", status), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "carries a password");
	CU_ASSERT(strstr(res.err.ptr, "s3cret") == NULL);
	if (dande_test_pg(&url) == 0) {
		/* the URL without a password in .dande.conf works */
		dande_buf_addf(&conf, "[db]\n\tpath = %s\n", url.ptr);
		dande_test_write(dir, ".dande.conf", conf.ptr);
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande",
						status), 4);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "no tracking database at "
				      "'postgresql:/");
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "init",
						 NULL), 0);
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande",
						status), 0);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "schema:   " SCHEMA);
		/* a server that does not answer: exit 4, one line */
		dande_buf_reset(&conf);
		dande_buf_addf(&conf, "DANDE_DB=postgresql:///nowhere?host="
			       "%s/no-such-dir", dir);
		env_pw[0] = conf.ptr;
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env_pw, "dande",
						status), 4);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "cannot connect to the "
				      "database");
		/* a login the server refuses: exit 4, its reason, one line */
		dande_buf_reset(&conf);
		if (strstr(url.ptr, "user="))
			dande_buf_addf(&conf, "DANDE_DB=%.*suser=nobody_here",
				       (int)(strstr(url.ptr, "user=") -
					     url.ptr), url.ptr);
		else	/* DANDE_TEST_PG_SERVER's postgresql://dande@... */
			dande_buf_addf(&conf, "DANDE_DB=postgresql://"
				       "nobody_here@%s", strchr(url.ptr, '@') ?
				       strchr(url.ptr, '@') + 1 : url.ptr);
		env_pw[0] = conf.ptr;
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env_pw, "dande",
						status), 4);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "role \"nobody_here\" does "
				      "not exist");
		CU_ASSERT_PTR_EQUAL(strchr(res.err.ptr, '\n'),
				    res.err.ptr + strlen(res.err.ptr) - 1);
	}
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_buf_release(&conf);
	dande_buf_release(&abs);
	dande_test_rmtree(dir);
}

static void test_pg__newer_schema_is_refused(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	char *dir;

	if (dande_test_pg(&url) < 0)
		return;
	dir = dande_test_tmpdir();
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "init", NULL), 0);
	/* the next version, whatever it is */
	dande_buf_addf(&want, "INSERT INTO schema_migrations (version, name, "
		       "dande_version) VALUES (%d, 'later', '9.9.9')",
		       DANDE_DB_SCHEMA_VERSION + 1);
	CU_ASSERT_EQUAL(dande_test_pg_exec(url.ptr, want.ptr, NULL), 0);
	dande_buf_reset(&want);
	dande_buf_addf(&want, "dande-junit: database '%s' has schema version "
		       "%d, newer than this dande's " SCHEMA ": upgrade dande\n",
		       url.ptr, DANDE_DB_SCHEMA_VERSION + 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "junit",
					 "report", NULL), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, want.ptr);
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_buf_release(&want);
	dande_test_rmtree(dir);
}

/* The results carry no foreign keys on PostgreSQL: db check finds a
 * result without its run or identity. */
static void test_pg__check_finds_orphans(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT;
	char *dir;

	if (dande_test_pg(&url) < 0)
		return;
	dir = dande_test_tmpdir();
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "init", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "check", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_pg_exec(url.ptr, "INSERT INTO test_results "
					   "(run_id, seq, test_id, status) "
					   "VALUES (7, 1, 9, 0)", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "check", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "test_results: 1 row of a run "
			      "that is not there");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "1 row of a test identity");
	DANDE_ASSERT_CONTAINS(res.out.ptr, ": 2 problems");
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_test_rmtree(dir);
}

/* A JUnit report of `n` cases, one in ten failing, into dir/name. */
static void write_report(const char *dir, const char *name, int n, int salt)
{
	struct dande_buf x = DANDE_BUF_INIT;
	int i;

	dande_buf_addf(&x, "<testsuite name=\"s%d\" tests=\"%d\">\n", salt, n);
	for (i = 0; i < n; i++) {
		dande_buf_addf(&x, "<testcase classname=\"pkg.mod%d\" "
			       "name=\"test_%d\" time=\"0.001\"", i % 7, i);
		if (i % 10 == 3)
			dande_buf_addf(&x, "><failure message=\"boom %d\">"
				       "trace</failure></testcase>\n", salt);
		else
			dande_buf_adds(&x, "/>\n");
	}
	dande_buf_adds(&x, "</testsuite>\n");
	dande_test_write(dir, name, x.ptr);
	dande_buf_release(&x);
}

/* 16 processes ingest different reports into one database at once, 8
 * rounds: every exit is 0 or 1 (tests failed), every row is there. */
static void test_pg__sixteen_writers_at_once(void)
{
	struct dande_buf url = DANDE_BUF_INIT, got = DANDE_BUF_INIT;
	struct dande_buf bin = DANDE_BUF_INIT;
	char *dir;
	int round, i, bad = 0;

	if (dande_test_pg(&url) < 0)
		return;
	dir = dande_test_tmpdir();
	for (i = 0; i < 16; i++) {
		char name[PATH_MAX];

		snprintf(name, sizeof(name), "r%d.xml", i);
		write_report(dir, name, 50 + i, i);
	}
	dande_buf_addf(&bin, "%s/dande-junit", dande_test_bin());
	for (round = 0; round < 8; round++) {
		pid_t pids[16];

		for (i = 0; i < 16; i++) {
			char name[PATH_MAX];

			snprintf(name, sizeof(name), "%s/r%d.xml", dir, i);
			if ((pids[i] = fork()) == 0) {
				execl(bin.ptr, "dande-junit", "--db", url.ptr,
				      "-q", "ingest", name, (char *)NULL);
				_exit(127);
			}
		}
		for (i = 0; i < 16; i++) {
			int status = 0;

			waitpid(pids[i], &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
				bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "SELECT count(*) || ' ' "
					   "|| sum(tests) FROM test_runs",
					   &got));
	/* 128 runs of 50..65 cases: 8 * (16 * 50 + 120) */
	CU_ASSERT_STRING_EQUAL(got.ptr, "128 7360");
	dande_buf_reset(&got);
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "SELECT count(*) FROM "
					   "tests", &got));
	CU_ASSERT_STRING_EQUAL(got.ptr, "7360");
	dande_buf_release(&url);
	dande_buf_release(&got);
	dande_buf_release(&bin);
	dande_test_rmtree(dir);
}

/* The server stops in the middle of an ingest: exit 4, one line, and
 * after a restart no part of that run is there. */
static void test_pg__server_gone_mid_ingest(void)
{
	struct dande_buf url = DANDE_BUF_INIT, got = DANDE_BUF_INIT;
	struct dande_buf bin = DANDE_BUF_INIT, report = DANDE_BUF_INIT;
	struct dande_buf err = DANDE_BUF_INIT;
	char *dir, *text;
	pid_t pid;
	int status = 0;

	if (dande_test_pg_external()) {
		dande_test_skip("the server is DANDE_TEST_PG_SERVER's: a test "
				"may not stop it");
		return;
	}
	if (dande_test_pg(&url) < 0)
		return;
	dir = dande_test_tmpdir();
	write_report(dir, "big.xml", 300000, 1);
	dande_buf_addf(&bin, "%s/dande-junit", dande_test_bin());
	dande_buf_addf(&report, "%s/big.xml", dir);
	dande_buf_addf(&err, "%s/err", dir);
	if ((pid = fork()) == 0) {
		FILE *f = freopen(err.ptr, "w", stderr);

		(void)f;
		execl(bin.ptr, "dande-junit", "--db", url.ptr, "-q", "ingest",
		      report.ptr, (char *)NULL);
		_exit(127);
	}
	/* well into the ingest (300,000 cases take seconds) */
	{
		struct timespec ts = { 0, 600 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	dande_test_pg_stop();
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 4);
	text = dande_test_read(err.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	DANDE_ASSERT_CONTAINS(text, "dande-junit: ");
	CU_ASSERT(strchr(text, '\n') == text + strlen(text) - 1);
	free(text);
	CU_ASSERT_EQUAL_FATAL(dande_test_pg_restart(), 0);
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "SELECT (SELECT count(*) "
					   "FROM test_runs) + (SELECT count(*) "
					   "FROM test_results) + (SELECT "
					   "count(*) FROM test_cases)", &got));
	CU_ASSERT_STRING_EQUAL(got.ptr, "0");
	dande_buf_release(&url);
	dande_buf_release(&got);
	dande_buf_release(&bin);
	dande_buf_release(&report);
	dande_buf_release(&err);
	dande_test_rmtree(dir);
}

/* What a database holds, as its reports say it (run ids, outcomes,
 * failures, flakiness, coverage), masked as a transcript is. */
static void facts(struct dande_buf *out, const char *dir, const char *db)
{
	static const char *const cmds[][5] = {
		{ "junit", "report", "--json" },
		{ "junit", "report", "--run", "1", "--json" },
		{ "junit", "flaky", "--json" },
		{ "junit", "history", "test_sample::test_fail", "--json" },
		{ "cov", "history", "--json" },
		{ "db", "query", "SELECT count(*) FROM tests" },
		{ "db", "export", "errors" },
	};
	run_all(out, dir, db, cmds[0], 5, sizeof(cmds) / sizeof(cmds[0]));
}

/* dande db migrate --to `to` (-1: up), its exit code. */
static int migrate(const char *dir, const char *db, int to)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char n[16];
	int code;

	snprintf(n, sizeof(n), "%d", to);
	code = to < 0 ? dande_test_dande(&res, dir, "--db", db, "-q", "db",
					 "migrate", NULL) :
		dande_test_dande(&res, dir, "--db", db, "-q", "db", "migrate",
				 "--to", n, NULL);
	if (code)
		DANDE_FAIL(res.err.ptr);
	dande_proc_result_release(&res);
	return code;
}

/*
 * Every schema step down and up again on a database holding data, on
 * both engines: nothing is lost on the way up (the reports are the same
 * as before); history says each step; SQLite's file is copied before it
 * goes up; PostgreSQL's own steps start at 3 and go back to empty.
 */
static void test_pg__migrations_both_ways(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf before = DANDE_BUF_INIT, after = DANDE_BUF_INIT;
	struct dande_buf r1 = DANDE_BUF_INIT, r2 = DANDE_BUF_INIT;
	struct dande_buf cov = DANDE_BUF_INIT, bak = DANDE_BUF_INIT;
	const char *data = dande_test_data();
	const char *dbs[2];
	char *dir = make_repo();
	int e, to;

	dande_buf_addf(&r1, "%s/junit/runners/pytest/report-xunit1.xml", data);
	dande_buf_addf(&r2, "%s/junit/runners/jest/report.xml", data);
	dande_buf_addf(&cov, "%s/coverage/py-project/coverage.xml", data);
	dande_buf_addf(&path, "%s/m.db", dir);
	dbs[0] = path.ptr;
	dbs[1] = dande_test_pg(&url) == 0 ? url.ptr : NULL;
	for (e = 0; e < 2 && dbs[e]; e++) {
		const char *db = dbs[e];
		static const int downs[2][6] = { { 6, 5, 4, 3, 2, 1 },
						 { 6, 5, 4, 3, -1, -1 } };
		int k;

		dande_test_dande(&res, dir, "--db", db, "junit", "ingest",
				 r1.ptr, NULL);
		dande_test_dande(&res, dir, "--db", db, "junit", "ingest",
				 r2.ptr, NULL);
		dande_test_dande(&res, dir, "--db", db, "junit", "ingest",
				 r1.ptr, NULL);
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", db, "cov",
						 "ingest", cov.ptr, NULL), 0);
		dande_buf_reset(&before);
		facts(&before, dir, db);
		DANDE_ASSERT_CONTAINS(before.ptr, "test_sample::test_fail");
		for (k = 0; k < 6 && (to = downs[e][k]) >= 0; k++) {
			CU_ASSERT_EQUAL(migrate(dir, db, to), 0);
			CU_ASSERT_EQUAL(migrate(dir, db, -1), 0);
			dande_buf_reset(&after);
			facts(&after, dir, db);
			if (strcmp(after.ptr, before.ptr))
				fprintf(stderr, "\n%s down to %d and up:\n%s\n"
					"before:\n%s", db, to, after.ptr,
					before.ptr);
			CU_ASSERT_STRING_EQUAL(after.ptr, before.ptr);
		}
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", db, "db",
						 "history", "--format", "csv",
						 NULL), 0);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "7,\"results by test, "
				      "outputs once\",");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "6,bump messages,");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "5,\"patch coverage, "
				      "tests.completed_at\",");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "4,schema migrations,");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "3,compact test history,");
		/* a version the engine has no step for */
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", db, "db",
						 "migrate", "--to", "99", NULL),
				2);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "no schema version 99");
		/* all the way down: empty, and up again */
		CU_ASSERT_EQUAL(migrate(dir, db, 0), 0);
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", db, "junit",
						 "report", NULL), 4);
		CU_ASSERT_EQUAL(migrate(dir, db, -1), 0);
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", db, "db",
						 "status", NULL), 0);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "schema:   " SCHEMA);
	}
	/* SQLite: the copy taken before each step up, and one on demand */
	dande_buf_addf(&bak, "%s.bak-1", path.ptr);
	CU_ASSERT(access(bak.ptr, F_OK) == 0);
	dande_buf_reset(&bak);
	dande_buf_addf(&bak, "%s/copy.db", dir);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", path.ptr, "db",
					 "backup", "-o", bak.ptr, NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", bak.ptr, "db",
					 "check", NULL), 0);
	if (dbs[1]) {
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr,
						 "db", "backup", "-o", bak.ptr,
						 NULL), 2);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "pg_dump");
		/* PostgreSQL's steps start at 3 */
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr,
						 "db", "migrate", "--to", "2",
						 NULL), 2);
	}
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_buf_release(&path);
	dande_buf_release(&before);
	dande_buf_release(&after);
	dande_buf_release(&r1);
	dande_buf_release(&r2);
	dande_buf_release(&cov);
	dande_buf_release(&bak);
	dande_test_rmtree(dir);
}

/* Every table of `db` exported as CSV, one after the other. */
static void export_all(struct dande_buf *out, const char *dir, const char *db)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *const *t;

	for (t = dande_db_tables(); *t; t++) {
		int code = dande_test_dande(&res, dir, "--db", db, "db",
					    "export", *t, NULL);

		dande_buf_addf(out, "== %s (exit %d)\n%s%s", *t, code,
			       res.out.ptr, res.err.ptr);
	}
	dande_proc_result_release(&res);
}

/* runs, runs with results, results without their identity */
#define RUN_COUNTS "SELECT (SELECT count(*) FROM test_runs) || ' ' || " \
	"(SELECT count(DISTINCT run_id) FROM tests) || ' ' || " \
	"(SELECT count(*) FROM test_results r LEFT JOIN test_cases c ON " \
	"c.id = r.test_id WHERE c.id IS NULL)"

/* SQLite -> PostgreSQL -> SQLite: every table exports the same, ids and
 * all; a target that holds rows takes them only with --append. */
static void test_pg__copy_round_trip(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, a = DANDE_BUF_INIT;
	struct dande_buf b = DANDE_BUF_INIT, ea = DANDE_BUF_INIT;
	struct dande_buf eb = DANDE_BUF_INIT, ep = DANDE_BUF_INIT;
	struct dande_buf scratch = DANDE_BUF_INIT;
	char *dir;

	if (dande_test_pg(&url) < 0)
		return;
	dir = make_repo();
	dande_buf_addf(&a, "%s/a.db", dir);
	dande_buf_addf(&b, "%s/b.db", dir);
	transcript(&scratch, dir, a.ptr);
	/* a run with results after the transcript's prune */
	dande_buf_reset(&scratch);
	dande_buf_addf(&scratch, "%s/junit/runners/jest/report.xml",
		       dande_test_data());
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", a.ptr, "junit",
					 "ingest", scratch.ptr, NULL), 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", a.ptr, "db",
					 "copy", "--to", url.ptr, NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "copied ");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "copy", "--to", b.ptr, "--json",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"test_runs\": {");
	export_all(&ea, dir, a.ptr);
	export_all(&ep, dir, url.ptr);
	export_all(&eb, dir, b.ptr);
	DANDE_ASSERT_CONTAINS(ea.ptr, "test_sample");
	assert_same(ea.ptr, ep.ptr);
	assert_same(ea.ptr, eb.ptr);
	/* a second copy into the same database: only with --append */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", a.ptr, "db",
					 "copy", "--to", url.ptr, NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "--append");
	dande_buf_reset(&scratch);
	CU_ASSERT_EQUAL(dande_test_pg_exec(url.ptr, RUN_COUNTS, &scratch), 0);
	DANDE_ASSERT_CONTAINS(scratch.ptr, " 0");
	{
		long runs = 0, with = 0, orphans = -1;
		char want[64];

		sscanf(scratch.ptr, "%ld %ld %ld", &runs, &with, &orphans);
		CU_ASSERT(runs > 0 && with > 0 && orphans == 0);
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", a.ptr, "db",
						 "copy", "--to", url.ptr,
						 "--append", NULL), 0);
		dande_buf_reset(&scratch);
		CU_ASSERT_EQUAL(dande_test_pg_exec(url.ptr, RUN_COUNTS,
						   &scratch), 0);
		/* twice the runs, every result still with its identity */
		snprintf(want, sizeof(want), "%ld %ld 0", 2 * runs, 2 * with);
		CU_ASSERT_STRING_EQUAL(scratch.ptr, want);
	}
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_buf_release(&a);
	dande_buf_release(&b);
	dande_buf_release(&ea);
	dande_buf_release(&eb);
	dande_buf_release(&ep);
	dande_buf_release(&scratch);
	dande_test_rmtree(dir);
}

/* The server aborts a transaction to resolve a conflict (a trigger
 * raises the server's own serialization failure, then a deadlock): the
 * transaction runs again and succeeds; one that keeps failing stops
 * after DANDE_DB_ATTEMPTS, exit 4, the server's message in one line,
 * nothing written.  The same for a one-statement write (cov floor set). */
static void test_pg__conflicts_are_retried(void)
{
	static const char trap[] =
		"CREATE SEQUENCE trap_n; CREATE TABLE trap_limit (n bigint); "
		"INSERT INTO trap_limit VALUES (2); "
		"CREATE FUNCTION trap() RETURNS trigger AS $$ DECLARE k bigint; "
		"BEGIN k := nextval('trap_n'); "
		"IF k <= (SELECT n FROM trap_limit) THEN IF k % 2 = 1 THEN "
		"RAISE EXCEPTION 'could not serialize access' USING ERRCODE = "
		"'serialization_failure'; ELSE RAISE EXCEPTION 'deadlock "
		"detected' USING ERRCODE = 'deadlock_detected'; END IF; "
		"END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
		"CREATE TRIGGER trap BEFORE INSERT ON test_runs FOR EACH ROW "
		"EXECUTE FUNCTION trap(); "
		"CREATE TRIGGER trap BEFORE INSERT ON coverage_floors FOR EACH "
		"ROW EXECUTE FUNCTION trap()";
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, got = DANDE_BUF_INIT;
	char *dir;

	if (dande_test_pg(&url) < 0)
		return;
	dir = dande_test_tmpdir();
	write_report(dir, "r.xml", 40, 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "db",
					 "init", NULL), 0);
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, trap, NULL));
	/* two aborts, the third attempt goes through */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "junit",
					 "-q", "ingest", "r.xml", "--fail-on",
					 "none", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "");
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "SELECT count(*) || ' ' "
					   "|| sum(tests) || ' ' || (SELECT "
					   "count(*) FROM tests) FROM "
					   "test_runs", &got));
	CU_ASSERT_STRING_EQUAL(got.ptr, "1 40 40");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "cov",
					 "floor", "set", "80", "--reason",
					 "parser next", NULL), 0);
	/* always aborted: five attempts, then exit 4 and nothing more */
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "UPDATE trap_limit SET "
					   "n = 1000000", NULL));
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "junit",
					 "-q", "ingest", "r.xml", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "gave up after 5 attempts");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "the server aborted the "
			      "transaction");
	CU_ASSERT(strchr(res.err.ptr, '\n') == res.err.ptr +
		  strlen(res.err.ptr) - 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "--db", url.ptr, "cov",
					 "floor", "set", "70", "--reason",
					 "again", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "gave up after 5 attempts");
	dande_buf_reset(&got);
	DANDE_ASSERT_OK(dande_test_pg_exec(url.ptr, "SELECT (SELECT count(*) "
					   "FROM test_runs) || ' ' || (SELECT "
					   "count(*) FROM tests) || ' ' "
					   "|| (SELECT count(*) FROM "
					   "coverage_floors) || ' ' || "
					   "nextval('trap_n')", &got));
	/* 3 + 1 inserts tried before, then 5 + 5 aborted attempts */
	CU_ASSERT_STRING_EQUAL(got.ptr, "1 40 1 15");
	dande_proc_result_release(&res);
	dande_buf_release(&url);
	dande_buf_release(&got);
	dande_test_rmtree(dir);
}

CU_TestInfo test_pg_tests[] = {
	{ "test_pg__copy_round_trip", test_pg__copy_round_trip },
	{ "test_pg__migrations_both_ways", test_pg__migrations_both_ways },
	{ "test_pg__every_tool_answers_alike",
	  test_pg__every_tool_answers_alike },
	{ "test_pg__naming_the_database", test_pg__naming_the_database },
	{ "test_pg__releases_alike",
	  test_pg__releases_alike },
	{ "test_pg__newer_schema_is_refused",
	  test_pg__newer_schema_is_refused },
	{ "test_pg__check_finds_orphans", test_pg__check_finds_orphans },
	{ "test_pg__sixteen_writers_at_once",
	  test_pg__sixteen_writers_at_once },
	{ "test_pg__server_gone_mid_ingest",
	  test_pg__server_gone_mid_ingest },
	{ "test_pg__conflicts_are_retried", test_pg__conflicts_are_retried },
	CU_TEST_INFO_NULL
};

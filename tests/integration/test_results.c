/*
 * Integration tests of lib/results/results.c: JUnit ingest into a real SQLite
 * file and the questions asked of it across runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/provenance.h"
#include "dande/results.h"
#include "results/results_int.h"
#include "report/report_int.h"
#include "lib/test.h"
#include "integration/suites.h"

static char *dir;
static struct dande_db *db;

int test_results_setup(void);
int test_results_teardown(void);

static int setup(void)
{
	dir = dande_test_tmpdir();
	return 0;
}

/* The suite's one database, opened by its first test: a file, or on the
 * PostgreSQL pass the database the runner made for that test (the tests
 * go on from each other's runs).  -1: the test is to return. */
static int need_db(void)
{
	struct dande_buf p = DANDE_BUF_INIT;
	int r;

	if (db)
		return 0;
	if (dande_test__engine_db)
		dande_buf_adds(&p, dande_test__engine_db);
	else
		dande_buf_addf(&p, "%s/DandE.db", dir);
	r = dande_db_open(&db, p.ptr, 0, 0);
	DANDE_ASSERT_OK(r);
	dande_buf_release(&p);
	return r < 0 ? -1 : 0;
}

static int teardown(void)
{
	dande_db_close(db);
	db = NULL;
	dande_test_rmtree(dir);
	return 0;
}

/* A report with cases "name:status" (pass, fail, error, skip). */
static char *report(const char *file, const char *classname,
		    const char *const *cases)
{
	struct dande_buf x = DANDE_BUF_INIT, p = DANDE_BUF_INIT;

	dande_buf_adds(&x, "<testsuites><testsuite name=\"s\"><properties>"
		       "<property name=\"host\" value=\"ci-1\"/></properties>");
	for (; *cases; cases++) {
		const char *colon = strchr(*cases, ':');

		dande_buf_addf(&x, "<testcase classname=\"%s\" name=\"%.*s\" "
			       "time=\"0.25\">", classname,
			       (int)(colon - *cases), *cases);
		if (!strcmp(colon + 1, "fail"))
			dande_buf_adds(&x, "<failure message=\"expected 2, "
				       "got 3 at 0x7ffd1234\"/>");
		else if (!strcmp(colon + 1, "error"))
			dande_buf_adds(&x, "<error message=\"boom\"/>");
		else if (!strcmp(colon + 1, "skip"))
			dande_buf_adds(&x, "<skipped/>");
		dande_buf_adds(&x, "</testcase>");
	}
	dande_buf_adds(&x, "</testsuite></testsuites>\n");
	dande_test_write(dir, file, x.ptr);
	dande_buf_addf(&p, "%s/%s", dir, file);
	dande_buf_release(&x);
	return dande_buf_detach(&p, NULL);
}

static struct dande_strvec rules = DANDE_STRVEC_INIT;

static int64_t ingest(const char *commit, char **files, size_t n)
{
	struct dande_results_opts o;
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.wall_s = -1;
	prov.commit = (char *)commit;
	prov.branch = (char *)"main";
	o.prov = &prov;
	o.min_unit_share = 0.5;
	o.max_e2e_share = 0.2;
	o.layer_rules = &rules;
	DANDE_ASSERT_OK(dande_results_ingest(db, (const char *const *)files,
					     n, &o, &id));
	return id;
}

/* Rows of "runs" or "errors", as dande_db_status() counts them, or
 * "tests" (one per case per run: rows and block entries). */
static int64_t count(const char *what)
{
	const char *table = !strcmp(what, "runs") ? "test_runs" : what;
	struct dande_db_status st;
	int64_t v = -1;
	size_t i;

	if (!strcmp(what, "tests")) {
		DANDE_ASSERT_OK(dande_db_select(db, "SELECT COUNT(*) FROM "
						"tests", NULL, 0,
						dande_db_first_int, &v));
		return v;
	}
	if (dande_db_status(db, &st) == 0) {
		for (i = 0; i < st.ncounts; i++)
			if (!strcmp(st.counts[i].table, table))
				v = st.counts[i].rows;
		dande_db_status_release(&st);
	}
	return v;
}

static int has(const struct dande_results_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].identity, id))
			return 1;
	return 0;
}

static void test_results__one_run_from_several_files(void)
{
	const char *a[] = { "one:pass", "two:fail", "three:skip", NULL };
	const char *b[] = { "four:error", "five:pass", NULL };
	char *files[2];
	struct dande_results_report r;
	int64_t id;

	if (need_db() < 0)
		return;
	files[0] = report("r1/a.xml", "unit.calc", a);
	files[1] = report("r1/b.xml", "integration.db", b);
	dande_strvec_push(&rules, "unit\tunit.*");
	dande_strvec_push(&rules, "integration\tintegration.*");
	id = ingest("1111111111111111111111111111111111111111", files, 2);
	CU_ASSERT(id > 0);
	DANDE_ASSERT_OK_FATAL(dande_results_report(db, id, 0, &r));
	CU_ASSERT_EQUAL(r.tests, 5);
	CU_ASSERT_EQUAL(r.passed, 2);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.skipped, 1);
	CU_ASSERT_DOUBLE_EQUAL(r.duration_s, 1.25, 1e-9);
	CU_ASSERT_EQUAL(r.prev_run_id, 0);
	CU_ASSERT_EQUAL(r.failures.nr, 2);
	CU_ASSERT(has(&r.new_failures, "unit.calc::two"));
	CU_ASSERT(has(&r.new_failures, "integration.db::four"));
	CU_ASSERT_EQUAL(r.layers[0].tests, 3);
	CU_ASSERT_EQUAL(r.layers[1].tests, 2);
	CU_ASSERT_DOUBLE_EQUAL(r.unit_share, 0.6, 1e-9);
	CU_ASSERT_EQUAL(r.healthy, 1);
	CU_ASSERT_EQUAL(count("errors"), 2);
	dande_results_report_release(&r);
	free(files[0]);
	free(files[1]);
}

static void test_results__failing_then_fixed(void)
{
	const char *fail[] = { "stable:pass", "wobbly:fail", "gone:pass", NULL };
	const char *pass[] = { "stable:pass", "wobbly:pass", "new:fail", NULL };
	char *f1 = report("r2/a.xml", "unit.fix", fail);
	char *f2 = report("r3/a.xml", "unit.fix", pass);
	struct dande_results_report r;
	struct dande_buf md = DANDE_BUF_INIT, js = DANDE_BUF_INIT;
	int64_t first, second, third;

	if (need_db() < 0)
		return;
	first = ingest("2222222222222222222222222222222222222222", &f1, 1);
	second = ingest("3333333333333333333333333333333333333333", &f2, 1);
	DANDE_ASSERT_OK_FATAL(dande_results_report(db, second, 0, &r));
	CU_ASSERT_EQUAL(r.prev_run_id, first);
	CU_ASSERT_EQUAL(r.fixed.nr, 1);
	CU_ASSERT(has(&r.fixed, "unit.fix::wobbly"));
	CU_ASSERT_EQUAL(r.new_failures.nr, 1);
	CU_ASSERT(has(&r.new_failures, "unit.fix::new"));
	CU_ASSERT(has(&r.disappeared, "unit.fix::gone"));
	dande_results_format(&md, &r, DANDE_RESULTS_MARKDOWN, 0);
	DANDE_ASSERT_CONTAINS(md.ptr, "| failed (new) | `unit.fix::new`");
	DANDE_ASSERT_CONTAINS(md.ptr, "Fixed since run #");
	dande_results_format(&js, &r, DANDE_RESULTS_JSON, 0);
	DANDE_ASSERT_CONTAINS(js.ptr, "\"fixed\": [\n    \"unit.fix::wobbly\"\n  ]");
	DANDE_ASSERT_CONTAINS(js.ptr, "\"new_failures\": [\n    \"unit.fix::new\"");
	dande_results_report_release(&r);

	/* the wobbly failure is resolved; failing again reopens it */
	third = ingest("4444444444444444444444444444444444444444", &f1, 1);
	CU_ASSERT(third > second);
	DANDE_ASSERT_OK_FATAL(dande_results_report(db, third, 0, &r));
	CU_ASSERT(has(&r.new_failures, "unit.fix::wobbly"));
	CU_ASSERT(has(&r.fixed, "unit.fix::new") == 0);
	dande_results_report_release(&r);
	dande_buf_release(&md);
	dande_buf_release(&js);
	free(f1);
	free(f2);
}

static int grab_int(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	(void)ncols;
	(void)names;
	if (v)
		*(int64_t *)payload = v[0].type == DANDE_DB_INTEGER ? v[0].i :
			-1;
	return 0;
}

static void test_results__errors_are_fingerprinted_and_resolved(void)
{
	static const char occ[] = "SELECT occurrences FROM errors WHERE "
		"name = 'wobbly'";
	static const char open_[] = "SELECT resolved_at IS NULL FROM errors "
		"WHERE name = 'wobbly'";
	int64_t v = 0;

	if (need_db() < 0)
		return;
	DANDE_ASSERT_OK(dande_db_select(db, occ, NULL, 0, grab_int, &v));
	CU_ASSERT_EQUAL(v, 2);
	DANDE_ASSERT_OK(dande_db_select(db, open_, NULL, 0, grab_int, &v));
	CU_ASSERT_EQUAL(v, 1);
}

static void test_results__bad_file_in_a_batch_writes_nothing(void)
{
	const char *ok[] = { "fine:pass", NULL };
	char *files[2];
	struct dande_results_opts o;
	int64_t runs = count("runs"), tests = count("tests"), id = 0;

	if (need_db() < 0)
		return;
	files[0] = report("r4/ok.xml", "unit.batch", ok);
	dande_test_write(dir, "r4/bad.xml", "<testsuites><testsuite name=\"s\">"
			 "<testcase name=\"x\">\n</testsuites>\n");
	{
		struct dande_buf b = DANDE_BUF_INIT;

		dande_buf_addf(&b, "%s/r4/bad.xml", dir);
		files[1] = dande_buf_detach(&b, NULL);
	}
	memset(&o, 0, sizeof(o));
	o.wall_s = -1;
	DANDE_ASSERT_ERR(dande_results_ingest(db, (const char *const *)files,
					      2, &o, &id), DANDE_EINVALID,
			 "bad.xml:2:");
	CU_ASSERT_EQUAL(count("runs"), runs);
	CU_ASSERT_EQUAL(count("tests"), tests);
	free(files[0]);
	free(files[1]);
}

static void test_results__flaky_and_history(void)
{
	const char *p[] = { "coin:pass", NULL };
	const char *f[] = { "coin:fail", NULL };
	char *fp = report("r5/p.xml", "unit.flaky", p);
	char *ff = report("r5/f.xml", "unit.flaky", f);
	const char *same = "5555555555555555555555555555555555555555";
	struct dande_buf out = DANDE_BUF_INIT;
	size_t n = 0;

	if (need_db() < 0)
		return;
	ingest(same, &fp, 1);
	ingest(same, &ff, 1);
	DANDE_ASSERT_OK(dande_results_flaky(db, 50, &out, 0, &n));
	CU_ASSERT_EQUAL(n, 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "unit.flaky::coin");
	DANDE_ASSERT_CONTAINS(out.ptr, "555555555555");
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_results_flaky(db, 50, &out, 1, &n));
	DANDE_ASSERT_CONTAINS(out.ptr, "\"flips\": 1");
	/* a window that excludes the first run sees no flip */
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_results_flaky(db, 1, &out, 0, &n));
	CU_ASSERT_EQUAL(n, 0);
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_results_history(db, "unit.flaky::coin", &out, 0,
					      &n));
	CU_ASSERT_EQUAL(n, 2);
	DANDE_ASSERT_CONTAINS(out.ptr, "passed");
	DANDE_ASSERT_CONTAINS(out.ptr, "failed");
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_results_history(db, "coin", &out, 1, &n));
	CU_ASSERT_EQUAL(n, 2);
	dande_buf_release(&out);
	free(fp);
	free(ff);
}

static void test_results__unhealthy_pyramid(void)
{
	const char *cases[] = { "a:pass", "b:pass", "c:pass", NULL };
	char *f = report("r6/e.xml", "e2e.browser", cases);
	struct dande_results_report r;
	struct dande_buf out = DANDE_BUF_INIT;
	int64_t id;

	if (need_db() < 0)
		return;
	dande_strvec_push(&rules, "e2e\te2e.*");
	id = ingest(NULL, &f, 1);
	DANDE_ASSERT_OK_FATAL(dande_results_report(db, id, 0, &r));
	CU_ASSERT_EQUAL(r.layers[2].tests, 3);
	CU_ASSERT_EQUAL(r.healthy, 0);
	dande_results_format_pyramid(&out, &r, 0);
	DANDE_ASSERT_CONTAINS(out.ptr, "shape: UNHEALTHY (unit 0.0%");
	dande_buf_reset(&out);
	dande_results_format_pyramid(&out, &r, 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "\"healthy\": false");
	dande_results_report_release(&r);
	DANDE_ASSERT_ERR(dande_results_report(db, 9999, 0, &r), DANDE_EUSAGE,
			 "no test run #9999");
	dande_buf_release(&out);
	free(f);
	dande_strvec_release(&rules);
}

static void test_results__fingerprints_and_layers(void)
{
	char a[17], b[17], c[17], d[17];
	struct dande_strvec lr = DANDE_STRVEC_INIT;

	dande_results_fingerprint(a, "s", "c", "n", "failure", "T",
				  "expected 2 got 3 at 0x7ffd00 in "
				  "/tmp/build-1/x.c line 12");
	dande_results_fingerprint(b, "s", "c", "n", "failure", "T",
				  "expected 5 got 9 at 0xdeadbeef in "
				  "/home/ci/build-77/x.c line 40");
	dande_results_fingerprint(c, "s", "c", "n", "failure", "T",
				  "timeout after N s");
	dande_results_fingerprint(d, "s", "c", "other", "failure", "T",
				  "expected 2 got 3 at 0x7ffd00 in "
				  "/tmp/build-1/x.c line 12");
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT_STRING_NOT_EQUAL(a, c);
	CU_ASSERT_STRING_NOT_EQUAL(a, d);
	CU_ASSERT_EQUAL(strlen(a), 16);
	dande_strvec_push(&lr, "unit\ttests/unit/**");
	dande_strvec_push(&lr, "e2e\t*E2E*");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(&lr, "tests/unit/a/b.py",
						   NULL, NULL), "unit");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(&lr, NULL, "LoginE2ETest",
						   NULL), "e2e");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(&lr, "src/x.py", "X",
						   "S"), "unknown");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(NULL, "x", NULL, NULL),
			       "unknown");
	dande_strvec_release(&lr);
}

static int64_t query_int(const char *sql)
{
	int64_t v = -1;

	DANDE_ASSERT_OK(dande_db_select(db, sql, NULL, 0, dande_db_first_int,
					&v));
	return v;
}

/*
 * A test that fails or is skipped the same way run after run has its
 * output (message, body, output) kept once, each run referring to it; a
 * new message is a new output; `tests` reads every run's as before; a
 * prune takes the outputs only the runs it removed referred to.
 */
static void test_results__outputs_kept_once(void)
{
#define OUT_CASES(msg) "<testsuite name=\"s\"><testcase classname=" \
	"\"unit.out\" name=\"o_fail\"><failure message=\"" msg "\">trace " \
	"of " msg "</failure><system-out>log</system-out></testcase>" \
	"<testcase classname=\"unit.out\" name=\"o_skip\"><skipped " \
	"message=\"not here\"/></testcase><testcase classname=\"unit.out\" " \
	"name=\"o_pass\"/></testsuite>"
	struct dande_buf p1 = DANDE_BUF_INIT, p2 = DANDE_BUF_INIT;
	int64_t outputs, messages, removed = 0, left = 0;
	char *f1, *f2;

	if (need_db() < 0)
		return;
	dande_test_write(dir, "out1.xml", OUT_CASES("expected 2"));
	dande_test_write(dir, "out2.xml", OUT_CASES("expected 3"));
	dande_buf_addf(&p1, "%s/out1.xml", dir);
	dande_buf_addf(&p2, "%s/out2.xml", dir);
	f1 = p1.ptr;
	f2 = p2.ptr;
	outputs = query_int("SELECT COUNT(*) FROM test_outputs");
	messages = query_int("SELECT COUNT(*) FROM test_messages");
	ingest("5555555555555555555555555555555555555555", &f1, 1);
	ingest("6666666666666666666666666666666666666666", &f1, 1);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_outputs"),
			outputs + 2);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_messages"),
			messages + 4);
	ingest("7777777777777777777777777777777777777777", &f2, 1);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_outputs"),
			outputs + 3);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_messages"),
			messages + 6);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM tests WHERE name = "
				  "'o_fail' AND failure_message LIKE "
				  "'expected 2_trace of expected 2' AND "
				  "failure_type IS NULL AND stdout = 'log'"),
			2);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM tests WHERE name = "
				  "'o_skip' AND failure_message LIKE 'not "
				  "here%'"), 3);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM tests WHERE name = "
				  "'o_pass' AND failure_message IS NULL"), 3);
	/* the last run stays: its outputs stay, the older message goes */
	DANDE_ASSERT_OK(dande_db_prune(db, 1, 0, 0, &removed, &left));
	CU_ASSERT(removed >= 2);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_outputs WHERE "
				  "failure_message LIKE 'expected 2%'"), 0);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_outputs WHERE "
				  "failure_message LIKE 'expected 3%' OR "
				  "failure_message LIKE 'not here%'"), 2);
	CU_ASSERT_EQUAL(query_int("SELECT COUNT(*) FROM test_outputs WHERE "
				  "id NOT IN (SELECT output_id FROM "
				  "test_messages)"), 0);
	dande_buf_release(&p1);
	dande_buf_release(&p2);
#undef OUT_CASES
}

/*
 * No statement that reads the history scans test_results, the table as
 * large as the history (a million rows at 200 runs of 5,000 tests): each
 * goes through its key or an index (a scan of test_runs, a row a run, is
 * fine: a test's history probes each run), checked with EXPLAIN QUERY PLAN on a database
 * as SQLite plans it without statistics, nor reads a run's rows again
 * for each row of an outer query (the plan that took the ingest of 100k
 * cases from 1 s to 60 s while the schema was being written).
 */
static void no_duration(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(ctx);
}

static void test_results__no_query_scans_the_history(void)
{
	const struct dande_results__statement *const lists[] = {
		dande_results__statements, dande_report__statements, NULL
	};
	const struct dande_results__statement *q;
	size_t l;
	struct dande_buf p = DANDE_BUF_INIT, sql = DANDE_BUF_INIT;
	struct dande_buf subs = DANDE_BUF_INIT, loops = DANDE_BUF_INIT;
	sqlite3 *h = NULL;

	if (need_db() < 0)
		return;
	dande_buf_addf(&p, "%s/DandE.db", dir);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open_v2(p.ptr, &h, SQLITE_OPEN_READONLY,
					      NULL), SQLITE_OK);
	/* the library's functions, for the planner (nothing runs) */
	CU_ASSERT_EQUAL_FATAL(sqlite3_create_function(h, "dande_duration_us",
						      2, SQLITE_UTF8, NULL,
						      no_duration, NULL, NULL),
			      SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_create_function(h, "dande_letter",
						      2, SQLITE_UTF8, NULL,
						      no_duration, NULL, NULL),
			      SQLITE_OK);
	for (l = 0; lists[l]; l++)
	for (q = lists[l]; q->name; q++) {
		sqlite3_stmt *st = NULL;
		int plans = 0, correlated;
		/* the plan's nodes under a correlated subquery, by id */
		unsigned char under[1024] = { 0 };

		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "EXPLAIN QUERY PLAN %s", q->sql);
		CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(h, sql.ptr, -1, &st,
							 NULL), SQLITE_OK);
		/* the subqueries' names: scanning one is scanning its
		 * (few) rows */
		dande_buf_reset(&subs);
		dande_buf_reset(&loops);
		dande_buf_adds(&loops, " ");
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st,
									  3);
			char msg[512], name[64];

			plans++;
			snprintf(msg, sizeof(msg), "%s: %s", q->name, d);
			if (sscanf(d, "CO-ROUTINE %63s", name) == 1 ||
			    sscanf(d, "MATERIALIZE %63s", name) == 1)
				dande_buf_addf(&subs, " %s ", name);
			{
				int id = sqlite3_column_int(st, 0);
				int parent = sqlite3_column_int(st, 1);

				correlated = (parent >= 0 && parent < 1024 &&
					      under[parent]) ||
					!strncmp(d, "CORRELATED", 10);
				if (id >= 0 && id < 1024)
					under[id] = (unsigned char)correlated;
			}
			/* a run's rows once per outer row is a scan too:
			 * in a correlated subquery, or as an inner loop
			 * of a join (a loop of the same parent before it) */
			if (!strncmp(d, "SCAN ", 5) ||
			    !strncmp(d, "SEARCH ", 7)) {
				char key[32];

				snprintf(key, sizeof(key), " %d ",
					 sqlite3_column_int(st, 1));
				if ((strstr(d, "PRIMARY KEY (run_id=?)") ||
				     strstr(d, "test_blocks_1 (run_id=?)")) &&
				    (correlated || strstr(loops.ptr, key)))
					DANDE_FAIL(msg);
				dande_buf_adds(&loops, key);
			}
			if (sscanf(d, "SCAN %63s", name) == 1) {
				char key[80];

				snprintf(key, sizeof(key), " %s ", name);
				if (!strcmp(name, "test_results") ||
				    !strcmp(name, "test_blocks") ||
				    (strlen(name) == 1 && !strstr(subs.ptr,
								  key)))
					DANDE_FAIL(msg);
				else
					CU_PASS(msg);
			}
		}
		CU_ASSERT(plans > 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	dande_buf_release(&loops);
	dande_buf_release(&subs);
	dande_buf_release(&sql);
	dande_buf_release(&p);
}

static int64_t first_int(struct dande_db *d, const char *sql)
{
	int64_t n = -1;

	DANDE_ASSERT_OK(dande_db_select(d, sql, NULL, 0, dande_db_first_int,
					&n));
	return n;
}

static void add_case(struct dande_buf *x, int n, int line)
{
	dande_buf_addf(x, "<testcase classname=\"unit.first\" name=\"t%d\" "
		       "file=\"t.py\" line=\"%d\" time=\"0.5\"/>", n, line);
}

/*
 * A first ingest (an empty database: on SQLite the name index waits for
 * the end, and the identities it adds are found in memory) finds its own
 * repeats: a case named twice is one test whether its first row is
 * still in the pending batch or written, a case differing only in its
 * line is another; and after dande_results__fresh_max identities (made
 * 120 here) the index is made and the rest are found through it.  A
 * failed first ingest leaves the index and no identity.
 */
static void test_results__first_ingest_finds_its_repeats(void)
{
	struct dande_db *f = NULL;
	struct dande_buf x = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_results_opts o;
	const char *index_sql = dande_test__engine_db ?
		"SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
		"'test_cases_name'" :
		"SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND "
		"name = 'test_cases_name' AND sql = 'CREATE INDEX "
		"test_cases_name ON test_cases (name, classname, suite)'";
	char *files[2];
	int64_t id = 0;
	size_t max = dande_results__fresh_max;
	int i;

	if (dande_test__engine_db)
		dande_buf_adds(&path, dande_test__engine_db);
	else
		dande_buf_addf(&path, "%s/first.db", dir);
	DANDE_ASSERT_OK_FATAL(dande_db_open(&f, path.ptr, 0, 0));
	dande_buf_adds(&x, "<testsuites><testsuite name=\"s\">");
	for (i = 0; i < 100; i++)	/* batches of 64 on SQLite */
		add_case(&x, i, 1);
	add_case(&x, 5, 1);		/* written already */
	add_case(&x, 99, 1);		/* still pending */
	add_case(&x, 0, 2);		/* another test */
	for (i = 100; i < 131; i++)	/* past the 120th */
		add_case(&x, i, 1);
	add_case(&x, 7, 1);
	add_case(&x, 0, 2);
	add_case(&x, 130, 1);
	dande_buf_adds(&x, "</testsuite></testsuites>\n");
	dande_test_write(dir, "first/ok.xml", x.ptr);
	dande_test_write(dir, "first/bad.xml", "<testsuites><testsuite>"
			 "<testcase name=\"x\">\n</testsuites>\n");
	dande_buf_reset(&x);
	dande_buf_addf(&x, "%s/first/ok.xml", dir);
	files[0] = dande_buf_detach(&x, NULL);
	dande_buf_addf(&x, "%s/first/bad.xml", dir);
	files[1] = dande_buf_detach(&x, NULL);
	memset(&o, 0, sizeof(o));
	o.wall_s = -1;
	dande_results__fresh_max = 120;
	DANDE_ASSERT_ERR(dande_results_ingest(f, (const char *const *)files,
					      2, &o, &id), DANDE_EINVALID,
			 "bad.xml:2:");
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM test_cases"), 0);
	CU_ASSERT_EQUAL(first_int(f, index_sql), 1);
	DANDE_ASSERT_OK(dande_results_ingest(f, (const char *const *)files,
					     1, &o, &id));
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM tests"), 137);
	/* a test's first pass in a block, its second a row */
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM test_results"), 5);
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM test_cases"),
			132);
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM tests x "
				  "JOIN test_cases c ON c.id = x.test_id "
				  "WHERE c.name = 't5' OR c.name = 't99' OR "
				  "c.name = 't7' OR c.name = 't130'"), 8);
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM tests x "
				  "JOIN test_cases c ON c.id = x.test_id "
				  "WHERE c.name = 't0' AND c.line = 2"), 2);
	CU_ASSERT_EQUAL(first_int(f, "SELECT MAX(id) FROM test_cases"), 132);
	CU_ASSERT_EQUAL(first_int(f, index_sql), 1);
	/* and again: every identity known */
	DANDE_ASSERT_OK(dande_results_ingest(f, (const char *const *)files,
					     1, &o, &id));
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM test_cases"),
			132);
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM tests"), 274);
	CU_ASSERT_EQUAL(first_int(f, "SELECT COUNT(*) FROM test_results"),
			10);
	dande_results__fresh_max = max;
	dande_db_close(f);
	free(files[0]);
	free(files[1]);
	dande_buf_release(&path);
}

struct lines {
	struct dande_buf text;
};

static int add_line(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct lines *l = payload;

	(void)ncols;
	(void)names;
	if (v)
		dande_buf_addf(&l->text, "%.*s\n", (int)v[0].len, v[0].s);
	return 0;
}

/*
 * Passes and skips go into the run's blocks; what a block cannot say
 * stays a row: a skip with a reason, a failure, a test's second result
 * in the run, a duration past 71 minutes (the four bytes' largest).
 * The `tests` view (SQLite's reads the bytes in plain SQL) shows every
 * case with its duration, a four-byte one too, and the tools read both:
 * the slowest, a test's history, what disappeared from a run.
 */
static void test_results__blocks_hold_passes_and_skips(void)
{
	static const char xml[] =
		"<testsuites><testsuite name=\"s\">"
		"<testcase classname=\"blk\" name=\"a1\" time=\"0.25\"/>"
		"<testcase classname=\"blk\" name=\"a2\" time=\"100\"/>"
		"<testcase classname=\"blk\" name=\"a3\" time=\"0\">"
		"<skipped/></testcase>"
		"<testcase classname=\"blk\" name=\"a4\" time=\"0\">"
		"<skipped message=\"not on linux\"/></testcase>"
		"<testcase classname=\"blk\" name=\"a5\"/>"
		"<testcase classname=\"blk\" name=\"a6\" time=\"1\">"
		"<failure message=\"no\"/></testcase>"
		"<testcase classname=\"blk\" name=\"a1\" time=\"0.5\"/>"
		"<testcase classname=\"blk\" name=\"a7\" time=\"5000\"/>"
		"</testsuite></testsuites>\n";
	static const char shuffled[] =
		"<testsuites><testsuite name=\"s\">"
		"<testcase classname=\"blk\" name=\"a7\" time=\"1\"/>"
		"<testcase classname=\"blk\" name=\"a5\"/>"
		"<testcase classname=\"blk\" name=\"a1\" time=\"0.25\"/>"
		"<testcase classname=\"blk\" name=\"a3\" time=\"0\">"
		"<skipped/></testcase>"
		"<testcase classname=\"blk\" name=\"a6\" time=\"1\">"
		"<failure message=\"no\"/></testcase>"
		"<testcase classname=\"blk\" name=\"a2\" time=\"100\"/>"
		"</testsuite></testsuites>\n";
	static const char gone[] =
		"<testsuites><testsuite name=\"s\">"
		"<testcase classname=\"blk\" name=\"a1\" time=\"0.25\"/>"
		"</testsuite></testsuites>\n";
	struct lines l = { DANDE_BUF_INIT };
	struct dande_results_report rep;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db_value p;
	char *files[1];
	int64_t run, later, n = -1;
	size_t k = 0;

	if (need_db() < 0)
		return;
	dande_test_write(dir, "blk/r.xml", xml);
	dande_buf_addf(&out, "%s/blk/r.xml", dir);
	files[0] = dande_buf_detach(&out, NULL);
	run = ingest("6666666666666666666666666666666666666666", files, 1);
	p = dande_db_int(run);
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT COUNT(*) FROM "
					"test_results WHERE run_id = ?1", &p,
					1, dande_db_first_int, &n));
	CU_ASSERT_EQUAL(n, 4);
	/* a1 a2 a3 a5 in blocks (a block may end at a4, or at a fixed
	 * boundary of ids) */
	n = -1;
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT SUM(length(replace("
					"status, '-', ''))) FROM test_blocks "
					"WHERE run_id = ?1", &p, 1,
					dande_db_first_int, &n));
	CU_ASSERT_EQUAL(n, 4);
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT name || ' ' || status || "
					"' ' || COALESCE(CAST(ROUND(duration_s "
					"* 1000) AS BIGINT), -1) || CASE WHEN "
					"failure_message IS NULL THEN '' ELSE "
					"' (message)' END FROM tests WHERE run_id = ?1 ORDER BY "
					"test_id, seq NULLS FIRST", &p, 1,
					add_line, &l));
	CU_ASSERT_STRING_EQUAL(l.text.ptr,
			       "a1 passed 250\n"
			       "a1 passed 500\n"
			       "a2 passed 100000\n"
			       "a3 skipped 0\n"
			       "a4 skipped 0 (message)\n"
			       "a5 passed -1\n"
			       "a6 failed 1000 (message)\n"
			       "a7 passed 5000000\n");
	memset(&rep, 0, sizeof(rep));
	DANDE_ASSERT_OK(dande_results_report(db, run, 0, &rep));
	/* a5 has no duration */
	CU_ASSERT_EQUAL(rep.slowest.nr, 7);
	if (rep.slowest.nr == 7) {
		CU_ASSERT_STRING_EQUAL(rep.slowest.v[0].identity, "blk::a7");
		CU_ASSERT_STRING_EQUAL(rep.slowest.v[1].identity, "blk::a2");
		CU_ASSERT_STRING_EQUAL(rep.slowest.v[2].identity, "blk::a6");
	}
	dande_results_report_release(&rep);
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_results_history(db, "blk::a2", &out, 0, &k));
	CU_ASSERT_EQUAL(k, 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "100.000 s");
	/* the next run has a1 only: the rest disappeared, from the blocks
	 * and the rows */
	/* in another order (a shuffled suite): the same blocks */
	dande_test_write(dir, "blk/shuffled.xml", shuffled);
	free(files[0]);
	dande_buf_reset(&out);
	dande_buf_addf(&out, "%s/blk/shuffled.xml", dir);
	files[0] = dande_buf_detach(&out, NULL);
	p = dande_db_int(ingest("6666666666666666666666666666666666666666",
				files, 1));
	n = -1;
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT COUNT(*) FROM "
					"test_results WHERE run_id = ?1", &p,
					1, dande_db_first_int, &n));
	CU_ASSERT_EQUAL(n, 1);	/* a6 failed */
	n = -1;
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT SUM(length(replace("
					"status, '-', ''))) FROM test_blocks "
					"WHERE run_id = ?1", &p, 1,
					dande_db_first_int, &n));
	CU_ASSERT_EQUAL(n, 5);
	dande_buf_reset(&l.text);
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT name FROM tests WHERE "
					"run_id = ?1 ORDER BY test_id", &p, 1,
					add_line, &l));
	CU_ASSERT_STRING_EQUAL(l.text.ptr, "a1\na2\na3\na5\na6\na7\n");
	dande_test_write(dir, "blk/gone.xml", gone);
	free(files[0]);
	dande_buf_reset(&out);
	dande_buf_addf(&out, "%s/blk/gone.xml", dir);
	files[0] = dande_buf_detach(&out, NULL);
	later = ingest("7777777777777777777777777777777777777777", files, 1);
	memset(&rep, 0, sizeof(rep));
	DANDE_ASSERT_OK(dande_results_report(db, later, 0, &rep));
	CU_ASSERT_EQUAL(rep.disappeared.total, 5);
	CU_ASSERT(has(&rep.disappeared, "blk::a2"));
	CU_ASSERT(has(&rep.disappeared, "blk::a6"));
	CU_ASSERT(!has(&rep.disappeared, "blk::a1"));
	dande_results_report_release(&rep);
	free(files[0]);
	dande_buf_release(&out);
	dande_buf_release(&l.text);
}

/* The library's functions on the engine: a block's letter at a
 * position ('' past either end, NULL for NULL), its duration there. */
static void test_results__block_functions(void)
{
	struct lines l = { DANDE_BUF_INIT };

	if (need_db() < 0)
		return;
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT dande_letter('ps-', 0) || "
					"'|' || dande_letter('ps-', 1) || '|' "
					"|| dande_letter('ps-', 2) || '|' || "
					"dande_letter('ps-', 3) || '|' || "
					"dande_letter('ps-', -1) || '|' || "
					"COALESCE(dande_letter(NULL, 0), 'null')"
					" || '|' || COALESCE(dande_duration_us("
					"x.d, length(x.s)), -1) || '|' || "
					"COALESCE(dande_duration_us(x.d, -1), "
					"-1) FROM (SELECT status AS s, "
					"durations AS d FROM test_blocks ORDER "
					"BY run_id, base LIMIT 1) x", NULL, 0,
					add_line, &l));
	CU_ASSERT_STRING_EQUAL(l.text.ptr, "p|s|-|||null|-1|-1\n");
	/* within a block: what the tests view reads (0.25 s, a1) */
	dande_buf_reset(&l.text);
	DANDE_ASSERT_OK(dande_db_select(db, "SELECT '' || dande_duration_us("
					"b.durations, c.id - b.base) FROM "
					"test_blocks b CROSS JOIN test_cases c "
					"WHERE c.classname = 'blk' AND c.name = "
					"'a1' AND c.id >= b.base AND c.id < "
					"b.base + length(b.status) AND "
					"dande_letter(b.status, c.id - b.base) "
					"= 'p' ORDER BY b.run_id LIMIT 1", NULL,
					0, add_line, &l));
	CU_ASSERT_STRING_EQUAL(l.text.ptr, "250000\n");
	dande_buf_release(&l.text);
}

/* A suite of 2,000 in id order (several blocks, each written as soon as
 * its every id has been shown), a failure in every hundred and a test
 * repeated at the end; then the same in reverse (every block held to the
 * end): the same blocks, and the repeat a row in both. */
static void test_results__blocks_written_when_whole(void)
{
	static const char sql_blocks[] =
		"SELECT base || ' ' || status || ' ' || length(durations) "
		"FROM test_blocks WHERE run_id = ?1 ORDER BY base";
	struct lines a = { DANDE_BUF_INIT }, b = { DANDE_BUF_INIT };
	struct lines d = { DANDE_BUF_INIT };
	struct dande_buf xml = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_db_value p;
	char *files[1];
	const char *at;
	int64_t run[2], n;
	int i, pass;

	if (need_db() < 0)
		return;
	for (pass = 0; pass < 2; pass++) {
		dande_buf_reset(&xml);
		dande_buf_adds(&xml, "<testsuites><testsuite name=\"s\">");
		for (i = 0; i < 2000; i++) {
			int t = pass ? 1999 - i : i;

			dande_buf_addf(&xml, "<testcase classname=\"whole\" "
				       "name=\"t%04d\" time=\"0.%03d\">%s"
				       "</testcase>", t, t % 1000,
				       t % 100 == 42 ? "<failure message="
				       "\"no\"/>" : "");
		}
		dande_buf_adds(&xml, "<testcase classname=\"whole\" "
			       "name=\"t0005\" time=\"0.5\"/>"
			       "</testsuite></testsuites>\n");
		dande_buf_reset(&path);
		dande_buf_addf(&path, "whole/r%d.xml", pass);
		dande_test_write(dir, path.ptr, xml.ptr);
		dande_buf_reset(&path);
		dande_buf_addf(&path, "%s/whole/r%d.xml", dir, pass);
		files[0] = path.ptr;
		run[pass] = ingest("6666666666666666666666666666666666666666",
				   files, 1);
		p = dande_db_int(run[pass]);
		n = -1;
		DANDE_ASSERT_OK(dande_db_select(db, "SELECT COUNT(*) FROM "
						"test_results WHERE run_id = "
						"?1", &p, 1,
						dande_db_first_int, &n));
		CU_ASSERT_EQUAL(n, 21);	/* 20 failures, the repeat */
		n = -1;
		DANDE_ASSERT_OK(dande_db_select(db, "SELECT SUM(length("
						"replace(status, '-', ''))) "
						"FROM test_blocks WHERE run_id "
						"= ?1", &p, 1,
						dande_db_first_int, &n));
		CU_ASSERT_EQUAL(n, 1980);
		n = -1;
		DANDE_ASSERT_OK(dande_db_select(db, "SELECT COUNT(*) FROM "
						"tests WHERE run_id = ?1 AND "
						"name = 't0005'", &p, 1,
						dande_db_first_int, &n));
		CU_ASSERT_EQUAL(n, 2);
		n = -1;
		/* each its own duration, t0005's repeat aside */
		dande_buf_reset(&d.text);
		DANDE_ASSERT_OK(dande_db_select(db, "SELECT name || ' ' || "
						"CAST(ROUND(duration_s * 1000)"
						" AS INTEGER) FROM tests WHERE"
						" run_id = ?1", &p, 1,
						add_line, &d));
		n = 0;
		for (at = d.text.ptr; at && *at == 't'; at = strchr(at, '\n'),
		     at = at ? at + 1 : NULL)
			n += atoi(at + 1) % 1000 == atoi(strchr(at, ' ') + 1);
		CU_ASSERT_EQUAL(n, 2000);
		DANDE_ASSERT_OK(dande_db_select(db, sql_blocks, &p, 1,
						add_line, pass ? &b : &a));
	}
	CU_ASSERT_STRING_EQUAL(a.text.ptr, b.text.ptr);
	CU_ASSERT(a.text.len > 0);
	dande_buf_release(&xml);
	dande_buf_release(&path);
	dande_buf_release(&a.text);
	dande_buf_release(&b.text);
	dande_buf_release(&d.text);
}

CU_TestInfo test_results_tests[] = {
	{ "test_results__no_query_scans_the_history",
	  test_results__no_query_scans_the_history },
	{ "test_results__one_run_from_several_files",
	  test_results__one_run_from_several_files },
	{ "test_results__failing_then_fixed", test_results__failing_then_fixed },
	{ "test_results__errors_are_fingerprinted_and_resolved",
	  test_results__errors_are_fingerprinted_and_resolved },
	{ "test_results__bad_file_in_a_batch_writes_nothing",
	  test_results__bad_file_in_a_batch_writes_nothing },
	{ "test_results__flaky_and_history", test_results__flaky_and_history },
	{ "test_results__unhealthy_pyramid", test_results__unhealthy_pyramid },
	{ "test_results__fingerprints_and_layers",
	  test_results__fingerprints_and_layers },
	{ "test_results__outputs_kept_once", test_results__outputs_kept_once },
	{ "test_results__first_ingest_finds_its_repeats",
	  test_results__first_ingest_finds_its_repeats },
	{ "test_results__blocks_hold_passes_and_skips",
	  test_results__blocks_hold_passes_and_skips },
	{ "test_results__blocks_written_when_whole",
	  test_results__blocks_written_when_whole },
	{ "test_results__block_functions", test_results__block_functions },
	CU_TEST_INFO_NULL
};

int test_results_setup(void) { return setup(); }
int test_results_teardown(void) { return teardown(); }

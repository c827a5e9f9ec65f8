/*
 * runner.c: the CUnit runner of every test binary.
 *
 * It drives CUnit's core (CU_run_*) with its own handlers instead of the
 * Basic interface, prints progress and CUnit's own run summary
 * (CU_print_run_results) on stdout, and writes the JUnit report itself.
 * Why not CUnit's automated/JUnit XML output: in CUnit 2.1-3 it writes
 * root totals of 0, aborts inside CU_translate_special_characters on some
 * failure messages, and can emit XML that is not well-formed.  Writing the
 * report from the handlers gives per-test times and real JUnit that
 * dande's own JUnit tool ingests.
 *
 * CU_basic_run_tests() returns only framework errors, so the exit code is
 * computed from CU_get_number_of_failures() and the suites that failed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>

#include <CUnit/CUnit.h>

#include "dande/buf.h"
#include "dande/dande.h"
#include "dande/fs.h"
#include "lib/test.h"

struct record {
	char *suite, *test;
	double time_s;
	struct dande_buf failures;	/* "file:line: condition\n"... */
	unsigned nfail;
	int suite_error;		/* set-up or tear-down failed */
	char *skipped;			/* why it could not run, or NULL */
};

static struct record *recs;
static size_t nrecs, arecs;
static double test_start;
static char *skip_reason;	/* of the test running now */
static const char *engine;	/* DANDE_TEST_ENGINE, or NULL */

void dande_test_skip(const char *why)
{
	if (!skip_reason)
		skip_reason = dande_xstrdup(why);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct record *add_record(const char *suite, const char *test)
{
	struct record *r;

	if (nrecs == arecs) {
		arecs = arecs ? arecs * 2 : 64;
		recs = dande_xrealloc(recs, arecs * sizeof(*recs));
	}
	r = &recs[nrecs++];
	memset(r, 0, sizeof(*r));
	if (engine) {
		struct dande_buf b = DANDE_BUF_INIT;

		dande_buf_addf(&b, "%s.%s", engine, suite);
		r->suite = dande_buf_detach(&b, NULL);
	} else {
		r->suite = dande_xstrdup(suite);
	}
	r->test = dande_xstrdup(test);
	dande_buf_init(&r->failures, 0);
	return r;
}

/*
 * DANDE_TEST_ENGINE=postgresql: every test's tools (and the library in
 * the test process) get a PostgreSQL database of the test's own through
 * DANDE_DB, not a file; the tests listed by dande_test_sqlite_only() are
 * reported skipped, with their reason.  The JUnit report is
 * NAME-postgresql.xml, its suites "postgresql.SUITE".
 */
char *dande_test__engine_db;
static unsigned pg_mark;	/* the PostgreSQL databases before the suite */
static const char *const *sqlite_only;

void dande_test_sqlite_only(const char *const *pairs)
{
	sqlite_only = pairs;
}

/* Why `suite`/`test` cannot run on the engine, or NULL. */
static const char *only_sqlite(const char *suite, const char *test)
{
	size_t n = strlen(suite), i;

	for (i = 0; sqlite_only && sqlite_only[i]; i += 2) {
		const char *p = sqlite_only[i];

		if (!strncmp(p, suite, n) && p[n] == '/' &&
		    (!strcmp(p + n + 1, "*") || !strcmp(p + n + 1, test)))
			return sqlite_only[i + 1];
	}
	return NULL;
}

static void on_start(const CU_pTest test, const CU_pSuite suite)
{
	(void)test;
	(void)suite;
	free(skip_reason);
	skip_reason = NULL;
	free(dande_test__engine_db);
	dande_test__engine_db = NULL;
	unsetenv("DANDE_DB");
	if (engine) {
		struct dande_buf url = DANDE_BUF_INIT;

		if (dande_test_pg(&url) == 0) {
			dande_test__engine_db = dande_buf_detach(&url, NULL);
			setenv("DANDE_DB", dande_test__engine_db, 1);
		}
		dande_buf_release(&url);
	}
	test_start = now_s();
}

static void on_complete(const CU_pTest test, const CU_pSuite suite,
			const CU_pFailureRecord fail)
{
	struct record *r = add_record(suite->pName, test->pName);
	CU_pFailureRecord f;

	r->time_s = now_s() - test_start;
	for (f = fail; f; f = f->pNext) {
		r->nfail++;
		dande_buf_addf(&r->failures, "%s:%u: %s\n",
			       f->strFileName ? f->strFileName : "?",
			       f->uiLineNumber,
			       f->strCondition ? f->strCondition : "");
	}
	/* a test that could not run is skipped, never passed; a failure
	 * before the skip still counts */
	if (skip_reason && !r->nfail) {
		r->skipped = skip_reason;
		skip_reason = NULL;
		printf("  %-60s skipped: %s\n", test->pName, r->skipped);
		return;
	}
	printf("  %-60s %s\n", test->pName, r->nfail ? "FAILED" : "passed");
	if (r->nfail)
		printf("%s", r->failures.ptr);
}

static void on_suite_start(const CU_pSuite suite)
{
	printf("Suite %s\n", suite->pName);
	pg_mark = dande_test_pg_mark();
}

/* A suite's PostgreSQL databases go when it ends (its tests may go on
 * from each other's, as results' do): the server's files are on tmpfs. */
static void on_suite_complete(const CU_pSuite suite,
			      const CU_pFailureRecord fail)
{
	(void)suite;
	(void)fail;
	dande_test_pg_drop_since(pg_mark);
}

static void on_suite_error(const CU_pSuite suite, const char *what)
{
	struct record *r = add_record(suite->pName, what);

	r->suite_error = 1;
	dande_buf_addf(&r->failures, "suite %s failed\n", what);
	printf("  %-60s FAILED\n", what);
}

static void on_init_failure(const CU_pSuite suite)
{
	on_suite_error(suite, "(set-up)");
}

static void on_cleanup_failure(const CU_pSuite suite)
{
	on_suite_error(suite, "(tear-down)");
}

/* XML-escape `s` into `out`, dropping bytes XML 1.0 forbids. */
static void xml_escape(struct dande_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': dande_buf_adds(out, "&amp;"); break;
		case '<': dande_buf_adds(out, "&lt;"); break;
		case '>': dande_buf_adds(out, "&gt;"); break;
		case '"': dande_buf_adds(out, "&quot;"); break;
		case '\'': dande_buf_adds(out, "&apos;"); break;
		default:
			if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r')
				dande_buf_addch(out, (char)c);
		}
	}
}

static void write_junit(const char *name)
{
	const char *dir = getenv("DANDE_TEST_RESULTS");
	struct dande_buf x = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	size_t i, j, failures = 0, errors = 0, skipped = 0;
	double total = 0;

	if (!dir || !*dir)
		dir = "build/test-results";
	for (i = 0; i < nrecs; i++) {
		total += recs[i].time_s;
		if (recs[i].suite_error)
			errors++;
		else if (recs[i].nfail)
			failures++;
		else if (recs[i].skipped)
			skipped++;
	}
	dande_buf_addf(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<testsuites name=\"%s\" tests=\"%zu\" failures=\"%zu\" "
		       "errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n", name,
		       nrecs, failures, errors, skipped, total);
	for (i = 0; i < nrecs; i = j) {
		size_t n = 0, nf = 0, ne = 0, ns = 0;
		double t = 0;

		for (j = i; j < nrecs && !strcmp(recs[j].suite, recs[i].suite);
		     j++) {
			n++;
			t += recs[j].time_s;
			nf += !recs[j].suite_error && recs[j].nfail;
			ne += recs[j].suite_error;
			ns += !recs[j].suite_error && !recs[j].nfail &&
				recs[j].skipped;
		}
		dande_buf_adds(&x, "  <testsuite name=\"");
		xml_escape(&x, recs[i].suite);
		dande_buf_addf(&x, "\" tests=\"%zu\" failures=\"%zu\" "
			       "errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n",
			       n, nf, ne, ns, t);
		for (; i < j; i++) {
			struct record *r = &recs[i];

			dande_buf_addf(&x, "    <testcase classname=\"%s.", name);
			xml_escape(&x, r->suite);
			dande_buf_adds(&x, "\" name=\"");
			xml_escape(&x, r->test);
			dande_buf_addf(&x, "\" time=\"%.6f\"", r->time_s);
			if (!r->nfail && !r->suite_error && r->skipped) {
				dande_buf_adds(&x, ">\n      <skipped message=\"");
				xml_escape(&x, r->skipped);
				dande_buf_adds(&x, "\"/>\n    </testcase>\n");
				continue;
			}
			if (!r->nfail && !r->suite_error) {
				dande_buf_adds(&x, "/>\n");
				continue;
			}
			dande_buf_addf(&x, ">\n      <%s message=\"",
				       r->suite_error ? "error" : "failure");
			xml_escape(&x, r->failures.ptr);
			dande_buf_addf(&x, "\" type=\"%s\">",
				       r->suite_error ? "suite" : "assertion");
			xml_escape(&x, r->failures.ptr);
			dande_buf_addf(&x, "</%s>\n    </testcase>\n",
				       r->suite_error ? "error" : "failure");
		}
		i = j;
		dande_buf_adds(&x, "  </testsuite>\n");
	}
	dande_buf_adds(&x, "</testsuites>\n");
	/* DANDE_TEST_REPORT names the file when a level runs in parts at
	 * once (the suites keep the level's name) */
	dande_buf_addf(&path, "%s/%s%s%s.xml", dir, getenv("DANDE_TEST_REPORT")
		       && *getenv("DANDE_TEST_REPORT") ?
		       getenv("DANDE_TEST_REPORT") : name, engine ? "-" : "",
		       engine ? engine : "");
	if (dande_fs_mkdir_p(dir, 0755) < 0 ||
	    dande_fs_write_atomic(path.ptr, x.ptr, x.len) < 0)
		fprintf(stderr, "warning: cannot write the JUnit report: %s\n",
			dande_error_last()->message);
	else
		printf("JUnit report: %s\n", path.ptr);
	dande_buf_release(&x);
	dande_buf_release(&path);
}

/*
 * Where the tests' temp dirs go (and, through TMPDIR, those of the tools,
 * git and the PostgreSQL server they start): TMPDIR when it is set; else
 * /dev/shm when it is a tmpfs with TEMP_ROOT_MIN free, else /tmp.  The
 * tests make thousands of repositories, databases and files and delete
 * them again: on an ext4 mounted with discard (these machines' disks)
 * that was a third of a level's time, in the kernel.  Nothing a test
 * checks depends on the file system: a test kills processes, never the
 * machine, so no fsync is ever put to the test.
 */
#define TEMP_ROOT_MIN ((unsigned long long)4 << 30)
static void temp_root(const char *name)
{
	const char *set = getenv("TMPDIR");
	struct statfs fs;

	if (set && *set)
		return;
	if (statfs("/dev/shm", &fs) == 0 && fs.f_type == TMPFS_MAGIC &&
	    access("/dev/shm", W_OK | X_OK) == 0 &&
	    (unsigned long long)fs.f_bavail * (unsigned long long)fs.f_bsize >=
	    TEMP_ROOT_MIN) {
		setenv("TMPDIR", "/dev/shm", 1);
		printf("%s: temp dirs in /dev/shm (tmpfs; TMPDIR to choose)\n",
		       name);
	}
}

int dande_test_main(int argc, char **argv, const char *name,
		    CU_SuiteInfo *suites)
{
	CU_pSuite suite;
	CU_pTest test;
	unsigned failed;
	size_t i;
	int rc = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * A clean slate: the settings a CI job, a developer's shell or a
	 * hook puts into the environment change what dande does (CI= turns
	 * the hooks off), and tests that run dande in process read environ.
	 */
	{
		static const char *const unset[] = { "CI", "CI_JOB_ID",
			"CI_PIPELINE_ID", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT",
			"DANDE_DB", "DANDE_HOOKS", "DANDE_TRACE", "SKIP",
			"GIT_DIR", NULL };

		for (i = 0; unset[i]; i++)
			unsetenv(unset[i]);
	}
	temp_root(name);
	if (dande_init() < 0) {
		fprintf(stderr, "%s: %s\n", name, dande_error_last()->message);
		return 2;
	}
	if (CU_initialize_registry() != CUE_SUCCESS ||
	    CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "%s: cannot register the suites: %s\n", name,
			CU_get_error_msg());
		return 2;
	}
	engine = getenv("DANDE_TEST_ENGINE");
	if (engine && strcmp(engine, "postgresql")) {
		fprintf(stderr, "%s: DANDE_TEST_ENGINE=%s: only postgresql\n",
			name, engine);
		return 2;
	}
	if (engine) {
		CU_pSuite su;
		CU_pTest t;

		/* what cannot run on the engine does not run, and says so
		 * (after the run) */
		CU_set_fail_on_inactive(CU_FALSE);
		for (su = CU_get_registry()->pSuite; su; su = su->pNext)
			for (t = su->pTest; t; t = t->pNext)
				if (only_sqlite(su->pName, t->pName))
					CU_set_test_active(t, CU_FALSE);
	}
	CU_set_suite_start_handler(on_suite_start);
	CU_set_test_start_handler(on_start);
	CU_set_test_complete_handler(on_complete);
	CU_set_suite_complete_handler(on_suite_complete);
	CU_set_suite_init_failure_handler(on_init_failure);
	CU_set_suite_cleanup_failure_handler(on_cleanup_failure);

	if (argc > 1 && (argv[1][0] == '!' || strchr(argv[1], ','))) {
		/* SUITE,SUITE...: those; !SUITE,...: every other one */
		int except = argv[1][0] == '!';
		const char *list = argv[1] + except;
		CU_pSuite su;
		size_t n = 0;

		for (su = CU_get_registry()->pSuite; su; su = su->pNext) {
			size_t len = strlen(su->pName);
			const char *at = list;
			int listed = 0;

			while ((at = strstr(at, su->pName))) {
				if ((at == list || at[-1] == ',') &&
				    (at[len] == ',' || !at[len]))
					listed = 1;
				at += len;
			}
			n += listed;
			if (listed == except)
				CU_set_suite_active(su, CU_FALSE);
		}
		if (!n) {
			fprintf(stderr, "%s: no such suite in '%s'\n", name,
				argv[1]);
			CU_cleanup_registry();
			return 2;
		}
		/* the suites left out are not runs that failed */
		CU_set_fail_on_inactive(CU_FALSE);
		CU_run_all_tests();
	} else if (argc > 1) {
		char *sname = dande_xstrdup(argv[1]), *slash;

		if ((slash = strchr(sname, '/')))
			*slash++ = '\0';
		suite = CU_get_suite(sname);
		test = suite && slash ? CU_get_test(suite, slash) : NULL;
		if (!suite || (slash && !test)) {
			fprintf(stderr, "%s: no such suite or test '%s'\n",
				name, argv[1]);
			free(sname);
			CU_cleanup_registry();
			return 2;
		}
		if (test)
			CU_run_test(suite, test);
		else
			CU_run_suite(suite);
		free(sname);
	} else {
		CU_run_all_tests();
	}
	if (engine) {
		CU_pSuite su;
		CU_pTest t;

		printf("\nnot on %s (engine-specific, run on SQLite):\n",
		       engine);
		for (su = CU_get_registry()->pSuite; su; su = su->pNext)
			for (t = su->pTest; t; t = t->pNext) {
				const char *why = only_sqlite(su->pName,
							      t->pName);
				struct record *r;

				if (!why || (argc > 1 && strncmp(argv[1],
					su->pName, strlen(su->pName))))
					continue;
				r = add_record(su->pName, t->pName);
				r->skipped = dande_xstrdup(why);
				printf("  %-60s skipped: %s\n", t->pName, why);
			}
	}
	printf("\n");
	CU_print_run_results(stdout);
	printf("\n");
	failed = CU_get_number_of_failures() +
		CU_get_number_of_suites_failed();
	if (failed)
		rc = 1;
	write_junit(name);
	{
		size_t k, nskip = 0;

		for (k = 0; k < nrecs; k++)
			nskip += recs[k].skipped != NULL;
		if (rc)
			printf("%s: FAILED\n", name);
		else if (nskip)
			printf("%s: the tests that ran passed; %zu skipped\n",
			       name, nskip);
		else
			printf("%s: all tests passed\n", name);
	}
	for (i = 0; i < nrecs; i++) {
		free(recs[i].suite);
		free(recs[i].test);
		free(recs[i].skipped);
		dande_buf_release(&recs[i].failures);
	}
	free(recs);
	free(skip_reason);
	CU_cleanup_registry();
	dande_shutdown();
	return rc;
}

/*
 * Unit tests of lib/results/junit.c and lib/xml.c: dialect edge cases from
 * tests/data/junit/edge/, hostile input from tests/data/junit/hostile/,
 * and the time parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/junit.h"
#include "dande/results.h"
#include "lib/test.h"
#include "unit/suites.h"

#define MAXC 32

struct got {
	int n;
	char id[MAXC][128];
	enum dande_junit_status status[MAXC];
	double time[MAXC];
	int line[MAXC], reruns[MAXC];
	char msg[MAXC][256], type[MAXC][128], file[MAXC][128];
	char suite[MAXC][64];
	size_t outlen[MAXC];
	char out_tail[MAXC][64];
	int props;
	char prop[256];
};

static int on_case(void *payload, const struct dande_junit_case *c)
{
	struct got *g = payload;
	int i = g->n++;

	if (i >= MAXC)
		return 0;
	snprintf(g->id[i], sizeof(g->id[i]), "%s::%s",
		 c->classname ? c->classname : "", c->name);
	snprintf(g->suite[i], sizeof(g->suite[i]), "%s",
		 c->suite ? c->suite : "");
	g->status[i] = c->status;
	g->time[i] = c->time_s;
	g->line[i] = c->line;
	g->reruns[i] = c->reruns;
	snprintf(g->msg[i], sizeof(g->msg[i]), "%s",
		 c->failure_message ? c->failure_message : "");
	snprintf(g->type[i], sizeof(g->type[i]), "%s",
		 c->failure_type ? c->failure_type : "");
	snprintf(g->file[i], sizeof(g->file[i]), "%s", c->file ? c->file : "");
	g->outlen[i] = c->out ? strlen(c->out) : 0;
	if (c->out && strlen(c->out) > 40)
		snprintf(g->out_tail[i], sizeof(g->out_tail[i]), "%s",
			 c->out + strlen(c->out) - 40);
	return 0;
}

static int on_property(void *payload, const char *name, const char *value)
{
	struct got *g = payload;
	size_t n = strlen(g->prop);

	g->props++;
	snprintf(g->prop + n, sizeof(g->prop) - n, "%s=%s;", name, value);
	return 0;
}

static int parse(const char *dir, const char *name, struct got *g,
		 struct dande_junit_info *info, size_t cap)
{
	struct dande_junit_opts o = { cap, on_case, on_property, NULL, g };
	struct dande_buf p = DANDE_BUF_INIT;
	int r;

	memset(g, 0, sizeof(*g));
	dande_buf_addf(&p, "%s/junit/%s/%s", dande_test_data(), dir, name);
	r = dande_junit_parse_file(p.ptr, &o, info);
	dande_buf_release(&p);
	return r;
}

static void test_junit__pytest_teardown_duplicate_is_one_error(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_OK(parse("edge", "pytest-teardown.xml", &g, &info, 0));
	CU_ASSERT_EQUAL_FATAL(g.n, 2);
	CU_ASSERT_EQUAL(info.merged, 1);
	CU_ASSERT_EQUAL(info.declared_tests, 3);
	CU_ASSERT_STRING_EQUAL(g.id[1], "test_app::test_bad");
	CU_ASSERT_EQUAL(g.status[1], DANDE_JUNIT_ERROR);
	DANDE_ASSERT_CONTAINS(g.msg[1], "assert 1 == 2");
	DANDE_ASSERT_CONTAINS(g.msg[1], "failed on teardown");
	CU_ASSERT_DOUBLE_EQUAL(g.time[1], 0.005, 1e-9);
}

static void test_junit__surefire_flaky_and_reruns(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_OK(parse("edge", "surefire-flaky.xml", &g, &info, 0));
	CU_ASSERT_EQUAL_FATAL(g.n, 3);
	CU_ASSERT_EQUAL(g.status[0], DANDE_JUNIT_FLAKY);
	CU_ASSERT_EQUAL(g.reruns[0], 1);
	CU_ASSERT_EQUAL(g.status[1], DANDE_JUNIT_FAILED);
	CU_ASSERT_EQUAL(g.reruns[1], 2);
	CU_ASSERT_STRING_EQUAL(g.type[1], "java.lang.IllegalStateException");
	DANDE_ASSERT_CONTAINS(g.msg[1], "boom\njava.lang.IllegalStateException");
	CU_ASSERT_EQUAL(g.status[2], DANDE_JUNIT_SKIPPED);
	CU_ASSERT_STRING_EQUAL(g.suite[2], "com.example.AppTest");
	CU_ASSERT_EQUAL(g.props, 2);
	CU_ASSERT_STRING_EQUAL(g.prop, "java.version=17.0.15;os.name=Linux;");
	CU_ASSERT_EQUAL(info.declared_failures, 1);
}

static void test_junit__times_and_locations(void)
{
	static const double want[] = { 1.5, 1234.5, 0.014, 0.25, 3, 1.7e-05,
				        -1, -1, -1, 0 };
	struct dande_junit_info info;
	struct got g;
	int i;

	DANDE_ASSERT_OK(parse("edge", "times.xml", &g, &info, 0));
	CU_ASSERT_EQUAL_FATAL(g.n, 10);
	for (i = 0; i < 10; i++)
		CU_ASSERT_DOUBLE_EQUAL(g.time[i], want[i], 1e-12);
	CU_ASSERT_STRING_EQUAL(g.file[9], "tests/test_t.py");
	CU_ASSERT_EQUAL(g.line[9], 42);
	CU_ASSERT_EQUAL(info.declared_tests, -1);
}

static void test_junit__nested_suites(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_OK(parse("edge", "nested.xml", &g, &info, 0));
	CU_ASSERT_EQUAL_FATAL(g.n, 4);
	CU_ASSERT_STRING_EQUAL(g.suite[0], "MathTest");
	CU_ASSERT_STRING_EQUAL(g.suite[2], "Integration");
	CU_ASSERT_EQUAL(g.status[1], DANDE_JUNIT_FAILED);
	CU_ASSERT_EQUAL(g.line[1], 20);
	CU_ASSERT_STRING_EQUAL(g.type[1],
			       "PHPUnit\\Framework\\ExpectationFailedException");
	CU_ASSERT_EQUAL(g.status[2], DANDE_JUNIT_ERROR);
	CU_ASSERT_STRING_EQUAL(g.msg[2], "connection refused\n");
	CU_ASSERT_EQUAL(g.status[3], DANDE_JUNIT_SKIPPED);
	CU_ASSERT_EQUAL(info.declared_tests, 4);
}

static void test_junit__output_is_capped_with_a_marker(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_OK(parse("edge", "big-output.xml", &g, &info, 1000));
	CU_ASSERT_EQUAL_FATAL(g.n, 1);
	CU_ASSERT_EQUAL(g.outlen[0], 1000);
	DANDE_ASSERT_CONTAINS(g.out_tail[0], "[dande: trimmed 99");
	DANDE_ASSERT_CONTAINS(g.out_tail[0], "of 100000 bytes]");
}

static void test_junit__cunit_run_report(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_OK(parse("runners/cunit", "CUnit-Run.xml", &g, &info, 0));
	CU_ASSERT_STRING_EQUAL(info.dialect, "cunit");
	CU_ASSERT_EQUAL_FATAL(g.n, 3);
	CU_ASSERT_STRING_EQUAL(g.id[0], "::t_ok");
	CU_ASSERT_STRING_EQUAL(g.suite[0], "suite_a");
	CU_ASSERT_EQUAL(g.status[0], DANDE_JUNIT_PASSED);
	/* two failed assertions, one case */
	CU_ASSERT_EQUAL(g.status[1], DANDE_JUNIT_FAILED);
	CU_ASSERT_STRING_EQUAL(g.file[1], "suite.c");
	CU_ASSERT_EQUAL(g.line[1], 8);
	CU_ASSERT_STRING_EQUAL(g.msg[1], "CU_ASSERT_EQUAL(1,2)\n"
			       "0 && \"second\"");
	/* a suite whose set-up failed */
	CU_ASSERT_EQUAL(g.status[2], DANDE_JUNIT_ERROR);
	CU_ASSERT_STRING_EQUAL(g.suite[2], "suite_b");
	CU_ASSERT_STRING_EQUAL(g.msg[2], "Suite Initialization Failed");
}

static void test_junit__hostile_and_broken_input_is_refused(void)
{
	static const struct {
		const char *file, *why;
	} cases[] = {
		{ "xxe-file.xml", "xxe-file.xml:" },
		{ "xxe-net.xml", "xxe-net.xml:" },
		{ "billion-laughs.xml", "billion-laughs.xml:2: DTD "
		  "declarations are not allowed" },
		/* refused before libxml2 reads the subset: it took 35 s */
		{ "laughs-undefined.xml", "laughs-undefined.xml:2: DTD "
		  "declarations are not allowed" },
		{ "utf16-subset.xml", "utf16-subset.xml:2: DTD declarations "
		  "are not allowed" },
		{ "bad-utf8.xml", "bad-utf8.xml:4:" },
		{ "truncated.xml", "truncated.xml:" },
		{ "not-junit.xml", "not a JUnit report (root element "
		  "<coverage>)" },
		{ "empty.xml", "empty.xml:" },
		{ "deep.xml", "deep.xml:" },
		{ "text.txt.xml", "text.txt.xml:1:" },
	};
	struct dande_junit_info info;
	struct got g;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse("hostile", cases[i].file, &g, &info, 0);
		const struct dande_error *e = dande_error_last();

		CU_ASSERT_EQUAL(r, DANDE_EINVALID);
		DANDE_ASSERT_CONTAINS(e ? e->message : "", cases[i].why);
		/* nothing leaked: no case carries the secret */
		CU_ASSERT(g.n == 0 || !strstr(g.msg[0], "root:"));
	}
}

static void test_junit__missing_file(void)
{
	struct dande_junit_info info;
	struct got g;

	DANDE_ASSERT_ERR(parse("edge", "no-such.xml", &g, &info, 0),
			 DANDE_ENOTFOUND, "no-such.xml");
}

static void test_junit__time_parser(void)
{
	static const struct {
		const char *in;
		double out;
	} cases[] = {
		{ "0", 0 }, { "2.5", 2.5 }, { " 7 ", 7 }, { "1,234.5", 1234.5 },
		{ "1,234", 1234 }, { "0,014", 0.014 }, { "2,5", 2.5 },
		{ "12ms", 0.012 }, { "12 ms", 0.012 }, { "3s", 3 },
		{ "2sec", 2 }, { "1m", 60 }, { "4.5e-3", 0.0045 },
		{ "", -1 }, { "abc", -1 }, { "-1", -1 }, { "5 parsecs", -1 },
		{ "nan", -1 }, { "inf", -1 }, { "1e999", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double d = 99;

		CU_ASSERT_EQUAL(dande_junit_parse_time(&d, cases[i].in) == 0,
				cases[i].out >= 0);
		CU_ASSERT_DOUBLE_EQUAL(d, cases[i].out, 1e-12);
	}
	CU_ASSERT_STRING_EQUAL(dande_junit_status_name(DANDE_JUNIT_FLAKY),
			       "flaky");
}

static void test_junit__memory_input_and_callback_abort(void)
{
	static const char xml[] = "<testsuite name='m'><testcase name='a'/>"
		"<testcase name='b'/></testsuite>";
	struct got g;
	struct dande_junit_opts o = { 0, on_case, NULL, NULL, &g };
	struct dande_junit_info info;

	memset(&g, 0, sizeof(g));
	DANDE_ASSERT_OK(dande_junit_parse_memory(xml, sizeof(xml) - 1, "m.xml",
						 &o, &info));
	CU_ASSERT_EQUAL(g.n, 2);
	CU_ASSERT_EQUAL(info.cases, 2);
}

/* Each part of a failure's text (message attributes, body) is kept whole
 * up to the cap, and a cut says so. */
struct whole {
	size_t len;
	char *text;
};

static int keep_whole(void *payload, const struct dande_junit_case *c)
{
	struct whole *w = payload;

	if (c->failure_message && !w->text) {
		w->len = strlen(c->failure_message);
		w->text = dande_xstrdup(c->failure_message);
	}
	return 0;
}

static void test_junit__failure_text_is_kept_up_to_the_cap(void)
{
	struct dande_buf xml = DANDE_BUF_INIT;
	struct whole w = { 0, NULL };
	struct dande_junit_opts o = { 0, keep_whole, NULL, NULL, &w };
	struct dande_junit_info info;
	size_t i, cap = DANDE_JUNIT_MESSAGE_CAP;

	/* 3 KiB of message and 10 KiB of body, multi-line: all kept */
	dande_buf_adds(&xml, "<testsuite><testcase name='a'><failure "
		       "message='");
	for (i = 0; i < 3 * 1024; i++)
		dande_buf_addch(&xml, i % 64 == 63 ? ' ' : 'm');
	dande_buf_adds(&xml, "'>");
	for (i = 0; i < 10 * 1024; i++)
		dande_buf_addch(&xml, i % 64 == 63 ? '\n' : 'b');
	dande_buf_adds(&xml, "</failure></testcase></testsuite>");
	DANDE_ASSERT_OK(dande_junit_parse_memory(xml.ptr, xml.len, "w.xml", &o,
						 &info));
	CU_ASSERT_EQUAL(w.len, 3 * 1024 + 1 + 10 * 1024);
	CU_ASSERT_PTR_NULL(strstr(w.text ? w.text : "", "[dande: cut"));
	free(w.text);
	w.text = NULL;

	/* 100 KiB of message and 70 KiB of body: 64 KiB of each */
	dande_buf_reset(&xml);
	dande_buf_adds(&xml, "<testsuite><testcase name='a'><failure "
		       "message='");
	for (i = 0; i < 100 * 1024; i++)
		dande_buf_addch(&xml, 'm');
	dande_buf_adds(&xml, "'>");
	for (i = 0; i < 70 * 1024; i++)
		dande_buf_addch(&xml, 'b');
	dande_buf_adds(&xml, "</failure></testcase></testsuite>");
	DANDE_ASSERT_OK(dande_junit_parse_memory(xml.ptr, xml.len, "c.xml", &o,
						 &info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(w.text);
	CU_ASSERT_EQUAL(strspn(w.text, "m"), cap);
	CU_ASSERT_EQUAL(strspn(w.text + cap + 1, "b"), cap);
	DANDE_ASSERT_CONTAINS(w.text, "\n[dande: cut: message of 102400 "
			      "bytes, body of 71680 bytes; 64 KiB of each "
			      "kept]");
	free(w.text);
	dande_buf_release(&xml);
}

/* What a failure shows, from the reports real runners wrote: the first
 * meaningful line (not gotestsum's "Failed" or "=== RUN"), the lines
 * that continue it, and where. */
struct shown {
	const char *want_id;
	struct dande_buf sum;
	int found;
};

static int summarise(void *payload, const struct dande_junit_case *c)
{
	struct shown *s = payload;
	struct dande_buf id = DANDE_BUF_INIT;

	dande_buf_addf(&id, "%s::%s", c->classname ? c->classname : "",
		       c->name);
	if (!strcmp(id.ptr, s->want_id) && !s->found) {
		s->found = 1;
		dande_results_summary(&s->sum, c->failure_message);
	}
	dande_buf_release(&id);
	return 0;
}

static void test_junit__failure_summaries_of_real_runners(void)
{
	static const struct {
		const char *report, *id, *want;
	} cases[] = {
		{ "gotestsum/report.xml", "example.com/calc::TestFails",
		  "calc_test.go:12: got 2, want 3\n" },
		{ "gotestsum/report.xml", "example.com/calc::TestSub", "" },
		{ "pytest/report-xunit2.xml", "test_sample::test_fail",
		  "assert [1, 2] == [1, 3]\nAt index 1 diff: 2 != 3\n"
		  "Use -v to get more diff\nat test_sample.py:10\n" },
		{ "pytest/report-xunit2.xml", "test_sample::test_setup_error",
		  "failed on setup with \"RuntimeError: setup exploded\"\n"
		  "at test_sample.py:15\n" },
		{ "jest/report.xml", "calc nested throws::calc nested throws",
		  "Error: unexpected\nat /work/main/tests/data/junit/runners/"
		  "jest/"
		  "sample.test.js:9\n" },
		{ "node-test/report.xml", "test::fails",
		  "Expected values to be strictly equal:2 !== 3\nat /work/main/"
		  "tests/data/junit/runners/node-test/sample.test.mjs:7\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct shown s = { cases[i].id, DANDE_BUF_INIT, 0 };
		struct dande_junit_opts o = { 0, summarise, NULL, NULL, &s };
		struct dande_buf p = DANDE_BUF_INIT;

		/* (the runners wrote the paths of the checkout they ran in) */
		dande_buf_addf(&p, "%s/junit/runners/%s", dande_test_data(),
			       cases[i].report);
		DANDE_ASSERT_OK(dande_junit_parse_file(p.ptr, &o, NULL));
		CU_ASSERT(s.found);
		CU_ASSERT_STRING_EQUAL(s.sum.ptr ? s.sum.ptr : "",
				       cases[i].want);
		dande_buf_release(&s.sum);
		dande_buf_release(&p);
	}
}

/* The usual layouts have a layer without configuration; a rule decides
 * first; the component nearest the test wins. */
static void test_junit__default_layers(void)
{
	static const struct {
		const char *file, *classname, *suite, *want;
	} cases[] = {
		{ "tests/unit/test_calc.py", NULL, NULL, "unit" },
		{ "test/integration/api.test.js", NULL, NULL, "integration" },
		{ "spec/e2e/login_spec.rb", NULL, NULL, "e2e" },
		{ NULL, "tests.unit.test_calc", NULL, "unit" },
		{ NULL, "tests.integration.test_db.TestDb", NULL,
		  "integration" },
		{ NULL, "example.com/calc/integration", NULL, "integration" },
		{ NULL, NULL, "end-to-end", "e2e" },
		{ "/home/unit/src/tests/e2e/x.py", NULL, NULL, "e2e" },
		{ "tests/test_calc.py", "test_calc", "pytest", "unknown" },
		{ "src/community/x.c", "units_of.measure", NULL, "unknown" },
		{ "src/community/x.c", "community", NULL, "unknown" },
	};
	struct dande_strvec rules = DANDE_STRVEC_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CU_ASSERT_STRING_EQUAL(dande_results_layer(NULL, cases[i].file,
							   cases[i].classname,
							   cases[i].suite),
				       cases[i].want);
	dande_strvec_push(&rules, "e2e\ttests/unit/slow_*");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(&rules,
						   "tests/unit/slow_io.py",
						   NULL, NULL), "e2e");
	CU_ASSERT_STRING_EQUAL(dande_results_layer(&rules,
						   "tests/unit/fast.py",
						   NULL, NULL), "unit");
	dande_strvec_release(&rules);
}

/* How much a report lists: --limit wins; JSON every test; quiet text the
 * counts only; else the default. */
static void test_junit__report_limit(void)
{
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_TEXT, 0, -1),
			DANDE_RESULTS_DEFAULT_LIMIT);
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_MARKDOWN, 1, -1),
			DANDE_RESULTS_DEFAULT_LIMIT);
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_TEXT, 1, -1),
			DANDE_RESULTS_COUNTS);
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_JSON, 0, -1), 0);
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_JSON, 1, 7), 7);
	CU_ASSERT_EQUAL(dande_results_limit(DANDE_RESULTS_TEXT, 1, 0), 0);
}

/* What -v says of a report: its cases, and a declared count that
 * differs. */
static void test_junit__info_describe(void)
{
	struct dande_junit_info info = { 3, 5, 0, 0, 0, 1, "junit" };
	struct dande_buf out = DANDE_BUF_INIT;

	dande_junit_info_describe(&out, "p: ", "r.xml", &info);
	CU_ASSERT_STRING_EQUAL(out.ptr, "p: r.xml: 3 cases (junit), pytest "
			       "teardown duplicates merged\np: warning: "
			       "'r.xml' declares 5 tests but holds 4 test "
			       "cases: counting the cases\n");
	dande_buf_reset(&out);
	info.declared_tests = 4;
	dande_junit_info_describe(&out, "", "r.xml", &info);
	CU_ASSERT_STRING_EQUAL(out.ptr, "r.xml: 3 cases (junit), pytest "
			       "teardown duplicates merged\n");
	dande_buf_release(&out);
}

CU_TestInfo test_junit_tests[] = {
	{ "test_junit__report_limit", test_junit__report_limit },
	{ "test_junit__info_describe", test_junit__info_describe },
	{ "test_junit__default_layers", test_junit__default_layers },
	{ "test_junit__pytest_teardown_duplicate_is_one_error",
	  test_junit__pytest_teardown_duplicate_is_one_error },
	{ "test_junit__surefire_flaky_and_reruns",
	  test_junit__surefire_flaky_and_reruns },
	{ "test_junit__times_and_locations", test_junit__times_and_locations },
	{ "test_junit__nested_suites", test_junit__nested_suites },
	{ "test_junit__output_is_capped_with_a_marker",
	  test_junit__output_is_capped_with_a_marker },
	{ "test_junit__cunit_run_report", test_junit__cunit_run_report },
	{ "test_junit__failure_text_is_kept_up_to_the_cap",
	  test_junit__failure_text_is_kept_up_to_the_cap },
	{ "test_junit__failure_summaries_of_real_runners",
	  test_junit__failure_summaries_of_real_runners },
	{ "test_junit__hostile_and_broken_input_is_refused",
	  test_junit__hostile_and_broken_input_is_refused },
	{ "test_junit__missing_file", test_junit__missing_file },
	{ "test_junit__time_parser", test_junit__time_parser },
	{ "test_junit__memory_input_and_callback_abort",
	  test_junit__memory_input_and_callback_abort },
	CU_TEST_INFO_NULL
};

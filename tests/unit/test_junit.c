/*
 * Unit tests of lib/results/junit.c and lib/xml.c: dialect edge cases from
 * tests/data/junit/edge/, hostile input from tests/data/junit/hostile/,
 * and the time parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/junit.h"
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
	struct dande_junit_opts o = { cap, on_case, on_property, g };
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
		{ "billion-laughs.xml", "billion-laughs.xml:" },
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
	struct dande_junit_opts o = { 0, on_case, NULL, &g };
	struct dande_junit_info info;

	memset(&g, 0, sizeof(g));
	DANDE_ASSERT_OK(dande_junit_parse_memory(xml, sizeof(xml) - 1, "m.xml",
						 &o, &info));
	CU_ASSERT_EQUAL(g.n, 2);
	CU_ASSERT_EQUAL(info.cases, 2);
}

CU_TestInfo test_junit_tests[] = {
	{ "test_junit__pytest_teardown_duplicate_is_one_error",
	  test_junit__pytest_teardown_duplicate_is_one_error },
	{ "test_junit__surefire_flaky_and_reruns",
	  test_junit__surefire_flaky_and_reruns },
	{ "test_junit__times_and_locations", test_junit__times_and_locations },
	{ "test_junit__nested_suites", test_junit__nested_suites },
	{ "test_junit__output_is_capped_with_a_marker",
	  test_junit__output_is_capped_with_a_marker },
	{ "test_junit__cunit_run_report", test_junit__cunit_run_report },
	{ "test_junit__hostile_and_broken_input_is_refused",
	  test_junit__hostile_and_broken_input_is_refused },
	{ "test_junit__missing_file", test_junit__missing_file },
	{ "test_junit__time_parser", test_junit__time_parser },
	{ "test_junit__memory_input_and_callback_abort",
	  test_junit__memory_input_and_callback_abort },
	CU_TEST_INFO_NULL
};

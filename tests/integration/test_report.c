/*
 * dande report html against a real repository and database (on the
 * PostgreSQL pass, a real server): two versions of a project with tests
 * that pass, fail, flake and appear, coverage by file, TODOs; the page
 * holds each of them, escapes what the reports wrote, asks for nothing
 * from a network, and an empty database gives a page saying what to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/git.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

/* A JUnit report: `bad` fails, `flip` passes or fails, `extra` adds a
 * test; one test's name is markup. */
static void report(const char *dir, int bad, int flip, int extra)
{
	struct dande_buf x = DANDE_BUF_INIT;

	dande_buf_adds(&x, "<testsuite name=\"s\"><testcase classname=\"calc\" "
		       "name=\"adds\" time=\"0.5\"/><testcase classname=\"calc\""
		       " name=\"&lt;script&gt;alert(1)&lt;/script&gt;\" "
		       "time=\"0.01\"/>");
	dande_buf_addf(&x, "<testcase classname=\"calc\" name=\"divides\" "
		       "time=\"1.5\">%s</testcase>", bad ? "<failure message="
		       "\"expected 2, got 3\">trace</failure>" : "");
	dande_buf_addf(&x, "<testcase classname=\"calc\" name=\"flips\" "
		       "time=\"0.2\">%s</testcase>", flip ? "<failure message="
		       "\"timing\"/>" : "");
	if (extra)
		dande_buf_adds(&x, "<testcase classname=\"calc\" name=\"rounds\""
			       " time=\"0.1\"/>");
	dande_buf_adds(&x, "</testsuite>\n");
	dande_test_write(dir, "r.xml", x.ptr);
	dande_buf_release(&x);
}

static void test_report__two_versions_on_one_page(void)
{
	char *dir = dande_test_tmpdir(), *page;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	int i;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "src/calc.c", "int a;\nint b;\n/* TODO: "
			 "overflow */\nint c;\n");
	dande_test_write(dir, "src/io.c", "int x;\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n*.lcov\nout/\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n## [1.1.0] - 2026-01-02\n\n### Added\n\n- "
			 "Rounding <b>fast</b>\n\n## [1.0.0] - 2026-01-01\n\n"
			 "### Added\n\n- Adding\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", "Ada",
					      "ada@example.com", 1700000000,
					      NULL));
	/* the empty page first: what to run */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "init", "-q", NULL),
			0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "html", "-o",
					 "out", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "0 versions, 0 runs");
	dande_buf_addf(&p, "%s/out/index.html", dir);
	page = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	DANDE_ASSERT_CONTAINS(page, "<code>dande junit ingest junit.xml</code>");
	DANDE_ASSERT_CONTAINS(page, "<code>dande cov ingest coverage.xml"
			      "</code>");
	DANDE_ASSERT_CONTAINS(page, "<code>dande todos scan</code>");
	free(page);

	/* version 1.0.0: three runs, one test flips */
	for (i = 0; i < 3; i++) {
		report(dir, 1, i == 1, 0);
		CU_ASSERT(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					   "r.xml", NULL) <= 1);
	}
	dande_test_write(dir, "c.lcov", "SF:src/calc.c\nDA:1,1\nDA:2,0\n"
			 "DA:4,0\nend_of_record\nSF:src/io.c\nDA:1,1\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "ingest", "-q",
					 "c.lcov", NULL), 0);
	/* version 1.1.0: the failure fixed, a test added, more covered */
	dande_test_write(dir, "VERSION", "1.1.0\n");
	report(dir, 0, 0, 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 0);
	report(dir, 0, 1, 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", "--fail-on", "none", NULL),
			0);
	dande_test_write(dir, "c.lcov", "SF:src/calc.c\nDA:1,1\nDA:2,1\n"
			 "DA:4,1\nend_of_record\nSF:src/io.c\nDA:1,1\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "ingest", "-q",
					 "c.lcov", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "todos", "scan", "-q",
					 NULL), 0);

	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "html", "-o",
					 "out", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "2 versions, 5 runs, 1 open "
			      "failure, 1 flaky, 2 files, 1 TODO");
	page = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	/* newest version first, with its change against the previous */
	CU_ASSERT(strstr(page, "<b>1.1.0</b>") < strstr(page, "<b>1.0.0</b>"));
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">5</td><td class=\"n d up\""
			      ">+1</td>");
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">80.0%</td><td class=\"n "
			      "d up\">+5 pt</td>");
	/* coverage 50% -> 100%: the version's and the file's change */
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">100.0%</td><td class=\"n "
			      "d up\">+50 pt</td>");
	DANDE_ASSERT_CONTAINS(page, "<code>src/calc.c</code>");
	/* each version's changelog section, escaped */
	DANDE_ASSERT_CONTAINS(page, "Rounding &lt;b&gt;fast&lt;/b&gt;");
	/* the failure is the flaky one now open, with its age */
	DANDE_ASSERT_CONTAINS(page, "<code>calc::flips</code>");
	DANDE_ASSERT_CONTAINS(page, "timing");
	/* a test name that is markup stays text */
	DANDE_ASSERT_CONTAINS(page, "&lt;script&gt;alert(1)&lt;/script&gt;");
	CU_ASSERT_PTR_NULL(strstr(page, "<script>alert"));
	/* the flaky strip: one mark a run */
	DANDE_ASSERT_CONTAINS(page, "oldest to newest: pfppf");
	/* added between the versions */
	DANDE_ASSERT_CONTAINS(page, "1.0.0 &rarr; 1.1.0: 1 added, 0 removed");
	DANDE_ASSERT_CONTAINS(page, "<code>calc::rounds</code>");
	/* the TODO, by the author of its line */
	DANDE_ASSERT_CONTAINS(page, "<td>Ada</td><td class=\"n\">1</td>");
	/* charts drawn, the threshold on the coverage chart */
	DANDE_ASSERT_CONTAINS(page, "<title>line coverage: last 100%");
	DANDE_ASSERT_CONTAINS(page, "threshold 85%");
	/* nothing asked of a network: no URL the page would load */
	CU_ASSERT_PTR_NULL(strstr(page, "src=\""));
	CU_ASSERT_PTR_NULL(strstr(page, "href=\"http"));
	CU_ASSERT_PTR_NULL(strstr(page, "url("));
	free(page);

	/* compare: what changed from 1.0.0 to 1.1.0 */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "compare",
					 "v1.0.0", "1.1.0", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"from\": \"1.0.0\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"to\": \"1.1.0\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"tests_added\": [\n    "
			      "\"calc::rounds\"\n  ]");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"tests_removed\": []");
	/* flips failed at 1.1.0's last run, passed at 1.0.0's */
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"new_failures\": [\n    "
			      "\"calc::flips\"\n  ]");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"fixed\": [\n    "
			      "\"calc::divides\"\n  ]");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line_pct_from\": 50.0");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line_pct_to\": 100.0");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"file\": \"src/calc.c\",\n"
			      "      \"line_pct_from\": 33.333,\n      "
			      "\"line_pct_to\": 100.0");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"todos_added\": [\n    "
			      "\"src/calc.c:3: TODO overflow");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "Rounding <b>fast</b>");
	/* a report, not a gate, unless asked: a new failure fails it */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "compare",
					 "previous", "last", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "1.0.0 (run #3) -> 1.1.0 (run #6)");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "coverage: 50.0% -> 100.0% (+50.0 "
			      "pt)");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "new failures (1):\n  calc::flips");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "compare",
					 "previous", "last", "--fail-on",
					 "drop", NULL), 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "compare",
					 "#5", "#5", "--fail-on", "drop",
					 "--format", "markdown", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "### 1.1.0 (run #5) &rarr; 1.1.0 "
			      "(run #5)");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "compare",
					 "9.9", "last", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "'9.9' names no junit run");

	/* --since keeps that version on; an unknown one is said */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "html", "-o",
					 "out", "--since", "1.1.0", "--json",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"versions\": 1");
	CU_ASSERT_NOT_EQUAL(dande_test_dande(&res, dir, "report", "html",
					     "-o", "out", "--since", "9.9",
					     NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no run of version '9.9'");
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_report_tests[] = {
	{ "test_report__two_versions_on_one_page",
	  test_report__two_versions_on_one_page },
	CU_TEST_INFO_NULL
};

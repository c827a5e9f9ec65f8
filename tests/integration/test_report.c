/*
 * dande report html against a real repository and database (on the
 * PostgreSQL pass, a real server): two versions of a project with tests
 * that pass, fail, flake and appear, coverage by file, TODOs; the page
 * holds each of them, escapes what the reports wrote, asks for nothing
 * from a network, and an empty database gives a page saying what to run.
 */
#include <math.h>
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


/* The cells of the rows of the first table after `id="<id>"` in `page`,
 * as text (tags and folded <details> left out), row after row into
 * `cells`; the number of rows. */
static size_t table_cells(const char *page, const char *id,
			  struct dande_strvec *cells)
{
	struct dande_buf key = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	const char *p, *end;
	size_t rows = 0;

	dande_buf_addf(&key, "id=\"%s\"", id);
	p = strstr(page, key.ptr);
	dande_buf_release(&key);
	if (!p || !(p = strstr(p, "<tbody>")) || !(end = strstr(p, "</tbody>")))
		return 0;
	while ((p = strstr(p, "<tr")) && p < end) {
		const char *row_end = strstr(p, "</tr>");

		rows++;
		while ((p = strstr(p, "<td")) && p < row_end) {
			const char *c = strchr(p, '>') + 1;
			const char *e = strstr(c, "</td>");
			int in_tag = 0;

			dande_buf_reset(&text);
			for (; c < e; c++) {
				/* folded details are not the cell's figure */
				if (!strncmp(c, "<details", 8) &&
				    strstr(c, "</details>") < e)
					c = strstr(c, "</details>") + 9;
				else if (*c == '<')
					in_tag = 1;
				else if (*c == '>')
					in_tag = 0;
				else if (!in_tag)
					dande_buf_addch(&text, *c);
			}
			dande_strvec_push(cells, text.ptr ? text.ptr : "");
			p = e;
		}
		p = row_end;
	}
	dande_buf_release(&text);
	return rows;
}

/* The one value `sql` selects, through dande db query (either engine). */
static double db_value(const char *dir, const char *sql)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *nl;
	double v = NAN;

	if (dande_test_dande(&res, dir, "db", "query", sql, "--format", "csv",
			     NULL) == 0 && (nl = strchr(res.out.ptr, '\n')) &&
	    nl[1] && nl[1] != '\n')
		v = strtod(nl + 1, NULL);
	dande_proc_result_release(&res);
	return v;
}

/* The overview's row for each version holds the database's figures
 * (each followed by its change): columns version, tests, pass rate,
 * failed, errors, skipped, flaky, duration, lines, branches, patch,
 * unit / e2e, TODOs, run. */
static void check_overview(const char *dir, const char *page)
{
	static const struct { int col; const char *sql; } facts[] = {
		{ 1, "SELECT tests FROM test_runs WHERE kind = 'junit' AND "
		  "version = '@V' ORDER BY id DESC LIMIT 1" },
		{ 3, "SELECT failed FROM test_runs WHERE kind = 'junit' AND "
		  "version = '@V' ORDER BY id DESC LIMIT 1" },
		{ 6, "SELECT flaky FROM test_runs WHERE kind = 'junit' AND "
		  "version = '@V' ORDER BY id DESC LIMIT 1" },
		{ 8, "SELECT 100.0 * lines_covered / lines_valid FROM "
		  "test_coverage WHERE file IS NULL AND version = '@V' ORDER BY "
		  "id DESC LIMIT 1" },
		{ 10, "SELECT 100.0 * patch_covered / patch_lines FROM "
		  "test_coverage WHERE file IS NULL AND patch_lines > 0 AND "
		  "version = '@V' ORDER BY id DESC LIMIT 1" },
		{ 13, "SELECT id FROM test_runs WHERE kind = 'junit' AND "
		  "version = '@V' ORDER BY id DESC LIMIT 1" },
	};
	struct dande_strvec cells = DANDE_STRVEC_INIT;
	struct dande_buf sql = DANDE_BUF_INIT;
	size_t rows = table_cells(page, "versions", &cells), r, k;

	CU_ASSERT_EQUAL_FATAL(rows, 2);
	CU_ASSERT_EQUAL_FATAL(cells.nr, 2 * 14);
	for (r = 0; r < rows; r++) {
		const char *const *row = (const char *const *)cells.v + r * 14;

		for (k = 0; k < sizeof(facts) / sizeof(facts[0]); k++) {
			const char *shown = row[facts[k].col];
			double want, got;

			dande_buf_reset(&sql);
			dande_buf_adds(&sql, facts[k].sql);
			dande_test_replace(&sql, "@V", row[0]);
			want = db_value(dir, sql.ptr);
			got = strtod(shown + (*shown == '#'), NULL);
			if (isnan(want)) {
				CU_ASSERT_STRING_EQUAL(shown, "&ndash;");
			} else if (fabs(got - want) > 0.05) {
				fprintf(stderr, "\n%s column %d: page %s, "
					"database %g\n", row[0], facts[k].col,
					shown, want);
				CU_FAIL("the page's figure is not the "
					"database's");
			}
		}
	}
	/* the TODO was open at 1.1.0 (one more), not yet seen at 1.0.0 */
	CU_ASSERT_STRING_EQUAL(cells.v[12], "1 +1");
	CU_ASSERT_STRING_EQUAL(cells.v[14 + 12], "0");
	dande_buf_release(&sql);
	dande_strvec_release(&cells);
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
	/* the release's change: lines 2-4 of calc.c, half of it run */
	dande_test_write(dir, "change.diff", "--- a/src/calc.c\n+++ "
			 "b/src/calc.c\n@@ -1,0 +2,3 @@\n+int b;\n+/* TODO: "
			 "overflow */\n+int c;\n");
	dande_test_write(dir, "p.lcov", "SF:src/calc.c\nDA:1,1\nDA:2,1\n"
			 "DA:4,0\nend_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "patch", "-q",
					 "p.lcov", "--diff", "change.diff",
					 "--min", "0", NULL), 0);
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
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">5<small class=\"d up\"> "
			      "+1</small></td>");
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">80.0%<small class=\"d "
			      "up\"> +5 pt</small></td>");
	/* a longer run is worse */
	DANDE_ASSERT_CONTAINS(page, "<small class=\"d down\"> +0.1 s</small>"
			      "</td>");
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">100.0%<small class=\"d "
			      "up\"> +50 pt</small></td>");
	/* every figure of the overview is the database's */
	check_overview(dir, page);
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">50.0%</td><td class=\"n"
			      "\">&ndash;</td>");
	/* calc.c's coverage 33.3% -> 100% against the previous version */
	DANDE_ASSERT_CONTAINS(page, "<td class=\"n\">100.0%</td><td class=\"n "
			      "d up\">+66.7 pt</td>");
	DANDE_ASSERT_CONTAINS(page, "<code>src/calc.c</code>");
	/* the tree: src/ as wide as the chart, its figures in the table */
	DANDE_ASSERT_CONTAINS(page, "width=\"640.0\" height=\"22\" fill=\""
			      "#9ae6b4\" class=\"ic\"><title>src/: 100.0% of "
			      "4 lines</title>");
	DANDE_ASSERT_CONTAINS(page, "<tr><td><code>src/</code></td><td class="
			      "\"n\">4</td><td class=\"n\">100.0%</td></tr>");
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
	/* CI summaries draw the trend: pass rate over the 5 junit runs */
	DANDE_ASSERT_CONTAINS(res.out.ptr, "```mermaid\nxychart-beta\n    "
			      "title \"Pass rate\"\n    x-axis [\"#1\", \"#2\", "
			      "\"#3\", \"#5\", \"#6\"]\n    y-axis \"%\" 50 --> "
			      "100\n    line [75.0, 50.0, 75.0, 100.0, 80.0]\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "report",
					 "--format", "markdown", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "line [75.0, 50.0, 75.0, 100.0, "
			      "80.0]\n```\n");
	/* and the coverage gate its coverage, the threshold flat */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "gate", "c.lcov",
					 "--format", "markdown", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "### Coverage gate: passed");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "title \"Line coverage\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "    line [85.0, 85.0, 85.0, "
			      "85.0]\n```\n\n_Line coverage, run by run, oldest "
			      "first; the flat line: the threshold, 85.0%._");
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


/* docs/queries.md: every SQL block runs as written through dande db
 * query, on this pass's engine, against a history with a run, a failure,
 * coverage, a patch measurement and an attempt; the documents' own
 * query returns the cases with when their run finished. */
static void test_report__documents_queries_run(void)
{
	char *dir = dande_test_tmpdir(), *doc, *p, *end;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf path = DANDE_BUF_INIT, sql = DANDE_BUF_INIT;
	int blocks = 0;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "src/calc.c", "int a;\nint b;\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n*.lcov\n*.diff\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", "Ada",
					      "ada@example.com", 1700000000,
					      NULL));
	report(dir, 1, 0, 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 1);
	report(dir, 0, 0, 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 0);
	dande_test_write(dir, "c.lcov", "SF:src/calc.c\nDA:1,1\nDA:2,0\n"
			 "end_of_record\n");
	dande_test_write(dir, "c.diff", "--- a/src/calc.c\n+++ b/src/calc.c\n"
			 "@@ -0,0 +1,2 @@\n+int a;\n+int b;\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "patch", "-q",
					 "c.lcov", "--diff", "c.diff", "--min",
					 "0", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "login", "--",
					 "true", NULL), 0);

	dande_buf_addf(&path, "%s/../../docs/queries.md", dande_test_data());
	doc = dande_test_read(path.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	for (p = doc; (p = strstr(p, "```sql\n")); p = end + 3) {
		p += 7;
		end = strstr(p, "```");
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		dande_buf_reset(&sql);
		dande_buf_add(&sql, p, (size_t)(end - p));
		blocks++;
		if (dande_test_dande(&res, dir, "db", "query", sql.ptr,
				     "--format", "csv", NULL) != 0) {
			fprintf(stderr, "\n%s\n%s", sql.ptr, res.err.ptr);
			CU_FAIL("a query of docs/queries.md does not run");
		}
		/* the documents' own: the 9 cases of the two runs (in
		 * the same second here: their order is a tie) */
		if (strstr(sql.ptr, "ORDER BY completed_at DESC")) {
			size_t rows = 0;
			const char *c;

			for (c = res.out.ptr; (c = strchr(c, '\n')); c++)
				rows += (c[1] == '1' || c[1] == '2') &&
					c[2] == ',';
			CU_ASSERT_EQUAL(rows, 9);
			DANDE_ASSERT_CONTAINS(res.out.ptr, ",completed_at\n");
		}
		if (strstr(sql.ptr, "patch_pct"))
			DANDE_ASSERT_CONTAINS(res.out.ptr, ",2,1,50");
	}
	CU_ASSERT(blocks >= 12);
	free(doc);
	dande_buf_release(&path);
	dande_buf_release(&sql);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_report_tests[] = {
	{ "test_report__documents_queries_run",
	  test_report__documents_queries_run },
	{ "test_report__two_versions_on_one_page",
	  test_report__two_versions_on_one_page },
	CU_TEST_INFO_NULL
};

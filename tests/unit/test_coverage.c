/*
 * Unit tests of lib/coverage/coverage.c, coverage_read.c and patch.c: reports made
 * by the real tools (tests/data/coverage/{c,py}-project, with the totals
 * the tools printed), malformed and hostile reports, merging, paths, and
 * unified diffs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/covgate.h"
#include "coverage/coverage_int.h"
#include "lib/test.h"
#include "unit/suites.h"

static void check_expected(const char *project)
{
	struct dande_buf p = DANDE_BUF_INIT, msg = DANDE_BUF_INIT;
	char *text, *line, *next;
	int checked = 0;

	dande_buf_addf(&p, "%s/coverage/%s/expected.tsv", dande_test_data(),
		       project);
	text = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = text; line && *line; line = next) {
		struct dande_cov *c = NULL;
		struct dande_cov_totals t;
		char file[128];
		long lv, lc, bv, bc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || sscanf(line, "%127s %ld %ld %ld %ld", file,
					   &lv, &lc, &bv, &bc) != 5)
			continue;
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/coverage/%s/%s", dande_test_data(),
			       project, file);
		dande_cov_new(&c, NULL);
		DANDE_ASSERT_OK(dande_cov_load(c, p.ptr, NULL));
		dande_cov_totals(c, &t);
		if (t.lines_valid != lv || t.lines_covered != lc ||
		    t.branches_valid != bv || t.branches_covered != bc) {
			dande_buf_reset(&msg);
			dande_buf_addf(&msg, "%s/%s: %lld/%lld br %lld/%lld, "
				       "want %ld/%ld br %ld/%ld", project, file,
				       (long long)t.lines_covered,
				       (long long)t.lines_valid,
				       (long long)t.branches_covered,
				       (long long)t.branches_valid, lc, lv, bc,
				       bv);
			DANDE_FAIL(msg.ptr);
		}
		checked++;
		dande_cov_free(c);
	}
	CU_ASSERT(checked >= 1);
	free(text);
	dande_buf_release(&p);
	dande_buf_release(&msg);
}

static void test_coverage__c_project_reports(void)
{
	check_expected("c-project");
}

static void test_coverage__py_project_reports(void)
{
	check_expected("py-project");
}

static void test_coverage__gcovr_reports(void)
{
	check_expected("gcovr-project");
}

static void test_coverage__go_reports(void)
{
	check_expected("go-project");
}

static void test_coverage__lcov_line_zero_counts(void)
{
	check_expected("lcov-line-zero");
}

/* Go's import paths become repository paths through go.mod; a block's
 * lines answer for patch coverage; a block repeated counts once. */
static void test_coverage__go_paths_and_lines(void)
{
	static const char twice[] = "mode: count\n"
		"example.com/calc/calc/calc.go:24.24,26.12 2 0\n"
		"example.com/calc/calc/calc.go:24.24,26.12 2 3\n"
		"mode: count\n"
		"example.com/calc/calc/calc.go:24.24,26.12 2 0\n"
		"other.org/x/y.go:1.1,2.2 1 1\n";
	struct dande_buf root = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	const struct dande_cov_file *files;
	struct dande_cov *c = NULL;
	struct dande_cov_info info;

	dande_buf_addf(&root, "%s/coverage/go-project", dande_test_data());
	dande_buf_addf(&p, "%s/cover.out", root.ptr);
	dande_cov_new(&c, root.ptr);
	DANDE_ASSERT_OK(dande_cov_load(c, p.ptr, &info));
	CU_ASSERT_STRING_EQUAL(info.format, "go-coverprofile");
	CU_ASSERT_EQUAL(info.files, 1);
	CU_ASSERT_EQUAL_FATAL(dande_cov_files(c, &files), 1);
	CU_ASSERT_STRING_EQUAL(files[0].path, "calc/calc.go");
	CU_ASSERT_EQUAL(dande_cov_hits(c, "calc/calc.go", 7), 1);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "calc/calc.go", 9), 0);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "calc/calc.go", 2), -1);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "calc/calc.go", 11), -1);
	dande_cov_free(c);

	/* the module is known from go.mod beside the report too */
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/in-memory.out", root.ptr);
	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, twice, sizeof(twice) - 1,
					      p.ptr, &info));
	CU_ASSERT_EQUAL_FATAL(dande_cov_files(c, &files), 2);
	DANDE_ASSERT_CONTAINS(files[0].path, "go-project/calc/calc.go");
	CU_ASSERT_EQUAL(files[0].t.lines_valid, 2);
	CU_ASSERT_EQUAL(files[0].t.lines_covered, 2);
	/* not in the module: as written */
	CU_ASSERT_STRING_EQUAL(files[1].path, "other.org/x/y.go");
	dande_cov_free(c);
	dande_buf_release(&root);
	dande_buf_release(&p);
}

static void test_coverage__bad_reports_are_refused(void)
{
	static const struct {
		const char *file, *why;
	} cases[] = {
		{ "negative-line.lcov", "negative-line.lcov:4: bad line "
		  "number '-2'" },
		{ "negative.lcov", "negative.lcov:3: negative hit count '-4'" },
		{ "overflow.lcov", "overflow.lcov:3: bad or overflowing hit "
		  "count" },
		{ "truncated.lcov", "truncated.lcov:4: truncated DA record" },
		{ "no-sf.lcov", "no-sf.lcov:2: DA outside a record" },
		{ "malformed.xml", "malformed.xml:5:" },
		{ "xxe.xml", "xxe.xml:" },
		{ "negative.xml", "negative hit count '-2'" },
		{ "unknown.txt", "unknown.txt:1: unknown coverage format" },
		{ "empty.lcov", "empty.lcov:1: empty file" },
		{ "truncated.json", "truncated.json: bad JSON" },
		/* json-c would abort on these: the shape is checked */
		{ "lines-not-array.json", "lines-not-array.json: 'a.c': "
		  "\"lines\" is not an array" },
		{ "branches-not-array.json", "'a.c': \"branches\" is not an "
		  "array" },
		{ "go-bad-block.out", "go-bad-block.out:2: bad coverprofile "
		  "block" },
		{ "go-bad-mode.out", "go-bad-mode.out:1: not a Go coverprofile "
		  "mode line" },
		{ "go-negative.out", "go-negative.out:2: bad coverprofile "
		  "block" },
		{ "gcovr-summary-bad.json", "gcovr-summary-bad.json: 'a.c': no "
		  "line_total/line_covered, or bad ones" },
	};
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_cov *c = NULL;

		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/coverage/bad/%s", dande_test_data(),
			       cases[i].file);
		dande_cov_new(&c, NULL);
		DANDE_ASSERT_ERR(dande_cov_load(c, p.ptr, NULL),
				 DANDE_EINVALID, cases[i].why);
		dande_cov_free(c);
	}
	dande_buf_release(&p);
}

static void test_coverage__merge_takes_the_maximum(void)
{
	static const char a[] = "SF:src/x.c\nDA:1,0\nDA:2,3\nBRDA:2,0,0,1\n"
		"BRDA:2,0,1,0\nend_of_record\n";
	static const char b[] = "SF:./src/x.c\nDA:1,5\nDA:3,0\nBRDA:2,0,0,0\n"
		"BRDA:2,0,1,2\nend_of_record\nSF:src/y.c\nDA:1,1\n"
		"end_of_record\n";
	struct dande_cov *c = NULL;
	struct dande_cov_totals t;
	const struct dande_cov_file *files;

	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, a, sizeof(a) - 1, "a", NULL));
	DANDE_ASSERT_OK(dande_cov_load_memory(c, b, sizeof(b) - 1, "b", NULL));
	dande_cov_totals(c, &t);
	CU_ASSERT_EQUAL(t.lines_valid, 4);
	CU_ASSERT_EQUAL(t.lines_covered, 3);
	/* per line, across reports: the most branches any report covered */
	CU_ASSERT_EQUAL(t.branches_valid, 2);
	CU_ASSERT_EQUAL(t.branches_covered, 1);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "src/x.c", 1), 5);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "src/x.c", 3), 0);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "src/x.c", 4), -1);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "nope.c", 1), -1);
	CU_ASSERT_EQUAL_FATAL(dande_cov_files(c, &files), 2);
	CU_ASSERT_STRING_EQUAL(files[0].path, "src/x.c");
	CU_ASSERT_EQUAL(files[0].t.lines_valid, 3);
	dande_cov_free(c);
}

static void test_coverage__filters(void)
{
	static const char r[] = "SF:src/a.c\nDA:1,1\nend_of_record\n"
		"SF:tests/t.c\nDA:1,0\nend_of_record\n"
		"SF:src/gen/b.c\nDA:1,0\nend_of_record\n";
	struct dande_cov *c = NULL;
	struct dande_strvec in = DANDE_STRVEC_INIT, ex = DANDE_STRVEC_INIT;
	struct dande_cov_totals t;

	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, r, sizeof(r) - 1, "r", NULL));
	dande_strvec_push(&in, "src/*");
	dande_strvec_push(&ex, "src/gen/*");
	dande_cov_filter(c, &in, &ex);
	dande_cov_totals(c, &t);
	CU_ASSERT_EQUAL(t.lines_valid, 1);
	CU_ASSERT_EQUAL(t.lines_covered, 1);
	CU_ASSERT_EQUAL(dande_cov_hits(c, "src/a.c", 1), 1);
	dande_strvec_release(&in);
	dande_strvec_release(&ex);
	dande_cov_free(c);
}

static void test_coverage__paths(void)
{
	static const struct {
		const char *root, *base, *path, *out;
	} cases[] = {
		{ NULL, NULL, "./src/a.c", "src/a.c" },
		{ NULL, NULL, "src//a.c", "src/a.c" },
		{ NULL, NULL, ".\\scripts\\maths.lua", "scripts/maths.lua" },
		{ "/repo", NULL, "/repo/lib/x.c", "lib/x.c" },
		{ "/repo", NULL, "/elsewhere/x.c", "/elsewhere/x.c" },
		{ "/repo", "/repo/src", "a.c", "src/a.c" },
		{ "/repo", "/repo/src", "/abs/b.c", "/abs/b.c" },
		{ "/repo/", NULL, "/repo/x.c", "x.c" },
		{ "/repo", NULL, "/repository/x.c", "/repository/x.c" },
		{ NULL, NULL, "a/b/../c.c", "a/c.c" },
		{ NULL, NULL, "../up.c", "../up.c" },
		{ NULL, "C:\\proj", "src\\a.cs", "C:/proj/src/a.cs" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dande_cov_normalise(&b, cases[i].root, cases[i].base,
				    cases[i].path);
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].out);
	}
	dande_buf_release(&b);
	CU_ASSERT_DOUBLE_EQUAL(dande_cov_pct(1, 3), 100.0 / 3, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(dande_cov_pct(0, 0), 100.0, 1e-9);
}

static void test_coverage__patch_from_a_diff(void)
{
	static const char diff[] =
		"diff --git a/src/a.c b/src/a.c\n"
		"--- a/src/a.c\n"
		"+++ b/src/a.c\n"
		"@@ -1,2 +1,4 @@\n"
		" int a;\n"
		"+int b;\n"
		"+int c;\n"
		"-int gone;\n"
		"+\n"
		"@@ -10,0 +12,2 @@\n"
		"+x();\n"
		"+y();\n"
		"diff --git a/old.c b/new.c\n"
		"similarity index 90%\n"
		"rename from old.c\n"
		"rename to new.c\n"
		"--- a/old.c\n"
		"+++ b/new.c\n"
		"@@ -3 +3 @@\n"
		"-z();\n"
		"+w();\n"
		"diff --git a/dead.c b/dead.c\n"
		"--- a/dead.c\n"
		"+++ /dev/null\n"
		"@@ -1 +0,0 @@\n"
		"-bye\n";
	static const char lcov[] = "SF:src/a.c\nDA:1,1\nDA:2,0\nDA:3,0\n"
		"DA:4,1\nDA:12,0\nDA:13,1\nend_of_record\nSF:new.c\nDA:3,2\n"
		"end_of_record\n";
	struct dande_patch *p = NULL;
	struct dande_patch_result r;
	struct dande_cov *c = NULL;
	struct dande_covgate_result g;
	struct dande_buf out = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_patch_parse(&p, diff, sizeof(diff) - 1,
						"d"));
	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, lcov, sizeof(lcov) - 1, "l",
					      NULL));
	dande_patch_cover(p, c, &r);
	/* src/a.c: 2,3 (uncovered), 4 (covered), 12 (uncovered), 13;
	 * new.c: 3 (covered, through the rename) */
	CU_ASSERT_EQUAL(r.changed_lines, 6);
	CU_ASSERT_EQUAL(r.changed_covered, 3);
	CU_ASSERT_EQUAL_FATAL(r.uncovered.nr, 2);
	CU_ASSERT_STRING_EQUAL(r.uncovered.v[0], "src/a.c:2-3");
	CU_ASSERT_STRING_EQUAL(r.uncovered.v[1], "src/a.c:12-12");
	dande_covgate_decide(c, 85, -1, -1, 0, NULL, &g);
	dande_patch_format(&out, &r, &g, 80, 0, 0, "main");
	DANDE_ASSERT_CONTAINS(out.ptr, "patch coverage 50.0% < 80.0% (3/6 "
			      "changed lines since main)");
	DANDE_ASSERT_CONTAINS(out.ptr, "src/a.c (40.0%): uncovered 2-3, 12");
	dande_buf_reset(&out);
	dande_patch_format(&out, &r, &g, 80, 0, 1, "main");
	DANDE_ASSERT_CONTAINS(out.ptr, "\"uncovered\": [\n    \"src/a.c:2-3\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "\"patch_pct\": 50.0");
	dande_patch_result_release(&r);
	dande_patch_free(p);
	dande_cov_free(c);
	DANDE_ASSERT_ERR(dande_patch_parse(&p, "+++ b/x\n@@ bogus @@\n", 20,
					   "bad.diff"), DANDE_EINVALID,
			 "bad.diff:2: bad hunk header");
	DANDE_ASSERT_ERR(dande_patch_parse(&p, "+++ b/x\n@@ -1,2 +1,2 @@\n"
					   " a\nzzz\n", 29, "bad.diff"),
			 DANDE_EINVALID, "bad.diff:4: hunk ends early");
	dande_buf_release(&out);
}

/* Every file at least fileThreshold: the total passes, the gate fails,
 * and the files under it are named in text, JSON and Markdown (a path
 * from a report escaped for a table cell). */
static void test_coverage__files_under_the_file_threshold(void)
{
	static const char lcov[] = "SF:a.c\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,1\n"
		"DA:5,1\nDA:6,1\nDA:7,1\nDA:8,1\nDA:9,1\nend_of_record\n"
		"SF:b|`x`.c\nDA:1,1\nDA:2,0\nend_of_record\n";
	struct dande_cov *c = NULL;
	struct dande_covgate_result g;
	struct dande_buf out = DANDE_BUF_INIT;

	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, lcov, sizeof(lcov) - 1, "l",
					      NULL));
	dande_covgate_decide(c, 85, -1, 85, 0, NULL, &g);
	CU_ASSERT_EQUAL(g.below_line, 0);
	CU_ASSERT_EQUAL(g.files_below, 1);
	CU_ASSERT_EQUAL(g.passed, 0);
	dande_covgate_format(&out, c, &g, 0);
	CU_ASSERT_STRING_EQUAL(out.ptr, "coverage 90.9% >= 85.0% (10/11 "
			       "lines)\n1 file under 85.0%:\n   50.0%  b|`x`.c\n");
	dande_buf_reset(&out);
	dande_covgate_format(&out, c, &g, 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "\"files_under\": [\n    {\n      "
			      "\"file\": \"b|`x`.c\",\n      \"pct\": 50.0");
	dande_buf_reset(&out);
	dande_covgate_format(&out, c, &g, 2);
	DANDE_ASSERT_CONTAINS(out.ptr, "### Coverage gate: **failed**");
	DANDE_ASSERT_CONTAINS(out.ptr, "| every file | 1 under | 85.0% :x: |");
	DANDE_ASSERT_CONTAINS(out.ptr, "| `b\\|'x'.c` | 1/2 | 50.0% |");
	/* no threshold for files: none named, the gate passes */
	dande_buf_reset(&out);
	dande_covgate_decide(c, 85, -1, -1, 0, NULL, &g);
	CU_ASSERT_EQUAL(g.passed, 1);
	dande_covgate_format(&out, c, &g, 2);
	DANDE_ASSERT_CONTAINS(out.ptr, "### Coverage gate: passed");
	CU_ASSERT_PTR_NULL(strstr(out.ptr, "every file"));
	dande_buf_release(&out);
	dande_cov_free(c);
}

static void test_coverage__gate_message_and_badge(void)
{
	static const char lcov[] = "SF:a.c\nDA:1,1\nDA:2,1\nDA:3,0\nDA:4,0\n"
		"end_of_record\n";
	struct dande_cov *c = NULL;
	struct dande_covgate_result g;
	struct dande_buf out = DANDE_BUF_INIT;

	dande_cov_new(&c, NULL);
	DANDE_ASSERT_OK(dande_cov_load_memory(c, lcov, sizeof(lcov) - 1, "l",
					      NULL));
	dande_covgate_decide(c, 85, -1, -1, 0, NULL, &g);
	CU_ASSERT_EQUAL(g.passed, 0);
	dande_covgate_format(&out, c, &g, 0);
	DANDE_ASSERT_CONTAINS(out.ptr, "coverage 50.0% < 85.0% (2/4 lines): "
			      "cover 2 more lines\n");
	DANDE_ASSERT_CONTAINS(out.ptr, "       2 uncovered   50.0%  a.c");
	dande_buf_reset(&out);
	dande_covgate_decide(c, 50, -1, -1, 0, NULL, &g);
	CU_ASSERT_EQUAL(g.passed, 1);
	dande_covgate_format(&out, c, &g, 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "\"passed\": true");
	DANDE_ASSERT_CONTAINS(out.ptr, "\"branch_pct\": null");
	dande_buf_reset(&out);
	/* the gate's verdict: 82% under 85 is red, 87% yellow, 91% green */
	dande_covgate_badge(&out, 84.9, 85);
	DANDE_ASSERT_CONTAINS(out.ptr, "aria-label=\"coverage: 84%\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "fill=\"#e05d44\"");
	dande_buf_reset(&out);
	dande_covgate_badge(&out, 87, 85);
	DANDE_ASSERT_CONTAINS(out.ptr, "fill=\"#dfb317\"");
	dande_buf_reset(&out);
	dande_covgate_badge(&out, 91, 85);
	DANDE_ASSERT_CONTAINS(out.ptr, "fill=\"#4c1\"");
	dande_buf_reset(&out);
	dande_covgate_badge(&out, 82, 80);
	DANDE_ASSERT_CONTAINS(out.ptr, "fill=\"#dfb317\"");
	dande_buf_reset(&out);
	dande_covgate_thousands(&out, 1234567);
	CU_ASSERT_STRING_EQUAL(out.ptr, "1,234,567");
	dande_buf_release(&out);
	dande_cov_free(c);
}

CU_TestInfo test_coverage_tests[] = {
	{ "test_coverage__c_project_reports", test_coverage__c_project_reports },
	{ "test_coverage__py_project_reports",
	  test_coverage__py_project_reports },
	{ "test_coverage__gcovr_reports", test_coverage__gcovr_reports },
	{ "test_coverage__go_reports", test_coverage__go_reports },
	{ "test_coverage__lcov_line_zero_counts",
	  test_coverage__lcov_line_zero_counts },
	{ "test_coverage__go_paths_and_lines",
	  test_coverage__go_paths_and_lines },
	{ "test_coverage__bad_reports_are_refused",
	  test_coverage__bad_reports_are_refused },
	{ "test_coverage__merge_takes_the_maximum",
	  test_coverage__merge_takes_the_maximum },
	{ "test_coverage__filters", test_coverage__filters },
	{ "test_coverage__paths", test_coverage__paths },
	{ "test_coverage__patch_from_a_diff", test_coverage__patch_from_a_diff },
	{ "test_coverage__files_under_the_file_threshold",
	  test_coverage__files_under_the_file_threshold },
	{ "test_coverage__gate_message_and_badge",
	  test_coverage__gate_message_and_badge },
	CU_TEST_INFO_NULL
};

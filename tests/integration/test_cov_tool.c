/*
 * dande-cov run as a user runs it, in real git repositories made with
 * libgit2: the gate, the ratchet across commits and branches, an explicit
 * floor, history, patch coverage against the merge-base, a badge, and
 * bad input that writes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "integration/suites.h"

/* An LCOV report of src/calc.c with `covered` of 10 lines covered. */
static void write_lcov(const char *dir, const char *name, int covered)
{
	struct dande_buf b = DANDE_BUF_INIT;
	int i;

	dande_buf_adds(&b, "TN:\nSF:src/calc.c\n");
	for (i = 1; i <= 10; i++)
		dande_buf_addf(&b, "DA:%d,%d\n", i, i <= covered ? 3 : 0);
	dande_buf_adds(&b, "end_of_record\n");
	dande_test_write(dir, name, b.ptr);
	dande_buf_release(&b);
}

/* dande cov ARGS..., NULL */
#define cov(res, dir, ...) \
	dande_test_dande(res, dir, "cov", __VA_ARGS__)

static struct dande_repo *make_repo(const char *dir)
{
	struct dande_repo *repo = NULL;
	int i;
	struct dande_buf src = DANDE_BUF_INIT;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	for (i = 1; i <= 10; i++)
		dande_buf_addf(&src, "line %d;\n", i);
	dande_test_write(dir, "src/calc.c", src.ptr);
	dande_test_write(dir, ".gitignore", "data/\n*.lcov\n*.svg\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "base\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	dande_buf_release(&src);
	return repo;
}

static void test_cov_tool__gate_and_ratchet(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_repo(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	write_lcov(dir, "c9.lcov", 9);
	write_lcov(dir, "c8.lcov", 8);
	write_lcov(dir, "c7.lcov", 7);
	/* under the default 85% */
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c8.lcov", NULL), 1);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "coverage 80.0% < 85.0% (8/10 "
			       "lines): cover 1 more line\n       2 uncovered  "
			       " 80.0%  src/calc.c\n");
	/* first ratchet: no history on the branch yet (the failed gate
	 * above recorded 80%, so look at a fresh database) */
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c9.lcov", "--min", "70",
			    "--ratchet", "--db", "r.db", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "ratchet: no earlier figure");
	/* a drop below the best on the branch fails */
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c8.lcov", "--min", "70",
			    "--ratchet", "--db", "r.db", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "ratchet: floor 89.9% (branch): "
			      "coverage DROPPED below it");
	/* lowering the floor needs a reason, and then lets it through */
	CU_ASSERT_EQUAL(cov(&res, dir, "floor", "set", "75", "--db", "r.db",
			    NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "floor set needs --reason TEXT");
	CU_ASSERT_EQUAL(cov(&res, dir, "floor", "set", "75", "--reason",
			    "vendored parser", "--db", "r.db", NULL), 0);
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c8.lcov", "--min", "70",
			    "--ratchet", "--db", "r.db", NULL), 0);
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c7.lcov", "--min", "70",
			    "--ratchet", "--db", "r.db", NULL), 1);
	CU_ASSERT_EQUAL(cov(&res, dir, "floor", "show", "--db", "r.db", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "on main (branch)");
	/* history: every measurement, oldest first */
	CU_ASSERT_EQUAL(cov(&res, dir, "history", "--db", "r.db", "--json",
			    NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line_pct\": 90.0");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line_pct\": 70.0");
	/* JSON of the gate */
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c9.lcov", "--json", "--db",
			    "j.db", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"lines_valid\": 10,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line_pct\": 90.0,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"threshold\": 85.0,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"passed\": true");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_cov_tool__new_branch_inherits_the_merge_base(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_repo(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf head = DANDE_BUF_INIT;

	write_lcov(dir, "c9.lcov", 9);
	write_lcov(dir, "c8.lcov", 8);
	CU_ASSERT_EQUAL(cov(&res, dir, "ingest", "c9.lcov", "-q", NULL), 0);
	/* a new branch at the same commit: its floor is main's figure */
	dande_buf_addf(&head, "%s/.git/HEAD", dir);
	{
		struct dande_buf ref = DANDE_BUF_INIT;
		char *id;

		dande_buf_addf(&ref, "%s/.git/refs/heads/main", dir);
		id = dande_test_read(ref.ptr);
		if (id) {
			dande_test_write(dir, ".git/refs/heads/feature", id);
			dande_test_write(dir, ".git/HEAD",
					 "ref: refs/heads/feature\n");
		}
		free(id);
		dande_buf_release(&ref);
	}
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "c8.lcov", "--min", "70",
			    "--ratchet", "--base", "main", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "(merge-base ");
	dande_proc_result_release(&res);
	dande_buf_release(&head);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_cov_tool__patch_against_the_merge_base(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_repo(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf src = DANDE_BUF_INIT;
	int i;

	/* change lines 4 and 5 and add 11-12, uncommitted */
	for (i = 1; i <= 12; i++)
		dande_buf_addf(&src, "line %d%s;\n", i,
			       i == 4 || i == 5 || i > 10 ? " changed" : "");
	dande_test_write(dir, "src/calc.c", src.ptr);
	dande_test_write(dir, "p.lcov", "SF:src/calc.c\nDA:4,1\nDA:5,0\n"
			 "DA:11,0\nDA:12,0\nDA:1,1\nend_of_record\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "p.lcov", "--base", "main",
			    "--min", "50", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "patch coverage 25.0% < 50.0% "
			      "(1/4 changed lines since main");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "src/calc.c (25.0%): uncovered 5, "
			      "11-12");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "p.lcov", "--base", "main",
			    "--min", "20", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"changed_lines\": 4,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"src/calc.c:11-12\"");
	/* no base to be had: said so, exit 4 */
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "p.lcov", "--base",
			    "origin/nowhere", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no base to diff against");
	dande_proc_result_release(&res);
	dande_buf_release(&src);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* Reports made in a container (/src/...) or on a CI runner
 * (/home/runner/work/x/x/...) name the repository's files under another
 * root: they are placed in the repository, so patch coverage finds the
 * changed lines (it said 100% before); coverage.paths rewrites what no
 * tail of finds; what stays outside is named. */
static void test_cov_tool__paths_from_elsewhere(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_repo(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf src = DANDE_BUF_INIT;
	int i;

	for (i = 1; i <= 12; i++)
		dande_buf_addf(&src, "line %d%s;\n", i,
			       i == 4 || i == 5 || i > 10 ? " changed" : "");
	dande_test_write(dir, "src/calc.c", src.ptr);
	/* Cobertura from a container that mounted the checkout at /src */
	dande_test_write(dir, "c.xml", "<?xml version=\"1.0\" ?>\n"
		"<coverage line-rate=\"0.5\" version=\"6.5\">\n"
		"<sources><source>/src</source></sources>\n<packages>\n"
		"<package name=\"src\"><classes>\n"
		"<class name=\"calc.c\" filename=\"src/calc.c\"><lines>\n"
		"<line number=\"1\" hits=\"1\"/><line number=\"4\" hits=\"1\"/>"
		"\n<line number=\"5\" hits=\"0\"/>"
		"<line number=\"11\" hits=\"0\"/>\n"
		"<line number=\"12\" hits=\"0\"/>\n"
		"</lines></class></classes></package></packages></coverage>\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "c.xml", "--base", "main",
			    "--min", "50", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "patch coverage 25.0% < 50.0% "
			      "(1/4 changed lines since main");
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "");
	/* LCOV from a CI runner, plus a file of the system's */
	dande_test_write(dir, "r.lcov", "SF:/home/runner/work/x/x/src/calc.c\n"
			 "DA:1,1\nDA:4,1\nDA:5,1\nDA:11,0\nDA:12,1\n"
			 "end_of_record\nSF:/usr/lib/python3/site.py\nDA:1,1\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "r.lcov", "--base", "main",
			    "--min", "50", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "patch coverage 75.0% >= 50.0% "
			      "(3/4 changed lines since main");
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-cov: warning: 1 file of the "
			       "reports is not in the repository (map them "
			       "with coverage.paths = FROM:TO):\n"
			       "  /usr/lib/python3/site.py\n");
	/* both reports at once: one file, merged */
	CU_ASSERT_EQUAL(cov(&res, dir, "report", "c.xml", "r.lcov", "-q",
			    "--format", "markdown", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "| `src/calc.c` | 5 | 4 | 80.0 |");
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "/home/runner"));
	/* a build directory no tail of which is in the repository */
	dande_test_write(dir, "b.lcov", "SF:/build/7f3a/gen/calc.c\nDA:4,1\n"
			 "DA:5,1\nDA:11,1\nDA:12,1\nend_of_record\n");
	dande_test_write(dir, ".dande.conf", "[coverage]\n"
			 "\tpaths = /build/*/gen/:src/\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "b.lcov", "--base", "main",
			    NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "patch coverage 100.0% >= 85.0% "
			      "(4/4 changed lines since main");
	/* nothing of the report is here, and no changed line is found:
	 * not 100%, a report that does not fit (exit 3) */
	dande_test_write(dir, ".dande.conf", "");
	dande_test_write(dir, "x.lcov", "SF:/ci/other/gen/\x1b]0;t\x07.c\n"
			 "DA:4,1\nend_of_record\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "x.lcov", "--base", "main",
			    "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "1 of the report's 1 files are "
			      "not in the repository (such as '/ci/other/gen/"
			      "\\x1b]0;t\\x07.c'), and no changed line is in "
			      "the others: map them with coverage.paths");
	/* per-file floors over none of the repository's files: the same */
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "x.lcov", "--file-min", "50",
			    "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "per-file floors: none of the "
			      "report's 1 files is in the repository");
	/* counted before coverage.include: it had taken the one file away
	 * ("1 of the report's 0 files"), and the per-file check with it */
	dande_test_write(dir, ".dande.conf", "[coverage]\n"
			 "\tinclude = src/*\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "patch", "x.lcov", "--base", "main",
			    "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "1 of the report's 1 files are "
			      "not in the repository");
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "x.lcov", "--file-min", "50",
			    "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "per-file floors: none of the "
			      "report's 1 files is in the repository");
	dande_test_write(dir, ".dande.conf", "[coverage]\n\tpaths = /build\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "b.lcov", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "coverage.paths: '/build' is not "
			      "FROM:TO");
	dande_proc_result_release(&res);
	dande_buf_release(&src);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_cov_tool__bad_input_writes_nothing(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf db = DANDE_BUF_INIT, p = DANDE_BUF_INIT;

	write_lcov(dir, "ok.lcov", 9);
	dande_test_write(dir, "bad.lcov", "SF:a.c\nDA:-1,1\nend_of_record\n");
	CU_ASSERT_EQUAL(cov(&res, dir, "ingest", "ok.lcov", "-q", NULL), 0);
	dande_buf_addf(&db, "%s/data/DandE.db", dir);
	CU_ASSERT_EQUAL(cov(&res, dir, "gate", "ok.lcov", "bad.lcov", NULL), 3);
	dande_buf_addf(&p, "dande-cov: bad.lcov:2: bad line number '-1'\n");
	CU_ASSERT_STRING_EQUAL(res.err.ptr, p.ptr);
	CU_ASSERT_EQUAL(cov(&res, dir, "history", NULL), 0);
	/* only the first ingest is there */
	CU_ASSERT_EQUAL(strstr(res.out.ptr, "\n") ==
			res.out.ptr + strlen(res.out.ptr) - 1, 1);
	/* the badge and the report read the last measurement */
	CU_ASSERT_EQUAL(cov(&res, dir, "badge", "-o", "cov.svg", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "wrote cov.svg (90%)\n");
	/* without -o, on stdout; 90% is 5 points above the 85% gate: green */
	CU_ASSERT_EQUAL(cov(&res, dir, "badge", NULL), 0);
	CU_ASSERT_EQUAL(strncmp(res.out.ptr, "<svg ", 5), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<title>coverage: 90%</title>");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "fill=\"#4c1\"");
	CU_ASSERT_EQUAL(cov(&res, dir, "report", "--format", "markdown", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "| `src/calc.c` | 10 | 9 | 90.0 |");
	dande_proc_result_release(&res);
	dande_buf_release(&db);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

CU_TestInfo test_cov_tool_tests[] = {
	{ "test_cov_tool__gate_and_ratchet", test_cov_tool__gate_and_ratchet },
	{ "test_cov_tool__new_branch_inherits_the_merge_base",
	  test_cov_tool__new_branch_inherits_the_merge_base },
	{ "test_cov_tool__patch_against_the_merge_base",
	  test_cov_tool__patch_against_the_merge_base },
	{ "test_cov_tool__paths_from_elsewhere",
	  test_cov_tool__paths_from_elsewhere },
	{ "test_cov_tool__bad_input_writes_nothing",
	  test_cov_tool__bad_input_writes_nothing },
	CU_TEST_INFO_NULL
};

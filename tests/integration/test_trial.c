/*
 * dande trial in a real repository, its attempts in a real database (on
 * the PostgreSQL pass, a real server): a command that passes, fails,
 * dies of a signal, runs out of time and cannot be run, each recorded
 * with what it was tried on and exiting as documented; the report of
 * every feature and of one, in text and JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/git.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

static void test_trial__attempts_are_recorded(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char head[DANDE_OID_BUFSZ];

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "2.3.0\n");
	dande_test_write(dir, ".gitignore", "data/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: login\n", "T",
					      "t@example.com", 1700000000,
					      head));
	/* the command's output is the user's; its code is trial's */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "login", "--",
					 "sh", "-c", "echo trying; exit 3",
					 NULL), 3);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "trying\n");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "login: attempt recorded as "
			      "failed (exit 3)");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "login", "--",
					 "true", NULL), 0);
	CU_ASSERT_EQUAL(res.err.len, 0);
	/* a signal: 128 + N; out of time: 124; not runnable: 4 */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "login", "--",
					 "sh", "-c", "kill -TERM $$", NULL),
			128 + 15);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "--timeout", "1",
					 "slow", "--", "sleep", "30", NULL),
			124);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "gone", "--",
					 "./no-such-program", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no-such-program");
	/* usage: nothing run, nothing recorded */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "login", NULL),
			2);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "--json",
					 "login", "--", "true", NULL), 2);

	/* each feature: attempts, success rate, last outcome */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "report", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "gone: 0 of 1 passed (0.0%), last "
			      "error at ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "slow: 0 of 1 passed (0.0%), last "
			      "timeout at ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "login: 1 of 3 passed (33.3%), "
			      "last failed at ");
	/* one feature, newest first, with what it was tried on */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "report", "login",
					 "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"feature\": \"login\",\n"
			      "  \"attempts\": 3,\n  \"passed\": 1,\n"
			      "  \"success_rate\": 33.3,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"outcome\": \"failed\",\n"
			      "      \"exit_code\": null,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"command\": \"sh -c echo trying; "
			      "exit 3\",");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"version\": \"2.3.0\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, head);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"branch\": \"main\"");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "report", "login",
					 "--limit", "1", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "login: 1 of 3 passed (33.3%)\n"
			      "  #3 ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "... and 2 more (--all lists every "
			      "one)");
	/* --all: every attempt, nothing left out */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "report", "login",
					 "--limit", "1", "--all", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  #1 ");
	CU_ASSERT(strstr(res.out.ptr, "more (") == NULL);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "trial", "report", "none",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "none: no attempt recorded");
	/* the documents' table, as they query it */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "feature, outcome, exit_code FROM "
					 "trial_runs ORDER BY id", "--format",
					 "csv", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "feature,outcome,exit_code\n"
			       "login,failed,3\nlogin,passed,0\nlogin,failed,\n"
			       "slow,timeout,\ngone,error,\n");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_trial_tests[] = {
	{ "test_trial__attempts_are_recorded",
	  test_trial__attempts_are_recorded },
	CU_TEST_INFO_NULL
};

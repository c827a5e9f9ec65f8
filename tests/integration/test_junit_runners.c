/*
 * The reports real test runners wrote (tests/data/junit/runners/<runner>/,
 * each with its source suite, its regen.sh and an `expected` file giving
 * what the runner said, in dande's terms) ingested through the tool into
 * a fresh database: the run's totals must match.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "lib/test.h"
#include "integration/suites.h"

static void check_runner(const char *dir, const char *runner, int *checked)
{
	struct dande_buf p = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *expected, *line, *next, *tmp = dande_test_tmpdir();

	dande_buf_addf(&p, "%s/expected", dir);
	expected = dande_test_read(p.ptr);
	if (!expected) {
		dande_buf_reset(&want);
		dande_buf_addf(&want, "%s: no expected file", runner);
		DANDE_FAIL(want.ptr);
		goto done;
	}
	for (line = expected; line && *line; line = next) {
		char file[256];
		long n[6];
		const char *args[] = { "junit", "ingest", NULL, "--json",
				       "--fail-on", "none", NULL };
		const char *env[] = { NULL, NULL };
		struct dande_buf dbenv = DANDE_BUF_INIT;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		if (sscanf(line, "%255s invalid", file) == 1 &&
		    strstr(line, "\tinvalid")) {
			/* a malformed report: exit 3, file:line named */
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/%s", dir, file);
			args[2] = p.ptr;
			dande_buf_addf(&dbenv, "DANDE_DB=%s/%s.db", tmp,
				       runner);
			env[0] = dbenv.ptr;
			CU_ASSERT_EQUAL(dande_test_tool(&res, tmp, env,
							"dande", args), 3);
			dande_buf_reset(&want);
			dande_buf_addf(&want, "%s:", p.ptr);
			DANDE_ASSERT_CONTAINS(res.err.ptr, want.ptr);
			(*checked)++;
			dande_buf_release(&dbenv);
			continue;
		}
		if (sscanf(line, "%255s %ld %ld %ld %ld %ld %ld", file, &n[0],
			   &n[1], &n[2], &n[3], &n[4], &n[5]) != 7) {
			DANDE_FAIL(line);
			continue;
		}
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/%s", dir, file);
		args[2] = p.ptr;
		dande_buf_addf(&dbenv, "DANDE_DB=%s/%s.db", tmp, runner);
		env[0] = dbenv.ptr;
		CU_ASSERT_EQUAL(dande_test_tool(&res, tmp, env, "dande", args),
				0);
		dande_buf_reset(&want);
		dande_buf_addf(&want, "\"tests\": %ld,\n  \"passed\": %ld,\n  "
			       "\"failed\": %ld,\n  \"errors\": %ld,\n  "
			       "\"skipped\": %ld,\n  \"flaky\": %ld,", n[0],
			       n[1], n[2], n[3], n[4], n[5]);
		if (!strstr(res.out.ptr, want.ptr)) {
			struct dande_buf msg = DANDE_BUF_INIT;

			dande_buf_addf(&msg, "%s/%s: want %s in %.600s%s",
				       runner, file, want.ptr, res.out.ptr,
				       res.err.ptr);
			DANDE_FAIL(msg.ptr);
			dande_buf_release(&msg);
		}
		(*checked)++;
		dande_buf_release(&dbenv);
	}
done:
	free(expected);
	dande_proc_result_release(&res);
	dande_buf_release(&p);
	dande_buf_release(&want);
	dande_test_rmtree(tmp);
}

static void test_junit_runners__reports_of_real_runners(void)
{
	struct dande_buf root = DANDE_BUF_INIT, dir = DANDE_BUF_INIT;
	struct dirent **list = NULL;
	int i, n, checked = 0, runners = 0;

	dande_buf_addf(&root, "%s/junit/runners", dande_test_data());
	n = scandir(root.ptr, &list, NULL, alphasort);
	CU_ASSERT_FATAL(n > 0);
	for (i = 0; i < n; i++) {
		dande_fs_join(&dir, root.ptr, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && dande_fs_is_dir(dir.ptr)) {
			check_runner(dir.ptr, list[i]->d_name, &checked);
			runners++;
		}
		free(list[i]);
	}
	free(list);
	printf("    (%d runners, %d reports)\n", runners, checked);
	CU_ASSERT(runners >= 10);
	dande_buf_release(&root);
	dande_buf_release(&dir);
}

CU_TestInfo test_junit_runners_tests[] = {
	{ "test_junit_runners__reports_of_real_runners",
	  test_junit_runners__reports_of_real_runners },
	CU_TEST_INFO_NULL
};

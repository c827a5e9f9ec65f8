/*
 * The e2e test binary: the CI templates run as a CI runs them, and tests
 * against a real Docker engine.  When no engine answers it prints "SKIP:
 * no docker engine" and runs the engine suites not at all (it never
 * reports a pass it did not earn); tests/e2e/engine.sh starts one on these
 * machines.  Each test uses its own names and labels its
 * containers `dande.test`, and cleans up after itself.
 * Usage: e2e [suite[/test]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/test.h"
#include "e2e/suites.h"

/* 1 when `docker info` answers within 20 s. */
static int engine_answers(struct dande_buf *why)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int ok;

	dande_strvec_push(&cmd.args, "docker");
	dande_strvec_push(&cmd.args, "info");
	dande_strvec_push(&cmd.args, "--format");
	dande_strvec_push(&cmd.args, "{{.ServerVersion}}");
	cmd.capture_out = cmd.capture_err = 1;
	cmd.stdin_null = 1;
	cmd.timeout_ms = 20000;
	ok = dande_proc_run(&cmd, &res) == 0 &&
		res.status == DANDE_PROC_EXITED && res.exit_code == 0;
	if (!ok)
		dande_buf_adds(why, res.err.len ? res.err.ptr :
			       dande_error_last() ?
			       dande_error_last()->message : "no answer");
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	return ok;
}

static struct dande_buf no_engine = DANDE_BUF_INIT;

static void skip_no_engine(void)
{
	dande_test_skip(no_engine.ptr);
}

/* A copy of `tests` whose every test says why it cannot run. */
static CU_TestInfo *skipped(const CU_TestInfo *tests)
{
	CU_TestInfo *copy;
	size_t n = 0, i;

	while (tests[n].pName)
		n++;
	copy = dande_xcalloc(n + 1, sizeof(*copy));
	for (i = 0; i < n; i++) {
		copy[i].pName = tests[i].pName;
		copy[i].pTestFunc = skip_no_engine;
	}
	return copy;
}

int main(int argc, char **argv)
{
	CU_SuiteInfo suites[] = {
		{ "ci", NULL, NULL, NULL, NULL, test_ci_tests },
		{ "ecosystems", NULL, NULL, NULL, NULL, test_ecosystems_tests },
		{ "engine", NULL, NULL, NULL, NULL, test_engine_tests },
		{ "env", NULL, NULL, NULL, NULL, test_env_tests },
		{ "report", NULL, NULL, NULL, NULL, test_report_tests },
		{ "install", NULL, NULL, NULL, NULL, test_install_tests },
		CU_SUITE_INFO_NULL
	};
	struct dande_buf why = DANDE_BUF_INIT;

	int rc;

	/* the engine suites need an engine; the CI templates do not.  Without
	 * one, each of their tests is reported skipped, with the reason */
	if (getenv("DANDE_NO_ENGINE") && *getenv("DANDE_NO_ENGINE") &&
	    strcmp(getenv("DANDE_NO_ENGINE"), "0")) {
		dande_buf_adds(&why, "DANDE_NO_ENGINE is set");
	}
	if (why.len || !engine_answers(&why)) {
		dande_buf_reset(&no_engine);
		dande_buf_addf(&no_engine, "no docker engine (%.*s); start one "
			       "with tests/e2e/engine.sh",
			       (int)strcspn(why.ptr, "\n"), why.ptr);
		printf("SKIP: %s\n", no_engine.ptr);
		suites[2].pTests = skipped(test_engine_tests);
		suites[3].pTests = skipped(test_env_tests);
	}
	dande_buf_release(&why);
	rc = dande_test_main(argc, argv, "e2e", suites);
	if (suites[2].pTests != test_engine_tests) {
		free(suites[2].pTests);
		free(suites[3].pTests);
	}
	dande_buf_release(&no_engine);
	return rc;
}

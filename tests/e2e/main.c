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

int main(int argc, char **argv)
{
	CU_SuiteInfo suites[] = {
		{ "ci", NULL, NULL, NULL, NULL, test_ci_tests },
		{ "engine", NULL, NULL, NULL, NULL, test_engine_tests },
		{ "env", NULL, NULL, NULL, NULL, test_env_tests },
		CU_SUITE_INFO_NULL
	};
	struct dande_buf why = DANDE_BUF_INIT;

	/* the engine suites need an engine; the CI templates do not */
	if (!engine_answers(&why)) {
		printf("SKIP: no docker engine (%.*s): the engine and env "
		       "suites do not run; start one with tests/e2e/engine.sh"
		       "\n", (int)strcspn(why.ptr, "\n"), why.ptr);
		suites[1] = suites[3];
	}
	dande_buf_release(&why);
	return dande_test_main(argc, argv, "e2e", suites);
}

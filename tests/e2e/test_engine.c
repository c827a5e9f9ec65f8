/*
 * e2e: the engine plumbing the environment tool will stand on: a labelled
 * throw-away container run through dande_proc (argv, never a shell
 * string) returns its exit code and output, bind mounts carry files out,
 * and Compose v1 runs a labelled project and tears it down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/proc.h"
#include "lib/test.h"
#include "e2e/suites.h"

static int docker(struct dande_proc_result *res, const char *cwd,
		  const char *const *args)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	int r;

	dande_strvec_pushv(&cmd.args, args);
	cmd.cwd = cwd;
	cmd.capture_out = cmd.capture_err = 1;
	cmd.stdin_null = 1;
	cmd.timeout_ms = 120000;
	dande_buf_reset(&res->out);
	dande_buf_reset(&res->err);
	r = dande_proc_run(&cmd, res);
	dande_cmd_release(&cmd);
	return r < 0 || res->status != DANDE_PROC_EXITED ? -1 : res->exit_code;
}

static void test_engine__run_returns_exit_code_and_output(void)
{
	const char *args[] = { "docker", "run", "--rm", "--label",
			       "dande.test=engine", "busybox:local", "sh", "-c",
			       "echo hello from busybox; exit 3", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	CU_ASSERT_EQUAL(docker(&res, NULL, args), 3);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "hello from busybox\n");
	dande_proc_result_release(&res);
}

static void test_engine__bind_mount_carries_reports_out(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf vol = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	const char *args[] = { "docker", "run", "--rm", "--label",
			       "dande.test=engine", "-v", NULL, "busybox:local",
			       "sh", "-c", "echo '<testsuites/>' > "
			       "/reports/junit.xml", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	dande_buf_addf(&vol, "%s:/reports", dir);
	args[6] = vol.ptr;
	CU_ASSERT_EQUAL(docker(&res, NULL, args), 0);
	dande_buf_addf(&path, "%s/junit.xml", dir);
	got = dande_test_read(path.ptr);
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got)
		CU_ASSERT_STRING_EQUAL(got, "<testsuites/>\n");
	free(got);
	dande_proc_result_release(&res);
	dande_buf_release(&vol);
	dande_buf_release(&path);
	dande_test_rmtree(dir);
}

static void test_engine__compose_project_up_and_down(void)
{
	char *dir = dande_test_tmpdir();
	char project[64];
	const char *up[] = { "docker-compose", "-f", "compose.yml", "-p", NULL,
			     "up", "-d", NULL };
	const char *ps[] = { "docker", "ps", "-q", "--filter", NULL, NULL };
	const char *down[] = { "docker-compose", "-f", "compose.yml", "-p",
			       NULL, "down", "-v", "--remove-orphans", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf filter = DANDE_BUF_INIT;

	snprintf(project, sizeof(project), "dande-e2e-%ld", (long)getpid());
	up[4] = down[4] = project;
	dande_buf_addf(&filter, "label=com.docker.compose.project=%s", project);
	ps[4] = filter.ptr;
	dande_test_write(dir, "compose.yml",
		"version: \"2.4\"\n"
		"services:\n"
		"  idle:\n"
		"    image: busybox:local\n"
		"    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; "
		"while :; do sleep 1; done\"]\n"
		"    labels:\n"
		"      dande.test: engine\n");
	if (docker(&res, dir, up) != 0) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "compose up failed: %.900s",
			 res.err.ptr);
		DANDE_FAIL(msg);
	}
	CU_ASSERT_EQUAL(docker(&res, NULL, ps), 0);
	CU_ASSERT(strlen(res.out.ptr) >= 12);
	CU_ASSERT_EQUAL(docker(&res, dir, down), 0);
	CU_ASSERT_EQUAL(docker(&res, NULL, ps), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "");
	dande_proc_result_release(&res);
	dande_buf_release(&filter);
	dande_test_rmtree(dir);
}

CU_TestInfo test_engine_tests[] = {
	{ "test_engine__run_returns_exit_code_and_output",
	  test_engine__run_returns_exit_code_and_output },
	{ "test_engine__bind_mount_carries_reports_out",
	  test_engine__bind_mount_carries_reports_out },
	{ "test_engine__compose_project_up_and_down",
	  test_engine__compose_project_up_and_down },
	CU_TEST_INFO_NULL
};

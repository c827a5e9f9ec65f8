/* Unit tests of lib/util/proc.c: fork/exec, capture, exit, timeout. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/proc.h"
#include "lib/test.h"
#include "unit/suites.h"

static int run(struct dande_proc_result *res, const char *const *argv,
	       int timeout_ms)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	int r;

	dande_strvec_pushv(&cmd.args, argv);
	cmd.capture_out = cmd.capture_err = 1;
	cmd.stdin_null = 1;
	cmd.timeout_ms = timeout_ms;
	r = dande_proc_run(&cmd, res);
	dande_cmd_release(&cmd);
	return r;
}

static void test_proc__captures_and_exits(void)
{
	const char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 7",
			       NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK(run(&res, argv, 0));
	CU_ASSERT_EQUAL(res.status, DANDE_PROC_EXITED);
	CU_ASSERT_EQUAL(res.exit_code, 7);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "out\n");
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "err\n");
	dande_proc_result_release(&res);
}

static void test_proc__argv_is_not_a_shell_string(void)
{
	const char *argv[] = { "printf", "%s|", "a b", "$HOME", "; rm -rf /",
			       NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK(run(&res, argv, 0));
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "a b|$HOME|; rm -rf /|");
	dande_proc_result_release(&res);
}

static void test_proc__missing_program_is_notfound(void)
{
	const char *argv[] = { "dande-no-such-program", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_ERR(run(&res, argv, 0), DANDE_ENOTFOUND,
			 "cannot run 'dande-no-such-program'");
	dande_proc_result_release(&res);
}

static void test_proc__stdin_env_and_cwd(void)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf big = DANDE_BUF_INIT;
	size_t i;

	/* More than a pipe buffer each way, to exercise the poll loop. */
	for (i = 0; i < 20000; i++)
		dande_buf_adds(&big, "0123456789\n");
	dande_strvec_push(&cmd.args, "sh");
	dande_strvec_push(&cmd.args, "-c");
	dande_strvec_push(&cmd.args, "wc -l; echo \"$DANDE_X-${HOME:-unset}\"; pwd");
	dande_strvec_push(&cmd.env, "DANDE_X=set");
	dande_strvec_push(&cmd.env, "HOME");
	cmd.cwd = "/";
	cmd.stdin_data = big.ptr;
	cmd.stdin_len = big.len;
	cmd.capture_out = 1;
	DANDE_ASSERT_OK(dande_proc_run(&cmd, &res));
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "20000\nset-unset\n/\n");
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_buf_release(&big);
}

/* A child that exits without reading its stdin: we see EPIPE, not
 * SIGPIPE, and report how the child ended. */
static void test_proc__child_that_reads_nothing(void)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *mib = dande_xcalloc(1, 1 << 20);
	int round;

	memset(mib, 'x', 1 << 20);
	for (round = 0; round < 3; round++) {
		dande_cmd_release(&cmd);
		dande_strvec_push(&cmd.args, round == 2 ? "false" : "true");
		cmd.stdin_data = mib;
		cmd.stdin_len = 1 << 20;
		DANDE_ASSERT_OK(dande_proc_run(&cmd, &res));
		CU_ASSERT_EQUAL(res.status, DANDE_PROC_EXITED);
		CU_ASSERT_EQUAL(res.exit_code, round == 2 ? 1 : 0);
	}
	/* and SIGPIPE's disposition is ours again afterwards */
	{
		struct sigaction now;

		sigaction(SIGPIPE, NULL, &now);
		CU_ASSERT(now.sa_handler == SIG_DFL);
	}
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	free(mib);
}

static void test_proc__timeout_kills(void)
{
	const char *argv[] = { "sleep", "10", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK(run(&res, argv, 200));
	CU_ASSERT_EQUAL(res.status, DANDE_PROC_TIMEDOUT);
	CU_ASSERT(res.duration_s < 5);
	dande_proc_result_release(&res);
}

static void test_proc__signal_is_reported(void)
{
	const char *argv[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK(run(&res, argv, 0));
	CU_ASSERT_EQUAL(res.status, DANDE_PROC_SIGNALED);
	CU_ASSERT_EQUAL(res.signal, SIGTERM);
	dande_proc_result_release(&res);
}

static void test_proc__stdout_to_file(void)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf p = DANDE_BUF_INIT;

	dande_buf_addf(&p, "%s/out.txt", dir);
	dande_strvec_push(&cmd.args, "echo");
	dande_strvec_push(&cmd.args, "to-file");
	cmd.stdout_path = p.ptr;
	DANDE_ASSERT_OK(dande_proc_run(&cmd, &res));
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "to-file\n");
	free(got);
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

/* A child in a group of its own announces the group before it runs; once
 * it ends, what it left in the group (a background process holding the
 * output pipe) is killed instead of being waited for. */
static void test_proc__own_group_announced_and_cleared(void)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char line[64] = "";
	int p[2];
	ssize_t n;

	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	dande_strvec_push(&cmd.args, "sh");
	dande_strvec_push(&cmd.args, "-c");
	dande_strvec_push(&cmd.args, "sleep 30 & echo $$; exit 3");
	cmd.capture_out = 1;
	cmd.own_group = 1;
	cmd.announce_fd = p[1];
	DANDE_ASSERT_OK(dande_proc_run(&cmd, &res));
	CU_ASSERT_EQUAL(res.exit_code, 3);
	CU_ASSERT(res.duration_s < 10);
	close(p[1]);
	n = read(p[0], line, sizeof(line) - 1);
	CU_ASSERT(n > 5);
	line[n > 0 ? n : 0] = '\0';
	/* the group is the child's own: "pgid <its pid>" */
	CU_ASSERT(!strncmp(line, "pgid ", 5));
	CU_ASSERT_EQUAL(atol(line + 5), atol(res.out.ptr));
	close(p[0]);
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
}

CU_TestInfo test_proc_tests[] = {
	{ "test_proc__own_group_announced_and_cleared",
	  test_proc__own_group_announced_and_cleared },
	{ "test_proc__captures_and_exits", test_proc__captures_and_exits },
	{ "test_proc__argv_is_not_a_shell_string",
	  test_proc__argv_is_not_a_shell_string },
	{ "test_proc__missing_program_is_notfound",
	  test_proc__missing_program_is_notfound },
	{ "test_proc__stdin_env_and_cwd", test_proc__stdin_env_and_cwd },
	{ "test_proc__child_that_reads_nothing",
	  test_proc__child_that_reads_nothing },
	{ "test_proc__timeout_kills", test_proc__timeout_kills },
	{ "test_proc__signal_is_reported", test_proc__signal_is_reported },
	{ "test_proc__stdout_to_file", test_proc__stdout_to_file },
	CU_TEST_INFO_NULL
};

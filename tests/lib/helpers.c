/*
 * helpers.c: temp dirs, paths, file helpers and assertion back-ends for
 * the tests.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "dande/db.h"
#include "dande/fs.h"
#include "lib/test.h"

void dande_test__check_ok(int r, const char *expr, const char *file, int line,
			  CU_BOOL fatal)
{
	const struct dande_error *e = dande_error_last();
	char msg[2048];

	if (r >= 0) {
		CU_assertImplementation(CU_TRUE, (unsigned)line, expr, file, "",
					CU_FALSE);
		return;
	}
	snprintf(msg, sizeof(msg), "%s returned %d: %s", expr, r,
		 e ? e->message : "(no error recorded)");
	CU_assertImplementation(CU_FALSE, (unsigned)line, msg, file, "", fatal);
}

void dande_test__check_err(int r, int code, const char *needle,
			   const char *expr, const char *file, int line)
{
	const struct dande_error *e = dande_error_last();
	char msg[2048];
	int ok = r == code && (!needle || (e && strstr(e->message, needle)));

	snprintf(msg, sizeof(msg), "%s returned %d (want %d), error '%s' "
		 "(want it to contain '%s')", expr, r, code,
		 e ? e->message : "", needle ? needle : "");
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg,
				file, "", CU_FALSE);
}

void dande_test__contains(const char *hay, const char *needle,
			  const char *file, int line)
{
	char msg[4096];
	int ok = hay && needle && strstr(hay, needle);

	snprintf(msg, sizeof(msg), "'%.3000s' should contain '%s'",
		 hay ? hay : "(null)", needle ? needle : "(null)");
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg,
				file, "", CU_FALSE);
}

char *dande_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	struct dande_buf b = DANDE_BUF_INIT;

	dande_buf_addf(&b, "%s/dande-test-XXXXXX", base && *base ? base :
		       "/tmp");
	if (!mkdtemp(b.ptr)) {
		perror("mkdtemp");
		abort();
	}
	return dande_buf_detach(&b, NULL);
}

void dande_test_rmtree(char *dir)
{
	if (!dir)
		return;
	if (dande_fs_remove_tree(dir) < 0)
		fprintf(stderr, "warning: %s\n", dande_error_last()->message);
	free(dir);
}

const char *dande_test_data(void)
{
	const char *d = getenv("DANDE_TEST_DATA");

	return d && *d ? d : "tests/data";
}

const char *dande_test_bin(void)
{
	const char *d = getenv("DANDE_TEST_BIN");

	return d && *d ? d : "build/bin";
}

const char *dande_test_shared(void)
{
	const char *d = getenv("DANDE_TEST_SHARED");

	if (!d || !*d)
		d = "../shared";
	return dande_fs_is_dir(d) ? d : NULL;
}

void dande_test_write(const char *dir, const char *name, const char *text)
{
	struct dande_buf path = DANDE_BUF_INIT, parent = DANDE_BUF_INIT;

	dande_fs_join(&path, dir, name);
	dande_fs_dirname(&parent, path.ptr);
	if (dande_fs_mkdir_p(parent.ptr, 0755) < 0 ||
	    dande_fs_write_atomic(path.ptr, text, strlen(text)) < 0) {
		fprintf(stderr, "cannot write %s: %s\n", path.ptr,
			dande_error_last()->message);
		abort();
	}
	dande_buf_release(&path);
	dande_buf_release(&parent);
}

char *dande_test_read(const char *path)
{
	struct dande_buf b = DANDE_BUF_INIT;

	if (dande_buf_read_file(&b, path) < 0) {
		dande_buf_release(&b);
		dande_error_clear();
		return NULL;
	}
	return dande_buf_detach(&b, NULL);
}

int dande_test_timeout_ms = 60000;

int dande_test_run(struct dande_proc_result *res, const char *cwd,
		   const char *const *env, const char *const *argv)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	int r;

	dande_strvec_pushv(&cmd.args, argv);
	/* A clean slate: no DANDE_* settings from the caller's shell. */
	/* the test's own database on another engine (runner.c), else
	 * none: each tool finds its file */
	if (dande_test__engine_db)
		dande_strvec_pushf(&cmd.env, "DANDE_DB=%s",
				   dande_test__engine_db);
	else
		dande_strvec_push(&cmd.env, "DANDE_DB");
	dande_strvec_push(&cmd.env, "CI");
	if (env)
		dande_strvec_pushv(&cmd.env, env);
	cmd.cwd = cwd;
	cmd.stdin_null = 1;
	cmd.capture_out = cmd.capture_err = 1;
	cmd.timeout_ms = dande_test_timeout_ms;
	dande_buf_reset(&res->out);
	dande_buf_reset(&res->err);
	r = dande_proc_run(&cmd, res);
	dande_cmd_release(&cmd);
	if (r < 0 || res->status != DANDE_PROC_EXITED)
		return -1;
	return res->exit_code;
}

int dande_test_tool(struct dande_proc_result *res, const char *cwd,
		    const char *const *env, const char *tool,
		    const char *const *args)
{
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	int r;

	dande_strvec_pushf(&argv, "%s/%s", dande_test_bin(), tool);
	dande_strvec_pushv(&argv, args);
	r = dande_test_run(res, cwd, env, (const char *const *)argv.v);
	dande_strvec_release(&argv);
	return r;
}

int dande_test_dande(struct dande_proc_result *res, const char *cwd, ...)
{
	const char *args[32];
	va_list ap;
	int n = 0;

	va_start(ap, cwd);
	while (n < 31 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n] = NULL;
	return dande_test_tool(res, cwd, NULL, "dande", args);
}

int dande_test_first_int(void *payload, size_t ncols,
			 const char *const *names,
			 const struct dande_db_value *values)
{
	(void)names;
	if (values && ncols)
		*(long *)payload = (long)values[0].i;
	return 0;
}

void dande_test_replace(struct dande_buf *b, const char *what,
			const char *with)
{
	struct dande_buf out = DANDE_BUF_INIT;
	const char *p = b->ptr, *q;

	while ((q = strstr(p, what))) {
		dande_buf_add(&out, p, (size_t)(q - p));
		dande_buf_adds(&out, with);
		p = q + strlen(what);
	}
	dande_buf_adds(&out, p);
	dande_buf_reset(b);
	dande_buf_adds(b, out.ptr);
	dande_buf_release(&out);
}

int dande_test_is_json(const char *text)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *doc;
	size_t len = text ? strlen(text) : 0;
	int ok;

	doc = json_tokener_parse_ex(tok, text ? text : "", (int)len);
	ok = doc && json_tokener_get_error(tok) == json_tokener_success &&
		strspn(text + json_tokener_get_parse_end(tok), " \t\r\n") ==
		strlen(text + json_tokener_get_parse_end(tok));
	json_object_put(doc);
	json_tokener_free(tok);
	return ok;
}

/*
 * Run `dande ARGS` in `dir` with stderr on a pseudo-terminal (stdout to
 * a file) and `env` added; what the terminal got into `tty`.  The exit
 * code, or -1.
 */
int dande_test_on_terminal(const char *dir, const char *const *env,
		       const char *const *args, struct dande_buf *tty)
{
	struct dande_buf bin = DANDE_BUF_INIT;
	int master, slave = -1, status = 0;
	pid_t pid;
	char buf[4096];

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		if (master >= 0)
			close(master);
		return -1;
	}
	dande_buf_addf(&bin, "%s/dande", dande_test_bin());
	pid = fork();
	if (pid == 0) {
		int out;

		if (chdir(dir) < 0)
			_exit(127);
		out = open("stdout.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(out, 1);
		dup2(slave, 2);
		close(master);
		for (; env && *env; env++)
			putenv((char *)*env);
		unsetenv("DANDE_DB");
		execv(bin.ptr, (char *const *)args);
		_exit(127);
	}
	close(slave);
	for (;;) {
		struct pollfd pfd = { master, POLLIN, 0 };
		ssize_t n;

		if (poll(&pfd, 1, 60000) <= 0)
			break;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break;	/* EIO: every writer is gone */
		dande_buf_add(tty, buf, (size_t)n);
	}
	close(master);
	waitpid(pid, &status, 0);
	dande_buf_release(&bin);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}


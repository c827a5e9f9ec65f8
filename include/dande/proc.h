/*
 * proc.h: run an external program with fork/exec and an argv array;
 * never through a shell string.
 *
 * Output is captured with poll() so the pipes cannot deadlock; an exec
 * failure is reported back through a close-on-exec pipe, so "no such
 * program" is a real message, not a guess from exit code 127.
 */
#ifndef DANDE_PROC_H
#define DANDE_PROC_H

#include <signal.h>

#include "dande/buf.h"

struct dande_cmd {
	struct dande_strvec args;	/* args.v[0] is the program */
	struct dande_strvec env;	/* "K=V" sets, "K" unsets */
	const char *cwd;		/* NULL: inherit */
	const char *stdin_data;		/* fed to stdin when set */
	size_t stdin_len;
	int stdin_null;			/* stdin from /dev/null */
	int capture_out, capture_err;	/* into the result's bufs */
	const char *stdout_path;	/* else: stdout to this file */
	int timeout_ms;			/* 0: none; else kill the group */
	/* when set and it turns non-zero (a signal handler's flag): stop
	 * the child with SIGTERM, SIGKILL 10 s later */
	const volatile sig_atomic_t *cancel;
	int own_group;			/* the child leads a process group of
					   its own (a timeout implies it);
					   cancel and timeout stop the group */
	int announce_fd;		/* > 0: the child writes "pgid N\n" to
					   it before it runs the program (a
					   reaper learns what to kill) */
};

#define DANDE_CMD_INIT { DANDE_STRVEC_INIT, DANDE_STRVEC_INIT, NULL, NULL, \
	0, 0, 0, 0, NULL, 0, NULL, 0, 0 }

enum dande_proc_status {
	DANDE_PROC_EXITED,
	DANDE_PROC_SIGNALED,
	DANDE_PROC_TIMEDOUT
};

struct dande_proc_result {
	enum dande_proc_status status;
	int exit_code;			/* when EXITED */
	int signal;			/* when SIGNALED */
	struct dande_buf out, err;	/* when captured */
	double duration_s;
};

#define DANDE_PROC_RESULT_INIT { DANDE_PROC_EXITED, 0, 0, DANDE_BUF_INIT, \
	DANDE_BUF_INIT, 0.0 }

/*
 * Run `cmd` to completion.  Returns 0 when the program ran (whatever its
 * exit status, which is in `res`), DANDE_ENOTFOUND when it could not be
 * executed (not found, not executable), DANDE_EEXTERNAL when fork, pipe
 * or wait failed.
 */
int dande_proc_run(const struct dande_cmd *cmd, struct dande_proc_result *res);

void dande_cmd_release(struct dande_cmd *cmd);
void dande_proc_result_release(struct dande_proc_result *res);

/* The value of `name` in `envp` ("K=V" entries; NULL: the process's
 * environment), or NULL. */
const char *dande_getenv(const char *const *envp, const char *name);

/* A command line into argv words appended to `out`: blanks separate,
 * single or double quotes group (and are dropped); no shell, no escapes. */
void dande_split_words(struct dande_strvec *out, const char *s);

#endif

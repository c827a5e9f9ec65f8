/*
 * proc.c: run a program with fork/execvpe and an argv array (git's
 * run-command, libgit2's process.h).  Output is read with poll() so the
 * pipes cannot deadlock; an exec failure travels back through a
 * close-on-exec pipe as the child's errno; a timeout kills the child's
 * process group.  Only async-signal-safe calls happen in the child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/proc.h"
#include "banned.h"

extern char **environ;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The child's environment: ours, with cmd->env applied. */
static void build_env(struct dande_strvec *out, const struct dande_strvec *mods)
{
	char **e;
	size_t i;

	for (e = environ; e && *e; e++) {
		size_t klen = strcspn(*e, "=");
		int drop = 0;

		for (i = 0; i < mods->nr && !drop; i++) {
			size_t mlen = strcspn(mods->v[i], "=");

			drop = mlen == klen && !strncmp(*e, mods->v[i], klen);
		}
		if (!drop)
			dande_strvec_push(out, *e);
	}
	for (i = 0; i < mods->nr; i++)
		if (strchr(mods->v[i], '='))
			dande_strvec_push(out, mods->v[i]);
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

static DANDE_NORETURN void child(const struct dande_cmd *cmd, char **envp,
				 int in[2], int out[2], int err[2], int ep[2])
{
	int e;

	if (cmd->timeout_ms > 0 || cmd->own_group)
		setpgid(0, 0);
	if (cmd->announce_fd > 0) {
		char line[48];
		int n = snprintf(line, sizeof(line), "pgid %ld\n",
				 (long)getpgrp());

		/* one write of less than PIPE_BUF: whole or not at all */
		(void)!write(cmd->announce_fd, line, (size_t)n);
	}
	signal(SIGPIPE, SIG_DFL);
	if (in[0] >= 0)
		dup2(in[0], 0);
	else if (cmd->stdin_null) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
	}
	if (out[1] >= 0) {
		dup2(out[1], 1);
	} else if (cmd->stdout_path) {
		int fd = open(cmd->stdout_path, O_WRONLY | O_CREAT | O_TRUNC,
			      0644);

		if (fd < 0)
			goto fail;
		if (fd != 1) {
			dup2(fd, 1);
			close(fd);
		}
	}
	if (err[1] >= 0)
		dup2(err[1], 2);
	if (cmd->cwd && chdir(cmd->cwd) < 0)
		goto fail;
	execvpe(cmd->args.v[0], cmd->args.v, envp);
fail:
	e = errno;
	(void)!write(ep[1], &e, sizeof(e));
	_exit(127);
}

/* Once *cmd->cancel is set: SIGTERM, and SIGKILL 10 s later.  1 while a
 * cancel is under way. */
static int cancel_child(const struct dande_cmd *cmd, pid_t pid,
			double *cancelled_at)
{
	if (!*cmd->cancel)
		return 0;
	if (*cancelled_at == 0) {
		*cancelled_at = now_s();
		if (cmd->timeout_ms > 0 || cmd->own_group)
			kill(-pid, SIGTERM);
		kill(pid, SIGTERM);
	} else if (*cancelled_at > 0 && now_s() - *cancelled_at > 10) {
		if (cmd->timeout_ms > 0 || cmd->own_group)
			kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		*cancelled_at = -1;
	}
	return 1;
}

int dande_proc_run(const struct dande_cmd *cmd, struct dande_proc_result *res)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	int ep[2] = { -1, -1 };
	struct dande_strvec envp = DANDE_STRVEC_INIT;
	size_t in_off = 0;
	double start, deadline = 0, cancelled_at = 0;
	int status = 0, child_errno = 0, r = 0, reaped = 0;
	struct sigaction ign, old_pipe;
	ssize_t n;
	pid_t pid;

	DANDE_ASSERT(cmd->args.nr > 0);
	/*
	 * A child may exit without reading all of its stdin (a chained hook
	 * that ignores the refs it is given): its pipe then raises SIGPIPE
	 * in us.  Ignore it while we feed the child and take EPIPE as "the
	 * child stopped reading", as git's run-command does; the child gets
	 * the default disposition back before exec.
	 */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	res->status = DANDE_PROC_EXITED;
	res->exit_code = res->signal = 0;
	build_env(&envp, &cmd->env);

	if ((cmd->stdin_data && pipe2(in, O_CLOEXEC) < 0) ||
	    (cmd->capture_out && pipe2(out, O_CLOEXEC) < 0) ||
	    (cmd->capture_err && pipe2(err, O_CLOEXEC) < 0) ||
	    pipe2(ep, O_CLOEXEC) < 0) {
		r = dande_error_set_os(DANDE_EEXTERNAL, "pipe failed");
		goto done;
	}
	start = now_s();
	if (cmd->timeout_ms > 0)
		deadline = start + cmd->timeout_ms / 1000.0;
	pid = fork();
	if (pid < 0) {
		r = dande_error_set_os(DANDE_EEXTERNAL, "fork failed");
		goto done;
	}
	if (pid == 0)
		child(cmd, envp.v, in, out, err, ep);

	close(ep[1]);
	ep[1] = -1;
	if (in[0] >= 0) { close(in[0]); in[0] = -1; }
	if (out[1] >= 0) { close(out[1]); out[1] = -1; }
	if (err[1] >= 0) { close(err[1]); err[1] = -1; }
	while ((n = read(ep[0], &child_errno, sizeof(child_errno))) < 0 &&
	       errno == EINTR)
		;
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		errno = child_errno;
		r = dande_error_set_os(child_errno == ENOENT ||
				       child_errno == EACCES ?
				       DANDE_ENOTFOUND : DANDE_EEXTERNAL,
				       "cannot run '%s'", cmd->args.v[0]);
		goto done;
	}
	if (in[1] >= 0)
		fcntl(in[1], F_SETFL, O_NONBLOCK);

	while (in[1] >= 0 || out[0] >= 0 || err[0] >= 0) {
		struct pollfd pfd[3];
		int nfd = 0, timeout = -1, i;

		if (in[1] >= 0)
			pfd[nfd++] = (struct pollfd){ in[1], POLLOUT, 0 };
		if (out[0] >= 0)
			pfd[nfd++] = (struct pollfd){ out[0], POLLIN, 0 };
		if (err[0] >= 0)
			pfd[nfd++] = (struct pollfd){ err[0], POLLIN, 0 };
		if (deadline > 0) {
			double left = deadline - now_s();

			if (left <= 0)
				break;
			timeout = (int)(left * 1000) + 1;
		}
		if (cmd->cancel) {
			cancel_child(cmd, pid, &cancelled_at);
			if (timeout < 0 || timeout > 100)
				timeout = 100;
		}
		/* a group of its own: once the child has ended, what is left
		 * of the group (a crashed Compose's `docker start --attach`)
		 * is an orphan that would hold the pipes open forever */
		if (cmd->own_group && !reaped) {
			if (timeout < 0 || timeout > 100)
				timeout = 100;
			if (waitpid(pid, &status, WNOHANG) == pid) {
				reaped = 1;
				kill(-pid, SIGKILL);
			}
		}
		if (poll(pfd, (nfds_t)nfd, timeout) < 0) {
			if (errno == EINTR)
				continue;
			r = dande_error_set_os(DANDE_EEXTERNAL, "poll failed");
			break;
		}
		for (i = 0; i < nfd; i++) {
			int fd = pfd[i].fd;
			char chunk[8192];

			if (!pfd[i].revents)
				continue;
			if (fd == in[1]) {
				n = write(fd, cmd->stdin_data + in_off,
					  cmd->stdin_len - in_off);
				if (n > 0)
					in_off += (size_t)n;
				/* EPIPE: the child stopped reading */
				if ((n < 0 && errno != EAGAIN &&
				     errno != EINTR) ||
				    in_off == cmd->stdin_len) {
					close(in[1]);
					in[1] = -1;
				}
				continue;
			}
			n = read(fd, chunk, sizeof(chunk));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close(fd);
				if (fd == out[0])
					out[0] = -1;
				else
					err[0] = -1;
				continue;
			}
			/* A capture over the buffer's cap keeps its head. */
			(void)dande_buf_add(fd == out[0] ? &res->out : &res->err,
					    chunk, (size_t)n);
		}
	}
	/* The pipes may close before the child ends: keep to the deadline. */
	while ((deadline > 0 || cmd->cancel) && !reaped) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		if (w == pid) {
			reaped = 1;
		} else if (w < 0 && errno != EINTR) {
			r = dande_error_set_os(DANDE_EEXTERNAL,
					       "waitpid failed");
			goto done;
		} else if (cmd->cancel && cancel_child(cmd, pid,
						       &cancelled_at)) {
			nanosleep(&ts, NULL);
		} else if (deadline > 0 && now_s() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			res->status = DANDE_PROC_TIMEDOUT;
			break;
		} else {
			nanosleep(&ts, NULL);
		}
	}
	while (!reaped && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			r = dande_error_set_os(DANDE_EEXTERNAL,
					       "waitpid failed");
			goto done;
		}
	}
	res->duration_s = now_s() - start;
	if (res->status == DANDE_PROC_TIMEDOUT)
		;
	else if (WIFEXITED(status))
		res->exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status)) {
		res->status = DANDE_PROC_SIGNALED;
		res->signal = WTERMSIG(status);
	}
done:
	close_pair(in);
	close_pair(out);
	close_pair(err);
	close_pair(ep);
	dande_strvec_release(&envp);
	sigaction(SIGPIPE, &old_pipe, NULL);
	return r;
}

void dande_cmd_release(struct dande_cmd *cmd)
{
	dande_strvec_release(&cmd->args);
	dande_strvec_release(&cmd->env);
}

void dande_proc_result_release(struct dande_proc_result *res)
{
	dande_buf_release(&res->out);
	dande_buf_release(&res->err);
}

/*
 * A command line into argv words: single or double quotes group (a
 * git-config value keeps single quotes as they are); no shell.
 */
const char *dande_getenv(const char *const *envp, const char *name)
{
	size_t n = strlen(name);

	if (!envp)
		return getenv(name);
	for (; *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

void dande_split_words(struct dande_strvec *out, const char *s)
{
	struct dande_buf w = DANDE_BUF_INIT;
	int any = 0;
	char quote = 0;

	for (;; s++) {
		if (*s && (quote ? *s == quote : (*s == '"' || *s == '\''))) {
			quote = quote ? 0 : *s;
			any = 1;
			continue;
		}
		if (!*s || (!quote && (*s == ' ' || *s == '\t'))) {
			if (any)
				dande_strvec_push(out, w.ptr);
			dande_buf_reset(&w);
			any = 0;
			if (!*s)
				break;
			continue;
		}
		dande_buf_addch(&w, *s);
		any = 1;
	}
	dande_buf_release(&w);
}

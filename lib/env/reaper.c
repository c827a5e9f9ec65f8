/*
 * reaper.c: the reaper of a test run (env_int.h), as Testcontainers' Ryuk
 * but without a container: a double-forked process in a session of its
 * own, holding the read end of a pipe whose only write end is dande's
 * (close-on-exec, so no Compose command keeps it open).  Each Compose
 * command writes "pgid N" to it before it runs; dande writes "done" when
 * it has torn the project down itself.  At the end of the pipe without
 * "done" (dande was killed, or crashed), the reaper kills those process
 * groups, so that no orphaned Compose goes on creating containers, and
 * removes the project's containers, networks and volumes through the
 * engine, twice, a second apart (what a dying Compose made last).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/envrun.h"
#include "dande/error.h"
#include "env/engine_int.h"
#include "env_int.h"
#include "util/banned.h"

#define MAX_GROUPS 256

/* Read announcements until the end of the pipe: 1 when dande said
 * "done", else 0, with the process groups into `groups`. */
static int listen_to(int fd, pid_t *groups, size_t *ngroups)
{
	char buf[4096];
	size_t len = 0;
	int done = 0;

	for (;;) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
		char *nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = memchr(buf, '\n', len))) {
			*nl = '\0';
			if (!strncmp(buf, "pgid ", 5) && *ngroups < MAX_GROUPS) {
				long g = strtol(buf + 5, NULL, 10);

				if (g > 1)
					groups[(*ngroups)++] = (pid_t)g;
			} else if (!strcmp(buf, "done")) {
				done = 1;
			}
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len);
		}
		if (len == sizeof(buf) - 1)
			len = 0;	/* not ours: a line that long */
	}
	return done;
}

static DANDE_NORETURN void reap(int fd, const char *label)
{
	pid_t groups[MAX_GROUPS];
	size_t ngroups = 0, i;
	struct dande_engine *e = NULL;
	int pass;

	if (listen_to(fd, groups, &ngroups))
		_exit(0);
	for (i = 0; i < ngroups; i++)
		kill(-groups[i], SIGKILL);
	if (dande_engine_open(&e, NULL) == 0) {
		for (pass = 0; pass < 2; pass++) {
			struct timespec second = { 1, 0 };

			if (pass)
				nanosleep(&second, NULL);
			dande_env__purge(e, label, 1);
		}
		dande_engine_free(e);
	}
	_exit(0);
}

int dande_env__reaper_start(struct dande_envrun *r)
{
	struct dande_buf label = DANDE_BUF_INIT;
	int p[2], status;
	pid_t pid;

	dande_env__project_label(r, &label);
	if (pipe(p) < 0) {
		dande_buf_release(&label);
		return dande_error_set_os(DANDE_EEXTERNAL, "cannot start the "
					  "reaper");
	}
	/* dande's end only: Compose must not hold the pipe open */
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		dande_buf_release(&label);
		return dande_error_set_os(DANDE_EEXTERNAL, "cannot start the "
					  "reaper");
	}
	if (pid == 0) {
		long fd, max = sysconf(_SC_OPEN_MAX);
		int null;

		/* the middle one goes at once: the reaper is init's */
		if (fork() != 0)
			_exit(0);
		setsid();
		signal(SIGINT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		/* nothing of dande's open (its stdout may be a pipe someone
		 * reads to the end) but the read end */
		if (max < 0 || max > 65536)
			max = 65536;
		for (fd = 0; fd < max; fd++)
			if (fd != p[0])
				close((int)fd);
		if ((null = open("/dev/null", O_RDWR)) >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			if (null > 2)
				close(null);
		}
		reap(p[0], label.ptr);
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->reaper_fd = p[1];
	dande_buf_release(&label);
	return 0;
}

void dande_env__reaper_done(struct dande_envrun *r)
{
	if (r->reaper_fd <= 0)
		return;
	(void)!write(r->reaper_fd, "done\n", 5);
	close(r->reaper_fd);
	r->reaper_fd = 0;
}

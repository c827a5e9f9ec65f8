/*
 * env_int.h: what the modules of `dande env` share: the messages, running
 * Compose, the wait until ready and the removal of a project's
 * leftovers (envrun.c), used by the test cycle (envtest.c) and by
 * status, logs and sweep (envstatus.c).
 */
#ifndef DANDE_ENV_INT_H
#define DANDE_ENV_INT_H

#include "dande/buf.h"
#include "dande/error.h"

struct dande_envrun;
struct dande_container;
struct dande_env;
struct dande_envfile;

/* Progress, and problems met on the way (a log excerpt, a teardown
 * that needed the engine), through the caller's report().  What makes a
 * command fail is not said here: it is recorded with dande_error_set()
 * and returned, as everywhere in the library. */
void dande_env__say(const struct dande_envrun *r, const char *fmt, ...)
	DANDE_PRINTF(2, 3);
void dande_env__problem(const struct dande_envrun *r, const char *fmt, ...)
	DANDE_PRINTF(2, 3);

/* A monotonic clock, in seconds. */
double dande_env__now(void);

/* How dande_env__compose() runs Compose. */
enum {
	ENV_SHOW = 1,		/* its output shown as it comes, else only
				   when it fails */
	ENV_TEARDOWN = 2,	/* its own process group, bounded */
	ENV_STDIN = 4,		/* stdin passed through */
	ENV_CANCEL = 8		/* stopped when a signal is caught */
};

/* Compose with `verb` for the environment: its exit code (what it said
 * when it failed is reported as a problem), or -1 when it could not run
 * or timed out, with the error recorded. */
int dande_env__compose(struct dande_envrun *r, const char *const *verb,
		       int flags);

/* Every env.NAME.require (NAME=VALUE) holds, from the env file, else
 * the environment; else DANDE_EUSAGE refusing to run `what`, naming the
 * variable. */
int dande_env__require(const struct dande_env *env,
		       const struct dande_envfile *vars, const char *what);

/* Who listens on TCP `port` at `ip` ("" or a wildcard: any interface)
 * of this machine, from /proc/net/tcp and tcp6 and the processes'
 * descriptors: "pid N (command)" into `who`. */
enum dande_port_state {
	DANDE_PORT_FREE,
	DANDE_PORT_HOST,	/* a process of this machine */
	DANDE_PORT_HIDDEN,	/* a process this user cannot see */
	DANDE_PORT_CONTAINER	/* an engine's forwarder (docker-proxy) */
};
/* The socket tables, read once (on first use) for every port a check
 * asks about: each read costs the kernel a walk of its connections. */
struct dande_env_sockets {
	struct dande_buf table[2];	/* /proc/net/tcp, tcp6 */
	int read;
};
#define DANDE_ENV_SOCKETS_INIT { { DANDE_BUF_INIT, DANDE_BUF_INIT }, 0 }
void dande_env__sockets_release(struct dande_env_sockets *s);
enum dande_port_state dande_env__port_in_use(struct dande_env_sockets *s,
					     const char *ip, long port,
					     struct dande_buf *who);

/* The LISTEN entry for `port` at `ip` in the text of /proc/net/tcp
 * (`v6`: tcp6), its socket inode into *inode; 1 when there is one. */
int dande_env__listening(const char *table, int v6, const char *ip, long port,
			 unsigned long *inode);

/* "com.docker.compose.project=<project>" */
void dande_env__project_label(const struct dande_envrun *r,
			      struct dande_buf *out);

/* Why a container is not ready (into `why`), NULL when it is; *broken
 * when it will not get there. */
const char *dande_env__not_ready(const struct dande_container *c,
				 int *broken, struct dande_buf *why);

/* Wait until every container is ready and every health URL answers 2xx:
 * 0, or -1 having said which service (into `service`) and why (into
 * `what`), `type` naming how it failed. */
int dande_env__wait_ready(struct dande_envrun *r, int timeout_s,
			  const char **type, struct dande_buf *what,
			  struct dande_buf *service);

/* Remove, through the engine, every container and network left with the
 * project's label, and its volumes too for a test run (r->owner). */
void dande_env__remove_leftovers(struct dande_envrun *r);

/* The same through `e` for the project label `label`: containers,
 * networks and, when `volumes`, volumes.  Errors are cleared. */
struct dande_engine;
void dande_env__purge(struct dande_engine *e, const char *label,
		      int volumes);

/*
 * The reaper of a test run (reaper.c), as Testcontainers' Ryuk: a process
 * of its own session, started before the first Compose command, that
 * waits for dande to end.  When dande ends without saying it is done
 * (SIGKILL, a crash), the reaper kills the process groups of the Compose
 * commands dande ran (each announced itself on r->reaper_fd) and removes
 * the project's containers, networks and volumes through the engine.
 * start: 0, or the error (the run goes on without a reaper).  done: dande
 * tore down itself; the reaper leaves.
 */
int dande_env__reaper_start(struct dande_envrun *r);
void dande_env__reaper_done(struct dande_envrun *r);

#endif

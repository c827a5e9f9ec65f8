/*
 * envrun.h: the dande env commands on the engine: up, down, run, the
 * test cycle, status, logs, sweep, and the signals that stop them.
 */
#ifndef DANDE_ENVRUN_H
#define DANDE_ENVRUN_H

#include <signal.h>

#include "dande/env.h"

struct dande_engine;
struct dande_repo;

/* What a command says as it goes: `problem` 0 for progress, 1 for a
 * problem met on the way (a failing service's log, a teardown that needed
 * the engine); one message, no program name, no final newline (a log
 * excerpt spans lines).  Why a command failed is its error, not said. */
typedef void (*dande_envrun_report_fn)(void *payload, int problem,
				    const char *msg);

/* One command on one environment.  The fields up to `payload` are the
 * caller's; the rest is set by dande_envrun_open(). */
struct dande_envrun {
	const char *root;		/* the repository root */
	const char *base;		/* project name before sanitising */
	const char *id;			/* isolated run id; NULL: none */
	const struct dande_env *env;	/* NULL: status and sweep */
	const struct dande_config *cfg;
	struct dande_repo *repo;	/* NULL outside a repository */
	const char *db_path;		/* where test records its runs */
	int quiet;			/* Compose's own output only on failure */
	int verbose;			/* say each Compose command */
	dande_envrun_report_fn report;	/* NULL: nothing is said */
	/* NULL, or called at each look while waiting for the services
	 * ("2 of 3 ready, db: starting"); NULL `state`: the wait is over */
	void (*waiting)(void *payload, const char *state);
	void *payload;

	struct dande_strvec tool;	/* the Compose argv prefix */
	struct dande_engine *engine;
	struct dande_buf project;	/* <base>-<env>[-<id>] */
	struct dande_buf tmpdir;	/* holds the labels override */
	struct dande_buf labels_file;
	struct dande_strvec services;	/* in the compose files, in order */
	struct dande_strvec published;	/* "SERVICE\tIP\tPORT" each host
					   port the files publish */
	struct dande_envfile vars;
	int owner;			/* label containers with our pid */
	int reaper_fd;			/* > 0: the reaper's pipe (a test
					   run); Compose runs in its own
					   process group, announced there */
};

/*
 * Find the engine (DANDE_EEXTERNAL naming its address when it does not
 * answer), and for an environment: the Compose tool, the project name,
 * the compose files (services, labels override).  Exit-code-free: the
 * library's error codes.
 */
int dande_envrun_open(struct dande_envrun *r, int owner);
void dande_envrun_close(struct dande_envrun *r);

/*
 * The commands.  Each returns 0, or a negative dande_error_code with the
 * message recorded (DANDE_EEXTERNAL: the engine, Compose or a service
 * failed; DANDE_EUSAGE: the environment is not set up for it;
 * DANDE_EINVALID: a malformed report), having reported progress (and the
 * logs of a failing service) through r->report.  run and test give the
 * command's own exit code in *exit_code.  What status, logs and sweep
 * report is appended to `out` (for stdout).
 */
int dande_envrun_up(struct dande_envrun *r, int timeout_s);
int dande_envrun_down(struct dande_envrun *r, int volumes);
/* compose build: the images the files build, shown as it goes. */
int dande_envrun_build(struct dande_envrun *r);
int dande_envrun_run(struct dande_envrun *r, const char *service,
		     const char *const *argv, int *exit_code);
int dande_envrun_test(struct dande_envrun *r, int timeout_s, int *exit_code);
int dande_envrun_status(struct dande_envrun *r, const char *env, int json,
			struct dande_buf *out);
int dande_envrun_logs(struct dande_envrun *r, const char *service, int tail,
		      struct dande_buf *out);
int dande_envrun_sweep(struct dande_envrun *r, int all, int volumes,
		       int dry_run, struct dande_buf *out);

/* Refuse a database whose name lacks "test": 0, or DANDE_EUSAGE saying
 * which variable names which database (exposed for tests). */
int dande_env_test_database_ok(const struct dande_env *env,
			       const struct dande_envfile *vars);

/* ---- signals ---- */

/* Catch SIGINT, SIGTERM and SIGHUP into a flag (the first one caught
 * wins); the running child is stopped and the teardown runs, then
 * dande_env_signals_reraise() dies of it. */
void dande_env_signals_catch(void);
int dande_env_signal_caught(void);
const volatile sig_atomic_t *dande_env_signal_flag(void);
void dande_env_signals_restore(void);
void dande_env_signals_reraise(void);
/* Forget a caught signal (a caller that handled it). */
void dande_env_signals_forget(void);

#endif

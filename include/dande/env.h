/*
 * env.h: Docker Compose environments as .dande.conf declares them
 * ([env "NAME"] sections), what they are called on the engine, the
 * Compose command that drives them, and the checks and the test cycle of
 * `dande env`.
 */
#ifndef DANDE_ENV_H
#define DANDE_ENV_H

#include <signal.h>

#include "dande/buf.h"

struct dande_config;
struct dande_compose;

struct dande_env {
	char *name;
	struct dande_strvec compose;	/* paths as configured, in order */
	char *env_file;			/* NULL: none */
	struct dande_strvec health;	/* URLs checked from the host */
	char *service;			/* the test-runner service */
	char *command, *init;		/* argv strings, quotes group */
	char *reports;			/* host dir of the runner's reports */
	char *database_url;		/* variable naming the database */
	char *cacert;			/* CA file for the health URLs */
	int timeout_s;			/* health wait, default 120 */
	int is_test;			/* has a service, or "test" in its name */
};

/* The environments .dande.conf declares, in order. */
void dande_env_names(const struct dande_config *cfg, struct dande_strvec *out);

/*
 * Read [env "NAME"].  DANDE_ENOTFOUND when it is not declared, with the
 * names that are; DANDE_EUSAGE for a bad value (no compose file, a bad
 * timeout).
 */
int dande_env_load(struct dande_env *out, const struct dande_config *cfg,
		   const char *name);
void dande_env_release(struct dande_env *env);

/* Lowercase, keep [a-z0-9_-], no leading '-' or '_' (Compose's project
 * name charset); "dande" when nothing is left. */
void dande_env_sanitise(struct dande_buf *out, const char *s);

/* "<project>-<env>", or "<project>-<env>-<id>" when `id` is set, each
 * part sanitised; `project` is the repository directory's name. */
void dande_env_project(struct dande_buf *out, const char *project,
		       const char *env, const char *id);

/*
 * The run id of an isolated run: `given` when set, else CI_JOB_ID,
 * GITHUB_RUN_ID (with GITHUB_RUN_ATTEMPT) or CI_PIPELINE_ID from `envp`,
 * else 8 random hex digits.  Into `out`.
 */
void dande_env_run_id(struct dande_buf *out, const char *given,
		      const char *const *envp);

/* 1 when `envp` says this is a CI job (CI set, not "false" or "0"). */
int dande_env_in_ci(const char *const *envp);

/* An env file (KEY=VALUE lines, # comments, optional `export ` and
 * quotes), as "KEY=VALUE" entries and the line of each. */
struct dande_envfile {
	struct dande_strvec vars;
	int *lines;
};

#define DANDE_ENVFILE_INIT { DANDE_STRVEC_INIT, NULL }

/* DANDE_EINVALID with "path:line: ..." for a line that is not
 * KEY=VALUE; DANDE_ENOTFOUND. */
int dande_envfile_load(struct dande_envfile *out, const char *path);
void dande_envfile_release(struct dande_envfile *f);
/* The value of `key` and its line (0 when absent); NULL when absent. */
const char *dande_envfile_get(const struct dande_envfile *f, const char *key,
			      int *line);

/* Whether the database `url` names ("postgres://.../app_test", or a bare
 * name), interpolated from `vars` (may be NULL), is a test one: "test" in
 * its name, case aside.  The name into `name`. */
int dande_env_database_is_test(struct dande_buf *name, const char *url,
			       const struct dande_strvec *vars);

/* The database name in a URL ("postgres://u:p@h:5432/app_test?x=1" gives
 * "app_test"); empty when it has none. */
void dande_env_database_name(struct dande_buf *out, const char *url);

/*
 * The Compose command: `forced` ("docker", "docker-compose", "podman",
 * or NULL/"auto" to detect: `docker compose` v2, then `docker-compose`
 * v1, then `podman compose`), as argv words into `out`.
 * DANDE_ENOTFOUND when none answers.
 */
int dande_compose_tool(struct dande_strvec *out, const char *forced);

/*
 * The argv of a Compose command for `env`: `tool` words, -p PROJECT,
 * --env-file, every -f (relative to `root`), then `labels_file` when set,
 * then `verb` words.  No shell anywhere.
 */
void dande_env_compose_argv(struct dande_strvec *out,
			    const struct dande_strvec *tool,
			    const struct dande_env *env, const char *root,
			    const char *project, const char *labels_file,
			    const char *const *verb);

/*
 * The override file that labels every service, network and volume of
 * `files` with `labels` ("key=value"): YAML text into `out`, in the
 * version of the first file that has one.
 */
void dande_env_labels_yaml(struct dande_buf *out,
			   struct dande_compose *const *files, size_t nfiles,
			   const struct dande_strvec *labels);

/* ---- init (envinit.c) --------------------------------------------------- */

/* templates/env/ of an installed dande (PREFIX/share/dande) or of the
 * source tree the running binary was built in. */
int dande_env_templates_dir(struct dande_buf *out);

/*
 * Write templates/env/ into `root` (docker-compose.yml,
 * docker-compose.test.yml, .env.example, .env.test), never over an
 * existing file unless `force` (which keeps FILE.bak), and add the [env]
 * sections to .dande.conf when `cfg` declares none.  What was done, a
 * line each, into `report`.
 */
int dande_env_init(const char *root, const struct dande_config *cfg,
		   int force, struct dande_buf *report);

/* ---- the linter (envcheck.c) ------------------------------------------ */

struct dande_env_finding {
	char *file;
	int line;
	const char *rule;	/* "container-name", "shared-port",
				   "test-db-volume", "no-healthcheck",
				   "test-db-name", "plain-secret" */
	char *message;
};

struct dande_env_findings {
	struct dande_env_finding *v;
	size_t nr;
};

/*
 * Check the environments `envs` (paths relative to `root`) and the host
 * ports they publish between them; findings sorted by file and line.
 * DANDE_EINVALID for a file that is not YAML or not Compose,
 * DANDE_ENOTFOUND for one that is missing.
 */
int dande_env_check(const struct dande_env *envs, size_t nenvs,
		    const char *root, struct dande_env_findings *out);
void dande_env_findings_release(struct dande_env_findings *f);

/* ---- the commands (envrun.c) ------------------------------------------ */

struct dande_engine;
struct dande_repo;

/* What a command says as it goes: `problem` 0 for progress, 1 for what
 * went wrong; one message, no program name, no final newline (a log
 * excerpt spans lines). */
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
	void *payload;

	struct dande_strvec tool;	/* the Compose argv prefix */
	struct dande_engine *engine;
	struct dande_buf project;	/* <base>-<env>[-<id>] */
	struct dande_buf tmpdir;	/* holds the labels override */
	struct dande_buf labels_file;
	struct dande_strvec services;	/* in the compose files, in order */
	struct dande_envfile vars;
	int owner;			/* label containers with our pid */
};

/*
 * Find the engine (DANDE_EEXTERNAL naming its address when it does not
 * answer), and for an environment: the Compose tool, the project name,
 * the compose files (services, labels override).  Exit-code-free: the
 * library's error codes.
 */
int dande_envrun_open(struct dande_envrun *r, int owner);
void dande_envrun_close(struct dande_envrun *r);

/* The commands; each returns dande's exit code and has said why.  What
 * status, logs and sweep report is appended to `out` (for stdout). */
int dande_envrun_up(struct dande_envrun *r, int timeout_s);
int dande_envrun_down(struct dande_envrun *r, int volumes);
int dande_envrun_run(struct dande_envrun *r, const char *service,
		     const char *const *argv);
int dande_envrun_test(struct dande_envrun *r, int timeout_s);
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

/* ---- signals (envrun.c) ------------------------------------------------ */

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

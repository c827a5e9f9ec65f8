/*
 * env.h: Docker Compose environments as .dande.conf declares them
 * ([env "NAME"] sections), what they are called on the engine, the
 * Compose command that drives them.  The linter is in envcheck.h, the
 * templates in envinit.h, the commands in envrun.h.
 */
#ifndef DANDE_ENV_H
#define DANDE_ENV_H

#include "dande/buf.h"

struct dande_config;
struct dande_compose;

struct dande_env {
	char *name;
	struct dande_strvec compose;	/* paths as configured, in order */
	char *env_file;			/* NULL: none */
	struct dande_strvec health;	/* URLs checked from the host */
	/* NAME=VALUE the env file (else the environment) must hold before
	 * init and the tests run */
	struct dande_strvec require;
	char *service;			/* the test-runner service */
	char *command, *init;		/* argv strings, quotes group */
	char *reports;			/* host dir of the runner's reports */
	char *database_url;		/* variable naming the database */
	char *cacert;			/* CA file for the health URLs */
	int timeout_s;			/* health wait, default 120 */
	int is_test;			/* has a service, or "test" in its name */
};

/* env.NAME.LAYER (unit, integration, e2e): the test command of one
 * layer, into *out (free()); DANDE_ENOTFOUND naming the key when unset. */
int dande_env_layer_command(const struct dande_config *cfg, const char *name,
			    const char *layer, char **out);

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

/* The project's base name: env.project, else the last part of `root`
 * (borrowed from either). */
const char *dande_env_project_base(const struct dande_config *cfg,
				   const char *root);

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

#endif

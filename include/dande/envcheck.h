/*
 * envcheck.h: the linter of compose files across environments (dande env
 * check).
 */
#ifndef DANDE_ENVCHECK_H
#define DANDE_ENVCHECK_H

#include "dande/env.h"

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
enum {
	/* port-in-use: ask this machine who listens on each published port
	 * (the tool does; the library's tests of the files alone do not) */
	DANDE_ENV_CHECK_HOST = 1
};
int dande_env_check(const struct dande_env *envs, size_t nenvs, int flags,
		    const char *root, struct dande_env_findings *out);
void dande_env_findings_release(struct dande_env_findings *f);

/*
 * dande env check: load every environment of `cfg` (ports are shared
 * between them), check them, and render the findings (with `only`, those
 * in its own files) as "file:line: rule: message" lines or (`json`) a
 * JSON array into `out`.  `shown` gets how many, `checked` how many
 * environments were checked.  DANDE_EUSAGE when there is none,
 * DANDE_ENOTFOUND for an unknown `only` or a missing file.
 */
int dande_env_check_project(const struct dande_config *cfg, const char *root,
			    const char *only, int json, struct dande_buf *out,
			    size_t *shown, size_t *checked);

#endif

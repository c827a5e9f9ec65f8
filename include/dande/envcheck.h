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
int dande_env_check(const struct dande_env *envs, size_t nenvs,
		    const char *root, struct dande_env_findings *out);
void dande_env_findings_release(struct dande_env_findings *f);

#endif

/*
 * envinit.h: the dev and test environments dande env init writes from
 * templates/env/.
 */
#ifndef DANDE_ENVINIT_H
#define DANDE_ENVINIT_H

#include "dande/env.h"

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

#endif

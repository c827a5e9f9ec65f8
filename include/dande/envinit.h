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

/* env init --staging: docker-compose.staging.yml and .env.staging (the
 * dev services as production runs them, on ports of their own: 8100,
 * 5532), never over an existing file unless `force`, and [env "staging"]
 * in .dande.conf when it has none; it passes env check beside dev and
 * test. */
int dande_env_init_staging(const char *root, const struct dande_config *cfg,
			   int force, struct dande_buf *report);

/*
 * env init --tls: a local CA (certs/ca.pem, certs/ca.key: private) and a
 * server certificate and key (certs/server.pem, certs/server.key) for
 * localhost, 127.0.0.1, ::1 and `names` (the services; names that are not
 * host names are left out), made by openssl; kept when certs/ca.pem is
 * there unless `force`.  Then env.NAME.cacert = certs/ca.pem in
 * .dande.conf for each of `envs`.  DANDE_EEXTERNAL when openssl is
 * missing or fails (nothing is left behind).  dande_env_init_tls(): for
 * the services of every environment .dande.conf declares, cacert set for
 * those with health URLs, and dev.
 */
struct dande_strvec;
int dande_env_init_tls(const char *root, int force, struct dande_buf *report);
int dande_env_tls(const char *root, const struct dande_strvec *names,
		  const struct dande_strvec *envs, int force,
		  struct dande_buf *report);

#endif

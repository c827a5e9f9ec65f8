/*
 * envtls.c: `dande env init --tls`, the design documents' `make setup`: a
 * local certificate authority and a server certificate for localhost and
 * the environments' services, made by `openssl` (run with an argv, in a
 * private directory under certs/, the files renamed into place once all
 * are made), and `cacert` set in .dande.conf so that the HTTPS health
 * checks verify against it.  Verification is never turned off.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dande/config.h"
#include "dande/env.h"
#include "dande/envinit.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "env/compose_int.h"
#include "util/banned.h"

#define DAYS "825"	/* what clients accept for a server certificate */

static const char ca_cnf[] =
	"[req]\n"
	"distinguished_name = dn\n"
	"x509_extensions = v3_ca\n"
	"prompt = no\n"
	"[dn]\n"
	"CN = dande local CA\n"
	"[v3_ca]\n"
	"basicConstraints = critical,CA:TRUE\n"
	"keyUsage = critical,keyCertSign,cRLSign\n"
	"subjectKeyIdentifier = hash\n";

/* A name a certificate may carry: a host name's characters only (they
 * go into openssl's extension file). */
static int dns_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
		strlen(s) && *s != '-' && *s != '.';
}

static int openssl(const char *dir, const char *const *argv)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int r;

	dande_strvec_pushv(&cmd.args, argv);
	cmd.cwd = dir;
	cmd.stdin_null = 1;
	cmd.capture_out = cmd.capture_err = 1;
	cmd.timeout_ms = 60000;
	r = dande_proc_run(&cmd, &res);
	if (r == DANDE_ENOTFOUND || (r < 0 && errno == ENOENT))
		r = dande_error_set(DANDE_EEXTERNAL, "env init --tls needs "
				    "openssl (Debian: openssl)");
	else if (r == 0 && (res.status != DANDE_PROC_EXITED ||
			    res.exit_code))
		r = dande_error_set(DANDE_EEXTERNAL, "openssl %s failed: %.*s",
				    argv[1], (int)strcspn(res.err.ptr ?
				    res.err.ptr : "", "\n"), res.err.ptr ?
				    res.err.ptr : "");
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	return r;
}

static void remove_dir(const char *dir)
{
	static const char *const files[] = {
		"ca.cnf", "ca.key", "ca.pem", "server.key", "server.csr",
		"server.ext", "server.pem", NULL
	};
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; files[i]; i++) {
		dande_buf_reset(&p);
		dande_fs_join(&p, dir, files[i]);
		unlink(p.ptr);
	}
	rmdir(dir);
	dande_buf_release(&p);
}

int dande_env_tls(const char *root, const struct dande_strvec *names,
		  const struct dande_strvec *envs, int force,
		  struct dande_buf *report)
{
	static const char *const made[] = { "ca.key", "ca.pem", "server.key",
					    "server.pem", NULL };
	struct dande_buf certs = DANDE_BUF_INIT, tmp = DANDE_BUF_INIT;
	struct dande_buf ext = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	struct dande_buf serial = DANDE_BUF_INIT, q = DANDE_BUF_INIT;
	struct dande_buf shown = DANDE_BUF_INIT;
	mode_t old_mask;
	size_t i;
	int r = 0;

	dande_fs_join(&certs, root, "certs");
	dande_fs_join(&p, certs.ptr, "ca.pem");
	if (dande_fs_exists(p.ptr) && !force) {
		dande_buf_adds(report, "  kept     certs/ (a CA is there; "
			       "--force makes new ones)\n");
		goto config;
	}
	if ((r = dande_fs_mkdir_p(certs.ptr, 0755)) < 0)
		goto done;
	dande_buf_addf(&tmp, "%s/.tls-XXXXXX", certs.ptr);
	if (!mkdtemp(tmp.ptr)) {
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot make a "
				       "directory in %s", certs.ptr);
		dande_buf_release(&tmp);
		goto done;
	}
	dande_buf_adds(&ext, "basicConstraints = CA:FALSE\n"
		       "keyUsage = critical,digitalSignature,keyEncipherment\n"
		       "extendedKeyUsage = serverAuth\n"
		       "subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1");
	dande_buf_adds(&shown, "localhost, 127.0.0.1, ::1");
	for (i = 0; names && i < names->nr; i++)
		if (dns_name(names->v[i]) && strcmp(names->v[i], "localhost")) {
			dande_buf_addf(&ext, ",DNS:%s", names->v[i]);
			dande_buf_addf(&shown, ", %s", names->v[i]);
		}
	dande_buf_addch(&ext, '\n');
	dande_buf_reset(&p);
	dande_fs_join(&p, tmp.ptr, "server.ext");
	if ((r = dande_fs_write_atomic(p.ptr, ext.ptr, ext.len)) < 0)
		goto cleanup;
	dande_buf_reset(&p);
	dande_fs_join(&p, tmp.ptr, "ca.cnf");
	if ((r = dande_fs_write_atomic(p.ptr, ca_cnf, strlen(ca_cnf))) < 0)
		goto cleanup;
	{
		unsigned char rnd[8] = { 0 };
		FILE *f = fopen("/dev/urandom", "rb");

		if (!f || fread(rnd, 1, sizeof(rnd), f) != sizeof(rnd)) {
			if (f)
				fclose(f);
			r = dande_error_set_os(DANDE_EEXTERNAL, "cannot read "
					       "/dev/urandom");
			goto cleanup;
		}
		fclose(f);
		dande_buf_adds(&serial, "0x");
		for (i = 0; i < sizeof(rnd); i++)
			dande_buf_addf(&serial, "%02x", rnd[i] & (i ? 0xff :
								 0x7f));
	}
	/* the keys are made private (umask 077), the certificates and the
	 * server's key opened up below for the containers that read them */
	old_mask = umask(077);
	{
		const char *ca[] = { "openssl", "req", "-x509", "-new",
			"-nodes", "-newkey", "ec", "-pkeyopt",
			"ec_paramgen_curve:prime256v1", "-config", "ca.cnf",
			"-keyout", "ca.key", "-out", "ca.pem", "-days", DAYS,
			NULL };
		const char *csr[] = { "openssl", "req", "-new", "-nodes",
			"-newkey", "ec", "-pkeyopt",
			"ec_paramgen_curve:prime256v1", "-config", "ca.cnf",
			"-subj", "/CN=localhost", "-keyout", "server.key",
			"-out", "server.csr", NULL };
		const char *sign[] = { "openssl", "x509", "-req", "-in",
			"server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
			"-set_serial", serial.ptr, "-days", DAYS, "-extfile",
			"server.ext", "-out", "server.pem", NULL };

		if ((r = openssl(tmp.ptr, ca)) == 0 &&
		    (r = openssl(tmp.ptr, csr)) == 0)
			r = openssl(tmp.ptr, sign);
	}
	umask(old_mask);
	if (r < 0)
		goto cleanup;
	for (i = 0; made[i]; i++) {
		dande_buf_reset(&p);
		dande_fs_join(&p, tmp.ptr, made[i]);
		if (strcmp(made[i], "ca.key") && chmod(p.ptr, 0644) < 0) {
			r = dande_error_set_os(DANDE_EEXTERNAL, "cannot chmod "
					       "%s", p.ptr);
			goto cleanup;
		}
	}
	/* all made: into place, the CA's certificate last (its presence is
	 * what says the set is there) */
	for (i = 0; made[i]; i++) {
		const char *name = made[3 - i];

		dande_buf_reset(&p);
		dande_fs_join(&p, tmp.ptr, name);
		dande_buf_reset(&q);
		dande_fs_join(&q, certs.ptr, name);
		if (rename(p.ptr, q.ptr) < 0) {
			r = dande_error_set_os(DANDE_EEXTERNAL, "cannot move "
					       "%s into %s", name, certs.ptr);
			goto cleanup;
		}
	}
	/* the keys stay out of the repository */
	dande_buf_reset(&p);
	dande_fs_join(&p, certs.ptr, ".gitignore");
	if (!dande_fs_exists(p.ptr) &&
	    (r = dande_fs_write_atomic(p.ptr, "*.key\n", 6)) < 0)
		goto cleanup;
	dande_buf_addf(report, "  wrote    certs/ca.pem, certs/ca.key (the "
		       "local CA), certs/server.pem, certs/server.key (for %s)"
		       "\n", shown.ptr);
cleanup:
	remove_dir(tmp.ptr);
	if (r < 0)
		goto done;
config:
	/* the health checks verify against it */
	dande_buf_reset(&p);
	dande_fs_join(&p, root, DANDE_CONFIG_FILE);
	for (i = 0; envs && i < envs->nr; i++) {
		dande_buf_reset(&q);
		dande_buf_addf(&q, "env.%s.cacert", envs->v[i]);
		if ((r = dande_config_file_set(p.ptr, q.ptr, "certs/ca.pem")) < 0)
			goto done;
		dande_buf_addf(report, "  set      %s = certs/ca.pem in "
			       ".dande.conf\n", q.ptr);
	}
done:
	dande_buf_release(&certs);
	dande_buf_release(&tmp);
	dande_buf_release(&ext);
	dande_buf_release(&p);
	dande_buf_release(&q);
	dande_buf_release(&serial);
	dande_buf_release(&shown);
	return r;
}

int dande_env_init_tls(const char *root, int force, struct dande_buf *report)
{
	struct dande_config *cfg = NULL;
	struct dande_strvec envs = DANDE_STRVEC_INIT, names = DANDE_STRVEC_INIT;
	struct dande_strvec with_ca = DANDE_STRVEC_INIT;
	struct dande_buf path = DANDE_BUF_INIT;
	size_t i, j, k;
	int r;

	/* the configuration as env init left it */
	if ((r = dande_config_load(&cfg, root, NULL, NULL)) < 0)
		return r;
	dande_env_names(cfg, &envs);
	for (i = 0; i < envs.nr && r == 0; i++) {
		struct dande_env env;

		if ((r = dande_env_load(&env, cfg, envs.v[i])) < 0)
			break;
		if (env.health.nr || !strcmp(env.name, "dev"))
			dande_strvec_push(&with_ca, env.name);
		for (j = 0; j < env.compose.nr && r == 0; j++) {
			struct dande_compose *c = NULL;

			dande_buf_reset(&path);
			dande_fs_join(&path, root, env.compose.v[j]);
			if ((r = dande_compose_load(&c, path.ptr, NULL)) < 0)
				break;
			for (k = 0; k < c->nservices; k++) {
				size_t n;

				for (n = 0; n < names.nr && strcmp(names.v[n],
					c->services[k].name); n++)
					;
				if (n == names.nr)
					dande_strvec_push(&names,
							  c->services[k].name);
			}
			dande_compose_free(c);
		}
		dande_env_release(&env);
	}
	if (r == 0)
		r = dande_env_tls(root, &names, &with_ca, force, report);
	dande_config_free(cfg);
	dande_strvec_release(&envs);
	dande_strvec_release(&names);
	dande_strvec_release(&with_ca);
	dande_buf_release(&path);
	return r;
}

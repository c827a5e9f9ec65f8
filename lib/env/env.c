/*
 * lib/env/: development and test environments: the [env] model and the
 * Compose command line (env.c), Compose files through libyaml
 * (compose.c), the Engine API (engine.c), up/run/down (envrun.c), the
 * test cycle (envtest.c), status/logs/sweep (envstatus.c), the linter
 * (envcheck.c) and the templates (envinit.c).
 *
 * env.c: what an environment is (the [env "NAME"] sections), what it is
 * called on the engine, its env file, and the Compose command line that
 * drives it.  The commands themselves are in envrun.c, the linter in
 * envcheck.c.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "env/compose_int.h"
#include "dande/config.h"
#include "dande/env.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "util/banned.h"

void dande_env_names(const struct dande_config *cfg, struct dande_strvec *out)
{
	dande_config_subsections(cfg, "env", out);
}

static char *get(const struct dande_config *cfg, const char *name,
		 const char *key)
{
	struct dande_buf k = DANDE_BUF_INIT;
	const char *v = NULL;

	dande_buf_addf(&k, "env.%s.%s", name, key);
	dande_config_get_string_or(cfg, k.ptr, NULL, &v);
	dande_buf_release(&k);
	return v && *v ? dande_xstrdup(v) : NULL;
}

static void get_list(const struct dande_config *cfg, const char *name,
		     const char *key, struct dande_strvec *out)
{
	struct dande_buf k = DANDE_BUF_INIT;

	dande_buf_addf(&k, "env.%s.%s", name, key);
	if (dande_config_get_list(cfg, k.ptr, out) < 0)
		dande_error_clear();
	dande_buf_release(&k);
}

int dande_env_layer_command(const struct dande_config *cfg, const char *name,
			    const char *layer, char **out)
{
	if (!(*out = get(cfg, name, layer)))
		return dande_error_set(DANDE_ENOTFOUND, "environment '%s' has no "
				       "command for the %s layer: set "
				       "env.%s.%s (e.g. [env \"%s\"] %s = "
				       "pytest tests/%s)", name, layer, name,
				       layer, name, layer, layer);
	return 0;
}

int dande_env_load(struct dande_env *out, const struct dande_config *cfg,
		   const char *name)
{
	struct dande_strvec names = DANDE_STRVEC_INIT;
	struct dande_buf list = DANDE_BUF_INIT;
	char *timeout;
	size_t i;
	int found = 0;

	memset(out, 0, sizeof(*out));
	dande_env_names(cfg, &names);
	for (i = 0; i < names.nr; i++) {
		found |= !strcmp(names.v[i], name);
		dande_buf_addf(&list, "%s%s", i ? ", " : "", names.v[i]);
	}
	if (!found) {
		int e = dande_error_set(DANDE_ENOTFOUND, "no environment '%s' "
					"in .dande.conf (%s%s)", name,
					names.nr ? "declared: " :
					"none declared; 'dande env init' "
					"writes a dev and a test one",
					list.ptr ? list.ptr : "");

		dande_strvec_release(&names);
		dande_buf_release(&list);
		return e;
	}
	dande_strvec_release(&names);
	dande_buf_release(&list);

	out->name = dande_xstrdup(name);
	get_list(cfg, name, "compose", &out->compose);
	get_list(cfg, name, "health", &out->health);
	get_list(cfg, name, "require", &out->require);
	out->env_file = get(cfg, name, "envFile");
	out->service = get(cfg, name, "service");
	out->command = get(cfg, name, "command");
	out->init = get(cfg, name, "init");
	out->reports = get(cfg, name, "reports");
	out->database_url = get(cfg, name, "databaseUrl");
	out->cacert = get(cfg, name, "cacert");
	out->timeout_s = 120;
	out->is_test = out->service || strstr(name, "test");
	if ((timeout = get(cfg, name, "timeout"))) {
		char *end;
		long t = strtol(timeout, &end, 10);

		if (end == timeout || *end || t <= 0 || t > 86400) {
			int e = dande_error_set(DANDE_EUSAGE, "bad value '%s' "
						"for 'env.%s.timeout': "
						"expected seconds (1 to "
						"86400)", timeout, name);

			free(timeout);
			dande_env_release(out);
			return e;
		}
		out->timeout_s = (int)t;
		free(timeout);
	}
	for (i = 0; i < out->require.nr; i++) {
		const char *eq = strchr(out->require.v[i], '=');

		if (!eq || eq == out->require.v[i]) {
			int e = dande_error_set(DANDE_EUSAGE, "bad value '%s' "
						"for 'env.%s.require': "
						"expected NAME=VALUE",
						out->require.v[i], name);

			dande_env_release(out);
			return e;
		}
	}
	if (!out->compose.nr) {
		dande_env_release(out);
		return dande_error_set(DANDE_EUSAGE, "environment '%s' has no "
				       "compose file: set 'compose' in "
				       "[env \"%s\"]", name, name);
	}
	return 0;
}

void dande_env_release(struct dande_env *env)
{
	free(env->name);
	dande_strvec_release(&env->compose);
	dande_strvec_release(&env->health);
	dande_strvec_release(&env->require);
	free(env->env_file);
	free(env->service);
	free(env->command);
	free(env->init);
	free(env->reports);
	free(env->database_url);
	free(env->cacert);
	memset(env, 0, sizeof(*env));
}

void dande_env_sanitise(struct dande_buf *out, const char *s)
{
	size_t start = out->len;

	for (; *s; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			continue;
		if (out->len == start && (c == '-' || c == '_'))
			continue;
		dande_buf_addch(out, c);
	}
	if (out->len == start)
		dande_buf_adds(out, "dande");
}

void dande_env_project(struct dande_buf *out, const char *project,
		       const char *env, const char *id)
{
	dande_env_sanitise(out, project);
	dande_buf_addch(out, '-');
	dande_env_sanitise(out, env);
	if (id && *id) {
		dande_buf_addch(out, '-');
		dande_env_sanitise(out, id);
	}
}

int dande_env_in_ci(const char *const *envp)
{
	const char *ci = dande_getenv(envp, "CI");

	return ci && *ci && strcmp(ci, "false") && strcmp(ci, "0");
}

void dande_env_run_id(struct dande_buf *out, const char *given,
		      const char *const *envp)
{
	const char *v;
	unsigned char raw[4] = { 0 };
	int fd;

	if (given && *given) {
		dande_buf_adds(out, given);
	} else if ((v = dande_getenv(envp, "CI_JOB_ID")) && *v) {
		dande_buf_adds(out, v);
	} else if ((v = dande_getenv(envp, "GITHUB_RUN_ID")) && *v) {
		const char *a = dande_getenv(envp, "GITHUB_RUN_ATTEMPT");

		dande_buf_adds(out, v);
		if (a && *a)
			dande_buf_addf(out, "-%s", a);
	} else if ((v = dande_getenv(envp, "CI_PIPELINE_ID")) && *v) {
		dande_buf_adds(out, v);
	} else {
		if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) >= 0) {
			if (read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw))
				raw[0] ^= (unsigned char)getpid();
			close(fd);
		} else {
			raw[0] = (unsigned char)getpid();
			raw[1] = (unsigned char)(getpid() >> 8);
		}
		dande_buf_addf(out, "%02x%02x%02x%02x", raw[0], raw[1], raw[2],
			       raw[3]);
	}
}

static int key_ok(const char *k, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = k[i];

		if (!(c == '_' || c == '.' || c == '-' ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (i && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int dande_envfile_load(struct dande_envfile *out, const char *path)
{
	struct dande_buf text = DANDE_BUF_INIT;
	const char *p, *end;
	int line = 0, e;
	size_t cap = 0;

	dande_buf_init(&text, 1u << 20);
	if ((e = dande_buf_read_file(&text, path)) < 0) {
		dande_buf_release(&text);
		return e;
	}
	for (p = text.ptr ? text.ptr : ""; *p; p = *end ? end + 1 : end) {
		const char *k, *eq, *v, *ve;
		size_t klen;

		line++;
		end = p + strcspn(p, "\n");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		ve = end;
		if (ve > p && ve[-1] == '\r')
			ve--;
		if (p == ve || *p == '#')
			continue;
		if (ve - p > 7 && !strncmp(p, "export ", 7))
			p += 7;
		k = p;
		eq = memchr(p, '=', (size_t)(ve - p));
		klen = eq ? (size_t)(eq - k) : 0;
		while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
			klen--;
		if (!eq || !key_ok(k, klen)) {
			e = dande_error_set(DANDE_EINVALID, "%s:%d: expected "
					    "KEY=VALUE, not '%.*s'", path,
					    line, (int)(ve - p), p);
			dande_buf_release(&text);
			dande_envfile_release(out);
			return e;
		}
		v = eq + 1;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		if (ve - v >= 2 && (*v == '"' || *v == '\'') &&
		    ve[-1] == *v) {
			v++;
			ve--;
		} else {
			/* an unquoted value ends at " #" */
			const char *h;

			for (h = v; h < ve; h++)
				if (*h == '#' && h > v &&
				    (h[-1] == ' ' || h[-1] == '\t'))
					break;
			ve = h;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
		}
		dande_strvec_pushf(&out->vars, "%.*s=%.*s", (int)klen, k,
				   (int)(ve - v), v);
		if (out->vars.nr > cap) {
			cap = cap ? 2 * cap : 16;
			out->lines = dande_xrealloc(out->lines,
						    cap * sizeof(int));
		}
		out->lines[out->vars.nr - 1] = line;
	}
	dande_buf_release(&text);
	return 0;
}

void dande_envfile_release(struct dande_envfile *f)
{
	dande_strvec_release(&f->vars);
	free(f->lines);
	f->lines = NULL;
}

const char *dande_envfile_get(const struct dande_envfile *f, const char *key,
			      int *line)
{
	size_t i, n = strlen(key);

	if (line)
		*line = 0;
	for (i = f->vars.nr; i-- > 0;)
		if (!strncmp(f->vars.v[i], key, n) && f->vars.v[i][n] == '=') {
			if (line)
				*line = f->lines[i];
			return f->vars.v[i] + n + 1;
		}
	return NULL;
}

void dande_env_database_name(struct dande_buf *out, const char *url)
{
	const char *p = strstr(url, "://"), *slash;
	size_t n;

	/* no scheme: the value is the name itself */
	if (!p) {
		dande_buf_add(out, url, strcspn(url, "?#"));
		return;
	}
	p += 3;
	slash = strchr(p, '/');
	if (!slash)
		return;
	/* the user part may hold a '/' only escaped, so the first '/' after
	 * the authority starts the path; its last segment is the name */
	p = slash + 1;
	n = strcspn(p, "?#");
	while (n && memchr(p, '/', n)) {
		const char *s = memchr(p, '/', n);

		n -= (size_t)(s + 1 - p);
		p = s + 1;
	}
	dande_buf_add(out, p, n);
}

int dande_env_database_is_test(struct dande_buf *name, const char *url,
			       const struct dande_strvec *vars)
{
	struct dande_buf x = DANDE_BUF_INIT;
	const char *p;

	dande_compose_interpolate(&x, url, vars);
	dande_env_database_name(name, x.ptr ? x.ptr : "");
	dande_buf_release(&x);
	for (p = name->ptr; p && *p; p++)
		if (!strncasecmp(p, "test", 4))
			return 1;
	return 0;
}

/* 1 when `argv` runs and exits 0 within 15 s. */
static int answers(const char *const *argv)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int ok;

	dande_strvec_pushv(&cmd.args, argv);
	cmd.capture_out = cmd.capture_err = 1;
	cmd.stdin_null = 1;
	cmd.timeout_ms = 15000;
	ok = dande_proc_run(&cmd, &res) == 0 &&
		res.status == DANDE_PROC_EXITED && res.exit_code == 0;
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_error_clear();
	return ok;
}

int dande_compose_tool(struct dande_strvec *out, const char *forced)
{
	static const char *const v2[] = { "docker", "compose", "version", NULL };
	static const char *const v1[] = { "docker-compose", "version", NULL };
	static const char *const pod[] = { "podman", "compose", "version",
					   NULL };
	int any = !forced || !*forced || !strcmp(forced, "auto");

	if (!any && strcmp(forced, "docker") &&
	    strcmp(forced, "docker-compose") && strcmp(forced, "podman"))
		return dande_error_set(DANDE_EUSAGE, "bad value '%s' for "
				       "'env.tool': expected auto, docker, "
				       "docker-compose or podman", forced);
	if ((any || !strcmp(forced, "docker")) && answers(v2)) {
		dande_strvec_push(out, "docker");
		dande_strvec_push(out, "compose");
	} else if ((any || !strcmp(forced, "docker-compose")) && answers(v1)) {
		dande_strvec_push(out, "docker-compose");
	} else if ((any || !strcmp(forced, "podman")) && answers(pod)) {
		dande_strvec_push(out, "podman");
		dande_strvec_push(out, "compose");
	} else {
		return dande_error_set(DANDE_ENOTFOUND, "no Compose found "
				       "(tried %s): install the docker "
				       "compose plugin, docker-compose or "
				       "podman-compose",
				       any ? "docker compose, docker-compose, "
				       "podman compose" : forced);
	}
	return 0;
}

void dande_env_compose_argv(struct dande_strvec *out,
			    const struct dande_strvec *tool,
			    const struct dande_env *env, const char *root,
			    const char *project, const char *labels_file,
			    const char *const *verb)
{
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < tool->nr; i++)
		dande_strvec_push(out, tool->v[i]);
	dande_strvec_push(out, "-p");
	dande_strvec_push(out, project);
	if (env->env_file) {
		dande_buf_reset(&p);
		dande_fs_join(&p, root, env->env_file);
		dande_strvec_push(out, "--env-file");
		dande_strvec_push(out, p.ptr);
	}
	for (i = 0; i < env->compose.nr; i++) {
		dande_buf_reset(&p);
		dande_fs_join(&p, root, env->compose.v[i]);
		dande_strvec_push(out, "-f");
		dande_strvec_push(out, p.ptr);
	}
	if (labels_file) {
		dande_strvec_push(out, "-f");
		dande_strvec_push(out, labels_file);
	}
	if (verb)
		dande_strvec_pushv(out, verb);
	dande_buf_release(&p);
}

static void labels_block(struct dande_buf *out, const char *indent,
			 const struct dande_strvec *labels)
{
	size_t i;

	dande_buf_addf(out, "%slabels:\n", indent);
	for (i = 0; i < labels->nr; i++) {
		const char *eq = strchr(labels->v[i], '=');

		/* keys and values are dande's own: [a-z0-9._:-] */
		dande_buf_addf(out, "%s  %.*s: \"%s\"\n", indent,
			       (int)(eq ? eq - labels->v[i] :
				     (long)strlen(labels->v[i])),
			       labels->v[i], eq ? eq + 1 : "");
	}
}

static int seen(const struct dande_strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

void dande_env_labels_yaml(struct dande_buf *out,
			   struct dande_compose *const *files, size_t nfiles,
			   const struct dande_strvec *labels)
{
	struct dande_strvec services = DANDE_STRVEC_INIT;
	struct dande_strvec networks = DANDE_STRVEC_INIT;
	struct dande_strvec volumes = DANDE_STRVEC_INIT;
	const char *version = NULL;
	int default_net = 0, v2_0;
	size_t i, j;

	for (i = 0; i < nfiles; i++) {
		if (!version)
			version = files[i]->version;
		for (j = 0; j < files[i]->nservices; j++) {
			const struct dande_compose_service *s =
				&files[i]->services[j];

			if (!seen(&services, s->name))
				dande_strvec_push(&services, s->name);
			if (!s->custom_networks)
				default_net = 1;
		}
		for (j = 0; j < files[i]->networks.nr; j++)
			if (!seen(&networks, files[i]->networks.v[j]))
				dande_strvec_push(&networks,
						  files[i]->networks.v[j]);
		for (j = 0; j < files[i]->volumes.nr; j++)
			if (!seen(&volumes, files[i]->volumes.v[j]))
				dande_strvec_push(&volumes,
						  files[i]->volumes.v[j]);
	}
	/* file format 2.0 has no labels on networks and volumes */
	v2_0 = version && (!strcmp(version, "2") || !strcmp(version, "2.0"));
	dande_buf_adds(out, "# written by dande env: labels for sweep\n");
	if (version)
		dande_buf_addf(out, "version: \"%s\"\n", version);
	dande_buf_adds(out, "services:\n");
	for (i = 0; i < services.nr; i++) {
		dande_buf_addf(out, "  \"%s\":\n", services.v[i]);
		labels_block(out, "    ", labels);
	}
	if (!v2_0 && (networks.nr || default_net)) {
		dande_buf_adds(out, "networks:\n");
		if (default_net && !seen(&networks, "default"))
			dande_strvec_push(&networks, "default");
		for (i = 0; i < networks.nr; i++) {
			dande_buf_addf(out, "  \"%s\":\n", networks.v[i]);
			labels_block(out, "    ", labels);
		}
	}
	if (!v2_0 && volumes.nr) {
		dande_buf_adds(out, "volumes:\n");
		for (i = 0; i < volumes.nr; i++) {
			dande_buf_addf(out, "  \"%s\":\n", volumes.v[i]);
			labels_block(out, "    ", labels);
		}
	}
	dande_strvec_release(&services);
	dande_strvec_release(&networks);
	dande_strvec_release(&volumes);
}

const char *dande_env_project_base(const struct dande_config *cfg,
				   const char *root)
{
	const char *p = NULL, *slash;

	dande_config_get_string_or(cfg, "env.project", NULL, &p);
	if (p && *p)
		return p;
	slash = strrchr(root, '/');
	return slash && slash[1] ? slash + 1 : root;
}

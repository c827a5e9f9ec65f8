/*
 * envcheck.c: `dande env check`, the linter of Compose files for what
 * breaks isolation and safety: fixed container names, a host port two
 * environments publish, a test database kept on a volume, a service
 * others wait for without a healthcheck, a test database whose name does
 * not say "test", and secrets written into the compose file.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "env/compose_int.h"
#include "env/env_int.h"
#include "dande/envcheck.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/json.h"
#include "http_int.h"
#include "util/banned.h"

#define RANGE_MAX 1024

static const char *const db_images[] = {
	"postgres", "postgis", "timescaledb", "mysql", "mariadb", "mongo",
	"redis", "valkey", "cockroach", "mssql", "couchdb", "cassandra", NULL
};

static const char *const db_dirs[] = {
	"/var/lib/postgresql", "/var/lib/mysql", "/var/lib/mariadb",
	"/var/lib/redis", "/var/lib/mongodb", "/var/lib/cassandra",
	"/var/opt/mssql", "/opt/couchdb/data", "/bitnami", "/data", NULL
};

static const char *const db_name_vars[] = {
	"POSTGRES_DB", "MYSQL_DATABASE", "MARIADB_DATABASE",
	"MONGO_INITDB_DATABASE", NULL
};

static const char *const secret_words[] = {
	"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
	"PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", NULL
};

static void add(struct dande_env_findings *f, const char *file, int line,
		const char *rule, const char *fmt, ...) DANDE_PRINTF(5, 6);

static void add(struct dande_env_findings *f, const char *file, int line,
		const char *rule, const char *fmt, ...)
{
	struct dande_buf msg = DANDE_BUF_INIT;
	struct dande_env_finding *x;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	dande_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* one file in two environments: say it once */
	for (i = 0; i < f->nr; i++)
		if (f->v[i].line == line && !strcmp(f->v[i].file, file) &&
		    !strcmp(f->v[i].rule, rule) &&
		    !strcmp(f->v[i].message, msg.ptr)) {
			dande_buf_release(&msg);
			return;
		}
	f->v = dande_xrealloc(f->v, (f->nr + 1) * sizeof(*f->v));
	x = &f->v[f->nr++];
	x->file = dande_xstrdup(file);
	x->line = line;
	x->rule = rule;
	x->message = dande_buf_detach(&msg, NULL);
}

void dande_env_findings_release(struct dande_env_findings *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		free(f->v[i].file);
		free(f->v[i].message);
	}
	free(f->v);
	f->v = NULL;
	f->nr = 0;
}

static int by_place(const void *a, const void *b)
{
	const struct dande_env_finding *x = a, *y = b;
	int d = strcmp(x->file, y->file);

	if (d)
		return d;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

static int is_db(const struct dande_compose_service *s)
{
	const char *base;
	size_t i;

	if (!s->image)
		return 0;
	base = strrchr(s->image, '/');
	base = base ? base + 1 : s->image;
	for (i = 0; db_images[i]; i++)
		if (!strncmp(base, db_images[i], strlen(db_images[i])))
			return 1;
	return 0;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* A file of the environment, loaded, and the name it is reported by. */
struct loaded {
	struct dande_compose *c;
	const char *shown;
	const struct dande_env *env;
	const struct dande_envfile *vars;
};

struct port_use {
	const char *env, *file;
	int line;
	const char *ip;
	long port;
	size_t order;		/* in the configuration */
	size_t spec;		/* the ports: entry it comes from */
};

static int by_port(const void *x, const void *y)
{
	const struct port_use *a = x, *b = y;

	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int wildcard_ip(const char *ip)
{
	return !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") ||
		!strcmp(ip, "[::]");
}

/* The host ports a ports: entry publishes, [*lo, *hi]; 0 for none (a
 * container port only).  A range wider than RANGE_MAX is its first. */
static int published_range(const struct dande_compose_port *p, long *lo,
			   long *hi)
{
	char *end;

	*lo = strtol(p->published, &end, 10);
	if (!*p->published || end == p->published)
		return 0;
	*hi = *end == '-' ? strtol(end + 1, NULL, 10) : *lo;
	if (*hi < *lo || *hi - *lo > RANGE_MAX)
		*hi = *lo;
	return 1;
}

/* Each host port every ports: entry of the loaded files publishes, in
 * order: fn(payload, file, service, entry, its number among the entries,
 * port); a non-zero return ends that entry's range. */
typedef int (*port_fn)(void *payload, const struct loaded *l,
		       const struct dande_compose_service *s,
		       const struct dande_compose_port *p, size_t spec,
		       long port);

static size_t each_published(const struct loaded *l, size_t nl, port_fn fn,
			     void *payload)
{
	size_t i, j, k, spec = 0;
	long lo, hi;

	for (i = 0; i < nl; i++)
		for (j = 0; j < l[i].c->nservices; j++)
			for (k = 0; k < l[i].c->services[j].nports; k++) {
				const struct dande_compose_service *s =
					&l[i].c->services[j];

				if (!published_range(&s->ports[k], &lo, &hi))
					continue;
				for (; lo <= hi; lo++)
					if (fn(payload, &l[i], s, &s->ports[k],
					       spec, lo))
						break;
				spec++;
			}
	return spec;
}

struct uses {
	struct port_use *v;
	size_t n, alloc;
};

static int collect_use(void *payload, const struct loaded *l,
		       const struct dande_compose_service *s,
		       const struct dande_compose_port *p, size_t spec,
		       long port)
{
	struct uses *u = payload;

	(void)s;
	DANDE_GROW(u->v, u->n, u->alloc, 64);
	u->v[u->n] = (struct port_use){ l->env->name, l->shown, p->line,
		p->host_ip, port, u->n, spec };
	u->n++;
	return 0;
}

static void check_ports(struct dande_env_findings *f, const struct loaded *l,
			size_t nl)
{
	struct uses all = { NULL, 0, 0 };
	struct port_use *uses;
	size_t nuses, nspecs, i, u, first = 0;
	unsigned char *said;

	nspecs = each_published(l, nl, collect_use, &all);
	uses = all.v;
	nuses = all.n;
	/* by port, each use compared with the earlier ones of its port; one
	 * finding per ports: entry (a clashing range is one problem) */
	if (nuses)
		qsort(uses, nuses, sizeof(*uses), by_port);
	said = dande_xcalloc(nspecs ? nspecs : 1, 1);
	for (u = 1; u < nuses; u++) {
		if (uses[u].port != uses[first].port)
			first = u;
		for (i = first; i < u && !said[uses[u].spec]; i++) {
			const struct port_use *a = &uses[i], *b = &uses[u];

			if ((strcmp(a->ip, b->ip) && !wildcard_ip(a->ip) &&
			     !wildcard_ip(b->ip)))
				continue;
			if (!strcmp(a->env, b->env) && a->line == b->line &&
			    !strcmp(a->file, b->file))
				continue;
			if (strcmp(a->env, b->env))
				add(f, b->file, b->line, "shared-port",
				    "host port %ld is also published by "
				    "environment '%s' (%s:%d): the two cannot "
				    "run side by side", b->port, a->env,
				    a->file, a->line);
			else
				add(f, b->file, b->line, "shared-port",
				    "host port %ld is published twice in "
				    "environment '%s' (also %s:%d)", b->port,
				    b->env, a->file, a->line);
			said[b->spec] = 1;
		}
	}
	free(said);
	free(uses);
}

/* A published port a process of this machine listens on already: up
 * would fail on it ("port is already allocated").  One a container
 * publishes is the shared-port rule's; one whose process this user
 * cannot see is left to up, which knows whether the stack holds it. */
struct host_check {
	struct dande_env_findings *f;
	struct dande_buf who;
	struct dande_env_sockets sockets;
};

static int host_port(void *payload, const struct loaded *l,
		     const struct dande_compose_service *s,
		     const struct dande_compose_port *p, size_t spec, long port)
{
	struct host_check *h = payload;

	(void)spec;
	dande_buf_reset(&h->who);
	if (dande_env__port_in_use(&h->sockets, p->host_ip, port, &h->who) !=
	    DANDE_PORT_HOST)
		return 0;
	add(h->f, l->shown, p->line, "port-in-use", "host port %ld (service "
	    "'%s' of environment '%s') is in use on this machine by %s: up "
	    "would fail; stop it or publish another port", port, s->name,
	    l->env->name, h->who.ptr);
	return 1;	/* one finding per entry */
}

static void check_host_ports(struct dande_env_findings *f,
			     const struct loaded *l, size_t nl)
{
	struct host_check h = { f, DANDE_BUF_INIT, DANDE_ENV_SOCKETS_INIT };

	each_published(l, nl, host_port, &h);
	dande_buf_release(&h.who);
	dande_env__sockets_release(&h.sockets);
}

/* A network or volume with a fixed name: in two environments, they share
 * it (Compose prefixes only the names it makes). */
static void check_named(struct dande_env_findings *f, const struct loaded *l,
			size_t nl)
{
	size_t i, j, a, b;

	for (i = 0; i < nl; i++)
		for (a = 0; a < l[i].c->nnamed; a++) {
			const struct dande_compose_named *x = &l[i].c->named[a];
			int said = 0;

			for (j = 0; j < i && !said; j++) {
				if (l[j].env == l[i].env)
					continue;
				for (b = 0; b < l[j].c->nnamed && !said; b++) {
					const struct dande_compose_named *y =
						&l[j].c->named[b];

					if (strcmp(x->kind, y->kind) ||
					    strcmp(x->name, y->name))
						continue;
					add(f, l[i].shown, x->line,
					    "shared-network", "%s '%s' of "
					    "environment '%s' has the fixed "
					    "name '%s', also used by "
					    "environment '%s' (%s:%d): the two "
					    "share it; drop name: so that "
					    "Compose gives each project its "
					    "own", x->kind, x->key,
					    l[i].env->name, x->name,
					    l[j].env->name, l[j].shown,
					    y->line);
					said = 1;
				}
			}
		}
}

static const char *value_of(const struct loaded *l,
			    const struct dande_compose_var *v,
			    struct dande_buf *tmp)
{
	dande_buf_reset(tmp);
	if (v->value) {
		dande_compose_interpolate(tmp, v->value,
					  l->vars ? &l->vars->vars : NULL);
		return tmp->ptr ? tmp->ptr : "";
	}
	return l->vars ? dande_envfile_get(l->vars, v->key, NULL) : NULL;
}

/* What keeps a container alive doing nothing, in `cmd`; NULL when none
 * of them: sleep infinity (or inf, or a day or more), tail -f /dev/null. */
static const char *idles(const char *cmd)
{
	static const char *const forever[] = {
		"sleep infinity", "sleep inf", "tail -f /dev/null",
		"tail -F /dev/null", "tail --follow /dev/null", NULL
	};
	const char *p;
	size_t i;

	for (i = 0; forever[i]; i++)
		if ((p = strstr(cmd, forever[i])) &&
		    (p == cmd || strchr(" ;&|'\"(", p[-1])) &&
		    strchr(" ;&|)'\"", p[strlen(forever[i])] ?
			   p[strlen(forever[i])] : ' '))
			return forever[i];
	for (p = cmd; (p = strstr(p, "sleep ")); p += 6)
		if ((p == cmd || strchr(" ;&|'\"(", p[-1])) &&
		    strtol(p + 6, NULL, 10) >= 86400)
			return "sleep for a day or more";
	return NULL;
}

static void check_service(struct dande_env_findings *f, const struct loaded *l,
			  const struct dande_compose_service *s,
			  const struct loaded *all, size_t nall)
{
	struct dande_buf tmp = DANDE_BUF_INIT, dbname = DANDE_BUF_INIT;
	size_t i, j, k;
	const char *idle;

	/* a test stack's service, or a runner, kept up doing nothing: its
	 * tests would run by exec into a container that outlives them */
	if ((l->env->is_test || (l->env->service &&
				 !strcmp(l->env->service, s->name))) &&
	    ((s->command && (idle = idles(s->command))) ||
	     (s->entrypoint && (idle = idles(s->entrypoint)))))
		add(f, l->shown, s->command_line, "sleep-infinity",
		    "service '%s' of environment '%s' is kept alive with '%s': "
		    "run the tests in a throw-away container instead (dande "
		    "env test runs the environment's service with run --rm; "
		    "set service and command)", s->name, l->env->name, idle);

	if (s->container_name)
		add(f, l->shown, s->container_name_line, "container-name",
		    "service '%s' sets container_name '%s': two stacks of "
		    "this project (dev and test, parallel CI jobs) cannot run "
		    "side by side; let Compose name it", s->name,
		    s->container_name);

	/* depended on by a service of the same environment */
	if (!s->healthcheck)
		for (i = 0; i < nall; i++) {
			if (all[i].env != l->env)
				continue;
			for (j = 0; j < all[i].c->nservices; j++) {
				const struct dande_compose_service *o =
					&all[i].c->services[j];

				for (k = 0; k < o->depends_on.nr; k++)
					if (!strcmp(o->depends_on.v[k],
						    s->name))
						break;
				if (k < o->depends_on.nr) {
					add(f, l->shown, s->line,
					    "no-healthcheck", "service '%s' "
					    "is depended on by '%s' but has "
					    "no healthcheck: nothing can wait "
					    "until it is ready", s->name,
					    o->name);
					goto deps_done;
				}
			}
		}
deps_done:
	if (l->env->is_test && is_db(s))
		for (i = 0; i < s->nmounts; i++) {
			const struct dande_compose_mount *m = &s->mounts[i];

			if (!strcmp(m->type, "tmpfs") || !*m->source)
				continue;
			for (j = 0; db_dirs[j]; j++)
				if (under(m->target, db_dirs[j]))
					break;
			if (db_dirs[j])
				add(f, l->shown, m->line, "test-db-volume",
				    "test database '%s' keeps its data on "
				    "%s '%s' (%s): use tmpfs so every run "
				    "starts empty", s->name,
				    !strcmp(m->type, "bind") ? "bind mount" :
				    "volume", m->source, m->target);
		}

	for (i = 0; i < s->nenvironment; i++) {
		const struct dande_compose_var *v = &s->environment[i];
		const char *val;
		size_t len = strlen(v->key);

		if (l->env->is_test && is_db(s)) {
			for (j = 0; db_name_vars[j]; j++)
				if (!strcmp(v->key, db_name_vars[j]))
					break;
			val = db_name_vars[j] ? value_of(l, v, &tmp) : NULL;
			dande_buf_reset(&dbname);
			if (val && *val &&
			    !dande_env_database_is_test(&dbname, val, NULL))
				add(f, l->shown, v->line, "test-db-name",
				    "test database '%s' is named '%s' (%s): a "
				    "test database's name must contain "
				    "'test'", s->name, val, v->key);
		}
		if (!v->value || !*v->value || strchr(v->value, '$'))
			continue;
		if (len > 5 && !strcmp(v->key + len - 5, "_FILE"))
			continue;
		for (j = 0; secret_words[j]; j++)
			if (contains_ci(v->key, secret_words[j]))
				break;
		if (secret_words[j]) {
			add(f, l->shown, v->line, "plain-secret", "service "
			    "'%s' sets %s in plain text: put it in the env "
			    "file and write ${%s}", s->name, v->key, v->key);
			continue;
		}
		/* scheme://user:password@host */
		{
			const char *p = strstr(v->value, "://"), *at, *colon;

			if (p && (at = strchr(p + 3, '@')) &&
			    (colon = memchr(p + 3, ':',
					    (size_t)(at - p - 3))) &&
			    colon + 1 < at)
				add(f, l->shown, v->line, "plain-secret",
				    "service '%s' sets %s with a password in "
				    "plain text: put it in the env file and "
				    "write ${%s}", s->name, v->key, v->key);
		}
	}
	dande_buf_release(&tmp);
	dande_buf_release(&dbname);
}

/* The database the test environment's databaseUrl variable names. */
static void check_database_url(struct dande_env_findings *f,
			       const struct dande_env *env,
			       const struct dande_envfile *vars,
			       const struct loaded *all, size_t nall)
{
	struct dande_buf name = DANDE_BUF_INIT, tmp = DANDE_BUF_INIT;
	const char *url = NULL, *where = NULL;
	int line = 0;
	size_t i, j, k;

	if (vars && (url = dande_envfile_get(vars, env->database_url,
					     &line)))
		where = env->env_file;
	for (i = 0; !url && i < nall; i++) {
		if (all[i].env != env)
			continue;
		for (j = 0; !url && j < all[i].c->nservices; j++) {
			const struct dande_compose_service *s =
				&all[i].c->services[j];

			for (k = 0; k < s->nenvironment; k++)
				if (!strcmp(s->environment[k].key,
					    env->database_url) &&
				    s->environment[k].value) {
					url = value_of(&all[i],
						       &s->environment[k],
						       &tmp);
					where = all[i].shown;
					line = s->environment[k].line;
					break;
				}
		}
	}
	if (!url) {
		add(f, env->env_file ? env->env_file : env->compose.v[0], 1,
		    "test-db-name", "%s (databaseUrl of environment '%s') is "
		    "not set%s%s: the test database's name cannot be checked",
		    env->database_url, env->name, env->env_file ? " in " : "",
		    env->env_file ? env->env_file : "");
	} else if (!dande_env_database_is_test(&name, url, vars ?
					       &vars->vars : NULL)) {
		add(f, where, line, "test-db-name", "%s names the database "
		    "'%s': a test environment's database name must contain "
		    "'test'", env->database_url, name.len ? name.ptr : "");
	}
	dande_buf_release(&name);
	dande_buf_release(&tmp);
}

/* The line of .dande.conf that names `env`'s env file (1 when it cannot
 * be told: another layer of the configuration named it). */
static int conf_line(const char *root, const char *key, const char *name)
{
	struct dande_buf conf = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	char *s, *eol;
	int line = 1, found = 0;

	dande_fs_join(&p, root, ".dande.conf");
	if (dande_buf_read_file(&conf, p.ptr) == 0 && conf.ptr) {
		for (s = conf.ptr; s && !found; s = eol ? eol + 1 : NULL) {
			if ((eol = strchr(s, '\n')))
				*eol = '\0';
			if (strstr(s, key) && strstr(s, name))
				found = 1;
			else
				line++;
		}
	}
	dande_error_clear();
	dande_buf_release(&conf);
	dande_buf_release(&p);
	return found ? line : 1;
}

/*
 * tls-unverified: an https:// health URL with no cacert, whose server's
 * certificate the system's store does not trust: `up` would wait on it
 * until the timeout.  Asked of the server (1 s to connect): one that does
 * not answer says nothing either way.
 */
static void tls_unverified(struct dande_env_findings *out,
			   const struct dande_env *env, const char *root)
{
	struct dande_http_opts o = DANDE_HTTP_OPTS_INIT;
	size_t i;
	long status;

	if (env->cacert)
		return;
	o.connect_ms = 1000;
	o.total_ms = 3000;
	for (i = 0; i < env->health.nr; i++) {
		const char *url = env->health.v[i];

		if (strncasecmp(url, "https://", 8))
			continue;
		if (dande_http_request(url, &o, &status, NULL) == 0 ||
		    !contains_ci(dande_error_last()->message, "certificate")) {
			dande_error_clear();
			continue;
		}
		add(out, ".dande.conf", conf_line(root, "health", url),
		    "tls-unverified", "environment '%s': the certificate of %s "
		    "is not trusted by this machine (%s) and the environment "
		    "has no cacert: set cacert to its CA file (dande env init "
		    "--tls makes a local CA)", env->name, url,
		    dande_error_last()->message + strlen(url) + 2);
		dande_error_clear();
	}
}

/*
 * missing-env-file: the configuration names an env file that is not
 * there; check passed and `up` failed on it.  With an example beside it,
 * the fix is to copy that.
 */
static void missing_env_file(struct dande_env_findings *out,
			     const struct dande_env *env, const char *root)
{
	struct dande_buf ex = DANDE_BUF_INIT, p = DANDE_BUF_INIT;

	dande_buf_addf(&ex, "%s.example", env->env_file);
	dande_fs_join(&p, root, ex.ptr);
	add(out, ".dande.conf", conf_line(root, "envFile", env->env_file),
	    "missing-env-file", "environment '%s': its env file %s does not "
	    "exist%s%s%s", env->name, env->env_file,
	    dande_fs_exists(p.ptr) ? ": copy " : "",
	    dande_fs_exists(p.ptr) ? ex.ptr : "",
	    dande_fs_exists(p.ptr) ? " to it and set its values" :
	    " (compose refuses to start without it)");
	dande_buf_release(&ex);
	dande_buf_release(&p);
}

int dande_env_check(const struct dande_env *envs, size_t nenvs, int flags,
		    const char *root, struct dande_env_findings *out)
{
	struct loaded *l = NULL;
	struct dande_envfile *vars;
	struct dande_buf path = DANDE_BUF_INIT;
	size_t nl = 0, i, j;
	int r = 0;

	out->v = NULL;
	out->nr = 0;
	vars = dande_xcalloc(nenvs ? nenvs : 1, sizeof(*vars));
	for (i = 0; i < nenvs && r == 0; i++) {
		const struct dande_env *env = &envs[i];

		if (env->env_file) {
			dande_buf_reset(&path);
			dande_fs_join(&path, root, env->env_file);
			/* missing: `up` would fail on it; the checks go on
			 * with no values */
			r = dande_envfile_load(&vars[i], path.ptr);
			if (r == DANDE_ENOTFOUND) {
				dande_error_clear();
				missing_env_file(out, env, root);
				r = 0;
			} else if (r < 0) {
				break;
			}
		}
		for (j = 0; j < env->compose.nr; j++) {
			struct dande_compose *c;

			dande_buf_reset(&path);
			dande_fs_join(&path, root, env->compose.v[j]);
			r = dande_compose_load(&c, path.ptr, env->env_file ?
					       &vars[i].vars : NULL);
			if (r < 0)
				break;
			l = dande_xrealloc(l, (nl + 1) * sizeof(*l));
			l[nl++] = (struct loaded){ c, env->compose.v[j], env,
				env->env_file ? &vars[i] : NULL };
		}
	}
	if (r == 0) {
		for (i = 0; i < nl; i++)
			for (j = 0; j < l[i].c->nservices; j++)
				check_service(out, &l[i], &l[i].c->services[j],
					      l, nl);
		check_ports(out, l, nl);
		check_named(out, l, nl);
		if (flags & DANDE_ENV_CHECK_HOST) {
			check_host_ports(out, l, nl);
			for (i = 0; i < nenvs; i++)
				tls_unverified(out, &envs[i], root);
		}
		for (i = 0; i < nenvs; i++)
			if (envs[i].is_test && envs[i].database_url)
				check_database_url(out, &envs[i],
						   envs[i].env_file ?
						   &vars[i] : NULL, l, nl);
		if (out->nr)
			qsort(out->v, out->nr, sizeof(*out->v), by_place);
	}
	for (i = 0; i < nl; i++)
		dande_compose_free(l[i].c);
	free(l);
	for (i = 0; i < nenvs; i++)
		dande_envfile_release(&vars[i]);
	free(vars);
	dande_buf_release(&path);
	if (r < 0)
		dande_env_findings_release(out);
	return r;
}

/* The findings of every environment (or, with `only`, of its own
 * files), as the tool shows them. */
int dande_env_check_project(const struct dande_config *cfg, const char *root,
			    const char *only, int json, struct dande_buf *out,
			    size_t *shown_out, size_t *checked)
{
	struct dande_strvec names = DANDE_STRVEC_INIT;
	struct dande_env *envs, *mine = NULL;
	struct dande_env_findings f = { NULL, 0 };
	struct dande_json j;
	size_t i, k, n = 0, shown = 0;
	int r = 0;

	/* every environment, in order: ports are shared between them */
	*shown_out = *checked = 0;
	dande_env_names(cfg, &names);
	if (!names.nr && !only) {
		dande_strvec_release(&names);
		return dande_error_set(DANDE_EUSAGE, "no [env] section in "
				       ".dande.conf: 'dande env init' writes a "
				       "dev and a test one");
	}
	envs = dande_xcalloc(names.nr + 1, sizeof(*envs));
	if (only && (r = dande_env_load(&envs[0], cfg, only)) < 0)
		goto done;
	dande_env_release(&envs[0]);
	for (i = 0; i < names.nr && r == 0; i++)
		if ((r = dande_env_load(&envs[n], cfg, names.v[i])) == 0) {
			if (only && !strcmp(names.v[i], only))
				mine = &envs[n];
			n++;
		}
	if (r == 0)
		r = dande_env_check(envs, n, DANDE_ENV_CHECK_HOST, root, &f);
	if (r < 0)
		goto done;
	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_array_begin(&j);
	}
	for (i = 0; i < f.nr; i++) {
		/* with one named, only the findings in its own files */
		int in = !mine;

		for (k = 0; !in && k < mine->compose.nr; k++)
			in = !strcmp(f.v[i].file, mine->compose.v[k]);
		in |= mine && mine->env_file &&
			!strcmp(f.v[i].file, mine->env_file);
		/* .dande.conf's findings name their environment first */
		if (mine && !strcmp(f.v[i].file, ".dande.conf")) {
			size_t len = strlen(mine->name);

			in = !strncmp(f.v[i].message, "environment '", 13) &&
				!strncmp(f.v[i].message + 13, mine->name,
					 len) &&
				f.v[i].message[13 + len] == '\'';
		}
		if (!in)
			continue;
		shown++;
		if (!json) {
			/* the message may quote the compose file */
			dande_buf_addf(out, "%s:%d: %s: ", f.v[i].file,
				       f.v[i].line, f.v[i].rule);
			dande_buf_add_printable(out, f.v[i].message,
						strlen(f.v[i].message), 0);
			dande_buf_addch(out, '\n');
			continue;
		}
		dande_json_object_begin(&j);
		dande_json_key(&j, "file");
		dande_json_string(&j, f.v[i].file);
		dande_json_key(&j, "line");
		dande_json_int(&j, f.v[i].line);
		dande_json_key(&j, "rule");
		dande_json_string(&j, f.v[i].rule);
		dande_json_key(&j, "message");
		dande_json_string(&j, f.v[i].message);
		dande_json_object_end(&j);
	}
	if (json)
		dande_json_array_end(&j);
	*shown_out = shown;
	*checked = n;
done:
	for (i = 0; i < n; i++)
		dande_env_release(&envs[i]);
	free(envs);
	dande_env_findings_release(&f);
	dande_strvec_release(&names);
	return r;
}

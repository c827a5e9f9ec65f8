/*
 * engine.c: the Docker Engine API over its unix socket (http.c), answers
 * read with json-c.  Unversioned paths: the engine answers with its own
 * API version, and every field read here exists since API 1.25 (Docker
 * 1.13) and in Podman's compatible API.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


#include "env/engine_int.h"
#include "dande/error.h"
#include "dande/proc.h"
#include "http_int.h"
#include "dande/json.h"
#include "json_int.h"
#include "util/banned.h"

#define DEFAULT_SOCKET "/var/run/docker.sock"
#define ANSWER_MAX (64u << 20)

struct dande_engine {
	char *socket;		/* NULL: TCP */
	char *base;		/* "http://localhost" or "http://host:port" */
	char *address;		/* for messages */
};

int dande_engine_open(struct dande_engine **out, const char *const *envp)
{
	struct dande_engine *e = dande_xcalloc(1, sizeof(*e));
	const char *host = dande_getenv(envp, "DOCKER_HOST");
	const char *xdg = dande_getenv(envp, "XDG_RUNTIME_DIR");
	struct dande_buf b = DANDE_BUF_INIT;

	*out = NULL;
	if (host && *host && !strncmp(host, "unix://", 7)) {
		e->socket = dande_xstrdup(host + 7);
	} else if (host && *host && !strncmp(host, "tcp://", 6)) {
		dande_buf_addf(&b, "http://%s", host + 6);
		e->base = dande_buf_detach(&b, NULL);
		e->address = dande_xstrdup(host);
	} else if (host && *host) {
		free(e);
		return dande_error_set(DANDE_EEXTERNAL, "DOCKER_HOST '%s': "
				       "only unix:// and tcp:// are spoken",
				       host);
	} else if (access(DEFAULT_SOCKET, F_OK) != 0 && xdg) {
		dande_buf_addf(&b, "%s/podman/podman.sock", xdg);
		e->socket = access(b.ptr, F_OK) == 0 ?
			dande_buf_detach(&b, NULL) :
			dande_xstrdup(DEFAULT_SOCKET);
	} else {
		e->socket = dande_xstrdup(DEFAULT_SOCKET);
	}
	dande_buf_release(&b);
	if (e->socket) {
		dande_buf_addf(&b, "unix://%s", e->socket);
		e->address = dande_buf_detach(&b, NULL);
		e->base = dande_xstrdup("http://localhost");
	}
	*out = e;
	return 0;
}

void dande_engine_free(struct dande_engine *e)
{
	if (!e)
		return;
	free(e->socket);
	free(e->base);
	free(e->address);
	free(e);
}

const char *dande_engine_address(const struct dande_engine *e)
{
	return e->address;
}

/* One call: `path` under the base; answers outside 2xx are errors unless
 * `ok_status` says otherwise (404 for removals). */
static int call(struct dande_engine *e, const char *method, const char *path,
		long ok_status, struct dande_buf *body, long *status)
{
	struct dande_http_opts o = DANDE_HTTP_OPTS_INIT;
	struct dande_buf url = DANDE_BUF_INIT;
	long st = 0;
	int r;

	o.method = method;
	o.unix_socket = e->socket;
	o.connect_ms = 5000;
	o.total_ms = 60000;
	dande_buf_addf(&url, "%s%s", e->base, path);
	r = dande_http_request(url.ptr, &o, &st, body);
	dande_buf_release(&url);
	if (r < 0) {
		/* "URL: reason" from http.c: keep the reason */
		const char *m = dande_error_last()->message;

		return dande_error_set(DANDE_EEXTERNAL, "Docker engine at %s: "
				       "%s", e->address, strstr(m, ": ") ?
				       strstr(m, ": ") + 2 : m);
	}
	if (status)
		*status = st;
	if ((st < 200 || st > 299) && st != ok_status) {
		struct dande_jdoc *j = NULL;
		const char *m = NULL;

		if (body && body->len &&
		    dande_json__parse(&j, body->ptr, body->len, path) == 0)
			m = dande_json__str(dande_json__get(
					dande_json__root(j), "message"));
		r = dande_error_set(DANDE_EEXTERNAL, "Docker engine: %s %s: "
				    "HTTP %ld%s%s", method ? method : "GET",
				    path, st, m ? ": " : "", m ? m : "");
		dande_json__free(j);
	}
	return r;
}

static int call_json(struct dande_engine *e, const char *path,
		     struct dande_jdoc **out)
{
	struct dande_buf body = DANDE_BUF_INIT;
	int r;

	*out = NULL;
	dande_buf_init(&body, ANSWER_MAX);
	if ((r = call(e, NULL, path, 0, &body, NULL)) == 0 &&
	    dande_json__parse(out, body.ptr, body.len, path) < 0)
		r = dande_error_set(DANDE_EEXTERNAL, "Docker engine: %s: the "
				    "answer is not JSON", path);
	dande_buf_release(&body);
	return r;
}

int dande_engine_ping(struct dande_engine *e)
{
	struct dande_buf body = DANDE_BUF_INIT;
	int r = call(e, NULL, "/_ping", 0, &body, NULL);

	dande_buf_release(&body);
	return r;
}

static void urlencode(struct dande_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c)) {
			dande_buf_addch(out, (char)c);
		} else {
			dande_buf_addch(out, '%');
			dande_buf_addch(out, hex[c >> 4]);
			dande_buf_addch(out, hex[c & 15]);
		}
	}
}

/* "?filters=" with {"label":[...]} (written by dande's JSON writer) */
static void label_filter(struct dande_buf *path, const char *const *labels)
{
	struct dande_buf f = DANDE_BUF_INIT;
	struct dande_json j;

	dande_json_init(&j, &f, 0);
	dande_json_object_begin(&j);
	dande_json_key(&j, "label");
	dande_json_array_begin(&j);
	for (; labels && *labels; labels++)
		dande_json_string(&j, *labels);
	dande_json_array_end(&j);
	dande_json_object_end(&j);
	while (f.len && f.ptr[f.len - 1] == '\n')
		dande_buf_setlen(&f, f.len - 1);
	urlencode(path, f.ptr);
	dande_buf_release(&f);
}

static const char *str_at(const struct dande_jv *o, const char *key)
{
	return dande_json__str(dande_json__get(o, key));
}

static int int_at(const struct dande_jv *o, const char *key, int dflt)
{
	int64_t v;

	return dande_json__int(dande_json__get(o, key), &v) < 0 ? dflt :
		(int)v;
}

static char *dup_or_empty(const char *s)
{
	return dande_xstrdup(s ? s : "");
}

static void container_release(struct dande_container *c)
{
	free(c->id);
	free(c->name);
	free(c->service);
	free(c->project);
	free(c->env);
	free(c->run);
	free(c->owner);
	free(c->state);
	free(c->health);
	free(c->health_log);
	free(c->ports);
}

void dande_container_list_release(struct dande_container_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		container_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->nr = 0;
}

static void ports_of(struct dande_buf *out, const struct dande_jv *ports)
{
	size_t i, n = dande_json__len(ports);

	for (i = 0; i < n; i++) {
		const struct dande_jv *p = dande_json__at(ports, i);
		int pub = int_at(p, "PublicPort", -1);
		int priv = int_at(p, "PrivatePort", 0);
		const char *ip = str_at(p, "IP"), *type = str_at(p, "Type");

		if (pub < 0)
			continue;
		/* the engine lists a port once per address family */
		if (ip && strchr(ip, ':'))
			continue;
		if (out->len)
			dande_buf_adds(out, ", ");
		dande_buf_addf(out, "%s:%d->%d/%s", ip ? ip : "0.0.0.0", pub,
			       priv, type ? type : "tcp");
	}
}

static int inspect(struct dande_engine *e, struct dande_container *c)
{
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_jdoc *j = NULL;
	const struct dande_jv *state, *health, *log;
	int r;

	dande_buf_addf(&path, "/containers/%s/json", c->id);
	r = call_json(e, path.ptr, &j);
	dande_buf_release(&path);
	if (r < 0)
		return r;
	state = dande_json__get(dande_json__root(j), "State");
	health = dande_json__get(state, "Health");
	free(c->state);
	c->state = dup_or_empty(str_at(state, "Status"));
	c->exit_code = int_at(state, "ExitCode", 0);
	c->health = dup_or_empty(str_at(health, "Status"));
	log = dande_json__get(health, "Log");
	if (dande_json__len(log) > 0)
		c->health_log = dup_or_empty(str_at(dande_json__at(log,
					dande_json__len(log) - 1), "Output"));
	else
		c->health_log = dande_xstrdup("");
	dande_json__free(j);
	return 0;
}

static int by_service(const void *a, const void *b)
{
	const struct dande_container *x = a, *y = b;
	int d = strcmp(x->service, y->service);

	return d ? d : strcmp(x->name, y->name);
}

int dande_engine_containers(struct dande_engine *e,
			    const char *const *labels,
			    struct dande_container_list *out)
{
	struct dande_buf path = DANDE_BUF_INIT, ports = DANDE_BUF_INIT;
	struct dande_jdoc *j = NULL;
	const struct dande_jv *list;
	size_t i, n;
	int r;

	out->v = NULL;
	out->nr = 0;
	dande_buf_adds(&path, "/containers/json?all=1&filters=");
	label_filter(&path, labels);
	r = call_json(e, path.ptr, &j);
	dande_buf_release(&path);
	if (r < 0)
		return r;
	list = dande_json__root(j);
	n = dande_json__len(list);
	out->v = dande_xcalloc(n ? n : 1, sizeof(*out->v));
	for (i = 0; i < n; i++) {
		const struct dande_jv *o = dande_json__at(list, i);
		const struct dande_jv *lab = dande_json__get(o, "Labels");
		struct dande_container *c = &out->v[out->nr];
		const char *name = dande_json__str(dande_json__at(
					dande_json__get(o, "Names"), 0));
		const char *oneoff = str_at(lab, "com.docker.compose.oneoff");

		if (!name)
			name = "";

		c->id = dup_or_empty(str_at(o, "Id"));
		c->name = dande_xstrdup(name[0] == '/' ? name + 1 : name);
		c->service = dup_or_empty(str_at(lab,
						 "com.docker.compose.service"));
		c->project = dup_or_empty(str_at(lab,
						 "com.docker.compose.project"));
		c->env = dup_or_empty(str_at(lab, "dande.env"));
		c->run = dup_or_empty(str_at(lab, "dande.run"));
		c->owner = dup_or_empty(str_at(lab, "dande.owner"));
		c->state = dup_or_empty(str_at(o, "State"));
		c->oneoff = oneoff && !strcasecmp(oneoff, "true");
		dande_buf_reset(&ports);
		ports_of(&ports, dande_json__get(o, "Ports"));
		c->ports = dande_xstrdup(ports.len ? ports.ptr : "");
		out->nr++;
		/* gone between the list and the inspect: leave it out */
		if ((r = inspect(e, c)) < 0) {
			if (!strstr(dande_error_last()->message, "404"))
				break;
			container_release(c);
			out->nr--;
			r = 0;
		}
	}
	dande_json__free(j);
	dande_buf_release(&ports);
	if (r < 0) {
		dande_container_list_release(out);
		return r;
	}
	qsort(out->v, out->nr, sizeof(*out->v), by_service);
	return 0;
}

void dande_engine_demux(struct dande_buf *out, const char *raw, size_t len)
{
	const unsigned char *p = (const unsigned char *)raw;

	/* A TTY container's log is raw; else frames of
	 * [stream, 0, 0, 0, size (4 bytes, big endian)] + payload. */
	if (len < 8 || p[0] > 2 || p[1] || p[2] || p[3]) {
		dande_buf_add(out, raw, len);
		return;
	}
	while (len >= 8) {
		size_t n = (size_t)p[4] << 24 | (size_t)p[5] << 16 |
			(size_t)p[6] << 8 | p[7];

		p += 8;
		len -= 8;
		if (n > len)
			n = len;
		dande_buf_add(out, p, n);
		p += n;
		len -= n;
	}
}

int dande_engine_logs(struct dande_engine *e, const char *id, int tail,
		      struct dande_buf *out)
{
	struct dande_buf path = DANDE_BUF_INIT, raw = DANDE_BUF_INIT;
	int r;

	dande_buf_init(&raw, ANSWER_MAX);
	dande_buf_addf(&path, "/containers/%s/logs?stdout=1&stderr=1", id);
	if (tail > 0)
		dande_buf_addf(&path, "&tail=%d", tail);
	if ((r = call(e, NULL, path.ptr, 0, &raw, NULL)) == 0)
		dande_engine_demux(out, raw.ptr, raw.len);
	dande_buf_release(&path);
	dande_buf_release(&raw);
	return r;
}

static int named_list(struct dande_engine *e, const char *what,
		      const char *label, struct dande_strvec *out)
{
	struct dande_buf path = DANDE_BUF_INIT;
	const char *labels[] = { label, NULL };
	struct dande_jdoc *j = NULL;
	const struct dande_jv *a;
	size_t i, n;
	int r;

	dande_buf_addf(&path, "/%s?filters=", what);
	label_filter(&path, labels);
	r = call_json(e, path.ptr, &j);
	dande_buf_release(&path);
	if (r < 0)
		return r;
	a = dande_json__root(j);
	if (!dande_json__is_array(a))
		a = dande_json__get(a, "Volumes");
	n = dande_json__len(a);
	for (i = 0; i < n; i++) {
		const struct dande_jv *o = dande_json__at(a, i);
		const struct dande_jv *lab = dande_json__get(o, "Labels");
		const char *proj = str_at(lab, "com.docker.compose.project");
		const char *run = str_at(lab, "dande.run");
		const char *owner = str_at(lab, "dande.owner");

		dande_strvec_pushf(out, "%s\t%s\t%s\t%s", str_at(o, "Name") ?
				   str_at(o, "Name") : "", proj ? proj : "",
				   run ? run : "", owner ? owner : "");
	}
	dande_json__free(j);
	return 0;
}

int dande_engine_networks(struct dande_engine *e, const char *label,
			  struct dande_strvec *out)
{
	return named_list(e, "networks", label, out);
}

int dande_engine_volumes(struct dande_engine *e, const char *label,
			 struct dande_strvec *out)
{
	return named_list(e, "volumes", label, out);
}

int dande_engine_remove(struct dande_engine *e, const char *kind,
			const char *name)
{
	struct dande_buf path = DANDE_BUF_INIT, body = DANDE_BUF_INIT;
	int r;

	dande_buf_addf(&path, "/%s/", kind);
	urlencode(&path, name);
	if (!strcmp(kind, "containers"))
		dande_buf_adds(&path, "?force=1&v=1");
	r = call(e, "DELETE", path.ptr, 404, &body, NULL);
	dande_buf_release(&path);
	dande_buf_release(&body);
	return r;
}

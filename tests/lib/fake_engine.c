/*
 * A fake Docker Engine API for the integration level: an HTTP/1.1 server
 * on a unix socket, in a child process, answering the endpoints dande's
 * engine.c uses from files under a state directory:
 *
 *   containers/ID.json   a container's inspect answer (recorded from a
 *                        real engine: tests/data/env/engine/; its Id
 *                        is taken to be ID)
 *   containers/ID.labels more labels, "key=value" lines (what Compose and
 *                        dande's override would have put on it)
 *   logs/ID              its raw log stream (multiplexed frames)
 *   networks/NAME.json, volumes/NAME.json (+ .labels)
 *   requests.log         "METHOD TARGET" of every request, for asserts
 *
 * GET /_ping, /containers/json?filters=, /containers/ID/json,
 * /containers/ID/logs, /networks?filters=, /volumes?filters=; DELETE
 * /containers/ID, /networks/NAME, /volumes/NAME.  The list answer is made
 * from the inspect answers as the engine makes it from its containers.
 * Anything else is a 404 with the engine's JSON message.  The fake
 * Compose (tests/data/env/fake/docker) writes the state.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "dande/buf.h"
#include "lib/test.h"

static pid_t server_pid;
static char *state;

static void path_of(struct dande_buf *p, const char *kind, const char *name,
		    const char *ext)
{
	dande_buf_reset(p);
	dande_buf_addf(p, "%s/%s/%s%s", state, kind, name, ext);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
		c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decoding in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* A document with its .labels merged into `labels_at` (a path of keys:
 * "Config.Labels", or "Labels"). */
static json_object *load(const char *kind, const char *name,
			 const char *labels_at)
{
	struct dande_buf p = DANDE_BUF_INIT;
	json_object *doc, *at, *labels;
	char *text, *line, *save = NULL;

	path_of(&p, kind, name, ".json");
	doc = json_object_from_file(p.ptr);
	if (!doc) {
		dande_buf_release(&p);
		return NULL;
	}
	/* a container's id is its file's name */
	if (!strcmp(kind, "containers"))
		json_object_object_add(doc, "Id", json_object_new_string(name));
	at = doc;
	if (!strcmp(labels_at, "Config.Labels") &&
	    !json_object_object_get_ex(doc, "Config", &at)) {
		at = json_object_new_object();
		json_object_object_add(doc, "Config", at);
	}
	if (!json_object_object_get_ex(at, "Labels", &labels) ||
	    !json_object_is_type(labels, json_type_object)) {
		labels = json_object_new_object();
		json_object_object_add(at, "Labels", labels);
	}
	path_of(&p, kind, name, ".labels");
	text = dande_test_read(p.ptr);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (!eq)
			continue;
		*eq = '\0';
		json_object_object_add(labels, line,
				       json_object_new_string(eq + 1));
	}
	free(text);
	dande_buf_release(&p);
	return doc;
}

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ?
		json_object_get_string(v) : NULL;
}

/* Whether `labels` has every label the filter names ("k" or "k=v"). */
static int matches(json_object *labels, json_object *want)
{
	size_t i, n = want ? json_object_array_length(want) : 0;

	for (i = 0; i < n; i++) {
		char *f = strdup(json_object_get_string(
					 json_object_array_get_idx(want, i)));
		char *eq = strchr(f, '=');
		const char *have;

		if (eq)
			*eq = '\0';
		have = labels ? str_of(labels, f) : NULL;
		if (!have || (eq && strcmp(have, eq + 1))) {
			free(f);
			return 0;
		}
		free(f);
	}
	return 1;
}

/* The "label" array of a ?filters= query, or NULL. */
static json_object *label_filter(const char *query, json_object **doc)
{
	const char *f = query ? strstr(query, "filters=") : NULL;
	json_object *labels = NULL;
	char *v;

	*doc = NULL;
	if (!f)
		return NULL;
	v = strndup(f + 8, strcspn(f + 8, "&"));
	unescape(v);
	*doc = json_tokener_parse(v);
	free(v);
	if (*doc)
		json_object_object_get_ex(*doc, "label", &labels);
	return labels;
}

/* The names (without .json) of the documents of `kind`, sorted. */
static size_t names_of(const char *kind, char ***out)
{
	struct dande_buf p = DANDE_BUF_INIT;
	struct dirent **ents = NULL;
	size_t n = 0;
	int i, k;

	dande_buf_addf(&p, "%s/%s", state, kind);
	k = scandir(p.ptr, &ents, NULL, alphasort);
	*out = calloc((size_t)(k > 0 ? k : 0) + 1, sizeof(**out));
	for (i = 0; i < k; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 5 && !strcmp(ents[i]->d_name + len - 5, ".json"))
			(*out)[n++] = strndup(ents[i]->d_name, len - 5);
		free(ents[i]);
	}
	free(ents);
	dande_buf_release(&p);
	return n;
}

/* A list entry as the engine makes it from a container. */
static json_object *list_entry(json_object *c)
{
	json_object *e = json_object_new_object(), *st, *cfg, *names, *v;
	const char *status = "", *health = NULL;
	char buf[96];

	json_object_object_get_ex(c, "State", &st);
	json_object_object_get_ex(c, "Config", &cfg);
	json_object_object_add(e, "Id", json_object_new_string(
				       str_of(c, "Id") ? str_of(c, "Id") : ""));
	names = json_object_new_array();
	json_object_array_add(names, json_object_new_string(
				      str_of(c, "Name") ? str_of(c, "Name") : ""));
	json_object_object_add(e, "Names", names);
	json_object_object_add(e, "Image", json_object_new_string(
				       cfg && str_of(cfg, "Image") ?
				       str_of(cfg, "Image") : ""));
	if (st)
		status = str_of(st, "Status") ? str_of(st, "Status") : "";
	json_object_object_add(e, "State", json_object_new_string(status));
	if (st && json_object_object_get_ex(st, "Health", &v))
		health = str_of(v, "Status");
	if (!strcmp(status, "exited") && st &&
	    json_object_object_get_ex(st, "ExitCode", &v))
		snprintf(buf, sizeof(buf), "Exited (%d) 2 seconds ago",
			 json_object_get_int(v));
	else if (health)
		snprintf(buf, sizeof(buf), "Up 5 seconds (%s)", health);
	else
		snprintf(buf, sizeof(buf), "Up 5 seconds");
	json_object_object_add(e, "Status", json_object_new_string(buf));
	if (cfg && json_object_object_get_ex(cfg, "Labels", &v))
		json_object_object_add(e, "Labels", json_object_get(v));
	json_object_object_add(e, "Ports", json_object_new_array());
	return e;
}

static void respond(int fd, int code, const char *reason, const char *type,
		    const char *body, size_t len)
{
	struct dande_buf h = DANDE_BUF_INIT;
	size_t off;
	ssize_t w;

	dande_buf_addf(&h, "HTTP/1.1 %d %s\r\nApi-Version: 1.41\r\n"
		       "Server: Docker/20.10.24+dfsg1 (linux) (fake)\r\n"
		       "Content-Type: %s\r\nContent-Length: %zu\r\n"
		       "Connection: close\r\n\r\n", code, reason, type, len);
	dande_buf_add(&h, body, len);
	for (off = 0; off < h.len; off += (size_t)w)
		if ((w = write(fd, h.ptr + off, h.len - off)) <= 0)
			break;
	dande_buf_release(&h);
}

static void respond_json(int fd, int code, const char *reason,
			 json_object *o)
{
	const char *s = json_object_to_json_string_ext(o,
						       JSON_C_TO_STRING_PLAIN);

	respond(fd, code, reason, "application/json", s, strlen(s));
}

static void not_found(int fd, const char *what)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "message", json_object_new_string(what));
	respond_json(fd, 404, "Not Found", o);
	json_object_put(o);
}

/* Containers, networks or volumes whose labels pass the filter. */
static void list(int fd, const char *kind, const char *query)
{
	json_object *fdoc, *want = label_filter(query, &fdoc);
	json_object *a = json_object_new_array(), *top = a;
	char **names;
	size_t i, n = names_of(kind, &names);
	int containers = !strcmp(kind, "containers");

	for (i = 0; i < n; i++) {
		json_object *d = load(kind, names[i], containers ?
				      "Config.Labels" : "Labels");
		json_object *labels = NULL, *cfg;

		if (d && containers &&
		    json_object_object_get_ex(d, "Config", &cfg))
			json_object_object_get_ex(cfg, "Labels", &labels);
		else if (d)
			json_object_object_get_ex(d, "Labels", &labels);
		if (d && matches(labels, want))
			json_object_array_add(a, containers ? list_entry(d) :
					      json_object_get(d));
		json_object_put(d);
		free(names[i]);
	}
	free(names);
	if (!strcmp(kind, "volumes")) {
		top = json_object_new_object();
		json_object_object_add(top, "Volumes", a);
		json_object_object_add(top, "Warnings", NULL);
	}
	respond_json(fd, 200, "OK", top);
	json_object_put(top);
	json_object_put(fdoc);
}

static void inspect(int fd, const char *id)
{
	json_object *d = load("containers", id, "Config.Labels");
	struct dande_buf m = DANDE_BUF_INIT;

	if (d) {
		respond_json(fd, 200, "OK", d);
	} else {
		dande_buf_addf(&m, "No such container: %s", id);
		not_found(fd, m.ptr);
	}
	json_object_put(d);
	dande_buf_release(&m);
}

static void logs(int fd, const char *id)
{
	struct dande_buf p = DANDE_BUF_INIT, body = DANDE_BUF_INIT;
	FILE *f;

	path_of(&p, "containers", id, ".json");
	if (access(p.ptr, F_OK) != 0) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "No such container: %s", id);
		not_found(fd, p.ptr);
		dande_buf_release(&p);
		return;
	}
	path_of(&p, "logs", id, "");
	if ((f = fopen(p.ptr, "rb"))) {
		char chunk[4096];
		size_t k;

		while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
			dande_buf_add(&body, chunk, k);
		fclose(f);
	}
	respond(fd, 200, "OK", "application/vnd.docker.raw-stream",
		body.ptr ? body.ptr : "", body.len);
	dande_buf_release(&p);
	dande_buf_release(&body);
}

/* DELETE: the document (by file name, or a network's or volume's Name). */
static void remove_one(int fd, const char *kind, const char *name)
{
	struct dande_buf p = DANDE_BUF_INIT, m = DANDE_BUF_INIT;
	int gone = 0;

	path_of(&p, kind, name, ".json");
	if (unlink(p.ptr) == 0) {
		gone = 1;
		path_of(&p, kind, name, ".labels");
		unlink(p.ptr);
		path_of(&p, "logs", name, "");
		if (!strcmp(kind, "containers"))
			unlink(p.ptr);
	}
	if (gone) {
		respond(fd, 204, "No Content", "text/plain", "", 0);
	} else {
		dande_buf_addf(&m, "No such %.*s: %s", (int)strlen(kind) - 1,
			       kind, name);
		not_found(fd, m.ptr);
	}
	dande_buf_release(&p);
	dande_buf_release(&m);
}

static void serve(int fd)
{
	char req[16384], method[16], target[8192], *query, *p;
	size_t got = 0;
	ssize_t k;
	FILE *log;

	while (got < sizeof(req) - 1 &&
	       (k = read(fd, req + got, sizeof(req) - 1 - got)) > 0) {
		got += (size_t)k;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[got] = '\0';
	if (sscanf(req, "%15s %8191s", method, target) != 2)
		return;
	{
		struct dande_buf lp = DANDE_BUF_INIT;

		dande_buf_addf(&lp, "%s/requests.log", state);
		if ((log = fopen(lp.ptr, "a"))) {
			fprintf(log, "%s %s\n", method, target);
			fclose(log);
		}
		dande_buf_release(&lp);
	}
	/* a path may carry a version: /v1.41/containers/json */
	p = target;
	if (!strncmp(p, "/v1.", 4) && strchr(p + 1, '/'))
		p = strchr(p + 1, '/');
	if ((query = strchr(p, '?')))
		*query++ = '\0';
	unescape(p);
	if (!strcmp(method, "GET") && !strcmp(p, "/_ping")) {
		respond(fd, 200, "OK", "text/plain; charset=utf-8", "OK", 2);
	} else if (!strcmp(method, "GET") && !strcmp(p, "/containers/json")) {
		list(fd, "containers", query);
	} else if (!strcmp(method, "GET") && (!strcmp(p, "/networks") ||
					      !strcmp(p, "/volumes"))) {
		list(fd, p + 1, query);
	} else if (!strncmp(p, "/containers/", 12) &&
		   !strcmp(method, "GET") && strchr(p + 12, '/')) {
		char *id = strndup(p + 12, strcspn(p + 12, "/"));
		const char *what = p + 12 + strlen(id);

		if (!strcmp(what, "/json"))
			inspect(fd, id);
		else if (!strcmp(what, "/logs"))
			logs(fd, id);
		else
			not_found(fd, "page not found");
		free(id);
	} else if (!strcmp(method, "DELETE") &&
		   (!strncmp(p, "/containers/", 12) ||
		    !strncmp(p, "/networks/", 10) ||
		    !strncmp(p, "/volumes/", 9))) {
		char *kind = strndup(p + 1, strcspn(p + 1, "/"));

		remove_one(fd, kind, p + 2 + strlen(kind));
		free(kind);
	} else {
		not_found(fd, "page not found");
	}
}

int dande_test_fake_engine(const char *dir, struct dande_buf *host)
{
	static const char *const kinds[] = { "containers", "logs", "networks",
					     "volumes" };
	struct sockaddr_un a;
	struct dande_buf sock = DANDE_BUF_INIT;
	size_t i;
	int fd, tries;

	dande_test_fake_engine_stop();
	free(state);
	state = strdup(dir);
	for (i = 0; i < 4; i++) {
		struct dande_buf p = DANDE_BUF_INIT;

		dande_buf_addf(&p, "%s/%s", dir, kinds[i]);
		mkdir(p.ptr, 0755);
		dande_buf_release(&p);
	}
	dande_buf_addf(&sock, "%s/engine.sock", dir);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	if (sock.len >= sizeof(a.sun_path)) {
		dande_buf_release(&sock);
		return -1;
	}
	memcpy(a.sun_path, sock.ptr, sock.len + 1);
	unlink(sock.ptr);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 64) < 0) {
		dande_buf_release(&sock);
		return -1;
	}
	if ((server_pid = fork()) == 0) {
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			int c = accept(fd, NULL, NULL);

			if (c < 0) {
				if (errno == EINTR)
					continue;
				_exit(1);
			}
			serve(c);
			close(c);
		}
	}
	close(fd);
	for (tries = 0; tries < 100; tries++) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		int ok = connect(c, (struct sockaddr *)&a, sizeof(a)) == 0;

		close(c);
		if (ok)
			break;
	}
	dande_buf_reset(host);
	dande_buf_addf(host, "unix://%s", sock.ptr);
	dande_buf_release(&sock);
	return server_pid > 0 ? 0 : -1;
}

void dande_test_fake_engine_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	server_pid = 0;
}

char *dande_test_fake_engine_requests(void)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;

	dande_buf_addf(&p, "%s/requests.log", state);
	text = dande_test_read(p.ptr);
	dande_buf_release(&p);
	return text ? text : strdup("");
}

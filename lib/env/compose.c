/*
 * compose.c: Compose files through libyaml's document loader, which keeps
 * every node's position, into the small model compose.h describes.  The
 * only file that includes libyaml.
 *
 * Aliases are shared nodes in libyaml's document, never copies, and the
 * walk below only follows the paths it knows, with merge keys followed
 * to a bounded depth: an alias bomb or a self-referencing anchor costs
 * nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "env/compose_int.h"
#include "dande/error.h"
#include "util/banned.h"

#define FILE_MAX (4u << 20)
#define MERGE_DEPTH 8

struct reader {
	yaml_document_t doc;
	const struct dande_strvec *vars;
};

static yaml_node_t *node(struct reader *r, int i)
{
	return yaml_document_get_node(&r->doc, i);
}

static int line_of(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
		(const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *map_get_depth(struct reader *r, yaml_node_t *m,
				  const char *key, int depth)
{
	yaml_node_pair_t *p;
	yaml_node_t *merged = NULL;

	if (!m || m->type != YAML_MAPPING_NODE || depth > MERGE_DEPTH)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(node(r, p->key));

		if (k && !strcmp(k, key))
			return node(r, p->value);
		if (k && !strcmp(k, "<<"))
			merged = node(r, p->value);
	}
	if (merged && merged->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *i;

		for (i = merged->data.sequence.items.start;
		     i < merged->data.sequence.items.top; i++) {
			yaml_node_t *v = map_get_depth(r, node(r, *i), key,
						       depth + 1);
			if (v)
				return v;
		}
		return NULL;
	}
	return map_get_depth(r, merged, key, depth + 1);
}

static yaml_node_t *map_get(struct reader *r, yaml_node_t *m, const char *key)
{
	return map_get_depth(r, m, key, 0);
}

static const char *var_value(const struct dande_strvec *vars, const char *name,
			     size_t n)
{
	size_t i;

	/* the last setting wins, as in an env file read top to bottom */
	for (i = vars ? vars->nr : 0; i-- > 0;)
		if (!strncmp(vars->v[i], name, n) && vars->v[i][n] == '=')
			return vars->v[i] + n + 1;
	return NULL;
}

void dande_compose_interpolate(struct dande_buf *out, const char *s,
			       const struct dande_strvec *vars)
{
	while (*s) {
		const char *v;
		size_t n;

		if (*s != '$') {
			dande_buf_addch(out, *s++);
			continue;
		}
		if (s[1] == '$') {
			dande_buf_addch(out, '$');
			s += 2;
		} else if (s[1] == '{') {
			const char *name = s + 2, *end = strchr(name, '}');

			if (!end) {
				dande_buf_adds(out, s);
				return;
			}
			n = strcspn(name, ":-?}");
			v = var_value(vars, name, n);
			if (name[n] == ':' && name[n + 1] == '-') {
				if (!v || !*v)
					dande_buf_add(out, name + n + 2,
						      (size_t)(end -
						      (name + n + 2)));
				else
					dande_buf_adds(out, v);
			} else if (name[n] == '-') {
				if (!v)
					dande_buf_add(out, name + n + 1,
						      (size_t)(end -
						      (name + n + 1)));
				else
					dande_buf_adds(out, v);
			} else if (v) {
				dande_buf_adds(out, v);
			}
			s = end + 1;
		} else {
			const char *name = s + 1;

			for (n = 0; name[n] == '_' ||
			     (name[n] >= 'a' && name[n] <= 'z') ||
			     (name[n] >= 'A' && name[n] <= 'Z') ||
			     (n && name[n] >= '0' && name[n] <= '9'); n++)
				;
			if (!n) {
				dande_buf_addch(out, '$');
				s++;
				continue;
			}
			if ((v = var_value(vars, name, n)))
				dande_buf_adds(out, v);
			s = name + n;
		}
	}
}

static char *interp(struct reader *r, const char *s)
{
	struct dande_buf b = DANDE_BUF_INIT;

	dande_compose_interpolate(&b, s ? s : "", r->vars);
	return dande_buf_detach(&b, NULL);
}

static void add_port(struct dande_compose_service *s, const char *ip,
		     const char *published, const char *target, int line)
{
	struct dande_compose_port *p;

	s->ports = dande_xrealloc(s->ports, (s->nports + 1) * sizeof(*p));
	p = &s->ports[s->nports++];
	p->host_ip = dande_xstrdup(ip);
	p->published = dande_xstrdup(published);
	p->target = dande_xstrdup(target);
	p->line = line;
}

/* "[ip:]host:container[/proto]", "container", IPv6 as "[::1]:80:80". */
static void parse_port(struct dande_compose_service *s, const char *spec,
		       int line)
{
	char *copy = dande_xstrdup(spec), *slash, *last, *mid;
	const char *ip = "", *published = "";

	if ((slash = strrchr(copy, '/')))
		*slash = '\0';
	last = strrchr(copy, ':');
	if (last) {
		*last = '\0';
		mid = strrchr(copy, ':');
		if (mid && copy[0] == '[' && mid > copy && mid[-1] != ']')
			mid = NULL;
		if (mid) {
			*mid = '\0';
			ip = copy;
			published = mid + 1;
		} else {
			published = copy;
		}
		add_port(s, ip, published, last + 1, line);
	} else {
		add_port(s, "", "", copy, line);
	}
	free(copy);
}

static void add_mount(struct dande_compose_service *s, const char *type,
		      const char *source, const char *target, int line)
{
	struct dande_compose_mount *m;

	s->mounts = dande_xrealloc(s->mounts, (s->nmounts + 1) * sizeof(*m));
	m = &s->mounts[s->nmounts++];
	m->type = dande_xstrdup(type);
	m->source = dande_xstrdup(source);
	m->target = dande_xstrdup(target);
	m->line = line;
}

/* "src:dst[:mode]" or "dst". */
static void parse_volume(struct dande_compose_service *s, const char *spec,
			 int line)
{
	char *copy = dande_xstrdup(spec), *colon = strchr(copy, ':'), *mode;

	if (!colon) {
		add_mount(s, "volume", "", copy, line);
	} else {
		*colon = '\0';
		if ((mode = strchr(colon + 1, ':')))
			*mode = '\0';
		add_mount(s, strchr("/.~$", copy[0]) ? "bind" : "volume", copy,
			  colon + 1, line);
	}
	free(copy);
}

static int has_healthcheck(struct reader *r, yaml_node_t *svc)
{
	yaml_node_t *hc = map_get(r, svc, "healthcheck"), *test, *dis;
	const char *t;

	if (!hc || hc->type != YAML_MAPPING_NODE)
		return 0;
	dis = map_get(r, hc, "disable");
	if (scalar(dis) && !strcmp(scalar(dis), "true"))
		return 0;
	test = map_get(r, hc, "test");
	if ((t = scalar(test)))
		return strcmp(t, "NONE") != 0;
	if (test && test->type == YAML_SEQUENCE_NODE &&
	    test->data.sequence.items.top > test->data.sequence.items.start) {
		t = scalar(node(r, *test->data.sequence.items.start));
		return !t || strcmp(t, "NONE") != 0;
	}
	/* a healthcheck block without test tunes the image's own */
	return 1;
}

static void add_var(struct dande_compose_service *s, const char *key,
		    size_t klen, const char *value, int line)
{
	struct dande_compose_var *v;

	s->environment = dande_xrealloc(s->environment,
					(s->nenvironment + 1) * sizeof(*v));
	v = &s->environment[s->nenvironment++];
	v->key = dande_xstrndup(key, klen);
	v->value = value ? dande_xstrdup(value) : NULL;
	v->line = line;
}

/* A scalar, or a sequence's scalars joined by spaces; NULL otherwise. */
static char *joined(struct reader *r, yaml_node_t *n)
{
	struct dande_buf b = DANDE_BUF_INIT;
	yaml_node_item_t *i;

	if (scalar(n))
		return dande_xstrdup(scalar(n));
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return NULL;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++)
		if (scalar(node(r, *i)))
			dande_buf_addf(&b, "%s%s", b.len ? " " : "",
				       scalar(node(r, *i)));
	return dande_buf_detach(&b, NULL);
}

static void read_service(struct reader *r, struct dande_compose_service *s,
			 yaml_node_t *svc)
{
	yaml_node_t *n;
	yaml_node_item_t *i;
	yaml_node_pair_t *p;

	if ((n = map_get(r, svc, "image")) && scalar(n))
		s->image = interp(r, scalar(n));
	if ((n = map_get(r, svc, "container_name")) && scalar(n)) {
		s->container_name = dande_xstrdup(scalar(n));
		s->container_name_line = line_of(n);
	}
	s->healthcheck = has_healthcheck(r, svc);
	if ((n = map_get(r, svc, "entrypoint"))) {
		s->entrypoint = joined(r, n);
		s->command_line = line_of(n);
	}
	if ((n = map_get(r, svc, "command"))) {
		s->command = joined(r, n);
		s->command_line = line_of(n);
	}
	s->custom_networks = map_get(r, svc, "networks") ||
		map_get(r, svc, "network_mode");
	n = map_get(r, svc, "depends_on");
	if (n && n->type == YAML_SEQUENCE_NODE)
		for (i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			if (scalar(node(r, *i)))
				dande_strvec_push(&s->depends_on,
						  scalar(node(r, *i)));
		}
	else if (n && n->type == YAML_MAPPING_NODE)
		for (p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++)
			if (scalar(node(r, p->key)))
				dande_strvec_push(&s->depends_on,
						  scalar(node(r, p->key)));

	n = map_get(r, svc, "ports");
	if (n && n->type == YAML_SEQUENCE_NODE)
		for (i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			yaml_node_t *e = node(r, *i);

			if (scalar(e)) {
				char *spec = interp(r, scalar(e));

				parse_port(s, spec, line_of(e));
				free(spec);
			} else if (e && e->type == YAML_MAPPING_NODE) {
				char *ip = interp(r, scalar(map_get(r, e,
							"host_ip")));
				char *pub = interp(r, scalar(map_get(r, e,
							"published")));
				char *tgt = interp(r, scalar(map_get(r, e,
							"target")));

				add_port(s, ip, pub, tgt, line_of(e));
				free(ip);
				free(pub);
				free(tgt);
			}
		}

	n = map_get(r, svc, "volumes");
	if (n && n->type == YAML_SEQUENCE_NODE)
		for (i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			yaml_node_t *e = node(r, *i);

			if (scalar(e)) {
				char *spec = interp(r, scalar(e));

				parse_volume(s, spec, line_of(e));
				free(spec);
			} else if (e && e->type == YAML_MAPPING_NODE) {
				char *src = interp(r, scalar(map_get(r, e,
							"source")));
				char *tgt = interp(r, scalar(map_get(r, e,
							"target")));
				const char *type = scalar(map_get(r, e,
								  "type"));

				add_mount(s, type ? type : "volume", src, tgt,
					  line_of(e));
				free(src);
				free(tgt);
			}
		}
	n = map_get(r, svc, "tmpfs");
	if (scalar(n)) {
		char *t = dande_xstrdup(scalar(n));

		t[strcspn(t, ":")] = '\0';
		add_mount(s, "tmpfs", "", t, line_of(n));
		free(t);
	} else if (n && n->type == YAML_SEQUENCE_NODE) {
		for (i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			const char *v = scalar(node(r, *i));
			char *t;

			if (!v)
				continue;
			t = dande_xstrdup(v);
			t[strcspn(t, ":")] = '\0';
			add_mount(s, "tmpfs", "", t, line_of(node(r, *i)));
			free(t);
		}
	}

	n = map_get(r, svc, "environment");
	if (n && n->type == YAML_MAPPING_NODE)
		for (p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
			const char *val = scalar(v);

			if (!scalar(k))
				continue;
			/* `KEY:` with nothing after it is null: inherited */
			if (val && !*val && v->data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE)
				val = NULL;
			add_var(s, scalar(k), strlen(scalar(k)), val,
				line_of(k));
		}
	else if (n && n->type == YAML_SEQUENCE_NODE)
		for (i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			const char *e = scalar(node(r, *i)), *eq;

			if (!e)
				continue;
			eq = strchr(e, '=');
			add_var(s, e, eq ? (size_t)(eq - e) : strlen(e),
				eq ? eq + 1 : NULL, line_of(node(r, *i)));
		}
}

/* Top-level networks: or volumes: names that are not external, and
 * those with a fixed `name:` into c->named. */
static void read_declared(struct reader *r, yaml_node_t *root,
			  const char *key, struct dande_strvec *out,
			  struct dande_compose *c)
{
	yaml_node_t *m = map_get(r, root, key);
	yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *ext = map_get(r, node(r, p->value), "external");
		yaml_node_t *name = map_get(r, node(r, p->value), "name");
		const char *k = scalar(node(r, p->key));
		int external = ext && (!scalar(ext) ||
				       !strcmp(scalar(ext), "true"));

		if (!k)
			continue;
		if (scalar(name) && *scalar(name)) {
			struct dande_compose_named *x;

			c->named = dande_xrealloc(c->named, (c->nnamed + 1) *
						  sizeof(*c->named));
			x = &c->named[c->nnamed++];
			x->kind = dande_xstrdup(key[0] == 'n' ? "network" :
						"volume");
			x->key = dande_xstrdup(k);
			x->name = interp(r, scalar(name));
			x->line = line_of(name);
			x->external = external;
		}
		if (external)
			continue;
		dande_strvec_push(out, k);
	}
}

static int load_doc(struct reader *r, const char *path,
		    const struct dande_buf *text)
{
	yaml_parser_t p;
	int ok;

	if (!yaml_parser_initialize(&p))
		return dande_error_set(DANDE_ERROR, "cannot start libyaml");
	yaml_parser_set_input_string(&p, (const unsigned char *)text->ptr,
				     text->len);
	ok = yaml_parser_load(&p, &r->doc);
	if (!ok) {
		int e = dande_error_set(DANDE_EINVALID, "%s:%zu:%zu: %s%s%s",
					path, p.problem_mark.line + 1,
					p.problem_mark.column + 1,
					p.problem ? p.problem :
					"not valid YAML",
					p.context ? " " : "",
					p.context ? p.context : "");
		yaml_parser_delete(&p);
		return e;
	}
	yaml_parser_delete(&p);
	return 0;
}

int dande_compose_load(struct dande_compose **out, const char *path,
		       const struct dande_strvec *vars)
{
	struct dande_buf text = DANDE_BUF_INIT;
	struct reader r;
	struct dande_compose *c;
	yaml_node_t *root, *services, *v;
	yaml_node_pair_t *p;
	int e;

	*out = NULL;
	dande_buf_init(&text, FILE_MAX);
	if ((e = dande_buf_read_file(&text, path)) < 0) {
		dande_buf_release(&text);
		return e == DANDE_ETOOBIG ? dande_error_set(DANDE_EINVALID,
			"%s:1: larger than %u bytes", path, FILE_MAX) : e;
	}
	memset(&r, 0, sizeof(r));
	r.vars = vars;
	e = load_doc(&r, path, &text);
	dande_buf_release(&text);
	if (e < 0)
		return e;
	root = yaml_document_get_root_node(&r.doc);
	services = map_get(&r, root, "services");
	if (!root || root->type != YAML_MAPPING_NODE ||
	    (services && services->type != YAML_MAPPING_NODE) || !services) {
		e = dande_error_set(DANDE_EINVALID, "%s:%d: not a Compose file "
				    "(no services: mapping)", path,
				    services ? line_of(services) :
				    root ? line_of(root) : 1);
		yaml_document_delete(&r.doc);
		return e;
	}
	c = dande_xcalloc(1, sizeof(*c));
	c->path = dande_xstrdup(path);
	if ((v = map_get(&r, root, "version")) && scalar(v))
		c->version = dande_xstrdup(scalar(v));
	c->services = dande_xcalloc((size_t)(services->data.mapping.pairs.top -
				    services->data.mapping.pairs.start) + 1,
				    sizeof(*c->services));
	for (p = services->data.mapping.pairs.start;
	     p < services->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(&r, p->key);
		struct dande_compose_service *s = &c->services[c->nservices];

		if (!scalar(k))
			continue;
		memset(s, 0, sizeof(*s));
		s->name = dande_xstrdup(scalar(k));
		s->line = line_of(k);
		read_service(&r, s, node(&r, p->value));
		c->nservices++;
	}
	read_declared(&r, root, "networks", &c->networks, c);
	read_declared(&r, root, "volumes", &c->volumes, c);
	yaml_document_delete(&r.doc);
	*out = c;
	return 0;
}

void dande_compose_free(struct dande_compose *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->nservices; i++) {
		struct dande_compose_service *s = &c->services[i];

		free(s->name);
		free(s->image);
		free(s->container_name);
		free(s->entrypoint);
		free(s->command);
		dande_strvec_release(&s->depends_on);
		for (j = 0; j < s->nports; j++) {
			free(s->ports[j].host_ip);
			free(s->ports[j].published);
			free(s->ports[j].target);
		}
		free(s->ports);
		for (j = 0; j < s->nmounts; j++) {
			free(s->mounts[j].type);
			free(s->mounts[j].source);
			free(s->mounts[j].target);
		}
		free(s->mounts);
		for (j = 0; j < s->nenvironment; j++) {
			free(s->environment[j].key);
			free(s->environment[j].value);
		}
		free(s->environment);
	}
	free(c->services);
	for (i = 0; i < c->nnamed; i++) {
		free(c->named[i].kind);
		free(c->named[i].key);
		free(c->named[i].name);
	}
	free(c->named);
	dande_strvec_release(&c->networks);
	dande_strvec_release(&c->volumes);
	free(c->path);
	free(c->version);
	free(c);
}

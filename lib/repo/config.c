/*
 * config.c: layered settings.  The files are read with libgit2's config
 * API (git-config syntax, includes, line-numbered parse errors); this
 * module flattens the layers into one list of entries and answers typed
 * look-ups from the highest layer that has the key.
 *
 *   default < .dande.conf < .git/config [dande ...] < DANDE_* < flags
 *
 * libgit2 is wrapped by lib/repo/ as a whole: git.c for the repository,
 * this file for git's config API.  Routing the config calls through git.c
 * would only add a second, private copy of libgit2's config interface;
 * neither file lets a libgit2 type out of lib/repo/.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "dande/config.h"
#include "dande/fs.h"
#include "dande_int.h"
#include "util/banned.h"

enum layer { L_DEFAULT, L_FILE, L_REPO, L_ENV, L_CMDLINE };

struct entry {
	char *key;		/* canonical: section and name lower-cased */
	char *value;
	enum layer layer;
};

struct dande_config {
	struct entry *e;
	size_t nr, alloc;
	char *file_path;	/* .dande.conf, NULL when absent */
	char *repo_path;	/* .git/config, NULL when absent */
	struct dande_strvec env;	/* DANDE_*=... copies */
};

/* Environment names that differ from the DANDE_SECTION_NAME rule. */
static const struct {
	const char *key, *env;
} env_aliases[] = {
	{ "db.path", "DANDE_DB" },
};

static char *canonical(const char *key)
{
	char *k = dande_xstrdup(key), *first, *last, *p;

	first = strchr(k, '.');
	last = strrchr(k, '.');
	for (p = k; *p && (!first || p < first); p++)
		*p = (char)tolower((unsigned char)*p);
	if (last)
		for (p = last; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return k;
}

static void push(struct dande_config *cfg, const char *key, const char *value,
		 enum layer layer)
{
	struct entry *en;

	if (cfg->nr == cfg->alloc) {
		cfg->alloc = cfg->alloc ? cfg->alloc * 2 : 32;
		cfg->e = dande_xrealloc(cfg->e, cfg->alloc * sizeof(*cfg->e));
	}
	en = &cfg->e[cfg->nr++];
	en->key = canonical(key);
	/* "key" alone, with no '=', means true in git-config syntax. */
	en->value = dande_xstrdup(value ? value : "true");
	en->layer = layer;
}

static int git_fail(const char *what, const char *path)
{
	const git_error *e = git_error_last();

	return dande_error_set(DANDE_EUSAGE, "bad configuration file '%s': "
			       "%s: %s", path, what,
			       e && e->message ? e->message : "unknown error");
}

/* Read every entry of `path` into the layer; for the repository layer,
 * only `dande.`-prefixed keys, with the prefix dropped. */
static int load_file(struct dande_config *cfg, const char *path,
		     enum layer layer)
{
	git_config *gc = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *ge;
	int r = 0, gr;

	if (git_config_open_ondisk(&gc, path) < 0) {
		r = git_fail("cannot parse", path);
		goto done;
	}
	if (git_config_iterator_new(&it, gc) < 0) {
		r = git_fail("cannot read", path);
		goto done;
	}
	while ((gr = git_config_next(&ge, it)) == 0) {
		const char *name = ge->name;

		if (layer == L_REPO) {
			if (strncmp(name, "dande.", 6) != 0)
				continue;
			name += 6;
			if (!strchr(name, '.'))
				continue;
		}
		push(cfg, name, ge->value, layer);
	}
	if (gr != GIT_ITEROVER)
		r = git_fail("cannot read", path);
done:
	git_config_iterator_free(it);
	git_config_free(gc);
	return r;
}

int dande_config_file_set(const char *path, const char *key,
			  const char *value)
{
	git_config *gc = NULL;
	int r = 0;

	if ((r = dande_git__init()) < 0)
		return r;
	/* libgit2 writes the file whole, under its lock, then renames it */
	if (git_config_open_ondisk(&gc, path) < 0 ||
	    git_config_set_string(gc, key, value) < 0)
		r = git_fail("cannot write", path);
	git_config_free(gc);
	return r;
}

int dande_config_load(struct dande_config **out, const char *root,
		      const char *gitdir, const char *const *envp)
{
	struct dande_config *cfg = dande_xcalloc(1, sizeof(*cfg));
	struct dande_buf path = DANDE_BUF_INIT;
	int r = 0;

	*out = NULL;
	if ((r = dande_git__init()) < 0) {
		free(cfg);
		return r;
	}
	dande_strvec_init(&cfg->env);
	if (root) {
		dande_buf_addf(&path, "%s/%s", root, DANDE_CONFIG_FILE);
		if (dande_fs_exists(path.ptr)) {
			cfg->file_path = dande_buf_detach(&path, NULL);
			if ((r = load_file(cfg, cfg->file_path, L_FILE)) < 0)
				goto done;
		}
		dande_buf_reset(&path);
	}
	if (gitdir) {
		dande_buf_addf(&path, "%s/config", gitdir);
		if (dande_fs_exists(path.ptr)) {
			cfg->repo_path = dande_buf_detach(&path, NULL);
			if ((r = load_file(cfg, cfg->repo_path, L_REPO)) < 0)
				goto done;
		}
	}
	for (; envp && *envp; envp++)
		if (!strncmp(*envp, "DANDE_", 6))
			dande_strvec_push(&cfg->env, *envp);
done:
	dande_buf_release(&path);
	if (r < 0)
		dande_config_free(cfg);
	else
		*out = cfg;
	return r;
}

void dande_config_free(struct dande_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->nr; i++) {
		free(cfg->e[i].key);
		free(cfg->e[i].value);
	}
	free(cfg->e);
	free(cfg->file_path);
	free(cfg->repo_path);
	dande_strvec_release(&cfg->env);
	free(cfg);
}

void dande_config_set(struct dande_config *cfg, const char *key,
		      const char *value)
{
	push(cfg, key, value, L_CMDLINE);
}

/* The environment variable for `key`: DANDE_ + upper-cased key with every
 * character outside [A-Z0-9] as '_'. */
static void env_name(struct dande_buf *out, const char *ckey)
{
	const char *p;

	dande_buf_reset(out);
	dande_buf_adds(out, "DANDE_");
	for (p = ckey; *p; p++)
		dande_buf_addch(out, isalnum((unsigned char)*p) ?
				(char)toupper((unsigned char)*p) : '_');
}

static const char *env_lookup(const struct dande_config *cfg, const char *name)
{
	size_t i, n = strlen(name);

	for (i = cfg->env.nr; i-- > 0;)
		if (!strncmp(cfg->env.v[i], name, n) &&
		    cfg->env.v[i][n] == '=')
			return cfg->env.v[i] + n + 1;
	return NULL;
}

/* The value of the canonical key in the environment layer, and which
 * variable it came from. */
static const char *env_value(const struct dande_config *cfg, const char *ckey,
			     struct dande_buf *name)
{
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(env_aliases) / sizeof(env_aliases[0]); i++) {
		if (strcmp(env_aliases[i].key, ckey))
			continue;
		if ((v = env_lookup(cfg, env_aliases[i].env))) {
			dande_buf_reset(name);
			dande_buf_adds(name, env_aliases[i].env);
			return v;
		}
	}
	env_name(name, ckey);
	return env_lookup(cfg, name->ptr);
}

/* The built-in default of a single-valued key (config_keys.c); lists
 * keep theirs in the code that reads them, which a unit test holds to
 * the table. */
static const char *default_value(const char *ckey)
{
	const struct dande_config_key *k = dande_config_key_find(ckey);

	return k && k->type != DANDE_CONFIG_LIST ? k->dflt : NULL;
}

struct found {
	const char *value;
	enum layer layer;
};

static int find(const struct dande_config *cfg, const char *key,
		struct found *f)
{
	char *ckey = canonical(key);
	struct dande_buf name = DANDE_BUF_INIT;
	const struct entry *best = NULL;
	const char *v;
	size_t i;
	int r = 0;

	for (i = 0; i < cfg->nr; i++)
		if (!strcmp(cfg->e[i].key, ckey) &&
		    (!best || cfg->e[i].layer >= best->layer))
			best = &cfg->e[i];
	if (best && best->layer == L_CMDLINE) {
		f->value = best->value;
		f->layer = L_CMDLINE;
	} else if ((v = env_value(cfg, ckey, &name))) {
		f->value = v;
		f->layer = L_ENV;
	} else if (best) {
		f->value = best->value;
		f->layer = best->layer;
	} else if ((v = default_value(ckey))) {
		f->value = v;
		f->layer = L_DEFAULT;
	} else {
		r = DANDE_ENOTFOUND;
	}
	dande_buf_release(&name);
	free(ckey);
	return r;
}

static void describe(const struct dande_config *cfg, const char *key,
		     enum layer layer, struct dande_buf *out)
{
	char *ckey;
	const char *v;

	switch (layer) {
	case L_DEFAULT:
		dande_buf_adds(out, "default");
		break;
	case L_FILE:
		dande_buf_adds(out, cfg->file_path);
		break;
	case L_REPO:
		dande_buf_adds(out, cfg->repo_path);
		break;
	case L_ENV: {
		struct dande_buf name = DANDE_BUF_INIT;

		ckey = canonical(key);
		v = env_value(cfg, ckey, &name);
		DANDE_ASSERT(v);
		dande_buf_addf(out, "environment %s", name.ptr);
		dande_buf_release(&name);
		free(ckey);
		break;
	}
	case L_CMDLINE:
		dande_buf_adds(out, "command line");
		break;
	}
}

int dande_config_origin(const struct dande_config *cfg, const char *key,
			struct dande_buf *out)
{
	struct found f;
	int r;

	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	describe(cfg, key, f.layer, out);
	return 0;
}

static int bad_value(const struct dande_config *cfg, const char *key,
		     const struct found *f, const char *expected)
{
	struct dande_buf where = DANDE_BUF_INIT;

	describe(cfg, key, f->layer, &where);
	dande_error_set(DANDE_EUSAGE, "bad value '%s' for '%s' in '%s': "
			"expected %s", f->value, key, where.ptr, expected);
	dande_buf_release(&where);
	return DANDE_EUSAGE;
}

int dande_config_get_string(const struct dande_config *cfg, const char *key,
			    const char **out)
{
	struct found f;
	int r;

	*out = NULL;
	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	*out = f.value;
	return 0;
}

int dande_config_get_int(const struct dande_config *cfg, const char *key,
			 int64_t *out)
{
	struct found f;
	int r;

	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	if (git_config_parse_int64(out, f.value) < 0)
		return bad_value(cfg, key, &f, "an integer");
	return 0;
}

int dande_config_get_bool(const struct dande_config *cfg, const char *key,
			  int *out)
{
	struct found f;
	int r;

	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	if (git_config_parse_bool(out, f.value) < 0)
		return bad_value(cfg, key, &f, "a boolean (true or false)");
	return 0;
}

int dande_config_parse_percent(double *out, const char *value)
{
	char *end;
	double d;

	while (isspace((unsigned char)*value))
		value++;
	if (!*value)
		return DANDE_EUSAGE;
	d = strtod(value, &end);
	if (end == value || !isfinite(d))
		return DANDE_EUSAGE;
	while (isspace((unsigned char)*end))
		end++;
	if (*end == '%')
		end++;
	while (isspace((unsigned char)*end))
		end++;
	if (*end || d < 0 || d > 100)
		return DANDE_EUSAGE;
	*out = d;
	return 0;
}

int dande_config_get_percent(const struct dande_config *cfg, const char *key,
			     double *out)
{
	struct found f;
	int r;

	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	if (dande_config_parse_percent(out, f.value) < 0)
		return bad_value(cfg, key, &f, "a percentage from 0 to 100");
	return 0;
}

static void split_list(struct dande_strvec *out, const char *v)
{
	while (*v) {
		size_t n;

		while (*v == ',' || isspace((unsigned char)*v))
			v++;
		n = strcspn(v, ",");
		while (n > 0 && isspace((unsigned char)v[n - 1]))
			n--;
		if (n > 0) {
			char *item = dande_xstrndup(v, n);

			dande_strvec_push(out, item);
			free(item);
		}
		v += n;
		while (*v && *v != ',')
			v++;
	}
}

int dande_config_get_list(const struct dande_config *cfg, const char *key,
			  struct dande_strvec *out)
{
	struct found f;
	char *ckey;
	size_t i;
	int r;

	if ((r = find(cfg, key, &f)) < 0)
		return dande_error_set(r, "no value for '%s'", key);
	if (f.layer == L_ENV || f.layer == L_DEFAULT) {
		split_list(out, f.value);
		return 0;
	}
	ckey = canonical(key);
	for (i = 0; i < cfg->nr; i++)
		if (cfg->e[i].layer == f.layer && !strcmp(cfg->e[i].key, ckey))
			dande_strvec_push(out, cfg->e[i].value);
	free(ckey);
	return 0;
}

int dande_config_subsections(const struct dande_config *cfg,
			     const char *section, struct dande_strvec *out)
{
	size_t i, j, slen = strlen(section);
	struct dande_strvec seen = DANDE_STRVEC_INIT;

	for (i = 0; i < cfg->nr; i++) {
		const char *k = cfg->e[i].key, *sub, *last;
		char *name;
		int dup = 0;

		if (strncasecmp(k, section, slen) || k[slen] != '.')
			continue;
		sub = k + slen + 1;
		last = strrchr(k, '.');
		if (last < sub)
			continue;
		name = dande_xstrndup(sub, (size_t)(last - sub));
		for (j = 0; j < seen.nr && !dup; j++)
			dup = !strcmp(seen.v[j], name);
		if (!dup) {
			dande_strvec_push(&seen, name);
			dande_strvec_push(out, name);
		}
		free(name);
	}
	dande_strvec_release(&seen);
	return 0;
}

int dande_config_get_string_or(const struct dande_config *cfg,
			       const char *key, const char *dflt,
			       const char **out)
{
	struct found f;

	if (find(cfg, key, &f) < 0) {
		*out = dflt;
		return 0;
	}
	*out = f.value;
	return 0;
}

int dande_config_get_int_or(const struct dande_config *cfg, const char *key,
			    int64_t dflt, int64_t *out)
{
	struct found f;

	*out = dflt;
	return find(cfg, key, &f) < 0 ? 0 : dande_config_get_int(cfg, key, out);
}

int dande_config_get_bool_or(const struct dande_config *cfg, const char *key,
			     int dflt, int *out)
{
	struct found f;

	*out = dflt;
	return find(cfg, key, &f) < 0 ? 0 :
		dande_config_get_bool(cfg, key, out);
}

int dande_config_get_percent_or(const struct dande_config *cfg,
				const char *key, double dflt, double *out)
{
	struct found f;

	*out = dflt;
	return find(cfg, key, &f) < 0 ? 0 :
		dande_config_get_percent(cfg, key, out);
}

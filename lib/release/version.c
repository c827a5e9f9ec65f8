/*
 * version.c: versions, the nano and semver schemes, and the adapters that
 * find a version in the files that carry one, by key path (never a blind
 * search and replace): TOML tables, JSON's top level, CMake's project(),
 * a C #define, or a configured template.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dande/buf.h"
#include "dande/error.h"
#include "dande/version.h"
#include "util/banned.h"

static int parse_num(const char **p, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)**p))
		return -1;
	if (**p == '0' && isdigit((unsigned char)(*p)[1]))
		return -1;	/* no leading zeros */
	errno = 0;
	*out = strtoul(*p, &end, 10);
	if (errno == ERANGE)
		return -1;
	*p = end;
	return 0;
}

int dande_ver_parse(struct dande_ver *out, const char *s)
{
	const char *p = s;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (*p == 'v' || *p == 'V')
		p++;
	if (parse_num(&p, &out->major) < 0 || *p++ != '.' ||
	    parse_num(&p, &out->minor) < 0 || *p++ != '.' ||
	    parse_num(&p, &out->patch) < 0)
		return dande_error_set(DANDE_EINVALID, "'%s' is not a version "
				       "(MAJOR.MINOR.PATCH)", s);
	if (*p == '-') {
		n = strcspn(++p, "+");
		if (!n || n >= sizeof(out->pre) ||
		    strspn(p, "0123456789abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-.") < n)
			return dande_error_set(DANDE_EINVALID, "'%s': a bad "
					       "pre-release label", s);
		memcpy(out->pre, p, n);
		p += n;
	}
	if (*p == '+') {
		n = strlen(++p);
		if (!n || n >= sizeof(out->build))
			return dande_error_set(DANDE_EINVALID, "'%s': bad build "
					       "metadata", s);
		memcpy(out->build, p, n);
		p += n;
	}
	if (*p)
		return dande_error_set(DANDE_EINVALID, "'%s' is not a version: "
				       "'%s' follows it", s, p);
	return 0;
}

void dande_ver_format(char *out, size_t size, const struct dande_ver *v)
{
	snprintf(out, size, "%lu.%lu.%lu%s%s%s%s", v->major, v->minor, v->patch,
		 *v->pre ? "-" : "", v->pre, *v->build ? "+" : "", v->build);
}

/* Compare dot-separated pre-release identifiers by SemVer's rules. */
static int pre_cmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return !*a && !*b ? 0 : !*a ? 1 : -1;	/* release wins */
	while (*a && *b) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int da = strspn(a, "0123456789") == na;
		int db = strspn(b, "0123456789") == nb;
		int c;

		if (da && db) {
			unsigned long x = strtoul(a, NULL, 10);
			unsigned long y = strtoul(b, NULL, 10);

			if (x != y)
				return x < y ? -1 : 1;
		} else if (da != db) {
			return da ? -1 : 1;
		} else {
			c = strncmp(a, b, na < nb ? na : nb);
			if (c || na != nb)
				return c ? c : na < nb ? -1 : 1;
		}
		a += na + (a[na] == '.');
		b += nb + (b[nb] == '.');
	}
	return *a ? 1 : *b ? -1 : 0;
}

int dande_ver_cmp(const struct dande_ver *a, const struct dande_ver *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return pre_cmp(a->pre, b->pre);
}

static const char *const level_names[] = {
	"nano", "patch", "minor", "major", "pre"
};

const char *dande_ver_level_name(enum dande_ver_level l)
{
	return (unsigned)l < 5 ? level_names[l] : "?";
}

int dande_ver_level_parse(enum dande_ver_level *out, const char *s)
{
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, level_names[i])) {
			*out = (enum dande_ver_level)i;
			return 0;
		}
	return dande_error_set(DANDE_EUSAGE, "unknown level '%s' (nano, patch, "
			       "minor, major, pre, auto, or --set)", s);
}

static void release_bump(struct dande_ver *v, enum dande_ver_level level,
			 enum dande_ver_scheme scheme, unsigned long rollover,
			 struct dande_buf *note)
{
	int was_pre = *v->pre != '\0';

	v->pre[0] = v->build[0] = '\0';
	if (level == DANDE_VER_LEVEL_NANO) {
		if (scheme == DANDE_VER_SEMVER || rollover < 2) {
			level = DANDE_VER_LEVEL_PATCH;
		} else {
			if (was_pre)
				return;
			if (v->patch >= rollover || v->minor >= rollover) {
				if (note)
					dande_buf_addf(note, "%lu.%lu.%lu is "
						       "outside the nano "
						       "scheme (rollover %lu): "
						       "going to the next "
						       "minor", v->major,
						       v->minor, v->patch,
						       rollover);
				v->patch = 0;
				v->minor++;
				if (v->minor >= rollover) {
					v->minor = 0;
					v->major++;
				}
				return;
			}
			if (++v->patch >= rollover) {
				v->patch = 0;
				if (++v->minor >= rollover) {
					v->minor = 0;
					v->major++;
				}
			}
			return;
		}
	}
	switch (level) {
	case DANDE_VER_LEVEL_PATCH:
		if (!was_pre)
			v->patch++;
		break;
	case DANDE_VER_LEVEL_MINOR:
		if (!was_pre || v->patch) {
			v->minor++;
			v->patch = 0;
		}
		break;
	case DANDE_VER_LEVEL_MAJOR:
		if (!was_pre || v->minor || v->patch) {
			v->major++;
			v->minor = v->patch = 0;
		}
		break;
	default:
		break;
	}
}

int dande_ver_bump(struct dande_ver *out, const struct dande_ver *cur,
		   enum dande_ver_level level, enum dande_ver_scheme scheme,
		   unsigned long rollover, const char *pre_label,
		   struct dande_buf *note)
{
	*out = *cur;
	if (note)
		dande_buf_reset(note);
	if (level != DANDE_VER_LEVEL_PRE) {
		release_bump(out, level, scheme, rollover, note);
		return 0;
	}
	if (!pre_label || !*pre_label ||
	    strspn(pre_label, "abcdefghijklmnopqrstuvwxyz"
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != strlen(pre_label))
		return dande_error_set(DANDE_EUSAGE, "pre needs a label of "
				       "letters (--pre-label rc)");
	{
		size_t ln = strlen(pre_label);

		out->build[0] = '\0';
		if (!strncmp(cur->pre, pre_label, ln) && cur->pre[ln] == '.' &&
		    strspn(cur->pre + ln + 1, "0123456789") ==
		    strlen(cur->pre + ln + 1) && cur->pre[ln + 1]) {
			/* rc.1 -> rc.2 */
			snprintf(out->pre, sizeof(out->pre), "%s.%lu",
				 pre_label,
				 strtoul(cur->pre + ln + 1, NULL, 10) + 1);
			return 0;
		}
		if (!*cur->pre)
			release_bump(out, DANDE_VER_LEVEL_NANO, scheme,
				     rollover, note);
		snprintf(out->pre, sizeof(out->pre), "%s.1", pre_label);
	}
	return 0;
}

/* ---- version files ------------------------------------------------------- */

enum dande_verfile_kind dande_verfile_kind_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!strcmp(base, "pyproject.toml"))
		return DANDE_VERFILE_PYPROJECT;
	if (!strcmp(base, "package.json"))
		return DANDE_VERFILE_PACKAGE_JSON;
	if (!strcmp(base, "package-lock.json") ||
	    !strcmp(base, "npm-shrinkwrap.json"))
		return DANDE_VERFILE_PACKAGE_LOCK;
	if (!strcmp(base, "Cargo.lock"))
		return DANDE_VERFILE_CARGO_LOCK;
	if (!strcmp(base, "Cargo.toml"))
		return DANDE_VERFILE_CARGO;
	if (!strcmp(base, "setup.cfg"))
		return DANDE_VERFILE_SETUP_CFG;
	if (!strcmp(base, "CMakeLists.txt"))
		return DANDE_VERFILE_CMAKE;
	return DANDE_VERFILE_PLAIN;
}

static size_t line_of(const char *data, size_t off)
{
	size_t i, n = 1;

	for (i = 0; i < off; i++)
		n += data[i] == '\n';
	return n;
}

/* A version value at p: [0-9A-Za-z.+-]+ */
static size_t value_len(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && (isalnum((unsigned char)*q) || strchr(".+-", *q)))
		q++;
	return (size_t)(q - p);
}

/* TOML (and INI): `key = "value"` in [table] (or [table] among `tables`,
 * NUL-separated).  Quotes are required for TOML, absent in INI. */
static int find_keyed(const char *data, size_t len, const char *tables,
		      int quoted, size_t *off, size_t *vlen)
{
	const char *p = data, *end = data + len;
	int in = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *q = p;

		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q < e && *q == '[') {
			const char *t;
			size_t tn = (size_t)(e - q);

			in = 0;
			for (t = tables; *t; t += strlen(t) + 1) {
				size_t k = strlen(t);

				if (tn >= k + 2 && q[k + 1] == ']' &&
				    !strncmp(q + 1, t, k))
					in = 1;
			}
		} else if (in && (size_t)(e - q) > 7 && !strncmp(q, "version",
								  7)) {
			q += 7;
			while (q < e && (*q == ' ' || *q == '\t'))
				q++;
			if (q < e && *q == '=') {
				q++;
				while (q < e && (*q == ' ' || *q == '\t'))
					q++;
				if (quoted && q < e && (*q == '"' || *q == '\''))
					q++;
				else if (quoted)
					goto next;
				*off = (size_t)(q - data);
				*vlen = value_len(q, e);
				if (*vlen)
					return 0;
			}
		}
next:
		p = nl ? nl + 1 : end;
	}
	return -1;
}

/* JSON: the string value at the key path `keys` (`nkeys` deep: "version"
 * at the top, or "packages", "", "version"), skipping other strings. */
#define JSON_DEPTH 16
static int find_json_at(const char *data, size_t len,
			const char *const *keys, int nkeys, size_t *off,
			size_t *vlen)
{
	/* per depth: an object?, its current key, whether the key matches
	 * the path so far */
	char obj[JSON_DEPTH + 1];
	int match[JSON_DEPTH + 1];
	size_t i;
	int depth = 0, expect_key = 0;

	match[0] = 1;
	for (i = 0; i < len; i++) {
		char c = data[i];

		if (c == '{' || c == '[') {
			if (++depth > JSON_DEPTH)
				return -1;
			obj[depth] = c == '{';
			match[depth] = 0;
			expect_key = c == '{';
		} else if (c == '}' || c == ']') {
			if (--depth < 0)
				return -1;
			expect_key = 0;
		} else if (c == ',') {
			expect_key = depth > 0 && obj[depth];
		} else if (c == '"') {
			size_t start = ++i;

			while (i < len && data[i] != '"')
				i += data[i] == '\\' ? 2 : 1;
			if (i >= len)
				return -1;
			if (expect_key) {
				const char *k = depth <= nkeys ?
					keys[depth - 1] : NULL;

				match[depth] = k && match[depth - 1] &&
					i - start == strlen(k) &&
					!strncmp(data + start, k, i - start);
				expect_key = 0;
				if (match[depth] && depth == nkeys) {
					size_t j = i + 1;

					while (j < len && isspace((unsigned char)
								  data[j]))
						j++;
					if (j < len && data[j] == ':') {
						j++;
						while (j < len &&
						       isspace((unsigned char)
							       data[j]))
							j++;
						if (j < len && data[j] == '"') {
							*off = j + 1;
							*vlen = value_len(
								data + j + 1,
								data + len);
							return *vlen ? 0 : -1;
						}
					}
				}
			}
		}
	}
	return -1;
}

static int find_json(const char *data, size_t len, size_t *off, size_t *vlen)
{
	static const char *const top[] = { "version" };

	return find_json_at(data, len, top, 1, off, vlen);
}

/* Cargo.lock: the version of the [[package]] named `name`. */
static int find_cargo_lock(const char *data, size_t len, const char *name,
			   size_t *off, size_t *vlen)
{
	const char *p = data, *end = data + len;
	size_t nlen = strlen(name), voff = 0, vl = 0;
	int in = 0, named = 0;

	for (;;) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) :
			NULL;
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		int table = p >= end || (n && *p == '[');

		/* a table (or the end) closes the package before it */
		if (table && in && named && vl) {
			*off = voff;
			*vlen = vl;
			return 0;
		}
		if (p >= end)
			return -1;
		if (table) {
			in = n >= 11 && !strncmp(p, "[[package]]", 11);
			named = 0;
			vl = 0;
		} else if (in && n > 8 && !strncmp(p, "name = \"", 8)) {
			named = n >= 9 + nlen && !strncmp(p + 8, name, nlen) &&
				p[8 + nlen] == '"';
		} else if (in && n > 11 && !strncmp(p, "version = \"", 11)) {
			voff = (size_t)(p + 11 - data);
			vl = value_len(p + 11, e);
		}
		p = nl ? nl + 1 : end;
	}
}

static int find_cmake(const char *data, size_t len, size_t *off, size_t *vlen)
{
	size_t i;

	for (i = 0; i + 8 < len; i++) {
		size_t k, close;

		if (strncasecmp(data + i, "project", 7) ||
		    (i && (isalnum((unsigned char)data[i - 1]) ||
			   data[i - 1] == '_')))
			continue;
		k = i + 7;
		while (k < len && isspace((unsigned char)data[k]))
			k++;
		if (k >= len || data[k] != '(')
			continue;
		for (close = k; close < len && data[close] != ')'; close++)
			;
		for (; k + 8 < close; k++) {
			if (strncmp(data + k, "VERSION", 7) ||
			    !isspace((unsigned char)data[k - 1]) ||
			    !isspace((unsigned char)data[k + 7]))
				continue;
			k += 7;
			while (k < close && isspace((unsigned char)data[k]))
				k++;
			*off = k;
			*vlen = value_len(data + k, data + close);
			return *vlen ? 0 : -1;
		}
	}
	return -1;
}

static int find_define(const char *data, size_t len, const char *name,
		       size_t *off, size_t *vlen)
{
	const char *p = data, *end = data + len;
	size_t nl = strlen(name);

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *q = p;

		if (!e)
			e = end;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q < e && *q == '#') {
			q++;
			while (q < e && isspace((unsigned char)*q))
				q++;
			if ((size_t)(e - q) > 6 && !strncmp(q, "define", 6)) {
				q += 6;
				while (q < e && isspace((unsigned char)*q))
					q++;
				if ((size_t)(e - q) > nl && !strncmp(q, name, nl)
				    && isspace((unsigned char)q[nl])) {
					q += nl;
					while (q < e && isspace((unsigned char)
								*q))
						q++;
					if (q < e && *q == '"') {
						*off = (size_t)(q + 1 - data);
						*vlen = value_len(q + 1, e);
						return *vlen ? 0 : -1;
					}
				}
			}
		}
		p = e < end ? e + 1 : end;
	}
	return -1;
}

static int find_pattern(const char *data, size_t len, const char *tpl,
			size_t *off, size_t *vlen)
{
	const char *ph = strstr(tpl, "{version}"), *p = data, *end = data + len;
	size_t pre, post;

	if (!ph)
		return -1;
	pre = (size_t)(ph - tpl);
	post = strlen(ph + 9);
	while (p + pre <= end) {
		const char *hit = pre ? NULL : p;
		size_t v;

		if (pre) {
			const char *q;

			for (q = p; q + pre <= end; q++)
				if (!memcmp(q, tpl, pre)) {
					hit = q;
					break;
				}
			if (!hit)
				return -1;
		}
		v = value_len(hit + pre, end);
		if (v && (size_t)(end - (hit + pre + v)) >= post &&
		    !memcmp(hit + pre + v, ph + 9, post)) {
			*off = (size_t)(hit + pre - data);
			*vlen = v;
			return 0;
		}
		p = hit + 1;
	}
	return -1;
}

int dande_verfile_find(const char *data, size_t len, const char *path,
		       enum dande_verfile_kind kind, const char *arg,
		       size_t *off, size_t *vlen, size_t *line)
{
	return dande_verfile_find_nth(data, len, path, kind, arg, 0, off, vlen,
				      line);
}

int dande_verfile_find_nth(const char *data, size_t len, const char *path,
			   enum dande_verfile_kind kind, const char *arg,
			   int nth, size_t *off, size_t *vlen, size_t *line)
{
	static const char *const lock_root[] = { "packages", "", "version" };
	int r = -1;
	const char *what = "a version";

	if (nth > 0) {
		/* only a lock file holds the version twice */
		if (kind != DANDE_VERFILE_PACKAGE_LOCK || nth > 1 ||
		    find_json_at(data, len, lock_root, 3, off, vlen) < 0)
			return DANDE_ENOTFOUND;
		*line = line_of(data, *off);
		return 0;
	}
	switch (kind) {
	case DANDE_VERFILE_PLAIN:
		*off = 0;
		while (*off < len && isspace((unsigned char)data[*off]))
			(*off)++;
		*vlen = value_len(data + *off, data + len);
		r = *vlen ? 0 : -1;
		break;
	case DANDE_VERFILE_PYPROJECT:
		r = find_keyed(data, len, "project\0tool.poetry\0", 1, off,
			       vlen);
		what = "project.version or tool.poetry.version";
		break;
	case DANDE_VERFILE_PACKAGE_JSON:
	case DANDE_VERFILE_PACKAGE_LOCK:	/* its top one; nth 1 above */
		r = find_json(data, len, off, vlen);
		what = "a top-level \"version\"";
		break;
	case DANDE_VERFILE_CARGO_LOCK:
		r = find_cargo_lock(data, len, arg ? arg : "", off, vlen);
		what = "the [[package]] of the crate";
		break;
	case DANDE_VERFILE_CARGO:
		r = find_keyed(data, len, "package\0", 1, off, vlen);
		what = "package.version";
		break;
	case DANDE_VERFILE_SETUP_CFG:
		r = find_keyed(data, len, "metadata\0", 0, off, vlen);
		what = "metadata.version";
		break;
	case DANDE_VERFILE_CMAKE:
		r = find_cmake(data, len, off, vlen);
		what = "project(... VERSION x)";
		break;
	case DANDE_VERFILE_DEFINE:
		r = find_define(data, len, arg ? arg : "", off, vlen);
		what = "such #define";
		break;
	case DANDE_VERFILE_PATTERN:
		r = find_pattern(data, len, arg ? arg : "", off, vlen);
		what = "match of the configured pattern";
		break;
	}
	if (r < 0)
		return dande_error_set(DANDE_ENOTFOUND, "%s: no %s found", path,
				       what);
	*line = line_of(data, *off);
	return 0;
}


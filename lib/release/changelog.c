/*
 * changelog.c: Keep a Changelog 1.1.0 documents, kept as their lines
 * (bytes, end of line included) with the structure parsed from them.
 * Edits splice lines and re-parse; nothing else is touched, so reading
 * and rendering an untouched file gives its bytes back.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dande/changelog.h"
#include "dande/json.h"
#include "util/banned.h"

struct cline {
	char *s;	/* the line with its end of line */
	size_t len;
	int heading;	/* 0, or the heading level */
	const char *text;	/* heading text (into s), NUL-less */
	size_t tlen;
};

struct dande_changelog {
	char *name;
	struct cline *l;
	size_t n, alloc;
	const char *eol;	/* for new lines: "\n" or "\r\n" */
	struct dande_changelog_release *rel;
	size_t nrel, arel;
	int release_level;
};

static const char *const types[] = {
	"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"
};

static int blank(const struct cline *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!isspace((unsigned char)l->s[i]))
			return 0;
	return 1;
}

/* Length without the end of line. */
static size_t body_len(const struct cline *l)
{
	size_t n = l->len;

	if (n && l->s[n - 1] == '\n')
		n--;
	if (n && l->s[n - 1] == '\r')
		n--;
	return n;
}

/* A code fence opening or closing: its character ('`' or '~'), or 0.  A
 * backtick fence's info string may not hold a backtick (``` x ``` on one
 * line is an inline code span, not a fence). */
static char fence(const struct cline *l)
{
	size_t i = 0, n = body_len(l), k;
	char c;

	while (i < n && i < 3 && l->s[i] == ' ')
		i++;
	if (n - i < 3 || (l->s[i] != '`' && l->s[i] != '~'))
		return 0;
	c = l->s[i];
	for (k = 0; i + k < n && l->s[i + k] == c; k++)
		;
	if (k < 3)
		return 0;
	if (c == '`' && memchr(l->s + i + k, '`', n - i - k))
		return 0;
	return c;
}

/* An ATX heading: its level, and its text without '#'s and spaces. */
static int atx(struct cline *l)
{
	size_t i = 0, n = body_len(l), lvl = 0;

	while (i < n && i < 3 && l->s[i] == ' ')
		i++;
	while (i < n && l->s[i] == '#' && lvl < 7) {
		i++;
		lvl++;
	}
	if (lvl == 0 || lvl > 6 || (i < n && l->s[i] != ' ' && l->s[i] != '\t'))
		return 0;
	while (i < n && isspace((unsigned char)l->s[i]))
		i++;
	while (n > i && (l->s[n - 1] == '#' || isspace((unsigned char)
							l->s[n - 1])))
		n--;
	l->text = l->s + i;
	l->tlen = n - i;
	return (int)lvl;
}

static int setext_under(const struct cline *l, char c)
{
	size_t i = 0, n = body_len(l), k = 0;

	while (i < n && i < 3 && l->s[i] == ' ')
		i++;
	for (; i < n && l->s[i] == c; i++)
		k++;
	while (i < n && isspace((unsigned char)l->s[i]))
		i++;
	return k >= (c == '-' ? 3 : 1) && i == n;
}

/* A version token at t: v?DIGITS.DIGITS..., its length (0: none). */
static size_t version_token(const char *t, size_t n)
{
	size_t i = 0, k;

	if (i < n && (t[i] == 'v' || t[i] == 'V'))
		i++;
	for (k = i; k < n && isdigit((unsigned char)t[k]); k++)
		;
	if (k == i || k + 1 >= n || t[k] != '.' ||
	    !isdigit((unsigned char)t[k + 1]))
		return 0;
	while (k < n && !isspace((unsigned char)t[k]) && t[k] != ']' &&
	       t[k] != '(' && t[k] != ',')
		k++;
	/* "0.41.0-" and "1.2.0:" end with punctuation, not version */
	while (k > i && strchr("-:.", t[k - 1]))
		k--;
	return k;
}

static int date_token(const char *t, size_t n)
{
	return n >= 10 && isdigit((unsigned char)t[0]) &&
		isdigit((unsigned char)t[3]) && t[4] == '-' &&
		isdigit((unsigned char)t[5]) && t[7] == '-';
}

/* Where a release heading's version is: the label of "[x]" or the first
 * version token of "1.2.3 - date", "Version 1.2.3", "2024-01-02 - 1.2.3",
 * "TBD - 1.2.3", "[Metrics 0.24.0]".  Returns 0 when `t` is no release
 * heading; *unrel for Unreleased. */
static int release_text_at(const char *t, size_t n, const char **ver,
			   size_t *vlen, int *unrel)
{
	const char *end = t + n, *p = t;
	int words;

	*unrel = 0;
	if (n >= 10 && !strncasecmp(t + (t[0] == '['), "unreleased", 10)) {
		*unrel = 1;
		return 1;
	}
	if (n && t[0] == '[') {
		const char *close = memchr(t, ']', n);

		/* a version inside the label: "[1.0.0]", "[Metrics 0.24.0]";
		 * the label from the version on is the version ("1.75 Beta
		 * 1", "0.8.0,0.8.1") */
		for (p = t + 1; close && p < close; p++)
			if ((p == t + 1 || p[-1] == ' ') &&
			    version_token(p, (size_t)(close - p))) {
				*ver = p;
				*vlen = (size_t)(close - p);
				return 1;
			}
		return 0;
	}
	for (words = 0; p < end && words < 4; words++) {
		size_t w = strcspn(p, " \t");

		if (p + w > end)
			w = (size_t)(end - p);
		if ((*vlen = version_token(p, w))) {
			*ver = p;
			return 1;
		}
		if (!(w == 1 && (*p == '-' || *p == ':')) &&
		    !(w == 3 && !strncmp(p, "\xe2\x80\x93", 3)) &&
		    strncasecmp(p, "Version", w) && strncasecmp(p, "Release",
								 w) &&
		    strncmp(p, "TBD", w) && !date_token(p, w))
			return 0;
		p += w;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}
	return 0;
}

static int release_text(const char *t, size_t n)
{
	const char *v;
	size_t vl;
	int u;

	return release_text_at(t, n, &v, &vl, &u);
}

static void parse_release(struct dande_changelog_release *r, const char *t,
			  size_t n)
{
	const char *v = NULL, *p, *end = t + n;
	size_t vl = 0;
	int u;

	memset(r, 0, sizeof(*r));
	release_text_at(t, n, &v, &vl, &u);
	if (u) {
		r->unreleased = 1;
		r->version = dande_xstrdup("Unreleased");
	} else {
		if (vl && (v[0] == 'v' || v[0] == 'V'))
			v++, vl--;
		r->version = dande_xstrndup(v ? v : "", vl);
	}
	/* the first YYYY-MM-DD-like date anywhere in the heading */
	for (p = t; p + 8 <= end; p++) {
		if (date_token(p, (size_t)(end - p)) ||
		    (isdigit((unsigned char)p[0]) && isdigit((unsigned char)
							      p[3]) &&
		     p[4] == '-' && (p == t || !isalnum((unsigned char)p[-1]))
		     && p + 4 < end && (size_t)(end - p) >= 8)) {
			size_t dl = strspn(p, "0123456789-");

			if (p + dl > end)
				dl = (size_t)(end - p);
			r->date = dande_xstrndup(p, dl);
			break;
		}
	}
	for (p = t; p + 8 <= end; p++)
		if (!strncasecmp(p, "[YANKED]", 8))
			r->yanked = 1;
}

static void free_releases(struct dande_changelog *cl)
{
	size_t i;

	for (i = 0; i < cl->nrel; i++) {
		free(cl->rel[i].version);
		free(cl->rel[i].date);
	}
	cl->nrel = 0;
}

static void analyse(struct dande_changelog *cl)
{
	size_t i;
	char in_fence = 0;

	free_releases(cl);
	cl->release_level = 0;
	for (i = 0; i < cl->n; i++) {
		struct cline *l = &cl->l[i];
		char f;
		int lvl;

		l->heading = 0;
		if ((f = fence(l)) && (!in_fence || f == in_fence)) {
			in_fence = in_fence ? 0 : f;
			continue;
		}
		if (in_fence)
			continue;
		lvl = atx(l);
		if (!lvl && i + 1 < cl->n && !blank(l) &&
		    (setext_under(&cl->l[i + 1], '=') ||
		     setext_under(&cl->l[i + 1], '-')) &&
		    l->s[0] != '-' && l->s[0] != '*') {
			lvl = setext_under(&cl->l[i + 1], '=') ? 1 : 2;
			l->text = l->s;
			l->tlen = body_len(l);
		}
		l->heading = lvl;
		if (!lvl || lvl > 3 || !release_text(l->text, l->tlen))
			continue;
		if (!cl->release_level)
			cl->release_level = lvl;
		if (cl->nrel == cl->arel) {
			cl->arel = cl->arel ? cl->arel * 2 : 32;
			cl->rel = dande_xrealloc(cl->rel,
						 cl->arel * sizeof(*cl->rel));
		}
		parse_release(&cl->rel[cl->nrel], l->text, l->tlen);
		cl->rel[cl->nrel].line = i + 1;
		cl->rel[cl->nrel].level = lvl;
		if (cl->nrel)
			cl->rel[cl->nrel - 1].end = i + 1;
		cl->nrel++;
	}
	if (cl->nrel) {
		/* the last release ends at the link references, if any */
		size_t end = cl->n + 1;

		for (i = cl->n; i > cl->rel[cl->nrel - 1].line; i--) {
			const struct cline *l = &cl->l[i - 1];

			if (blank(l))
				continue;
			if (l->s[0] == '[' && memchr(l->s, ']', l->len) &&
			    strstr(l->s, "]:"))
				end = i;
			else
				break;
		}
		cl->rel[cl->nrel - 1].end = end;
	}
}

static void push_line(struct dande_changelog *cl, const char *s, size_t n)
{
	if (cl->n == cl->alloc) {
		cl->alloc = cl->alloc ? cl->alloc * 2 : 256;
		cl->l = dande_xrealloc(cl->l, cl->alloc * sizeof(*cl->l));
	}
	memset(&cl->l[cl->n], 0, sizeof(*cl->l));
	cl->l[cl->n].s = dande_xstrndup(s, n);
	cl->l[cl->n++].len = n;
}

int dande_changelog_parse(struct dande_changelog **out, const char *data,
			  size_t len, const char *name)
{
	struct dande_changelog *cl;
	size_t i = 0, bad = dande_utf8_check(data, len);

	if (bad)
		return dande_error_set(DANDE_EINVALID, "%s:%zu: invalid UTF-8",
				       name, bad);
	cl = dande_xcalloc(1, sizeof(*cl));
	cl->name = dande_xstrdup(name);
	cl->eol = "\n";
	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : len - i;

		if (memchr(data + i, '\0', n)) {
			size_t line = cl->n + 1;

			dande_changelog_free(cl);
			return dande_error_set(DANDE_EINVALID, "%s:%zu: a NUL "
					       "byte: not a text file", name,
					       line);
		}
		push_line(cl, data + i, n);
		i += n;
	}
	if (cl->n && cl->l[0].len >= 2 && cl->l[0].s[cl->l[0].len - 2] == '\r')
		cl->eol = "\r\n";
	analyse(cl);
	*out = cl;
	return 0;
}

void dande_changelog_free(struct dande_changelog *cl)
{
	size_t i;

	if (!cl)
		return;
	for (i = 0; i < cl->n; i++)
		free(cl->l[i].s);
	free(cl->l);
	free_releases(cl);
	free(cl->rel);
	free(cl->name);
	free(cl);
}

void dande_changelog_render(const struct dande_changelog *cl,
			    struct dande_buf *out)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		dande_buf_add(out, cl->l[i].s, cl->l[i].len);
}

size_t dande_changelog_releases(const struct dande_changelog *cl,
				const struct dande_changelog_release **out)
{
	*out = cl->rel;
	return cl->nrel;
}

/* Insert `text` (no end of line) as a new line before index `at`. */
static void insert(struct dande_changelog *cl, size_t at, const char *text)
{
	struct dande_buf b = DANDE_BUF_INIT;

	/* a last line without an end of line gets one first */
	if (at == cl->n && cl->n && cl->l[cl->n - 1].s[cl->l[cl->n - 1].len -
							1] != '\n') {
		struct cline *l = &cl->l[cl->n - 1];

		dande_buf_add(&b, l->s, l->len);
		dande_buf_adds(&b, cl->eol);
		free(l->s);
		l->len = b.len;
		l->s = dande_buf_detach(&b, NULL);
	}
	dande_buf_adds(&b, text);
	dande_buf_adds(&b, cl->eol);
	push_line(cl, b.ptr, b.len);	/* at the end, then moved */
	if (at < cl->n - 1) {
		struct cline tmp = cl->l[cl->n - 1];

		memmove(&cl->l[at + 1], &cl->l[at],
			(cl->n - 1 - at) * sizeof(*cl->l));
		cl->l[at] = tmp;
	}
	dande_buf_release(&b);
}

static void replace(struct dande_changelog *cl, size_t at, const char *text)
{
	struct cline *l = &cl->l[at];
	size_t keep = body_len(l);
	struct dande_buf b = DANDE_BUF_INIT;

	dande_buf_adds(&b, text);
	dande_buf_add(&b, l->s + keep, l->len - keep);
	free(l->s);
	l->len = b.len;
	l->s = dande_buf_detach(&b, NULL);
}

static int unreleased(struct dande_changelog *cl, size_t *idx)
{
	size_t i, found = 0, n = 0;

	for (i = 0; i < cl->nrel; i++)
		if (cl->rel[i].unreleased) {
			if (!n)
				found = i;
			n++;
		}
	if (n > 1)
		return dande_error_set(DANDE_EINVALID, "%s:%zu: a second "
				       "Unreleased section", cl->name,
				       cl->rel[found + 1 < cl->nrel ? found + 1 :
					       found].line);
	if (!n)
		return DANDE_ENOTFOUND;
	*idx = found;
	return 0;
}

/* Create "## [Unreleased]" where it belongs: above the first release,
 * else at the end of the document. */
static void create_unreleased(struct dande_changelog *cl)
{
	size_t at = cl->nrel ? cl->rel[0].line - 1 : cl->n;
	char heading[32];

	snprintf(heading, sizeof(heading), "%.*s [Unreleased]",
		 cl->release_level ? cl->release_level : 2, "######");
	if (at == cl->n && cl->n && !blank(&cl->l[cl->n - 1]))
		insert(cl, at++, "");
	insert(cl, at, heading);
	insert(cl, at + 1, "");
	analyse(cl);
}

int dande_changelog_add(struct dande_changelog *cl, const char *type,
			const char *text)
{
	struct dande_buf bullet = DANDE_BUF_INIT, h = DANDE_BUF_INIT;
	const char *canon = NULL;
	size_t u, i, k, start, end, sec = 0, insert_at;
	int r, rank, want = -1;

	for (k = 0; k < 6; k++)
		if (!strcasecmp(type, types[k])) {
			canon = types[k];
			want = (int)k;
		}
	if (!canon)
		return dande_error_set(DANDE_EUSAGE, "unknown change type '%s' "
				       "(added, changed, deprecated, removed, "
				       "fixed or security)", type);
	r = unreleased(cl, &u);
	if (r == DANDE_ENOTFOUND) {
		create_unreleased(cl);
		r = unreleased(cl, &u);
	}
	if (r < 0)
		return r;
	start = cl->rel[u].line;	/* index of the first body line */
	end = cl->rel[u].end - 1;
	dande_buf_addf(&bullet, "- %s", text);
	/* find ### TYPE, or where it would go */
	insert_at = end;
	for (i = start; i < end; i++) {
		const struct cline *l = &cl->l[i];

		if (!l->heading || l->heading <= cl->rel[u].level)
			continue;
		rank = -1;
		for (k = 0; k < 6; k++)
			if (l->tlen == strlen(types[k]) &&
			    !strncasecmp(l->text, types[k], l->tlen))
				rank = (int)k;
		if (rank == want) {
			sec = i + 1;
			break;
		}
		if (rank > want && insert_at == end)
			insert_at = i;
	}
	if (!sec) {
		/* a new sub-section: heading, blank, and (later) the bullet */
		dande_buf_addf(&h, "%.*s %s", cl->rel[u].level + 1, "#######",
			       canon);
		if (insert_at > 0 && !blank(&cl->l[insert_at - 1]))
			insert(cl, insert_at++, "");
		insert(cl, insert_at, h.ptr);
		insert(cl, insert_at + 1, "");
		insert(cl, insert_at + 2, bullet.ptr);
		if (insert_at + 3 >= cl->n || !blank(&cl->l[insert_at + 3]))
			insert(cl, insert_at + 3, "");
		analyse(cl);
		goto done;
	}
	/* after the last line of the section's content */
	for (i = sec, k = sec; i < cl->n && i < cl->rel[u].end - 1; i++) {
		const struct cline *l = &cl->l[i];

		if (l->heading)
			break;
		if (body_len(l) == bullet.len && !memcmp(l->s, bullet.ptr,
							 bullet.len)) {
			r = DANDE_EEXISTS;
			goto done;
		}
		if (!blank(l))
			k = i + 1;
	}
	if (k == sec && sec < cl->n && blank(&cl->l[sec]))
		k = sec + 1;
	insert(cl, k, bullet.ptr);
	analyse(cl);
done:
	dande_buf_release(&bullet);
	dande_buf_release(&h);
	return r == DANDE_EEXISTS ? DANDE_EEXISTS : 0;
}

int dande_changelog_add_many(struct dande_changelog *cl, const char *type,
			     const char *const *texts, size_t n,
			     size_t *added)
{
	char **have = NULL, **fresh = NULL;
	size_t nhave = 0, nfresh = 0, i, u, start, end, at, k;
	struct dande_buf b = DANDE_BUF_INIT;
	int r;

	*added = 0;
	if (!n)
		return 0;
	/* the first one makes the section exist, as add does */
	r = dande_changelog_add(cl, type, texts[0]);
	if (r < 0 && r != DANDE_EEXISTS)
		return r;
	*added += r == 0;
	if ((r = unreleased(cl, &u)) < 0)
		return r;
	start = cl->rel[u].line;
	end = cl->rel[u].end - 1;
	/* the section of `type`: its last content line */
	for (i = start; i < end; i++)
		if (cl->l[i].heading > cl->rel[u].level &&
		    cl->l[i].tlen == strlen(type) &&
		    !strncasecmp(cl->l[i].text, type, cl->l[i].tlen))
			break;
	at = i + 1;
	have = dande_xcalloc(end - start + 1, sizeof(*have));
	for (k = i + 1; k < end && !cl->l[k].heading; k++) {
		if (!blank(&cl->l[k])) {
			at = k + 1;
			have[nhave++] = dande_xstrndup(cl->l[k].s,
						       body_len(&cl->l[k]));
		}
	}
	qsort(have, nhave, sizeof(*have), dande_str_cmp);
	/* the new bullets, each once, none there already */
	fresh = dande_xcalloc(n, sizeof(*fresh));
	for (i = 1; i < n; i++) {
		char *line;

		dande_buf_reset(&b);
		dande_buf_addf(&b, "- %s", texts[i]);
		line = b.ptr;
		if (bsearch(&line, have, nhave, sizeof(*have), dande_str_cmp))
			continue;
		fresh[nfresh++] = dande_buf_detach(&b, NULL);
		/* keep `have` the set of what is in (kept sorted by the
		 * next qsort only when needed: repeats are rare) */
	}
	/* drop repeats within the batch, keeping the first */
	for (i = 0; i < nfresh; i++) {
		size_t j;

		for (j = 0; fresh[i] && j < i && j < 64; j++)
			if (fresh[i - j - 1] && !strcmp(fresh[i], fresh[i - j - 1])) {
				free(fresh[i]);
				fresh[i] = NULL;
			}
	}
	/* one splice for all of them */
	for (i = 0, k = 0; i < nfresh; i++)
		k += fresh[i] != NULL;
	if (k) {
		size_t eol = strlen(cl->eol), j = at;

		if (cl->n + k > cl->alloc) {
			cl->alloc = cl->n + k + 256;
			cl->l = dande_xrealloc(cl->l, cl->alloc * sizeof(*cl->l));
		}
		memmove(&cl->l[at + k], &cl->l[at], (cl->n - at) *
			sizeof(*cl->l));
		for (i = 0; i < nfresh; i++) {
			size_t len;

			if (!fresh[i])
				continue;
			len = strlen(fresh[i]);
			memset(&cl->l[j], 0, sizeof(*cl->l));
			cl->l[j].s = dande_xrealloc(fresh[i], len + eol + 1);
			memcpy(cl->l[j].s + len, cl->eol, eol + 1);
			cl->l[j].len = len + eol;
			fresh[i] = NULL;
			j++;
		}
		cl->n += k;
		*added += k;
		analyse(cl);
	}
	for (i = 0; i < nhave; i++)
		free(have[i]);
	for (i = 0; i < nfresh; i++)
		free(fresh[i]);
	free(have);
	free(fresh);
	dande_buf_release(&b);
	return 0;
}

static int has_content(const struct dande_changelog *cl,
		       const struct dande_changelog_release *r)
{
	size_t i;

	for (i = r->line; i < r->end - 1 && i < cl->n; i++)
		if (!blank(&cl->l[i]) && !cl->l[i].heading &&
		    strncmp(cl->l[i].s, "<!--", 4))
			return 1;
	return 0;
}

/* The link reference line of `label`: its index, or -1. */
static long link_ref(const struct dande_changelog *cl, const char *label)
{
	size_t i, n = strlen(label);

	for (i = 0; i < cl->n; i++) {
		const char *s = cl->l[i].s;

		if (s[0] == '[' && !strncasecmp(s + 1, label, n) &&
		    s[n + 1] == ']' && s[n + 2] == ':')
			return (long)i;
	}
	return -1;
}

int dande_changelog_release(struct dande_changelog *cl, const char *version,
			    const char *date, const char *commit,
			    const char *branch, int allow_empty)
{
	struct dande_buf h = DANDE_BUF_INIT, c = DANDE_BUF_INIT;
	struct dande_buf link = DANDE_BUF_INIT;
	const char *prev = NULL;
	size_t u, i, at;
	long ul;
	int r;

	if ((r = unreleased(cl, &u)) < 0) {
		if (r == DANDE_ENOTFOUND)
			return dande_error_set(DANDE_EINVALID, "%s: no "
					       "[Unreleased] section to release",
					       cl->name);
		return r;
	}
	for (i = 0; i < cl->nrel; i++)
		if (!strcmp(cl->rel[i].version, version))
			return dande_error_set(DANDE_EINVALID, "%s:%zu: version "
					       "%s is released already",
					       cl->name, cl->rel[i].line,
					       version);
	if (!allow_empty && !has_content(cl, &cl->rel[u]))
		return dande_error_set(DANDE_EINVALID, "%s:%zu: [Unreleased] "
				       "is empty: nothing to release (or "
				       "--allow-empty)", cl->name,
				       cl->rel[u].line);
	for (i = u + 1; i < cl->nrel && !prev; i++)
		if (!cl->rel[i].unreleased)
			prev = cl->rel[i].version;
	at = cl->rel[u].line - 1;
	dande_buf_addf(&h, "%.*s [%s] - %s", cl->rel[u].level, "######",
		       version, date);
	replace(cl, at, h.ptr);
	/* the commit and branch, on a comment line below the heading */
	if (commit) {
		dande_buf_addf(&c, "<!-- dande: commit %.12s%s%s -->", commit,
			       branch ? ", branch " : "", branch ? branch : "");
		insert(cl, at + 1, c.ptr);
	}
	/* a fresh, empty [Unreleased] above */
	dande_buf_reset(&h);
	dande_buf_addf(&h, "%.*s [Unreleased]", cl->rel[u].level, "######");
	insert(cl, at, h.ptr);
	insert(cl, at + 1, "");
	/* compare links: [Unreleased]: .../compare/vPREV...HEAD */
	ul = link_ref(cl, "Unreleased");
	if (ul >= 0) {
		const char *s = cl->l[ul].s, *url = strchr(s, ':') + 1;
		const char *cmp = strstr(s, "...HEAD"), *from = cmp;

		while (*url == ' ' || *url == '\t')
			url++;
		while (from && from > url && from[-1] != '/')
			from--;
		if (cmp && from > url) {
			const char *tag_v = *from == 'v' ? "v" : "";
			int plen = (int)(from - url), olen = (int)(cmp - from);

			/* [X.Y.Z]: <base>/compare/vPREV...vX.Y.Z, and
			 * [Unreleased] now compares from vX.Y.Z */
			dande_buf_addf(&link, "[%s]: %.*s%.*s...%s%s", version,
				       plen, url, olen, from, tag_v, version);
			insert(cl, (size_t)ul + 1, link.ptr);
			dande_buf_reset(&link);
			dande_buf_addf(&link, "[Unreleased]: %.*s%s%s...HEAD",
				       plen, url, tag_v, version);
			replace(cl, (size_t)ul, link.ptr);
		}
	}
	(void)prev;
	analyse(cl);
	dande_buf_release(&h);
	dande_buf_release(&c);
	dande_buf_release(&link);
	return 0;
}

int dande_changelog_note(struct dande_changelog *cl, const char *version,
			 const char *text)
{
	const struct dande_changelog_release *r = NULL;
	size_t i, at, prefix;

	for (i = 0; i < cl->nrel && !r; i++)
		if (!cl->rel[i].unreleased &&
		    !strcmp(cl->rel[i].version, version))
			r = &cl->rel[i];
	if (!r)
		return dande_error_set(DANDE_ENOTFOUND, "%s: no release %s",
				       cl->name, version);
	/* below the heading and dande's commit line */
	at = r->line;
	if (at < cl->n && !strncmp(cl->l[at].s, "<!-- dande:", 11))
		at++;
	while (at < r->end - 1 && at < cl->n && blank(&cl->l[at]))
		at++;
	/* a note of the same kind ("Quality:") is replaced */
	prefix = strcspn(text, ":") + 1;
	if (at < r->end - 1 && at < cl->n && !cl->l[at].heading &&
	    prefix <= strlen(text) && !strncmp(cl->l[at].s, text, prefix)) {
		replace(cl, at, text);
	} else {
		insert(cl, at, text);
		insert(cl, at + 1, "");
		if (!blank(&cl->l[at - 1]))
			insert(cl, at, "");
	}
	analyse(cl);
	return 0;
}

/* The release `which` names: a version, "unreleased" or "latest". */
static const struct dande_changelog_release *pick(
	const struct dande_changelog *cl, const char *which)
{
	size_t i;

	for (i = 0; i < cl->nrel; i++) {
		const struct dande_changelog_release *r = &cl->rel[i];

		if (!strcasecmp(which, "unreleased") ? r->unreleased :
		    !strcasecmp(which, "latest") ? !r->unreleased :
		    !strcmp(r->version, which[0] == 'v' &&
			    isdigit((unsigned char)which[1]) ? which + 1 :
			    which))
			return r;
	}
	return NULL;
}

int dande_changelog_show(const struct dande_changelog *cl, const char *which,
			 struct dande_buf *out, int json)
{
	const struct dande_changelog_release *r = pick(cl, which);
	size_t first, last, i;

	if (!r)
		return dande_error_set(DANDE_ENOTFOUND, "%s: no release '%s'",
				       cl->name, which);
	first = r->line;
	last = r->end - 1;
	while (first < last && (blank(&cl->l[first]) ||
				!strncmp(cl->l[first].s, "<!-- dande:", 11)))
		first++;
	while (last > first && blank(&cl->l[last - 1]))
		last--;
	if (!json) {
		for (i = first; i < last; i++)
			dande_buf_add(out, cl->l[i].s, cl->l[i].len);
		return 0;
	}
	{
		struct dande_json j;
		int open = 0;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "version");
		dande_json_string(&j, r->version);
		dande_json_key(&j, "date");
		dande_json_string(&j, r->date);
		dande_json_key(&j, "yanked");
		dande_json_bool(&j, r->yanked);
		dande_json_key(&j, "line");
		dande_json_int(&j, (int64_t)r->line);
		dande_json_key(&j, "sections");
		dande_json_object_begin(&j);
		for (i = first; i < last; i++) {
			const struct cline *l = &cl->l[i];
			size_t n = body_len(l), k = 0;

			if (l->heading) {
				char *key = dande_xstrndup(l->text, l->tlen);

				if (open)
					dande_json_array_end(&j);
				dande_json_key(&j, key);
				dande_json_array_begin(&j);
				free(key);
				open = 1;
				continue;
			}
			while (k < n && l->s[k] == ' ')
				k++;
			if (open && k + 1 < n && (l->s[k] == '-' ||
						   l->s[k] == '*') &&
			    l->s[k + 1] == ' ')
				dande_json_string_len(&j, l->s + k + 2,
						      n - k - 2);
		}
		if (open)
			dande_json_array_end(&j);
		dande_json_object_end(&j);
		dande_json_object_end(&j);
	}
	return 0;
}

/* ---- lint ---------------------------------------------------------------- */

static int valid_date(const char *d)
{
	int y, m, dd;
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	char tail;

	if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &dd,
				      &tail) != 3 || d[4] != '-' || d[7] != '-')
		return 0;
	if (m < 1 || m > 12 || dd < 1 || dd > days[m - 1])
		return 0;
	if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) ||
				    y % 400 == 0))
		return 0;
	return 1;
}

/* Compare dotted versions numerically (pre-releases after a '-' sort
 * below their release): <0, 0, >0. */
static int vcmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10);
			unsigned long long y = strtoull(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a == '-' && *b != '-')
			return *b ? -1 : -1;
		if (*b == '-' && *a != '-')
			return 1;
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return 0;
}

static int by_line(const void *a, const void *b)
{
	const char *x = strchr(*(char *const *)a, ':');
	const char *y = strchr(*(char *const *)b, ':');
	long lx = x ? strtol(x + 1, NULL, 10) : 0;
	long ly = y ? strtol(y + 1, NULL, 10) : 0;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	/* same line: keep the order they were found in */
	return *(char *const *)a < *(char *const *)b ? -1 : 1;
}

static size_t lint(const struct dande_changelog *cl, struct dande_buf *out);

size_t dande_changelog_lint(const struct dande_changelog *cl,
			    struct dande_buf *out)
{
	struct dande_buf all = DANDE_BUF_INIT;
	char **lines;
	size_t n = lint(cl, &all), i = 0, k;
	char *p;

	/* the problems in the order of the file */
	lines = dande_xcalloc(n + 1, sizeof(*lines));
	for (p = all.ptr; *p && i < n; i++) {
		lines[i] = p;
		p = strchr(p, '\n');
		*p++ = '\0';
	}
	qsort(lines, i, sizeof(*lines), by_line);
	for (k = 0; k < i; k++)
		dande_buf_addf(out, "%s\n", lines[k]);
	free(lines);
	dande_buf_release(&all);
	return n;
}

static size_t lint(const struct dande_changelog *cl, struct dande_buf *out)
{
	size_t i, k, n = 0, first_release = 0, nunrel = 0;
	const struct dande_changelog_release *above = NULL;

#define PROBLEM(line, ...) do { \
		dande_buf_addf(out, "%s:%zu: ", cl->name, (size_t)(line)); \
		dande_buf_addf(out, __VA_ARGS__); \
		dande_buf_addch(out, '\n'); \
		n++; \
	} while (0)

	if (!cl->nrel)
		PROBLEM(1, "no release or Unreleased heading");
	for (i = 0; i < cl->nrel; i++) {
		const struct dande_changelog_release *r = &cl->rel[i];

		if (r->unreleased) {
			if (nunrel++)
				PROBLEM(r->line, "a second Unreleased section");
			else if (first_release)
				PROBLEM(r->line, "Unreleased below a release "
					"(first release at line %zu)",
					first_release);
			continue;
		}
		if (!first_release)
			first_release = r->line;
		if (!r->date)
			PROBLEM(r->line, "release %s has no date", r->version);
		else if (!valid_date(r->date))
			PROBLEM(r->line, "invalid date '%s' (YYYY-MM-DD)",
				r->date);
		for (k = 0; k < i; k++)
			if (!cl->rel[k].unreleased &&
			    !strcmp(cl->rel[k].version, r->version)) {
				PROBLEM(r->line, "version %s is there already "
					"(line %zu)", r->version,
					cl->rel[k].line);
				break;
			}
		if (above && k == i && vcmp(r->version, above->version) >= 0)
			PROBLEM(r->line, "version %s is not lower than %s above "
				"it (line %zu)", r->version, above->version,
				above->line);
		if (above && r->date && above->date && valid_date(r->date) &&
		    valid_date(above->date) && strcmp(r->date, above->date) > 0)
			PROBLEM(r->line, "date %s is newer than the release "
				"above (line %zu)", r->date, above->line);
		above = r;
	}
	if (cl->nrel && !nunrel)
		PROBLEM(cl->rel[0].line, "no [Unreleased] section at the top");
	/* sub-sections: known types, not empty */
	for (i = 0; i < cl->nrel; i++) {
		const struct dande_changelog_release *r = &cl->rel[i];
		size_t j;

		for (j = r->line; j < r->end - 1 && j < cl->n; j++) {
			const struct cline *l = &cl->l[j];
			size_t m;
			int known = 0, content = 0;

			if (!l->heading || l->heading <= r->level)
				continue;
			for (k = 0; k < 6; k++)
				known |= l->tlen == strlen(types[k]) &&
					!strncmp(l->text, types[k], l->tlen);
			if (!known)
				PROBLEM(j + 1, "unknown section '%.*s' (Added, "
					"Changed, Deprecated, Removed, Fixed, "
					"Security)", (int)l->tlen, l->text);
			for (m = j + 1; m < r->end - 1 && m < cl->n &&
			     !cl->l[m].heading; m++)
				content |= !blank(&cl->l[m]);
			if (!content)
				PROBLEM(j + 1, "empty section '%.*s'",
					(int)l->tlen, l->text);
		}
	}
	/* link references: a bracketed heading needs one, when the file
	 * uses them at all */
	{
		int uses = 0;

		for (i = 0; i < cl->nrel && !uses; i++)
			uses = link_ref(cl, cl->rel[i].unreleased ?
					"Unreleased" : cl->rel[i].version) >= 0;
		for (i = 0; uses && i < cl->nrel; i++) {
			const struct cline *l = &cl->l[cl->rel[i].line - 1];

			if (l->tlen && l->text[0] == '[' &&
			    link_ref(cl, cl->rel[i].unreleased ? "Unreleased" :
				     cl->rel[i].version) < 0 &&
			    link_ref(cl, cl->rel[i].version) < 0) {
				char label[80];
				const char *close = memchr(l->text, ']',
							   l->tlen);

				snprintf(label, sizeof(label), "%.*s",
					 close ? (int)(close - l->text - 1) : 0,
					 l->text + 1);
				if (link_ref(cl, label) < 0)
					PROBLEM(cl->rel[i].line, "[%s] has no "
						"link reference", label);
			}
		}
	}
#undef PROBLEM
	return n;
}

/* ---- Conventional Commits ------------------------------------------------ */

/* A type is a short word: longer is not a type but prose. */
#define TYPE_MAX 31

void dande_commit_msg_release(struct dande_commit_msg *m)
{
	free(m->type);
	free(m->scope);
	free(m->description);
	memset(m, 0, sizeof(*m));
}

static int commit_msg_parse(struct dande_commit_msg *out, const char *msg);

int dande_commit_msg_parse(struct dande_commit_msg *out, const char *msg)
{
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = commit_msg_parse(out, msg)) < 0)
		dande_commit_msg_release(out);
	return r;
}

static int commit_msg_parse(struct dande_commit_msg *out, const char *msg)
{
	const char *p = msg, *colon;
	size_t n;

	n = strcspn(p, "(!:\n");
	if (!n || n > TYPE_MAX)
		return dande_error_set(DANDE_EINVALID, "line 1: no type: "
				       "'type(scope): description' expected");
	for (colon = p; colon < p + n; colon++)
		if (!isalnum((unsigned char)*colon) && *colon != '-') {
			/* the message's bytes, never raw to a terminal */
			struct dande_buf t = DANDE_BUF_INIT;
			int r;

			dande_buf_add_printable(&t, p, n, 0);
			r = dande_error_set(DANDE_EINVALID, "line 1: the type "
					    "'%s' is not a word", t.ptr);
			dande_buf_release(&t);
			return r;
		}
	out->type = dande_xstrndup(p, n);
	p += n;
	if (*p == '(') {
		const char *close = strchr(p, ')');

		if (!close || memchr(p, '\n', (size_t)(close - p)) ||
		    close == p + 1)
			return dande_error_set(DANDE_EINVALID, "line 1: a scope "
					       "must be '(name)'");
		out->scope = dande_xstrndup(p + 1, (size_t)(close - p - 1));
		p = close + 1;
	} else {
		out->scope = dande_xstrdup("");
	}
	if (*p == '!') {
		out->breaking = 1;
		p++;
	}
	if (p[0] != ':' || p[1] != ' ')
		return dande_error_set(DANDE_EINVALID, "line 1: ': ' must follow "
				       "the type%s", out->scope[0] ?
				       " and scope" : "");
	p += 2;
	n = strcspn(p, "\n");
	if (!n || isspace((unsigned char)*p))
		return dande_error_set(DANDE_EINVALID, "line 1: the description "
				       "is empty");
	out->description = dande_xstrndup(p, n);
	/* footers */
	for (p += n; (p = strstr(p, "BREAKING")); p++)
		if ((p == msg || p[-1] == '\n') &&
		    (!strncmp(p, "BREAKING CHANGE: ", 17) ||
		     !strncmp(p, "BREAKING-CHANGE: ", 17)))
			out->breaking = 1;
	for (n = 0; out->type[n]; n++)
		out->type[n] = (char)tolower((unsigned char)out->type[n]);
	return 0;
}

int dande_commit_msg_lint(const char *raw)
{
	return dande_commit_msg_lint_as(raw, DANDE_MSG_CONVENTIONAL);
}

int dande_commit_msg_lint_as(const char *raw, enum dande_msg_style style)
{
	struct dande_buf msg = DANDE_BUF_INIT;
	struct dande_commit_msg m;
	const char *p = raw;
	int r = 0;

	if (style == DANDE_MSG_OFF)
		return 0;

	/* what git keeps: comment lines dropped, a scissors line ends it */
	while (*p) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "# ------------------------ >8", 29))
			break;
		if (*p != '#')
			dande_buf_add(&msg, p, n + (p[n] == '\n'));
		p += n + (p[n] == '\n');
	}
	p = msg.ptr;
	while (*p == '\n')
		p++;
	if (!*p) {
		r = dande_error_set(DANDE_EINVALID, "line 1: the message is "
				    "empty");
		goto done;
	}
	if (!strncmp(p, "Merge ", 6) || !strncmp(p, "Revert \"", 8) ||
	    !strncmp(p, "fixup! ", 7) || !strncmp(p, "squash! ", 8) ||
	    !strncmp(p, "amend! ", 7))
		goto done;
	if (style == DANDE_MSG_KEEPACHANGELOG) {
		if (!dande_kac_section(p, NULL)) {
			r = dande_error_set(DANDE_EINVALID, "line 1: the "
					    "subject starts with no Keep a "
					    "Changelog verb; expected one of "
					    "Added, Changed, Deprecated, "
					    "Removed, Fixed, Security (or Add, "
					    "Change, Fix, ...) and what, e.g. "
					    "'Fixed login with an empty "
					    "password'");
			goto done;
		}
		goto body;
	}
	r = dande_commit_msg_parse(&m, p);
	dande_commit_msg_release(&m);
	if (r < 0) {
		/* say what is expected, not only what is wrong */
		char what[DANDE_ERROR_MSG_MAX];

		snprintf(what, sizeof(what), "%s", dande_error_last()->message);
		r = dande_error_set(DANDE_EINVALID, "%s; expected "
				    "'type(scope)!: subject' (scope and ! "
				    "optional), type one of feat, fix, docs, "
				    "style, refactor, perf, test, build, ci, "
				    "chore, revert; e.g. 'fix(parser): accept "
				    "empty files'", what);
		goto done;
	}
body:
	{
		const char *nl = strchr(p, '\n');

		if (nl && nl[1] && nl[1] != '\n')
			r = dande_error_set(DANDE_EINVALID, "line 2: leave a "
					    "blank line between the subject and "
					    "the body");
	}
done:
	dande_buf_release(&msg);
	return r;
}

int dande_msg_style_parse(const char *s, enum dande_msg_style *out)
{
	if (!s || !strcmp(s, "conventional"))
		*out = DANDE_MSG_CONVENTIONAL;
	else if (!strcmp(s, "keepachangelog"))
		*out = DANDE_MSG_KEEPACHANGELOG;
	else if (!strcmp(s, "off"))
		*out = DANDE_MSG_OFF;
	else
		return dande_error_set(DANDE_EUSAGE, "hooks.commitMsg is "
				       "conventional, keepachangelog or off, "
				       "not '%s'", s);
	return 0;
}

const char *dande_kac_section(const char *subject, const char **rest)
{
	static const struct {
		const char *word, *section;
	} verbs[] = {
		{ "added", "Added" }, { "add", "Added" }, { "adds", "Added" },
		{ "changed", "Changed" }, { "change", "Changed" },
		{ "changes", "Changed" },
		{ "deprecated", "Deprecated" }, { "deprecate", "Deprecated" },
		{ "deprecates", "Deprecated" },
		{ "removed", "Removed" }, { "remove", "Removed" },
		{ "removes", "Removed" },
		{ "fixed", "Fixed" }, { "fix", "Fixed" }, { "fixes", "Fixed" },
		{ "security", "Security" },
	};
	size_t n = strcspn(subject, " \t:\n"), i;
	const char *p = subject + n;

	while (*p == ':' || *p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '\n')
		return NULL;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strlen(verbs[i].word) == n &&
		    !strncasecmp(subject, verbs[i].word, n)) {
			if (rest)
				*rest = p;
			return verbs[i].section;
		}
	return NULL;
}

const char *dande_commit_msg_section(const struct dande_commit_msg *m)
{
	static const struct {
		const char *type, *section;
	} map[] = {
		{ "feat", "Added" }, { "fix", "Fixed" }, { "perf", "Changed" },
		{ "refactor", "Changed" }, { "revert", "Removed" },
		{ "security", "Security" }, { "deprecate", "Deprecated" },
		{ "remove", "Removed" },
	};
	size_t i;

	if (!strcmp(m->scope, "security"))
		return "Security";
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(m->type, map[i].type))
			return map[i].section;
	return NULL;
}

/*
 * patch.c: patch ("diff") coverage.  A unified diff (from libgit2 through
 * git.c, or a file) is read into the added lines of each new file; those
 * lines that the measurement says are executable are the changed lines,
 * and their coverage is the patch coverage, as diff-cover computes it.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/covgate.h"
#include "coverage_int.h"
#include "dande/dande.h"
#include "dande/json.h"
#include "util/banned.h"

struct pfile {
	char *path;
	int *lines;
	size_t n, alloc;
};

struct dande_patch {
	struct pfile *files;
	size_t n, alloc;
	/* path -> index + 1 (open addressing): a file seen again is found
	 * at once, so a diff of many files reads in linear time */
	size_t *slots, nslots;
};

/* The slot of `path`: its file's, or the empty one it would take. */
static size_t *slot_of(const struct dande_patch *p, const char *path)
{
	size_t k = dande_fnv1a_str(path) & (p->nslots - 1);

	while (p->slots[k] && strcmp(p->files[p->slots[k] - 1].path, path))
		k = (k + 1) & (p->nslots - 1);
	return &p->slots[k];
}

static void grow_slots(struct dande_patch *p)
{
	size_t i;

	free(p->slots);
	p->nslots = p->nslots ? p->nslots * 2 : 64;
	p->slots = dande_xcalloc(p->nslots, sizeof(*p->slots));
	for (i = 0; i < p->n; i++)
		*slot_of(p, p->files[i].path) = i + 1;
}

void dande_patch_free(struct dande_patch *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->files[i].path);
		free(p->files[i].lines);
	}
	free(p->files);
	free(p->slots);
	free(p);
}

static struct pfile *start_file(struct dande_patch *p, const char *path,
				size_t len)
{
	struct dande_buf norm = DANDE_BUF_INIT;
	char *raw = dande_xstrndup(path, len);
	size_t i;

	dande_cov_normalise(&norm, NULL, NULL, raw);
	free(raw);
	/* a file seen again (several diffs concatenated) continues */
	if ((p->n + 1) * 2 > p->nslots)
		grow_slots(p);
	if ((i = *slot_of(p, norm.ptr))) {
		dande_buf_release(&norm);
		return &p->files[i - 1];
	}
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->files = dande_xrealloc(p->files, p->alloc * sizeof(*p->files));
	}
	memset(&p->files[p->n], 0, sizeof(*p->files));
	p->files[p->n].path = dande_buf_detach(&norm, NULL);
	*slot_of(p, p->files[p->n].path) = p->n + 1;
	return &p->files[p->n++];
}

static void add(struct pfile *f, int line)
{
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 32;
		f->lines = dande_xrealloc(f->lines, f->alloc * sizeof(*f->lines));
	}
	f->lines[f->n++] = line;
}

/* "+++ b/path\t2026-..." -> path (without the a/ b/ prefix or a date) */
static void header_path(const char *s, size_t len, const char **out,
			size_t *olen)
{
	size_t n = len;
	const char *tab = memchr(s, '\t', len);

	if (tab)
		n = (size_t)(tab - s);
	if (n >= 2 && (s[0] == 'b' || s[0] == 'a') && s[1] == '/') {
		s += 2;
		n -= 2;
	}
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	*out = s;
	*olen = n;
}

int dande_patch_parse(struct dande_patch **out, const char *diff, size_t len,
		      const char *name)
{
	struct dande_patch *p = dande_xcalloc(1, sizeof(*p));
	struct pfile *cur = NULL;
	const char *s = diff, *end = diff + len;
	long old_left = 0, new_left = 0;
	int new_line = 0, no = 0;

	*out = NULL;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		no++;
		if (n && s[n - 1] == '\r')
			n--;
		if (old_left > 0 || new_left > 0) {
			char c = n ? s[0] : ' ';

			if (c == '+') {
				if (cur)
					add(cur, new_line);
				new_line++;
				new_left--;
			} else if (c == '-') {
				old_left--;
			} else if (c == ' ' || n == 0) {
				new_line++;
				new_left--;
				old_left--;
			} else if (c != '\\') {
				dande_patch_free(p);
				return dande_error_set(DANDE_EINVALID, "%s:%d: "
						       "hunk ends early",
						       name, no);
			}
		} else if (n > 4 && !strncmp(s, "+++ ", 4)) {
			const char *path;
			size_t plen;

			header_path(s + 4, n - 4, &path, &plen);
			cur = plen == 9 && !strncmp(path, "/dev/null", 9) ?
				NULL : start_file(p, path, plen);
		} else if (n > 3 && !strncmp(s, "@@ ", 3)) {
			long a = 0, b = 1, c = 0, d = 1;
			char hdr[128], *q = hdr + 3, *e;

			/* the line alone, terminated: the diff's bytes need
			 * not be (found by fuzzing) */
			snprintf(hdr, sizeof(hdr), "%.*s", (int)(n < 127 ? n :
								 127), s);
			if (*q != '-')
				goto bad;
			a = strtol(q + 1, &e, 10);
			if (*e == ',')
				b = strtol(e + 1, &e, 10);
			if (*e != ' ' || e[1] != '+')
				goto bad;
			c = strtol(e + 2, &e, 10);
			if (*e == ',')
				d = strtol(e + 1, &e, 10);
			if (*e != ' ' || a < 0 || b < 0 || c < 0 || d < 0 ||
			    c > INT32_MAX)
				goto bad;
			old_left = b;
			new_left = d;
			new_line = (int)c;
		}
		s = nl ? nl + 1 : end;
	}
	*out = p;
	return 0;
bad:
	dande_patch_free(p);
	return dande_error_set(DANDE_EINVALID, "%s:%d: bad hunk header", name,
			       no);
}

static int by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

void dande_patch_cover(const struct dande_patch *p, const struct dande_cov *c,
		       struct dande_patch_result *r)
{
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i, k;

	memset(r, 0, sizeof(*r));
	dande_strvec_init(&r->uncovered);
	dande_strvec_init(&r->files);
	for (i = 0; i < p->n; i++) {
		struct pfile *f = &p->files[i];
		int64_t changed = 0, covered = 0;
		int start = 0, last = 0;

		if (f->n)
			qsort(f->lines, f->n, sizeof(*f->lines), by_int);
		for (k = 0; k < f->n; k++) {
			int64_t h = dande_cov_hits(c, f->path, f->lines[k]);

			if (k && f->lines[k] == f->lines[k - 1])
				continue;
			if (h < 0)
				continue;
			changed++;
			if (h > 0) {
				covered++;
				continue;
			}
			/* consecutive uncovered changed lines: one range */
			if (start && f->lines[k] == last + 1) {
				last = f->lines[k];
				continue;
			}
			if (start)
				dande_strvec_pushf(&r->uncovered, "%s:%d-%d",
						   f->path, start, last);
			start = last = f->lines[k];
		}
		if (start)
			dande_strvec_pushf(&r->uncovered, "%s:%d-%d", f->path,
					   start, last);
		if (changed)
			dande_strvec_pushf(&r->files, "%s\t%lld\t%lld", f->path,
					   (long long)covered,
					   (long long)changed);
		r->changed_lines += changed;
		r->changed_covered += covered;
	}
	r->patch_pct = dande_cov_pct(r->changed_covered, r->changed_lines);
	dande_buf_release(&b);
}

size_t dande_patch_lines(const struct dande_patch *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->files[i].n;
	return n;
}

void dande_patch_result_release(struct dande_patch_result *r)
{
	dande_strvec_release(&r->uncovered);
	dande_strvec_release(&r->files);
}

void dande_patch_format(struct dande_buf *out,
			const struct dande_patch_result *r,
			const struct dande_covgate_result *g, double min,
			int passed, int json, const char *base)
{
	size_t i, k;

	if (json) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "lines_valid");
		dande_json_int(&j, g->t.lines_valid);
		dande_json_key(&j, "lines_covered");
		dande_json_int(&j, g->t.lines_covered);
		dande_json_key(&j, "line_pct");
		dande_json_double(&j, round(g->line_pct * 100) / 100);
		dande_json_key(&j, "branches_valid");
		dande_json_int(&j, g->t.branches_valid);
		dande_json_key(&j, "branches_covered");
		dande_json_int(&j, g->t.branches_covered);
		dande_json_key(&j, "branch_pct");
		if (g->branch_pct >= 0)
			dande_json_double(&j, round(g->branch_pct * 100) / 100);
		else
			dande_json_null(&j);
		dande_json_key(&j, "base");
		dande_json_string(&j, base);
		dande_json_key(&j, "changed_lines");
		dande_json_int(&j, r->changed_lines);
		dande_json_key(&j, "changed_covered");
		dande_json_int(&j, r->changed_covered);
		dande_json_key(&j, "patch_pct");
		dande_json_double(&j, round(r->patch_pct * 100) / 100);
		dande_json_key(&j, "threshold");
		dande_json_double(&j, min);
		dande_json_key(&j, "uncovered");
		dande_json_array_begin(&j);
		for (i = 0; i < r->uncovered.nr; i++)
			dande_json_string(&j, r->uncovered.v[i]);
		dande_json_array_end(&j);
		dande_json_key(&j, "passed");
		dande_json_bool(&j, passed);
		dande_json_object_end(&j);
		return;
	}
	if (!r->changed_lines) {
		dande_buf_addf(out, "patch coverage: no executable line changed"
			       "%s%s\n", base ? " since " : "", base ? base : "");
		return;
	}
	dande_buf_addf(out, "%spatch coverage %.1f%% %s %.1f%%%s (%lld/%lld "
		       "changed lines%s%s)\n", dande_sgr(passed ? "ok" : "bad"),
		       r->patch_pct, passed ? ">=" : "<", min,
		       dande_sgr("reset"), (long long)r->changed_covered,
		       (long long)r->changed_lines, base ? " since " : "",
		       base ? base : "");
	/* files and their uncovered ranges come in the same order
	 * (dande_patch_cover): one walk over both */
	for (i = 0, k = 0; i < r->files.nr; i++) {
		const char *f = r->files.v[i], *t1 = strchr(f, '\t');
		long long cov = strtoll(t1 + 1, NULL, 10);
		long long ch = strtoll(strchr(t1 + 1, '\t') + 1, NULL, 10);
		size_t flen = (size_t)(t1 - f);
		int any = 0;

		dande_buf_adds(out, "  ");
		dande_buf_add_printable(out, f, flen, 0);
		dande_buf_addf(out, " (%.1f%%)", dande_cov_pct(cov, ch));
		for (; k < r->uncovered.nr; k++) {
			const char *u = r->uncovered.v[k];
			const char *colon = strrchr(u, ':');

			if ((size_t)(colon - u) != flen || strncmp(u, f, flen))
				break;
			{
				const char *dash = strchr(colon + 1, '-');
				size_t half = dash ? (size_t)(dash - colon - 1)
					: 0;

				/* "7-7" reads better as "7" */
				if (dash && !strncmp(colon + 1, dash + 1, half) &&
				    strlen(dash + 1) == half)
					dande_buf_addf(out, "%s%.*s", any ? ", " :
						       ": uncovered ", (int)half,
						       colon + 1);
				else
					dande_buf_addf(out, "%s%s", any ? ", " :
						       ": uncovered ", colon + 1);
			}
			any = 1;
		}
		dande_buf_addch(out, '\n');
	}
}

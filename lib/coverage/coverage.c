/*
 * lib/coverage/: coverage: the measurement (coverage.c), the report
 * readers (coverage_read.c), the gate, ratchet and history (covgate.c),
 * and patch coverage of a change (patch.c).
 *
 * coverage.c: the coverage measurement: files (an open-addressing hash by
 * path) of lines (an array indexed by line number: -1 not executable, else
 * the hits), with branches and functions.  Reports merge into it by
 * maximum, so a line or a branch repeated across reports or records counts
 * once.  The readers are in coverage_read.c.
 */
#include <fnmatch.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dande/coverage.h"
#include "dande/fs.h"
#include "coverage_int.h"
#include "util/banned.h"

struct fn {
	char *name;
	int64_t hits;
	int line;	/* its FN line (LCOV), 0: unknown */
};

/* A Go coverprofile block: statements counted as Go counts them. */
struct block {
	int l1, c1, l2, c2;
	int stmts;
	int64_t hits;
};

struct file {
	char *path;
	int32_t *hits;		/* [line], -1: not executable; saturates */
	uint16_t *bv, *bc;	/* [line] branches valid / covered, or NULL */
	int cap;		/* lines 0..cap-1 allocated */
	struct fn *fns;
	size_t nfns, afns;
	/* totals a report gave without lines (JaCoCo from gcovr) */
	int64_t sum_valid, sum_covered, sum_bv, sum_bc;
	int has_sum;
	/* Go: statement blocks; when there are any, "lines" are statements */
	struct block *blocks;
	size_t nblocks, ablocks;
};

struct dande_cov {
	char *root;
	struct file **slots;	/* hash table */
	size_t nslots, nfiles;
	struct file *last;	/* the file looked up last: readers go file
				   by file, line by line */
	struct dande_cov_file *view;	/* files(): sorted, cached */
	size_t nview;
	int dirty;
};

static uint64_t hash(const char *s)
{
	return dande_fnv1a_str(s);
}

int dande_cov_new(struct dande_cov **out, const char *root)
{
	struct dande_cov *c = dande_xcalloc(1, sizeof(*c));

	c->root = dande_xstrdup(root ? root : "");
	c->nslots = 256;
	c->slots = dande_xcalloc(c->nslots, sizeof(*c->slots));
	*out = c;
	return 0;
}

static void free_file(struct file *f)
{
	size_t i;

	for (i = 0; i < f->nfns; i++)
		free(f->fns[i].name);
	free(f->fns);
	free(f->blocks);
	free(f->hits);
	free(f->bv);
	free(f->bc);
	free(f->path);
	free(f);
}

void dande_cov_free(struct dande_cov *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nslots; i++)
		if (c->slots[i])
			free_file(c->slots[i]);
	free(c->slots);
	free(c->view);
	free(c->root);
	free(c);
}

static void grow_table(struct dande_cov *c)
{
	struct file **old = c->slots;
	size_t n = c->nslots, i;

	c->nslots *= 2;
	c->slots = dande_xcalloc(c->nslots, sizeof(*c->slots));
	for (i = 0; i < n; i++) {
		size_t k;

		if (!old[i])
			continue;
		k = hash(old[i]->path) & (c->nslots - 1);
		while (c->slots[k])
			k = (k + 1) & (c->nslots - 1);
		c->slots[k] = old[i];
	}
	free(old);
}

static struct file *find(const struct dande_cov *c, const char *path)
{
	size_t k = hash(path) & (c->nslots - 1);

	for (; c->slots[k]; k = (k + 1) & (c->nslots - 1))
		if (!strcmp(c->slots[k]->path, path))
			return c->slots[k];
	return NULL;
}

static struct file *get(struct dande_cov *c, const char *path)
{
	struct file *f;
	size_t k;

	if (c->last && !strcmp(c->last->path, path))
		return c->last;
	if ((f = find(c, path)))
		return c->last = f;
	if ((c->nfiles + 1) * 4 > c->nslots * 3)
		grow_table(c);
	f = dande_xcalloc(1, sizeof(*f));
	f->path = dande_xstrdup(path);
	k = hash(path) & (c->nslots - 1);
	while (c->slots[k])
		k = (k + 1) & (c->nslots - 1);
	c->slots[k] = f;
	c->nfiles++;
	c->dirty = 1;
	return c->last = f;
}

/* Make room for `line` in f's arrays. */
static void reserve(struct file *f, int line)
{
	int cap, i;

	if (line < f->cap)
		return;
	cap = f->cap ? f->cap : 64;
	while (cap <= line)
		cap *= 2;
	f->hits = dande_xrealloc(f->hits, (size_t)cap * sizeof(*f->hits));
	for (i = f->cap; i < cap; i++)
		f->hits[i] = -1;
	if (f->bv) {
		f->bv = dande_xrealloc(f->bv, (size_t)cap * sizeof(*f->bv));
		f->bc = dande_xrealloc(f->bc, (size_t)cap * sizeof(*f->bc));
		memset(f->bv + f->cap, 0, (size_t)(cap - f->cap) * sizeof(*f->bv));
		memset(f->bc + f->cap, 0, (size_t)(cap - f->cap) * sizeof(*f->bc));
	}
	f->cap = cap;
}

int dande_cov_add_line(struct dande_cov *c, const char *file, int line,
		       int64_t hits)
{
	struct file *f;

	if (line < 0 || line > DANDE_COV_MAX_LINE || hits < 0)
		return DANDE_EINVALID;
	f = get(c, file);
	reserve(f, line);
	/* only "how many" matters little, "any" matters: saturate to keep
	 * 20,000 files x 100 lines in a few MB */
	if (hits > INT32_MAX)
		hits = INT32_MAX;
	if ((int32_t)hits > f->hits[line])
		f->hits[line] = (int32_t)hits;
	c->dirty = 1;
	return 0;
}

void dande_cov_add_branches(struct dande_cov *c, const char *file, int line,
			    int valid, int covered)
{
	struct file *f;

	if (line < 0 || line > DANDE_COV_MAX_LINE || valid <= 0)
		return;
	f = get(c, file);
	reserve(f, line);
	if (!f->bv) {
		f->bv = dande_xcalloc((size_t)f->cap, sizeof(*f->bv));
		f->bc = dande_xcalloc((size_t)f->cap, sizeof(*f->bc));
	}
	if (valid > UINT16_MAX)
		valid = UINT16_MAX;
	if (covered > valid)
		covered = valid;
	if (valid > f->bv[line])
		f->bv[line] = (uint16_t)valid;
	if (covered > f->bc[line])
		f->bc[line] = (uint16_t)covered;
	c->dirty = 1;
}

void dande_cov_add_function(struct dande_cov *c, const char *file,
			    const char *name, int64_t hits)
{
	struct file *f = get(c, file);
	size_t i;

	for (i = 0; i < f->nfns; i++)
		if (!strcmp(f->fns[i].name, name)) {
			if (hits > f->fns[i].hits)
				f->fns[i].hits = hits;
			return;
		}
	if (f->nfns == f->afns) {
		f->afns = f->afns ? f->afns * 2 : 8;
		f->fns = dande_xrealloc(f->fns, f->afns * sizeof(*f->fns));
	}
	f->fns[f->nfns].name = dande_xstrdup(name);
	f->fns[f->nfns].line = 0;
	f->fns[f->nfns++].hits = hits;
	c->dirty = 1;
}

void dande_cov__add_function_line(struct dande_cov *c, const char *file,
				  int line, const char *name)
{
	struct file *f;
	size_t i;

	dande_cov_add_function(c, file, name, 0);
	f = get(c, file);
	for (i = 0; i < f->nfns; i++)
		if (!strcmp(f->fns[i].name, name))
			f->fns[i].line = line;
}

const char *dande_cov__root(const struct dande_cov *c)
{
	return c->root;
}

/* For readers of reports that give a file's totals without its lines. */
void dande_cov__add_summary_branches(struct dande_cov *c, const char *file,
				     int64_t valid, int64_t covered)
{
	struct file *f = get(c, file);

	f->sum_bv = valid;
	f->sum_bc = covered;
	c->dirty = 1;
}

void dande_cov__add_summary(struct dande_cov *c, const char *file,
			    int64_t valid, int64_t covered)
{
	struct file *f = get(c, file);

	if (valid > f->sum_valid)
		f->sum_valid = valid;
	if (covered > f->sum_covered)
		f->sum_covered = covered;
	f->has_sum = 1;
	c->dirty = 1;
}

int dande_cov__add_block(struct dande_cov *c, const char *file, int l1,
			 int c1, int l2, int c2, int stmts, int64_t hits)
{
	struct file *f;
	int line;

	if (l1 <= 0 || l2 < l1 || l2 > DANDE_COV_MAX_LINE || stmts < 0 ||
	    hits < 0)
		return DANDE_EINVALID;
	f = get(c, file);
	if (f->nblocks == f->ablocks) {
		f->ablocks = f->ablocks ? f->ablocks * 2 : 16;
		f->blocks = dande_xrealloc(f->blocks,
					   f->ablocks * sizeof(*f->blocks));
	}
	f->blocks[f->nblocks].l1 = l1;
	f->blocks[f->nblocks].c1 = c1;
	f->blocks[f->nblocks].l2 = l2;
	f->blocks[f->nblocks].c2 = c2;
	f->blocks[f->nblocks].stmts = stmts;
	f->blocks[f->nblocks++].hits = hits;
	/* the lines a block spans are executable, for patch coverage */
	for (line = l1; line <= l2; line++)
		dande_cov_add_line(c, file, line, hits);
	return 0;
}

static int by_block(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->l1 != y->l1)
		return x->l1 < y->l1 ? -1 : 1;
	if (x->c1 != y->c1)
		return x->c1 < y->c1 ? -1 : 1;
	if (x->l2 != y->l2)
		return x->l2 < y->l2 ? -1 : 1;
	return x->c2 < y->c2 ? -1 : x->c2 > y->c2;
}

void dande_cov__merge_blocks(struct dande_cov *c)
{
	size_t i, k, n;

	for (i = 0; i < c->nslots; i++) {
		struct file *f = c->slots[i];

		if (!f || f->nblocks < 2)
			continue;
		qsort(f->blocks, f->nblocks, sizeof(*f->blocks), by_block);
		for (k = n = 0; k < f->nblocks; k++) {
			if (n && !by_block(&f->blocks[n - 1], &f->blocks[k])) {
				if (f->blocks[k].hits > f->blocks[n - 1].hits)
					f->blocks[n - 1].hits =
						f->blocks[k].hits;
				continue;
			}
			f->blocks[n++] = f->blocks[k];
		}
		f->nblocks = n;
	}
	c->dirty = 1;
}

static void file_totals(const struct file *f, struct dande_cov_totals *t)
{
	int i;
	size_t k;

	memset(t, 0, sizeof(*t));
	if (f->nblocks) {
		for (k = 0; k < f->nblocks; k++) {
			t->lines_valid += f->blocks[k].stmts;
			if (f->blocks[k].hits > 0)
				t->lines_covered += f->blocks[k].stmts;
		}
		goto branches;
	}
	/* line 0 is LCOV's "before the first line" (lcov counts it) */
	for (i = 0; i < f->cap; i++) {
		if (f->hits[i] < 0)
			continue;
		t->lines_valid++;
		t->lines_covered += f->hits[i] > 0;
	}
	if (!t->lines_valid && f->has_sum) {
		t->lines_valid = f->sum_valid;
		t->lines_covered = f->sum_covered;
	}
branches:
	for (i = 0; f->bv && i < f->cap; i++) {
		t->branches_valid += f->bv[i];
		t->branches_covered += f->bc[i];
	}
	if (!t->branches_valid && f->sum_bv) {
		t->branches_valid = f->sum_bv;
		t->branches_covered = f->sum_bc;
	}
	for (k = 0; k < f->nfns; k++) {
		t->functions_valid++;
		t->functions_covered += f->fns[k].hits > 0;
	}
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct dande_cov_file *)a)->path,
		      ((const struct dande_cov_file *)b)->path);
}

size_t dande_cov_files(struct dande_cov *c, const struct dande_cov_file **out)
{
	size_t i, n = 0;

	if (c->dirty || !c->view) {
		free(c->view);
		c->view = dande_xcalloc(c->nfiles + 1, sizeof(*c->view));
		for (i = 0; i < c->nslots; i++) {
			if (!c->slots[i])
				continue;
			c->view[n].path = c->slots[i]->path;
			file_totals(c->slots[i], &c->view[n].t);
			n++;
		}
		qsort(c->view, n, sizeof(*c->view), by_path);
		c->nview = n;
		c->dirty = 0;
	}
	*out = c->view;
	return c->nview;
}

void dande_cov_totals(const struct dande_cov *c, struct dande_cov_totals *out)
{
	struct dande_cov_totals t;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < c->nslots; i++) {
		if (!c->slots[i])
			continue;
		file_totals(c->slots[i], &t);
		out->lines_valid += t.lines_valid;
		out->lines_covered += t.lines_covered;
		out->branches_valid += t.branches_valid;
		out->branches_covered += t.branches_covered;
		out->functions_valid += t.functions_valid;
		out->functions_covered += t.functions_covered;
	}
}

int64_t dande_cov_hits(const struct dande_cov *c, const char *file, int line)
{
	const struct file *f = find(c, file);
	int64_t best = -1;
	size_t i;

	if (!f || line <= 0)
		return -1;
	if (line < f->cap && f->hits[line] >= 0)
		return f->hits[line];
	for (i = 0; i < f->nfns; i++)
		if (f->fns[i].line == line && f->fns[i].hits > best)
			best = f->fns[i].hits;
	return best;
}

/* Take file `f` out of the table (re-packing its probe chain) and free
 * it. */
static void remove_file(struct dande_cov *c, struct file *f)
{
	size_t k = hash(f->path) & (c->nslots - 1), j;

	while (c->slots[k] != f)
		k = (k + 1) & (c->nslots - 1);
	c->slots[k] = NULL;
	if (c->last == f)
		c->last = NULL;
	free_file(f);
	c->nfiles--;
	c->dirty = 1;
	/* re-insert the rest of the chain, which may have probed past k */
	for (j = (k + 1) & (c->nslots - 1); c->slots[j];
	     j = (j + 1) & (c->nslots - 1)) {
		struct file *g = c->slots[j];
		size_t h = hash(g->path) & (c->nslots - 1);

		c->slots[j] = NULL;
		while (c->slots[h])
			h = (h + 1) & (c->nslots - 1);
		c->slots[h] = g;
	}
}

/* Merge file `src` into `dst` (the same file under two names). */
static void merge_file(struct dande_cov *c, struct file *dst,
		       const struct file *src)
{
	int i;
	size_t k;

	for (i = 0; i < src->cap; i++) {
		if (src->hits[i] >= 0)
			dande_cov_add_line(c, dst->path, i, src->hits[i]);
		if (src->bv && src->bv[i])
			dande_cov_add_branches(c, dst->path, i, src->bv[i],
					       src->bc[i]);
	}
	for (k = 0; k < src->nfns; k++) {
		dande_cov_add_function(c, dst->path, src->fns[k].name,
				       src->fns[k].hits);
		if (src->fns[k].line)
			dande_cov__add_function_line(c, dst->path,
						     src->fns[k].line,
						     src->fns[k].name);
	}
	for (k = 0; k < src->nblocks; k++) {
		const struct block *b = &src->blocks[k];

		dande_cov__add_block(c, dst->path, b->l1, b->c1, b->l2, b->c2,
				     b->stmts, b->hits);
	}
	if (src->has_sum)
		dande_cov__add_summary(c, dst->path, src->sum_valid,
				       src->sum_covered);
	if (src->sum_bv)
		dande_cov__add_summary_branches(c, dst->path, src->sum_bv,
						src->sum_bc);
}

/* Whether `rel` names a regular file under `root`. */
static int in_repo(const char *root, const char *rel)
{
	struct dande_buf p = DANDE_BUF_INIT;
	struct stat st;
	int yes;

	dande_fs_join(&p, root, rel);
	yes = stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode);
	dande_buf_release(&p);
	return yes;
}

/* `path` rewritten by the first rule "FROM:TO" whose FROM (a glob, '*'
 * within one component) matches a leading part of it; 0: none did. */
static int map_by_rules(struct dande_buf *out, const char *path,
			const struct dande_strvec *rules)
{
	struct dande_buf from = DANDE_BUF_INIT, lead = DANDE_BUF_INIT;
	size_t i;
	int done = 0;

	for (i = 0; !done && rules && i < rules->nr; i++) {
		const char *rule = rules->v[i], *colon = strrchr(rule, ':');
		const char *p;

		if (!colon || colon == rule)
			continue;
		dande_buf_reset(&from);
		dande_buf_add(&from, rule, (size_t)(colon - rule));
		while (from.len > 1 && from.ptr[from.len - 1] == '/')
			dande_buf_setlen(&from, from.len - 1);
		/* each leading part that ends at a '/' */
		for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
			dande_buf_reset(&lead);
			dande_buf_add(&lead, path, (size_t)(p - path));
			if (fnmatch(from.ptr, lead.ptr, FNM_PATHNAME))
				continue;
			dande_buf_reset(out);
			dande_buf_adds(out, colon + 1);
			if (out->len && out->ptr[out->len - 1] != '/')
				dande_buf_addch(out, '/');
			dande_buf_adds(out, p + 1);
			done = 1;
			break;
		}
	}
	dande_buf_release(&from);
	dande_buf_release(&lead);
	return done;
}

size_t dande_cov_map_paths(struct dande_cov *c,
			   const struct dande_strvec *rules,
			   struct dande_strvec *unmatched)
{
	struct file **files;
	struct dande_buf to = DANDE_BUF_INIT, norm = DANDE_BUF_INIT;
	size_t i, n = 0, moved = 0;

	if (!*c->root)
		return 0;
	files = dande_xcalloc(c->nfiles + 1, sizeof(*files));
	for (i = 0; i < c->nslots; i++)
		if (c->slots[i])
			files[n++] = c->slots[i];
	for (i = 0; i < n; i++) {
		struct file *f = files[i], *dst;
		const char *p = f->path, *s;

		if (p[0] != '/' && in_repo(c->root, p))
			continue;
		dande_buf_reset(&norm);
		if (map_by_rules(&to, p, rules)) {
			dande_cov_normalise(&norm, c->root, NULL, to.ptr);
		} else {
			/* the longest tail of it that is a file here */
			for (s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/'))
				if (s[1] && in_repo(c->root, s + 1))
					break;
			if (!s) {
				struct stat st;

				/* a file of this machine outside the
				 * repository (a system header) is not from
				 * elsewhere: no mapping is missing */
				if (unmatched && !(p[0] == '/' &&
						   stat(p, &st) == 0))
					dande_strvec_push(unmatched, p);
				continue;
			}
			dande_buf_adds(&norm, s + 1);
		}
		if (!strcmp(norm.ptr, p))
			continue;
		/* under its new name, merged with a file already there */
		dst = get(c, norm.ptr);
		merge_file(c, dst, f);
		remove_file(c, f);
		moved++;
	}
	if (moved)
		dande_cov__merge_blocks(c);
	free(files);
	dande_buf_release(&to);
	dande_buf_release(&norm);
	return moved;
}

void dande_cov_filter(struct dande_cov *c, const struct dande_strvec *include,
		      const struct dande_strvec *exclude)
{
	size_t i, k;

	for (i = 0; i < c->nslots; i++) {
		struct file *f = c->slots[i];
		int keep = !include || include->nr == 0;

		if (!f)
			continue;
		for (k = 0; !keep && k < include->nr; k++)
			keep = !fnmatch(include->v[k], f->path, 0);
		for (k = 0; keep && exclude && k < exclude->nr; k++)
			keep = fnmatch(exclude->v[k], f->path, 0) != 0;
		if (keep)
			continue;
		remove_file(c, f);
		i--;	/* the slot may hold another file now */
	}
}

double dande_cov_pct(int64_t covered, int64_t valid)
{
	return valid > 0 ? 100.0 * (double)covered / (double)valid : 100.0;
}

/* Fold "//", "/./", a leading "./" and "dir/.." (lexically: a report's
 * paths name files, not symbolic links to follow). */
static void fold(struct dande_buf *b)
{
	char *s = b->ptr, *w = b->ptr;
	size_t i = 0, n = b->len;

	while (i < n) {
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			i++;
			continue;
		}
		if ((i == 0 || s[i - 1] == '/') && s[i] == '.' &&
		    (i + 1 == n || s[i + 1] == '/')) {
			i += 2;
			continue;
		}
		*w++ = s[i++];
	}
	dande_buf_setlen(b, (size_t)(w - b->ptr));
	if (b->len > 1 && b->ptr[b->len - 1] == '/')
		dande_buf_setlen(b, b->len - 1);
	/* "a/b/../c" -> "a/c", leaving leading ".." alone */
	for (;;) {
		char *dd = strstr(b->ptr, "/../"), *prev;

		if (!dd)
			break;
		prev = dd;
		while (prev > b->ptr && prev[-1] != '/')
			prev--;
		if ((size_t)(dd - prev) == 2 && !strncmp(prev, "..", 2))
			break;
		memmove(prev, dd + 4, strlen(dd + 4) + 1);
		dande_buf_setlen(b, strlen(b->ptr));
	}
}

static int is_absolute(const char *p)
{
	return p[0] == '/' || (((p[0] >= 'A' && p[0] <= 'Z') ||
				(p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':');
}

void dande_cov_normalise(struct dande_buf *out, const char *root,
			 const char *base, const char *path)
{
	size_t rl, i;

	dande_buf_reset(out);
	if (base && *base && !is_absolute(path)) {
		dande_buf_adds(out, base);
		dande_buf_addch(out, '/');
	}
	dande_buf_adds(out, path);
	for (i = 0; i < out->len; i++)
		if (out->ptr[i] == '\\')
			out->ptr[i] = '/';
	fold(out);
	rl = root ? strlen(root) : 0;
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl && !strncmp(out->ptr, root, rl) &&
	    (out->ptr[rl] == '/' || out->ptr[rl] == '\0')) {
		size_t skip = rl + (out->ptr[rl] == '/');

		memmove(out->ptr, out->ptr + skip, out->len - skip + 1);
		dande_buf_setlen(out, out->len - skip);
	}
}

void dande_cov_info_describe(struct dande_buf *out, const char *prefix,
			     const char *path,
			     const struct dande_cov_info *info)
{
	dande_buf_addf(out, "%s%s: %s, %lld files\n", prefix, path,
		       info->format, (long long)info->files);
	if (info->declared_valid >= 0)
		dande_buf_addf(out, "%s%s declares %lld/%lld lines (its own "
			       "summary; dande recounts the lines)\n", prefix,
			       path,
			       (long long)info->declared_covered,
			       (long long)info->declared_valid);
}

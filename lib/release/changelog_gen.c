/*
 * changelog_gen.c: changelog entries from conventional commits (dande
 * changelog generate), and the changelog read from and written to its
 * file.
 */
#include <stdio.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/changelog.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "util/banned.h"

int dande_changelog_load(struct dande_changelog **out, const char *path,
			 const char *name)
{
	struct dande_buf b = DANDE_BUF_INIT;
	int r;

	*out = NULL;
	b.max = (size_t)256 << 20;
	if ((r = dande_buf_read_file(&b, path)) == 0)
		r = dande_changelog_parse(out, b.ptr, b.len, name);
	dande_buf_release(&b);
	return r;
}

int dande_changelog_save(const struct dande_changelog *cl, const char *path)
{
	struct dande_buf b = DANDE_BUF_INIT;
	int r;

	b.max = (size_t)256 << 20;
	dande_changelog_render(cl, &b);
	r = dande_fs_write_atomic(path, b.ptr, b.len);
	dande_buf_release(&b);
	return r;
}

/* Conventional types left out of a changelog by default. */
const char *const dande_changelog_default_skip[] = {
	"chore", "docs", "test", "ci", "style", "build", NULL
};

static const char *const sections[] = {
	"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"
};

struct gen {
	struct dande_strvec texts[6];	/* per section, newest first */
	struct dande_strvec skip;	/* types left out */
	int kept, skipped;
};

static int on_commit(void *payload, const char *id, const char *message)
{
	struct gen *g = payload;
	struct dande_commit_msg m;
	const char *section;
	size_t k;

	if (dande_commit_msg_parse(&m, message) < 0) {
		dande_error_clear();
		g->skipped++;
		return 0;
	}
	section = dande_commit_msg_section(&m);
	for (k = 0; !section && !m.breaking && k < g->skip.nr; k++)
		if (dande_word_in_list(g->skip.v[k], m.type)) {
			g->skipped++;
			dande_commit_msg_release(&m);
			return 0;
		}
	/* a breaking change, or a type neither mapped nor left out */
	if (!section)
		section = "Changed";
	for (k = 0; k < 6 && strcmp(sections[k], section); k++)
		;
	dande_strvec_pushf(&g->texts[k], "%s%s%s%s%s (%.7s)", m.breaking ?
			   "**BREAKING** " : "", m.scope[0] ? "**" : "",
			   m.scope, m.scope[0] ? ":** " : "", m.description,
			   id);
	g->kept++;
	dande_commit_msg_release(&m);
	return 0;
}

/* The collected entries into the changelog, a batch per section; the
 * preview of what went in. */
static int apply_entries(struct dande_changelog *cl, struct gen *g,
			 struct dande_buf *preview, size_t *added)
{
	size_t k, i, n;
	int r;

	*added = 0;
	for (k = 0; k < 6; k++) {
		if (!g->texts[k].nr)
			continue;
		if ((r = dande_changelog_add_many(cl, sections[k],
			(const char *const *)g->texts[k].v, g->texts[k].nr,
			&n)) < 0)
			return r;
		*added += n;
		for (i = 0; n && i < g->texts[k].nr && i < 200; i++)
			dande_buf_addf(preview, "%-10s %s\n", sections[k],
				       g->texts[k].v[i]);
	}
	return 0;
}

int dande_changelog_generate(struct dande_changelog *cl,
			     struct dande_repo *repo, const char *from,
			     const char *to, const char *const *skip,
			     struct dande_buf *preview,
			     struct dande_changelog_gen *out)
{
	struct gen g;
	size_t k;
	int r;

	memset(out, 0, sizeof(*out));
	dande_buf_init(&out->boundary, 0);
	memset(&g, 0, sizeof(g));
	for (k = 0; k < 6; k++)
		dande_strvec_init(&g.texts[k]);
	dande_strvec_init(&g.skip);
	dande_strvec_pushv(&g.skip, skip ? skip : dande_changelog_default_skip);
	r = dande_repo_log(repo, from, to, on_commit, &g, &out->boundary);
	if (r == 0)
		r = apply_entries(cl, &g, preview, &out->added);
	out->kept = g.kept;
	out->skipped = g.skipped;
	for (k = 0; k < 6; k++)
		dande_strvec_release(&g.texts[k]);
	dande_strvec_release(&g.skip);
	return r;
}

void dande_changelog_gen_release(struct dande_changelog_gen *g)
{
	dande_buf_release(&g->boundary);
}

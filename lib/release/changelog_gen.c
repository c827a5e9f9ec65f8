/*
 * changelog_gen.c: changelog entries from conventional commits (dande
 * changelog generate), and the changelog read from and written to its
 * file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/changelog.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/provenance.h"
#include "dande/version.h"
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
	int kac;			/* Keep a Changelog verbs too */
	int kept, skipped;
};

static int on_commit(void *payload, const char *id, const char *message)
{
	struct gen *g = payload;
	struct dande_commit_msg m;
	const char *section, *rest;
	size_t k;

	/* "Fixed login": its section, the verb left out */
	if (g->kac && (section = dande_kac_section(message, &rest))) {
		size_t n = strcspn(rest, "\n");

		for (k = 0; k < 6 && strcmp(sections[k], section); k++)
			;
		dande_strvec_pushf(&g->texts[k], "%c%.*s (%.7s)",
				   toupper((unsigned char)*rest), (int)n - 1,
				   rest + 1, id);
		g->kept++;
		return 0;
	}
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
			     const char *to, const char *const *skip, int kac,
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
	g.kac = kac;
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

/* ---- every release --------------------------------------------------------- */

struct vtag {
	char *name;
	char id[DANDE_OID_BUFSZ];	/* the tagged commit */
	struct dande_ver v;
	struct gen g;			/* its commits' entries */
};

static int by_version(const void *a, const void *b)
{
	return dande_ver_cmp(&((const struct vtag *)a)->v,
			     &((const struct vtag *)b)->v);
}

/* One walk of the whole history, newest first: a commit belongs to the
 * section of the tag last met (the tagged commit itself included), or to
 * [Unreleased] before the first (as git-cliff assigns them). */
struct all_walk {
	struct vtag **by_id;	/* the tags sorted by commit id */
	size_t ntags;
	struct gen *current;
};

static int by_id(const void *a, const void *b)
{
	return strcmp((*(struct vtag *const *)a)->id,
		      (*(struct vtag *const *)b)->id);
}

static int on_any_commit(void *payload, const char *id, const char *message)
{
	struct all_walk *w = payload;
	size_t lo = 0, hi = w->ntags;

	/* several tags on one commit: the first found of them */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w->by_id[mid]->id, id);

		if (!c) {
			w->current = &w->by_id[mid]->g;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return on_commit(w->current, id, message);
}

static void gen_init(struct gen *g, const char *const *skip, int kac)
{
	size_t k;

	memset(g, 0, sizeof(*g));
	g->kac = kac;
	for (k = 0; k < 6; k++)
		dande_strvec_init(&g->texts[k]);
	dande_strvec_init(&g->skip);
	dande_strvec_pushv(&g->skip, skip ? skip : dande_changelog_default_skip);
}

static void gen_release(struct gen *g)
{
	size_t k;

	for (k = 0; k < 6; k++)
		dande_strvec_release(&g->texts[k]);
	dande_strvec_release(&g->skip);
}

/* The section of the release `t` as text: "## [VERSION] - DATE\n\nBODY\n\n"
 * (a heading alone when none of its commits makes an entry). */
static int release_section(struct dande_repo *repo, struct vtag *t,
			   struct dande_buf *out, size_t *entries)
{
	static const char skeleton[] = "## [Unreleased]\n";
	struct dande_changelog *scratch = NULL;
	struct dande_buf body = DANDE_BUF_INIT, preview = DANDE_BUF_INIT;
	char version[DANDE_VER_STRMAX], date[16];
	int r;

	dande_ver_format(version, sizeof(version), &t->v);
	if ((r = dande_repo_commit_date(repo, t->id, date)) < 0 ||
	    (r = dande_changelog_parse(&scratch, skeleton, sizeof(skeleton) - 1,
				       "(generated)")) < 0 ||
	    (r = apply_entries(scratch, &t->g, &preview, entries)) < 0 ||
	    (r = dande_changelog_release(scratch, version, date, NULL, NULL,
					 1)) < 0 ||
	    (r = dande_changelog_show(scratch, version, &body, 0)) < 0)
		goto done;
	dande_buf_addf(out, "## [%s] - %s\n\n", version, date);
	while (body.len && body.ptr[body.len - 1] == '\n')
		dande_buf_setlen(&body, body.len - 1);
	if (body.len)
		dande_buf_addf(out, "%s\n\n", body.ptr);
done:
	dande_changelog_free(scratch);
	dande_buf_release(&body);
	dande_buf_release(&preview);
	return r;
}

int dande_changelog_generate_all(const struct dande_changelog *cl,
				 struct dande_repo *repo,
				 const char *const *skip, int kac,
				 struct dande_changelog **result,
				 struct dande_changelog_all *out)
{
	struct dande_strvec names = DANDE_STRVEC_INIT;
	struct dande_buf text = DANDE_BUF_INIT, sec = DANDE_BUF_INIT;
	struct dande_buf preview = DANDE_BUF_INIT;
	const struct dande_changelog_release *rel;
	struct vtag *tags = NULL;
	struct ins {
		size_t line;
		char *text;
	} *ins = NULL;
	struct dande_changelog *next = NULL;
	struct gen unreleased;
	struct all_walk w;
	size_t i, k, ntags = 0, nins = 0, nrel, end;
	int r = 0;

	memset(out, 0, sizeof(*out));
	*result = NULL;
	gen_init(&unreleased, skip, kac);
	dande_repo_tags(repo, 1, &names);
	tags = dande_xcalloc(names.nr + 1, sizeof(*tags));
	for (i = 0; i < names.nr; i++) {
		struct vtag *t = &tags[ntags];

		if (dande_ver_parse(&t->v, names.v[i]) < 0 ||
		    dande_repo_resolve(repo, names.v[i], t->id) < 0)
			continue;
		t->name = names.v[i];
		gen_init(&t->g, skip, kac);
		ntags++;
	}
	dande_error_clear();
	qsort(tags, ntags, sizeof(*tags), by_version);
	/* the whole history once ("": from the root) */
	w.by_id = dande_xcalloc(ntags + 1, sizeof(*w.by_id));
	for (i = 0; i < ntags; i++)
		w.by_id[i] = &tags[i];
	qsort(w.by_id, ntags, sizeof(*w.by_id), by_id);
	w.ntags = ntags;
	w.current = &unreleased;
	r = dande_repo_log(repo, "", NULL, on_any_commit, &w, NULL);
	free(w.by_id);
	if (r < 0)
		goto done;
	nrel = dande_changelog_releases(cl, &rel);
	ins = dande_xcalloc(ntags + 1, sizeof(*ins));
	for (i = 0; i < ntags; i++) {
		char version[DANDE_VER_STRMAX];
		size_t at = 0, entries = 0;
		int have = 0;

		dande_ver_format(version, sizeof(version), &tags[i].v);
		for (k = 0; k < nrel; k++) {
			struct dande_ver rv;

			if (rel[k].unreleased)
				continue;
			if (!strcmp(rel[k].version, version)) {
				have = 1;
				break;
			}
			/* below the first release older than this one */
			if (!at && dande_ver_parse(&rv, rel[k].version) == 0 &&
			    dande_ver_cmp(&rv, &tags[i].v) < 0)
				at = rel[k].line;
		}
		dande_error_clear();
		if (have)
			continue;
		dande_buf_reset(&sec);
		if ((r = release_section(repo, &tags[i], &sec, &entries)) < 0)
			goto done;
		ins[nins].line = at;
		ins[nins++].text = dande_buf_detach(&sec, NULL);
		out->sections++;
		out->entries += entries;
	}
	/* spliced into the text, oldest first: an older release goes lower
	 * in the file (or to its end), so the places of the newer ones stay
	 * where they were, and a newer one at the same place goes above */
	dande_changelog_render(cl, &text);
	if (text.len && text.ptr[text.len - 1] != '\n')
		dande_buf_addch(&text, '\n');
	if (text.len > 1 && text.ptr[text.len - 2] != '\n')
		dande_buf_addch(&text, '\n');
	end = text.len;
	for (i = 0; i < nins; i++) {
		size_t line = 1, off = 0;

		if (ins[i].line) {
			while (line < ins[i].line && off < text.len) {
				const char *nl = memchr(text.ptr + off, '\n',
							text.len - off);

				off = nl ? (size_t)(nl - text.ptr) + 1 :
					text.len;
				line++;
			}
		} else {
			off = end;
		}
		{
			struct dande_buf t = DANDE_BUF_INIT;
			size_t add = strlen(ins[i].text);

			dande_buf_add(&t, text.ptr, off);
			dande_buf_adds(&t, ins[i].text);
			dande_buf_add(&t, text.ptr + off, text.len - off);
			dande_buf_reset(&text);
			dande_buf_add(&text, t.ptr, t.len);
			dande_buf_release(&t);
			/* what was at or after `off` moved down */
			if (end >= off && ins[i].line)
				end += add;
		}
	}
	/* the trailing blank line of a section spliced at the end */
	while (text.len > 1 && text.ptr[text.len - 1] == '\n' &&
	       text.ptr[text.len - 2] == '\n')
		dande_buf_setlen(&text, text.len - 1);
	if ((r = dande_changelog_parse(&next, text.ptr, text.len,
				       "CHANGELOG.md")) < 0)
		goto done;
	/* [Unreleased]: what came after the newest tag */
	if ((r = apply_entries(next, &unreleased, &preview,
			       &out->unreleased)) < 0)
		goto done;
	*result = next;
	next = NULL;
done:
	for (i = 0; i < nins; i++)
		free(ins[i].text);
	free(ins);
	for (i = 0; i < ntags; i++)
		gen_release(&tags[i].g);
	gen_release(&unreleased);
	free(tags);
	dande_changelog_free(next);
	dande_strvec_release(&names);
	dande_buf_release(&text);
	dande_buf_release(&sec);
	dande_buf_release(&preview);
	return r;
}

int dande_changelog_new(struct dande_changelog **out)
{
	static const char skeleton[] = "# Changelog\n\n"
		"All notable changes to this project are documented in this "
		"file.\nThe format is based on [Keep a Changelog]"
		"(https://keepachangelog.com/en/1.1.0/).\n\n"
		"## [Unreleased]\n";

	return dande_changelog_parse(out, skeleton, sizeof(skeleton) - 1,
				     "CHANGELOG.md");
}

void dande_changelog_all_format(struct dande_buf *out,
				const struct dande_changelog_all *a)
{
	dande_buf_addf(out, "%zu release section%s (%zu entr%s) added, %zu "
		       "entr%s under [Unreleased]\n", a->sections,
		       a->sections == 1 ? "" : "s", a->entries,
		       a->entries == 1 ? "y" : "ies", a->unreleased,
		       a->unreleased == 1 ? "y" : "ies");
}

void dande_changelog_gen_format(struct dande_buf *out,
				const struct dande_changelog_gen *g,
				const struct dande_buf *preview)
{
	dande_buf_addf(out, "%zu entr%s from the commits since %s (%d left "
		       "out)\n%s", g->added, g->added == 1 ? "y" : "ies",
		       g->boundary.len ? g->boundary.ptr : "the first commit",
		       g->skipped, preview->ptr ? preview->ptr : "");
}

int dande_changelog_release_here(struct dande_changelog *cl,
				 struct dande_repo *repo, const char *version,
				 const char *date, int allow_empty)
{
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	char today[16];
	time_t t = time(NULL);
	struct tm tm;
	int r;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	/* the commit and branch the release line names (none outside a
	 * repository) */
	if (dande_provenance_load(&prov, repo, NULL) < 0)
		dande_error_clear();
	r = dande_changelog_release(cl, version, date ? date : today,
				    prov.commit, prov.branch, allow_empty);
	dande_provenance_release(&prov);
	return r;
}

/*
 * lib/release/: versions and the files that carry them (version.c), the
 * changelog (changelog.c), and the release that ties them together with a
 * commit and a tag (bump.c).
 *
 * bump.c: the version bump, planned in memory and applied all or nothing.
 * VERSION is the source of truth; every other file is edited at its key
 * path by the adapters of version.c; the changelog is released through
 * changelog.c; git work goes through git.c; the attempt and the version
 * are recorded in the tracking database.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "dande/bump.h"
#include "dande/changelog.h"
#include "dande/config.h"
#include "dande/error.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/proc.h"
#include "dande/report.h"
#include "dande/trial.h"
#include "dande/json.h"
#include "release/bump_int.h"
#include "util/banned.h"

/* `fmt` with {version} / {old} / {new} replaced, into `out`. */
/* A built-in default (config_keys.c), for options built by hand. */
static const char *dflt(const char *key)
{
	return dande_config_key_find(key)->dflt;
}

static void expand(struct dande_buf *out, const char *fmt, const char *old,
		   const char *new)
{
	const char *p;

	for (p = fmt; *p; p++) {
		if (!strncmp(p, "{version}", 9)) {
			dande_buf_adds(out, new);
			p += 8;
		} else if (!strncmp(p, "{old}", 5)) {
			dande_buf_adds(out, old);
			p += 4;
		} else if (!strncmp(p, "{new}", 5)) {
			dande_buf_adds(out, new);
			p += 4;
		} else {
			dande_buf_addch(out, *p);
		}
	}
}

static struct dande_bump_file *add_file(struct dande_bump_plan *p,
					const char *path,
					enum dande_verfile_kind kind,
					const char *arg)
{
	struct dande_bump_file *f;

	p->files = dande_xrealloc(p->files, (p->nfiles + 1) * sizeof(*f));
	f = &p->files[p->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = dande_xstrdup(path);
	f->kind = kind;
	f->arg = arg ? dande_xstrdup(arg) : NULL;
	dande_buf_init(&f->old, (size_t)64 << 20);
	dande_buf_init(&f->new, (size_t)64 << 20);
	return f;
}

static int read_rel(const char *root, const char *path, struct dande_buf *b)
{
	struct dande_buf abs = DANDE_BUF_INIT;
	int r;

	dande_fs_join(&abs, root, path);
	r = dande_buf_read_file(b, abs.ptr);
	dande_buf_release(&abs);
	return r;
}

/* The version `f` holds, checked against `want`; its new bytes. */
/* The adapter for a declared file and its argument: by its name, or by
 * its file_args entry ("path\tdefine\tNAME", "path\tpattern\tTPL",
 * "path\tcrate\tNAME" for a Cargo.lock). */
static enum dande_verfile_kind file_kind(const struct dande_bump_opts *o,
					 const char *path, const char **arg)
{
	enum dande_verfile_kind kind = dande_verfile_kind_of(path);
	size_t k;

	*arg = NULL;
	for (k = 0; o->file_args && k < o->file_args->nr; k++) {
		const char *a = o->file_args->v[k];
		size_t pl = strcspn(a, "\t");

		if (pl != strlen(path) || strncmp(a, path, pl))
			continue;
		if (!strncmp(a + pl, "\tdefine\t", 8)) {
			kind = DANDE_VERFILE_DEFINE;
			*arg = a + pl + 8;
		} else if (!strncmp(a + pl, "\tpattern\t", 9)) {
			kind = DANDE_VERFILE_PATTERN;
			*arg = a + pl + 9;
		} else if (!strncmp(a + pl, "\tcrate\t", 7)) {
			*arg = a + pl + 7;
		}
	}
	return kind;
}

static int plan_file(struct dande_bump_file *f, const char *root,
		     const char *want, const char *next)
{
	size_t off, vlen;
	int r, nth;

	if ((r = read_rel(root, f->path, &f->old)) < 0)
		return r == DANDE_ENOTFOUND ?
			dande_error_set(DANDE_EINVALID, "%s: declared in "
					".dande.conf but not there", f->path) : r;
	if ((off = dande_utf8_check(f->old.ptr, f->old.len)))
		return dande_error_set(DANDE_EINVALID, "%s:%zu: invalid UTF-8",
				       f->path, off);
	if ((r = dande_verfile_find(f->old.ptr, f->old.len, f->path, f->kind,
				    f->arg, &off, &vlen, &f->line)) < 0) {
		if (r != DANDE_ENOTFOUND)
			return r;
		/* a file without its version is bad input, not a missing
		 * thing: same words, the input's code */
		return dande_error_set(DANDE_EINVALID, "%s",
				       dande_error_last()->message);
	}
	dande_buf_add(&f->new, f->old.ptr, f->old.len);
	/* every place the file holds it (a package lock: two), each
	 * replaced in the text as it is then */
	for (nth = 0;; nth++) {
		size_t line;

		if (nth && dande_verfile_find_nth(f->new.ptr, f->new.len,
						  f->path, f->kind, f->arg, nth,
						  &off, &vlen, &line) < 0)
			break;
		if (!nth)
			line = f->line;
		if (vlen != strlen(want) || memcmp(f->new.ptr + off, want, vlen))
			return dande_error_set(DANDE_EINVALID, "%s:%zu: holds "
					       "'%.*s', not the current "
					       "version '%s' (VERSION)",
					       f->path, line, (int)vlen,
					       f->new.ptr + off, want);
		{
			struct dande_buf t = DANDE_BUF_INIT;

			dande_buf_add(&t, f->new.ptr, off);
			dande_buf_adds(&t, next);
			dande_buf_add(&t, f->new.ptr + off + vlen,
				      f->new.len - off - vlen);
			dande_buf_reset(&f->new);
			dande_buf_add(&f->new, t.ptr, t.len);
			dande_buf_release(&t);
		}
	}
	return 0;
}

struct auto_level {
	int level;	/* 0 none, 1 patch, 2 minor, 3 major */
	struct dande_strvec *reasons;
};

static int on_commit(void *payload, const char *id, const char *message)
{
	struct auto_level *a = payload;
	struct dande_commit_msg m;
	int lvl = 0;

	if (dande_commit_msg_parse(&m, message) < 0) {
		dande_error_clear();
		return 0;
	}
	if (m.breaking)
		lvl = 3;
	else if (!strcmp(m.type, "feat"))
		lvl = 2;
	else if (!strcmp(m.type, "fix") || !strcmp(m.type, "perf"))
		lvl = 1;
	if (lvl && lvl >= a->level) {
		if (lvl > a->level)
			dande_strvec_clear(a->reasons);
		a->level = lvl;
		dande_strvec_pushf(a->reasons, "%.7s %s%s%s%s: %s", id, m.type,
				   m.scope[0] ? "(" : "", m.scope,
				   m.scope[0] ? ")" : "", m.description);
	}
	dande_commit_msg_release(&m);
	return 0;
}

/*
 * An empty [Unreleased] is filled from the conventional commits since the
 * last tag, as `dande changelog generate` would (a section with entries
 * is the author's and stays as written).
 */
static int fill_unreleased(struct dande_bump_plan *p,
			   struct dande_changelog *cl,
			   const struct dande_bump_opts *o)
{
	struct dande_buf body = DANDE_BUF_INIT, preview = DANDE_BUF_INIT;
	struct dande_changelog_gen g;
	int r;

	r = dande_changelog_show(cl, "unreleased", &body, 0);
	if (r == DANDE_ENOTFOUND) {
		dande_error_clear();	/* release says it better */
		r = 0;
		goto done;
	}
	if (r < 0 || body.len)
		goto done;
	r = dande_changelog_generate(cl, o->repo, NULL, NULL,
				     o->skip && o->skip->nr ?
				     (const char *const *)o->skip->v : NULL,
				     o->kac, &preview, &g);
	if (r == 0) {
		p->generated = g.added;
		dande_buf_reset(&p->generated_from);
		dande_buf_adds(&p->generated_from, g.boundary.ptr ?
			       g.boundary.ptr : "");
	}
	dande_changelog_gen_release(&g);
done:
	dande_buf_release(&body);
	dande_buf_release(&preview);
	return r;
}

/* A bump's reason ("Added export to CSV") as an entry of the release:
 * under the section its first word names, the verb left out; anything
 * else under Changed, as written. */
static int add_entry(struct dande_changelog *cl, const char *entry)
{
	struct dande_buf text = DANDE_BUF_INIT;
	const char *rest, *section = dande_kac_section(entry, &rest);
	int r;

	if (section)
		dande_buf_addf(&text, "%c%s", toupper((unsigned char)*rest),
			       rest + 1);
	else
		dande_buf_adds(&text, entry);
	r = dande_changelog_add(cl, section ? section : "changed", text.ptr);
	if (r == DANDE_EEXISTS) {
		dande_error_clear();	/* there already: once is enough */
		r = 0;
	}
	dande_buf_release(&text);
	return r;
}

int dande_bump_plan(struct dande_bump_plan *p, const struct dande_bump_opts *o)
{
	struct dande_buf v = DANDE_BUF_INIT, cl_text = DANDE_BUF_INIT;
	struct dande_changelog *cl = NULL;
	struct dande_strvec dirty = DANDE_STRVEC_INIT;
	enum dande_ver_level level = DANDE_VER_LEVEL_NANO;
	struct dande_repo_head head;
	size_t i, k;
	int r;

	memset(p, 0, sizeof(*p));
	dande_buf_init(&p->message, 0);
	dande_buf_init(&p->note, 0);
	dande_buf_init(&p->generated_from, 0);
	dande_strvec_init(&p->reasons);
	memset(&head, 0, sizeof(head));
	if (o->repo && (r = dande_repo_head(o->repo, &head)) < 0)
		return r;
	p->branch = head.branch ? dande_xstrdup(head.branch) : NULL;
	snprintf(p->head, sizeof(p->head), "%s", head.commit);
	/* VERSION, the source of truth */
	if ((r = read_rel(o->root, "VERSION", &v)) < 0) {
		if (r == DANDE_ENOTFOUND)
			r = dande_error_set(DANDE_EEXTERNAL, "no VERSION file at "
					    "'%s' ('dande init' writes one)",
					    o->root);
		goto done;
	}
	dande_buf_setlen(&v, strcspn(v.ptr, "\r\n"));
	if (dande_ver_parse(&p->old, v.ptr) < 0) {
		r = dande_error_set(DANDE_EINVALID, "VERSION:1: '%.60s' is not "
				    "a version (MAJOR.MINOR.PATCH)", v.ptr);
		goto done;
	}
	dande_ver_format(p->old_s, sizeof(p->old_s), &p->old);
	/* the next version */
	if (o->set) {
		if ((r = dande_ver_parse(&p->new, o->set)) < 0) {
			r = dande_error_set(DANDE_EUSAGE, "--set: '%s' is not "
					    "a version (MAJOR.MINOR.PATCH)",
					    o->set);
			goto done;
		}
		if (dande_ver_cmp(&p->new, &p->old) <= 0 && !o->force) {
			r = dande_error_set(DANDE_EUSAGE, "--set %s is not "
					    "greater than %s (--force to go "
					    "there anyway)", o->set, p->old_s);
			goto done;
		}
		p->level = "set";
	} else {
		const char *lv = o->level ? o->level :
			o->scheme == DANDE_VER_NANO ? "nano" : "patch";

		if (!strcmp(lv, "auto")) {
			struct auto_level a = { 0, &p->reasons };

			if (!o->repo) {
				r = dande_error_set(DANDE_EUSAGE, "auto needs a "
						    "git repository");
				goto done;
			}
			if ((r = dande_repo_log(o->repo, NULL, NULL, on_commit,
						&a, &v)) < 0)
				goto done;
			if (!a.level) {
				r = dande_error_set(DANDE_EUSAGE, "auto: no "
						    "feat, fix, perf or breaking "
						    "commit since %s: nothing "
						    "to release",
						    v.len ? v.ptr :
						    "the first commit");
				goto done;
			}
			level = a.level == 3 ? DANDE_VER_LEVEL_MAJOR :
				a.level == 2 ? DANDE_VER_LEVEL_MINOR :
				DANDE_VER_LEVEL_PATCH;
			p->level = "auto";
		} else {
			if ((r = dande_ver_level_parse(&level, lv)) < 0)
				goto done;
			p->level = lv;
		}
		if ((r = dande_ver_bump(&p->new, &p->old, level, o->scheme,
					o->rollover, o->pre_label,
					&p->note)) < 0)
			goto done;
	}
	dande_ver_format(p->new_s, sizeof(p->new_s), &p->new);
	/* every file's new bytes */
	if ((r = plan_file(add_file(p, "VERSION", DANDE_VERFILE_PLAIN, NULL),
			   o->root, p->old_s, p->new_s)) < 0)
		goto done;
	for (i = 0; o->files && i < o->files->nr; i++) {
		const char *path = o->files->v[i];
		const char *arg;
		enum dande_verfile_kind kind = file_kind(o, path, &arg);

		if ((r = plan_file(add_file(p, path, kind, arg), o->root,
				   p->old_s, p->new_s)) < 0)
			goto done;
	}
	/* the changelog: [Unreleased] becomes this release */
	if (o->changelog && read_rel(o->root, o->changelog, &cl_text) == 0) {
		struct dande_bump_file *f;
		char today[16];
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		if ((r = dande_changelog_parse(&cl, cl_text.ptr, cl_text.len,
					       o->changelog)) < 0 ||
		    (o->generate && o->repo && *head.commit &&
		     (r = fill_unreleased(p, cl, o)) < 0) ||
		    (o->entry && (r = add_entry(cl, o->entry)) < 0) ||
		    (r = dande_changelog_release(cl, p->new_s, today,
						 *head.commit ? head.commit :
						 NULL, head.branch,
						 o->allow_empty)) < 0)
			goto done;
		f = add_file(p, o->changelog, DANDE_VERFILE_PLAIN, NULL);
		dande_buf_add(&f->old, cl_text.ptr, cl_text.len);
		dande_changelog_render(cl, &f->new);
	} else {
		dande_error_clear();
	}
	/* git: the tag must be new, the tree clean but for our files */
	dande_buf_reset(&v);
	expand(&v, o->tag_format ? o->tag_format : dflt("bump.tagFormat"),
	       p->old_s, p->new_s);
	p->tag = dande_xstrdup(v.ptr);
	expand(&p->message, o->message_format ? o->message_format :
	       dflt("bump.message"), p->old_s, p->new_s);
	if (p->message.len && p->message.ptr[p->message.len - 1] != '\n')
		dande_buf_addch(&p->message, '\n');
	/* the reason, as the commit's body */
	if (o->entry)
		dande_buf_addf(&p->message, "\n%s\n", o->entry);
	if (o->repo && o->tag && dande_repo_tag_exists(o->repo, p->tag)) {
		r = dande_error_set(DANDE_EEXISTS, "tag '%s' exists already",
				    p->tag);
		goto done;
	}
	if (o->repo && o->commit) {
		if (head.detached) {
			r = dande_error_set(DANDE_EEXTERNAL, "HEAD is detached: "
					    "check out a branch to commit the "
					    "bump (or --no-commit)");
			goto done;
		}
		if (head.unborn) {
			r = dande_error_set(DANDE_EEXTERNAL, "no commits yet: "
					    "commit once before bumping");
			goto done;
		}
		if ((r = dande_repo_dirty(o->repo, &dirty)) < 0)
			goto done;
		for (i = 0; !o->allow_dirty && i < dirty.nr; i++) {
			for (k = 0; k < p->nfiles; k++)
				if (!strcmp(dirty.v[i], p->files[k].path))
					break;
			if (k == p->nfiles) {
				r = dande_error_set(DANDE_EEXTERNAL, "'%s' has "
						    "uncommitted changes: "
						    "commit or stash them (or "
						    "--allow-dirty)",
						    dirty.v[i]);
				goto done;
			}
		}
	}
	r = 0;
done:
	dande_repo_head_release(&head);
	dande_changelog_free(cl);
	dande_strvec_release(&dirty);
	dande_buf_release(&v);
	dande_buf_release(&cl_text);
	if (r < 0)
		dande_bump_plan_release(p);
	return r;
}

void dande_bump_plan_release(struct dande_bump_plan *p)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		free(p->files[i].path);
		free(p->files[i].arg);
		dande_buf_release(&p->files[i].old);
		dande_buf_release(&p->files[i].new);
	}
	free(p->files);
	p->files = NULL;
	free(p->tag);
	p->tag = NULL;
	free(p->branch);
	p->branch = NULL;
	dande_buf_release(&p->note);
	p->nfiles = 0;
	dande_buf_release(&p->message);
	dande_buf_release(&p->generated_from);
	dande_strvec_release(&p->reasons);
}

/* The lines of `b` (len n) as offsets: out[i] is where line i starts,
 * out[count] == n. */
static size_t *line_starts(const char *b, size_t n, size_t *count)
{
	size_t *v = dande_xcalloc(n + 2, sizeof(*v)), k = 0, i;

	v[k++] = 0;
	for (i = 0; i < n; i++)
		if (b[i] == '\n' && i + 1 < n)
			v[k++] = i + 1;
	*count = n ? k : 0;
	v[*count] = n;
	return v;
}

static void hunk_lines(struct dande_buf *out, char sign, const char *b,
		       const size_t *ls, size_t from, size_t to)
{
	for (; from < to; from++) {
		size_t len = ls[from + 1] - ls[from];

		dande_buf_addch(out, sign);
		dande_buf_add(out, b + ls[from], len);
		if (!len || b[ls[from] + len - 1] != '\n')
			dande_buf_addch(out, '\n');
	}
}

/* A unified diff per file: one hunk from the first changed line to the
 * last (a bump changes a line, or a block of a changelog). */
void dande_bump_diff(const struct dande_bump_plan *p, struct dande_buf *out)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		const struct dande_bump_file *f = &p->files[i];
		size_t na, nb, pre = 0, suf = 0, *la, *lb;

		la = line_starts(f->old.ptr, f->old.len, &na);
		lb = line_starts(f->new.ptr, f->new.len, &nb);
		while (pre < na && pre < nb &&
		       la[pre + 1] - la[pre] == lb[pre + 1] - lb[pre] &&
		       !memcmp(f->old.ptr + la[pre], f->new.ptr + lb[pre],
			       la[pre + 1] - la[pre]))
			pre++;
		while (suf < na - pre && suf < nb - pre &&
		       la[na - suf] - la[na - suf - 1] ==
		       lb[nb - suf] - lb[nb - suf - 1] &&
		       !memcmp(f->old.ptr + la[na - suf - 1],
			       f->new.ptr + lb[nb - suf - 1],
			       la[na - suf] - la[na - suf - 1]))
			suf++;
		dande_buf_addf(out, "--- a/%s\n+++ b/%s\n@@ -%zu,%zu +%zu,%zu "
			       "@@\n", f->path, f->path, pre + 1,
			       na - pre - suf, pre + 1, nb - pre - suf);
		hunk_lines(out, '-', f->old.ptr, la, pre, na - suf);
		hunk_lines(out, '+', f->new.ptr, lb, pre, nb - suf);
		free(la);
		free(lb);
	}
}

static int write_rel(const char *root, const char *path,
		     const struct dande_buf *b)
{
	struct dande_buf abs = DANDE_BUF_INIT;
	int r;

	dande_fs_join(&abs, root, path);
	r = dande_fs_write_atomic(abs.ptr, b->ptr, b->len);
	dande_buf_release(&abs);
	return r;
}

/* Every file back to its old bytes; the first error is kept. */
static void restore(struct dande_bump_plan *p, const char *root, size_t n)
{
	struct dande_error saved;
	const struct dande_error *e = dande_error_last();
	size_t i;

	if (e)
		saved = *e;
	for (i = 0; i < n; i++)
		write_rel(root, p->files[i].path, &p->files[i].old);
	if (e)
		dande_error_set(saved.code, "%s", saved.message);
}

static int record_trial(struct dande_db *db, const struct dande_bump_plan *p,
			const char *command, const char *outcome, int code,
			double secs)
{
	struct dande_buf feature = DANDE_BUF_INIT;
	struct dande_trial t;
	int r;

	dande_buf_addf(&feature, "bump %s \xe2\x86\x92 %s", p->old_s,
		       p->new_s);
	memset(&t, 0, sizeof(t));
	t.feature = feature.ptr;
	t.command = command;
	t.outcome = outcome;
	t.exit_code = code;
	t.duration_s = secs;
	t.commit = *p->head ? p->head : NULL;
	t.branch = p->branch;
	t.version = p->old_s;
	r = dande_trial_record(db, &t);
	dande_buf_release(&feature);
	return r;
}

/* [changelog] quality: the released section gets the quality line of
 * the run the tests just made (of the version being released), written
 * over the file this bump wrote (the journal holds the old one). */
static int quality_note(struct dande_bump_plan *p,
			const struct dande_bump_opts *o)
{
	struct dande_changelog *cl = NULL;
	struct dande_buf line = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	struct dande_bump_file *f = NULL;
	size_t i;
	int r;

	for (i = 0; o->changelog && i < p->nfiles; i++)
		if (!strcmp(p->files[i].path, o->changelog))
			f = &p->files[i];
	if (!f || !o->db)
		return 0;
	if ((r = dande_report_quality(o->db, p->new_s, &line)) < 0 ||
	    !line.len)
		goto done;
	if ((r = dande_changelog_parse(&cl, f->new.ptr, f->new.len,
				       o->changelog)) < 0 ||
	    (r = dande_changelog_note(cl, p->new_s, line.ptr)) < 0)
		goto done;
	dande_changelog_render(cl, &text);
	if ((r = write_rel(o->root, f->path, &text)) < 0)
		goto done;
	{
		struct dande_buf old = f->new;

		f->new = text;
		text = old;
	}
done:
	dande_changelog_free(cl);
	dande_buf_release(&line);
	dande_buf_release(&text);
	return r;
}

int dande_bump_apply(struct dande_bump_plan *p,
		     const struct dande_bump_opts *o, char *commit)
{
	const char **paths = dande_xcalloc(p->nfiles + 1, sizeof(*paths));
	struct dande_buf why = DANDE_BUF_INIT;
	size_t i, written = 0;
	int r = 0, committed = 0, tagged = 0;

	commit[0] = '\0';
	for (i = 0; i < p->nfiles; i++)
		paths[i] = p->files[i].path;
	/* the plan first: a kill from here on is settled by the next bump */
	if ((r = dande_bump_journal_begin(p, o)) < 0) {
		free(paths);
		return r;
	}
	for (i = 0; i < p->nfiles; i++, written++)
		if ((r = write_rel(o->root, p->files[i].path,
				   &p->files[i].new)) < 0)
			goto fail;
	if (o->test && o->test->nr) {
		struct dande_cmd cmd = DANDE_CMD_INIT;
		struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
		struct dande_buf line = DANDE_BUF_INIT;
		const char *outcome;
		int code = -1;

		dande_strvec_pushv(&cmd.args, (const char *const *)o->test->v);
		cmd.cwd = o->root;
		for (i = 0; i < o->test->nr; i++)
			dande_buf_addf(&line, "%s%s", i ? " " : "",
				       o->test->v[i]);
		r = dande_proc_run(&cmd, &res);
		if (r == 0 && res.status == DANDE_PROC_EXITED)
			code = res.exit_code;
		outcome = r < 0 ? "error" : code == 0 ? "passed" :
			res.status == DANDE_PROC_TIMEDOUT ? "timeout" : "failed";
		if (o->db)
			record_trial(o->db, p, line.ptr, outcome, code,
				     res.duration_s);
		dande_cmd_release(&cmd);
		dande_proc_result_release(&res);
		if (r == 0 && code != 0)
			dande_error_set(DANDE_ERROR, "the test command '%s' "
					"failed (exit %d): nothing bumped",
					line.ptr, code);
		dande_buf_release(&line);
		if (r < 0)
			goto fail;
		if (code != 0) {
			restore(p, o->root, written);
			dande_bump_journal_end(o);
			free(paths);
			return 1;
		}
	}
	if (o->quality && (r = quality_note(p, o)) < 0)
		goto fail;
	if (o->repo && o->commit) {
		if ((r = dande_repo_commit_paths(o->repo, paths, p->nfiles,
						 p->message.ptr, p->head,
						 commit)) < 0)
			goto fail;
		committed = 1;
	}
	if (o->repo && o->commit && o->tag) {
		if ((r = dande_repo_tag(o->repo, p->tag, p->message.ptr, NULL,
					NULL)) < 0)
			goto fail;
		tagged = 1;
	}
	if (o->db && (r = dande_bump_record_version(o->db, p->new_s, p->old_s,
			o->scheme == DANDE_VER_NANO ? "nano" : "semver",
			p->level, commit, p->branch,
			tagged ? p->tag : NULL, o->entry)) < 0)
		goto fail;
	free(paths);
	dande_bump_journal_end(o);	/* settled: the last step */
	return 0;
fail:
	/* the rollback may meet errors of its own: the first one is why */
	dande_buf_adds(&why, dande_error_last() ? dande_error_last()->message :
		       "");
	if (tagged)
		dande_repo_tag_delete(o->repo, p->tag);
	if (committed)
		dande_repo_undo_commit(o->repo, p->head, commit, paths,
				       p->nfiles);
	else if (o->repo && o->commit && *p->head)
		/* staged but not committed: the index back to HEAD */
		dande_repo_undo_commit(o->repo, p->head, NULL, paths,
				       p->nfiles);
	restore(p, o->root, written);
	dande_bump_journal_end(o);
	commit[0] = '\0';
	free(paths);
	if (why.len)
		dande_error_set(r, "%s", why.ptr);
	dande_buf_release(&why);
	return r;
}

static int stop(void *payload, const char *id, const char *message)
{
	(void)payload;
	(void)id;
	(void)message;
	return 0;
}

int dande_bump_check(const struct dande_bump_opts *o, int check_tag,
		     struct dande_buf *out, size_t *problems)
{
	struct dande_buf v = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	struct dande_changelog *cl = NULL;
	struct dande_bump_file f;
	struct dande_ver cur;
	char cur_s[DANDE_VER_STRMAX];
	size_t i, off, vlen;
	int r;

	*problems = 0;
	if (o->repo && dande_bump_journal_pending(o->repo, &text)) {
		dande_buf_addf(out, "%s: a bump was interrupted; 'dande bump "
			       "check' or 'dande bump' settles it\n", text.ptr);
		(*problems)++;
		dande_buf_reset(&text);
	}
	if ((r = read_rel(o->root, "VERSION", &v)) < 0) {
		dande_buf_release(&v);
		return r == DANDE_ENOTFOUND ?
			dande_error_set(DANDE_EEXTERNAL, "no VERSION file at "
					"'%s'", o->root) : r;
	}
	dande_buf_setlen(&v, strcspn(v.ptr, "\r\n"));
	if (dande_ver_parse(&cur, v.ptr) < 0) {
		r = dande_error_set(DANDE_EINVALID, "VERSION:1: '%.60s' is not "
				    "a version", v.ptr);
		dande_buf_release(&v);
		return r;
	}
	dande_ver_format(cur_s, sizeof(cur_s), &cur);
	for (i = 0; o->files && i < o->files->nr; i++) {
		const char *arg;
		int nth;

		memset(&f, 0, sizeof(f));
		f.kind = file_kind(o, o->files->v[i], &arg);
		dande_buf_reset(&text);
		if (read_rel(o->root, o->files->v[i], &text) < 0) {
			dande_error_clear();
			dande_buf_addf(out, "%s: declared in .dande.conf but "
				       "not there\n", o->files->v[i]);
			(*problems)++;
			continue;
		}
		if (dande_verfile_find(text.ptr, text.len, o->files->v[i],
				       f.kind, arg, &off, &vlen, &f.line) < 0) {
			dande_buf_addf(out, "%s\n", dande_error_last()->message);
			dande_error_clear();
			(*problems)++;
			continue;
		}
		for (nth = 0; nth == 0 || dande_verfile_find_nth(text.ptr,
			text.len, o->files->v[i], f.kind, arg, nth, &off,
			&vlen, &f.line) == 0; nth++)
			if (vlen != strlen(cur_s) ||
			    memcmp(text.ptr + off, cur_s, vlen)) {
				dande_buf_addf(out, "%s:%zu: holds %.*s, VERSION "
					       "holds %s\n", o->files->v[i],
					       f.line, (int)vlen,
					       text.ptr + off, cur_s);
				(*problems)++;
			}
		dande_error_clear();
	}
	dande_buf_reset(&text);
	if (o->changelog && read_rel(o->root, o->changelog, &text) == 0 &&
	    dande_changelog_parse(&cl, text.ptr, text.len, o->changelog) == 0) {
		const struct dande_changelog_release *rel;
		size_t n = dande_changelog_releases(cl, &rel);

		for (i = 0; i < n; i++) {
			struct dande_ver rv;

			if (rel[i].unreleased)
				continue;
			if (dande_ver_parse(&rv, rel[i].version) == 0 &&
			    dande_ver_cmp(&rv, &cur) > 0) {
				dande_buf_addf(out, "%s:%zu: release %s is newer "
					       "than VERSION %s\n", o->changelog,
					       rel[i].line, rel[i].version,
					       cur_s);
				(*problems)++;
			}
			break;
		}
	}
	dande_error_clear();
	if (check_tag && o->repo) {
		struct dande_buf since = DANDE_BUF_INIT, want = DANDE_BUF_INIT;

		if (dande_repo_log(o->repo, NULL, NULL, stop, NULL, &since) == 0
		    && since.len) {
			expand(&want, o->tag_format ? o->tag_format :
			       dflt("bump.tagFormat"), cur_s, cur_s);
			if (strcmp(since.ptr, want.ptr)) {
				dande_buf_addf(out, "VERSION:1: holds %s, but the "
					       "last tag is %s (expected %s)\n",
					       cur_s, since.ptr, want.ptr);
				(*problems)++;
			}
		}
		dande_error_clear();
		dande_buf_release(&want);
		dande_buf_release(&since);
	}
	dande_changelog_free(cl);
	dande_buf_release(&v);
	dande_buf_release(&text);
	return 0;
}

/* The crate name of the Cargo.toml at `path` ([package] name), into
 * `out`; 0 when there is none. */
static int cargo_name(const char *root, const char *path,
		      struct dande_buf *out)
{
	struct dande_buf text = DANDE_BUF_INIT;
	const char *p, *end;
	int in = 0, found = 0;

	if (read_rel(root, path, &text) < 0) {
		dande_error_clear();
		goto done;
	}
	for (p = text.ptr, end = text.ptr + text.len; p < end && !found;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (*p == '[')
			in = !strncmp(p, "[package]", 9);
		else if (in && !strncmp(p, "name", 4)) {
			const char *q = p + 4, *close;

			while (q < e && (*q == ' ' || *q == '\t' || *q == '='))
				q++;
			if (q < e && *q == '"' &&
			    (close = memchr(q + 1, '"', (size_t)(e - q - 1)))) {
				dande_buf_add(out, q + 1,
					      (size_t)(close - q - 1));
				found = 1;
			}
		}
		p = nl ? nl + 1 : end;
	}
done:
	dande_buf_release(&text);
	return found;
}

/* The files that carry the version because a declared one does: npm's
 * lock files beside a package.json, the Cargo.lock entry of a crate. */
static void add_companions(const char *root, struct dande_strvec *files,
			   struct dande_strvec *args)
{
	static const char *const npm[] = { "package-lock.json",
		"npm-shrinkwrap.json" };
	struct dande_buf dir = DANDE_BUF_INIT, c = DANDE_BUF_INIT;
	struct dande_buf full = DANDE_BUF_INIT, name = DANDE_BUF_INIT;
	size_t i, k, n = files->nr;

	for (i = 0; i < n; i++) {
		const char *path = files->v[i], *slash = strrchr(path, '/');
		const char *base = slash ? slash + 1 : path;
		int is_npm = !strcmp(base, "package.json");

		if (!is_npm && strcmp(base, "Cargo.toml"))
			continue;
		dande_buf_reset(&dir);
		if (slash)
			dande_buf_add(&dir, path, (size_t)(slash - path + 1));
		for (k = 0; k < (is_npm ? 2u : 1u); k++) {
			size_t j;
			int have = 0;

			dande_buf_reset(&c);
			dande_buf_addf(&c, "%s%s", dir.ptr ? dir.ptr : "",
				       is_npm ? npm[k] : "Cargo.lock");
			dande_buf_reset(&full);
			dande_fs_join(&full, root, c.ptr);
			for (j = 0; j < files->nr; j++)
				have |= !strcmp(files->v[j], c.ptr);
			if (have || !dande_fs_exists(full.ptr))
				continue;
			if (!is_npm) {
				dande_buf_reset(&name);
				if (!cargo_name(root, path, &name))
					continue;
				dande_strvec_pushf(args, "%s\tcrate\t%s", c.ptr,
						   name.ptr);
			}
			dande_strvec_push(files, c.ptr);
		}
	}
	dande_buf_release(&dir);
	dande_buf_release(&c);
	dande_buf_release(&full);
	dande_buf_release(&name);
}

int dande_bump_opts_load(struct dande_bump_opts *o,
			 const struct dande_config *cfg, const char *root,
			 struct dande_repo *repo, struct dande_strvec *files,
			 struct dande_strvec *args)
{
	struct dande_strvec subs = DANDE_STRVEC_INIT;
	struct dande_buf key = DANDE_BUF_INIT, cl = DANDE_BUF_INIT;
	const char *scheme = "nano", *v;
	int64_t rollover = 10;
	size_t i;
	int r = 0;

	memset(o, 0, sizeof(*o));
	o->root = root;
	o->repo = repo;
	if ((r = dande_config_get_string(cfg, "version.scheme", &scheme)) < 0 ||
	    (r = dande_config_get_int(cfg, "version.rollover", &rollover)) < 0)
		goto done;
	if (strcmp(scheme, "nano") && strcmp(scheme, "semver")) {
		r = dande_error_set(DANDE_EUSAGE, "bad value '%s' for "
				    "'version.scheme': expected nano or semver",
				    scheme);
		goto done;
	}
	if (rollover < 2 || rollover > 1000000) {
		r = dande_error_set(DANDE_EUSAGE, "bad value '%lld' for "
				    "'version.rollover': expected 2 or more",
				    (long long)rollover);
		goto done;
	}
	o->scheme = !strcmp(scheme, "nano") ? DANDE_VER_NANO : DANDE_VER_SEMVER;
	o->rollover = (unsigned long)rollover;
	if (dande_config_get_list(cfg, "bump.file", files) < 0)
		dande_error_clear();
	dande_config_subsections(cfg, "bump", &subs);
	for (i = 0; i < subs.nr; i++) {
		dande_buf_reset(&key);
		dande_buf_addf(&key, "bump.%s.define", subs.v[i]);
		if (dande_config_get_string(cfg, key.ptr, &v) == 0) {
			dande_strvec_pushf(args, "%s\tdefine\t%s", subs.v[i], v);
			continue;
		}
		dande_buf_reset(&key);
		dande_buf_addf(&key, "bump.%s.pattern", subs.v[i]);
		if (dande_config_get_string(cfg, key.ptr, &v) == 0)
			dande_strvec_pushf(args, "%s\tpattern\t%s", subs.v[i], v);
		dande_error_clear();
	}
	add_companions(root, files, args);
	o->files = files;
	o->file_args = args;
	dande_fs_join(&cl, root, "CHANGELOG.md");
	o->changelog = dande_fs_exists(cl.ptr) ? "CHANGELOG.md" : NULL;
	/* both have defaults in config_keys.c */
	if ((r = dande_config_get_string(cfg, "bump.tagFormat",
					 &o->tag_format)) < 0 ||
	    (r = dande_config_get_string(cfg, "bump.message",
					 &o->message_format)) < 0)
		goto done;
done:
	dande_strvec_release(&subs);
	dande_buf_release(&key);
	dande_buf_release(&cl);
	return r;
}

void dande_bump_format_json(struct dande_buf *out,
			    const struct dande_bump_plan *p, const char *commit,
			    const char *tag, int dry_run)
{
	struct dande_json j;
	size_t i;

	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "old");
	dande_json_string(&j, p->old_s);
	dande_json_key(&j, "new");
	dande_json_string(&j, p->new_s);
	dande_json_key(&j, "level");
	dande_json_string(&j, p->level);
	dande_json_key(&j, "files");
	dande_json_array_begin(&j);
	for (i = 0; i < p->nfiles; i++)
		dande_json_string(&j, p->files[i].path);
	dande_json_array_end(&j);
	dande_json_key(&j, "commit");
	dande_json_string(&j, commit && *commit ? commit : NULL);
	dande_json_key(&j, "tag");
	dande_json_string(&j, tag);
	dande_json_key(&j, "dry_run");
	dande_json_bool(&j, dry_run);
	dande_json_key(&j, "note");
	dande_json_string(&j, p->note.len ? p->note.ptr : NULL);
	dande_json_object_end(&j);
}

int dande_bump_config_load(struct dande_bump_config *c,
			   const struct dande_config *cfg, const char *root,
			   struct dande_repo *repo, const char *test)
{
	const char *v;
	int r;

	memset(c, 0, sizeof(*c));
	if ((r = dande_bump_opts_load(&c->opts, cfg, root, repo, &c->files,
				      &c->args)) < 0)
		return r;
	if (test)
		dande_split_words(&c->test, test);
	else if (dande_config_get_string(cfg, "bump.test", &v) == 0)
		dande_split_words(&c->test, v);
	dande_error_clear();
	c->opts.test = c->test.nr ? &c->test : NULL;
	if (dande_config_get_list(cfg, "changelog.skip", &c->skip) < 0)
		dande_error_clear();
	c->opts.skip = &c->skip;
	if ((r = dande_config_get_bool_or(cfg, "changelog.quality", 0,
					  &c->opts.quality)) < 0)
		return r;
	{
		const char *s = NULL;
		enum dande_msg_style style;

		if (dande_config_get_string(cfg, "hooks.commitMsg", &s) < 0)
			dande_error_clear();
		if ((r = dande_msg_style_parse(s, &style)) < 0)
			return r;
		c->opts.kac = style == DANDE_MSG_KEEPACHANGELOG;
	}
	c->opts.commit = c->opts.tag = 1;
	c->opts.generate = 1;
	c->opts.pre_label = "rc";
	return 0;
}

void dande_bump_config_release(struct dande_bump_config *c)
{
	dande_strvec_release(&c->files);
	dande_strvec_release(&c->args);
	dande_strvec_release(&c->test);
	dande_strvec_release(&c->skip);
}

void dande_bump_format_plan(struct dande_buf *out,
			    const struct dande_bump_plan *p)
{
	size_t i;

	if (p->reasons.nr) {
		dande_buf_addf(out, "auto: %s, decided by:\n",
			       p->new.major != p->old.major ? "major" :
			       p->new.minor != p->old.minor ? "minor" :
			       "patch");
		for (i = 0; i < p->reasons.nr; i++)
			dande_buf_addf(out, "  %s\n", p->reasons.v[i]);
	}
	if (p->generated)
		dande_buf_addf(out, "changelog: %zu entr%s from the commits "
			       "%s%s%s\n", p->generated, p->generated == 1 ?
			       "y" : "ies", p->generated_from.len ? "since " :
			       "(no tag yet", p->generated_from.len ?
			       p->generated_from.ptr : "",
			       p->generated_from.len ? "" : ")");
}

void dande_bump_format_result(struct dande_buf *out,
			      const struct dande_bump_plan *p,
			      const struct dande_bump_opts *o,
			      const char *commit, int dry_run, int json)
{
	int tagged = o->tag && (dry_run || (commit && *commit));

	if (json) {
		dande_bump_format_json(out, p, commit, tagged ? p->tag : NULL,
				       dry_run);
	} else if (dry_run) {
		dande_bump_diff(p, out);
		if (o->commit)
			dande_buf_addf(out, "would commit: %s", p->message.ptr);
		if (o->tag)
			dande_buf_addf(out, "would tag:    %s\n", p->tag);
	} else {
		dande_buf_addf(out, "%s \xe2\x86\x92 %s (%s)%s%.12s%s%s\n",
			       p->old_s, p->new_s, p->level, *commit ?
			       ", commit " : "", commit, tagged ? ", tag " : "",
			       tagged ? p->tag : "");
	}
}

int dande_bump_show(const struct dande_bump_opts *opts, struct dande_buf *out,
		    int json)
{
	static const char *const levels[] = { "nano", "patch", "minor",
					      "major", "pre" };
	struct dande_bump_opts o = *opts;
	struct dande_bump_plan p;
	struct dande_json j;
	size_t i;
	int r;

	o.commit = o.tag = 0;
	o.changelog = NULL;
	o.files = NULL;
	if (json)
		dande_json_init(&j, out, 1);
	for (i = 0; i < 5; i++) {
		o.level = levels[i];
		if ((r = dande_bump_plan(&p, &o)) < 0) {
			dande_buf_reset(out);
			return r;
		}
		if (i == 0 && json) {
			dande_json_object_begin(&j);
			dande_json_key(&j, "current");
			dande_json_string(&j, p.old_s);
			dande_json_key(&j, "scheme");
			dande_json_string(&j, o.scheme == DANDE_VER_NANO ?
					  "nano" : "semver");
			dande_json_key(&j, "next");
			dande_json_object_begin(&j);
		} else if (i == 0) {
			dande_buf_addf(out, "current  %s (%s scheme%s)\n",
				       p.old_s, o.scheme == DANDE_VER_NANO ?
				       "nano" : "semver", o.scheme ==
				       DANDE_VER_NANO ? ", rollover" : "");
		}
		if (json) {
			dande_json_key(&j, levels[i]);
			dande_json_string(&j, p.new_s);
		} else {
			dande_buf_addf(out, "%-8s %s%s%s\n", levels[i], p.new_s,
				       p.note.len ? "  # " : "", p.note.ptr);
		}
		dande_bump_plan_release(&p);
	}
	if (json) {
		dande_json_object_end(&j);
		dande_json_object_end(&j);
	}
	return 0;
}

/* ---- one bump at a time ---------------------------------------------- */

#define LOCK_NAME "dande-bump.lock"

/*
 * The file is created with O_EXCL and holds "pid host"; the holder keeps
 * an flock() on it, which the kernel drops when the holder dies however it
 * dies.  So a lock file nobody holds is one a killed bump left: it is
 * taken over (and said so), not refused.  A lock on another host (a shared
 * file system) cannot be tested that way and is named instead.
 */
static int lock_take(struct dande_bump_lock *l, int fd, const char *host)
{
	struct dande_buf text = DANDE_BUF_INIT;
	int r = 0;

	dande_buf_addf(&text, "%ld %s\n", (long)getpid(), host);
	if (ftruncate(fd, 0) < 0 ||
	    pwrite(fd, text.ptr, text.len, 0) != (ssize_t)text.len)
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot write the "
				       "lock '%s'", l->path);
	dande_buf_release(&text);
	return r;
}

int dande_bump_lock(struct dande_bump_lock *l, struct dande_repo *repo)
{
	struct dande_buf text = DANDE_BUF_INIT;
	char host[256] = "", other[256] = "";
	struct stat a, b;
	long pid = 0;
	int fd = -1, r = 0, tries;

	l->path = NULL;
	l->fd = -1;
	l->stale = 0;
	if (!repo)
		return 0;
	dande_buf_addf(&text, "%s/%s", dande_repo_gitdir(repo), LOCK_NAME);
	l->path = dande_buf_detach(&text, NULL);
	gethostname(host, sizeof(host) - 1);
	for (tries = 0; tries < 8; tries++) {
		fd = open(l->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
				/* somebody found it stale between our
				 * create and flock: theirs now */
				close(fd);
				fd = -1;
				continue;
			}
			r = lock_take(l, fd, host);
			goto done;
		}
		if (errno != EEXIST) {
			r = dande_error_set_os(DANDE_EEXTERNAL, "cannot create "
					       "the lock '%s'", l->path);
			goto done;
		}
		if ((fd = open(l->path, O_RDWR | O_CLOEXEC)) < 0) {
			if (errno == ENOENT)
				continue;	/* released meanwhile */
			r = dande_error_set_os(DANDE_EEXTERNAL, "cannot open "
					       "the lock '%s'", l->path);
			goto done;
		}
		dande_buf_reset(&text);
		if (dande_buf_read_fd(&text, fd) < 0)
			dande_error_clear();
		if (sscanf(text.ptr, "%ld %255s", &pid, other) < 1)
			pid = 0;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			r = dande_error_set(DANDE_EBUSY, "another bump is "
					    "running (pid %ld%s%s): it holds "
					    "'%s'", pid, *other ? " on " : "",
					    other, l->path);
			goto done;
		}
		/* held by nobody; still the file at that path? */
		if (fstat(fd, &a) < 0 || stat(l->path, &b) < 0 ||
		    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			close(fd);
			fd = -1;
			continue;
		}
		if (*other && strcmp(other, host)) {
			r = dande_error_set(DANDE_EBUSY, "a bump lock '%s' "
					    "taken on %s (pid %ld): when no "
					    "bump is running there, remove it "
					    "with: rm '%s'", l->path, other,
					    pid, l->path);
			goto done;
		}
		l->stale = pid ? pid : -1;	/* a killed bump's */
		r = lock_take(l, fd, host);
		goto done;
	}
	r = dande_error_set(DANDE_EBUSY, "cannot take the bump lock '%s': it "
			    "keeps changing hands", l->path);
done:
	dande_buf_release(&text);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		free(l->path);
		l->path = NULL;
		return r;
	}
	l->fd = fd;
	return 0;
}

void dande_bump_unlock(struct dande_bump_lock *l)
{
	if (!l->path)
		return;
	/* unlink first, so nobody takes over the file we are leaving */
	unlink(l->path);
	if (l->fd >= 0)
		close(l->fd);
	free(l->path);
	l->path = NULL;
	l->fd = -1;
}

/*
 * bump_journal.c: a bump survives being killed.
 *
 * Before the first file is touched, the plan goes to GITDIR/dande-bump.journal
 * (written atomically and fsynced): the versions, the branch and the commit
 * it points at, the tag, and every file's old bytes.  The bump removes it as
 * its last step.  A bump that finds one was killed half way; under the bump
 * lock it settles it before anything else:
 *
 *   - the commit and the tag were both made: the bump is complete but for
 *     its record, which is written (once) and the journal dropped;
 *   - otherwise it is rolled back: the tag deleted, the branch moved back
 *     to where it was (only while it points at the bump's commit), the
 *     index entries and every file back to their old bytes.
 *
 * So a killed bump leaves the old state or the new one, never a mix.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/bump.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "release/bump_int.h"
#include "store/sql_int.h"
#include "util/banned.h"

#define JOURNAL_NAME "dande-bump.journal"
#define JOURNAL_MAGIC "dande bump journal 1\n"
#define JOURNAL_MAX ((size_t)1 << 30)

static const char sql_version[] =
	"INSERT INTO versions (version, previous, scheme, level, commit_sha, "
	"branch, tag, message) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE NOT "
	"EXISTS "
	"(SELECT 1 FROM versions WHERE version = ?1 AND commit_sha IS NOT DISTINCT FROM ?5)";

int dande_bump_record_version(struct dande_db *db, const char *version,
			      const char *previous, const char *scheme,
			      const char *level, const char *commit,
			      const char *branch, const char *tag,
			      const char *message)
{
	struct dande_db_value v[8];

	v[0] = dande_db_text(version);
	v[1] = dande_db_text(previous);
	v[2] = dande_db_text(scheme);
	v[3] = dande_db_text(level);
	v[4] = dande_db_text(commit && *commit ? commit : NULL);
	v[5] = dande_db_text(branch);
	v[6] = dande_db_text(tag);
	v[7] = dande_db_text(message);
	return dande_db_exec_alone(db, sql_version, v, 8);
}

static void journal_path(struct dande_buf *out, struct dande_repo *repo)
{
	dande_fs_join(out, dande_repo_gitdir(repo), JOURNAL_NAME);
}

static void add_field(struct dande_buf *j, const char *name, const char *v)
{
	dande_buf_addf(j, "%s %s\n", name, v && *v ? v : "-");
}

int dande_bump_journal_begin(const struct dande_bump_plan *p,
			     const struct dande_bump_opts *o)
{
	struct dande_buf j = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	size_t i;
	int r;

	if (!o->repo)
		return 0;
	dande_buf_init(&j, JOURNAL_MAX);
	dande_buf_adds(&j, JOURNAL_MAGIC);
	add_field(&j, "old", p->old_s);
	add_field(&j, "new", p->new_s);
	add_field(&j, "scheme", o->scheme == DANDE_VER_NANO ? "nano" :
		  "semver");
	add_field(&j, "level", p->level);
	add_field(&j, "commit", o->commit ? "1" : "0");
	add_field(&j, "head", p->head);
	add_field(&j, "branch", p->branch);
	add_field(&j, "tag", o->commit && o->tag ? p->tag : NULL);
	add_field(&j, "entry", o->entry);
	for (i = 0; i < p->nfiles; i++) {
		const struct dande_bump_file *f = &p->files[i];

		dande_buf_addf(&j, "file %zu %zu\n", strlen(f->path),
			       f->old.len);
		dande_buf_adds(&j, f->path);
		dande_buf_add(&j, f->old.ptr, f->old.len);
		dande_buf_addch(&j, '\n');
	}
	dande_buf_adds(&j, "end\n");
	journal_path(&path, o->repo);
	r = dande_fs_write_atomic(path.ptr, j.ptr, j.len);
	dande_buf_release(&path);
	dande_buf_release(&j);
	return r;
}

int dande_bump_journal_pending(struct dande_repo *repo,
			       struct dande_buf *path)
{
	journal_path(path, repo);
	return dande_fs_exists(path->ptr);
}

int dande_bump_pending(struct dande_repo *repo)
{
	struct dande_buf path = DANDE_BUF_INIT;
	int yes = repo && dande_repo_workdir(repo) &&
		dande_bump_journal_pending(repo, &path);

	dande_buf_release(&path);
	return yes;
}

void dande_bump_journal_end(const struct dande_bump_opts *o)
{
	struct dande_buf path = DANDE_BUF_INIT;

	if (!o->repo)
		return;
	journal_path(&path, o->repo);
	if (unlink(path.ptr) < 0 && errno != ENOENT)
		dande_error_set_os(DANDE_EEXTERNAL, "cannot remove '%s'",
				   path.ptr);
	dande_buf_release(&path);
}

/* ---- reading it back ----------------------------------------------------- */

struct journal {
	char *old, *new, *scheme, *level, *head, *branch, *tag, *entry;
	int commit;
	struct dande_strvec paths;
	struct dande_buf *data;		/* one per path */
	size_t ndata;
};

static void journal_release(struct journal *j)
{
	size_t i;

	free(j->old);
	free(j->new);
	free(j->scheme);
	free(j->level);
	free(j->head);
	free(j->branch);
	free(j->tag);
	free(j->entry);
	dande_strvec_release(&j->paths);
	for (i = 0; i < j->ndata; i++)
		dande_buf_release(&j->data[i]);
	free(j->data);
}

/* The value of line "NAME VALUE" at *pos ("-": NULL); NULL on a mismatch. */
static int field(const struct dande_buf *b, size_t *pos, const char *name,
		 char **out)
{
	size_t n = strlen(name), start;
	const char *nl;

	if (*pos + n + 1 > b->len || memcmp(b->ptr + *pos, name, n) ||
	    b->ptr[*pos + n] != ' ')
		return -1;
	start = *pos + n + 1;
	if (!(nl = memchr(b->ptr + start, '\n', b->len - start)))
		return -1;
	*out = NULL;
	if (nl - (b->ptr + start) != 1 || b->ptr[start] != '-')
		*out = dande_xstrndup(b->ptr + start,
				      (size_t)(nl - (b->ptr + start)));
	*pos = (size_t)(nl - b->ptr) + 1;
	return 0;
}

static int journal_parse(struct journal *j, const struct dande_buf *b,
			 const char *path)
{
	size_t pos = strlen(JOURNAL_MAGIC), plen, dlen;
	char *commit = NULL;
	int consumed;

	memset(j, 0, sizeof(*j));
	dande_strvec_init(&j->paths);
	if (b->len < pos || memcmp(b->ptr, JOURNAL_MAGIC, pos) ||
	    field(b, &pos, "old", &j->old) || field(b, &pos, "new", &j->new) ||
	    field(b, &pos, "scheme", &j->scheme) ||
	    field(b, &pos, "level", &j->level) ||
	    field(b, &pos, "commit", &commit) ||
	    field(b, &pos, "head", &j->head) ||
	    field(b, &pos, "branch", &j->branch) ||
	    field(b, &pos, "tag", &j->tag))
		goto bad;
	j->commit = commit && !strcmp(commit, "1");
	free(commit);
	/* the bump's message (a journal of 0.1.6 and before has none) */
	if (field(b, &pos, "entry", &j->entry))
		j->entry = NULL;
	while (pos < b->len && sscanf(b->ptr + pos, "file %zu %zu\n%n", &plen,
				      &dlen, &consumed) == 2) {
		const char *nl = memchr(b->ptr + pos, '\n', b->len - pos);

		pos = (size_t)(nl - b->ptr) + 1;
		if (plen > b->len - pos || dlen > b->len - pos - plen ||
		    pos + plen + dlen >= b->len)
			goto bad;
		dande_strvec_pushf(&j->paths, "%.*s", (int)plen, b->ptr + pos);
		j->data = dande_xrealloc(j->data, (j->ndata + 1) *
					 sizeof(*j->data));
		dande_buf_init(&j->data[j->ndata], JOURNAL_MAX);
		dande_buf_add(&j->data[j->ndata++], b->ptr + pos + plen, dlen);
		pos += plen + dlen + 1;
	}
	if (b->len - pos != 4 || memcmp(b->ptr + pos, "end\n", 4) ||
	    !j->new || !j->old)
		goto bad;
	return 0;
bad:
	journal_release(j);
	return dande_error_set(DANDE_EINVALID, "%s: not a bump journal dande "
			       "can read; when no bump is running, look at "
			       "it and remove it", path);
}


/* A git lock file the killed bump left: removed, and said. */
static void remove_git_lock(struct dande_repo *repo, const char *name,
			    struct dande_buf *report)
{
	struct dande_buf p = DANDE_BUF_INIT;

	dande_fs_join(&p, dande_repo_gitdir(repo), name);
	if (unlink(p.ptr) == 0)
		dande_buf_addf(report, "removed '%s', left by the interrupted "
			       "bump\n", p.ptr);
	dande_buf_release(&p);
}

/* Is `made` a commit whose parent is `head`? */
static int child_of(struct dande_repo *repo, const char *made,
		    const char *head)
{
	struct dande_buf rev = DANDE_BUF_INIT;
	char parent[DANDE_OID_BUFSZ];
	int r;

	dande_buf_addf(&rev, "%s^", made);
	r = dande_repo_resolve(repo, rev.ptr, parent) == 0 &&
		!strcmp(parent, head);
	dande_error_clear();
	dande_buf_release(&rev);
	return r;
}

int dande_bump_recover(struct dande_repo *repo, const char *root,
		       struct dande_db *db, struct dande_buf *report,
		       char *version)
{
	struct dande_buf path = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	struct dande_buf ref = DANDE_BUF_INIT, abs = DANDE_BUF_INIT;
	char cur[DANDE_OID_BUFSZ] = "", tagged[DANDE_OID_BUFSZ] = "";
	const char *made = NULL;
	struct journal j;
	size_t i;
	int r;

	if (!repo)
		return 0;
	journal_path(&path, repo);
	dande_fs_remove_temps(path.ptr, 1);		/* killed while writing it */
	dande_buf_init(&text, JOURNAL_MAX);
	if ((r = dande_buf_read_file(&text, path.ptr)) < 0) {
		if (r == DANDE_ENOTFOUND) {
			dande_error_clear();
			r = 0;
		}
		goto out;
	}
	if ((r = journal_parse(&j, &text, path.ptr)) < 0)
		goto out;
	if (version)
		snprintf(version, DANDE_VER_STRMAX, "%s", j.new);
	if (j.commit && j.head && j.branch) {
		dande_buf_addf(&ref, "refs/heads/%s", j.branch);
		if (dande_repo_resolve(repo, ref.ptr, cur) == 0 &&
		    strcmp(cur, j.head) && child_of(repo, cur, j.head))
			made = cur;
		dande_error_clear();
	}
	if (made && j.tag) {
		dande_buf_reset(&ref);
		dande_buf_addf(&ref, "refs/tags/%s", j.tag);
		if (dande_repo_resolve(repo, ref.ptr, tagged) < 0)
			dande_error_clear();
	}
	for (i = 0; i < j.paths.nr; i++) {
		dande_buf_reset(&abs);
		dande_fs_join(&abs, root, j.paths.v[i]);
		dande_fs_remove_temps(abs.ptr, 1);
	}
	/* git's locks the killed bump held (its ref updates and index
	 * write): under the bump lock nobody else takes them for it */
	remove_git_lock(repo, "index.lock", report);
	if (j.branch) {
		dande_buf_reset(&ref);
		dande_buf_addf(&ref, "refs/heads/%s.lock", j.branch);
		remove_git_lock(repo, ref.ptr, report);
	}
	if (j.tag) {
		dande_buf_reset(&ref);
		dande_buf_addf(&ref, "refs/tags/%s.lock", j.tag);
		remove_git_lock(repo, ref.ptr, report);
	}
	if (made && (!j.tag || !strcmp(tagged, made))) {
		/* everything but the record and the journal's removal */
		if (db && (r = dande_bump_record_version(db, j.new, j.old,
				j.scheme, j.level, made, j.branch, j.tag,
				j.entry)) < 0)
			goto done;
		dande_buf_addf(report, "an interrupted bump %s \xe2\x86\x92 %s "
			       "had made its commit and tag: completed\n",
			       j.old, j.new);
		r = 2;
	} else {
		if (made && (r = dande_repo_undo_commit(repo, j.head, made,
				(const char *const *)j.paths.v,
				j.paths.nr)) < 0)
			goto done;
		if (!made && j.commit && j.head)
			/* staged, perhaps: those entries back to HEAD's */
			dande_repo_undo_commit(repo, j.head, NULL,
					       (const char *const *)j.paths.v,
					       j.paths.nr);
		dande_error_clear();
		for (i = 0; i < j.ndata; i++) {
			dande_buf_reset(&abs);
			dande_fs_join(&abs, root, j.paths.v[i]);
			if ((r = dande_fs_write_atomic(abs.ptr, j.data[i].ptr,
						       j.data[i].len)) < 0)
				goto done;
		}
		dande_buf_addf(report, "an interrupted bump %s \xe2\x86\x92 %s "
			       "was rolled back: %zu file%s restored%s\n",
			       j.old, j.new, j.ndata, j.ndata == 1 ? "" : "s",
			       made ? ", its commit undone" : "");
		r = 1;
	}
	if (unlink(path.ptr) < 0)
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot remove '%s'",
				       path.ptr);
done:
	journal_release(&j);
out:
	dande_buf_release(&path);
	dande_buf_release(&text);
	dande_buf_release(&ref);
	dande_buf_release(&abs);
	return r;
}

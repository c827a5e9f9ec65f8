/*
 * git.h: the repository queries and changes dande needs, over libgit2.
 * No dande code runs the git program.
 */
#ifndef DANDE_GIT_H
#define DANDE_GIT_H

#include <stddef.h>
#include <stdint.h>

struct dande_repo;
struct dande_strvec;

/* An object id in hex: 40 digits for SHA-1, 64 for SHA-256, and a NUL.
 * Every `char *out` of an id below is this big. */
#define DANDE_OID_HEXMAX 64
#define DANDE_OID_BUFSZ (DANDE_OID_HEXMAX + 1)

struct dande_repo_head {
	char commit[DANDE_OID_BUFSZ];	/* "" on an unborn branch */
	char tree[DANDE_OID_BUFSZ];	/* "" on an unborn branch */
	char *branch;			/* NULL when HEAD is detached */
	int detached;
	int unborn;
};

/* Find the repository containing `start` (walking up).  DANDE_ENOTFOUND
 * when there is none, DANDE_EEXTERNAL when one is there but unusable. */
int dande_repo_discover(struct dande_repo **out, const char *start);

/* Create a repository at `path` (non-bare) with an initial branch "main". */
int dande_repo_init(struct dande_repo **out, const char *path);

void dande_repo_free(struct dande_repo *repo);

/* The working directory, without a trailing '/'; NULL for a bare one. */
const char *dande_repo_workdir(const struct dande_repo *repo);

/* The git directory, without a trailing '/'. */
const char *dande_repo_gitdir(const struct dande_repo *repo);

/* HEAD's commit, tree and branch; release with dande_repo_head_release(). */
int dande_repo_head(struct dande_repo *repo, struct dande_repo_head *out);
void dande_repo_head_release(struct dande_repo_head *head);

/*
 * Stage every file of the working tree (honouring .gitignore, removing
 * deleted ones) and commit on HEAD with `message`.  The author and
 * committer come from the repository's configuration unless `name` and
 * `email` are given; `when` (seconds since the epoch, 0: now) fixes the
 * time for reproducible tests.  `out` (DANDE_OID_BUFSZ bytes, may be NULL) receives the
 * new commit's id.
 */
int dande_repo_commit_all(struct dande_repo *repo, const char *message,
			  const char *name, const char *email, int64_t when,
			  char *out);

/* Resolve `ref` (a branch, tag, "origin/main", a commit id) to a commit id
 * in `out` (DANDE_OID_BUFSZ bytes).  DANDE_ENOTFOUND when it names nothing. */
int dande_repo_resolve(struct dande_repo *repo, const char *ref, char *out);

/* The merge base of HEAD and `ref` into `out` (DANDE_OID_BUFSZ bytes).
 * DANDE_ENOTFOUND when they share no history (a shallow clone without the
 * base). */
int dande_repo_merge_base(struct dande_repo *repo, const char *ref, char *out);

/* Create the annotated tag `name` on HEAD with `message`, the tagger from
 * the repository's configuration (or `who`/`email` when given).
 * DANDE_EEXISTS when the tag exists. */
int dande_repo_tag(struct dande_repo *repo, const char *name,
		   const char *message, const char *who, const char *email);

/* A commit on HEAD with HEAD's tree ("git commit --allow-empty"), author
 * and time as in dande_repo_commit_all(); fast enough to build the large
 * histories of the benchmarks. */
int dande_repo_commit_empty(struct dande_repo *repo, const char *message,
			    const char *name, const char *email, int64_t when,
			    char *out);

/* Tracked files with changes (staged or not) into `out`, as paths from
 * the root; untracked files are not counted. */
int dande_repo_dirty(struct dande_repo *repo, struct dande_strvec *out);

/* Stage `paths` (from the root) and commit them on HEAD's branch, which
 * must still point at `expect` (NULL: anything); `out` (DANDE_OID_BUFSZ
 * bytes) gets the commit.  DANDE_EINVALID on a detached HEAD, DANDE_EBUSY
 * when HEAD moved. */
int dande_repo_commit_paths(struct dande_repo *repo,
			    const char *const *paths, size_t n,
			    const char *message, const char *expect, char *out);

/* Undo dande_repo_commit_paths(): HEAD's branch back to `commit` (only
 * while it still points at `made`, the commit being undone; NULL: the
 * branch is not moved) and the index entries of `paths` back to that
 * commit's.  DANDE_EBUSY when the branch moved since. */
int dande_repo_undo_commit(struct dande_repo *repo, const char *commit,
			   const char *made, const char *const *paths,
			   size_t n);

/* Delete the tag `name` (undoing a bump). */
int dande_repo_tag_delete(struct dande_repo *repo, const char *name);

/* 1 when the tag `name` exists. */
int dande_repo_tag_exists(struct dande_repo *repo, const char *name);

/* Walk the commits from `to` (NULL: HEAD) back to, not including,
 * `from` (NULL: the most recent tagged commit reachable from `to`, or the
 * root; "": the root), newest first, calling `fn` with each commit's id and message; a
 * non-zero return stops the walk and is returned.  `from_out` (may be
 * NULL; reset first) gets the boundary used: a tag name, a ref, or "". */
struct dande_buf;
typedef int (*dande_repo_commit_fn)(void *payload, const char *id,
				    const char *message);
int dande_repo_log(struct dande_repo *repo, const char *from, const char *to,
		   dande_repo_commit_fn fn, void *payload,
		   struct dande_buf *from_out);

/* The unified diff (no context, renames found) from commit `base` to the
 * working tree, staged and unstaged changes included, into `out`. */
struct dande_buf;
/*
 * What the working tree's tracked files change against the tree
 * `tree_id` (HEAD's; NULL or "": an unborn branch), staged or not, as one
 * id into `out` (DANDE_OID_BUFSZ bytes): a hash of each changed path, its
 * change and its content; "" when nothing changed (or the repository is
 * bare).  Untracked files are not counted.
 */
int dande_repo_changes_id(struct dande_repo *repo, const char *tree_id,
			  char *out);

/* The UTC date ("YYYY-MM-DD", 11 bytes) of the commit `rev` names. */
int dande_repo_commit_date(struct dande_repo *repo, const char *rev,
			   char *out);

/* The names of the tags (on a commit) into `out`; with `reachable`, only
 * those HEAD's history holds. */
int dande_repo_tags(struct dande_repo *repo, int reachable,
		    struct dande_strvec *out);

/* The branches, local ("main") and remote-tracking ("origin/main"),
 * appended to `out`. */
int dande_repo_branches(struct dande_repo *repo, struct dande_strvec *out);

int dande_repo_diff(struct dande_repo *repo, const char *base,
		    struct dande_buf *out);

/* Every path in the index (stage 0, submodules left out), in index order,
 * appended to `out`. */
int dande_repo_tracked(struct dande_repo *repo, struct dande_strvec *out);

/* Who last touched a line, as far as the commits know. */
struct dande_blame_line {
	char commit[DANDE_OID_BUFSZ];	/* "" when not committed yet */
	char *author;			/* NULL likewise; owned */
	int64_t time;		/* author time, seconds since the epoch */
};

/* Free the authors of `n` blamed lines. */
void dande_blame_lines_release(struct dande_blame_line *lines, size_t n);

/*
 * Blame `lines` (1-based) of `path` (relative to the root) whose working
 * tree bytes are `content`: committed lines get the commit that last
 * changed them, lines changed since (or a file never committed) get an
 * empty commit.  `out` has room for `n`.
 */
int dande_repo_blame(struct dande_repo *repo, const char *path,
		     const char *content, size_t len, const size_t *lines,
		     size_t n, struct dande_blame_line *out);

/* 1 when `commit` (40 hex digits) is `base` or one of its ancestors, 0
 * when not. */
int dande_repo_is_ancestor(struct dande_repo *repo, const char *commit,
			   const char *base);

/* The directory git runs hooks from: core.hooksPath (relative to the
 * working tree) when set, else the common git directory's hooks/, which
 * worktrees share. */
int dande_repo_hooks_dir(struct dande_repo *repo, struct dande_buf *out);

/* The tree id (40 hex digits and a NUL) of commit `rev` into `out`. */
int dande_repo_tree_of(struct dande_repo *repo, const char *rev, char *out);

/* Every line the index adds against HEAD (what `git commit` would add):
 * `fn` gets the path, the line's number in the staged file and its text
 * (`len` bytes, no newline).  Binary files are left out.  A non-zero
 * return from `fn` stops the walk and is returned. */
typedef int (*dande_repo_line_fn)(void *payload, const char *path, int line,
				  const char *text, size_t len);
int dande_repo_staged_lines(struct dande_repo *repo, dande_repo_line_fn fn,
			    void *payload);

/* Whether `path` (relative to the root) has changes staged in the index
 * against HEAD. */
int dande_repo_staged(struct dande_repo *repo, const char *path);

#endif

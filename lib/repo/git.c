/*
 * lib/repo/: everything read from or written to the repository: git over
 * libgit2 (git.c), the layered configuration (config.c), the hook shims
 * and their pass records (hooks.c, hookcache.c) and the TODO scan
 * (todos.c).
 *
 * git.c: the repository queries and changes dande needs, over libgit2.
 * The only module (with config.c for its config API) that includes
 * <git2.h>; the rest of dande sees the opaque struct dande_repo.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "dande/buf.h"
#include "dande/git.h"
#include "dande_int.h"
#include "util/banned.h"

struct dande_repo {
	git_repository *repo;
	char *workdir;		/* no trailing '/' */
	char *gitdir;		/* no trailing '/' */
};

static int git_fail(int code, const char *fmt, ...) DANDE_PRINTF(2, 3);

static int git_fail(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return dande_error_set(code, "%s: %s", what,
			       e && e->message ? e->message : "libgit2 error");
}

static int initialised;

static void teardown(void)
{
	git_libgit2_shutdown();
	initialised = 0;
}

int dande_git__init(void)
{
	if (initialised)
		return 0;
	if (git_libgit2_init() < 0)
		return dande_error_set(DANDE_EEXTERNAL,
				       "cannot initialise libgit2");
	initialised = 1;
	dande__at_shutdown(teardown);
	return 0;
}

static char *strip_slash(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return dande_xstrndup(p, n);
}

static struct dande_repo *wrap(git_repository *r)
{
	struct dande_repo *repo = dande_xcalloc(1, sizeof(*repo));
	const char *wd = git_repository_workdir(r);

	repo->repo = r;
	repo->workdir = wd ? strip_slash(wd) : NULL;
	repo->gitdir = strip_slash(git_repository_path(r));
	return repo;
}

int dande_repo_discover(struct dande_repo **out, const char *start)
{
	git_repository *r = NULL;
	int gr;

	*out = NULL;
	if (dande_git__init() < 0)
		return DANDE_EEXTERNAL;
	gr = git_repository_open_ext(&r, start, 0, NULL);
	if (gr == GIT_ENOTFOUND)
		return dande_error_set(DANDE_ENOTFOUND,
				       "not a git repository: '%s'", start);
	if (gr < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot open repository at '%s'",
				start);
	*out = wrap(r);
	return 0;
}

int dande_repo_init(struct dande_repo **out, const char *path)
{
	git_repository_init_options opts;
	git_repository *r = NULL;

	*out = NULL;
	if (dande_git__init() < 0)
		return DANDE_EEXTERNAL;
	git_repository_init_options_init(&opts,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&r, path, &opts) < 0)
		return git_fail(DANDE_EEXTERNAL,
				"cannot create repository at '%s'", path);
	*out = wrap(r);
	return 0;
}

void dande_repo_free(struct dande_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->repo);
	free(repo->workdir);
	free(repo->gitdir);
	free(repo);
}

const char *dande_repo_workdir(const struct dande_repo *repo)
{
	return repo->workdir;
}

const char *dande_repo_gitdir(const struct dande_repo *repo)
{
	return repo->gitdir;
}

int dande_repo_head(struct dande_repo *repo, struct dande_repo_head *out)
{
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_oid id;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (git_reference_lookup(&head, repo->repo, "HEAD") < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot read HEAD in '%s'",
				repo->gitdir);
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = git_reference_symbolic_target(head);

		if (!strncmp(t, "refs/heads/", 11))
			t += 11;
		out->branch = dande_xstrdup(t);
	} else {
		out->detached = 1;
	}
	if (git_reference_name_to_id(&id, repo->repo, "HEAD") < 0) {
		out->unborn = 1;
		git_error_clear();
		goto done;
	}
	git_oid_tostr(out->commit, sizeof(out->commit), &id);
	if (git_commit_lookup(&commit, repo->repo, &id) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot read commit %s",
			     out->commit);
		goto done;
	}
	git_oid_tostr(out->tree, sizeof(out->tree), git_commit_tree_id(commit));
done:
	git_commit_free(commit);
	git_reference_free(head);
	return r;
}

void dande_repo_head_release(struct dande_repo_head *head)
{
	free(head->branch);
	head->branch = NULL;
}

int dande_repo_commit_all(struct dande_repo *repo, const char *message,
			  const char *name, const char *email, int64_t when,
			  char *out)
{
	char star[] = "*";
	char *pathv[] = { star };
	git_strarray paths = { pathv, 1 };
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	const git_commit *parents[1];
	git_oid tree_id, parent_id, commit_id;
	size_t nparents = 0;
	int r = 0;

	if (git_repository_index(&index, repo->repo) < 0 ||
	    git_index_add_all(index, &paths, GIT_INDEX_ADD_DEFAULT, NULL,
			      NULL) < 0 ||
	    git_index_update_all(index, &paths, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot stage the files of '%s'",
			     repo->workdir ? repo->workdir : repo->gitdir);
		goto done;
	}
	if (name && email)
		r = when ? git_signature_new(&sig, name, email, when, 0) :
			git_signature_now(&sig, name, email);
	else
		r = git_signature_default(&sig, repo->repo);
	if (r < 0) {
		r = git_fail(DANDE_EEXTERNAL, "no author for a commit in '%s' "
			     "(set user.name and user.email)", repo->gitdir);
		goto done;
	}
	if (git_tree_lookup(&tree, repo->repo, &tree_id) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot read the new tree in '%s'",
			     repo->gitdir);
		goto done;
	}
	if (git_reference_name_to_id(&parent_id, repo->repo, "HEAD") == 0) {
		if (git_commit_lookup(&parent, repo->repo, &parent_id) < 0) {
			r = git_fail(DANDE_EEXTERNAL, "cannot read HEAD in '%s'",
				     repo->gitdir);
			goto done;
		}
		parents[nparents++] = parent;
	} else {
		git_error_clear();
	}
	if (git_commit_create(&commit_id, repo->repo, "HEAD", sig, sig, NULL,
			      message, tree, nparents, parents) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot commit in '%s'",
			     repo->gitdir);
		goto done;
	}
	if (out)
		git_oid_tostr(out, DANDE_OID_BUFSZ, &commit_id);
done:
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	return r;
}

int dande_repo_resolve(struct dande_repo *repo, const char *ref, char *out)
{
	git_object *obj = NULL;
	git_commit *commit = NULL;
	int r = 0;

	if (git_revparse_single(&obj, repo->repo, ref) < 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		r = git_fail(DANDE_ENOTFOUND, "cannot resolve '%s'", ref);
		goto done;
	}
	git_oid_tostr(out, DANDE_OID_BUFSZ, git_commit_id(commit));
done:
	git_commit_free(commit);
	git_object_free(obj);
	return r;
}

int dande_repo_merge_base(struct dande_repo *repo, const char *ref, char *out)
{
	char head[DANDE_OID_BUFSZ], other[DANDE_OID_BUFSZ];
	git_oid a, b, base;
	int r;

	if ((r = dande_repo_resolve(repo, "HEAD", head)) < 0 ||
	    (r = dande_repo_resolve(repo, ref, other)) < 0)
		return r;
	git_oid_fromstr(&a, head);
	git_oid_fromstr(&b, other);
	if (git_merge_base(&base, repo->repo, &a, &b) < 0)
		return git_fail(DANDE_ENOTFOUND, "HEAD and '%s' share no "
				"history (a shallow clone?)", ref);
	git_oid_tostr(out, DANDE_OID_BUFSZ, &base);
	return 0;
}

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		      const git_diff_line *line, void *payload)
{
	struct dande_buf *out = payload;

	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_CONTEXT ||
	    line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		dande_buf_addch(out, line->origin);
	return dande_buf_add(out, line->content, line->content_len) < 0 ?
		-1 : 0;
}

int dande_repo_diff(struct dande_repo *repo, const char *base,
		    struct dande_buf *out)
{
	git_diff_options opts;
	git_diff_find_options find;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_oid id;
	int r = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		GIT_DIFF_SHOW_UNTRACKED_CONTENT;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_oid_fromstr(&id, base) < 0 ||
	    git_commit_lookup(&commit, repo->repo, &id) < 0 ||
	    git_commit_tree(&tree, commit) < 0 ||
	    git_diff_tree_to_workdir_with_index(&diff, repo->repo, tree,
						&opts) < 0 ||
	    git_diff_find_similar(diff, &find) < 0 ||
	    git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, out) < 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot diff against %.12s", base);
	git_diff_free(diff);
	git_tree_free(tree);
	git_commit_free(commit);
	return r;
}

int dande_repo_changes_id(struct dande_repo *repo, const char *tree_id,
			  char *out)
{
	git_diff_options opts;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	struct dande_buf list = DANDE_BUF_INIT;
	git_oid id, h;
	size_t i, n;
	int r = 0;

	*out = '\0';
	if (git_repository_is_bare(repo->repo))
		return 0;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
	if ((tree_id && *tree_id && (git_oid_fromstr(&id, tree_id) < 0 ||
				     git_tree_lookup(&tree, repo->repo,
						     &id) < 0)) ||
	    git_diff_tree_to_workdir_with_index(&diff, repo->repo, tree,
						&opts) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot compare the working "
			     "tree with HEAD in '%s'", repo->workdir);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		git_oid fid = d->new_file.id;
		char hex[GIT_OID_HEXSZ + 1];

		/* a file of the working tree whose id the diff did not need:
		 * hash its content as git would */
		if (d->status != GIT_DELTA_DELETED &&
		    !(d->new_file.flags & GIT_DIFF_FLAG_VALID_ID)) {
			struct dande_buf p = DANDE_BUF_INIT;

			dande_buf_addf(&p, "%s/%s", repo->workdir,
				       d->new_file.path);
			if (git_odb_hashfile(&fid, p.ptr, GIT_OBJECT_BLOB) < 0) {
				git_error_clear();
				memset(&fid, 0, sizeof(fid));
			}
			dande_buf_release(&p);
		}
		git_oid_tostr(hex, sizeof(hex), &fid);
		dande_buf_addf(&list, "%d %s %s\n", (int)d->status,
			       d->new_file.path, hex);
	}
	if (list.len) {
		if (git_odb_hash(&h, list.ptr, list.len, GIT_OBJECT_BLOB) < 0) {
			r = git_fail(DANDE_ERROR, "cannot hash the changes");
			goto done;
		}
		git_oid_tostr(out, DANDE_OID_BUFSZ, &h);
	}
done:
	dande_buf_release(&list);
	git_diff_free(diff);
	git_tree_free(tree);
	return r;
}

struct tagset {
	git_oid *ids;
	char **names;
	size_t n, alloc;
	git_repository *repo;
};

static int collect_tag(const char *name, git_oid *oid, void *payload)
{
	struct tagset *t = payload;
	git_object *obj = NULL, *peeled = NULL;

	if (git_object_lookup(&obj, t->repo, oid, GIT_OBJECT_ANY) == 0 &&
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? t->alloc * 2 : 16;
			t->ids = dande_xrealloc(t->ids, t->alloc *
						sizeof(*t->ids));
			t->names = dande_xrealloc(t->names, t->alloc *
						  sizeof(*t->names));
		}
		git_oid_cpy(&t->ids[t->n], git_object_id(peeled));
		t->names[t->n++] = dande_xstrdup(name + (strncmp(name,
			"refs/tags/", 10) ? 0 : 10));
	}
	git_error_clear();
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

/* The index of the first tag on commit `id` (t->n: none). */
static size_t tag_of(const struct tagset *t, const git_oid *id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (git_oid_equal(id, &t->ids[i]))
			break;
	return i;
}

static const git_oid *sort_oids_base;

static int by_tag_oid(const void *a, const void *b)
{
	return git_oid_cmp(&sort_oids_base[*(const size_t *)a],
			   &sort_oids_base[*(const size_t *)b]);
}

int dande_repo_branches(struct dande_repo *repo, struct dande_strvec *out)
{
	git_branch_iterator *it = NULL;
	git_reference *ref;
	git_branch_t type;
	const char *name;

	if (git_branch_iterator_new(&it, repo->repo, GIT_BRANCH_ALL) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot list the branches");
	while (git_branch_next(&ref, &type, it) == 0) {
		/* origin/HEAD is a pointer, not a branch to name */
		if (git_branch_name(&name, ref) == 0 &&
		    git_reference_type(ref) == GIT_REFERENCE_DIRECT)
			dande_strvec_push(out, name);
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	git_error_clear();
	return 0;
}

int dande_repo_tags(struct dande_repo *repo, int reachable,
		    struct dande_strvec *out)
{
	struct tagset tags;
	git_revwalk *walk = NULL;
	size_t *order = NULL, i, left;
	char *seen = NULL;
	git_oid id;

	memset(&tags, 0, sizeof(tags));
	tags.repo = repo->repo;
	if (git_tag_foreach(repo->repo, collect_tag, &tags) < 0)
		git_error_clear();
	seen = dande_xcalloc(tags.n + 1, 1);
	if (!reachable) {
		memset(seen, 1, tags.n);
	} else if (tags.n && git_revwalk_new(&walk, repo->repo) == 0 &&
		   git_revwalk_push_head(walk) == 0) {
		/* one walk of HEAD's history, each commit looked up among
		 * the tagged ones (a walk per tag is quadratic) */
		order = dande_xcalloc(tags.n, sizeof(*order));
		for (i = 0; i < tags.n; i++)
			order[i] = i;
		sort_oids_base = tags.ids;
		qsort(order, tags.n, sizeof(*order), by_tag_oid);
		left = tags.n;
		while (left && git_revwalk_next(&id, walk) == 0) {
			size_t lo = 0, hi = tags.n;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				int c = git_oid_cmp(&tags.ids[order[mid]], &id);

				if (!c) {
					size_t k;

					/* several tags on one commit */
					for (k = mid; k > 0 &&
					     !git_oid_cmp(&tags.ids[order[k - 1]],
							  &id); k--)
						;
					for (; k < tags.n &&
					     !git_oid_cmp(&tags.ids[order[k]],
							  &id); k++)
						if (!seen[order[k]]) {
							seen[order[k]] = 1;
							left--;
						}
					break;
				}
				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
	}
	git_error_clear();
	for (i = 0; i < tags.n; i++) {
		if (seen[i])
			dande_strvec_push(out, tags.names[i]);
		free(tags.names[i]);
	}
	git_revwalk_free(walk);
	free(order);
	free(seen);
	free(tags.ids);
	free(tags.names);
	return 0;
}

int dande_repo_commit_date(struct dande_repo *repo, const char *rev,
			   char *out)
{
	char hex[DANDE_OID_BUFSZ];
	git_commit *c = NULL;
	git_oid id;
	time_t t;
	struct tm tm;
	int r;

	*out = '\0';
	if ((r = dande_repo_resolve(repo, rev, hex)) < 0)
		return r;
	git_oid_fromstr(&id, hex);
	if (git_commit_lookup(&c, repo->repo, &id) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot read commit %.12s", hex);
	t = (time_t)git_commit_time(c);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	git_commit_free(c);
	return 0;
}

int dande_repo_log(struct dande_repo *repo, const char *from, const char *to,
		   dande_repo_commit_fn fn, void *payload,
		   struct dande_buf *from_out)
{
	struct tagset tags;
	git_revwalk *walk = NULL;
	git_commit *commit = NULL;
	git_oid id;
	char hex[DANDE_OID_BUFSZ];
	size_t i;
	int r = 0, gr;

	memset(&tags, 0, sizeof(tags));
	tags.repo = repo->repo;
	if (from_out)
		dande_buf_reset(from_out);
	if (git_revwalk_new(&walk, repo->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot walk '%s'", repo->gitdir);
		goto done;
	}
	if (git_revwalk_push_ref(walk, "HEAD") < 0 && !to) {
		r = git_fail(DANDE_ENOTFOUND, "no commits yet in '%s'",
			     repo->gitdir);
		goto done;
	}
	if (to) {
		git_revwalk_reset(walk);
		git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
		if (dande_repo_resolve(repo, to, hex) < 0) {
			r = DANDE_ENOTFOUND;
			goto done;
		}
		git_oid_fromstr(&id, hex);
		git_revwalk_push(walk, &id);
	}
	if (from && !*from) {
		/* "": from the root, every commit */
	} else if (from) {
		if (dande_repo_resolve(repo, from, hex) < 0) {
			r = DANDE_ENOTFOUND;
			goto done;
		}
		git_oid_fromstr(&id, hex);
		git_revwalk_hide(walk, &id);
		if (from_out)
			dande_buf_adds(from_out, from);
	} else {
		/* since the last tag: what no tag reaches (every tag hidden,
		 * so the walk reads the commits since, not the history) */
		git_tag_foreach(repo->repo, collect_tag, &tags);
		for (i = 0; i < tags.n; i++)
			git_revwalk_hide(walk, &tags.ids[i]);
		if (from_out && tags.n &&
		    (to ? 0 : git_reference_name_to_id(&id, repo->repo,
						       "HEAD")) == 0 &&
		    (i = tag_of(&tags, &id)) < tags.n)
			dande_buf_adds(from_out, tags.names[i]);
	}
	while ((gr = git_revwalk_next(&id, walk)) == 0) {
		if (git_commit_lookup(&commit, repo->repo, &id) < 0) {
			r = git_fail(DANDE_EEXTERNAL, "cannot read a commit of "
				     "'%s'", repo->gitdir);
			goto done;
		}
		/* the boundary: the first tagged parent met */
		if (from_out && !from && !from_out->len) {
			unsigned int k, np = git_commit_parentcount(commit);

			for (k = 0; k < np; k++)
				if ((i = tag_of(&tags, git_commit_parent_id(
					     commit, k))) < tags.n) {
					dande_buf_adds(from_out,
						       tags.names[i]);
					break;
				}
		}
		git_oid_tostr(hex, sizeof(hex), &id);
		r = fn(payload, hex, git_commit_message(commit));
		git_commit_free(commit);
		commit = NULL;
		if (r)
			goto done;
	}
	if (gr != GIT_ITEROVER && gr != 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot walk '%s'", repo->gitdir);
done:
	for (i = 0; i < tags.n; i++)
		free(tags.names[i]);
	free(tags.ids);
	free(tags.names);
	git_revwalk_free(walk);
	return r;
}

int dande_repo_tag(struct dande_repo *repo, const char *name,
		   const char *message, const char *who, const char *email)
{
	git_object *head = NULL;
	git_signature *sig = NULL;
	git_oid id;
	int r = 0, gr;

	if (git_revparse_single(&head, repo->repo, "HEAD") < 0) {
		r = git_fail(DANDE_ENOTFOUND, "no commit to tag in '%s'",
			     repo->gitdir);
		goto done;
	}
	gr = who && email ? git_signature_now(&sig, who, email) :
		git_signature_default(&sig, repo->repo);
	if (gr < 0) {
		r = git_fail(DANDE_EEXTERNAL, "no tagger for '%s' (set "
			     "user.name and user.email)", name);
		goto done;
	}
	gr = git_tag_create(&id, repo->repo, name, head, sig, message, 0);
	if (gr == GIT_EEXISTS)
		r = dande_error_set(DANDE_EEXISTS, "tag '%s' exists already",
				    name);
	else if (gr < 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot create tag '%s'", name);
done:
	git_signature_free(sig);
	git_object_free(head);
	return r;
}

int dande_repo_dirty(struct dande_repo *repo, struct dande_strvec *out)
{
	git_status_options opts;
	git_status_list *list = NULL;
	size_t i, n;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, repo->repo, &opts) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot read the status of "
				"'%s'", repo->gitdir);
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ?
			e->index_to_workdir : e->head_to_index;

		if (e->status == GIT_STATUS_CURRENT ||
		    e->status & GIT_STATUS_WT_NEW || e->status &
		    GIT_STATUS_IGNORED || !d)
			continue;
		dande_strvec_push(out, d->new_file.path ? d->new_file.path :
				  d->old_file.path);
	}
	git_status_list_free(list);
	return 0;
}

/* A commit of `tree` on top of `parent` (HEAD), HEAD moved to it; its id
 * into `out` when not NULL. */
static int commit_on_head(struct dande_repo *repo, const git_signature *sig,
			  const char *message, const git_tree *tree,
			  git_commit *parent, char *out)
{
	const git_commit *parents[1];
	git_oid id;

	parents[0] = parent;
	if (git_commit_create(&id, repo->repo, "HEAD", sig, sig, NULL, message,
			      tree, 1, parents) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot commit in '%s'",
				repo->gitdir);
	if (out)
		git_oid_tostr(out, DANDE_OID_BUFSZ, &id);
	return 0;
}

int dande_repo_commit_paths(struct dande_repo *repo,
			    const char *const *paths, size_t n,
			    const char *message, const char *expect, char *out)
{
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_reference *head = NULL;
	git_oid tree_id, parent_id;
	size_t i;
	int r = 0;

	if (git_repository_head_detached(repo->repo) == 1)
		return dande_error_set(DANDE_EINVALID, "HEAD is detached in "
				       "'%s': check out a branch to commit",
				       repo->workdir ? repo->workdir :
				       repo->gitdir);
	if (git_repository_index(&index, repo->repo) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot read the index of '%s'",
			     repo->gitdir);
		goto done;
	}
	for (i = 0; i < n; i++)
		if (git_index_add_bypath(index, paths[i]) < 0) {
			r = git_fail(DANDE_EEXTERNAL, "cannot stage '%s'",
				     paths[i]);
			goto done;
		}
	if (git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo->repo, &tree_id) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot write the tree of '%s'",
			     repo->gitdir);
		goto done;
	}
	if (git_signature_default(&sig, repo->repo) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "no author for a commit in '%s' "
			     "(set user.name and user.email)", repo->gitdir);
		goto done;
	}
	if (git_reference_name_to_id(&parent_id, repo->repo, "HEAD") < 0 ||
	    git_commit_lookup(&parent, repo->repo, &parent_id) < 0) {
		r = git_fail(DANDE_EINVALID, "no commit to build on in '%s'",
			     repo->gitdir);
		goto done;
	}
	if (expect && *expect) {
		char now[DANDE_OID_BUFSZ];

		git_oid_tostr(now, sizeof(now), &parent_id);
		if (strcmp(now, expect)) {
			r = dande_error_set(DANDE_EBUSY, "HEAD moved from %.12s "
					    "to %.12s while committing in '%s'",
					    expect, now, repo->gitdir);
			goto done;
		}
	}
	/* libgit2 moves HEAD's branch only while it still points at
	 * `parent`: a commit made meanwhile is never overwritten */
	r = commit_on_head(repo, sig, message, tree, parent, out);
done:
	git_reference_free(head);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	return r;
}

int dande_repo_undo_commit(struct dande_repo *repo, const char *commit,
			   const char *made, const char *const *paths, size_t n)
{
	git_reference *head = NULL, *branch = NULL, *moved = NULL;
	git_object *target = NULL;
	git_strarray ps = { (char **)paths, n };
	git_oid id, ours;
	int r = 0;

	if (git_oid_fromstr(&id, commit) < 0 ||
	    git_object_lookup(&target, repo->repo, &id, GIT_OBJECT_COMMIT) < 0 ||
	    git_reference_lookup(&head, repo->repo, "HEAD") < 0 ||
	    git_reference_resolve(&branch, head) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot undo the commit in '%s'",
			     repo->gitdir);
		goto done;
	}
	/* move the branch back only while it still points at the commit
	 * this call made: never over somebody else's */
	if (made && *made &&
	    (git_oid_fromstr(&ours, made) < 0 ||
	     git_reference_create_matching(&moved, repo->repo,
					   git_reference_name(branch), &id, 1,
					   &ours, "dande bump: undo") < 0)) {
		r = git_fail(DANDE_EBUSY, "cannot undo the commit in '%s': the "
			     "branch moved since", repo->gitdir);
		goto done;
	}
	if (git_reset_default(repo->repo, target, &ps) < 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot undo the commit in '%s'",
			     repo->gitdir);
done:
	git_reference_free(moved);
	git_reference_free(branch);
	git_reference_free(head);
	git_object_free(target);
	return r;
}

int dande_repo_tag_delete(struct dande_repo *repo, const char *name)
{
	if (git_tag_delete(repo->repo, name) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot delete tag '%s'", name);
	return 0;
}

int dande_repo_tag_exists(struct dande_repo *repo, const char *name)
{
	git_reference *ref = NULL;
	char full[512];
	int found;

	snprintf(full, sizeof(full), "refs/tags/%s", name);
	found = git_reference_lookup(&ref, repo->repo, full) == 0;
	git_reference_free(ref);
	git_error_clear();
	return found;
}

int dande_repo_commit_empty(struct dande_repo *repo, const char *message,
			    const char *name, const char *email, int64_t when,
			    char *out)
{
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid pid;
	int r = 0;

	if (git_signature_new(&sig, name, email, when, 0) < 0 ||
	    git_reference_name_to_id(&pid, repo->repo, "HEAD") < 0 ||
	    git_commit_lookup(&parent, repo->repo, &pid) < 0 ||
	    git_commit_tree(&tree, parent) < 0) {
		r = git_fail(DANDE_EEXTERNAL, "cannot commit in '%s'",
			     repo->gitdir);
		goto done;
	}
	r = commit_on_head(repo, sig, message, tree, parent, out);
done:
	git_tree_free(tree);
	git_commit_free(parent);
	git_signature_free(sig);
	return r;
}

int dande_repo_tracked(struct dande_repo *repo, struct dande_strvec *out)
{
	git_index *index = NULL;
	size_t i, n;

	if (git_repository_index(&index, repo->repo) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot read the index of '%s'",
				repo->gitdir);
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);

		/* stage 0 only, no submodules */
		if (!e || git_index_entry_stage(e) != 0 ||
		    e->mode == GIT_FILEMODE_COMMIT)
			continue;
		dande_strvec_push(out, e->path);
	}
	git_index_free(index);
	return 0;
}

void dande_blame_lines_release(struct dande_blame_line *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(lines[i].author);
		lines[i].author = NULL;
	}
}

int dande_repo_blame(struct dande_repo *repo, const char *path,
		     const char *content, size_t len, const size_t *lines,
		     size_t n, struct dande_blame_line *out)
{
	git_blame *committed = NULL, *blame = NULL;
	git_blame_options opts;
	size_t i;

	git_blame_options_init(&opts, GIT_BLAME_OPTIONS_VERSION);
	memset(out, 0, n * sizeof(*out));
	/* an unborn HEAD or a file not yet committed: every line is new */
	if (git_blame_file(&committed, repo->repo, path, &opts) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_blame_buffer(&blame, committed, content, len) < 0) {
		git_blame_free(committed);
		return git_fail(DANDE_EEXTERNAL, "cannot blame '%s'", path);
	}
	for (i = 0; i < n; i++) {
		const git_blame_hunk *h =
			git_blame_get_hunk_byline(blame, lines[i]);
		git_commit *c = NULL;
		const git_signature *sig;

		if (!h || git_oid_is_zero(&h->final_commit_id))
			continue;	/* changed in the working tree */
		git_oid_tostr(out[i].commit, sizeof(out[i].commit),
			      &h->final_commit_id);
		if (git_commit_lookup(&c, repo->repo, &h->final_commit_id) < 0) {
			git_error_clear();
			continue;
		}
		sig = git_commit_author(c);
		out[i].author = dande_xstrdup(sig && sig->name ? sig->name :
					      "");
		out[i].time = sig ? sig->when.time : 0;
		git_commit_free(c);
	}
	git_blame_free(blame);
	git_blame_free(committed);
	return 0;
}

int dande_repo_is_ancestor(struct dande_repo *repo, const char *commit,
			   const char *base)
{
	git_oid c, b;
	int r;

	if (git_oid_fromstr(&c, commit) < 0 || git_oid_fromstr(&b, base) < 0)
		return dande_error_set(DANDE_EINVALID, "not a commit id: '%s' "
				       "or '%s'", commit, base);
	if (git_oid_equal(&c, &b))
		return 1;
	if ((r = git_graph_descendant_of(repo->repo, &b, &c)) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot walk from %.12s",
				base);
	return r;
}

int dande_repo_hooks_dir(struct dande_repo *repo, struct dande_buf *out)
{
	git_config *cfg = NULL;
	git_buf path = GIT_BUF_INIT;
	const char *hp = NULL;

	dande_buf_reset(out);
	if (git_repository_config_snapshot(&cfg, repo->repo) == 0 &&
	    git_config_get_string(&hp, cfg, "core.hooksPath") == 0 && *hp) {
		/* relative to the working tree, as git runs hooks there */
		if (hp[0] != '/')
			dande_buf_addf(out, "%s/", repo->workdir ?
				       repo->workdir : repo->gitdir);
		dande_buf_adds(out, hp);
		git_config_free(cfg);
		return 0;
	}
	git_error_clear();
	git_config_free(cfg);
	if (git_repository_item_path(&path, repo->repo,
				     GIT_REPOSITORY_ITEM_HOOKS) < 0)
		return git_fail(DANDE_EEXTERNAL, "cannot find the hooks of '%s'",
				repo->gitdir);
	dande_buf_adds(out, path.ptr);
	while (out->len > 1 && out->ptr[out->len - 1] == '/')
		dande_buf_setlen(out, out->len - 1);
	git_buf_dispose(&path);
	return 0;
}

int dande_repo_tree_of(struct dande_repo *repo, const char *rev, char *out)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int r = 0;

	if (git_revparse_single(&obj, repo->repo, rev) < 0)
		return git_fail(DANDE_ENOTFOUND, "no commit '%s'", rev);
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0)
		r = git_fail(DANDE_EINVALID, "'%s' is not a commit", rev);
	else
		git_oid_tostr(out, DANDE_OID_BUFSZ, git_commit_tree_id(c));
	git_commit_free(c);
	git_object_free(obj);
	return r;
}

struct added {
	dande_repo_line_fn fn;
	void *payload;
	int r;
};

static int on_added(const git_diff_delta *delta, const git_diff_hunk *hunk,
		    const git_diff_line *line, void *payload)
{
	struct added *a = payload;
	size_t len = line->content_len;

	(void)hunk;
	if (line->origin != GIT_DIFF_LINE_ADDITION)
		return 0;
	while (len && (line->content[len - 1] == '\n' ||
		       line->content[len - 1] == '\r'))
		len--;
	if ((a->r = a->fn(a->payload, delta->new_file.path,
			  (int)line->new_lineno, line->content, len)) != 0)
		return GIT_EUSER;
	return 0;
}

int dande_repo_staged_lines(struct dande_repo *repo, dande_repo_line_fn fn,
			    void *payload)
{
	struct added a = { fn, payload, 0 };
	git_diff_options opts;
	git_reference *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	int r = 0, e;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	/* an unborn branch: everything staged is added */
	if (git_repository_head(&head, repo->repo) == 0 &&
	    git_reference_peel((git_object **)&tree, head, GIT_OBJECT_TREE) < 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot read HEAD's tree in '%s'",
			     dande_repo_workdir(repo));
	git_error_clear();
	if (r == 0 &&
	    git_diff_tree_to_index(&diff, repo->repo, tree, NULL, &opts) < 0)
		r = git_fail(DANDE_EEXTERNAL, "cannot diff the index in '%s'",
			     dande_repo_workdir(repo));
	if (r == 0) {
		e = git_diff_foreach(diff, NULL, NULL, NULL, on_added, &a);
		if (e == GIT_EUSER)
			r = a.r;
		else if (e < 0)
			r = git_fail(DANDE_EEXTERNAL, "cannot read the staged "
				     "changes in '%s'",
				     dande_repo_workdir(repo));
	}
	git_diff_free(diff);
	git_tree_free(tree);
	git_reference_free(head);
	return r;
}

int dande_repo_staged(struct dande_repo *repo, const char *path)
{
	unsigned int flags = 0;

	if (git_status_file(&flags, repo->repo, path) < 0) {
		git_error_clear();
		return 0;	/* not in the index, or ambiguous: not staged */
	}
	return (flags & (GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED |
			 GIT_STATUS_INDEX_DELETED | GIT_STATUS_INDEX_RENAMED |
			 GIT_STATUS_INDEX_TYPECHANGE)) != 0;
}

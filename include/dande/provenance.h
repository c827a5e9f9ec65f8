/*
 * provenance.h: where a record comes from: the commit, its tree and
 * branch, the project's version and the environment.  Filled once per
 * tool run and handed to every record (runs, coverage, infra errors).
 */
#ifndef DANDE_PROVENANCE_H
#define DANDE_PROVENANCE_H

struct dande_repo;

struct dande_provenance {
	char *commit;		/* HEAD's commit; NULL: none (no repository,
				   an unborn branch) */
	char *tree;		/* the code tested: HEAD's tree id, and when
				   the working tree's tracked files differ
				   from it "TREE+CHANGES" (16 hex digits of
				   dande_repo_changes_id); NULL likewise */
	char *branch;		/* NULL: detached HEAD or none */
	char *version;		/* VERSION's first line; NULL: no VERSION */
	char *environment;	/* NULL: the host */
};

#define DANDE_PROVENANCE_INIT { NULL, NULL, NULL, NULL, NULL }

/*
 * HEAD of `repo` (may be NULL) and the version in `root`/VERSION.  A
 * VERSION that exists but cannot be read, or is not one line of text, is
 * an error (DANDE_EEXTERNAL, DANDE_EINVALID), never a silent NULL.
 */
int dande_provenance_load(struct dande_provenance *p, struct dande_repo *repo,
			  const char *root);
void dande_provenance_release(struct dande_provenance *p);

#endif

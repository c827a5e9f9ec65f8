/*
 * mkrepo: make DIR a git repository (libgit2) and commit everything in it
 * as one commit, for the demo and for tests that want a repository of
 * real files.  Usage: mkrepo DIR MESSAGE
 */
#include <stdio.h>

#include "dande/dande.h"
#include "dande/error.h"
#include "dande/git.h"

int main(int argc, char **argv)
{
	struct dande_repo *repo = NULL;
	char id[DANDE_OID_BUFSZ];
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: mkrepo DIR MESSAGE\n");
		return 2;
	}
	if ((r = dande_init()) < 0)
		goto fail;
	r = dande_repo_discover(&repo, argv[1]);
	if (r == DANDE_ENOTFOUND)
		r = dande_repo_init(&repo, argv[1]);
	if (r < 0 || (r = dande_repo_commit_all(repo, argv[2], "dande demo",
						 "demo@example.invalid", 0,
						 id)) < 0)
		goto fail;
	printf("committed %.12s in %s\n", id, argv[1]);
	dande_repo_free(repo);
	dande_shutdown();
	return 0;
fail:
	fprintf(stderr, "mkrepo: %s\n", dande_error_last()->message);
	dande_repo_free(repo);
	return 4;
}

/*
 * gen_repo: a git repository of N conventional commits (feat, fix, chore,
 * docs, with scopes and a BREAKING CHANGE footer now and then), tagged
 * every 100 commits, as PEER-BASELINES.md describes (and v1.0.8, what
 * VERSION holds, on the last); plus VERSION,
 * package.json and CHANGELOG.md for a bump.  Usage: gen_repo DIR N
 */
#include <stdio.h>
#include <stdlib.h>

#include "dande/dande.h"
#include "dande/error.h"
#include "dande/git.h"
#include "dande/fs.h"

static const char *const types[] = { "feat", "fix", "chore", "docs" };
static const char *const scopes[] = { "core", "cli", "db", "io", "net" };

int main(int argc, char **argv)
{
	struct dande_repo *repo = NULL;
	char msg[256], tag[64], path[4096];
	long n, i;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen_repo DIR N\n");
		return 2;
	}
	dande_init();
	if (dande_repo_init(&repo, argv[1]) < 0)
		goto fail;
#define WRITE(name, text) do { \
		snprintf(path, sizeof(path), "%s/%s", argv[1], name); \
		if (dande_fs_write_atomic(path, text, sizeof(text) - 1) < 0) \
			goto fail; \
	} while (0)
	WRITE("VERSION", "1.0.8\n");
	WRITE("package.json", "{\n  \"name\": \"bench\",\n  \"version\": "
	      "\"1.0.8\"\n}\n");
	WRITE("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n"
	      "- A bug.\n\n## [1.0.8] - 2026-01-01\n\n### Added\n\n- First.\n");
	WRITE(".dande.conf", "[bump]\n\tfile = package.json\n");
	WRITE(".gitignore", "data/\n");
	if (dande_repo_commit_all(repo, "chore: start\n", "Bench",
				  "bench@example.invalid", 1600000000, NULL) < 0)
		goto fail;
	for (i = 1; i < n; i++) {
		snprintf(msg, sizeof(msg), "%s(%s): change %ld%s\n",
			 types[i % 4], scopes[i % 5], i, i % 97 == 0 ?
			 "\n\nBREAKING CHANGE: reworked" : "");
		if (dande_repo_commit_empty(repo, msg, "Bench",
					    "bench@example.invalid",
					    1600000000 + i, NULL) < 0)
			goto fail;
		if (i % 100 == 0) {
			snprintf(tag, sizeof(tag), "v0.%ld.0", i / 100);
			if (dande_repo_tag(repo, tag, "release\n", "Bench",
					   "bench@example.invalid") < 0)
				goto fail;
		}
	}
	/* the release VERSION holds, last: a bump starts from a consistent
	 * state (dande bump check) */
	if (dande_repo_tag(repo, "v1.0.8", "release\n", "Bench",
			   "bench@example.invalid") < 0)
		goto fail;
	dande_repo_free(repo);
	dande_shutdown();
	return 0;
fail:
	fprintf(stderr, "gen_repo: %s\n", dande_error_last()->message);
	return 1;
}

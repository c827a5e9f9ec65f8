/*
 * Integration tests of lib/repo/git.c against real repositories made with
 * libgit2 in temp dirs.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "integration/suites.h"

static void test_git__init_commit_and_head(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_repo_head head;
	char first[DANDE_OID_BUFSZ], second[DANDE_OID_BUFSZ];

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	CU_ASSERT_STRING_EQUAL(dande_repo_workdir(repo), dir);
	DANDE_ASSERT_OK(dande_repo_head(repo, &head));
	CU_ASSERT(head.unborn);
	CU_ASSERT_STRING_EQUAL(head.branch, "main");
	CU_ASSERT_STRING_EQUAL(head.commit, "");
	dande_repo_head_release(&head);

	dande_test_write(dir, "VERSION", "0.1.0\n");
	dande_test_write(dir, "src/a.c", "int a;\n");
	dande_test_write(dir, ".gitignore", "build/\n");
	dande_test_write(dir, "build/out.o", "junk");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "first\n", "Test", 
					      "test@example.com", 1700000000,
					      first));
	CU_ASSERT_EQUAL(strlen(first), 40);
	DANDE_ASSERT_OK(dande_repo_head(repo, &head));
	CU_ASSERT(!head.unborn && !head.detached);
	CU_ASSERT_STRING_EQUAL(head.commit, first);
	CU_ASSERT_EQUAL(strlen(head.tree), 40);
	dande_repo_head_release(&head);

	/* fixed author and time: the same content gives the same id */
	dande_test_write(dir, "VERSION", "0.1.1\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "second\n", "Test",
					      "test@example.com", 1700000100,
					      second));
	CU_ASSERT_STRING_NOT_EQUAL(first, second);
	DANDE_ASSERT_OK(dande_repo_head(repo, &head));
	CU_ASSERT_STRING_EQUAL(head.commit, second);
	dande_repo_head_release(&head);
	/* the branches (what completion offers for a REF) */
	{
		struct dande_strvec b = DANDE_STRVEC_INIT;

		DANDE_ASSERT_OK(dande_repo_branches(repo, &b));
		CU_ASSERT_EQUAL_FATAL(b.nr, 1);
		CU_ASSERT_STRING_EQUAL(b.v[0], "main");
		dande_strvec_release(&b);
	}
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_git__discover_walks_up(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL, *found = NULL;
	struct dande_buf sub = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_buf_addf(&sub, "%s/a/b", dir);
	DANDE_ASSERT_OK(dande_fs_mkdir_p(sub.ptr, 0755));
	DANDE_ASSERT_OK(dande_repo_discover(&found, sub.ptr));
	if (found) {
		CU_ASSERT_STRING_EQUAL(dande_repo_workdir(found), dir);
		DANDE_ASSERT_CONTAINS(dande_repo_gitdir(found), "/.git");
	}
	dande_repo_free(found);
	dande_repo_free(repo);
	dande_buf_release(&sub);
	dande_test_rmtree(dir);
}

static void test_git__no_repository_is_notfound(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;

	/* A temp dir may sit inside some repository; only check when not. */
	if (dande_repo_discover(&repo, "/tmp") == DANDE_ENOTFOUND) {
		DANDE_ASSERT_ERR(dande_repo_discover(&repo, dir),
				 DANDE_ENOTFOUND, "not a git repository");
		CU_ASSERT_PTR_NULL(repo);
	}
	dande_repo_free(repo);
	dande_error_clear();
	dande_test_rmtree(dir);
}

/* Point libgit2's global, XDG and system config at `dir` (NULL: back to
 * the defaults), so no identity leaks in from the machine. */
static void isolate_config(const char *dir)
{
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, dir);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, dir);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, dir);
}

static void test_git__commit_without_identity_fails_clearly(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;

	isolate_config(dir);
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "f", "x");
	DANDE_ASSERT_ERR(dande_repo_commit_all(repo, "m", NULL, NULL, 0, NULL),
			 DANDE_EEXTERNAL, "set user.name and user.email");
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n"
			 "[user]\n\tname = Ann\n"
			 "\temail = ann@example.com\n");
	dande_repo_free(repo);
	DANDE_ASSERT_OK_FATAL(dande_repo_discover(&repo, dir));
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "m", NULL, NULL, 0, NULL));
	dande_repo_free(repo);
	isolate_config(NULL);
	dande_test_rmtree(dir);
}

/* The working tree's tracked changes as one id: "" when clean, the same
 * for the same changes, staged or not; untracked files do not count. */
static void test_git__changes_id(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_repo_head head;
	char a[DANDE_OID_BUFSZ], b[DANDE_OID_BUFSZ], c[DANDE_OID_BUFSZ];

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "src/a.c", "int a;\n");
	dande_test_write(dir, "src/b.c", "int b;\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "first\n", "Test",
					      "test@example.com", 1700000000,
					      NULL));
	DANDE_ASSERT_OK(dande_repo_head(repo, &head));
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, a));
	CU_ASSERT_STRING_EQUAL(a, "");
	dande_test_write(dir, "notes.txt", "untracked\n");
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, a));
	CU_ASSERT_STRING_EQUAL(a, "");
	/* a fix not committed */
	dande_test_write(dir, "src/a.c", "int a = 1;\n");
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, a));
	CU_ASSERT_EQUAL(strlen(a), 40);
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, b));
	CU_ASSERT_STRING_EQUAL(a, b);
	/* other content, a deleted file: other ids */
	dande_test_write(dir, "src/a.c", "int a = 2;\n");
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, b));
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
	dande_test_write(dir, "src/a.c", "int a = 1;\n");
	{
		struct dande_buf p = DANDE_BUF_INIT;

		dande_buf_addf(&p, "%s/src/b.c", dir);
		unlink(p.ptr);
		dande_buf_release(&p);
	}
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, c));
	CU_ASSERT_STRING_NOT_EQUAL(a, c);
	CU_ASSERT_STRING_NOT_EQUAL(b, c);
	/* back as committed: clean again */
	dande_test_write(dir, "src/a.c", "int a;\n");
	dande_test_write(dir, "src/b.c", "int b;\n");
	DANDE_ASSERT_OK(dande_repo_changes_id(repo, head.tree, a));
	CU_ASSERT_STRING_EQUAL(a, "");
	dande_repo_head_release(&head);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_git_tests[] = {
	{ "test_git__init_commit_and_head", test_git__init_commit_and_head },
	{ "test_git__discover_walks_up", test_git__discover_walks_up },
	{ "test_git__changes_id", test_git__changes_id },
	{ "test_git__no_repository_is_notfound",
	  test_git__no_repository_is_notfound },
	{ "test_git__commit_without_identity_fails_clearly",
	  test_git__commit_without_identity_fails_clearly },
	CU_TEST_INFO_NULL
};

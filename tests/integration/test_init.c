/*
 * dande-init on empty, Python, Node and C repositories: the configuration
 * it writes works (bump check and changelog lint pass on it), existing
 * files are left alone, and --force keeps them as FILE.bak.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "integration/suites.h"


static char *read_at(const char *dir, const char *file)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;

	dande_buf_addf(&p, "%s/%s", dir, file);
	text = dande_fs_exists(p.ptr) ? dande_test_read(p.ptr) : NULL;
	dande_buf_release(&p);
	return text;
}

/* init in a fresh repository holding `file` (or nothing), then check. */
static void init_one(const char *file, const char *text, const char *version,
		     const char *project, const char *conf_line)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	if (file)
		dande_test_write(dir, file, text);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, project);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "hooks         pre-commit, "
			      "commit-msg and pre-push installed\n"
			      "  the configuration runs:\n    pre-push: ");
	/* remembered: the first hook does not announce it again */
	got = read_at(dir, ".git/dande-commands");
	CU_ASSERT_EQUAL(strlen(got), 17);
	free(got);
	got = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(got, version);
	free(got);
	got = read_at(dir, ".dande.conf");
	DANDE_ASSERT_CONTAINS(got, conf_line);
	free(got);
	got = read_at(dir, ".git/hooks/pre-push");
	DANDE_ASSERT_CONTAINS(got, "hooks run pre-push");
	free(got);
	/* what it wrote works */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "check", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "lint", NULL), 0);
	/* nothing to release yet: said so; --allow-empty releases it */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "--no-commit",
					 "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "[Unreleased] is empty");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "--no-commit",
					 "-q", "--allow-empty", NULL), 0);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_init__empty_python_node_and_c(void)
{
	init_one(NULL, NULL, "0.1.0\n", "project: no ecosystem recognised",
		 "\tprePush = \"make test-all\"\n");
	init_one("pyproject.toml", "[project]\nname = \"x\"\nversion = "
		 "\"2.3.4\"\n", "2.3.4\n", "found 2.3.4 in pyproject.toml\n"
		 "  project: Python", "\tfile = pyproject.toml\n");
	init_one("package.json", "{\n  \"name\": \"x\",\n  \"version\": "
		 "\"1.2.3\",\n  \"dependencies\": { \"y\": \"9.9.9\" }\n}\n",
		 "1.2.3\n", "project: Node",
		 "\t# coverageReports = coverage/lcov.info\t; jest --coverage "
		 "writes coverage/lcov.info\n");
	init_one("CMakeLists.txt", "cmake_minimum_required(VERSION 3.10)\n"
		 "project(calc VERSION 0.4.0 LANGUAGES C)\n", "0.4.0\n",
		 "project: C/C++ (CMake)", "\tfile = CMakeLists.txt\n");
}

static void test_init__existing_files_and_force(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", NULL), 4);
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "3.0.0\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks", "--version",
			     "1.0.0", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "VERSION       exists, left as it "
			      "is (--force to replace it)\n");
	CU_ASSERT(strstr(res.out.ptr, "hooks") == NULL);
	got = read_at(dir, ".git/hooks/pre-commit");
	CU_ASSERT_PTR_NULL(got);
	got = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(got, "3.0.0\n");
	free(got);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--version", "banana", NULL),
			2);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--force", "--version",
			     "1.0.0", "-q", NULL), 0);
	got = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(got, "1.0.0\n");
	free(got);
	got = read_at(dir, "VERSION.bak");
	CU_ASSERT_STRING_EQUAL(got, "3.0.0\n");
	free(got);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* The scheme each ecosystem's users expect (npm's `version patch` makes
 * 1.2.10 of 1.2.9), nano elsewhere unless a tag has a part over 9; the
 * version from __version__ or the highest tag HEAD reaches; a dynamic
 * version is not a version file; data/ ignored. */
static void test_init__scheme_and_version_discovery(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char head[DANDE_OID_BUFSZ];

	/* Python, dynamic version, __version__ in src/, an older tag */
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"calc\"\n"
			 "dynamic = [\"version\"]\n");
	dande_test_write(dir, "src/calc/__init__.py", "\"\"\"calc\"\"\"\n"
			 "__version__ = '1.4.2'\n");
	dande_test_write(dir, "tests/__init__.py", "__version__ = '9.9.9'\n");
	dande_test_write(dir, ".gitignore", "__pycache__/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", NULL, NULL,
					      1700000000, head));
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.4.2", "release\n", NULL, NULL));
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  scheme: semver (pyproject.toml: "
			      "its registry expects SemVer, 1.2.9 -> "
			      "1.2.10)\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "found 1.4.2 in src/calc/"
			      "__init__.py (__version__)\n  pyproject.toml: "
			      "the version is dynamic");
	got = read_at(dir, ".dande.conf");
	DANDE_ASSERT_CONTAINS(got, "\tscheme = semver\n");
	DANDE_ASSERT_CONTAINS(got, "\tfile = src/calc/__init__.py\n");
	DANDE_ASSERT_CONTAINS(got, "pattern = \"__version__ = '{version}'\"");
	CU_ASSERT_PTR_NULL(strstr(got, "file = pyproject.toml"));
	free(got);
	got = read_at(dir, ".gitignore");
	CU_ASSERT_STRING_EQUAL(got, "__pycache__/\n# dande's tracking "
			       "database and the test reports\ndata/\n"
			       "junit.xml\n");
	free(got);
	got = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(got, "1.4.2\n");
	free(got);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "check", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "--no-commit",
					 "--allow-empty", "-q", NULL), 0);
	got = read_at(dir, "src/calc/__init__.py");
	DANDE_ASSERT_CONTAINS(got, "__version__ = '1.4.3'\n");
	free(got);
	dande_repo_free(repo);
	dande_test_rmtree(dir);

	/* make only, tags: the version from the highest HEAD reaches; one
	 * with a part over 9 rules nano out; --scheme decides */
	dir = dande_test_tmpdir();
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, "Makefile", "all:\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: one\n", NULL, NULL,
					      1700000000, head));
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v0.9.9", "release\n", NULL, NULL));
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  scheme: nano (1.0.9 -> 1.1.0; "
			      "no registry");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "found 0.9.9 in tag v0.9.9\n");
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v0.9.12", "release\n", NULL, NULL));
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks",
					 "--force", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  scheme: semver (tag v0.9.12 has "
			      "a part over 9");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "found 0.9.12 in tag v0.9.12\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks",
					 "--force", "--scheme", "nano", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  scheme: nano (--scheme)\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--scheme", "odd",
					 NULL), 2);
	/* .gitignore kept as it is the second time */
	got = read_at(dir, ".gitignore");
	CU_ASSERT_STRING_EQUAL(got, "# dande's tracking database and the "
			       "test reports\ndata/\n");
	free(got);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_init_tests[] = {
	{ "test_init__scheme_and_version_discovery",
	  test_init__scheme_and_version_discovery },
	{ "test_init__empty_python_node_and_c",
	  test_init__empty_python_node_and_c },
	{ "test_init__existing_files_and_force",
	  test_init__existing_files_and_force },
	CU_TEST_INFO_NULL
};

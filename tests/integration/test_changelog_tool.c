/*
 * dande-changelog in real repositories made with libgit2: generate from a
 * few hundred conventional commits since the last release tag (and again,
 * adding nothing), release, and lint-msg on message files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/git.h"
#include "lib/test.h"
#include "integration/suites.h"

/* dande changelog ARGS..., NULL */
#define changelog(res, dir, ...) \
	dande_test_dande(res, dir, "changelog", __VA_ARGS__)

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void test_changelog_tool__generate_since_the_last_tag(void)
{
	static const char *const kinds[] = { "feat", "fix", "chore", "docs",
					     "perf(io)" };
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf msg = DANDE_BUF_INIT, body = DANDE_BUF_INIT;
	struct dande_buf path = DANDE_BUF_INIT;
	int i;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n"
			 "\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- First.\n");
	for (i = 0; i < 300; i++) {
		dande_buf_reset(&msg);
		dande_buf_reset(&body);
		dande_buf_addf(&msg, "%s: change number %d%s\n", kinds[i % 5], i,
			       i == 250 ? "\n\nBREAKING CHANGE: the API" : "");
		dande_buf_addf(&body, "%d\n", i);
		dande_test_write(dir, "counter.txt", body.ptr);
		DANDE_ASSERT_OK(dande_repo_commit_all(repo, msg.ptr, "T",
						      "t@example.com",
						      1700000000 + i, NULL));
		if (i == 99)
			DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.0.0",
						       "Release 1.0.0\n", "T",
						       "t@example.com"));
	}
	CU_ASSERT_EQUAL(dande_repo_tag(repo, "v1.0.0", "again\n", "T",
				       "t@example.com"), DANDE_EEXISTS);
	/* a preview: 200 commits since v1.0.0, 120 kept */
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "120 entries from the commits since "
			      "v1.0.0 (80 left out)");
	/* changelog.skip replaces the default list: chore is kept */
	dande_test_write(dir, ".dande.conf", "[changelog]\n\tskip = docs, ci\n");
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "160 entries from the commits since "
			      "v1.0.0 (40 left out)");
	dande_buf_addf(&path, "%s/.dande.conf", dir);
	CU_ASSERT_EQUAL(remove(path.ptr), 0);
	dande_buf_reset(&path);
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--write", "-q",
				  NULL), 0);
	dande_buf_addf(&path, "%s/CHANGELOG.md", dir);
	text = dande_test_read(path.ptr);
	CU_ASSERT_EQUAL(count(text, "- change number"), 40 + 40 - 1);
	CU_ASSERT_EQUAL(count(text, "- **io:** change number"), 40);
	CU_ASSERT_EQUAL(count(text, "### Added"), 2);
	CU_ASSERT_EQUAL(count(text, "### Fixed"), 1);
	CU_ASSERT_EQUAL(count(text, "### Changed"), 1);
	DANDE_ASSERT_CONTAINS(text, "- **BREAKING** change number 250 (");
	CU_ASSERT(strstr(text, "change number 99 ") == NULL);
	/* the same commits again: nothing more */
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "0 entries from the commits since "
			      "v1.0.0");
	free(text);
	/* --from: everything since an explicit ref */
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--from", "HEAD~5",
				  NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "since HEAD~5");
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--from", "nope",
				  NULL), 4);
	/* release it, then lint is clean */
	CU_ASSERT_EQUAL(changelog(&res, dir, "release", "1.1.0", "--date",
				  "2026-11-22", NULL), 0);
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [Unreleased]\n\n## [1.1.0] - "
			      "2026-11-22\n<!-- dande: commit ");
	DANDE_ASSERT_CONTAINS(text, ", branch main -->\n");
	free(text);
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint", NULL), 0);
	/* tagged: the last tag is on HEAD, nothing since it */
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.1.0", "Release 1.1.0\n", "T",
				       "t@example.com"));
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "0 entries from the commits since "
			      "v1.1.0");
	dande_proc_result_release(&res);
	dande_buf_release(&msg);
	dande_buf_release(&body);
	dande_buf_release(&path);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_changelog_tool__lint_msg(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	dande_test_write(dir, "good", "feat(cli): add --json\n\n# Please enter "
			 "the commit message\n");
	dande_test_write(dir, "bad", "Added a thing\n");
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint-msg", "good", NULL), 0);
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint-msg", "bad", NULL), 1);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-changelog: bad:1: the type "
			       "'Added a thing' is not a word; expected "
			       "'type(scope)!: subject' (scope and ! "
			       "optional), type one of feat, fix, docs, "
			       "style, refactor, perf, test, build, ci, "
			       "chore, revert; e.g. 'fix(parser): accept "
			       "empty files'\n");
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint-msg", "missing", NULL), 4);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* generate --all: a section per version tag the file lacks, in version
 * order among the hand-written ones (which stay as written), dated by
 * the tagged commit, then [Unreleased]; a second run adds nothing. */
static void test_changelog_tool__generate_every_release(void)
{
	static const char hand[] = "## [0.2.0] - 2020-01-01\n\n### Added\n\n"
		"- Written by hand.\n";
	char *dir = dande_test_tmpdir(), *text, *again;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf msg = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	const char *a, *b, *c;
	int i;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_buf_addf(&path, "%s/CHANGELOG.md", dir);
	/* no changelog yet: --all writes one */
	for (i = 1; i <= 9; i++) {
		dande_buf_reset(&msg);
		dande_buf_addf(&msg, "%s: change %d\n", i % 2 ? "feat" : "fix",
			       i);
		dande_test_write(dir, "n.txt", msg.ptr);
		DANDE_ASSERT_OK(dande_repo_commit_all(repo, msg.ptr, "T",
						      "t@example.com",
						      1700000000 + i * 86400,
						      NULL));
		if (i % 3 == 0) {
			dande_buf_reset(&msg);
			dande_buf_addf(&msg, "v0.%d.0", i / 3);
			DANDE_ASSERT_OK(dande_repo_tag(repo, msg.ptr, "r\n",
						       "T", "t@example.com"));
		}
	}
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--all", "-w", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "3 release sections (9 entries) "
			       "added, 0 entries under [Unreleased]\n");
	text = dande_test_read(path.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	a = strstr(text, "## [0.3.0] - 2023-11-23");
	b = strstr(text, "## [0.2.0] - 2023-11-20");
	c = strstr(text, "## [0.1.0] - 2023-11-17");
	CU_ASSERT(a && b && c && a < b && b < c);
	DANDE_ASSERT_CONTAINS(text, "## [0.1.0] - 2023-11-17\n\n### Added\n\n"
			      "- change 3 (");
	DANDE_ASSERT_CONTAINS(text, "### Fixed\n\n- change 2 (");
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint", NULL), 0);
	free(text);
	/* a file with a hand-written 0.2.0: it stays, the others join it */
	dande_test_write(dir, "CHANGELOG.md", hand);
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n"
			 "\n### Added\n\n- Coming.\n\n");
	text = dande_test_read(path.ptr);
	dande_buf_reset(&msg);
	dande_buf_addf(&msg, "%s%s", text, hand);
	dande_test_write(dir, "CHANGELOG.md", msg.ptr);
	free(text);
	dande_test_write(dir, "n.txt", "later\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: later\n", "T",
					      "t@example.com", 1700900000,
					      NULL));
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--all", "-w", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "2 release sections (6 entries) "
			       "added, 1 entry under [Unreleased]\n");
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [Unreleased]\n\n### Added\n\n- Coming.\n"
			      "- later (");
	DANDE_ASSERT_CONTAINS(text, "## [0.3.0] - 2023-11-23\n");
	DANDE_ASSERT_CONTAINS(text, hand);
	CU_ASSERT_EQUAL(count(text, "Written by hand"), 1);
	a = strstr(text, "## [0.3.0]");
	b = strstr(text, "## [0.2.0] - 2020-01-01");
	c = strstr(text, "## [0.1.0]");
	CU_ASSERT(a && b && c && a < b && b < c);
	/* once more: nothing new */
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--all", "-w", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "0 release sections (0 entries) "
			       "added, 0 entries under [Unreleased]\n");
	again = dande_test_read(path.ptr);
	CU_ASSERT_STRING_EQUAL(text, again);
	CU_ASSERT_EQUAL(changelog(&res, dir, "generate", "--all", "--from",
				  "v0.1.0", NULL), 2);
	free(text);
	free(again);
	dande_buf_release(&msg);
	dande_buf_release(&path);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}


/* [changelog] quality = true: the released section says how the release
 * stands, from the database (`changelog release` and `bump`), lint keeps
 * accepting the file, and a release without a database says nothing. */
static void test_changelog_tool__quality_line(void)
{
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf path = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_buf_addf(&path, "%s/CHANGELOG.md", dir);
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n*.lcov\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Added\n\n- One.\n");
	dande_test_write(dir, ".dande.conf", "[changelog]\n\tquality = "
			 "true\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: one\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	/* no database yet: released, no line */
	CU_ASSERT_EQUAL(changelog(&res, dir, "release", "0.9.0",
				  "--allow-empty", NULL), 0);
	text = dande_test_read(path.ptr);
	CU_ASSERT_PTR_NULL(strstr(text, "Quality:"));
	free(text);
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Added\n\n- One.\n");
	/* 1.0.0: 3 tests, one skipped, half the lines covered */
	dande_test_write(dir, "j.xml", "<testsuite><testcase classname=\"a\" "
			 "name=\"b\"/><testcase classname=\"a\" name=\"c\"/>"
			 "<testcase classname=\"a\" name=\"d\"><skipped/>"
			 "</testcase></testsuite>\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "j.xml", NULL), 0);
	dande_test_write(dir, "c.lcov", "SF:VERSION\nDA:1,1\nDA:2,0\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "ingest", "-q",
					 "c.lcov", NULL), 0);
	CU_ASSERT_EQUAL(changelog(&res, dir, "release", "1.0.0", NULL), 0);
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [1.0.0] - ");
	DANDE_ASSERT_CONTAINS(text, " -->\n\nQuality: 3 tests, all passing, "
			      "1 skipped; coverage 50.0%; none flaky.\n\n"
			      "### Added\n");
	free(text);
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint", NULL), 0);
	/* a bump: its test command's run is the release's, against 1.0.0 */
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Fixed\n\n- Two.\n\n## [1.0.0] - "
			 "2026-01-01\n\n### Added\n\n- One.\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "fix: two\n", "T",
					      "t@example.com", 1700000100,
					      NULL));
	dande_test_write(dir, "j.xml", "<testsuite><testcase classname=\"a\" "
			 "name=\"b\"/><testcase classname=\"a\" name=\"c\">"
			 "<failure/></testcase><testcase classname=\"a\" "
			 "name=\"e\"/><testcase classname=\"a\" name=\"f\"/>"
			 "</testsuite>\n");
	dande_test_write(dir, "test.sh", "dande junit ingest -q j.xml\n"
			 "dande cov ingest -q c.lcov\nexit 0\n");
	dande_test_write(dir, "c.lcov", "SF:VERSION\nDA:1,1\nDA:2,1\n"
			 "end_of_record\n");
	{
		struct dande_buf env_path = DANDE_BUF_INIT;
		const char *env[2];
		const char *args[] = { "bump", "patch", "--test", "sh test.sh",
				       NULL };

		dande_buf_addf(&env_path, "PATH=%s:%s", dande_test_bin(),
			       getenv("PATH"));
		env[0] = env_path.ptr;
		env[1] = NULL;
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env, "dande", args),
				0);
		dande_buf_release(&env_path);
	}
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "Quality: 4 tests (+1), 1 failing; "
			      "coverage 100.0% (+50.0); none flaky.\n\n"
			      "### Fixed\n");
	free(text);
	CU_ASSERT_EQUAL(changelog(&res, dir, "lint", NULL), 0);
	/* and it is what was committed */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "check", NULL), 0);
	dande_buf_release(&path);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_changelog_tool_tests[] = {
	{ "test_changelog_tool__quality_line",
	  test_changelog_tool__quality_line },
	{ "test_changelog_tool__generate_every_release",
	  test_changelog_tool__generate_every_release },
	{ "test_changelog_tool__generate_since_the_last_tag",
	  test_changelog_tool__generate_since_the_last_tag },
	{ "test_changelog_tool__lint_msg", test_changelog_tool__lint_msg },
	CU_TEST_INFO_NULL
};

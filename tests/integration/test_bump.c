/*
 * dande-bump in real repositories made with libgit2: a full bump commits
 * and tags exactly the changed files; a failing test, a failed write half
 * way and every refusal leave every byte, the index and the refs as they
 * were.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "dande/bump.h"
#include "dande/db.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "util/fs_int.h"
#include "release/bump_int.h"
#include "lib/test.h"
#include "integration/suites.h"

static const char *const files[] = {
	"VERSION", "package.json", "pyproject.toml", "include/version.h",
	"CHANGELOG.md", ".dande.conf"
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static struct dande_repo *make_project(const char *dir)
{
	struct dande_repo *repo = NULL;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_repo_free(repo);
	DANDE_ASSERT_OK(dande_repo_discover(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.8\n");
	dande_test_write(dir, "package.json", "{\n  \"name\": \"p\",\n  "
			 "\"dependencies\": { \"x\": \"1.0.8\" },\n  "
			 "\"version\": \"1.0.8\"\n}\n");
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"p\"\n"
			 "version = \"1.0.8\"\n");
	dande_test_write(dir, "include/version.h", "#define P_VERSION "
			 "\"1.0.8\"\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Fixed\n\n- A bug.\n\n## [1.0.8] - 2026-01-01"
			 "\n\n### Added\n\n- First.\n");
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "\tfile = pyproject.toml\n\tfile = include/version.h\n"
			 "[bump \"include/version.h\"]\n\tdefine = P_VERSION\n");
	dande_test_write(dir, ".gitignore", "data/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	return repo;
}

/* Every project file's bytes, joined, to compare before and after. */
static char *snapshot(const char *dir)
{
	struct dande_buf all = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < NFILES; i++) {
		char *t;

		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/%s", dir, files[i]);
		t = dande_test_read(p.ptr);
		dande_buf_addf(&all, "== %s\n%s", files[i], t ? t : "(none)");
		free(t);
	}
	dande_buf_release(&p);
	return dande_buf_detach(&all, NULL);
}

/* dande bump ARGS..., NULL */
#define bump(res, dir, ...) \
	dande_test_dande(res, dir, "bump", __VA_ARGS__)

static void head_of(struct dande_repo *repo, char *out)
{
	struct dande_repo_head h;

	dande_repo_head(repo, &h);
	memcpy(out, h.commit, DANDE_OID_BUFSZ);
	dande_repo_head_release(&h);
}

/* The options of make_project()'s configuration, built by hand. */
static void project_opts(struct dande_bump_opts *o, const char *dir,
			 struct dande_repo *repo, struct dande_strvec *fl,
			 struct dande_strvec *args)
{
	dande_strvec_push(fl, "package.json");
	dande_strvec_push(fl, "pyproject.toml");
	dande_strvec_push(fl, "include/version.h");
	dande_strvec_push(args, "include/version.h\tdefine\tP_VERSION");
	memset(o, 0, sizeof(*o));
	o->root = dir;
	o->repo = repo;
	o->scheme = DANDE_VER_NANO;
	o->rollover = 10;
	o->files = fl;
	o->file_args = args;
	o->changelog = "CHANGELOG.md";
	o->commit = o->tag = 1;
	/* these tests are about the mechanics: bump again and again */
	o->allow_empty = 1;
}

static char *read_at(const char *dir, const char *file)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;

	dande_fs_join(&p, dir, file);
	text = dande_test_read(p.ptr);
	dande_buf_release(&p);
	return text;
}

static int exists_at(const char *dir, const char *file)
{
	struct dande_buf p = DANDE_BUF_INIT;
	int r;

	dande_fs_join(&p, dir, file);
	r = dande_fs_exists(p.ptr);
	dande_buf_release(&p);
	return r;
}

static void test_bump__commits_and_tags_the_changed_files(void)
{
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_strvec dirty = DANDE_STRVEC_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	char before[DANDE_OID_BUFSZ], after[DANDE_OID_BUFSZ];

	head_of(repo, before);
	CU_ASSERT_EQUAL(bump(&res, dir, "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"old\": \"1.0.8\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"new\": \"1.0.9\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"tag\": \"v1.0.9\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"files\": [\n    \"VERSION\",\n"
			      "    \"package.json\",\n    \"pyproject.toml\",\n"
			      "    \"include/version.h\",\n    "
			      "\"CHANGELOG.md\"\n  ]");
	head_of(repo, after);
	CU_ASSERT_STRING_NOT_EQUAL(before, after);
	CU_ASSERT(dande_repo_tag_exists(repo, "v1.0.9"));
	/* everything committed: nothing left dirty */
	DANDE_ASSERT_OK(dande_repo_dirty(repo, &dirty));
	CU_ASSERT_EQUAL(dirty.nr, 0);
	dande_buf_addf(&p, "%s/package.json", dir);
	text = dande_test_read(p.ptr);
	DANDE_ASSERT_CONTAINS(text, "\"x\": \"1.0.8\"");	/* untouched */
	DANDE_ASSERT_CONTAINS(text, "\"version\": \"1.0.9\"");
	free(text);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/CHANGELOG.md", dir);
	text = dande_test_read(p.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [Unreleased]\n\n## [1.0.9] - ");
	free(text);
	/* the drift check passes, and records are there */
	CU_ASSERT_EQUAL(bump(&res, dir, "check", NULL), 0);
	/* [Unreleased] is empty now: nothing to release, until a commit
	 * says what changed, which fills it */
	CU_ASSERT_EQUAL(bump(&res, dir, "minor", "-q", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "CHANGELOG.md:3: [Unreleased] is "
			      "empty: nothing to release");
	dande_test_write(dir, "src/x.c", "int x;\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat(cli): the x "
					      "command\n", "Ann",
					      "ann@example.com", 1700000100,
					      NULL));
	CU_ASSERT_EQUAL(bump(&res, dir, "minor", "-q", "--no-generate", NULL),
			3);
	CU_ASSERT_EQUAL(bump(&res, dir, "minor", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "changelog: 1 entry from the "
			      "commits since v1.0.9\n");
	CU_ASSERT(dande_repo_tag_exists(repo, "v1.1.0"));
	text = read_at(dir, "CHANGELOG.md");
	DANDE_ASSERT_CONTAINS(text, "## [1.1.0] - ");
	DANDE_ASSERT_CONTAINS(text, "### Added\n\n- **cli:** the x command (");
	free(text);
	{
		const char *q[] = { "db", "query", "SELECT version, previous, "
				    "level, tag FROM versions ORDER BY id",
				    "--format", "csv", NULL };

		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", q), 0);
		CU_ASSERT_STRING_EQUAL(res.out.ptr, "version,previous,level,tag\n"
				       "1.0.9,1.0.8,nano,v1.0.9\n"
				       "1.1.0,1.0.9,minor,v1.1.0\n");
	}
	/* a file changed by hand: drift */
	dande_test_write(dir, "pyproject.toml", "[project]\nversion = "
			 "\"1.0.0\"\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "check", NULL), 1);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "pyproject.toml:2: holds 1.0.0, "
			       "VERSION holds 1.1.0\n");
	dande_strvec_release(&dirty);
	dande_proc_result_release(&res);
	dande_buf_release(&p);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_bump__a_failing_test_restores_every_byte(void)
{
	char *dir = dande_test_tmpdir(), *before, *after;
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char h1[DANDE_OID_BUFSZ], h2[DANDE_OID_BUFSZ];

	before = snapshot(dir);
	head_of(repo, h1);
	CU_ASSERT_EQUAL(bump(&res, dir, "--test",
			     "sh -c 'test \"a b\" = c || exit 3'", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "failed (exit 3): nothing bumped");
	after = snapshot(dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	head_of(repo, h2);
	CU_ASSERT_STRING_EQUAL(h1, h2);
	CU_ASSERT(!dande_repo_tag_exists(repo, "v1.0.9"));
	{
		const char *q[] = { "db", "query", "SELECT outcome, exit_code "
				    "FROM trial_runs", "--format", "csv", NULL };

		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", q), 0);
		CU_ASSERT_STRING_EQUAL(res.out.ptr, "outcome,exit_code\n"
				       "failed,3\n");
	}
	/* and a passing one goes through */
	CU_ASSERT_EQUAL(bump(&res, dir, "--test", "sh -c \"exit 0\"", "-q",
			     NULL), 0);
	CU_ASSERT(dande_repo_tag_exists(repo, "v1.0.9"));
	free(before);
	free(after);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_bump__a_failed_write_half_way_restores_every_byte(void)
{
	char *dir = dande_test_tmpdir(), *before, *after;
	struct dande_repo *repo = make_project(dir);
	struct dande_strvec fl = DANDE_STRVEC_INIT, args = DANDE_STRVEC_INIT;
	struct dande_bump_opts o;
	struct dande_bump_plan p;
	char commit[DANDE_OID_BUFSZ], h1[DANDE_OID_BUFSZ], h2[DANDE_OID_BUFSZ];

	before = snapshot(dir);
	head_of(repo, h1);
	project_opts(&o, dir, repo, &fl, &args);
	DANDE_ASSERT_OK_FATAL(dande_bump_plan(&p, &o));
	/* the third file's write fails: the first two go back */
	/* (write 1 is the journal) */
	dande_fs__fail_write_after(4);
	CU_ASSERT_EQUAL(dande_bump_apply(&p, &o, commit), DANDE_EEXTERNAL);
	dande_fs__fail_write_after(0);
	CU_ASSERT(!exists_at(dir, ".git/dande-bump.journal"));
	DANDE_ASSERT_CONTAINS(dande_error_last()->message, "pyproject.toml");
	CU_ASSERT_STRING_EQUAL(commit, "");
	after = snapshot(dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	head_of(repo, h2);
	CU_ASSERT_STRING_EQUAL(h1, h2);
	CU_ASSERT(!dande_repo_tag_exists(repo, "v1.0.9"));
	dande_bump_plan_release(&p);
	dande_strvec_release(&fl);
	dande_strvec_release(&args);
	free(before);
	free(after);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_bump__refusals_change_nothing(void)
{
	char *dir = dande_test_tmpdir(), *before, *after;
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	before = snapshot(dir);
	/* a tag that exists */
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.0.9", "x\n", "Ann",
				       "ann@example.com"));
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: tag 'v1.0.9' exists "
			       "already\n");
	DANDE_ASSERT_OK(dande_repo_tag_delete(repo, "v1.0.9"));
	/* a version that was never tagged (a bump that died, before):
	 * not bumped over */
	DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.0.7", "x\n", "Ann",
				       "ann@example.com"));
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 1);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "VERSION:1: holds 1.0.8, but the "
			       "last tag is v1.0.7 (expected v1.0.8)\n"
			       "dande-bump: not bumping from an inconsistent "
			       "state: fix what 'dande bump check' says above "
			       "(or --force)\n");
	DANDE_ASSERT_OK(dande_repo_tag_delete(repo, "v1.0.7"));
	/* --set not greater */
	CU_ASSERT_EQUAL(bump(&res, dir, "--set", "1.0.0", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "--set 1.0.0 is not greater than "
			      "1.0.8");
	CU_ASSERT_EQUAL(bump(&res, dir, "--set", "banana", NULL), 2);
	CU_ASSERT_EQUAL(bump(&res, dir, "sideways", NULL), 2);
	/* a dirty tree */
	dande_test_write(dir, "other.txt", "x\n");
	{
		struct dande_repo *r2 = NULL;

		dande_repo_discover(&r2, dir);
		dande_repo_commit_all(r2, "chore: other\n", "Ann",
				      "ann@example.com", 1700000100, NULL);
		dande_repo_free(r2);
	}
	dande_test_write(dir, "other.txt", "changed\n");
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: 'other.txt' has "
			       "uncommitted changes: commit or stash them (or "
			       "--allow-dirty)\n");
	dande_test_write(dir, "other.txt", "x\n");
	/* a file that does not hold the version */
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"p\"\n"
			 "version = \"2.0.0\"\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-dirty", NULL), 3);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: pyproject.toml:3: "
			       "holds '2.0.0', not the current version '1.0.8' "
			       "(VERSION)\n");
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"p\"\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-dirty", NULL), 3);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: pyproject.toml: no "
			       "project.version or tool.poetry.version found\n");
	/* a file that is not UTF-8 */
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"caf\xe9\"\n"
			 "version = \"1.0.8\"\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-dirty", NULL), 3);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: pyproject.toml:2: "
			       "invalid UTF-8\n");
	dande_test_write(dir, "pyproject.toml", "[project]\nname = \"p\"\n"
			 "version = \"1.0.8\"\n");
	/* garbage in VERSION */
	dande_test_write(dir, "VERSION", "one point oh\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-dirty", NULL), 3);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-bump: VERSION:1: 'one point "
			       "oh' is not a version (MAJOR.MINOR.PATCH)\n");
	dande_test_write(dir, "VERSION", "1.0.8\n");
	after = snapshot(dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_bump__bare_unborn_and_detached_are_refused(void)
{
	char *dir = dande_test_tmpdir(), *text, h[DANDE_OID_BUFSZ];
	struct dande_repo *repo = NULL;
	git_repository *bare = NULL;
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	git_libgit2_init();
	CU_ASSERT_EQUAL_FATAL(git_repository_init(&bare, dir, 1), 0);
	git_repository_free(bare);
	git_libgit2_shutdown();
	dande_test_write(dir, "VERSION", "1.0.8\n");
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "is a bare repository: no working "
			      "tree to bump\n");
	dande_buf_addf(&path, "%s/VERSION", dir);
	text = dande_test_read(path.ptr);
	CU_ASSERT_STRING_EQUAL(text, "1.0.8\n");
	free(text);
	dande_buf_release(&path);
	dande_test_rmtree(dir);
	/* a repository without a commit */
	dir = dande_test_tmpdir();
	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_repo_free(repo);
	dande_test_write(dir, "VERSION", "1.0.8\n");
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no commits yet");
	dande_test_rmtree(dir);
	/* a detached HEAD */
	dir = dande_test_tmpdir();
	repo = make_project(dir);
	head_of(repo, h);
	dande_repo_free(repo);
	dande_buf_addf(&path, "%s\n", h);
	dande_test_write(dir, ".git/HEAD", path.ptr);
	dande_buf_release(&path);
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "HEAD is detached");
	CU_ASSERT_EQUAL(bump(&res, dir, "--no-commit", "-q", NULL), 0);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static void test_bump__auto_reads_the_commits(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK(dande_repo_tag(repo, "v1.0.8", "1.0.8\n", "Ann",
				       "ann@example.com"));
	CU_ASSERT_EQUAL(bump(&res, dir, "auto", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no feat, fix, perf or breaking "
			      "commit since v1.0.8");
	dande_test_write(dir, "a.txt", "a\n");
	dande_repo_commit_all(repo, "fix: one\n", "Ann", "ann@example.com",
			      1700000200, NULL);
	dande_test_write(dir, "b.txt", "b\n");
	dande_repo_commit_all(repo, "feat(api): two\n", "Ann",
			      "ann@example.com", 1700000300, NULL);
	CU_ASSERT_EQUAL(bump(&res, dir, "auto", "--dry-run", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "auto: minor, decided by:\n  ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, " feat(api): two\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "+1.1.0\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "would tag:    v1.1.0\n");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/*
 * Four bumps at once, five rounds: exactly one wins each round (exit 0),
 * the others exit 4 saying another bump is running and change nothing;
 * after the rounds VERSION went up five times, each tag on the branch.
 */
static void test_bump__concurrent_bumps_one_wins(void)
{
	char *dir = dande_test_tmpdir(), *outs = dande_test_tmpdir();
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf script = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	static const char *const versions[] = { "1.0.9", "1.1.0", "1.1.1",
		"1.1.2", "1.1.3" };
	int round, i, wins, busy;

	for (round = 0; round < 5; round++) {
		const char *argv[] = { "sh", "-c", NULL, NULL };

		dande_buf_reset(&script);
		dande_buf_addf(&script, "for i in 1 2 3 4; do (%s/dande bump -q "
			       "--allow-empty --test 'sleep 1' >/dev/null 2>%s/err.$i; echo $? "
			       ">%s/rc.$i) & done; wait", dande_test_bin(),
			       outs, outs);
		argv[2] = script.ptr;
		CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, argv), 0);
		for (i = 1, wins = busy = 0; i <= 4; i++) {
			char *rc, *err;

			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/rc.%d", outs, i);
			rc = dande_test_read(p.ptr);
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/err.%d", outs, i);
			err = dande_test_read(p.ptr);
			if (rc && atoi(rc) == 0)
				wins++;
			else if (rc && atoi(rc) == 4 && err &&
				 strstr(err, "another bump is running (pid "))
				busy++;
			else
				DANDE_FAIL(err ? err : "no stderr");
			free(rc);
			free(err);
		}
		CU_ASSERT_EQUAL(wins, 1);
		CU_ASSERT_EQUAL(busy, 3);
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/VERSION", dir);
		{
			char *v = dande_test_read(p.ptr);
			char tag[32];

			CU_ASSERT_EQUAL(strncmp(v, versions[round],
						strlen(versions[round])), 0);
			snprintf(tag, sizeof(tag), "v%s", versions[round]);
			CU_ASSERT(dande_repo_tag_exists(repo, tag));
			free(v);
		}
	}
	/* the lock is gone with the winner */
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/dande-bump.lock", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	dande_buf_release(&script);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
	dande_test_rmtree(outs);
}

/* A lock left on another host is named, with how to remove it, and
 * nothing is changed; one left by a bump that died here is taken over; a
 * HEAD that moved under a commit is not overwritten. */
static void test_bump__stale_lock_and_moved_head(void)
{
	char *dir = dande_test_tmpdir(), *before, *after;
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf lock = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	char host[256] = "", h1[DANDE_OID_BUFSZ], out[DANDE_OID_BUFSZ];
	const char *paths[] = { "VERSION", NULL };
	long pid = 999999;

	while (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		pid++;
	gethostname(host, sizeof(host) - 1);
	dande_buf_addf(&lock, "%s/.git/dande-bump.lock", dir);
	/* taken on another host: it cannot be tested, so it is named */
	dande_test_write(dir, ".git/dande-bump.lock", "42 elsewhere.example\n");
	before = snapshot(dir);
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 4);
	dande_buf_addf(&text, "a bump lock '%s' taken on elsewhere.example "
		       "(pid 42): when no bump is running there, remove it "
		       "with: rm '%s'", lock.ptr, lock.ptr);
	DANDE_ASSERT_CONTAINS(res.err.ptr, text.ptr);
	after = snapshot(dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT(dande_fs_exists(lock.ptr));
	/* left on this host by a bump that died (nobody holds its flock):
	 * taken over, said so */
	dande_buf_reset(&text);
	dande_buf_addf(&text, "%ld %s\n", pid, host);
	dande_test_write(dir, ".git/dande-bump.lock", text.ptr);
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 0);
	dande_buf_reset(&text);
	dande_buf_addf(&text, "took over the lock '%s' of a bump that died "
		       "(pid %ld)", lock.ptr, pid);
	DANDE_ASSERT_CONTAINS(res.err.ptr, text.ptr);
	free(after);
	after = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(after, "1.0.9\n");
	CU_ASSERT(!dande_fs_exists(lock.ptr));
	/* the commit refuses a HEAD that is not the one planned on */
	head_of(repo, h1);
	dande_test_write(dir, "VERSION", "9.9.9\n");
	DANDE_ASSERT_ERR(dande_repo_commit_paths(repo, paths, 1, "x\n",
						 "0000000000000000000000000000"
						 "000000000000", out),
			 DANDE_EBUSY, "HEAD moved");
	/* an undo never moves a branch that is not at the commit undone */
	DANDE_ASSERT_OK(dande_repo_commit_paths(repo, paths, 1, "y\n", h1,
						out));
	DANDE_ASSERT_ERR(dande_repo_undo_commit(repo, h1, h1, paths, 1),
			 DANDE_EBUSY, "the branch moved since");
	{
		char now[DANDE_OID_BUFSZ];

		head_of(repo, now);
		CU_ASSERT_STRING_EQUAL(now, out);
	}
	DANDE_ASSERT_OK(dande_repo_undo_commit(repo, h1, out, paths, 1));
	{
		char now[DANDE_OID_BUFSZ];

		head_of(repo, now);
		CU_ASSERT_STRING_EQUAL(now, h1);
	}
	free(before);
	free(after);
	dande_buf_release(&lock);
	dande_buf_release(&text);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* A journal left by a bump killed after its commit: the next command
 * rolls it back, commit included; one killed after its tag: completed,
 * recorded once, not bumped twice. */
static void test_bump__a_journal_is_settled_by_the_next_command(void)
{
	char *dir = dande_test_tmpdir(), *before, *after;
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_strvec fl = DANDE_STRVEC_INIT, args = DANDE_STRVEC_INIT;
	struct dande_bump_opts o;
	struct dande_bump_plan p;
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char commit[DANDE_OID_BUFSZ], h0[DANDE_OID_BUFSZ], now[DANDE_OID_BUFSZ];
	const char *paths[8];
	long rows = -1;
	size_t i;

	before = snapshot(dir);
	head_of(repo, h0);
	project_opts(&o, dir, repo, &fl, &args);
	DANDE_ASSERT_OK_FATAL(dande_bump_plan(&p, &o));
	CU_ASSERT_FATAL(p.nfiles <= 8);
	/* killed after the commit, before the tag */
	DANDE_ASSERT_OK(dande_bump_journal_begin(&p, &o));
	for (i = 0; i < p.nfiles; i++) {
		dande_buf_reset(&path);
		dande_fs_join(&path, dir, p.files[i].path);
		DANDE_ASSERT_OK(dande_fs_write_atomic(path.ptr,
						      p.files[i].new.ptr,
						      p.files[i].new.len));
		paths[i] = p.files[i].path;
	}
	DANDE_ASSERT_OK(dande_repo_commit_paths(repo, paths, p.nfiles,
						p.message.ptr, h0, commit));
	dande_test_write(dir, "include/version.h.dande-tmp-AbC123", "x");
	/* the in-process check (the pre-commit hook's) names it */
	{
		struct dande_buf found = DANDE_BUF_INIT;
		size_t n = 0;

		DANDE_ASSERT_OK(dande_bump_check(&o, 1, &found, &n));
		CU_ASSERT(n >= 1);
		DANDE_ASSERT_CONTAINS(found.ptr, "dande-bump.journal: a bump "
				      "was interrupted; 'dande bump check' or "
				      "'dande bump' settles it\n");
		dande_buf_release(&found);
	}
	/* any command settles it first, and says so */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "lint", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-changelog: an interrupted "
			      "bump 1.0.8 \xe2\x86\x92 1.0.9 was rolled back: "
			      "5 files restored, its commit undone\n");
	after = snapshot(dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(after);
	head_of(repo, now);
	CU_ASSERT_STRING_EQUAL(now, h0);
	CU_ASSERT(!exists_at(dir, ".git/dande-bump.journal"));
	CU_ASSERT(!exists_at(dir, "include/version.h.dande-tmp-AbC123"));
	/* killed after the tag, before its record */
	DANDE_ASSERT_OK(dande_bump_apply(&p, &o, commit));
	DANDE_ASSERT_OK(dande_bump_journal_begin(&p, &o));
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "an interrupted bump 1.0.8 \xe2\x86"
			      "\x92 1.0.9 had made its commit and tag: "
			      "completed\n");
	after = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(after, "1.0.9\n");
	free(after);
	head_of(repo, now);
	CU_ASSERT_STRING_EQUAL(now, commit);
	CU_ASSERT(!exists_at(dir, ".git/dande-bump.journal"));
	dande_buf_reset(&path);
	dande_fs_join(&path, dir, "data/DandE.db");
	DANDE_ASSERT_OK(dande_db_open(&db, path.ptr, 0, 5000));
	DANDE_ASSERT_OK(dande_db_query(db, "SELECT count(*) FROM versions "
				       "WHERE version = '1.0.9'",
				       dande_test_first_int, &rows));
	CU_ASSERT_EQUAL(rows, 1);
	dande_db_close(db);
	/* a journal dande cannot read is named, and nothing changes */
	dande_test_write(dir, ".git/dande-bump.journal", "garbage\n");
	CU_ASSERT_EQUAL(bump(&res, dir, NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-bump.journal: not a bump "
			      "journal dande can read");
	after = read_at(dir, "VERSION");
	CU_ASSERT_STRING_EQUAL(after, "1.0.9\n");
	free(after);
	/* --continue: the version the killed bump was making */
	dande_buf_reset(&path);
	dande_fs_join(&path, dir, ".git/dande-bump.journal");
	unlink(path.ptr);
	CU_ASSERT_EQUAL(bump(&res, dir, "--continue", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no interrupted bump to continue");
	CU_ASSERT_EQUAL(bump(&res, dir, "--continue", "minor", NULL), 2);
	dande_bump_plan_release(&p);
	o.set = "1.2.0";
	DANDE_ASSERT_OK_FATAL(dande_bump_plan(&p, &o));
	DANDE_ASSERT_OK(dande_bump_journal_begin(&p, &o));
	dande_test_write(dir, "VERSION", "1.2.0\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--continue", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "1.0.9 \xe2\x86\x92 1.2.0 was "
			      "rolled back");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "1.0.9 \xe2\x86\x92 1.2.0 (set)");
	CU_ASSERT(dande_repo_tag_exists(repo, "v1.2.0"));
	CU_ASSERT(!exists_at(dir, ".git/dande-bump.journal"));
	dande_bump_plan_release(&p);
	dande_strvec_release(&fl);
	dande_strvec_release(&args);
	dande_buf_release(&path);
	free(before);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* The release commit passes dande's own hooks: its message is a
 * conventional one (the old "Bump version: ..." was refused by the
 * commit-msg hook), and the tree it leaves passes pre-commit. */
static void test_bump__the_release_commit_passes_the_hooks(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = make_project(dir);
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *log[] = { "git", "log", "-1", "--format=%B", NULL };
	const char *pre[] = { "run", "pre-commit", NULL };

	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "hooks", "install", "-q",
					 NULL), 0);
	CU_ASSERT_EQUAL(bump(&res, dir, "-q", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, log), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "chore(release): 1.0.9\n\n");
	dande_test_write(dir, ".git/MSG", res.out.ptr);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "lint-msg",
					 ".git/MSG", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande-hooks", pre),
			0);
	/* bump.message still decides */
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "\tfile = pyproject.toml\n\tfile = "
			 "include/version.h\n\tmessage = release: {old} to "
			 "{new}\n[bump \"include/version.h\"]\n\tdefine = "
			 "P_VERSION\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "chore: message\n", "Ann",
					      "ann@example.com", 1700000100,
					      NULL));
	CU_ASSERT_EQUAL(bump(&res, dir, "-q", "--allow-empty", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, log), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "release: 1.0.9 to 1.1.0\n\n");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* A project made of the files at tests/data/bump/<fixture> (`names`),
 * VERSION 1.2.9, `conf` as .dande.conf, committed. */
static struct dande_repo *fixture_project(const char *dir,
					  const char *fixture,
					  const char *const *names,
					  const char *conf)
{
	struct dande_repo *repo = NULL;
	size_t i;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	for (i = 0; names[i]; i++) {
		struct dande_buf p = DANDE_BUF_INIT;
		char *text;

		dande_buf_addf(&p, "%s/bump/%s/%s", dande_test_data(), fixture,
			       names[i]);
		text = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		dande_test_write(dir, names[i], text);
		free(text);
		dande_buf_release(&p);
	}
	dande_test_write(dir, "VERSION", "1.2.9\n");
	dande_test_write(dir, ".dande.conf", conf);
	dande_test_write(dir, ".gitignore", "data/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	return repo;
}

/* npm's lock files move with package.json (both of their places), the
 * crate's own entry of Cargo.lock with Cargo.toml; other packages'
 * versions stay.  Lock files made by npm and cargo. */
static void test_bump__lock_files_follow_their_manifest(void)
{
	static const char *const npm[] = { "package.json",
		"package-lock.json", "util/package.json", NULL };
	static const char *const cargo[] = { "Cargo.toml", "Cargo.lock",
		"src/lib.rs", "util/Cargo.toml", "util/src/lib.rs", NULL };
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = fixture_project(dir, "npm-project", npm,
		"[bump]\n\tfile = package.json\n");
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-empty", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"package.json\",\n    "
			      "\"package-lock.json\"");
	text = read_at(dir, "package-lock.json");
	DANDE_ASSERT_CONTAINS(text, "{\n  \"name\": \"calc\",\n  \"version\": "
			      "\"1.3.0\",");
	DANDE_ASSERT_CONTAINS(text, "\"\": {\n      \"name\": \"calc\",\n"
			      "      \"version\": \"1.3.0\",");
	DANDE_ASSERT_CONTAINS(text, "\"util\": {\n      \"version\": "
			      "\"0.3.1\"");
	free(text);
	CU_ASSERT_EQUAL(bump(&res, dir, "check", NULL), 0);
	/* a lock left behind is drift, named at its line */
	dande_test_write(dir, "package-lock.json", "{\n  \"name\": \"calc\",\n"
			 "  \"version\": \"1.3.0\",\n  \"packages\": {\n    "
			 "\"\": {\n      \"version\": \"1.2.9\"\n    }\n  }\n}\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "check", NULL), 1);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "package-lock.json:6: holds "
			       "1.2.9, VERSION holds 1.3.0\n");
	dande_repo_free(repo);
	dande_test_rmtree(dir);

	dir = dande_test_tmpdir();
	repo = fixture_project(dir, "cargo-project", cargo,
			       "[bump]\n\tfile = Cargo.toml\n");
	CU_ASSERT_EQUAL(bump(&res, dir, "--allow-empty", "-q", NULL), 0);
	text = read_at(dir, "Cargo.lock");
	DANDE_ASSERT_CONTAINS(text, "[[package]]\nname = \"util\"\nversion = "
			      "\"0.3.1\"\n\n[[package]]\nname = \"web\"\n"
			      "version = \"1.3.0\"\n");
	free(text);
	text = read_at(dir, "Cargo.toml");
	DANDE_ASSERT_CONTAINS(text, "version = \"1.3.0\"");
	DANDE_ASSERT_CONTAINS(text, "version = \"0.3.1\" }");
	free(text);
	CU_ASSERT_EQUAL(bump(&res, dir, "check", NULL), 0);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}


/* A bump that carries its reason (the documents' version_bump "Added new
 * feature"): an entry of the release under the section its first word
 * names, the release commit's body, versions.message; a one-word
 * argument stays a level; a reason of two lines is refused. */
static void test_bump__carries_its_message(void)
{
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf path = DANDE_BUF_INIT;
	char head[DANDE_OID_BUFSZ];

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, ".gitignore", "data/\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n"
			 "\n### Fixed\n\n- A crash.\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: one\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	CU_ASSERT_EQUAL(bump(&res, dir, "minor", "Added export to CSV", NULL),
			0);
	dande_buf_addf(&path, "%s/CHANGELOG.md", dir);
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [1.1.0] - ");
	DANDE_ASSERT_CONTAINS(text, "### Added\n\n- Export to CSV\n\n### Fixed"
			      "\n\n- A crash.\n");
	free(text);
	/* the release commit's body says why (read with libgit2) */
	head_of(repo, head);
	{
		git_repository *g = NULL;
		git_commit *c = NULL;
		git_oid id;

		CU_ASSERT_EQUAL_FATAL(git_repository_open(&g, dir), 0);
		CU_ASSERT_EQUAL(git_oid_fromstr(&id, head), 0);
		CU_ASSERT_EQUAL_FATAL(git_commit_lookup(&c, g, &id), 0);
		CU_ASSERT_STRING_EQUAL(git_commit_message(c), "chore(release):"
				       " 1.1.0\n\nAdded export to CSV\n");
		git_commit_free(c);
		git_repository_free(g);
	}
	/* -e, a reason no verb starts: under Changed, as written */
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n"
			 "\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "docs: x\n", "T",
					      "t@example.com", 1700000100,
					      NULL));
	CU_ASSERT_EQUAL(bump(&res, dir, "-e", "Faster start-up", NULL), 0);
	text = dande_test_read(path.ptr);
	DANDE_ASSERT_CONTAINS(text, "## [1.1.1] - ");
	DANDE_ASSERT_CONTAINS(text, "### Changed\n\n- Faster start-up\n");
	free(text);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "version, level, message FROM versions "
					 "ORDER BY id", "--format", "csv", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "version,level,message\n1.1.0,"
			       "minor,Added export to CSV\n1.1.1,nano,Faster "
			       "start-up\n");
	/* refused, nothing changed */
	CU_ASSERT_EQUAL(bump(&res, dir, "minr", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "unknown level 'minr'");
	CU_ASSERT_EQUAL(bump(&res, dir, "Fixed x", "-e", "y", NULL), 2);
	CU_ASSERT_EQUAL(bump(&res, dir, "-e", "Fixed x\nand y", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "one line of text");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "check", NULL), 0);
	dande_buf_release(&path);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_bump_tests[] = {
	{ "test_bump__carries_its_message", test_bump__carries_its_message },
	{ "test_bump__lock_files_follow_their_manifest",
	  test_bump__lock_files_follow_their_manifest },
	{ "test_bump__the_release_commit_passes_the_hooks",
	  test_bump__the_release_commit_passes_the_hooks },
	{ "test_bump__a_journal_is_settled_by_the_next_command",
	  test_bump__a_journal_is_settled_by_the_next_command },
	{ "test_bump__concurrent_bumps_one_wins",
	  test_bump__concurrent_bumps_one_wins },
	{ "test_bump__stale_lock_and_moved_head",
	  test_bump__stale_lock_and_moved_head },
	{ "test_bump__commits_and_tags_the_changed_files",
	  test_bump__commits_and_tags_the_changed_files },
	{ "test_bump__a_failing_test_restores_every_byte",
	  test_bump__a_failing_test_restores_every_byte },
	{ "test_bump__a_failed_write_half_way_restores_every_byte",
	  test_bump__a_failed_write_half_way_restores_every_byte },
	{ "test_bump__refusals_change_nothing",
	  test_bump__refusals_change_nothing },
	{ "test_bump__bare_unborn_and_detached_are_refused",
	  test_bump__bare_unborn_and_detached_are_refused },
	{ "test_bump__auto_reads_the_commits",
	  test_bump__auto_reads_the_commits },
	CU_TEST_INFO_NULL
};

/*
 * dande-hooks with the real git program (the hook is what is under test):
 * install beside a foreign hook, then `git commit` blocked by a version
 * drift, a broken changelog and a non-conventional message, allowed with
 * SKIP=, the foreign hook chained; core.hooksPath; uninstall restores.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dande/config.h"
#include "dande/git.h"
#include "dande/hooks.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

/* dande hooks ARGS..., NULL */
#define hooks(res, dir, ...) \
	dande_test_dande(res, dir, "hooks", __VA_ARGS__)

/* git with `args` (NULL-terminated) in `dir`; `skip` sets SKIP. */
static int git(struct dande_proc_result *res, const char *dir,
	       const char *skip, ...)
{
	struct dande_strvec argv = DANDE_STRVEC_INIT, env = DANDE_STRVEC_INIT;
	const char *a;
	va_list ap;
	int r;

	dande_strvec_push(&argv, "git");
	va_start(ap, skip);
	while ((a = va_arg(ap, const char *)))
		dande_strvec_push(&argv, a);
	va_end(ap);
	dande_strvec_push(&env, "GIT_DIR");
	if (skip)
		dande_strvec_pushf(&env, "SKIP=%s", skip);
	r = dande_test_run(res, dir, (const char *const *)env.v,
			   (const char *const *)argv.v);
	dande_strvec_release(&argv);
	dande_strvec_release(&env);
	return r;
}

static void head_of(struct dande_repo *repo, char *out)
{
	struct dande_repo_head h;

	dande_repo_head(repo, &h);
	memcpy(out, h.commit, DANDE_OID_BUFSZ);
	dande_repo_head_release(&h);
}

static const char good_log[] = "# Changelog\n\n## [Unreleased]\n\n"
	"## [1.0.0] - 2026-01-01\n\n### Added\n\n- First.\n";

static void test_hooks__git_commit_runs_the_checks(void)
{
	char *dir = dande_test_tmpdir(), *text, h1[DANDE_OID_BUFSZ], h2[DANDE_OID_BUFSZ];
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	if (git(&res, dir, NULL, "--version", NULL) != 0) {
		dande_test_skip("no git program to commit with");
		dande_test_rmtree(dir);
		dande_proc_result_release(&res);
		return;
	}
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, ".gitignore", "data/\nchained.log\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "CHANGELOG.md", good_log);
	dande_test_write(dir, ".git/hooks/commit-msg", "#!/bin/sh\n"
			 "echo \"$1\" >> chained.log\n");
	dande_buf_addf(&p, "%s/.git/hooks/commit-msg", dir);
	CU_ASSERT_EQUAL(chmod(p.ptr, 0755), 0);

	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "pre-commit: installed\n"
			       "commit-msg: installed; the hook that was there "
			       "is commit-msg.local, run after dande's "
			       "checks\npre-push: installed\n"
			       "the configuration runs:\n"
			       "  pre-push: make test-all\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "pre-commit: installed already\n"
			       "commit-msg: installed already\n"
			       "pre-push: installed already\n"
			       "the configuration runs:\n"
			       "  pre-push: make test-all\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "status", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  commit-msg  dande, then "
			      "commit-msg.local\n");

	/* a good commit: both hooks pass, the foreign one ran */
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "feat: start", NULL), 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/chained.log", dir);
	text = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(text, ".git/COMMIT_EDITMSG\n");
	free(text);
	head_of(repo, h1);

	/* a non-conventional message */
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "--allow-empty",
			    "-m", "Added stuff", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, ".git/COMMIT_EDITMSG:1: the type "
			      "'Added stuff' is not a word; expected "
			      "'type(scope)!: subject'");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "'fix(parser): accept empty "
			      "files'\n"
			      "dande-hooks: commit-msg: "
			      "commit-msg failed; reproduce with: dande "
			      "changelog lint-msg .git/COMMIT_EDITMSG\n");

	/* a version drift */
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n");
	dande_test_write(dir, "package.json", "{ \"version\": \"0.9.0\" }\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "feat: drift", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-hooks: pre-commit: version "
			      "failed; reproduce with: dande bump check\n");
	head_of(repo, h2);
	CU_ASSERT_STRING_EQUAL(h1, h2);
	/* SKIP= lets it through */
	CU_ASSERT_EQUAL(git(&res, dir, "version", "commit", "-q", "-m",
			    "feat: drift", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "version skipped (SKIP)");
	dande_test_write(dir, "package.json", "{ \"version\": \"1.0.0\" }\n");

	/* a broken changelog */
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n## [Unreleased]\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "docs: log", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "a second Unreleased section");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-commit: changelog failed");
	dande_test_write(dir, "CHANGELOG.md", good_log);
	/* a configured command, named by its first word */
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "[hooks]\n\tpreCommit = \"sh -c 'echo unit tests broke; "
			 "exit 3'\"\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "fix: again", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "unit tests broke\ndande-hooks: "
			      "pre-commit: sh failed; reproduce with: sh -c "
			      "'echo unit tests broke; exit 3'\n");
	CU_ASSERT_EQUAL(git(&res, dir, "sh", "commit", "-q", "-m",
			    "fix: again", NULL), 0);
	/* a named command: [hooks "lint"] run = ... */
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "[hooks \"lint\"]\n\trun = false\n"
			 "[hooks \"later\"]\n\trun = false\n\thook = pre-push\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "chore: lint", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-hooks: pre-commit: lint "
			      "failed; reproduce with: false\n");
	CU_ASSERT(strstr(res.err.ptr, "later failed") == NULL);
	/* the changed command set is announced once, before it runs */
	DANDE_ASSERT_CONTAINS(res.err.ptr, "configuration runs are new or "
			      "changed:\n  pre-commit: lint: false\n"
			      "  pre-push: later: false\n"
			      "  pre-push: make test-all\n");
	CU_ASSERT(strstr(res.err.ptr, "new or changed") <
		  strstr(res.err.ptr, "lint failed"));
	CU_ASSERT_EQUAL(git(&res, dir, "lint", "commit", "-q", "-m",
			    "chore: lint", NULL), 0);
	CU_ASSERT(strstr(res.err.ptr, "new or changed") == NULL);
	/* hooks.changelog = staged: a broken CHANGELOG.md only blocks a commit
	 * that stages it */
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "[hooks]\n\tchangelog = staged\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "chore: staged", NULL), 0);
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n## [Unreleased]\n");
	dande_test_write(dir, "other.txt", "x\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "other.txt", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "chore: other", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "CHANGELOG.md", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "docs: log", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-commit: changelog failed");

	/* uninstall puts the foreign hook back */
	CU_ASSERT_EQUAL(hooks(&res, dir, "uninstall", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "pre-commit: removed\n"
			       "commit-msg: removed; commit-msg.local is "
			       "commit-msg again\npre-push: removed\n");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/hooks/commit-msg", dir);
	text = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(text, "#!/bin/sh\necho \"$1\" >> chained.log\n");
	free(text);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/hooks/pre-commit", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_hooks__hooks_path_and_refusals(void)
{
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-hooks: not in a git "
			       "repository\n");
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n"
			 "\thooksPath = .githooks\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	dande_buf_addf(&p, "%s/.githooks/pre-commit", dir);
	text = dande_test_read(p.ptr);
	DANDE_ASSERT_CONTAINS(text, "# dande-hook-shim");
	DANDE_ASSERT_CONTAINS(text, "hooks run pre-commit \"$@\"\n");
	free(text);
	/* a foreign hook when NAME.local is taken: refused, then --force */
	dande_test_write(dir, ".githooks/commit-msg", "#!/bin/sh\nexit 0\n");
	dande_test_write(dir, ".githooks/commit-msg.local", "#!/bin/sh\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "commit-msg.local is taken");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", "--force", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "commit-msg.bak (not run)");
	CU_ASSERT_EQUAL(hooks(&res, dir, "run", "post-merge", NULL), 2);
	CU_ASSERT_EQUAL(hooks(&res, dir, "run", "commit-msg", NULL), 2);
	{
		const char *env[] = { "DANDE_HOOKS=0", NULL };
		const char *args[] = { "hooks", "run", "commit-msg", "nope",
				       NULL };

		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env, "dande", args),
				0);
	}
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* A repository with an identity in a new temp dir, for a test that runs
 * the git program: NULL, the test skipped, when there is none. */
static char *git_repo(struct dande_proc_result *res)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;

	if (git(res, dir, NULL, "--version", NULL) != 0) {
		dande_test_skip("no git program");
		dande_test_rmtree(dir);
		return NULL;
	}
	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_repo_free(repo);
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	return dir;
}

/* Installed from a linked worktree, the shims go where git runs hooks
 * from for every worktree (the common git directory's hooks/), and a
 * commit in the worktree runs them. */
static void test_hooks__worktrees_share_the_hooks(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf wt = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	char *dir = git_repo(&res), *text;

	if (!dir) {
		dande_proc_result_release(&res);
		return;
	}
	dande_test_write(dir, ".gitignore", "data/\nwt/\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "feat: start", NULL), 0);
	dande_buf_addf(&wt, "%s/wt", dir);
	CU_ASSERT_EQUAL_FATAL(git(&res, dir, NULL, "worktree", "add", "-q",
				  wt.ptr, "-b", "side", NULL), 0);
	CU_ASSERT_EQUAL(hooks(&res, wt.ptr, "install", NULL), 0);
	dande_buf_addf(&p, "%s/.git/hooks/pre-commit", dir);
	text = dande_test_read(p.ptr);
	DANDE_ASSERT_CONTAINS(text, "# dande-hook-shim");
	free(text);
	CU_ASSERT_EQUAL(hooks(&res, dir, "status", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "pre-commit  dande");
	/* a drifted version is refused in the worktree too */
	dande_test_write(wt.ptr, "VERSION", "1.0.1\n");
	dande_test_write(wt.ptr, "package.json", "{\"version\": \"1.0.0\"}\n");
	dande_test_write(wt.ptr, ".dande.conf", "[bump]\n\tfile = "
			 "package.json\n");
	CU_ASSERT_EQUAL(git(&res, wt.ptr, NULL, "add", "-A", NULL), 0);
	CU_ASSERT_NOT_EQUAL(git(&res, wt.ptr, NULL, "commit", "-q", "-m",
				"feat: drift", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "version failed");
	dande_buf_release(&wt);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static size_t lines_in(const char *dir, const char *file)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;
	size_t n = 0;

	dande_buf_addf(&p, "%s/%s", dir, file);
	if (dande_fs_exists(p.ptr)) {
		text = dande_test_read(p.ptr);
		for (char *c = text; *c; c++)
			n += *c == '\n';
		free(text);
	}
	dande_buf_release(&p);
	return n;
}

static void clone_config(const char *dir, const char *hooks_section)
{
	struct dande_buf c = DANDE_BUF_INIT;

	dande_buf_addf(&c, "[core]\n\tbare = false\n[user]\n\tname = Ann\n"
		       "\temail = ann@example.com\n[dande \"hooks\"]\n%s",
		       hooks_section);
	dande_test_write(dir, ".git/config", c.ptr);
	dande_buf_release(&c);
}

static void test_hooks__git_push_gates_and_the_tree_cache(void)
{
	char *dir = dande_test_tmpdir(), *remote = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	static const char run_ok[] = "\tprePush = \"sh -c 'echo run >> "
		"tests.log'\"\n";

	if (git(&res, remote, NULL, "init", "-q", "--bare", ".", NULL) != 0) {
		dande_test_skip("no git program to push with");
		goto done;
	}
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".gitignore", "data/\nreports/\n*.log\n");
	dande_test_write(dir, "a.c", "int a;\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: a\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", "-q", NULL), 0);

	/* failing tests block the push */
	clone_config(dir, "\tprePush = \"sh -c 'echo run >> tests.log; exit "
		     "1'\"\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
			    "HEAD:refs/heads/main", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-hooks: pre-push: tests "
			      "failed; reproduce with: sh -c 'echo run >> "
			      "tests.log; exit 1'\n");
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 1);

	/* coverage under 85% blocks it */
	dande_test_write(dir, "reports/lcov.info", "SF:a.c\nDA:1,1\nDA:2,0\n"
			 "end_of_record\n");
	{
		struct dande_buf c = DANDE_BUF_INIT;

		dande_buf_addf(&c, "%s\tcoverageReports = reports/lcov.info\n",
			       run_ok);
		clone_config(dir, c.ptr);
		CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
				    "HEAD:refs/heads/main", NULL), 1);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-push: coverage failed; "
				      "reproduce with: dande cov gate "
				      "reports/lcov.info\n");
		/* a configured JUnit report that is missing fails too */
		dande_buf_adds(&c, "\tjunitReports = reports/junit.xml\n");
		clone_config(dir, c.ptr);
		CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
				    "HEAD:refs/heads/main", NULL), 1);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-push: junit failed");
		dande_buf_release(&c);
	}
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 3);

	/* green: pushed, and the same tree again skips the tests */
	dande_test_write(dir, "reports/lcov.info", "SF:a.c\nDA:1,1\n"
			 "end_of_record\n");
	{
		struct dande_buf c = DANDE_BUF_INIT;

		dande_buf_addf(&c, "%s\tcoverageReports = reports/lcov.info\n",
			       run_ok);
		clone_config(dir, c.ptr);
		dande_buf_release(&c);
	}
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
			    "HEAD:refs/heads/main", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-hooks: pre-push: junit: no "
			      "reports configured (hooks.junitReports), "
			      "passed\n");
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 4);
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
			    "HEAD:refs/heads/again", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-push: tests passed already for "
			      "tree ");
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 4);
	/* SKIP=tests: nothing runs, nothing is cached */
	dande_test_write(dir, "b.c", "int b;\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: b\n", "Ann",
					      "ann@example.com", 1700000100,
					      NULL));
	CU_ASSERT_EQUAL(git(&res, dir, "tests", "push", "-q", remote,
			    "HEAD:refs/heads/main", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "pre-push: tests skipped (SKIP)");
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 4);
	/* a named command for the pre-push hook */
	dande_test_write(dir, ".dande.conf", "[hooks \"later\"]\n\trun = false\n"
			 "\thook = pre-push\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "chore: later\n", "Ann",
					      "ann@example.com", 1700000200,
					      NULL));
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "push", "-q", remote,
			    "HEAD:refs/heads/main", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande-hooks: pre-push: later "
			      "failed; reproduce with: false\n");
	CU_ASSERT_EQUAL(lines_in(dir, "tests.log"), 5);
	CU_ASSERT_EQUAL(git(&res, dir, "later", "push", "-q", remote,
			    "HEAD:refs/heads/main", NULL), 0);
done:
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
	dande_test_rmtree(remote);
}

/* A chained pre-push.local that exits without reading the refs git gives
 * it: with 3,000 refs (far more than a pipe holds) dande-hooks used to
 * die of SIGPIPE and git aborted the push (every time: 3,000 lines are
 * over 200 kB).  10 pushes, every one goes through and runs the chained
 * hook.  The first is real; the others are
 * --dry-run, which runs the same hooks with the same 3,000 lines but
 * spares the remote writing 3,000 loose refs (2-3 s each here). */
static void test_hooks__push_through_a_hook_that_reads_nothing(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf refs = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	struct dande_buf spec = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	struct dande_repo_head head;
	char *dir = git_repo(&res), *remote = dande_test_tmpdir();
	int i, ok = 0;

	if (!dir)
		goto done;
	CU_ASSERT_EQUAL_FATAL(git(&res, remote, NULL, "init", "-q", "--bare",
				  ".", NULL), 0);
	dande_test_write(dir, ".gitignore", "data/\nchained.log\n");
	dande_test_write(dir, "a.c", "int a;\n");
	DANDE_ASSERT_OK_FATAL(dande_repo_discover(&repo, dir));
	DANDE_ASSERT_OK_FATAL(dande_repo_commit_all(repo, "feat: a\n", "Ann",
						    "ann@example.com",
						    1700000000, NULL));
	DANDE_ASSERT_OK_FATAL(dande_repo_head(repo, &head));
	dande_buf_adds(&refs, "# pack-refs with: peeled fully-peeled sorted \n");
	for (i = 0; i < 3000; i++)
		dande_buf_addf(&refs, "%s refs/heads/b%04d\n", head.commit, i);
	dande_repo_head_release(&head);
	dande_test_write(dir, ".git/packed-refs", refs.ptr);
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", "-q", NULL), 0);
	dande_test_write(dir, ".git/hooks/pre-push.local", "#!/bin/sh\n"
			 "echo ran >> chained.log\n");
	dande_buf_addf(&p, "%s/.git/hooks/pre-push.local", dir);
	CU_ASSERT_EQUAL(chmod(p.ptr, 0755), 0);
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n"
			 "[dande \"hooks\"]\n\tprePush = true\n");
	for (i = 0; i < 10; i++) {
		/* new remote names each time, so git sends all 3,000 */
		dande_buf_reset(&spec);
		dande_buf_addf(&spec, "refs/heads/*:refs/r%d/*", i);
		if (git(&res, dir, NULL, "push", i ? "--dry-run" : "-q",
			"-q", remote, spec.ptr, NULL) == 0)
			ok++;
		else
			fprintf(stderr, "\n  push %d: %s", i, res.err.ptr);
	}
	CU_ASSERT_EQUAL(ok, 10);
	CU_ASSERT_EQUAL(lines_in(dir, "chained.log"), 10);
done:
	dande_repo_free(repo);
	dande_buf_release(&refs);
	dande_buf_release(&p);
	dande_buf_release(&spec);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
	dande_test_rmtree(remote);
}

/* hooks/ in the source tree holds the shims install writes without a path */
static void test_hooks__the_shipped_shims_are_the_installed_ones(void)
{
	struct dande_buf p = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; dande_hook_names[i]; i++) {
		char *text;

		dande_buf_reset(&p);
		dande_buf_reset(&want);
		dande_buf_addf(&p, "%s/../../hooks/%s", dande_test_data(),
			       dande_hook_names[i]);
		dande_hook_shim(&want, dande_hook_names[i], NULL);
		text = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_STRING_EQUAL(text, want.ptr);
		free(text);
	}
	dande_buf_release(&p);
	dande_buf_release(&want);
}

/* todos.requireRef: the TODOs a commit adds (its staged lines) must cite
 * an issue; what is only in the working tree does not count. */
static void test_hooks__staged_todos_need_a_reference(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *dir = git_repo(&res);

	if (!dir) {
		dande_proc_result_release(&res);
		return;
	}
	dande_test_write(dir, ".dande.conf", "[todos]\n\trequireRef = true\n");
	dande_test_write(dir, ".gitignore", "data/\n");
	dande_test_write(dir, "a.c", "int a;\n/* TODO: old one, committed "
			 "before the rule */\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, "todos", "add", "-A", NULL), 0);
	CU_ASSERT_EQUAL(git(&res, dir, "todos", "commit", "-q", "-m",
			    "feat: start", NULL), 0);

	/* staged: refused, naming the staged line */
	dande_test_write(dir, "a.c", "int a;\n/* TODO: old one, committed "
			 "before the rule */\nint b; // FIXME: later\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "a.c", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "todos", "staged", NULL),
			1);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-todos: a.c:3: new FIXME "
			       "cites no issue (#12, ABC-12 or a URL): "
			       "later\n");
	CU_ASSERT_NOT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
				"feat: b", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "a.c:3: new FIXME cites no issue");
	/* with a reference it goes in; an unstaged TODO does not count */
	dande_test_write(dir, "a.c", "int a;\n/* TODO: old one, committed "
			 "before the rule */\nint b; // FIXME(#12): later\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "add", "a.c", NULL), 0);
	dande_test_write(dir, "a.c", "int a;\n/* TODO: old one, committed "
			 "before the rule */\nint b; // FIXME(#12): later\n"
			 "// TODO unstaged, no reference\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "todos", "staged", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "a.c:3: FIXME: (#12): later\n");
	CU_ASSERT_EQUAL(git(&res, dir, NULL, "commit", "-q", "-m",
			    "feat: b", NULL), 0);
	/* nothing staged: nothing to say */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "todos", "staged", NULL),
			0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "");
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static int pre_commit(struct dande_proc_result *res, const char *dir,
		      const char *extra)
{
	const char *env[] = { "DANDE_TRACE=1", extra, NULL };
	const char *args[] = { "hooks", "run", "pre-commit", NULL };

	return dande_test_tool(res, dir, env, "dande", args);
}

/*
 * A full pre-commit run in this process, as dande-hooks runs it, with its
 * clock `ahead` seconds in the future: files written just now count as
 * settled, so a pass is recorded without waiting for the clock (a record
 * is never made of files changed within the run's second).  `skip` as
 * SKIP=.  The hook's exit code; what it said into `said`.
 */
static void collect(void *payload, int problem, const char *line)
{
	(void)problem;
	dande_buf_addf(payload, "%s\n", line);
}

static int pre_commit_in_process(const char *dir, const char *skip,
				 int ahead, struct dande_buf *said)
{
	extern char **environ;
	struct dande_hookrun run;
	struct dande_repo *repo = NULL;
	struct dande_config *cfg = NULL;
	struct dande_strvec env = DANDE_STRVEC_INIT;
	const char *const *envp;
	int code = -1;

	/* the environment the tools get, as the pass record keys on it */
	dande_strvec_pushv(&env, (const char *const *)environ);
	if (skip)
		dande_strvec_push(&env, skip);
	envp = (const char *const *)env.v;
	memset(&run, 0, sizeof(run));
	dande_strvec_init(&run.inputs);
	dande_buf_reset(said);
	DANDE_ASSERT_OK_FATAL(dande_repo_discover(&repo, dir));
	DANDE_ASSERT_OK_FATAL(dande_config_load(&cfg, dir,
						dande_repo_gitdir(repo),
						envp));
	run.hook = "pre-commit";
	run.root = dir;
	run.repo = repo;
	run.config = cfg;
	run.envp = envp;
	run.tools_dir = dande_test_bin();
	run.now = time(NULL) + ahead;
	run.say = collect;
	run.payload = said;
	DANDE_ASSERT_OK(dande_hookrun_run(&run, NULL, 0, NULL, &code));
	dande_hookrun_release(&run);
	dande_config_free(cfg);
	dande_repo_free(repo);
	dande_strvec_release(&env);
	return code;
}

/* A pre-commit that passed, with nothing it reads changed since, passes
 * again in the front door; any change to what it reads is a full run. */
static void test_hooks__a_pass_is_reused_until_something_changes(void)
{
	static const char passed[] = "dande: pre-commit: passed before, and "
		"nothing it reads has changed\n";
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf rec = DANDE_BUF_INIT, said = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "CHANGELOG.md", good_log);
	dande_test_write(dir, "package.json", "{\"version\": \"1.0.0\"}\n");
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	dande_repo_free(repo);
	dande_buf_addf(&rec, "%s/.git/dande-pre-commit.pass", dir);

	/* files changed this very second are not trusted to a record */
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 0, &said), 0);
	CU_ASSERT(!dande_fs_exists(rec.ptr));
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 5, &said), 0);
	CU_ASSERT_STRING_EQUAL(said.ptr, "");
	CU_ASSERT(dande_fs_exists(rec.ptr));
	CU_ASSERT_EQUAL(pre_commit(&res, dir, NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, passed);
	/* another SKIP is another key: a full run */
	CU_ASSERT_EQUAL(pre_commit(&res, dir, "SKIP=changelog"), 0);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-hooks: pre-commit: "
			       "changelog skipped (SKIP)\n");
	CU_ASSERT_EQUAL(pre_commit(&res, dir, NULL), 0);
	CU_ASSERT_PTR_NULL(strstr(res.err.ptr, "passed before"));
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 5, &said), 0);
	CU_ASSERT_EQUAL(pre_commit(&res, dir, NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, passed);
	/* a drifted version file: the full run refuses, the record goes */
	dande_test_write(dir, "package.json", "{\"version\": \"1.0.1\"}\n");
	CU_ASSERT_EQUAL(pre_commit(&res, dir, NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "version failed");
	CU_ASSERT(!dande_fs_exists(rec.ptr));
	CU_ASSERT_EQUAL(pre_commit(&res, dir, NULL), 1);
	/* a new tag, a new configuration: full runs */
	dande_test_write(dir, "package.json", "{\"version\": \"1.0.0\"}\n");
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 5, &said), 0);
	CU_ASSERT(dande_fs_exists(rec.ptr));
	dande_test_write(dir, ".git/refs/tags/v0.9.0",
			 "0000000000000000000000000000000000000000\n");
	pre_commit(&res, dir, NULL);
	CU_ASSERT_PTR_NULL(strstr(res.err.ptr, "passed before"));
	{
		struct dande_buf t = DANDE_BUF_INIT;

		dande_buf_addf(&t, "%s/.git/refs/tags/v0.9.0", dir);
		unlink(t.ptr);
		dande_buf_release(&t);
	}
	dande_test_write(dir, ".dande.conf", "[bump]\n\tfile = package.json\n"
			 "[hooks]\n\tpassCache = false\n");
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 5, &said), 0);
	CU_ASSERT(!dande_fs_exists(rec.ptr));
	/* SKIP= through the environment it is given; a failed check is
	 * said with the command that reproduces it */
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, "SKIP=version,changelog",
					      0, &said), 0);
	CU_ASSERT_STRING_EQUAL(said.ptr, "pre-commit: version skipped (SKIP)\n"
			       "pre-commit: changelog skipped (SKIP)\n");
	dande_test_write(dir, "package.json", "{\"version\": \"1.0.2\"}\n");
	CU_ASSERT_EQUAL(pre_commit_in_process(dir, NULL, 0, &said), 1);
	DANDE_ASSERT_CONTAINS(said.ptr, "pre-commit: version failed; "
			      "reproduce with: dande bump check\n");
	dande_buf_release(&said);
	dande_buf_release(&rec);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* dande uninstalled: the shims say so on stderr, run the hook that was
 * there, and let the commit through (it failed with "dande: not found"). */
static void test_hooks__a_missing_dande_fails_soft(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf shim = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	const char *argv[] = { "/usr/bin/git", "commit", "-q", "--allow-empty",
			       "-m", "feat: x", NULL };
	const char *env[] = { "PATH=/usr/bin:/bin", "GIT_DIR", NULL };
	char *dir = git_repo(&res);

	if (!dir) {
		dande_proc_result_release(&res);
		return;
	}
	dande_hook_shim(&shim, "pre-commit", "/nonexistent/bin/dande");
	dande_test_write(dir, ".git/hooks/pre-commit", shim.ptr);
	dande_test_write(dir, ".git/hooks/pre-commit.local", "#!/bin/sh\n"
			 "touch local-ran\n");
	dande_buf_addf(&p, "%s/.git/hooks/pre-commit", dir);
	CU_ASSERT_EQUAL(chmod(p.ptr, 0755), 0);
	dande_buf_adds(&p, ".local");
	CU_ASSERT_EQUAL(chmod(p.ptr, 0755), 0);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, env, argv), 0);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande: not found: the pre-commit "
			       "checks did not run (install dande, or 'dande "
			       "hooks uninstall')\n");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/local-ran", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	/* without a hook of its own: through as well */
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/hooks/pre-commit.local", dir);
	unlink(p.ptr);
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, env, argv), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande: not found");
	dande_buf_release(&shim);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* The commit-msg hook run in this process on `file`, its clock `ahead`
 * seconds in the future; its exit code. */
static int commit_msg_in_process(const char *dir, const char *file,
				 int ahead)
{
	extern char **environ;
	struct dande_hookrun run;
	struct dande_repo *repo = NULL;
	struct dande_config *cfg = NULL;
	struct dande_buf said = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	const char *args[1];
	int code = -1;

	dande_buf_addf(&path, "%s/%s", dir, file);
	args[0] = path.ptr;
	memset(&run, 0, sizeof(run));
	dande_strvec_init(&run.inputs);
	DANDE_ASSERT_OK_FATAL(dande_repo_discover(&repo, dir));
	DANDE_ASSERT_OK_FATAL(dande_config_load(&cfg, dir,
						dande_repo_gitdir(repo),
						(const char *const *)environ));
	run.hook = "commit-msg";
	run.root = dir;
	run.repo = repo;
	run.config = cfg;
	run.envp = (const char *const *)environ;
	run.tools_dir = dande_test_bin();
	run.now = time(NULL) + ahead;
	run.say = collect;
	run.payload = &said;
	DANDE_ASSERT_OK(dande_hookrun_run(&run, args, 1, NULL, &code));
	dande_hookrun_release(&run);
	dande_config_free(cfg);
	dande_repo_free(repo);
	dande_buf_release(&said);
	dande_buf_release(&path);
	return code;
}

/* commit-msg at the shell floor: after a full run that was the plain
 * lint, the front door lints the message itself (libc only); a message
 * it refuses, a new commit-msg.local or another SKIP= is the full run. */
static void test_hooks__commit_msg_in_the_front_door(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *trace[] = { "DANDE_TRACE=1", NULL };
	const char *run_good[] = { "hooks", "run", "commit-msg", "good", NULL };
	const char *run_bad[] = { "hooks", "run", "commit-msg", "bad", NULL };
	struct dande_buf p = DANDE_BUF_INIT;
	char *dir = git_repo(&res);

	if (!dir) {
		dande_proc_result_release(&res);
		return;
	}
	dande_test_write(dir, ".gitignore", "data/\n");
	dande_test_write(dir, "good", "feat(cli): a thing\n");
	dande_test_write(dir, "bad", "Added a thing\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	/* the first run is the full one (in process, its clock ahead: files
	 * changed within its second are not trusted to a record), and
	 * records it */
	CU_ASSERT_EQUAL(commit_msg_in_process(dir, "good", 5), 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/dande-commit-msg.pass", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, trace, "dande", run_good),
			0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "dande: commit-msg: linted in the "
			      "front door");
	/* refused: the full run says why */
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, trace, "dande", run_bad),
			1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "bad:1: the type 'Added a thing' "
			      "is not a word");
	/* a chained hook appears: the full run, which runs it */
	dande_test_write(dir, ".git/hooks/commit-msg.local", "#!/bin/sh\n"
			 "echo local ran >&2\n");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.git/hooks/commit-msg.local", dir);
	CU_ASSERT_EQUAL(chmod(p.ptr, 0755), 0);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, trace, "dande", run_good),
			0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "local ran");
	CU_ASSERT_PTR_NULL(strstr(res.err.ptr, "front door"));
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}


/* hooks.commitMsg = keepachangelog: the hook takes "Added ..." and
 * refuses a conventional subject, the front door (which lints the
 * conventional way) never passes one for it, and changelog generate
 * files such commits under their sections; off checks nothing. */
static void test_hooks__keepachangelog_messages(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *run_kac[] = { "hooks", "run", "commit-msg", "kac", NULL };
	const char *run_cc[] = { "hooks", "run", "commit-msg", "cc", NULL };
	struct dande_buf p = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	char *dir = git_repo(&res);

	if (!dir) {
		dande_proc_result_release(&res);
		return;
	}
	dande_test_write(dir, ".gitignore", "data/\nkac\ncc\n");
	dande_test_write(dir, ".dande.conf", "[hooks]\n\tcommitMsg = "
			 "keepachangelog\n");
	dande_test_write(dir, "kac", "Fixed login with an empty password\n");
	dande_test_write(dir, "cc", "feat: login\n");
	CU_ASSERT_EQUAL(hooks(&res, dir, "install", NULL), 0);
	CU_ASSERT_EQUAL(commit_msg_in_process(dir, "kac", 5), 0);
	dande_buf_addf(&p, "%s/.git/dande-commit-msg.pass", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", run_kac), 0);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", run_cc), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "cc:1: the subject starts with no "
			      "Keep a Changelog verb");
	/* generate: such commits under their sections, the verb left out */
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n");
	DANDE_ASSERT_OK_FATAL(dande_repo_discover(&repo, dir));
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "Added the changelog\n",
					      "T", "t@example.com", 1700000000,
					      NULL));
	dande_test_write(dir, "a.txt", "a\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "Removed: the v1 API\n",
					      "T", "t@example.com", 1700000001,
					      NULL));
	dande_test_write(dir, "b.txt", "b\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "tidy up\n", "T",
					      "t@example.com", 1700000002,
					      NULL));
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "generate",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "2 entries from the commits since "
			      "the first commit (1 left out)\nAdded      The "
			      "changelog (");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "Removed    The v1 API (");
	/* off: nothing checked */
	dande_test_write(dir, ".dande.conf", "[hooks]\n\tcommitMsg = off\n");
	dande_test_write(dir, "cc", "anything at all\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", run_cc), 0);
	dande_test_write(dir, ".dande.conf", "[hooks]\n\tcommitMsg = nope\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", run_cc), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "hooks.commitMsg is conventional, "
			      "keepachangelog or off, not 'nope'");
	dande_repo_free(repo);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

CU_TestInfo test_hooks_tests[] = {
	{ "test_hooks__keepachangelog_messages",
	  test_hooks__keepachangelog_messages },
	{ "test_hooks__commit_msg_in_the_front_door",
	  test_hooks__commit_msg_in_the_front_door },
	{ "test_hooks__a_missing_dande_fails_soft",
	  test_hooks__a_missing_dande_fails_soft },
	{ "test_hooks__push_through_a_hook_that_reads_nothing",
	  test_hooks__push_through_a_hook_that_reads_nothing },
	{ "test_hooks__a_pass_is_reused_until_something_changes",
	  test_hooks__a_pass_is_reused_until_something_changes },
	{ "test_hooks__staged_todos_need_a_reference",
	  test_hooks__staged_todos_need_a_reference },
	{ "test_hooks__the_shipped_shims_are_the_installed_ones",
	  test_hooks__the_shipped_shims_are_the_installed_ones },
	{ "test_hooks__git_commit_runs_the_checks",
	  test_hooks__git_commit_runs_the_checks },
	{ "test_hooks__git_push_gates_and_the_tree_cache",
	  test_hooks__git_push_gates_and_the_tree_cache },
	{ "test_hooks__hooks_path_and_refusals",
	  test_hooks__hooks_path_and_refusals },
	{ "test_hooks__worktrees_share_the_hooks",
	  test_hooks__worktrees_share_the_hooks },
	CU_TEST_INFO_NULL
};

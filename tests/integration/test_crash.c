/*
 * test_crash.c: `dande bump` killed with SIGKILL at random points, then
 * settled by the next command (`dande bump check`): every trial must end
 * with the old state or the new one as a whole (every version file, the
 * branch, the tag, the index, the database's record), with no litter
 * (temp files, journal, locks) and a database that passes its integrity
 * check.  The delays are spread over the measured length of a whole bump,
 * its database write included.
 *
 * DANDE_CRASH_TRIALS sets the number of trials (CI: 20 by default;
 * `make crash` runs 200).  The figures are printed.
 *
 * `junit ingest` and `cov ingest` are killed the same way, into one
 * database: every run recorded has all its rows, the database passes its
 * integrity check, and the next ingest works.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/test.h"
#include "integration/suites.h"
#include "dande/db.h"
#include "dande/fs.h"
#include "dande/git.h"

#define NHEADERS 24

static struct dande_repo *make_project(const char *dir)
{
	struct dande_repo *repo = NULL;
	struct dande_buf conf = DANDE_BUF_INIT, name = DANDE_BUF_INIT;
	int i;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_repo_free(repo);
	repo = NULL;
	DANDE_ASSERT_OK(dande_repo_discover(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.8\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Fixed\n\n- A bug.\n\n## [1.0.8] - 2026-01-01"
			 "\n\n### Added\n\n- First.\n");
	dande_buf_adds(&conf, "[bump]\n");
	for (i = 0; i < NHEADERS; i++)
		dande_buf_addf(&conf, "\tfile = include/v%02d.h\n", i);
	for (i = 0; i < NHEADERS; i++) {
		dande_buf_addf(&conf, "[bump \"include/v%02d.h\"]\n\tdefine = "
			       "V%02d\n", i, i);
		dande_buf_reset(&name);
		dande_buf_addf(&name, "include/v%02d.h", i);
		{
			struct dande_buf text = DANDE_BUF_INIT;

			dande_buf_addf(&text, "#define V%02d \"1.0.8\"\n", i);
			dande_test_write(dir, name.ptr, text.ptr);
			dande_buf_release(&text);
		}
	}
	dande_test_write(dir, ".dande.conf", conf.ptr);
	dande_test_write(dir, ".gitignore", "data/\n");
	if (repo)
		DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n",
						      "Ann", "ann@example.com",
						      1700000000, NULL));
	dande_buf_release(&conf);
	dande_buf_release(&name);
	return repo;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run dande with `args` in `dir`, SIGKILLed after `delay` seconds (< 0:
 * never); 1 when it was killed, 0 when it ended first. */
static int run_killed_after(const char *dir, const char *const *args,
			    double delay)
{
	struct dande_buf bin = DANDE_BUF_INIT;
	struct timespec ts;
	pid_t pid;
	int status, killed = 0;

	dande_buf_addf(&bin, "%s/dande", dande_test_bin());
	fflush(NULL);
	if ((pid = fork()) == 0) {
		int fd;

		if (chdir(dir) < 0)
			_exit(127);
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execv(bin.ptr, (char *const *)args);
		_exit(127);
	}
	CU_ASSERT_FATAL(pid > 0);
	if (delay >= 0) {
		ts.tv_sec = (time_t)delay;
		ts.tv_nsec = (long)((delay - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		if (waitpid(pid, &status, WNOHANG) == 0) {
			kill(pid, SIGKILL);
			killed = 1;
		} else {
			pid = 0;
		}
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	dande_buf_release(&bin);
	return killed;
}

static int bump_killed_after(const char *dir, double delay)
{
	const char *const args[] = { "dande", "bump", "-q", NULL };

	return run_killed_after(dir, args, delay);
}

/* Names under `dir` that a bump must never leave behind: temp files,
 * git's and dande's locks, the journal. */
static int litter(const char *dir, int depth)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct dande_buf p = DANDE_BUF_INIT;
		size_t len = strlen(e->d_name);
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (strstr(e->d_name, "dande-tmp") ||
		    !strcmp(e->d_name, "dande-bump.journal") ||
		    (len > 5 && !strcmp(e->d_name + len - 5, ".lock"))) {
			fprintf(stderr, "\n  litter: %s/%s", dir, e->d_name);
			n++;
		}
		dande_fs_join(&p, dir, e->d_name);
		if (depth < 6 && stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode) &&
		    strcmp(e->d_name, "objects"))
			n += litter(p.ptr, depth + 1);
		dande_buf_release(&p);
	}
	closedir(d);
	return n;
}

static void count_problem(void *payload, const char *problem)
{
	(void)problem;
	++*(int *)payload;
}

/* Which whole state the project is in: 0 old, 1 new, -1 a mix. */
static int state_of(const char *dir, const char *h0, int *bad_db)
{
	struct dande_repo *repo = NULL;
	struct dande_strvec dirty = DANDE_STRVEC_INIT;
	struct dande_buf p = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char head[DANDE_OID_BUFSZ], parent[DANDE_OID_BUFSZ] = "";
	char tagged[DANDE_OID_BUFSZ] = "";
	const char *v;
	char *text;
	long rows = 0;
	int i, state, problems = 0;

	dande_fs_join(&p, dir, "VERSION");
	text = dande_test_read(p.ptr);
	state = !strcmp(text, "1.0.9\n") ? 1 : !strcmp(text, "1.0.8\n") ? 0 :
		-1;
	free(text);
	if (state < 0)
		goto out;
	v = state ? "1.0.9" : "1.0.8";
	for (i = 0; i < NHEADERS; i++) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/include/v%02d.h", dir, i);
		dande_buf_reset(&want);
		dande_buf_addf(&want, "#define V%02d \"%s\"\n", i, v);
		text = dande_test_read(p.ptr);
		if (strcmp(text, want.ptr))
			state = -1;
		free(text);
	}
	if (dande_repo_discover(&repo, dir) < 0 ||
	    dande_repo_resolve(repo, "HEAD", head) < 0 ||
	    dande_repo_dirty(repo, &dirty) < 0 || dirty.nr) {
		state = -1;
		goto out;
	}
	if (dande_repo_resolve(repo, "HEAD^", parent) < 0)
		dande_error_clear();
	if (dande_repo_resolve(repo, "refs/tags/v1.0.9", tagged) < 0)
		dande_error_clear();
	if (state == 0 && (strcmp(head, h0) || *tagged))
		state = -1;
	if (state == 1 && (strcmp(parent, h0) || strcmp(tagged, head)))
		state = -1;
	dande_buf_reset(&p);
	dande_fs_join(&p, dir, "data/DandE.db");
	if (dande_fs_exists(p.ptr)) {
		if (dande_db_open(&db, p.ptr, 0, 5000) < 0 ||
		    dande_db_check(db, count_problem, &problems,
				   &problems) < 0 ||
		    dande_db_query(db, "SELECT count(*) FROM versions WHERE "
				   "version = '1.0.9'", dande_test_first_int,
				   &rows) < 0)
			problems++;
		dande_error_clear();
	}
	if (problems)
		++*bad_db;
	if (rows != state)
		state = -1;
out:
	dande_db_close(db);
	dande_repo_free(repo);
	dande_strvec_release(&dirty);
	dande_buf_release(&p);
	dande_buf_release(&want);
	return state;
}

static int trials(void)
{
	const char *env = getenv("DANDE_CRASH_TRIALS");

	return env && atoi(env) > 0 ? atoi(env) : 20;
}

/* One number from `sql` on the database of `dir` (-1: unreadable), after
 * its integrity check (`*bad` counts a failed one). */
static long db_number(const char *dir, const char *sql, int *bad)
{
	struct dande_buf p = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	long n = -1;
	int problems = 0;

	dande_fs_join(&p, dir, "data/DandE.db");
	if (dande_db_open(&db, p.ptr, 0, 5000) < 0 ||
	    dande_db_check(db, count_problem, &problems, &problems) < 0 ||
	    dande_db_query(db, sql, dande_test_first_int, &n) < 0)
		problems++;
	dande_error_clear();
	if (problems)
		++*bad;
	dande_db_close(db);
	dande_buf_release(&p);
	return n;
}

/*
 * `args` killed at random points over its measured length, `trials()`
 * times into one database; then `half_sql` (the runs whose rows are not
 * all there) must be 0, and the database intact.  A last, unkilled run
 * must work.
 */
static void ingest_trials(const char *what, const char *dir,
			  const char *const *args, const char *half_sql,
			  const char *runs_sql)
{
	int t, n = trials(), killed = 0, half = 0, bad = 0, junk = 0;
	long runs;
	double length, t0;

	/* the shortest of three whole runs (the first is cold) */
	for (t = 0, length = 1e9; t < 3; t++) {
		t0 = now_s();
		run_killed_after(dir, args, -1);
		if (now_s() - t0 < length)
			length = now_s() - t0;
	}
	for (t = 0; t < n; t++) {
		double delay = length * 1.1 * rand() / RAND_MAX;

		killed += run_killed_after(dir, args, delay);
		junk += litter(dir, 0) > 0;
	}
	/* a half run or a damaged page stays: checked once, at the end */
	run_killed_after(dir, args, -1);
	half = (int)db_number(dir, half_sql, &bad);
	runs = db_number(dir, runs_sql, &bad);
	fprintf(stderr, "\n  crash: %s (%.0f ms whole): %d trials, %d killed: "
		"%ld whole runs recorded, %d half runs, %d with litter, %d "
		"bad databases\n", what, length * 1000, n, killed, runs, half,
		junk, bad);
	CU_ASSERT_EQUAL(half, 0);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(junk, 0);
	CU_ASSERT(runs >= 4 + (n - killed));
}

/* junit runs whose cases are not all there */
#define HALF_JUNIT_RUNS \
	"SELECT count(*) FROM test_runs r WHERE kind = 'junit' AND tests <> " \
	"(SELECT count(*) FROM tests t WHERE t.run_id = r.id)"

/* The database of `dir` removed, as before its first ingest. */
static void remove_db(const char *dir)
{
	static const char *const parts[] = { "", "-wal", "-shm", "-journal" };
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/data/DandE.db%s", dir, parts[i]);
		unlink(p.ptr);
	}
	dande_buf_release(&p);
}

/*
 * A first ingest (no database: on SQLite the name index waits for the
 * end of the transaction) killed at random points: the database left is
 * whole, with its name index as the schema has it and no half run.
 */
static void first_ingest_trials(const char *dir, const char *const *args,
				const char *half_sql)
{
	int t, n = trials() / 4 + 1, killed = 0, half = 0, bad = 0,
		no_index = 0;
	double length, t0;

	for (t = 0, length = 1e9; t < 3; t++) {
		remove_db(dir);
		t0 = now_s();
		run_killed_after(dir, args, -1);
		if (now_s() - t0 < length)
			length = now_s() - t0;
	}
	for (t = 0; t < n; t++) {
		remove_db(dir);
		killed += run_killed_after(dir, args,
					   length * 1.1 * rand() / RAND_MAX);
		half += db_number(dir, half_sql, &bad) != 0;
		no_index += db_number(dir, "SELECT count(*) FROM sqlite_schema "
				      "WHERE type = 'index' AND name = "
				      "'test_cases_name'", &bad) != 1;
	}
	fprintf(stderr, "\n  crash: first junit ingest (%.0f ms whole): %d "
		"trials, %d killed: %d half runs, %d without the name index, "
		"%d bad databases\n", length * 1000, n, killed, half, no_index,
		bad);
	CU_ASSERT_EQUAL(half, 0);
	CU_ASSERT_EQUAL(no_index, 0);
	CU_ASSERT_EQUAL(bad, 0);
	remove_db(dir);
}

static void test_crash__killed_ingests_leave_whole_runs(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_buf p = DANDE_BUF_INIT;
	FILE *f;
	int i, j;
	const char *const junit[] = { "dande", "junit", "ingest", "big.xml",
				      "-q", NULL };
	const char *const cov[] = { "dande", "cov", "ingest", "big.info",
				    "-q", NULL };

	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".gitignore", "data/\n");
	/* 20,000 test cases, 2,000 covered files */
	dande_fs_join(&p, dir, "big.xml");
	CU_ASSERT_FATAL((f = fopen(p.ptr, "w")) != NULL);
	fputs("<testsuites><testsuite name=\"big\" tests=\"20000\">\n", f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "<testcase classname=\"pkg.C%d\" name=\"t%d\" "
			"time=\"0.001\"/>\n", i / 100, i);
	fputs("</testsuite></testsuites>\n", f);
	fclose(f);
	dande_buf_reset(&p);
	dande_fs_join(&p, dir, "big.info");
	CU_ASSERT_FATAL((f = fopen(p.ptr, "w")) != NULL);
	for (i = 0; i < 2000; i++) {
		fprintf(f, "TN:\nSF:src/f%d.c\n", i);
		for (j = 1; j <= 20; j++)
			fprintf(f, "DA:%d,%d\n", j, j % 3);
		fputs("end_of_record\n", f);
	}
	fclose(f);
	first_ingest_trials(dir, junit, HALF_JUNIT_RUNS);
	ingest_trials("junit ingest", dir, junit, HALF_JUNIT_RUNS,
		      "SELECT count(*) FROM test_runs WHERE kind = 'junit'");
	ingest_trials("cov ingest", dir, cov,
		      "SELECT count(DISTINCT n) - 1 FROM (SELECT (SELECT "
		      "count(*) FROM test_coverage c WHERE c.run_id = r.id) n "
		      "FROM test_runs r WHERE kind = 'coverage')",
		      "SELECT count(*) FROM test_runs WHERE kind = 'coverage'");
	dande_buf_release(&p);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_crash__killed_bumps_are_all_or_nothing(void)
{
	int trials_n = trials();
	int t, olds = 0, news = 0, mixed = 0, junk = 0, bad_db = 0, failed = 0;
	int killed = 0;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	double length, t0;
	char h0[DANDE_OID_BUFSZ];

	/* how long a whole bump takes here: the shortest of three */
	for (t = 0, length = 1e9; t < 3; t++) {
		char *dir = dande_test_tmpdir();
		struct dande_repo *repo = make_project(dir);

		t0 = now_s();
		bump_killed_after(dir, -1);
		if (now_s() - t0 < length)
			length = now_s() - t0;
		dande_repo_free(repo);
		dande_test_rmtree(dir);
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (t = 0; t < trials_n; t++) {
		char *dir = dande_test_tmpdir();
		struct dande_repo *repo = make_project(dir);
		double delay = length * 1.1 * rand() / RAND_MAX;
		int s, code;

		DANDE_ASSERT_OK(dande_repo_resolve(repo, "HEAD", h0));
		dande_repo_free(repo);
		killed += bump_killed_after(dir, delay);
		/* the next command settles it, and the version checks */
		code = dande_test_dande(&res, dir, "bump", "check", NULL);
		if (code != 0) {
			failed++;
			fprintf(stderr, "\n  trial %d (%.3f s): bump check exit "
				"%d: %s", t, delay, code, res.err.ptr);
		}
		junk += litter(dir, 0) > 0;
		s = state_of(dir, h0, &bad_db);
		if (s < 0)
			fprintf(stderr, "\n  trial %d (%.3f s): a mixed state "
				"in %s", t, delay, dir);
		olds += s == 0;
		news += s == 1;
		mixed += s < 0;
		if (s >= 0)
			dande_test_rmtree(dir);
		else
			free(dir);
	}
	fprintf(stderr, "\n  crash: bump (%.0f ms whole): %d trials, %d "
		"killed: %d old, %d new, %d mixed, %d with litter, %d bad "
		"databases, %d failed checks\n", length * 1000, trials_n,
		killed, olds, news, mixed, junk, bad_db, failed);
	CU_ASSERT_EQUAL(mixed, 0);
	CU_ASSERT_EQUAL(junk, 0);
	CU_ASSERT_EQUAL(bad_db, 0);
	CU_ASSERT_EQUAL(failed, 0);
	CU_ASSERT_EQUAL(olds + news, trials_n);
	dande_proc_result_release(&res);
}

/* A repository whose CHANGELOG.md holds 2,000 releases (a big file, so
 * that the write takes a while) and an [Unreleased] with an entry. */
static void make_changelog_project(const char *dir)
{
	struct dande_repo *repo = NULL;
	struct dande_buf cl = DANDE_BUF_INIT;
	int i;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_buf_adds(&cl, "# Changelog\n\n## [Unreleased]\n\n### Added\n\n"
		       "- The new thing.\n\n");
	for (i = 2000; i > 0; i--)
		dande_buf_addf(&cl, "## [0.%d.0] - 2026-01-01\n\n### Fixed\n\n"
			       "- Fix number %d, with a line long enough to "
			       "make the file a few hundred kilobytes.\n\n",
			       i, i);
	dande_test_write(dir, "CHANGELOG.md", cl.ptr);
	dande_test_write(dir, ".gitignore", "data/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	dande_repo_free(repo);
	dande_buf_release(&cl);
}

/* `changelog release` killed at random points: CHANGELOG.md is the old
 * file or the new one, byte for byte; a temp file is left only when the
 * kill falls between its link and its rename (counted), and the next
 * write of the file removes it. */
static void test_crash__killed_changelog_releases_are_whole(void)
{
	const char *const args[] = { "dande", "changelog", "release",
				     "0.2001.0", NULL };
	int t, n = trials(), killed = 0, olds = 0, news = 0, other = 0;
	int junk = 0, at_once = 0;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *ref = dande_test_tmpdir(), *old_text, *new_text;
	struct dande_buf p = DANDE_BUF_INIT;
	double length, t0;

	make_changelog_project(ref);
	dande_buf_addf(&p, "%s/CHANGELOG.md", ref);
	old_text = dande_test_read(p.ptr);
	t0 = now_s();
	run_killed_after(ref, args, -1);
	length = now_s() - t0;
	new_text = dande_test_read(p.ptr);
	CU_ASSERT_FATAL(old_text && new_text && strcmp(old_text, new_text));
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (t = 0; t < n; t++) {
		char *dir = dande_test_tmpdir(), *text;
		double delay = length * 1.1 * rand() / RAND_MAX;

		make_changelog_project(dir);
		killed += run_killed_after(dir, args, delay);
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/CHANGELOG.md", dir);
		text = dande_test_read(p.ptr);
		if (text && !strcmp(text, old_text))
			olds++;
		else if (text && !strcmp(text, new_text))
			news++;
		else
			other++;
		at_once += litter(dir, 0) > 0;
		/* the next command that writes the changelog */
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "add",
						 "--type", "fixed",
						 "After the crash.", NULL), 0);
		junk += litter(dir, 0) > 0;
		free(text);
		dande_test_rmtree(dir);
	}
	fprintf(stderr, "\n  crash: changelog release (%.0f ms whole): %d "
		"trials, %d killed: %d old, %d new, %d other, %d with a temp "
		"file at once, %d after the next write\n", length * 1000, n,
		killed, olds, news, other, at_once, junk);
	CU_ASSERT_EQUAL(other, 0);
	CU_ASSERT_EQUAL(junk, 0);
	free(old_text);
	free(new_text);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(ref);
}

CU_TestInfo test_crash_tests[] = {
	{ "test_crash__killed_bumps_are_all_or_nothing",
	  test_crash__killed_bumps_are_all_or_nothing },
	{ "test_crash__killed_ingests_leave_whole_runs",
	  test_crash__killed_ingests_leave_whole_runs },
	{ "test_crash__killed_changelog_releases_are_whole",
	  test_crash__killed_changelog_releases_are_whole },
	CU_TEST_INFO_NULL,
};

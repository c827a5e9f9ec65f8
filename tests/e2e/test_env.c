/*
 * e2e: `dande env` against a real Docker engine and Compose, on the
 * project in tests/data/env/e2e (images FROM busybox:local): dev and test
 * side by side, the health wait (a service healthy after a delay, an
 * HTTP URL checked from the host, a timeout), `run`'s exit code, the test
 * cycle (JUnit collected, torn down after a failing command, after an
 * environment failure and after SIGINT), the init safety check, sweep.
 * Every test ends with nothing labelled by its project left behind.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/env.h"
#include "dande/envcheck.h"
#include "dande/envinit.h"
#include "dande/envrun.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "e2e/suites.h"

#define env(res, dir, ...) dande_test_dande(res, dir, "env", __VA_ARGS__)

/* `rc` is 0; else say what dande printed, for the CI log. */
#define env_ok(rc, res) do { \
	int rc_ = (rc); \
	if (rc_ != 0) \
		fprintf(stderr, "\nexit %d:\n%s%s", rc_, (res)->out.ptr, \
			(res)->err.ptr); \
	CU_ASSERT_EQUAL(rc_, 0); \
} while (0)

static const char *const fixture[] = {
	"compose.dev.yml", "compose.test.yml", "compose.broken.yml",
	"run-tests.sh", ".env.test", ".env.unsafe", NULL
};

/* A project dir holding the fixture; its name makes the project name. */
static char *project(void)
{
	char *dir = dande_test_tmpdir();
	const char *const *f;

	for (f = fixture; *f; f++) {
		struct dande_buf p = DANDE_BUF_INIT;
		char *text;

		dande_buf_addf(&p, "%s/env/e2e/%s", dande_test_data(), *f);
		text = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		dande_test_write(dir, *f, text);
		free(text);
		dande_buf_release(&p);
	}
	{
		struct dande_buf p = DANDE_BUF_INIT;
		char *text;

		dande_buf_addf(&p, "%s/env/e2e/dande.conf", dande_test_data());
		text = dande_test_read(p.ptr);
		dande_test_write(dir, ".dande.conf", text);
		free(text);
		dande_buf_release(&p);
	}
	return dir;
}

/* "dande.project=<sanitised dir name>" */
static void label_of(struct dande_buf *out, const char *dir)
{
	dande_buf_adds(out, "label=dande.project=");
	dande_env_sanitise(out, strrchr(dir, '/') + 1);
}

/* How many containers, networks and volumes carry the project's label;
 * what they are said when `say`. */
static int count_leftovers(const char *dir, int say)
{
	static const char *const kinds[][3] = {
		{ "ps", "-aq", NULL }, { "network", "ls", "-q" },
		{ "volume", "ls", "-q" } };
	struct dande_buf label = DANDE_BUF_INIT;
	int n = 0;
	size_t i;

	label_of(&label, dir);
	for (i = 0; i < 3; i++) {
		const char *argv[] = { "docker", kinds[i][0], kinds[i][1],
				       kinds[i][2] ? kinds[i][2] : "--filter",
				       kinds[i][2] ? "--filter" : label.ptr,
				       kinds[i][2] ? label.ptr : NULL, NULL };
		struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
		const char *p;

		CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, argv), 0);
		for (p = res.out.ptr; p && *p; p++)
			n += *p == '\n';
		if (res.out.len && say)
			fprintf(stderr, "\nleft behind (%s): %s", kinds[i][0],
				res.out.ptr);
		dande_proc_result_release(&res);
	}
	dande_buf_release(&label);
	return n;
}

static int leftovers(const char *dir)
{
	return count_leftovers(dir, 1);
}

static int quiet_leftovers(const char *dir)
{
	return count_leftovers(dir, 0);
}

static void test_env__dev_and_test_side_by_side(void)
{
	char *dir = project();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	/* dev: db healthy after 2 s, then web, whose URL libcurl checks */
	env_ok(env(&res, dir, "up", "dev", NULL), &res);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "db: health: starting");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "db: healthy");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "http://127.0.0.1:18931/health: "
			      "answered 200");
	/* test beside it: its own project, network and containers */
	env_ok(env(&res, dir, "up", "test", NULL), &res);
	CU_ASSERT_EQUAL(env(&res, dir, "status", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "-dev\",\n    \"service\": \"web\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "-test\",\n    \"service\": \"db\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"health\": \"healthy\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "127.0.0.1:18931->80/tcp");
	/* the dev stack is untouched by the test one */
	CU_ASSERT_EQUAL(env(&res, dir, "status", "dev", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "web          running");
	CU_ASSERT_EQUAL(env(&res, dir, "logs", "dev", "db", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "db | db starting\n");
	/* run: a throw-away container, its exit code is dande's */
	CU_ASSERT_EQUAL(env(&res, dir, "run", "dev", "db", "--", "sh", "-c",
			    "echo from-run; exit 7", NULL), 7);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "from-run");
	CU_ASSERT_EQUAL(env(&res, dir, "down", "test", "--volumes", NULL), 0);
	CU_ASSERT_EQUAL(env(&res, dir, "down", "dev", NULL), 0);
	CU_ASSERT_EQUAL(env(&res, dir, "status", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "no containers of dande.project=");
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static void test_env__health_timeout_names_the_service(void)
{
	char *dir = project();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	CU_ASSERT_EQUAL(env(&res, dir, "up", "broken", "--timeout", "3",
			    NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "environment 'broken': service "
			      "'db' not ready after 3 s (health: starting)");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "--- last 20 lines of the log of "
			      "db");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "never-ready-marker");
	CU_ASSERT_EQUAL(env(&res, dir, "down", "broken", NULL), 0);
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static void test_env__test_collects_junit_and_tears_down(void)
{
	char *dir = project(), *init;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	/* the tests fail: exit 1, the report recorded, all torn down */
	CU_ASSERT_EQUAL(env(&res, dir, "test", "test", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "e2e: 1 of 2 failed");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded 1 JUnit report as run 1");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded 1 coverage report");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "tearing down project");
	dande_buf_addf(&p, "%s/reports/init.txt", dir);
	init = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(init ? init : "", "init ran\n");
	free(init);
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "kind, environment, tests, failed "
					 "FROM test_runs", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "junit  test         2      1");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "kind, name, message FROM errors",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "failure  bad   boom");
	/* the coverage hangs off the same run */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "run_id, file, lines_valid, "
					 "lines_covered FROM test_coverage "
					 "ORDER BY file", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "src/app.c");

	/* the environment fails: exit 4, an infra error, logs saved */
	CU_ASSERT_EQUAL(env(&res, dir, "test", "broken", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded as an infra error "
			      "(timeout)");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/reports/env-logs", dir);
	CU_ASSERT(dande_fs_is_dir(p.ptr));
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "kind, type, classname, name FROM "
					 "errors WHERE kind = 'infra'",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "infra  timeout  broken     db");
	/* no test row counts an unhealthy database as a failed test */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "count(*) FROM tests", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n2\n");

	/* a malformed report: exit 3, naming it, and nothing recorded */
	CU_ASSERT_EQUAL(env(&res, dir, "test", "badcov", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "lcov.info:2");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query", "SELECT "
					 "count(*) FROM test_runs WHERE "
					 "environment = 'badcov'", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n0\n");
	CU_ASSERT_EQUAL(leftovers(dir), 0);

	/* init refuses a database whose name lacks "test" */
	CU_ASSERT_EQUAL(env(&res, dir, "test", "unsafe", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "refusing to run the init command "
			      "of environment 'unsafe': DATABASE_URL names "
			      "the database 'app'");
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "must not run"));
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

static void test_env__sigint_tears_down(void)
{
	char *dir = project();
	struct dande_buf started = DANDE_BUF_INIT, bin = DANDE_BUF_INIT;
	int status = 0, i;
	pid_t pid;

	dande_buf_addf(&started, "%s/reports/started", dir);
	dande_buf_addf(&bin, "%s/dande", dande_test_bin());
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (chdir(dir) < 0)
			_exit(126);
		unsetenv("CI");
		unsetenv("DANDE_DB");
		execl(bin.ptr, "dande", "env", "-q", "test", "slow",
		      (char *)NULL);
		_exit(127);
	}
	/* wait until the tests run, then Ctrl-C */
	for (i = 0; i < 600 && !dande_fs_exists(started.ptr); i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	CU_ASSERT(dande_fs_exists(started.ptr));
	kill(pid, SIGINT);
	waitpid(pid, &status, 0);
	/* torn down, then died of the signal, as an interrupted tool does */
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	dande_buf_release(&started);
	dande_buf_release(&bin);
	dande_test_rmtree(dir);
}

static void test_env__sweep_removes_dead_runs(void)
{
	char *dir = project();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf proj = DANDE_BUF_INIT, plabel = DANDE_BUF_INIT;
	struct dande_buf owner = DANDE_BUF_INIT, clabel = DANDE_BUF_INIT;
	struct dande_buf run = DANDE_BUF_INIT, net = DANDE_BUF_INIT;
	struct dande_buf vol = DANDE_BUF_INIT;
	char host[256] = "";

	/* what a test run killed with SIGKILL leaves: a container and a
	 * network labelled with an owner that is gone */
	gethostname(host, sizeof(host) - 1);
	dande_env_sanitise(&proj, strrchr(dir, '/') + 1);
	dande_buf_addf(&plabel, "dande.project=%s", proj.ptr);
	dande_buf_addf(&owner, "dande.owner=%s:999999999", host);
	dande_buf_addf(&clabel, "com.docker.compose.project=%s-test-x",
		       proj.ptr);
	dande_buf_addf(&run, "dande.run=x");
	dande_buf_addf(&net, "%s-test-x_default", proj.ptr);
	dande_buf_addf(&vol, "%s-test-x_scratch", proj.ptr);
	{
		const char *mknet[] = { "docker", "network", "create",
					"--label", plabel.ptr, "--label",
					clabel.ptr, "--label", run.ptr,
					net.ptr, NULL };
		const char *ctr[] = { "docker", "run", "-d", "--label",
				      plabel.ptr, "--label", owner.ptr,
				      "--label", clabel.ptr, "--label",
				      run.ptr, "busybox:local", "sleep", "600",
				      NULL };

		/* a test run's named volume: its run is "main" (env test
		 * without --isolated), but it has an owner that is gone */
		const char *mkvol[] = { "docker", "volume", "create",
					"--label", plabel.ptr, "--label",
					owner.ptr, "--label", clabel.ptr,
					"--label", "dande.run=main", vol.ptr,
					NULL };

		CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, mknet), 0);
		CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, ctr), 0);
		CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, mkvol), 0);
	}
	/* a live stack is left alone (one with no host port: the dev one's
	 * port may still be in the engine's hands after the last test) */
	env_ok(env(&res, dir, "up", "slow", NULL), &res);
	CU_ASSERT_EQUAL(env(&res, dir, "sweep", "--dry-run", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "would remove container");
	CU_ASSERT_EQUAL(env(&res, dir, "sweep", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed container");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed network");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed volume");
	DANDE_ASSERT_CONTAINS(res.out.ptr, vol.ptr);
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "-slow"));
	CU_ASSERT_EQUAL(env(&res, dir, "status", "slow", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "db           running");
	CU_ASSERT_EQUAL(env(&res, dir, "sweep", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "nothing to sweep (1 live "
			      "project)");
	CU_ASSERT_EQUAL(env(&res, dir, "down", "slow", "--volumes", NULL), 0);
	CU_ASSERT_EQUAL(leftovers(dir), 0);
	dande_buf_release(&proj);
	dande_buf_release(&plabel);
	dande_buf_release(&owner);
	dande_buf_release(&clabel);
	dande_buf_release(&run);
	dande_buf_release(&net);
	dande_buf_release(&vol);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* templates/dande.mk's env-up, env-test and env-down targets. */
static void test_env__make_targets(void)
{
	static const char *const unset[] = { "MAKEFLAGS", "MAKELEVEL", NULL };
	char *dir = project();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf mk = DANDE_BUF_INIT, d = DANDE_BUF_INIT;
	const char *up[] = { "make", "-s", "env-up", NULL, "ENV=slow", NULL };
	const char *test[] = { "make", "-s", "env-test", NULL,
			       "DANDE_TEST_ENV=test", NULL };
	const char *down[] = { "make", "-s", "env-down", NULL, "ENV=slow",
			       NULL };

	dande_buf_addf(&mk, "include %s/../../templates/dande.mk\n",
		       dande_test_data());
	dande_test_write(dir, "Makefile", mk.ptr);
	dande_buf_addf(&d, "DANDE=%s/dande", dande_test_bin());
	up[3] = test[3] = down[3] = d.ptr;
	env_ok(dande_test_run(&res, dir, unset, up), &res);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "[slow] ready");
	/* the tests fail: make fails, and the stack is gone */
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, unset, test), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "tearing down");
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, unset, down), 0);
	CU_ASSERT_EQUAL(env(&res, dir, "status", "slow", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "no containers of");
	/* env-down keeps a stack's volumes, as `down` does: then they go */
	CU_ASSERT_EQUAL(env(&res, dir, "down", "slow", "--volumes", NULL), 0);
	CU_ASSERT_EQUAL(leftovers(dir), 0);

	/* the design documents' targets, each printing what it runs */
	{
		const char *status[] = { "make", "status", NULL, NULL };
		const char *setup[] = { "make", "test-setup", NULL, NULL };
		const char *unit[] = { "make", "test-unit", NULL, NULL };
		const char *e2e[] = { "make", "test-e2e", NULL, NULL };
		const char *clean[] = { "make", "test-clean", NULL, NULL };
		struct dande_buf init = DANDE_BUF_INIT;
		char *text;

		status[2] = setup[2] = unit[2] = e2e[2] = clean[2] = d.ptr;
		env_ok(dande_test_run(&res, dir, unset, status), &res);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "/dande env status\n");
		/* a fresh test stack, up and initialised, left up */
		env_ok(dande_test_run(&res, dir, unset, setup), &res);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "/dande env up test\n");
		DANDE_ASSERT_CONTAINS(res.err.ptr, "[test] init: sh -c");
		dande_buf_addf(&init, "%s/reports/init.txt", dir);
		text = dande_test_read(init.ptr);
		CU_ASSERT_STRING_EQUAL(text ? text : "", "init ran\n");
		free(text);
		/* one layer: its own command in the whole cycle, recorded */
		env_ok(dande_test_run(&res, dir, unset, unit), &res);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "/dande env test test "
				      "--layer unit\n");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "unit: 1 passed");
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "report",
						 NULL), 0);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "1 tests, 1 passed");
		/* a layer with no command is said, and runs nothing */
		CU_ASSERT_EQUAL(dande_test_run(&res, dir, unset, e2e), 2);
		DANDE_ASSERT_CONTAINS(res.err.ptr, "set env.test.e2e");
		env_ok(dande_test_run(&res, dir, unset, clean), &res);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "/dande env sweep\n");
		CU_ASSERT_EQUAL(leftovers(dir), 0);
		dande_buf_release(&init);
	}
	dande_buf_release(&mk);
	dande_buf_release(&d);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* `dande env -q test ENV` started in `dir`, its pid. */
static pid_t start_test(const char *dir, const char *envname)
{
	struct dande_buf bin = DANDE_BUF_INIT;
	pid_t pid;

	dande_buf_addf(&bin, "%s/dande", dande_test_bin());
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (chdir(dir) < 0)
			_exit(126);
		/* its output is not ours to read: a reaper holding the
		 * test's stdout would hang it */
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		unsetenv("CI");
		unsetenv("DANDE_DB");
		execl(bin.ptr, "dande", "env", "-q", "test", envname,
		      (char *)NULL);
		_exit(127);
	}
	dande_buf_release(&bin);
	return pid;
}

/* Leftovers of the project, polled until there are none or `secs`
 * passed; then checked again after a pause (an orphaned Compose would
 * go on creating). */
static int leftovers_after(const char *dir, int secs)
{
	int i, n = 0;

	for (i = 0; i < secs * 2; i++) {
		struct timespec half = { 0, 500 * 1000 * 1000 };

		if ((n = quiet_leftovers(dir)) == 0)
			break;
		nanosleep(&half, NULL);
	}
	if (n == 0) {
		struct timespec pause = { 3, 0 };

		nanosleep(&pause, NULL);
		n = leftovers(dir);
	}
	return n;
}

/* kill -9 of `dande env test` at random points of its run (the fresh
 * start, up, the health wait, the tests): the reaper kills the Compose
 * it ran and removes the project, volumes included (2 of 3 leaked). */
static void test_env__kill9_is_reaped(void)
{
	int trials = 4, t, leaked = 0;

	srand((unsigned)time(NULL));
	for (t = 0; t < trials; t++) {
		char *dir = project();
		/* 0.3 s to 6 s: from before the first container to the
		 * tests running */
		double delay = 0.3 + (double)(rand() % 57) / 10.0;
		struct timespec ts;
		int status, n;
		pid_t pid = start_test(dir, "slow");

		CU_ASSERT_FATAL(pid > 0);
		ts.tv_sec = (time_t)delay;
		ts.tv_nsec = (long)((delay - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		n = leftovers_after(dir, 40);
		printf("    (kill -9 after %.1f s: %d left)\n", delay, n);
		leaked += n > 0;
		dande_test_rmtree(dir);
	}
	CU_ASSERT_EQUAL(leaked, 0);
}

/* A Compose that crashes (kill -9) while the tests run: dande tears the
 * project down itself, through the engine, and ends. */
static void test_env__crashed_compose_is_torn_down(void)
{
	char *dir = project();
	struct dande_buf started = DANDE_BUF_INIT, pat = DANDE_BUF_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int status = 0, i;
	pid_t pid;

	dande_buf_addf(&started, "%s/reports/started", dir);
	pid = start_test(dir, "slow");
	CU_ASSERT_FATAL(pid > 0);
	for (i = 0; i < 600 && !dande_fs_exists(started.ptr); i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	CU_ASSERT(dande_fs_exists(started.ptr));
	/* every Compose process of the project (dande's own argv does not
	 * name it) */
	dande_buf_addf(&pat, "-p ");
	dande_env_sanitise(&pat, strrchr(dir, '/') + 1);
	dande_buf_adds(&pat, "-slow");
	{
		const char *argv[] = { "pkill", "-KILL", "-f", "--", pat.ptr,
				       NULL };

		CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, argv), 0);
	}
	for (i = 0; i < 600; i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		nanosleep(&ts, NULL);
	}
	CU_ASSERT(i < 600);
	if (i == 600) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) != 0);
	CU_ASSERT_EQUAL(leftovers_after(dir, 20), 0);
	dande_proc_result_release(&res);
	dande_buf_release(&started);
	dande_buf_release(&pat);
	dande_test_rmtree(dir);
}

/*
 * dande's own test environment (docker-compose.test.yml, [env "test"] in
 * its .dande.conf), brought up by dande on dande's own checkout: the
 * runner builds with --coverage in its container and runs the unit level
 * (DANDE_ENV_LEVELS=unit keeps it short), and the reports come back and
 * are recorded, /src/ paths mapped to the repository.  Needs the image
 * `make env-image` builds (a Debian base: pulled, or made with
 * debootstrap); reported skipped without it.
 */
static void test_env__dandes_own_test_environment(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf root = DANDE_BUF_INIT, db = DANDE_BUF_INIT;
	const char *const inspect[] = { "docker", "image", "inspect",
					"dande-dev:local", NULL };
	const char *env_vars[] = { "DANDE_ENV_LEVELS=unit", NULL, NULL };
	const char *args[] = { "env", "test", "test", NULL };
	char *tmp;
	long runs = -1;

	if (dande_test_run(&res, NULL, NULL, inspect) != 0) {
		dande_test_skip("no image dande-dev:local: `make env-image` "
				"builds it (from a Debian base pulled, or made "
				"with debootstrap)");
		dande_proc_result_release(&res);
		return;
	}
	/* tests/data is two levels below the checkout */
	dande_buf_addf(&root, "%s/../..", dande_test_data());
	tmp = dande_test_tmpdir();
	if (getenv("DANDE_DB")) {
		dande_buf_addf(&db, "DANDE_DB=%s", getenv("DANDE_DB"));
	} else {
		dande_buf_addf(&db, "DANDE_DB=%s/own.db", tmp);
	}
	env_vars[1] = db.ptr;
	/* a build and the unit level in a container: minutes on a busy
	 * machine */
	dande_test_timeout_ms = 15 * 60 * 1000;
	env_ok(dande_test_tool(&res, root.ptr, env_vars, "dande", args),
	       &res);
	dande_test_timeout_ms = 60000;
	DANDE_ASSERT_CONTAINS(res.out.ptr, "unit: all tests passed");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded 1 JUnit report as run");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "coverage reports");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "tearing down project");
	{
		const char *q[] = { "db", "query", "SELECT count(*) FROM "
				    "test_runs WHERE environment = 'test' AND "
				    "tests > 100 AND passed = tests", "--format",
				    "csv", NULL };

		CU_ASSERT_EQUAL(dande_test_tool(&res, root.ptr, env_vars,
						"dande", q), 0);
		sscanf(strchr(res.out.ptr, '\n') ? strchr(res.out.ptr, '\n') :
		       "", "%ld", &runs);
		CU_ASSERT(runs >= 1);
	}
	{
		/* the container's paths are the repository's */
		const char *q[] = { "db", "query", "SELECT (SELECT count(*) "
				    "FROM test_coverage WHERE file LIKE "
				    "'lib/%') || ' ' || (SELECT count(*) FROM "
				    "test_coverage WHERE file LIKE '/%')",
				    "--format", "csv", NULL };
		long in_lib = 0, outside = -1;

		CU_ASSERT_EQUAL(dande_test_tool(&res, root.ptr, env_vars,
						"dande", q), 0);
		sscanf(strchr(res.out.ptr, '\n') ? strchr(res.out.ptr, '\n') :
		       "", "%ld %ld", &in_lib, &outside);
		CU_ASSERT(in_lib > 20);
		CU_ASSERT_EQUAL(outside, 0);
	}
	dande_proc_result_release(&res);
	dande_buf_release(&root);
	dande_buf_release(&db);
	dande_test_rmtree(tmp);
}

CU_TestInfo test_env_tests[] = {
	{ "test_env__make_targets", test_env__make_targets },
	{ "test_env__dev_and_test_side_by_side",
	  test_env__dev_and_test_side_by_side },
	{ "test_env__health_timeout_names_the_service",
	  test_env__health_timeout_names_the_service },
	{ "test_env__test_collects_junit_and_tears_down",
	  test_env__test_collects_junit_and_tears_down },
	{ "test_env__sigint_tears_down", test_env__sigint_tears_down },
	{ "test_env__kill9_is_reaped", test_env__kill9_is_reaped },
	{ "test_env__crashed_compose_is_torn_down",
	  test_env__crashed_compose_is_torn_down },
	{ "test_env__sweep_removes_dead_runs",
	  test_env__sweep_removes_dead_runs },
	{ "test_env__dandes_own_test_environment",
	  test_env__dandes_own_test_environment },
	CU_TEST_INFO_NULL
};

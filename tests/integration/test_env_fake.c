/*
 * `dande env` without an engine: the fake Engine API (tests/lib/
 * fake_engine.c, answering from answers recorded from a real engine in
 * tests/data/env/engine/) and the fake Compose (tests/data/env/fake/
 * docker, which records its argv and plays what each compose file of
 * tests/data/env/fake/project scripts): up and the health wait (healthy,
 * unhealthy, a service that exits, a timeout, Compose failing), the test
 * cycle torn down after a failure, a signal in the middle of `up`,
 * status, logs and sweep.  The real engine's e2e level covers the same
 * with real containers whenever an engine can be had.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/env.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

static const char *const project_files[] = {
	"dande.conf", "compose.ok.yml", "compose.dev.yml", "compose.sick.yml",
	"compose.crash.yml", "compose.fails.yml", "compose.hang.yml",
	"compose.slow.yml", NULL
};

struct fake {
	char *dir;		/* the project */
	char *state;		/* the engine's state, compose.log */
	struct dande_buf old_path;
};

static void copy_in(const char *dir, const char *from, const char *to)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;

	dande_buf_addf(&p, "%s/env/fake/%s", dande_test_data(), from);
	text = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	dande_test_write(dir, to, text);
	free(text);
	dande_buf_release(&p);
}

/* A project, a fake engine on DOCKER_HOST, the fake Compose first on
 * PATH (env.tool = docker). */
static int fake_up(struct fake *f)
{
	const char *const *n;
	struct dande_buf host = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	const char *path = getenv("PATH");
	const struct dande_buf empty = DANDE_BUF_INIT;

	memset(f, 0, sizeof(*f));
	f->old_path = empty;
	f->dir = dande_test_tmpdir();
	f->state = dande_test_tmpdir();
	for (n = project_files; *n; n++) {
		struct dande_buf from = DANDE_BUF_INIT;

		dande_buf_addf(&from, "project/%s", *n);
		copy_in(f->dir, from.ptr, !strcmp(*n, "dande.conf") ?
			".dande.conf" : *n);
		dande_buf_release(&from);
	}
	copy_in(f->dir, "junit-fail.xml", "junit-fail.xml");
	{
		/* the fake is spoken to as `docker compose` */
		char *conf;

		dande_buf_addf(&p, "%s/.dande.conf", f->dir);
		conf = dande_test_read(p.ptr);
		dande_buf_reset(&p);
		dande_buf_addf(&p, "[env]\n\ttool = docker\n%s", conf);
		dande_test_write(f->dir, ".dande.conf", p.ptr);
		free(conf);
		dande_buf_reset(&p);
	}
	if (dande_test_fake_engine(f->state, &host) < 0) {
		CU_FAIL("the fake engine did not start");
		return -1;
	}
	setenv("DOCKER_HOST", host.ptr, 1);
	setenv("FAKE_ENGINE_STATE", f->state, 1);
	dande_buf_addf(&p, "%s/env/engine", dande_test_data());
	setenv("FAKE_ENGINE_DATA", p.ptr, 1);
	dande_buf_adds(&f->old_path, path ? path : "/usr/bin:/bin");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/env/fake:%s", dande_test_data(),
		       f->old_path.ptr);
	setenv("PATH", p.ptr, 1);
	unsetenv("CI");
	dande_buf_release(&host);
	dande_buf_release(&p);
	return 0;
}

static void fake_down(struct fake *f)
{
	dande_test_fake_engine_stop();
	setenv("PATH", f->old_path.ptr, 1);
	unsetenv("DOCKER_HOST");
	unsetenv("FAKE_ENGINE_STATE");
	unsetenv("FAKE_ENGINE_DATA");
	dande_buf_release(&f->old_path);
	dande_test_rmtree(f->dir);
	dande_test_rmtree(f->state);
}

static char *compose_log(const struct fake *f)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *text;

	dande_buf_addf(&p, "%s/compose.log", f->state);
	text = dande_test_read(p.ptr);
	dande_buf_release(&p);
	return text ? text : strdup("");
}

/* How many documents of `kind` the engine holds. */
static int held(const struct fake *f, const char *kind)
{
	struct dande_buf p = DANDE_BUF_INIT;
	struct dirent *e;
	DIR *d;
	int n = 0;

	dande_buf_addf(&p, "%s/%s", f->state, kind);
	if ((d = opendir(p.ptr))) {
		while ((e = readdir(d)))
			n += strstr(e->d_name, ".json") != NULL;
		closedir(d);
	}
	dande_buf_release(&p);
	return n;
}

#define env(res, f, ...) dande_test_dande(res, (f)->dir, "env", __VA_ARGS__)

static int env_down(struct fake *f)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int rc = env(&res, f, "down", "slow", "--volumes", NULL);

	dande_proc_result_release(&res);
	return rc;
}

static void test_env_fake__up_waits_and_status_and_logs(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *log, *req;

	if (fake_up(&f) < 0)
		return;
	CU_ASSERT_EQUAL(env(&res, &f, "up", "ok", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "ready: project");
	/* the runner is not started by up: env test and env run run it */
	DANDE_ASSERT_CONTAINS(res.err.ptr, "runner service 'tests' is left to env test");
	log = compose_log(&f);
	DANDE_ASSERT_CONTAINS(log, "up -d --remove-orphans db\n");
	DANDE_ASSERT_CONTAINS(log, "labels.yml");
	free(log);
	req = dande_test_fake_engine_requests();
	DANDE_ASSERT_CONTAINS(req, "GET /_ping");
	DANDE_ASSERT_CONTAINS(req, "GET /containers/json?all=1&filters=");
	free(req);
	CU_ASSERT_EQUAL(held(&f, "containers"), 1);

	CU_ASSERT_EQUAL(env(&res, &f, "status", "ok", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "db");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "healthy");
	CU_ASSERT_EQUAL(env(&res, &f, "status", "ok", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"health\": \"healthy\"");
	/* the engine's multiplexed frames, stdout and stderr, in order */
	CU_ASSERT_EQUAL(env(&res, &f, "logs", "ok", "db", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "db: starting");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "db: ready to accept connections");

	CU_ASSERT_EQUAL(env(&res, &f, "down", "ok", "--volumes", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "down: project");
	log = compose_log(&f);
	DANDE_ASSERT_CONTAINS(log, "down --remove-orphans -v");
	free(log);
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	CU_ASSERT_EQUAL(held(&f, "networks"), 0);
	CU_ASSERT_EQUAL(held(&f, "volumes"), 0);
	dande_proc_result_release(&res);
	fake_down(&f);
}

/* On a terminal, the wait for the services is one live line, wiped
 * when the wait ends (here: a database that stays starting past its
 * 1 s timeout). */
static void test_env_fake__up_shows_the_wait_on_a_terminal(void)
{
	struct fake f;
	struct dande_buf tty = DANDE_BUF_INIT;
	const char *args[] = { "dande", "env", "up", "slow", NULL };
	int rc;

	if (fake_up(&f) < 0)
		return;
	rc = dande_test_on_terminal(f.dir, NULL, args, &tty);
	if (rc == -1) {
		dande_test_skip("no pseudo-terminal to be had");
	} else {
		CU_ASSERT_EQUAL(rc, 4);
		DANDE_ASSERT_CONTAINS(tty.ptr, "\rdande-env: waiting: 0 of 1 "
				      "ready, db: health: starting, ");
		/* wiped (blanked, back to the start) before the next line */
		DANDE_ASSERT_CONTAINS(tty.ptr, "   \rdande-env: ");
		DANDE_ASSERT_CONTAINS(tty.ptr, "service 'db' not ready after "
				      "1 s");
	}
	CU_ASSERT_EQUAL(env_down(&f), 0);
	dande_buf_release(&tty);
	fake_down(&f);
}

static void test_env_fake__up_fails_clearly(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *req;

	if (fake_up(&f) < 0)
		return;
	/* unhealthy: the probe's last output and the service's log */
	CU_ASSERT_EQUAL(env(&res, &f, "up", "sick", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "service 'db' is unhealthy");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "cache probe: connection refused");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "cache: listening");
	req = dande_test_fake_engine_requests();
	DANDE_ASSERT_CONTAINS(req, "/logs?stdout=1&stderr=1");
	DANDE_ASSERT_CONTAINS(req, "/json\n");
	free(req);
	CU_ASSERT_EQUAL(env(&res, &f, "down", "sick", NULL), 0);

	/* a one-shot service that exited non-zero */
	CU_ASSERT_EQUAL(env(&res, &f, "up", "crash", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "service 'migrate' ");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "3");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "step 2 failed: relation exists");
	CU_ASSERT_EQUAL(env(&res, &f, "down", "crash", NULL), 0);

	/* Compose itself fails: its message, exit 4 */
	CU_ASSERT_EQUAL(env(&res, &f, "up", "fails", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "compose up failed");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "pull access denied");

	/* never ready: the timeout names the service */
	CU_ASSERT_EQUAL(env(&res, &f, "up", "slow", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "service 'db' not ready after 1 s");
	CU_ASSERT_EQUAL(env(&res, &f, "down", "slow", NULL), 0);
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	dande_proc_result_release(&res);
	fake_down(&f);
}

static void test_env_fake__test_records_and_tears_down(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *log, *down;

	if (fake_up(&f) < 0)
		return;
	/* the tests fail: exit 1, the report recorded, all torn down */
	CU_ASSERT_EQUAL(env(&res, &f, "test", "ok", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "fake: 1 of 2 failed");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded 1 JUnit report as run 1");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "tearing down project");
	log = compose_log(&f);
	DANDE_ASSERT_CONTAINS(log, "run --rm -T tests sh /work/run-tests.sh");
	/* down before (a fresh start) and after the run */
	down = strstr(log, " run ");
	CU_ASSERT(down && strstr(down, " down -v --remove-orphans"));
	free(log);
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	CU_ASSERT_EQUAL(held(&f, "networks"), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, f.dir, "db", "query", "SELECT "
					 "kind, environment, tests, failed "
					 "FROM test_runs", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "junit  ok           2      1");

	/* the environment fails: exit 4, an infra error, logs kept */
	CU_ASSERT_EQUAL(env(&res, &f, "test", "sick", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded as an infra error "
			      "(unhealthy)");
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, f.dir, "db", "query", "SELECT "
					 "kind, type, classname, name FROM "
					 "errors WHERE kind = 'infra'",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "infra  unhealthy  sick       db");
	dande_proc_result_release(&res);
	fake_down(&f);
}

/* env.NAME.require: the tests (and init) run only when the env file says
 * so; a refusal is exit 4 naming the variable, an infra error of the run,
 * and nothing ran in the runner. */
static void test_env_fake__require_guards_the_tests(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *log;

	if (fake_up(&f) < 0)
		return;
	dande_test_write(f.dir, ".env.guarded", "ENVIRONMENT=development\n");
	CU_ASSERT_EQUAL(env(&res, &f, "test", "guarded", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "refusing to run the tests of "
			      "environment 'guarded': ENVIRONMENT is "
			      "'development' in .env.guarded, and it requires "
			      "ENVIRONMENT=testing");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "recorded as an infra error "
			      "(unsafe)");
	log = compose_log(&f);
	CU_ASSERT_PTR_NULL(strstr(log, " run "));
	free(log);
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, f.dir, "db", "query", "SELECT "
					 "kind, type, classname FROM errors",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "infra  unsafe  guarded");
	/* said so: the tests run */
	dande_test_write(f.dir, ".env.guarded", "ENVIRONMENT=testing\n");
	CU_ASSERT_EQUAL(env(&res, &f, "test", "guarded", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "fake: 1 of 2 failed");
	/* a requirement that is not NAME=VALUE is a usage error */
	{
		struct dande_buf p = DANDE_BUF_INIT;
		char *conf;

		dande_buf_addf(&p, "%s/.dande.conf", f.dir);
		conf = dande_test_read(p.ptr);
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s[env \"bad\"]\n\tcompose = compose.ok.yml"
			       "\n\trequire = ENVIRONMENT\n", conf);
		dande_test_write(f.dir, ".dande.conf", p.ptr);
		free(conf);
		dande_buf_release(&p);
	}
	CU_ASSERT_EQUAL(env(&res, &f, "test", "bad", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "bad value 'ENVIRONMENT' for "
			      "'env.bad.require': expected NAME=VALUE");
	dande_proc_result_release(&res);
	fake_down(&f);
}

/* Ctrl-C while `env test` waits for a Compose that hangs: Compose is
 * stopped, the project torn down, and dande dies of the signal as an
 * interrupted tool does. */
static void test_env_fake__signal_tears_down(void)
{
	struct fake f;
	struct dande_buf bin = DANDE_BUF_INIT;
	int status = 0, i;
	char *log = NULL;
	pid_t pid;

	if (fake_up(&f) < 0)
		return;
	dande_buf_addf(&bin, "%s/dande", dande_test_bin());
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (chdir(f.dir) < 0)
			_exit(126);
		execl(bin.ptr, "dande", "env", "-q", "test", "hang",
		      (char *)NULL);
		_exit(127);
	}
	/* until Compose runs */
	for (i = 0; i < 100; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		free(log);
		log = compose_log(&f);
		if (strstr(log, " up "))
			break;
		nanosleep(&ts, NULL);
	}
	DANDE_ASSERT_CONTAINS(log, " up -d");
	kill(pid, SIGINT);
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
	free(log);
	log = compose_log(&f);
	/* after the up it interrupted */
	DANDE_ASSERT_CONTAINS(strstr(log, " up -d") ? strstr(log, " up -d") :
			      "", " down -v --remove-orphans");
	free(log);
	dande_buf_release(&bin);
	fake_down(&f);
}

/* What a run killed with SIGKILL leaves (an owner that is gone) is
 * removed through the engine; a live project is left alone. */
static void test_env_fake__sweep_removes_dead_runs(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf proj = DANDE_BUF_INIT, lab = DANDE_BUF_INIT;
	struct dande_buf sub = DANDE_BUF_INIT;
	char host[256] = "", *req;

	if (fake_up(&f) < 0)
		return;
	gethostname(host, sizeof(host) - 1);
	dande_env_sanitise(&proj, strrchr(f.dir, '/') + 1);
	dande_buf_addf(&lab, "dande.project=%s\ndande.owner=%s:999999999\n"
		       "dande.run=x\ncom.docker.compose.project=%s-test-x\n",
		       proj.ptr, host, proj.ptr);
	{
		struct dande_buf p = DANDE_BUF_INIT;
		char *doc;

		dande_buf_addf(&p, "%s/env/engine/healthy.json",
			       dande_test_data());
		doc = dande_test_read(p.ptr);
		dande_buf_addf(&sub, "%s/containers", f.state);
		dande_test_write(sub.ptr, "dead-db-1.json", doc);
		dande_test_write(sub.ptr, "dead-db-1.labels", lab.ptr);
		free(doc);
		dande_buf_reset(&sub);
		dande_buf_addf(&sub, "%s/networks", f.state);
		dande_test_write(sub.ptr, "dead_default.json",
				 "{\"Name\": \"dead_default\"}");
		dande_test_write(sub.ptr, "dead_default.labels", lab.ptr);
		dande_buf_reset(&sub);
		dande_buf_addf(&sub, "%s/volumes", f.state);
		dande_test_write(sub.ptr, "dead_scratch.json",
				 "{\"Name\": \"dead_scratch\"}");
		dande_test_write(sub.ptr, "dead_scratch.labels", lab.ptr);
		dande_buf_release(&p);
	}
	CU_ASSERT_EQUAL(env(&res, &f, "up", "ok", NULL), 0);
	CU_ASSERT_EQUAL(env(&res, &f, "sweep", "--dry-run", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "would remove container");
	CU_ASSERT_EQUAL(held(&f, "containers"), 2);
	CU_ASSERT_EQUAL(env(&res, &f, "sweep", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed container");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed network dead_default");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed volume dead_scratch");
	req = dande_test_fake_engine_requests();
	DANDE_ASSERT_CONTAINS(req, "DELETE /containers/dead-db-1?force=1&v=1");
	DANDE_ASSERT_CONTAINS(req, "DELETE /networks/dead_default");
	free(req);
	/* the live stack stays */
	CU_ASSERT_EQUAL(held(&f, "containers"), 1);
	CU_ASSERT_EQUAL(env(&res, &f, "sweep", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "nothing to sweep (1 live "
			      "project)");
	CU_ASSERT_EQUAL(env(&res, &f, "down", "ok", NULL), 0);
	dande_buf_release(&proj);
	dande_buf_release(&lab);
	dande_buf_release(&sub);
	dande_proc_result_release(&res);
	fake_down(&f);
}


/* [env "dev"] init: run once the stack is ready, in the first service
 * (no runner: exec); a failing init fails up with the command's code
 * and leaves the stack for `down`; env.NAME.require guards it. */
static void test_env_fake__up_runs_the_dev_init(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf done = DANDE_BUF_INIT;
	char *log, *text;

	if (fake_up(&f) < 0)
		return;
	CU_ASSERT_EQUAL(env(&res, &f, "up", "dev", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "ready: project");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "[dev] init: sh /src/scripts/"
			      "init-db.sh");
	log = compose_log(&f);
	DANDE_ASSERT_CONTAINS(log, "exec -T db sh /src/scripts/init-db.sh\n");
	free(log);
	dande_buf_addf(&done, "%s/init.done", f.dir);
	text = dande_test_read(done.ptr);
	CU_ASSERT_STRING_EQUAL(text ? text : "", "init ran\n");
	free(text);
	/* a failing init: up fails, exit 4, the stack is left for down */
	setenv("INIT_FAILS", "1", 1);
	CU_ASSERT_EQUAL(env(&res, &f, "up", "dev", NULL), 4);
	unsetenv("INIT_FAILS");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "fake: migration 3 failed");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "environment 'dev': the init "
			      "command 'sh /src/scripts/init-db.sh' exited "
			      "with 3 (the stack is up; dande env down dev)");
	CU_ASSERT_EQUAL(held(&f, "containers"), 1);
	CU_ASSERT_EQUAL(env(&res, &f, "down", "dev", NULL), 0);
	/* guarded: ENVIRONMENT is not development, nothing run */
	CU_ASSERT_EQUAL(env(&res, &f, "up", "devguarded", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "refusing to run the init command "
			      "of environment 'devguarded': ENVIRONMENT is not "
			      "set, and it requires ENVIRONMENT=development");
	text = dande_test_read(done.ptr);
	CU_ASSERT_STRING_EQUAL(text ? text : "", "init ran\n");
	free(text);
	CU_ASSERT_EQUAL(env(&res, &f, "down", "devguarded", NULL), 0);
	dande_buf_release(&done);
	dande_proc_result_release(&res);
	fake_down(&f);
}


/* A host port a process of this machine listens on (this test, here):
 * env check names it (port-in-use, with the pid and command) and up
 * fails before Compose is asked, exit 4, nothing started. */
static void test_env_fake__port_in_use(void)
{
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf yml = DANDE_BUF_INIT, conf = DANDE_BUF_INIT;
	struct dande_buf want = DANDE_BUF_INIT;
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	char *old, *log;
	int fd;

	if (fake_up(&f) < 0)
		return;
	/* close-on-exec: the tools must not inherit the listener; a free
	 * port before it (the socket tables read once for both) */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_FATAL(fd >= 0 && bind(fd, (struct sockaddr *)&a,
					sizeof(a)) == 0 && listen(fd, 1) == 0 &&
			getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	dande_buf_addf(&yml, "x-fake:\n  up: db=healthy\nservices:\n  db:\n"
		       "    image: busybox:local\n    healthcheck:\n      "
		       "test: [\"CMD\", \"true\"]\n    ports:\n      - "
		       "\"127.0.0.1:9:5433\"\n      - "
		       "\"127.0.0.1:%d:5432\"\n", ntohs(a.sin_port));
	dande_test_write(f.dir, "compose.busy.yml", yml.ptr);
	dande_buf_addf(&conf, "%s/.dande.conf", f.dir);
	old = dande_test_read(conf.ptr);
	dande_buf_reset(&conf);
	dande_buf_addf(&conf, "%s[env \"busy\"]\n\tcompose = "
		       "compose.busy.yml\n", old);
	dande_test_write(f.dir, ".dande.conf", conf.ptr);
	free(old);

	dande_buf_addf(&want, "compose.busy.yml:10: port-in-use: host port %d "
		       "(service 'db' of environment 'busy') is in use on this "
		       "machine by pid %d (", ntohs(a.sin_port), (int)getpid());
	CU_ASSERT_EQUAL(env(&res, &f, "check", "busy", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, want.ptr);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "up would fail");
	dande_buf_reset(&want);
	dande_buf_addf(&want, "environment 'busy': host port %d (service 'db') "
		       "is in use on this machine by pid %d (",
		       ntohs(a.sin_port), (int)getpid());
	CU_ASSERT_EQUAL(env(&res, &f, "up", "busy", NULL), 4);
	DANDE_ASSERT_CONTAINS(res.err.ptr, want.ptr);
	log = compose_log(&f);
	CU_ASSERT_PTR_NULL(strstr(log, "up -d"));
	free(log);
	CU_ASSERT_EQUAL(held(&f, "containers"), 0);
	/* once it is free, up goes on */
	close(fd);
	CU_ASSERT_EQUAL(env(&res, &f, "up", "busy", NULL), 0);
	CU_ASSERT_EQUAL(env(&res, &f, "down", "busy", NULL), 0);
	dande_buf_release(&yml);
	dande_buf_release(&conf);
	dande_buf_release(&want);
	dande_proc_result_release(&res);
	fake_down(&f);
}


/* A TLS server of this machine: `openssl s_server -www` on 127.0.0.1 at
 * a free port with `cert` and `key`; its pid, the port into *port. */
static pid_t tls_server(const char *cert, const char *key, int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	char accept_at[32];
	pid_t pid;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), tries;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	close(fd);
	snprintf(accept_at, sizeof(accept_at), "127.0.0.1:%d", *port);
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execlp("openssl", "openssl", "s_server", "-accept", accept_at,
		       "-cert", cert, "-key", key, "-www", (char *)NULL);
		_exit(127);
	}
	/* until it takes connections */
	for (tries = 0; pid > 0 && tries < 100; tries++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
			close(fd);
			return pid;
		}
		close(fd);
		nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	}
	return pid;
}

/* env init --tls: a local CA and a server certificate for localhost and
 * the services, which openssl verifies; cacert set; a health URL served
 * with it is refused by the system's store (env check says
 * tls-unverified) and verified with the CA (up waits on it and goes on). */
static void test_env_fake__tls_like_make_setup(void)
{
	const char *const probe[] = { "openssl", "version", NULL };
	struct fake f;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT, cert = DANDE_BUF_INIT;
	struct dande_buf key = DANDE_BUF_INIT, conf = DANDE_BUF_INIT;
	struct stat st;
	char *text;
	pid_t server;
	int port = 0;

	if (dande_test_run(&res, NULL, NULL, probe) != 0) {
		dande_test_skip("no openssl (Debian: openssl)");
		dande_proc_result_release(&res);
		return;
	}
	if (fake_up(&f) < 0)
		return;
	CU_ASSERT_EQUAL(env(&res, &f, "init", "--tls", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "wrote    certs/ca.pem, certs/ca.key "
			      "(the local CA), certs/server.pem, certs/server.key "
			      "(for localhost, 127.0.0.1, ::1, db, tests");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "set      env.dev.cacert = "
			      "certs/ca.pem in .dande.conf");
	dande_buf_addf(&cert, "%s/certs/server.pem", f.dir);
	dande_buf_addf(&key, "%s/certs/server.key", f.dir);
	dande_buf_addf(&p, "%s/certs/ca.key", f.dir);
	CU_ASSERT(stat(p.ptr, &st) == 0 && (st.st_mode & 077) == 0);
	{
		const char *verify[] = { "openssl", "verify", "-CAfile",
					 "certs/ca.pem", "certs/server.pem",
					 NULL };
		const char *san[] = { "openssl", "x509", "-in",
				      "certs/server.pem", "-noout", "-ext",
				      "subjectAltName", NULL };

		CU_ASSERT_EQUAL(dande_test_run(&res, f.dir, NULL, verify), 0);
		CU_ASSERT_EQUAL(dande_test_run(&res, f.dir, NULL, san), 0);
		DANDE_ASSERT_CONTAINS(res.out.ptr, "DNS:localhost, IP "
				      "Address:127.0.0.1");
		DANDE_ASSERT_CONTAINS(res.out.ptr, "DNS:db");
	}
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/certs/.gitignore", f.dir);
	text = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(text ? text : "", "*.key\n");
	free(text);
	/* again: kept */
	CU_ASSERT_EQUAL(env(&res, &f, "init", "--tls", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "kept     certs/");

	server = tls_server(cert.ptr, key.ptr, &port);
	CU_ASSERT_FATAL(server > 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/.dande.conf", f.dir);
	text = dande_test_read(p.ptr);
	dande_buf_addf(&conf, "%s[env \"secure\"]\n\tcompose = "
		       "compose.dev.yml\n\thealth = https://localhost:%d/\n",
		       text, port);
	free(text);
	dande_test_write(f.dir, ".dande.conf", conf.ptr);
	CU_ASSERT_EQUAL(env(&res, &f, "check", "secure", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "tls-unverified: environment "
			      "'secure': the certificate of https://localhost:");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "has no cacert");
	/* with the CA: verified, and up waits on it */
	dande_buf_adds(&conf, "\tcacert = certs/ca.pem\n");
	dande_test_write(f.dir, ".dande.conf", conf.ptr);
	CU_ASSERT_EQUAL(env(&res, &f, "check", "secure", NULL), 0);
	CU_ASSERT_EQUAL(env(&res, &f, "up", "secure", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "ready: project");
	CU_ASSERT_EQUAL(env(&res, &f, "down", "secure", NULL), 0);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	dande_buf_release(&p);
	dande_buf_release(&cert);
	dande_buf_release(&key);
	dande_buf_release(&conf);
	dande_proc_result_release(&res);
	fake_down(&f);
}

CU_TestInfo test_env_fake_tests[] = {
	{ "test_env_fake__tls_like_make_setup",
	  test_env_fake__tls_like_make_setup },
	{ "test_env_fake__port_in_use", test_env_fake__port_in_use },
	{ "test_env_fake__up_runs_the_dev_init",
	  test_env_fake__up_runs_the_dev_init },
	{ "test_env_fake__up_waits_and_status_and_logs",
	  test_env_fake__up_waits_and_status_and_logs },
	{ "test_env_fake__up_shows_the_wait_on_a_terminal",
	  test_env_fake__up_shows_the_wait_on_a_terminal },
	{ "test_env_fake__up_fails_clearly", test_env_fake__up_fails_clearly },
	{ "test_env_fake__test_records_and_tears_down",
	  test_env_fake__test_records_and_tears_down },
	{ "test_env_fake__require_guards_the_tests",
	  test_env_fake__require_guards_the_tests },
	{ "test_env_fake__signal_tears_down",
	  test_env_fake__signal_tears_down },
	{ "test_env_fake__sweep_removes_dead_runs",
	  test_env_fake__sweep_removes_dead_runs },
	CU_TEST_INFO_NULL
};

/*
 * envtest.c: `dande env test`, the whole test cycle in one command: a
 * fresh stack, the wait, the init command (only against a database named
 * for tests), the tests in a throw-away container, their reports into the
 * tracking database, the logs of what failed, and a teardown that runs
 * whatever happened, signals included.
 */
#include <limits.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "env/compose_int.h"
#include "dande/coverage.h"
#include "dande/covgate.h"
#include "dande/covrun.h"
#include "dande/config.h"
#include "dande/db.h"
#include "env/engine_int.h"
#include "dande/env.h"
#include "dande/envrun.h"
#include "dande/provenance.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/proc.h"
#include "dande/results.h"
#include "dande/version.h"
#include "env_int.h"
#include "util/banned.h"

static int database_ok(const struct dande_env *env,
		       const struct dande_envfile *vars, const char *what);

int dande_env_test_database_ok(const struct dande_env *env,
			       const struct dande_envfile *vars)
{
	return database_ok(env, vars, "init command");
}

/* The database `what` would run against is a test one. */
static int database_ok(const struct dande_env *env,
		       const struct dande_envfile *vars, const char *what)
{
	struct dande_buf name = DANDE_BUF_INIT;
	const char *v;
	int e = 0;

	if (!env->database_url)
		return dande_error_set(DANDE_EUSAGE, "environment '%s' has an "
				       "init command but no databaseUrl: "
				       "dande runs init only against a "
				       "database it can see is a test one",
				       env->name);
	v = dande_envfile_get(vars, env->database_url, NULL);
	if (!v)
		v = getenv(env->database_url);
	if (!v)
		return dande_error_set(DANDE_EUSAGE, "%s (databaseUrl of "
				       "environment '%s') is not set%s%s",
				       env->database_url, env->name,
				       env->env_file ? " in " : "",
				       env->env_file ? env->env_file : "");
	if (!dande_env_database_is_test(&name, v, &vars->vars))
		e = dande_error_set(DANDE_EUSAGE, "refusing to run the %s of "
				    "environment '%s': %s names the database "
				    "'%s', whose name does not contain 'test'",
				    what, env->name, env->database_url,
				    name.ptr ? name.ptr : "");
	dande_buf_release(&name);
	return e;
}

/*
 * The safety check before `what` ("init command", "tests") runs: every
 * env.NAME.require holds (NAME=VALUE, from the env file, else the
 * environment), and the database is a test one (databaseUrl: required for
 * init, checked for the tests when set).  0, or DANDE_EUSAGE naming the
 * variable.
 */
static int safe_to_run(const struct dande_env *env,
		       const struct dande_envfile *vars, const char *what)
{
	int e;

	if ((e = dande_env__require(env, vars, what)) < 0)
		return e;
	if (env->database_url || !strcmp(what, "init command"))
		return database_ok(env, vars, what);
	return 0;
}

int dande_env__require(const struct dande_env *env,
		       const struct dande_envfile *vars, const char *what)
{
	size_t i;
	int e;

	for (i = 0; i < env->require.nr; i++) {
		const char *want = env->require.v[i];
		size_t n = strcspn(want, "=");
		char *name = dande_xstrndup(want, n);
		const char *v = dande_envfile_get(vars, name, NULL);

		if (!v)
			v = getenv(name);
		if (!v || strcmp(v, want + n + 1)) {
			e = dande_error_set(DANDE_EUSAGE, "refusing to run the "
					    "%s of environment '%s': %s is %s%s%s"
					    "%s%s, and it requires %s", what,
					    env->name, name, v ? "'" : "not set",
					    v ? v : "", v ? "'" : "",
					    env->env_file ? " in " : "",
					    env->env_file ? env->env_file : "",
					    want);
			free(name);
			return e;
		}
		free(name);
	}
	return 0;
}

/* Files under `dir` (and one level down) changed since `since`. */
/* db.busyTimeout, as every tool opens the database with. */
static int busy_ms(const struct dande_envrun *r)
{
	int64_t ms = DANDE_DB_DEFAULT_BUSY_MS;

	if (dande_config_get_int(r->cfg, "db.busyTimeout", &ms) < 0)
		dande_error_clear();	/* the tool checked it as it started */
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static void reports_since(const char *dir, const struct timespec *since,
			  struct dande_strvec *out, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct dande_buf p = DANDE_BUF_INIT;

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		dande_buf_reset(&p);
		dande_fs_join(&p, dir, de->d_name);
		if (stat(p.ptr, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 1 && strcmp(de->d_name, "env-logs"))
				reports_since(p.ptr, since, out, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode) ||
		    st.st_mtim.tv_sec < since->tv_sec ||
		    (st.st_mtim.tv_sec == since->tv_sec &&
		     st.st_mtim.tv_nsec < since->tv_nsec))
			continue;
		dande_strvec_push(out, p.ptr);
	}
	closedir(d);
	dande_buf_release(&p);
}

/* "junit", "coverage" or NULL, from the name (LCOV, gcov's JSON) and the
 * first 4 KB (JUnit, Cobertura, JaCoCo). */
static const char *report_kind(const char *path)
{
	struct dande_buf head = DANDE_BUF_INIT;
	const char *base = strrchr(path, '/'), *kind = NULL;
	char buf[4096];
	ssize_t n;
	int fd;

	base = base ? base + 1 : path;
	n = (ssize_t)strlen(base);
	if ((n > 5 && !strcmp(base + n - 5, ".info")) ||
	    !strncmp(base, "lcov", 4) ||
	    (n > 13 && !strcmp(base + n - 13, ".gcov.json.gz")) ||
	    (n > 10 && !strcmp(base + n - 10, ".gcov.json")))
		return "coverage";
	if (n < 5 || strcmp(base + n - 4, ".xml"))
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	dande_buf_adds(&head, buf);
	if (head.ptr && (strstr(head.ptr, "<testsuite") ||
			 strstr(head.ptr, "<CUNIT_TEST_RUN_REPORT")))
		kind = "junit";
	else if (head.ptr && (strstr(head.ptr, "<coverage") ||
			      strstr(head.ptr, "<report")))
		kind = "coverage";
	dande_buf_release(&head);
	return kind;
}

/* Ingest the reports the run wrote: JUnit as one run, coverage linked to
 * it.  0, or the exit code of bad data (3) or a database problem (4). */
static int ingest(struct dande_envrun *r, const struct timespec *since,
		  double wall_s)
{
	struct dande_strvec files = DANDE_STRVEC_INIT;
	struct dande_strvec junit = DANDE_STRVEC_INIT;
	struct dande_strvec cov = DANDE_STRVEC_INIT, rules = DANDE_STRVEC_INIT;
	struct dande_strvec incl = DANDE_STRVEC_INIT, excl = DANDE_STRVEC_INIT;
	struct dande_buf dir = DANDE_BUF_INIT;
	struct dande_results_opts o;
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	struct dande_db *db = NULL;
	struct dande_cov *c = NULL;
	int64_t run_id = 0;
	size_t i;
	int e = 0, code = 0;

	dande_fs_join(&dir, r->root, r->env->reports);
	reports_since(dir.ptr, since, &files, 0);
	dande_strvec_sort(&files);
	for (i = 0; i < files.nr; i++) {
		const char *k = report_kind(files.v[i]);

		if (k && !strcmp(k, "junit"))
			dande_strvec_push(&junit, files.v[i]);
		else if (k)
			dande_strvec_push(&cov, files.v[i]);
	}
	if (!junit.nr && !cov.nr) {
		dande_env__say(r, "[%s] no JUnit or coverage report written to %s",
		    r->env->name, r->env->reports);
		goto done;
	}
	memset(&o, 0, sizeof(o));
	if ((e = dande_provenance_load(&prov, r->repo, r->root)) < 0)
		goto done;
	prov.environment = dande_xstrdup(r->env->name);
	/* the coverage reports are read before anything is recorded: a
	 * malformed one leaves the database as it was */
	if (cov.nr) {
		struct dande_cov_info info;

		dande_cov_new(&c, r->root);
		for (i = 0; i < cov.nr; i++)
			if ((e = dande_cov_load(c, cov.v[i], &info)) < 0)
				goto done;
		/* a container's /src/... paths become the repository's, and
		 * only the files the project measures count */
		if ((e = dande_covrun_map_paths(c, r->cfg, NULL)) < 0 ||
		    (e = dande_covrun_filters(r->cfg, &incl, &excl)) < 0)
			goto done;
		dande_cov_filter(c, &incl, &excl);
	}
	if ((e = dande_db_open(&db, r->db_path, 0, busy_ms(r))) < 0)
		goto done;
	if (junit.nr) {
		if ((e = dande_results_opts_config(&o, r->cfg, &rules)) < 0)
			goto done;
		o.wall_s = wall_s;
		o.prov = &prov;
		if ((e = dande_results_ingest(db, (const char *const *)junit.v,
					      junit.nr, &o, &run_id)) < 0)
			goto done;
		dande_env__say(r, "[%s] recorded %zu JUnit report%s as run %lld in %s",
		    r->env->name, junit.nr, junit.nr == 1 ? "" : "s",
		    (long long)run_id, r->db_path);
	}
	if (cov.nr) {
		struct dande_covgate_record rec;

		memset(&rec, 0, sizeof(rec));
		rec.run_id = run_id;
		rec.prov = &prov;
		rec.source = cov.v[0];
		rec.patch_lines = rec.patch_covered = -1;
		if ((e = dande_covgate_record(db, c, &rec, &run_id)) < 0)
			goto done;
		dande_env__say(r, "[%s] recorded %zu coverage report%s", r->env->name,
		    cov.nr, cov.nr == 1 ? "" : "s");
	}
done:
	code = e;
	dande_cov_free(c);
	dande_db_close(db);
	dande_provenance_release(&prov);
	dande_strvec_release(&files);
	dande_strvec_release(&junit);
	dande_strvec_release(&cov);
	dande_strvec_release(&rules);
	dande_strvec_release(&incl);
	dande_strvec_release(&excl);
	dande_buf_release(&dir);
	return code;
}

/* Save the whole log of every service that is unhealthy, exited with an
 * error, or named by `bad`, under <reports>/env-logs/. */
static void save_logs(struct dande_envrun *r, const char *bad)
{
	struct dande_buf label = DANDE_BUF_INIT, dir = DANDE_BUF_INIT;
	struct dande_buf path = DANDE_BUF_INIT, log = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	const char *filter[] = { NULL, NULL };
	size_t i;

	dande_env__project_label(r, &label);
	filter[0] = label.ptr;
	if (dande_engine_containers(r->engine, filter, &l) < 0)
		goto done;
	dande_fs_join(&dir, r->root, r->env->reports ? r->env->reports :
		      ".dande");
	dande_buf_adds(&dir, "/env-logs");
	for (i = 0; i < l.nr; i++) {
		const struct dande_container *c = &l.v[i];
		int broken;
		struct dande_buf why = DANDE_BUF_INIT;

		if (!(bad && !strcmp(bad, c->service)) &&
		    !(dande_env__not_ready(c, &broken, &why) && broken)) {
			dande_buf_release(&why);
			continue;
		}
		dande_buf_release(&why);
		dande_buf_reset(&log);
		dande_buf_reset(&path);
		if (dande_engine_logs(r->engine, c->id, 0, &log) < 0 ||
		    dande_fs_mkdir_p(dir.ptr, 0777) < 0)
			continue;
		dande_buf_addf(&path, "%s/%s.log", dir.ptr, c->name);
		if (dande_fs_write_atomic(path.ptr, log.ptr ? log.ptr : "",
					  log.len) == 0)
			dande_env__say(r, "[%s] log of %s saved to %s", r->env->name,
			    c->service, path.ptr);
	}
done:
	dande_error_clear();
	dande_container_list_release(&l);
	dande_buf_release(&label);
	dande_buf_release(&dir);
	dande_buf_release(&path);
	dande_buf_release(&log);
}

static void record_infra(struct dande_envrun *r, const char *service,
			 const char *type, const char *message, double wall_s)
{
	struct dande_results_infra x;
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	struct dande_db *db = NULL;

	memset(&x, 0, sizeof(x));
	/* the record matters more than its version: a broken VERSION is
	 * said, and the failure recorded without it */
	if (dande_provenance_load(&prov, r->repo, r->root) < 0) {
		dande_env__problem(r, "%s", dande_error_last()->message);
		dande_error_clear();
		dande_provenance_load(&prov, r->repo, NULL);
		dande_error_clear();
	}
	x.environment = r->env->name;
	x.service = service && *service ? service : NULL;
	x.type = type;
	x.message = message;
	x.prov = &prov;
	x.duration_s = wall_s;
	if (dande_db_open(&db, r->db_path, 0, busy_ms(r)) < 0 ||
	    dande_results_record_infra(db, &x, NULL) < 0) {
		dande_env__problem(r, "cannot record the failure: %s",
				   dande_error_last()->message);
		dande_error_clear();
	} else
		dande_env__say(r, "[%s] recorded as an infra error (%s) in %s",
		    r->env->name, type, r->db_path);
	dande_db_close(db);
	dande_provenance_release(&prov);
}

/* `run --rm -T SERVICE [WORDS]`: the runner, once, in a throw-away
 * container (no TTY: its output is a log). */
static void runner_verb(const struct dande_envrun *r, struct dande_strvec *verb,
			const char *words)
{
	dande_strvec_clear(verb);
	dande_strvec_push(verb, "run");
	dande_strvec_push(verb, "--rm");
	dande_strvec_push(verb, "-T");
	dande_strvec_push(verb, r->env->service);
	if (words)
		dande_split_words(verb, words);
}

int dande_envrun_test(struct dande_envrun *r, int timeout_s, int *exit_code)
{
	static const char *const fresh[] = { "down", "-v", "--remove-orphans",
					     NULL };
	struct dande_strvec verb = DANDE_STRVEC_INIT;
	struct dande_buf what = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	struct dande_buf reports = DANDE_BUF_INIT;
	/* why the cycle failed, kept across the teardown (which may meet
	 * and clear errors of its own) */
	struct dande_buf err = DANDE_BUF_INIT;
	const char *type = NULL;
	struct timespec since;
	double start = dande_env__now();
	int code = 0, test_code = -1, e;
	size_t i;

	*exit_code = 0;
	if (!r->env->service)
		return dande_error_set(DANDE_EUSAGE, "environment '%s' has no "
				       "test service: set 'service' in [env "
				       "\"%s\"]", r->env->name, r->env->name);
	if (r->env->reports) {
		dande_fs_join(&reports, r->root, r->env->reports);
		if ((e = dande_fs_mkdir_p(reports.ptr, 0777)) < 0) {
			dande_buf_release(&reports);
			return e;
		}
	}
	dande_env_signals_catch();
	/* whatever happens to dande from here, the project goes */
	if (dande_env__reaper_start(r) < 0) {
		dande_env__problem(r, "[%s] no reaper (%s): a kill -9 would "
				   "leave the project to 'dande env sweep'",
				   r->env->name, dande_error_last()->message);
		dande_error_clear();
	}
	dande_env__say(r, "[%s] fresh project %s", r->env->name, r->project.ptr);
	if ((e = dande_env__compose(r, fresh, ENV_TEARDOWN)) != 0) {
		type = "compose";
		dande_buf_addf(&what, "compose down (the fresh start) failed%s%s",
			       e < 0 ? ": " : "", e < 0 ?
			       dande_error_last()->message : "");
		goto teardown;
	}
	/* every service but the runner, which runs once below */
	dande_strvec_push(&verb, "up");
	dande_strvec_push(&verb, "-d");
	for (i = 0; i < r->services.nr; i++)
		if (strcmp(r->services.v[i], r->env->service))
			dande_strvec_push(&verb, r->services.v[i]);
	if (verb.nr > 2 && (e = dande_env__compose(r, (const char *const *)verb.v,
				       ENV_CANCEL)) != 0) {
		type = dande_env_signal_caught() ? "interrupted" : "compose";
		dande_buf_addf(&what, "compose up failed%s%s", e < 0 ? ": " : "",
			       e < 0 ? dande_error_last()->message : "");
		goto teardown;
	}
	if (verb.nr > 2 &&
	    dande_env__wait_ready(r, timeout_s > 0 ? timeout_s : r->env->timeout_s,
		       &type, &what, &svc) < 0)
		goto teardown;
	type = NULL;
	/* a refusal is the environment's failure, recorded as such */
	if ((r->env->init && safe_to_run(r->env, &r->vars, "init command") < 0)
	    || safe_to_run(r->env, &r->vars, "tests") < 0) {
		type = "unsafe";
		dande_buf_adds(&what, dande_error_last()->message);
		goto teardown;
	}
	if (r->env->init) {
		runner_verb(r, &verb, r->env->init);
		dande_env__say(r, "[%s] init: %s", r->env->name, r->env->init);
		if ((e = dande_env__compose(r, (const char *const *)verb.v,
				 ENV_SHOW | ENV_CANCEL)) != 0) {
			type = dande_env_signal_caught() ? "interrupted" : "init";
			dande_buf_addf(&what, "the init command '%s' exited "
				       "with %d", r->env->init, e);
			dande_buf_adds(&svc, r->env->service);
			goto teardown;
		}
	}
	runner_verb(r, &verb, r->env->command);
	clock_gettime(CLOCK_REALTIME, &since);
	/* the file system's clock may round down: a second of slack */
	since.tv_sec -= 1;
	dande_env__say(r, "[%s] tests: %s", r->env->name, r->env->command ?
	    r->env->command : "(the service's own command)");
	test_code = dande_env__compose(r, (const char *const *)verb.v,
				ENV_SHOW | ENV_CANCEL);
	if (dande_env_signal_caught()) {
		type = "interrupted";
		goto teardown;
	}
	if (test_code < 0) {
		type = "compose";
		dande_buf_addf(&what, "the test container could not run: %s",
			       dande_error_last()->message);
		goto teardown;
	}
	dande_env__say(r, "[%s] tests exited with %d", r->env->name, test_code);
	if (r->env->reports &&
	    (code = ingest(r, &since, dande_env__now() - start)) < 0)
		dande_buf_adds(&err, dande_error_last()->message);

teardown:
	if (type && strcmp(type, "interrupted"))
		save_logs(r, svc.len ? svc.ptr : NULL);
	else if (test_code > 0)
		save_logs(r, NULL);
	dande_env__say(r, "[%s] tearing down project %s", r->env->name, r->project.ptr);
	if (dande_env__compose(r, fresh, ENV_TEARDOWN) != 0) {
		dande_error_clear();
		dande_env__problem(r, "environment '%s': compose down failed; "
				   "removing through the engine", r->env->name);
	}
	dande_env__remove_leftovers(r);
	dande_env__reaper_done(r);
	if (dande_env_signal_caught()) {
		/* an interrupt is nobody's failure: nothing is recorded; said
		 * here, as the process dies of the signal next */
		dande_env__problem(r, "[%s] interrupted by signal %d: torn down",
				   r->env->name,
				   (int)dande_env_signal_caught());
		code = dande_error_set(DANDE_EEXTERNAL, "interrupted");
	} else if (type) {
		record_infra(r, svc.ptr, type, what.ptr,
			     dande_env__now() - start);
		code = dande_error_set(DANDE_EEXTERNAL, "environment '%s': %s",
				       r->env->name, what.ptr);
	} else if (code == DANDE_EINVALID && test_code > 0) {
		/* a malformed report of failed tests: the failure counts */
		dande_env__problem(r, "%s", err.ptr);
		*exit_code = test_code;
		code = 0;
	} else if (code < 0) {
		code = dande_error_set(code, "%s", err.ptr);
	} else {
		*exit_code = test_code;
	}
	dande_env_signals_restore();
	dande_strvec_release(&verb);
	dande_buf_release(&what);
	dande_buf_release(&svc);
	dande_buf_release(&reports);
	dande_buf_release(&err);
	if (dande_env_signal_caught())
		dande_env_signals_reraise();
	return code;
}

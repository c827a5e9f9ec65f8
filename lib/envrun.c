/*
 * envrun.c: the commands of `dande env`: up (and the wait until every
 * service is healthy and every health URL answers), run, test (the whole
 * cycle, torn down whatever happens), down, status, logs and sweep.
 *
 * Compose is run with argv arrays (proc.c); what the containers are
 * doing is read from the Engine API (engine.c), never from Compose's
 * text.  Every container, network and volume gets dande's labels through
 * a generated override file, so a sweep finds what a killed run left.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "dande/compose.h"
#include "dande/config.h"
#include "dande/coverage.h"
#include "dande/covgate.h"
#include "dande/db.h"
#include "dande/engine.h"
#include "dande/env.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/http.h"
#include "dande/json.h"
#include "dande/proc.h"
#include "dande/results.h"
#include "dande/version.h"
#include "util/banned.h"

#define LOG_TAIL 20
#define TEARDOWN_MS (5 * 60 * 1000)

/* ---- signals ----------------------------------------------------------- */

static volatile sig_atomic_t caught;
static struct sigaction saved[3];
static const int catchable[3] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	if (!caught)
		caught = sig;
}

void dande_env_signals_catch(void)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking call returns EINTR and sees the flag */
	for (i = 0; i < 3; i++)
		sigaction(catchable[i], &sa, &saved[i]);
}

int dande_env_signal_caught(void)
{
	return caught;
}

const volatile sig_atomic_t *dande_env_signal_flag(void)
{
	return &caught;
}

void dande_env_signals_restore(void)
{
	int i;

	for (i = 0; i < 3; i++)
		sigaction(catchable[i], &saved[i], NULL);
}

void dande_env_signals_forget(void)
{
	caught = 0;
}

void dande_env_signals_reraise(void)
{
	int sig = caught;

	caught = 0;
	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- set-up ------------------------------------------------------------ */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static void say(const struct dande_envrun *r, const char *fmt, ...)
	DANDE_PRINTF(2, 3);

static void say(const struct dande_envrun *r, const char *fmt, ...)
{
	va_list ap;

	if (r->quiet)
		return;
	va_start(ap, fmt);
	fputs("dande-env: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int fail(int exit_code, const char *fmt, ...) DANDE_PRINTF(2, 3);

static int fail(int exit_code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("dande-env: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return exit_code;
}

static void labels(const struct dande_envrun *r, struct dande_strvec *out)
{
	struct dande_buf b = DANDE_BUF_INIT;
	char host[256] = "";

	dande_env_sanitise(&b, r->base);
	dande_strvec_pushf(out, "dande.project=%s", b.ptr);
	dande_strvec_pushf(out, "dande.env=%s", r->env->name);
	dande_strvec_pushf(out, "dande.run=%s", r->id ? r->id : "main");
	if (r->owner) {
		gethostname(host, sizeof(host) - 1);
		dande_strvec_pushf(out, "dande.owner=%s:%ld", host,
				   (long)getpid());
	}
	dande_buf_release(&b);
}

/* The compose files (for the services and the labels override). */
static int read_files(struct dande_envrun *r)
{
	struct dande_compose **files;
	struct dande_strvec lab = DANDE_STRVEC_INIT;
	struct dande_buf path = DANDE_BUF_INIT, yaml = DANDE_BUF_INIT;
	size_t i, j, k, n = r->env->compose.nr;
	int e = 0;

	if (r->env->env_file) {
		dande_fs_join(&path, r->root, r->env->env_file);
		if ((e = dande_envfile_load(&r->vars, path.ptr)) < 0) {
			dande_buf_release(&path);
			return e;
		}
	}
	files = dande_xcalloc(n, sizeof(*files));
	for (i = 0; i < n && e == 0; i++) {
		dande_buf_reset(&path);
		dande_fs_join(&path, r->root, r->env->compose.v[i]);
		e = dande_compose_load(&files[i], path.ptr, &r->vars.vars);
		for (j = 0; e == 0 && j < files[i]->nservices; j++) {
			const char *s = files[i]->services[j].name;

			for (k = 0; k < r->services.nr; k++)
				if (!strcmp(r->services.v[k], s))
					break;
			if (k == r->services.nr)
				dande_strvec_push(&r->services, s);
		}
	}
	if (e == 0) {
		char tmpl[] = "/tmp/dande-env-XXXXXX";
		const char *tmp = getenv("TMPDIR");

		if (tmp && *tmp)
			dande_buf_addf(&r->tmpdir, "%s/dande-env-XXXXXX", tmp);
		else
			dande_buf_adds(&r->tmpdir, tmpl);
		if (!mkdtemp(r->tmpdir.ptr)) {
			e = dande_error_set_os(DANDE_EEXTERNAL, "cannot make "
					       "a directory like %s",
					       r->tmpdir.ptr);
			dande_buf_reset(&r->tmpdir);
		} else {
			labels(r, &lab);
			dande_env_labels_yaml(&yaml, files, n, &lab);
			dande_buf_addf(&r->labels_file, "%s/labels.yml",
				       r->tmpdir.ptr);
			e = dande_fs_write_atomic(r->labels_file.ptr,
						  yaml.ptr, yaml.len);
		}
	}
	for (i = 0; i < n; i++)
		dande_compose_free(files[i]);
	free(files);
	dande_strvec_release(&lab);
	dande_buf_release(&path);
	dande_buf_release(&yaml);
	return e;
}

int dande_envrun_open(struct dande_envrun *r, int owner)
{
	const char *forced = NULL;
	int e;

	dande_strvec_init(&r->tool);
	dande_strvec_init(&r->services);
	{
		struct dande_buf empty = DANDE_BUF_INIT;
		struct dande_envfile none = DANDE_ENVFILE_INIT;

		r->project = r->tmpdir = r->labels_file = empty;
		r->vars = none;
	}
	r->engine = NULL;
	r->owner = owner;
	if ((e = dande_engine_open(&r->engine, NULL)) < 0)
		return e;
	if ((e = dande_engine_ping(r->engine)) < 0) {
		char why[DANDE_ERROR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", dande_error_last()->message);
		return dande_error_set(DANDE_EEXTERNAL, "no Docker engine "
				       "answers (%s)", why);
	}
	if (!r->env)
		return 0;
	dande_env_project(&r->project, r->base, r->env->name, r->id);
	if (dande_config_get_string(r->cfg, "env.tool", &forced) < 0)
		dande_error_clear();
	if ((e = dande_compose_tool(&r->tool, forced)) < 0)
		return e;
	return read_files(r);
}

void dande_envrun_close(struct dande_envrun *r)
{
	if (r->labels_file.len)
		unlink(r->labels_file.ptr);
	if (r->tmpdir.len)
		rmdir(r->tmpdir.ptr);
	dande_engine_free(r->engine);
	r->engine = NULL;
	dande_strvec_release(&r->tool);
	dande_strvec_release(&r->services);
	dande_buf_release(&r->project);
	dande_buf_release(&r->tmpdir);
	dande_buf_release(&r->labels_file);
	dande_envfile_release(&r->vars);
}

/* ---- running Compose --------------------------------------------------- */

enum { SHOW = 1, TEARDOWN = 2, STDIN = 4, CANCEL = 8 };

/* Run Compose with `verb`; its exit code, or -1 when it could not run
 * (printed).  Output is shown when SHOW, else only when it fails. */
static int compose(struct dande_envrun *r, const char *const *verb,
		   int flags)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int code;

	dande_env_compose_argv(&cmd.args, &r->tool, r->env, r->root,
			       r->project.ptr, r->labels_file.len ?
			       r->labels_file.ptr : NULL, verb);
	cmd.cwd = r->root;
	cmd.stdin_null = !(flags & STDIN);
	if (!(flags & SHOW) || r->quiet)
		cmd.capture_out = cmd.capture_err = 1;
	/* a teardown runs in its own process group, out of reach of a
	 * second Ctrl-C, and is bounded */
	if (flags & TEARDOWN)
		cmd.timeout_ms = TEARDOWN_MS;
	if (flags & CANCEL)
		cmd.cancel = dande_env_signal_flag();
	if (r->verbose) {
		size_t i;

		fputs("dande-env: $", stderr);
		for (i = 0; i < cmd.args.nr; i++)
			fprintf(stderr, " %s", cmd.args.v[i]);
		fputc('\n', stderr);
	}
	if (dande_proc_run(&cmd, &res) < 0) {
		fail(0, "%s", dande_error_last()->message);
		code = -1;
	} else if (res.status == DANDE_PROC_TIMEDOUT) {
		fail(0, "%s %s timed out", cmd.args.v[0], verb[0]);
		code = -1;
	} else {
		code = res.status == DANDE_PROC_SIGNALED ? 128 + res.signal :
			res.exit_code;
		if (code && cmd.capture_err && !r->quiet) {
			fwrite(res.out.ptr ? res.out.ptr : "", 1, res.out.len,
			       stderr);
			fwrite(res.err.ptr ? res.err.ptr : "", 1, res.err.len,
			       stderr);
		}
	}
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	return code;
}

/* ---- waiting until ready ------------------------------------------------ */

struct progress {
	struct dande_strvec said;	/* "service\tstate" last printed */
};

static void progress_say(struct dande_envrun *r, struct progress *p,
			 const char *service, const char *state, double t)
{
	size_t i, n = strlen(service);

	for (i = 0; i < p->said.nr; i++)
		if (!strncmp(p->said.v[i], service, n) &&
		    p->said.v[i][n] == '\t') {
			if (!strcmp(p->said.v[i] + n + 1, state))
				return;
			free(p->said.v[i]);
			p->said.v[i] = NULL;
			break;
		}
	if (i == p->said.nr)
		dande_strvec_push(&p->said, "");
	free(p->said.v[i]);
	{
		struct dande_buf b = DANDE_BUF_INIT;

		dande_buf_addf(&b, "%s\t%s", service, state);
		p->said.v[i] = dande_buf_detach(&b, NULL);
	}
	say(r, "[%s] %s: %s (%.1f s)", r->env->name, service, state, t);
}

/* Why a container is not ready: NULL when it is; *broken when it will
 * not get there. */
static const char *not_ready(const struct dande_container *c, int *broken,
			     struct dande_buf *why)
{
	dande_buf_reset(why);
	*broken = 0;
	if (!strcmp(c->state, "running")) {
		if (!*c->health || !strcmp(c->health, "healthy"))
			return NULL;
		if (!strcmp(c->health, "unhealthy")) {
			*broken = 1;
			dande_buf_adds(why, "unhealthy");
			if (*c->health_log) {
				size_t n = strcspn(c->health_log, "\n");

				dande_buf_addf(why, ": %.*s", (int)n,
					       c->health_log);
			}
			return why->ptr;
		}
		dande_buf_addf(why, "health: %s", c->health);
		return why->ptr;
	}
	if (!strcmp(c->state, "exited") || !strcmp(c->state, "dead")) {
		if (c->exit_code == 0 && strcmp(c->state, "dead"))
			return NULL;	/* a one-shot job that finished */
		*broken = 1;
		dande_buf_addf(why, "exited with code %d", c->exit_code);
		return why->ptr;
	}
	dande_buf_adds(why, c->state);
	return why->ptr;
}

static void show_log(struct dande_envrun *r, const struct dande_container *c)
{
	struct dande_buf log = DANDE_BUF_INIT;

	if (dande_engine_logs(r->engine, c->id, LOG_TAIL, &log) < 0) {
		dande_error_clear();
		return;
	}
	fprintf(stderr, "--- last %d lines of the log of %s (%s) ---\n",
		LOG_TAIL, c->service, c->name);
	fwrite(log.ptr ? log.ptr : "", 1, log.len, stderr);
	if (log.len && log.ptr[log.len - 1] != '\n')
		fputc('\n', stderr);
	fputs("---\n", stderr);
	dande_buf_release(&log);
}

static void project_label(const struct dande_envrun *r, struct dande_buf *out)
{
	dande_buf_reset(out);
	dande_buf_addf(out, "com.docker.compose.project=%s", r->project.ptr);
}

/* One HTTP(S) health URL: 2xx, retried with backoff until `deadline`. */
static int wait_url(struct dande_envrun *r, const char *url, double start,
		    double deadline, struct dande_buf *why)
{
	struct dande_http_opts o = DANDE_HTTP_OPTS_INIT;
	double backoff = 0.2;
	int said = 0;

	o.cacert = r->env->cacert;
	for (;;) {
		double left = deadline - now_s();
		long status = 0;
		int e;

		o.connect_ms = left > 2 ? 2000 : left > 0.1 ?
			(long)(left * 1000) : 100;
		o.total_ms = left > 5 ? 5000 : o.connect_ms;
		e = dande_http_request(url, &o, &status, NULL);
		if (e == 0 && status >= 200 && status <= 299) {
			say(r, "[%s] %s: answered %ld (%.1f s)",
			    r->env->name, url, status, now_s() - start);
			return 0;
		}
		dande_buf_reset(why);
		if (e < 0) {
			dande_buf_adds(why, dande_error_last()->message);
			dande_error_clear();
		} else {
			dande_buf_addf(why, "%s: HTTP %ld", url, status);
		}
		if (!said++)
			say(r, "[%s] waiting for %s", r->env->name, why->ptr);
		if (caught || now_s() + backoff > deadline)
			return -1;
		sleep_s(backoff);
		backoff = backoff * 2 > 2 ? 2 : backoff * 2;
	}
}

/*
 * Wait until every container of the project is running and healthy (or
 * finished with 0) and every health URL answers 2xx.  0, or -1 after
 * printing which service and its log; `type` says how it failed.
 */
static int wait_ready(struct dande_envrun *r, int timeout_s,
		      const char **type, struct dande_buf *what,
		      struct dande_buf *service)
{
	struct dande_buf label = DANDE_BUF_INIT, why = DANDE_BUF_INIT;
	struct progress p = { DANDE_STRVEC_INIT };
	double start = now_s(), deadline = start + timeout_s;
	const char *filter[] = { NULL, NULL };
	int rc = -1;
	size_t i;

	project_label(r, &label);
	filter[0] = label.ptr;
	*type = "timeout";
	for (;;) {
		struct dande_container_list l;
		const struct dande_container *waiting = NULL;
		int broken = 0;

		if (dande_engine_containers(r->engine, filter, &l) < 0) {
			*type = "engine";
			dande_buf_adds(what, dande_error_last()->message);
			fail(0, "%s", what->ptr);
			break;
		}
		for (i = 0; i < l.nr; i++) {
			const struct dande_container *c = &l.v[i];
			const char *w;

			if (c->oneoff)
				continue;
			w = not_ready(c, &broken, &why);
			progress_say(r, &p, c->service, w ? w : *c->health ?
				     "healthy" : !strcmp(c->state, "exited") ?
				     "done" : "running", now_s() - start);
			if (broken) {
				*type = !strcmp(c->state, "running") ?
					"unhealthy" : "exited";
				dande_buf_addf(what, "service '%s' is %s",
					       c->service, why.ptr);
				dande_buf_adds(service, c->service);
				fail(0, "environment '%s': %s", r->env->name,
				     what->ptr);
				show_log(r, c);
				break;
			}
			if (w && !waiting)
				waiting = c;
		}
		if (broken) {
			dande_container_list_release(&l);
			break;
		}
		if (!l.nr && now_s() - start > 5) {
			*type = "compose";
			dande_buf_addf(what, "no container of project '%s' "
				       "is there", r->project.ptr);
			fail(0, "environment '%s': %s", r->env->name,
			     what->ptr);
			dande_container_list_release(&l);
			break;
		}
		if (!waiting && l.nr) {
			dande_container_list_release(&l);
			for (i = 0; i < r->env->health.nr; i++)
				if (wait_url(r, r->env->health.v[i], start,
					     deadline, &why) < 0)
					break;
			if (i == r->env->health.nr) {
				rc = 0;
			} else if (!caught) {
				dande_buf_addf(what, "%s did not answer 2xx "
					       "within %d s (%s)",
					       r->env->health.v[i], timeout_s,
					       why.ptr);
				fail(0, "environment '%s': %s", r->env->name,
				     what->ptr);
			}
			break;
		}
		if (caught || now_s() >= deadline) {
			if (!caught && waiting) {
				dande_buf_addf(what, "service '%s' not ready "
					       "after %d s (%s)",
					       waiting->service, timeout_s,
					       not_ready(waiting, &broken,
							 &why));
				dande_buf_adds(service, waiting->service);
				fail(0, "environment '%s': %s", r->env->name,
				     what->ptr);
				show_log(r, waiting);
			}
			dande_container_list_release(&l);
			break;
		}
		dande_container_list_release(&l);
		sleep_s(0.25);
	}
	if (caught) {
		*type = "interrupted";
		dande_buf_reset(what);
		dande_buf_addf(what, "interrupted by signal %d", (int)caught);
	}
	dande_strvec_release(&p.said);
	dande_buf_release(&label);
	dande_buf_release(&why);
	return rc;
}

/* ---- commands ------------------------------------------------------------ */

int dande_envrun_up(struct dande_envrun *r, int timeout_s)
{
	static const char *const up[] = { "up", "-d", "--remove-orphans",
					  NULL };
	struct dande_buf what = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	const char *type;
	double start = now_s();
	int rc;

	say(r, "[%s] starting project %s", r->env->name, r->project.ptr);
	if ((rc = compose(r, up, 0)) != 0)
		return fail(DANDE_EXIT_ENV, "environment '%s': compose up "
			    "failed", r->env->name);
	if (wait_ready(r, timeout_s > 0 ? timeout_s : r->env->timeout_s,
		       &type, &what, &svc) < 0)
		rc = DANDE_EXIT_ENV;
	else
		say(r, "[%s] ready: project %s (%.1f s)", r->env->name,
		    r->project.ptr, now_s() - start);
	dande_buf_release(&what);
	dande_buf_release(&svc);
	return rc;
}

/* Remove what Compose left of the project: containers, then networks
 * and volumes, through the engine. */
static void remove_leftovers(struct dande_envrun *r)
{
	struct dande_buf label = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	struct dande_strvec names = DANDE_STRVEC_INIT;
	const char *filter[] = { NULL, NULL };
	size_t i;

	project_label(r, &label);
	filter[0] = label.ptr;
	if (dande_engine_containers(r->engine, filter, &l) == 0)
		for (i = 0; i < l.nr; i++)
			dande_engine_remove(r->engine, "containers", l.v[i].id);
	dande_container_list_release(&l);
	if (dande_engine_networks(r->engine, label.ptr, &names) == 0)
		for (i = 0; i < names.nr; i++) {
			names.v[i][strcspn(names.v[i], "\t")] = '\0';
			dande_engine_remove(r->engine, "networks", names.v[i]);
		}
	dande_strvec_clear(&names);
	dande_error_clear();
	dande_strvec_release(&names);
	dande_buf_release(&label);
}

int dande_envrun_down(struct dande_envrun *r, int volumes)
{
	const char *down[] = { "down", "--remove-orphans", NULL, NULL };

	if (volumes)
		down[2] = "-v";
	if (compose(r, down, TEARDOWN) != 0)
		return fail(DANDE_EXIT_ENV, "environment '%s': compose down "
			    "failed", r->env->name);
	remove_leftovers(r);
	say(r, "[%s] down: project %s%s", r->env->name, r->project.ptr,
	    volumes ? ", volumes removed" : "");
	return 0;
}

int dande_envrun_run(struct dande_envrun *r, const char *service,
		     const char *const *argv)
{
	struct dande_strvec verb = DANDE_STRVEC_INIT;
	int code;

	dande_strvec_push(&verb, "run");
	dande_strvec_push(&verb, "--rm");
	if (!isatty(0) || !isatty(1))
		dande_strvec_push(&verb, "-T");
	dande_strvec_push(&verb, service);
	dande_strvec_pushv(&verb, argv);
	dande_env_signals_catch();
	code = compose(r, (const char *const *)verb.v, SHOW | STDIN | CANCEL);
	dande_env_signals_restore();
	dande_strvec_release(&verb);
	if (code < 0)
		return DANDE_EXIT_ENV;
	if (caught)
		dande_env_signals_reraise();
	return code;
}

int dande_env_test_database_ok(const struct dande_env *env,
			       const struct dande_envfile *vars)
{
	struct dande_buf name = DANDE_BUF_INIT, url = DANDE_BUF_INIT;
	const char *v;
	const char *p;
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
	dande_compose_interpolate(&url, v, &vars->vars);
	dande_env_database_name(&name, url.ptr ? url.ptr : "");
	for (p = name.ptr; p && *p; p++)
		if (!strncasecmp(p, "test", 4))
			break;
	if (!p || !*p)
		e = dande_error_set(DANDE_EUSAGE, "refusing to run the init "
				    "command of environment '%s': %s names "
				    "the database '%s', whose name does not "
				    "contain 'test'", env->name,
				    env->database_url, name.ptr ? name.ptr :
				    "");
	dande_buf_release(&name);
	dande_buf_release(&url);
	return e;
}

/* Files under `dir` (and one level down) changed since `since`. */
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "junit", "coverage" or NULL, from the name and the first 4 KB. */
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
	    !strncmp(base, "lcov", 4))
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
	struct dande_strvec files = DANDE_STRVEC_INIT, junit = DANDE_STRVEC_INIT;
	struct dande_strvec cov = DANDE_STRVEC_INIT, rules = DANDE_STRVEC_INIT;
	struct dande_buf dir = DANDE_BUF_INIT;
	struct dande_results_opts o;
	struct dande_repo_head head;
	struct dande_db *db = NULL;
	struct dande_cov *c = NULL;
	char *version = NULL;
	int64_t run_id = 0;
	size_t i;
	int e = 0, code = 0;

	dande_fs_join(&dir, r->root, r->env->reports);
	reports_since(dir.ptr, since, &files, 0);
	qsort(files.v, files.nr, sizeof(*files.v), cmp_str);
	for (i = 0; i < files.nr; i++) {
		const char *k = report_kind(files.v[i]);

		if (k && !strcmp(k, "junit"))
			dande_strvec_push(&junit, files.v[i]);
		else if (k)
			dande_strvec_push(&cov, files.v[i]);
	}
	if (!junit.nr && !cov.nr) {
		say(r, "[%s] no JUnit or coverage report written to %s",
		    r->env->name, r->env->reports);
		goto done;
	}
	memset(&o, 0, sizeof(o));
	memset(&head, 0, sizeof(head));
	if (r->repo && dande_repo_head(r->repo, &head) < 0)
		dande_error_clear();
	version = dande_version_of_project(r->root);
	/* the coverage reports are read before anything is recorded: a
	 * malformed one leaves the database as it was */
	if (cov.nr) {
		struct dande_cov_info info;

		dande_cov_new(&c, r->root);
		for (i = 0; i < cov.nr; i++)
			if ((e = dande_cov_load(c, cov.v[i], &info)) < 0)
				goto done;
	}
	if ((e = dande_db_open(&db, r->db_path, 0, 5000)) < 0)
		goto done;
	if (junit.nr) {
		if ((e = dande_results_opts_config(&o, r->cfg, &rules)) < 0)
			goto done;
		o.wall_s = wall_s;
		o.commit = *head.commit ? head.commit : NULL;
		o.branch = *head.branch ? head.branch : NULL;
		o.tree = *head.tree ? head.tree : NULL;
		o.version = version;
		o.environment = r->env->name;
		if ((e = dande_results_ingest(db, (const char *const *)junit.v,
					      junit.nr, &o, &run_id)) < 0)
			goto done;
		say(r, "[%s] recorded %zu JUnit report%s as run %lld in %s",
		    r->env->name, junit.nr, junit.nr == 1 ? "" : "s",
		    (long long)run_id, r->db_path);
	}
	if (cov.nr) {
		struct dande_covgate_record rec;

		memset(&rec, 0, sizeof(rec));
		rec.run_id = run_id;
		rec.commit = o.commit = *head.commit ? head.commit : NULL;
		rec.branch = *head.branch ? head.branch : NULL;
		rec.tree = *head.tree ? head.tree : NULL;
		rec.version = version;
		rec.source = cov.v[0];
		if ((e = dande_covgate_record(db, c, &rec, &run_id)) < 0)
			goto done;
		say(r, "[%s] recorded %zu coverage report%s", r->env->name,
		    cov.nr, cov.nr == 1 ? "" : "s");
	}
done:
	if (e < 0) {
		code = e == DANDE_EINVALID ? DANDE_EXIT_DATA : DANDE_EXIT_ENV;
		fail(0, "%s", dande_error_last()->message);
	}
	dande_cov_free(c);
	dande_db_close(db);
	free(version);
	dande_strvec_release(&files);
	dande_strvec_release(&junit);
	dande_strvec_release(&cov);
	dande_strvec_release(&rules);
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

	project_label(r, &label);
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
		    !(not_ready(c, &broken, &why) && broken)) {
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
			say(r, "[%s] log of %s saved to %s", r->env->name,
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
	struct dande_repo_head head;
	struct dande_db *db = NULL;
	char *version = dande_version_of_project(r->root);

	memset(&x, 0, sizeof(x));
	memset(&head, 0, sizeof(head));
	if (r->repo && dande_repo_head(r->repo, &head) < 0)
		dande_error_clear();
	x.environment = r->env->name;
	x.service = service && *service ? service : NULL;
	x.type = type;
	x.message = message;
	x.commit = *head.commit ? head.commit : NULL;
	x.branch = *head.branch ? head.branch : NULL;
	x.version = version;
	x.duration_s = wall_s;
	if (dande_db_open(&db, r->db_path, 0, 5000) < 0 ||
	    dande_results_record_infra(db, &x, NULL) < 0)
		fail(0, "cannot record the failure: %s",
		     dande_error_last()->message);
	else
		say(r, "[%s] recorded as an infra error (%s) in %s",
		    r->env->name, type, r->db_path);
	dande_db_close(db);
	free(version);
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

int dande_envrun_test(struct dande_envrun *r, int timeout_s)
{
	static const char *const fresh[] = { "down", "-v", "--remove-orphans",
					     NULL };
	struct dande_strvec verb = DANDE_STRVEC_INIT;
	struct dande_buf what = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	struct dande_buf reports = DANDE_BUF_INIT;
	const char *type = NULL;
	struct timespec since;
	double start = now_s();
	int code = 0, test_code = -1, e;
	size_t i;

	if (!r->env->service)
		return fail(DANDE_EXIT_USAGE, "environment '%s' has no test "
			    "service: set 'service' in [env \"%s\"]",
			    r->env->name, r->env->name);
	if (r->env->reports) {
		dande_fs_join(&reports, r->root, r->env->reports);
		if (dande_fs_mkdir_p(reports.ptr, 0777) < 0)
			return fail(DANDE_EXIT_ENV, "%s",
				    dande_error_last()->message);
	}
	dande_env_signals_catch();
	say(r, "[%s] fresh project %s", r->env->name, r->project.ptr);
	if (compose(r, fresh, TEARDOWN) != 0) {
		type = "compose";
		dande_buf_adds(&what, "compose down (the fresh start) failed");
		goto teardown;
	}
	/* every service but the runner, which runs once below */
	dande_strvec_push(&verb, "up");
	dande_strvec_push(&verb, "-d");
	for (i = 0; i < r->services.nr; i++)
		if (strcmp(r->services.v[i], r->env->service))
			dande_strvec_push(&verb, r->services.v[i]);
	if (verb.nr > 2 && (e = compose(r, (const char *const *)verb.v,
				       CANCEL)) != 0) {
		type = caught ? "interrupted" : "compose";
		dande_buf_adds(&what, "compose up failed");
		goto teardown;
	}
	if (verb.nr > 2 &&
	    wait_ready(r, timeout_s > 0 ? timeout_s : r->env->timeout_s,
		       &type, &what, &svc) < 0)
		goto teardown;
	type = NULL;
	if (r->env->init) {
		if (dande_env_test_database_ok(r->env, &r->vars) < 0) {
			fail(0, "%s", dande_error_last()->message);
			code = DANDE_EXIT_ENV;
			goto teardown;
		}
		runner_verb(r, &verb, r->env->init);
		say(r, "[%s] init: %s", r->env->name, r->env->init);
		if ((e = compose(r, (const char *const *)verb.v,
				 SHOW | CANCEL)) != 0) {
			type = caught ? "interrupted" : "init";
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
	say(r, "[%s] tests: %s", r->env->name, r->env->command ?
	    r->env->command : "(the service's own command)");
	test_code = compose(r, (const char *const *)verb.v, SHOW | CANCEL);
	if (caught) {
		type = "interrupted";
		goto teardown;
	}
	if (test_code < 0) {
		type = "compose";
		dande_buf_adds(&what, "the test container could not run");
		goto teardown;
	}
	say(r, "[%s] tests exited with %d", r->env->name, test_code);
	if (r->env->reports)
		code = ingest(r, &since, now_s() - start);

teardown:
	if (type && strcmp(type, "interrupted"))
		save_logs(r, svc.len ? svc.ptr : NULL);
	else if (test_code > 0)
		save_logs(r, NULL);
	say(r, "[%s] tearing down project %s", r->env->name, r->project.ptr);
	if (compose(r, fresh, TEARDOWN) != 0)
		fail(0, "environment '%s': compose down failed; removing "
		     "through the engine", r->env->name);
	remove_leftovers(r);
	if (caught) {
		/* an interrupt is nobody's failure: nothing is recorded */
		fail(0, "[%s] interrupted by signal %d: torn down",
		     r->env->name, (int)caught);
		code = DANDE_EXIT_ENV;
	} else if (type) {
		record_infra(r, svc.ptr, type, what.ptr, now_s() - start);
		code = DANDE_EXIT_ENV;
	} else if (!code || code == DANDE_EXIT_ENV) {
		code = code ? code : test_code;
	} else if (test_code > 0) {
		code = test_code;
	}
	dande_env_signals_restore();
	dande_strvec_release(&verb);
	dande_buf_release(&what);
	dande_buf_release(&svc);
	dande_buf_release(&reports);
	if (caught)
		dande_env_signals_reraise();
	return code;
}

/* ---- status, logs, sweep ------------------------------------------------ */

static void base_label(const struct dande_envrun *r, struct dande_buf *out)
{
	dande_buf_reset(out);
	dande_buf_adds(out, "dande.project=");
	dande_env_sanitise(out, r->base);
}

int dande_envrun_status(struct dande_envrun *r, const char *env, int json)
{
	struct dande_buf label = DANDE_BUF_INIT, envl = DANDE_BUF_INIT;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	const char *filter[] = { NULL, NULL, NULL };
	size_t i;

	base_label(r, &label);
	filter[0] = label.ptr;
	if (env) {
		dande_buf_addf(&envl, "dande.env=%s", env);
		filter[1] = envl.ptr;
	}
	if (dande_engine_containers(r->engine, filter, &l) < 0) {
		dande_buf_release(&label);
		dande_buf_release(&envl);
		return fail(DANDE_EXIT_ENV, "%s", dande_error_last()->message);
	}
	if (json) {
		struct dande_json j;

		dande_json_init(&j, &out, 1);
		dande_json_array_begin(&j);
		for (i = 0; i < l.nr; i++) {
			const struct dande_container *c = &l.v[i];

			dande_json_object_begin(&j);
			dande_json_key(&j, "env");
			dande_json_string(&j, c->env);
			dande_json_key(&j, "project");
			dande_json_string(&j, c->project);
			dande_json_key(&j, "service");
			dande_json_string(&j, c->service);
			dande_json_key(&j, "container");
			dande_json_string(&j, c->name);
			dande_json_key(&j, "state");
			dande_json_string(&j, c->state);
			dande_json_key(&j, "health");
			if (*c->health)
				dande_json_string(&j, c->health);
			else
				dande_json_null(&j);
			dande_json_key(&j, "ports");
			dande_json_string(&j, c->ports);
			dande_json_object_end(&j);
		}
		dande_json_array_end(&j);
	} else if (!l.nr) {
		dande_buf_addf(&out, "no containers of %s%s%s\n", label.ptr,
			       env ? ", env " : "", env ? env : "");
	} else {
		dande_buf_addf(&out, "%-8s %-24s %-12s %-10s %-10s %s\n",
			       "ENV", "PROJECT", "SERVICE", "STATE", "HEALTH",
			       "PORTS");
		for (i = 0; i < l.nr; i++) {
			const struct dande_container *c = &l.v[i];

			dande_buf_addf(&out, "%-8s %-24s %-12s %-10s %-10s "
				       "%s\n", c->env, c->project,
				       c->oneoff ? c->name : c->service,
				       c->state, *c->health ? c->health : "-",
				       *c->ports ? c->ports : "-");
		}
	}
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
	dande_container_list_release(&l);
	dande_buf_release(&label);
	dande_buf_release(&envl);
	dande_buf_release(&out);
	return 0;
}

int dande_envrun_logs(struct dande_envrun *r, const char *service, int tail)
{
	struct dande_buf label = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	struct dande_buf log = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	const char *filter[] = { NULL, NULL, NULL };
	size_t i;
	int code = 0;

	project_label(r, &label);
	filter[0] = label.ptr;
	if (service) {
		dande_buf_addf(&svc, "com.docker.compose.service=%s", service);
		filter[1] = svc.ptr;
	}
	if (dande_engine_containers(r->engine, filter, &l) < 0) {
		code = fail(DANDE_EXIT_ENV, "%s", dande_error_last()->message);
		goto done;
	}
	if (!l.nr) {
		code = fail(DANDE_EXIT_ENV, "no container of %s%s%s in "
			    "project %s", service ? "service '" : "every "
			    "service", service ? service : "",
			    service ? "'" : "", r->project.ptr);
		goto done;
	}
	for (i = 0; i < l.nr; i++) {
		const char *p;

		dande_buf_reset(&log);
		if (dande_engine_logs(r->engine, l.v[i].id, tail, &log) < 0) {
			code = fail(DANDE_EXIT_ENV, "%s",
				    dande_error_last()->message);
			goto done;
		}
		/* each line prefixed by its service, as Compose does */
		for (p = log.ptr; p && *p;) {
			size_t n = strcspn(p, "\n");

			printf("%s | %.*s\n", l.v[i].oneoff ? l.v[i].name :
			       l.v[i].service, (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
done:
	dande_container_list_release(&l);
	dande_buf_release(&label);
	dande_buf_release(&svc);
	dande_buf_release(&log);
	return code;
}

/* A run is alive when its owner process is (same host), or, owned by no
 * process, when any of its containers runs. */
static int run_alive(const struct dande_container_list *l, const char *project)
{
	char host[256] = "";
	size_t i;
	int any_running = 0;

	gethostname(host, sizeof(host) - 1);
	for (i = 0; i < l->nr; i++) {
		const struct dande_container *c = &l->v[i];
		const char *colon;

		if (strcmp(c->project, project))
			continue;
		if (*c->owner && (colon = strrchr(c->owner, ':'))) {
			long pid = strtol(colon + 1, NULL, 10);

			if ((size_t)(colon - c->owner) != strlen(host) ||
			    strncmp(c->owner, host, strlen(host)))
				return 1;	/* another host's: leave it */
			return pid > 0 && (kill((pid_t)pid, 0) == 0 ||
					   errno == EPERM);
		}
		if (!strcmp(c->state, "running") ||
		    !strcmp(c->state, "restarting") ||
		    !strcmp(c->state, "created"))
			any_running = 1;
	}
	return any_running;
}

int dande_envrun_sweep(struct dande_envrun *r, int all, int volumes,
		       int dry_run)
{
	struct dande_buf label = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	struct dande_strvec dead = DANDE_STRVEC_INIT, alive = DANDE_STRVEC_INIT;
	struct dande_strvec names = DANDE_STRVEC_INIT;
	const char *filter[] = { NULL, NULL };
	const char *verb = dry_run ? "would remove" : "removed";
	size_t i, j, removed = 0;
	int code = 0;

	if (all)
		dande_buf_adds(&label, "dande.project");
	else
		base_label(r, &label);
	filter[0] = label.ptr;
	if (dande_engine_containers(r->engine, filter, &l) < 0) {
		code = fail(DANDE_EXIT_ENV, "%s", dande_error_last()->message);
		goto done;
	}
	for (i = 0; i < l.nr; i++) {
		const char *p = l.v[i].project;
		struct dande_strvec *to;

		for (j = 0; j < dead.nr && strcmp(dead.v[j], p); j++)
			;
		if (j < dead.nr)
			continue;
		for (j = 0; j < alive.nr && strcmp(alive.v[j], p); j++)
			;
		if (j < alive.nr)
			continue;
		to = run_alive(&l, p) ? &alive : &dead;
		dande_strvec_push(to, p);
	}
	for (i = 0; i < l.nr; i++) {
		for (j = 0; j < dead.nr && strcmp(dead.v[j], l.v[i].project);
		     j++)
			;
		if (j == dead.nr)
			continue;
		if (!dry_run && dande_engine_remove(r->engine, "containers",
						    l.v[i].id) < 0) {
			code = fail(DANDE_EXIT_ENV, "%s",
				    dande_error_last()->message);
			continue;
		}
		removed++;
		if (!r->quiet)
			printf("%s container %s (project %s)\n", verb,
			       l.v[i].name, l.v[i].project);
	}
	/* networks and volumes of projects with no live run left */
	for (int kind = 0; kind < 2; kind++) {
		dande_strvec_clear(&names);
		if ((kind ? dande_engine_volumes(r->engine, label.ptr, &names) :
		     dande_engine_networks(r->engine, label.ptr, &names)) < 0) {
			code = fail(DANDE_EXIT_ENV, "%s",
				    dande_error_last()->message);
			break;
		}
		for (i = 0; i < names.nr; i++) {
			char *name = names.v[i], *proj, *run;

			proj = strchr(name, '\t');
			*proj++ = '\0';
			run = strchr(proj, '\t');
			*run++ = '\0';
			for (j = 0; j < alive.nr && strcmp(alive.v[j], proj);
			     j++)
				;
			if (j < alive.nr)
				continue;
			/* a persistent environment's data stays unless asked */
			if (kind && !volumes && !strcmp(run, "main"))
				continue;
			if (!dry_run && dande_engine_remove(r->engine,
				kind ? "volumes" : "networks", name) < 0) {
				code = fail(DANDE_EXIT_ENV, "%s",
					    dande_error_last()->message);
				continue;
			}
			removed++;
			if (!r->quiet)
				printf("%s %s %s (project %s)\n", verb,
				       kind ? "volume" : "network", name, proj);
		}
	}
	if (!r->quiet && !removed && !code)
		printf("nothing to sweep (%zu live project%s)\n", alive.nr,
		       alive.nr == 1 ? "" : "s");
done:
	dande_container_list_release(&l);
	dande_strvec_release(&dead);
	dande_strvec_release(&alive);
	dande_strvec_release(&names);
	dande_buf_release(&label);
	return code;
}

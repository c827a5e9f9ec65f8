/*
 * envrun.c: the commands of `dande env` that drive a stack: up (and the
 * wait until every service is healthy and every health URL answers), run
 * and down; the set-up they share (the engine, the Compose tool, the
 * project name, the labels override) and the signal handling that keeps
 * a teardown from being cut short.  The test cycle is envtest.c; status,
 * logs and sweep are envstatus.c.
 *
 * Compose is run with argv arrays (proc.c); what the containers are
 * doing is read from the Engine API (engine.c), never from Compose's
 * text.  Every container, network and volume gets dande's labels through
 * a generated override file, so a sweep finds what a killed run left.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "env/compose_int.h"
#include "dande/config.h"
#include "env/engine_int.h"
#include "dande/env.h"
#include "dande/envrun.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "http_int.h"
#include "dande/proc.h"
#include "env_int.h"
#include "util/banned.h"

#define LOG_TAIL 20
#define TEARDOWN_MS (5 * 60 * 1000)

/* ---- signals ----------------------------------------------------------- */

static volatile sig_atomic_t caught_sig;
static struct sigaction saved[3];
static const int catchable[3] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	if (!caught_sig)
		caught_sig = sig;
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
	return caught_sig;
}

const volatile sig_atomic_t *dande_env_signal_flag(void)
{
	return &caught_sig;
}

void dande_env_signals_restore(void)
{
	int i;

	for (i = 0; i < 3; i++)
		sigaction(catchable[i], &saved[i], NULL);
}

void dande_env_signals_forget(void)
{
	caught_sig = 0;
}

void dande_env_signals_reraise(void)
{
	int sig = caught_sig;

	caught_sig = 0;
	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- set-up ------------------------------------------------------------ */

double dande_env__now(void)
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


static void vsay(const struct dande_envrun *r, int problem, const char *fmt,
		 va_list ap) DANDE_VPRINTF(3);
static void vsay(const struct dande_envrun *r, int problem, const char *fmt,
		 va_list ap)
{
	struct dande_buf msg = DANDE_BUF_INIT;

	if (!r->report)
		return;
	dande_buf_vaddf(&msg, fmt, ap);
	r->report(r->payload, problem, msg.ptr ? msg.ptr : "");
	dande_buf_release(&msg);
}

void dande_env__say(const struct dande_envrun *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(r, 0, fmt, ap);
	va_end(ap);
}

void dande_env__problem(const struct dande_envrun *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(r, 1, fmt, ap);
	va_end(ap);
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
		e = dande_envfile_load(&r->vars, path.ptr);
		if (e == DANDE_ENOTFOUND) {
			/* the usual first run: .env not made yet */
			dande_buf_adds(&path, ".example");
			if (dande_fs_exists(path.ptr))
				e = dande_error_set(DANDE_ENOTFOUND, "no env "
						    "file %s for environment "
						    "'%s': copy %s.example to "
						    "it and set its values",
						    r->env->env_file,
						    r->env->name,
						    r->env->env_file);
		}
		if (e < 0) {
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
			for (k = 0; k < files[i]->services[j].nports; k++) {
				const struct dande_compose_port *p =
					&files[i]->services[j].ports[k];
				long port = strtol(p->published, NULL, 10);

				if (port > 0)
					dande_strvec_pushf(&r->published,
							   "%s\t%s\t%ld", s,
							   p->host_ip, port);
			}
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
	dande_strvec_init(&r->published);
	{
		struct dande_buf empty = DANDE_BUF_INIT;
		struct dande_envfile none = DANDE_ENVFILE_INIT;

		r->project = r->tmpdir = r->labels_file = empty;
		r->vars = none;
	}
	r->engine = NULL;
	r->owner = owner;
	r->reaper_fd = 0;
	/* the project's own files first: a mistake there is said without
	 * an engine */
	if (r->env) {
		dande_env_project(&r->project, r->base, r->env->name, r->id);
		if ((e = read_files(r)) < 0)
			return e;
	}
	if ((e = dande_engine_open(&r->engine, NULL)) < 0)
		return e;
	if ((e = dande_engine_ping(r->engine)) < 0)
		return dande_error_set(DANDE_EEXTERNAL, "no Docker engine "
				       "answers (%s)",
				       dande_error_last()->message);
	if (!r->env)
		return 0;
	dande_config_get_string_or(r->cfg, "env.tool", NULL, &forced);
	/* no Compose is the environment's fault, not the caller's */
	if ((e = dande_compose_tool(&r->tool, forced)) == DANDE_ENOTFOUND)
		return dande_error_set(DANDE_EEXTERNAL, "%s",
				       dande_error_last()->message);
	return e;
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
	dande_strvec_release(&r->published);
	dande_buf_release(&r->project);
	dande_buf_release(&r->tmpdir);
	dande_buf_release(&r->labels_file);
	dande_envfile_release(&r->vars);
}

/* ---- running Compose --------------------------------------------------- */


/* Run Compose with `verb`; its exit code, or -1 when it could not run
 * (printed).  Output is shown when ENV_SHOW, else only when it fails. */
int dande_env__compose(struct dande_envrun *r, const char *const *verb,
		   int flags)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int code;

	dande_env_compose_argv(&cmd.args, &r->tool, r->env, r->root,
			       r->project.ptr, r->labels_file.len ?
			       r->labels_file.ptr : NULL, verb);
	cmd.cwd = r->root;
	cmd.stdin_null = !(flags & ENV_STDIN);
	/* under a reaper: a group of its own, which the reaper kills when
	 * dande dies */
	if (r->reaper_fd > 0) {
		cmd.own_group = 1;
		cmd.announce_fd = r->reaper_fd;
	}
	if (!(flags & ENV_SHOW) || r->quiet)
		cmd.capture_out = cmd.capture_err = 1;
	/* a teardown runs in its own process group, out of reach of a
	 * second Ctrl-C, and is bounded */
	if (flags & ENV_TEARDOWN)
		cmd.timeout_ms = TEARDOWN_MS;
	if (flags & ENV_CANCEL)
		cmd.cancel = dande_env_signal_flag();
	if (r->verbose) {
		struct dande_buf line = DANDE_BUF_INIT;
		size_t i;

		dande_buf_adds(&line, "$");
		for (i = 0; i < cmd.args.nr; i++)
			dande_buf_addf(&line, " %s", cmd.args.v[i]);
		dande_env__say(r, "%s", line.ptr);
		dande_buf_release(&line);
	}
	if (dande_proc_run(&cmd, &res) < 0) {
		dande_error_set(DANDE_EEXTERNAL, "%s",
				dande_error_last()->message);
		code = -1;
	} else if (res.status == DANDE_PROC_TIMEDOUT) {
		dande_error_set(DANDE_EEXTERNAL, "%s %s timed out",
				cmd.args.v[0], verb[0]);
		code = -1;
	} else {
		code = res.status == DANDE_PROC_SIGNALED ? 128 + res.signal :
			res.exit_code;
		/* what Compose said, when it failed (not when stopped) */
		if (code && !dande_env_signal_caught() && cmd.capture_err &&
		    (res.out.len || res.err.len)) {
			dande_buf_add(&res.out, res.err.ptr ? res.err.ptr : "",
				      res.err.len);
			while (res.out.len &&
			       res.out.ptr[res.out.len - 1] == '\n')
				dande_buf_setlen(&res.out, res.out.len - 1);
			dande_env__problem(r, "%s", res.out.ptr);
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
	dande_env__say(r, "[%s] %s: %s (%.1f s)", r->env->name, service, state, t);
}

/* Why a container is not ready: NULL when it is; *broken when it will
 * not get there. */
const char *dande_env__not_ready(const struct dande_container *c, int *broken,
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
	struct dande_buf log = DANDE_BUF_INIT, safe = DANDE_BUF_INIT;

	if (dande_engine_logs(r->engine, c->id, LOG_TAIL, &log) < 0) {
		dande_error_clear();
		return;
	}
	while (log.len && log.ptr[log.len - 1] == '\n')
		dande_buf_setlen(&log, log.len - 1);
	/* a container's output: never raw to a terminal */
	dande_buf_add_printable(&safe, log.ptr, log.len, 1);
	dande_env__problem(r, "--- last %d lines of the log of %s (%s) ---\n%s%s---",
	     LOG_TAIL, c->service, c->name, safe.ptr,
	     safe.len ? "\n" : "");
	dande_buf_release(&safe);
	dande_buf_release(&log);
}

void dande_env__project_label(const struct dande_envrun *r, struct dande_buf *out)
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
		double left = deadline - dande_env__now();
		long status = 0;
		int e;

		o.connect_ms = left > 2 ? 2000 : left > 0.1 ?
			(long)(left * 1000) : 100;
		o.total_ms = left > 5 ? 5000 : o.connect_ms;
		e = dande_http_request(url, &o, &status, NULL);
		if (e == 0 && status >= 200 && status <= 299) {
			dande_env__say(r, "[%s] %s: answered %ld (%.1f s)",
			    r->env->name, url, status, dande_env__now() - start);
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
			dande_env__say(r, "[%s] waiting for %s", r->env->name, why->ptr);
		if (dande_env_signal_caught() || dande_env__now() + backoff > deadline)
			return -1;
		sleep_s(backoff);
		backoff = backoff * 2 > 2 ? 2 : backoff * 2;
	}
}

/*
 * Wait until every container of the project is running and healthy (or
 * finished with 0) and every health URL answers 2xx.  0, or -1 with
 * what failed in `what` (the failing service's log already reported);
 * `type` says how it failed.
 */
int dande_env__wait_ready(struct dande_envrun *r, int timeout_s,
		      const char **type, struct dande_buf *what,
		      struct dande_buf *service)
{
	struct dande_buf label = DANDE_BUF_INIT, why = DANDE_BUF_INIT;
	struct progress p = { DANDE_STRVEC_INIT };
	double start = dande_env__now(), deadline = start + timeout_s;
	const char *filter[] = { NULL, NULL };
	int rc = -1;
	size_t i;

	dande_env__project_label(r, &label);
	filter[0] = label.ptr;
	*type = "timeout";
	for (;;) {
		struct dande_container_list l;
		const struct dande_container *waiting = NULL;
		int broken = 0;

		if (dande_engine_containers(r->engine, filter, &l) < 0) {
			*type = "engine";
			dande_buf_adds(what, dande_error_last()->message);
			dande_error_clear();
			break;
		}
		for (i = 0; i < l.nr; i++) {
			const struct dande_container *c = &l.v[i];
			const char *w;

			if (c->oneoff)
				continue;
			w = dande_env__not_ready(c, &broken, &why);
			progress_say(r, &p, c->service, w ? w : *c->health ?
				     "healthy" : !strcmp(c->state, "exited") ?
				     "done" : "running", dande_env__now() - start);
			if (broken) {
				*type = !strcmp(c->state, "running") ?
					"unhealthy" : "exited";
				dande_buf_addf(what, "service '%s' is %s",
					       c->service, why.ptr);
				dande_buf_adds(service, c->service);
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
		if (r->waiting && waiting) {
			struct dande_buf line = DANDE_BUF_INIT;
			size_t ready = 0, all = 0;
			int ignore;

			for (i = 0; i < l.nr; i++)
				if (!l.v[i].oneoff) {
					all++;
					ready += !dande_env__not_ready(&l.v[i],
						&ignore, &why);
				}
			dande_buf_addf(&line, "%zu of %zu ready, %s: %s", ready,
				       all, waiting->service,
				       dande_env__not_ready(waiting, &ignore,
							    &why));
			r->waiting(r->payload, line.ptr);
			dande_buf_release(&line);
		}
		if (!l.nr && dande_env__now() - start > 5) {
			*type = "compose";
			dande_buf_addf(what, "no container of project '%s' "
				       "is there", r->project.ptr);
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
			} else if (!dande_env_signal_caught()) {
				dande_buf_addf(what, "%s did not answer 2xx "
					       "within %d s (%s)",
					       r->env->health.v[i], timeout_s,
					       why.ptr);
			}
			break;
		}
		if (dande_env_signal_caught() || dande_env__now() >= deadline) {
			if (!dande_env_signal_caught() && waiting) {
				dande_buf_addf(what, "service '%s' not ready "
					       "after %d s (%s)",
					       waiting->service, timeout_s,
					       dande_env__not_ready(waiting, &broken,
							 &why));
				dande_buf_adds(service, waiting->service);
				show_log(r, waiting);
			}
			dande_container_list_release(&l);
			break;
		}
		dande_container_list_release(&l);
		sleep_s(0.25);
	}
	if (dande_env_signal_caught()) {
		*type = "interrupted";
		dande_buf_reset(what);
		dande_buf_addf(what, "interrupted by signal %d", (int)dande_env_signal_caught());
	}
	if (r->waiting)
		r->waiting(r->payload, NULL);
	dande_strvec_release(&p.said);
	dande_buf_release(&label);
	dande_buf_release(&why);
	return rc;
}

/* ---- commands ------------------------------------------------------------ */

/*
 * Every service but the test runner (env.NAME.service): it runs its
 * command once, under `env test` or `env run`, and a runner that exits
 * is not a stack that failed to start.
 */
/*
 * The init command once the stack is ready (`[env "dev"] init`: the dev
 * database made or migrated; idempotent by contract): in the runner
 * service, thrown away after, or, without one, in the first service
 * started.  Guarded by env.NAME.require; the database-name rule is the
 * test environments' (env test), not dev's.
 */
static int init_on_up(struct dande_envrun *r, const char *first)
{
	struct dande_strvec verb = DANDE_STRVEC_INIT;
	int e;

	/* a refusal is the environment's problem (exit 4), as for test */
	if (dande_env__require(r->env, &r->vars, "init command") < 0)
		return dande_error_set(DANDE_EEXTERNAL, "%s",
				       dande_error_last()->message);
	if (r->env->service) {
		dande_strvec_push(&verb, "run");
		dande_strvec_push(&verb, "--rm");
		dande_strvec_push(&verb, "-T");
		dande_strvec_push(&verb, r->env->service);
	} else {
		dande_strvec_push(&verb, "exec");
		dande_strvec_push(&verb, "-T");
		dande_strvec_push(&verb, first);
	}
	dande_split_words(&verb, r->env->init);
	dande_env__say(r, "[%s] init: %s", r->env->name, r->env->init);
	e = dande_env__compose(r, (const char *const *)verb.v,
			       ENV_SHOW | ENV_CANCEL);
	dande_strvec_release(&verb);
	if (e != 0)
		return dande_error_set(DANDE_EEXTERNAL, "environment '%s': the "
				       "init command '%s' %s%d%s (the stack is "
				       "up; dande env down %s)", r->env->name,
				       r->env->init, e < 0 ? "could not run (" :
				       "exited with ", e < 0 ? -1 : e,
				       e < 0 ? ")" : "", r->env->name);
	return 0;
}

/*
 * Before a stack that is not running asks for its host ports: one a
 * process of this machine (or another stack's container) listens on
 * already fails here, naming who, rather than half way through Compose.
 * A stack with containers up is left to Compose (up again is a no-op).
 */
static int ports_free(struct dande_envrun *r)
{
	struct dande_container_list l = { NULL, 0 };
	struct dande_buf label = DANDE_BUF_INIT, who = DANDE_BUF_INIT;
	struct dande_env_sockets sockets = DANDE_ENV_SOCKETS_INIT;
	const char *filter[] = { NULL, NULL };
	size_t i;
	int e = 0;

	dande_env__project_label(r, &label);
	filter[0] = label.ptr;
	if (dande_engine_containers(r->engine, filter, &l) < 0) {
		dande_error_clear();	/* Compose will say it better */
		goto done;
	}
	for (i = 0; !l.nr && i < r->published.nr && e == 0; i++) {
		char *svc = r->published.v[i], *ip = strchr(svc, '\t');
		char *port = strchr(ip + 1, '\t');
		enum dande_port_state st;

		*ip = *port = '\0';
		dande_buf_reset(&who);
		st = dande_env__port_in_use(&sockets, ip + 1,
					    strtol(port + 1, NULL, 10), &who);
		if (st != DANDE_PORT_FREE)
			e = dande_error_set(DANDE_EEXTERNAL, "environment '%s': "
					    "host port %s (service '%s') is in "
					    "use on this machine by %s%s; stop "
					    "it or publish another port",
					    r->env->name, port + 1, svc, who.ptr,
					    st == DANDE_PORT_CONTAINER ?
					    ", a container of another stack" :
					    "");
		*ip = *port = '\t';
	}
done:
	dande_container_list_release(&l);
	dande_buf_release(&label);
	dande_buf_release(&who);
	dande_env__sockets_release(&sockets);
	return e;
}

int dande_envrun_up(struct dande_envrun *r, int timeout_s)
{
	struct dande_strvec up = DANDE_STRVEC_INIT;
	struct dande_buf what = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	const char *type, *runner = r->env->service, *first = NULL;
	double start = dande_env__now();
	size_t i;
	int rc, left = 0;

	dande_strvec_push(&up, "up");
	dande_strvec_push(&up, "-d");
	dande_strvec_push(&up, "--remove-orphans");
	for (i = 0; i < r->services.nr; i++) {
		if (runner && !strcmp(r->services.v[i], runner)) {
			left = 1;
		} else {
			dande_strvec_push(&up, r->services.v[i]);
			if (!first)
				first = r->services.v[i];
		}
	}
	dande_env__say(r, "[%s] starting project %s", r->env->name, r->project.ptr);
	if (left)
		dande_env__say(r, "[%s] the runner service '%s' is left to env "
			       "test and env run", r->env->name, runner);
	if (up.nr == 3) {
		dande_strvec_release(&up);
		dande_env__say(r, "[%s] nothing else to start", r->env->name);
		return 0;
	}
	if ((rc = ports_free(r)) < 0) {
		dande_strvec_release(&up);
		return rc;
	}
	rc = dande_env__compose(r, (const char *const *)up.v, 0);
	dande_strvec_release(&up);
	if (rc != 0)
		return dande_error_set(DANDE_EEXTERNAL, "environment '%s': "
				       "compose up failed%s%s", r->env->name,
				       rc < 0 ? ": " : "", rc < 0 ?
				       dande_error_last()->message : "");
	if (dande_env__wait_ready(r, timeout_s > 0 ? timeout_s : r->env->timeout_s,
		       &type, &what, &svc) < 0)
		rc = dande_error_set(DANDE_EEXTERNAL, "environment '%s': %s",
				     r->env->name, what.ptr);
	else
		dande_env__say(r, "[%s] ready: project %s (%.1f s)", r->env->name,
		    r->project.ptr, dande_env__now() - start);
	if (rc == 0 && r->env->init)
		rc = init_on_up(r, first);
	dande_buf_release(&what);
	dande_buf_release(&svc);
	return rc;
}

void dande_env__purge(struct dande_engine *e, const char *label,
		      int volumes)
{
	struct dande_container_list l = { NULL, 0 };
	struct dande_strvec names = DANDE_STRVEC_INIT;
	const char *filter[] = { NULL, NULL };
	size_t i;
	int kind;

	filter[0] = label;
	if (dande_engine_containers(e, filter, &l) == 0)
		for (i = 0; i < l.nr; i++)
			dande_engine_remove(e, "containers", l.v[i].id);
	dande_container_list_release(&l);
	/* networks, then volumes: once no container holds them */
	for (kind = 0; kind < (volumes ? 2 : 1); kind++) {
		dande_strvec_clear(&names);
		if ((kind ? dande_engine_volumes(e, label, &names) :
		     dande_engine_networks(e, label, &names)) < 0)
			continue;
		for (i = 0; i < names.nr; i++) {
			names.v[i][strcspn(names.v[i], "\t")] = '\0';
			dande_engine_remove(e, kind ? "volumes" : "networks",
					    names.v[i]);
		}
	}
	dande_error_clear();
	dande_strvec_release(&names);
}

/* Remove what Compose left of the project: containers, then networks
 * (and a test run's volumes), through the engine. */
void dande_env__remove_leftovers(struct dande_envrun *r)
{
	struct dande_buf label = DANDE_BUF_INIT;

	dande_env__project_label(r, &label);
	dande_env__purge(r->engine, label.ptr, r->owner);
	dande_buf_release(&label);
}

int dande_envrun_build(struct dande_envrun *r)
{
	const char *build[] = { "build", NULL };
	int rc;

	dande_env__say(r, "[%s] building the images of project %s",
		       r->env->name, r->project.ptr);
	if ((rc = dande_env__compose(r, build, ENV_SHOW | ENV_CANCEL)) != 0)
		return dande_error_set(DANDE_EEXTERNAL, "environment '%s': "
				       "compose build failed%s%s", r->env->name,
				       rc < 0 ? ": " : "", rc < 0 ?
				       dande_error_last()->message : "");
	return 0;
}

int dande_envrun_down(struct dande_envrun *r, int volumes)
{
	const char *down[] = { "down", "--remove-orphans", NULL, NULL };
	int rc;

	if (volumes)
		down[2] = "-v";
	if ((rc = dande_env__compose(r, down, ENV_TEARDOWN)) != 0)
		return dande_error_set(DANDE_EEXTERNAL, "environment '%s': "
				       "compose down failed%s%s", r->env->name,
				       rc < 0 ? ": " : "", rc < 0 ?
				       dande_error_last()->message : "");
	dande_env__remove_leftovers(r);
	dande_env__say(r, "[%s] down: project %s%s", r->env->name, r->project.ptr,
	    volumes ? ", volumes removed" : "");
	return 0;
}

int dande_envrun_run(struct dande_envrun *r, const char *service,
		     const char *const *argv, int *exit_code)
{
	struct dande_strvec verb = DANDE_STRVEC_INIT;
	int code;

	*exit_code = 0;
	dande_strvec_push(&verb, "run");
	dande_strvec_push(&verb, "--rm");
	if (!isatty(0) || !isatty(1))
		dande_strvec_push(&verb, "-T");
	dande_strvec_push(&verb, service);
	dande_strvec_pushv(&verb, argv);
	dande_env_signals_catch();
	code = dande_env__compose(r, (const char *const *)verb.v,
			   ENV_SHOW | ENV_STDIN | ENV_CANCEL);
	dande_env_signals_restore();
	dande_strvec_release(&verb);
	if (code < 0)
		return DANDE_EEXTERNAL;
	if (dande_env_signal_caught())
		dande_env_signals_reraise();
	*exit_code = code;
	return 0;
}

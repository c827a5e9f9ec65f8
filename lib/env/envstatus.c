/*
 * envstatus.c: `dande env status`, `logs` and `sweep`: what runs (from the
 * Engine API, by dande's labels), what it printed, and the removal of
 * what runs that are no longer alive left behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env/engine_int.h"
#include "dande/env.h"
#include "dande/envrun.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/json.h"
#include "env_int.h"
#include "util/banned.h"

/* ---- status, logs, sweep ------------------------------------------------ */

static void base_label(const struct dande_envrun *r, struct dande_buf *out)
{
	dande_buf_reset(out);
	dande_buf_adds(out, "dande.project=");
	dande_env_sanitise(out, r->base);
}

int dande_envrun_status(struct dande_envrun *r, const char *env, int json,
			struct dande_buf *out)
{
	struct dande_buf label = DANDE_BUF_INIT, envl = DANDE_BUF_INIT;
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
		return DANDE_EEXTERNAL;
	}
	if (json) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
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
		dande_buf_addf(out, "no containers of %s%s%s\n", label.ptr,
			       env ? ", env " : "", env ? env : "");
	} else {
		dande_buf_addf(out, "%-8s %-24s %-12s %-10s %-10s %s\n",
			       "ENV", "PROJECT", "SERVICE", "STATE", "HEALTH",
			       "PORTS");
		for (i = 0; i < l.nr; i++) {
			const struct dande_container *c = &l.v[i];

			dande_buf_addf(out, "%-8s %-24s %-12s %-10s %-10s "
				       "%s\n", c->env, c->project,
				       c->oneoff ? c->name : c->service,
				       c->state, *c->health ? c->health : "-",
				       *c->ports ? c->ports : "-");
		}
	}
	dande_container_list_release(&l);
	dande_buf_release(&label);
	dande_buf_release(&envl);
	return 0;
}

int dande_envrun_logs(struct dande_envrun *r, const char *service, int tail,
		      struct dande_buf *out)
{
	struct dande_buf label = DANDE_BUF_INIT, svc = DANDE_BUF_INIT;
	struct dande_buf log = DANDE_BUF_INIT;
	struct dande_container_list l = { NULL, 0 };
	const char *filter[] = { NULL, NULL, NULL };
	size_t i;
	int code = 0;

	dande_env__project_label(r, &label);
	filter[0] = label.ptr;
	if (service) {
		dande_buf_addf(&svc, "com.docker.compose.service=%s", service);
		filter[1] = svc.ptr;
	}
	if (dande_engine_containers(r->engine, filter, &l) < 0) {
		code = DANDE_EEXTERNAL;
		goto done;
	}
	if (!l.nr) {
		code = dande_error_set(DANDE_EEXTERNAL, "no container of %s%s%s "
				       "in project %s", service ? "service '" :
				       "every service", service ? service : "",
				       service ? "'" : "", r->project.ptr);
		goto done;
	}
	for (i = 0; i < l.nr; i++) {
		const char *p;

		dande_buf_reset(&log);
		if (dande_engine_logs(r->engine, l.v[i].id, tail, &log) < 0) {
			code = DANDE_EEXTERNAL;
			goto done;
		}
		/* each line prefixed by its service, as Compose does */
		for (p = log.ptr; p && *p;) {
			size_t n = strcspn(p, "\n");

			/* a container's output: never raw to a terminal */
			dande_buf_addf(out, "%s | ", l.v[i].oneoff ?
				       l.v[i].name : l.v[i].service);
			dande_buf_add_printable(out, p, n, 0);
			dande_buf_addch(out, '\n');
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

/* Whether the process a "host:pid" owner label names is alive (another
 * host's counts as alive: not ours to judge). */
static int owner_alive(const char *owner)
{
	char host[256] = "";
	const char *colon = strrchr(owner, ':');
	long pid;

	if (!colon)
		return 0;
	gethostname(host, sizeof(host) - 1);
	if ((size_t)(colon - owner) != strlen(host) ||
	    strncmp(owner, host, strlen(host)))
		return 1;
	pid = strtol(colon + 1, NULL, 10);
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
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

/* A removal that failed: said, and the sweep will fail. */
static int sweep_failed(const struct dande_envrun *r)
{
	dande_env__problem(r, "%s", dande_error_last()->message);
	dande_error_clear();
	return DANDE_EEXTERNAL;
}

int dande_envrun_sweep(struct dande_envrun *r, int all, int volumes,
		       int dry_run, struct dande_buf *out)
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
		code = DANDE_EEXTERNAL;
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
			code = sweep_failed(r);
			continue;
		}
		removed++;
		if (!r->quiet)
			dande_buf_addf(out, "%s container %s (project %s)\n",
				       verb,
			       l.v[i].name, l.v[i].project);
	}
	/* networks and volumes of projects with no live run left */
	for (int kind = 0; kind < 2; kind++) {
		dande_strvec_clear(&names);
		if ((kind ? dande_engine_volumes(r->engine, label.ptr, &names) :
		     dande_engine_networks(r->engine, label.ptr, &names)) < 0) {
			code = sweep_failed(r);
			break;
		}
		for (i = 0; i < names.nr; i++) {
			char *name = names.v[i], *proj, *run, *owner;

			proj = strchr(name, '\t');
			*proj++ = '\0';
			run = strchr(proj, '\t');
			*run++ = '\0';
			owner = strchr(run, '\t');
			*owner++ = '\0';
			for (j = 0; j < alive.nr && strcmp(alive.v[j], proj);
			     j++)
				;
			if (j < alive.nr)
				continue;
			/* a test run's: gone with its owner (it may be
			 * between two containers now) */
			if (*owner && owner_alive(owner))
				continue;
			/* a persistent environment's data stays unless
			 * asked; a test or isolated run's is throw-away */
			if (kind && !volumes && !strcmp(run, "main") && !*owner)
				continue;
			if (!dry_run && dande_engine_remove(r->engine,
				kind ? "volumes" : "networks", name) < 0) {
				code = sweep_failed(r);
				continue;
			}
			removed++;
			if (!r->quiet)
				dande_buf_addf(out, "%s %s %s (project %s)\n",
					       verb,
				       kind ? "volume" : "network", name, proj);
		}
	}
	if (!r->quiet && !removed && !code)
		dande_buf_addf(out, "nothing to sweep (%zu live project%s)\n",
			       alive.nr,
		       alive.nr == 1 ? "" : "s");
	if (code < 0)
		dande_error_set(code, "sweep: some of what dande labelled "
				"could not be removed (said above)");
done:
	dande_container_list_release(&l);
	dande_strvec_release(&dead);
	dande_strvec_release(&alive);
	dande_strvec_release(&names);
	dande_buf_release(&label);
	return code;
}

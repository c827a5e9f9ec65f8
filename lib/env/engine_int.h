/*
 * engine_int.h: (internal to lib/) the Docker Engine API (also served by
 * Podman) over its unix socket, through http.c. Container state and health
 * come from here, never from scraping the CLI's text.
 *
 * The socket: DOCKER_HOST when it is unix://PATH (tcp:// is spoken as plain
 * http), else /var/run/docker.sock, else Podman's
 * $XDG_RUNTIME_DIR/podman/podman.sock.
 */
#ifndef DANDE_ENGINE_INT_H
#define DANDE_ENGINE_INT_H

#include <stddef.h>

#include "dande/buf.h"

struct dande_engine;

struct dande_container {
	char *id;
	char *name;		/* without the leading '/' */
	char *service;		/* com.docker.compose.service */
	char *project;		/* com.docker.compose.project */
	char *env, *run, *owner;	/* dande.env, dande.run, dande.owner */
	char *state;		/* running, exited, restarting, ... */
	char *health;		/* healthy, unhealthy, starting; "" none */
	char *health_log;	/* output of the last failed probe */
	char *ports;		/* "127.0.0.1:8080->80/tcp, ..." */
	int exit_code;
	int oneoff;		/* a `run` container */
};

struct dande_container_list {
	struct dande_container *v;
	size_t nr;
};

/* Find the engine's socket from `envp` (NULL: the process's). Returns 0
 * or DANDE_EEXTERNAL. */
int dande_engine_open(struct dande_engine **out, const char *const *envp);
void dande_engine_free(struct dande_engine *e);

/* Where it talks to, for messages: "unix:///var/run/docker.sock". */
const char *dande_engine_address(const struct dande_engine *e);

/* 0 when the engine answers /_ping; DANDE_EEXTERNAL otherwise. */
int dande_engine_ping(struct dande_engine *e);

/*
 * Containers carrying every label in `labels` ("key=value" or "key"),
 * stopped ones too, each inspected for state, health and exit code;
 * sorted by service, then name.
 */
int dande_engine_containers(struct dande_engine *e,
			    const char *const *labels,
			    struct dande_container_list *out);
void dande_container_list_release(struct dande_container_list *l);

/* The last `tail` lines of a container's stdout and stderr. */
int dande_engine_logs(struct dande_engine *e, const char *id, int tail,
		      struct dande_buf *out);

/* Networks and volumes carrying `label` ("key" or "key=value"), each as
 * "name\tcompose project\tdande.run\tdande.owner". */
int dande_engine_networks(struct dande_engine *e, const char *label,
			  struct dande_strvec *out);
int dande_engine_volumes(struct dande_engine *e, const char *label,
			 struct dande_strvec *out);

/* Remove a container (forced, with its anonymous volumes), a network or a
 * volume.  A thing already gone is not an error. */
int dande_engine_remove(struct dande_engine *e, const char *kind,
			const char *name);

/* Decode the engine's multiplexed log stream (8-byte frame headers) into
 * plain text, in place of `raw`; exposed for tests. */
void dande_engine_demux(struct dande_buf *out, const char *raw, size_t len);

#endif

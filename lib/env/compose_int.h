/*
 * compose_int.h: (internal to lib/) what dande reads of a Compose file,
 * with the line each thing is on: services (image, container_name,
 * healthcheck, depends_on, ports, volumes, tmpfs, environment, networks)
 * and the top-level networks and volumes. Read with libyaml; anchors and
 * merge keys (<<) are followed.
 */
#ifndef DANDE_COMPOSE_INT_H
#define DANDE_COMPOSE_INT_H

#include <stddef.h>

#include "dande/buf.h"

struct dande_compose_port {
	char *host_ip;		/* "" for every interface */
	char *published;	/* host port or range, "" when none */
	char *target;
	int line;
};

struct dande_compose_mount {
	char *type;		/* "volume", "bind", "tmpfs" */
	char *source;		/* "" for an anonymous volume */
	char *target;
	int line;
};

struct dande_compose_var {
	char *key;
	char *value;		/* NULL: taken from the environment */
	int line;
};

struct dande_compose_service {
	char *name;
	int line;
	char *image;		/* NULL when built */
	char *container_name;	/* NULL when unset */
	int container_name_line;
	int healthcheck;	/* 1 when one is set and not disabled */
	int custom_networks;	/* networks: or network_mode: is set */
	struct dande_strvec depends_on;
	struct dande_compose_port *ports;
	size_t nports;
	struct dande_compose_mount *mounts;	/* volumes: and tmpfs: */
	size_t nmounts;
	struct dande_compose_var *environment;
	size_t nenvironment;
	/* entrypoint and command, each joined by spaces (a list's items
	 * as written), NULL when unset */
	char *entrypoint, *command;
	int command_line;	/* of command:, else entrypoint: */
};

/* A top-level network or volume given a fixed `name:` (Compose does not
 * prefix it with the project: every project using it shares it). */
struct dande_compose_named {
	char *kind;		/* "network" or "volume" */
	char *key;		/* as the file calls it */
	char *name;		/* the engine's name, interpolated */
	int line;
	int external;		/* declared external: made elsewhere */
};

struct dande_compose {
	char *path;
	char *version;		/* NULL when the file has none */
	struct dande_compose_service *services;
	size_t nservices;
	struct dande_strvec networks;	/* declared, not external */
	struct dande_strvec volumes;	/* declared, not external */
	struct dande_compose_named *named;	/* those with a fixed name */
	size_t nnamed;
};

/*
 * Read `path`.  Values are interpolated as Compose does (${VAR},
 * ${VAR:-default}, ${VAR-default}, $VAR, $$) from `vars` ("K=V" entries;
 * NULL: none) where it matters (ports, volumes, image), and kept as
 * written elsewhere.  DANDE_EINVALID with "path:line:col: problem" when
 * the file is not YAML or not a Compose file; DANDE_ENOTFOUND.
 */
int dande_compose_load(struct dande_compose **out, const char *path,
		       const struct dande_strvec *vars);
void dande_compose_free(struct dande_compose *c);

/* Interpolate `s` into `out` (exposed for tests). */
void dande_compose_interpolate(struct dande_buf *out, const char *s,
			       const struct dande_strvec *vars);

#endif

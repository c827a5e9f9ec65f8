/*
 * hooks.h: dande's git hooks, installed as tiny POSIX sh shims that exec
 * `dande hooks run NAME`; a hook that was there before is kept as
 * NAME.local and run after dande's checks, and uninstalling puts it back.
 */
#ifndef DANDE_HOOKS_H
#define DANDE_HOOKS_H

#include "dande/buf.h"

/* The hooks dande installs, NULL-terminated. */
extern const char *const dande_hook_names[];

/* The line that marks a shim as dande's. */
#define DANDE_HOOK_MARKER "# dande-hook-shim"

enum dande_hook_state {
	DANDE_HOOK_NONE,	/* no hook */
	DANDE_HOOK_DANDE,	/* dande's shim */
	DANDE_HOOK_FOREIGN	/* somebody else's */
};

/* The state of hook `name` in `dir`, and whether NAME.local is there. */
enum dande_hook_state dande_hook_state(const char *dir, const char *name,
				       int *chained);

/* The shim for hook `name`, running `dande` (an absolute path, or NULL
 * for the one on PATH). */
void dande_hook_shim(struct dande_buf *out, const char *name,
		     const char *dande);

/*
 * Install every hook into `dir` (created if missing), idempotently: a
 * foreign hook is moved to NAME.local and chained; when NAME.local is
 * taken already DANDE_EEXISTS, unless `force`, which moves the foreign
 * hook to NAME.bak.  One line per hook is appended to `report`.
 */
int dande_hooks_install(const char *dir, const char *dande, int force,
			struct dande_buf *report);

/* Remove dande's shims and put NAME.local back as NAME; foreign hooks
 * are left alone.  One line per hook into `report`. */
int dande_hooks_uninstall(const char *dir, struct dande_buf *report);

#endif

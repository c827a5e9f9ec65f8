/*
 * hooks.h: dande's git hooks, installed as tiny POSIX sh shims that exec
 * `dande hooks run NAME`; a hook that was there before is kept as
 * NAME.local and run after dande's checks, and uninstalling puts it back.
 */
#ifndef DANDE_HOOKS_H
#define DANDE_HOOKS_H

#include <stddef.h>
#include <time.h>

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

struct dande_config;
struct dande_repo;

/*
 * A hook run: what the caller fills in before dande_hookrun_run(), and
 * what the run leaves behind.
 */
struct dande_hookrun {
	const char *hook;		/* pre-commit, commit-msg, pre-push */
	const char *root;		/* the working tree */
	struct dande_repo *repo;
	const struct dande_config *config;
	const char *db_path;		/* pre-push's trial_runs */
	int busy_ms;
	const char *const *envp;	/* SKIP, CI, DANDE_HOOKS, the pass key */
	const char *tools_dir;		/* where dande-TOOL are; NULL: PATH */
	const char *self;		/* the running dande-hooks (a pass
					   record input), may be NULL */
	int quiet, verbose;
	time_t now;			/* the run's start (0: the clock); a
					   file changed since is too fresh for
					   a pass record */
	/* a line to show (problem: also with quiet) */
	void (*say)(void *payload, int problem, const char *line);
	/* a failed check's own output */
	void (*output)(void *payload, const char *text, size_t len);
	void *payload;

	/* set by the run */
	const char *skip;		/* SKIP from envp */
	int failed;			/* a check said no */
	int external;			/* a check ran a program */
	struct dande_strvec inputs;	/* files the in-process checks read */
};

/*
 * The commands a repository's configuration makes dande run (a cloned
 * repository's .dande.conf is somebody else's code), one line each into
 * `out` after `indent`, escaped: "pre-commit: CMD" (hooks.preCommit),
 * "HOOK: NAME: CMD" ([hooks "NAME"] run), "pre-push: CMD" (hooks.prePush),
 * "bump: CMD" (bump.test).  The set is remembered for the repository at
 * `gitdir` (a hash in GITDIR/dande-commands); returns 1 when it changed
 * since it was last remembered, 0 when the same.
 */
int dande_hooks_trust(const struct dande_config *cfg, const char *gitdir,
		      const char *indent, struct dande_buf *out);

/*
 * Run hook run->hook with git's arguments `args` and, for pre-push, the
 * refs git wrote on its stdin (`in`), then the chained NAME.local when
 * dande's checks passed.  `*code` is the hook's exit code: 0, 1 when a
 * check failed, or the chained hook's own.  Returns 0, or DANDE_EUSAGE
 * (an unknown hook, a bad hooks.changelog), DANDE_EEXTERNAL (no
 * repository, the database).
 */
int dande_hookrun_run(struct dande_hookrun *run, const char *const *args,
		      size_t nargs, const struct dande_buf *in, int *code);

void dande_hookrun_release(struct dande_hookrun *run);

#endif

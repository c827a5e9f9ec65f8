/*
 * hookcache.h: the pass record of a pre-commit hook.  A pre-commit whose
 * checks all ran in process and passed records what they read (the
 * configuration, VERSION and the version files, CHANGELOG.md, HEAD and
 * the tags, dande's own binary) with each file's stat, and the
 * environment that steers them.  The next pre-commit, in the front door,
 * before anything is loaded, compares: when nothing changed it passes at
 * once, a few stat calls instead of starting libgit2.
 *
 * Plain libc: the front door links this and nothing heavier.
 */
#ifndef DANDE_HOOKCACHE_H
#define DANDE_HOOKCACHE_H

#include <time.h>

#include "dande/buf.h"

/* Where a repository's record lives, under its git directory. */
#define DANDE_HOOKCACHE_FILE "dande-pre-commit.pass"
/* The commit-msg record: the message check is the plain lint (no
 * commit-msg.local chained, the configuration unchanged), which the front
 * door then runs itself, libc only. */
#define DANDE_HOOKCACHE_COMMIT_MSG "dande-commit-msg.pass"

/* The key: dande's version, the hook, and the environment that steers
 * the checks (SKIP, CI, HOME, XDG_CONFIG_HOME, GIT_CONFIG*, GIT_DIR,
 * GIT_WORK_TREE, DANDE_* but DANDE_TRACE), from `envp`. */
void dande_hookcache_key(struct dande_buf *out, const char *hook,
			 const char *const *envp);

/*
 * The record of `paths` (a path absent is recorded as absent) under
 * `key`, into `out`.  -1, and no record, when a file changed at or after
 * `since` - 1 s (it may change again within the file system's clock
 * tick, unseen): such a run is not recorded.
 */
int dande_hookcache_encode(struct dande_buf *out, const char *key,
			   const char *const *paths, size_t npaths,
			   time_t since);

/* 1 when `record` was made under `key` and no file in it changed. */
int dande_hookcache_fresh(const char *record, const char *key);

/*
 * The front door's shortcut for `dande hooks run HOOK [FILE]` (the git
 * directory from GIT_DIR, else .git): 1 when the hook passes without the
 * full run: a pre-commit that passed before with nothing it reads
 * changed since; a commit-msg whose record says it is the plain message
 * lint, nothing changed, and `msg_file` passes that lint (here, libc
 * only).  0 for anything else: the full run decides, and says why.
 */
int dande_hookcache_front_door(const char *hook, const char *msg_file,
			       const char *const *envp);

#endif

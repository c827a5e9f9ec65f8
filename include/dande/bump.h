/*
 * bump.h: a version bump, all or nothing: plan every file's new bytes
 * first, then write them (atomically), run the test command, commit, tag
 * and record; when any step fails, every file gets its old bytes back and
 * the commit and tag are undone.
 */
#ifndef DANDE_BUMP_H
#define DANDE_BUMP_H

#include <stddef.h>

#include "dande/buf.h"
#include "dande/git.h"
#include "dande/version.h"

struct dande_repo;
struct dande_db;

struct dande_bump_file {
	char *path;			/* from the root */
	enum dande_verfile_kind kind;
	char *arg;			/* define name or pattern */
	struct dande_buf old, new;	/* the bytes before and after */
	size_t line;
};

struct dande_bump_opts {
	const char *root;
	struct dande_repo *repo;	/* may be NULL: no commit, no tag */
	struct dande_db *db;		/* may be NULL: nothing recorded */
	const char *level;		/* nano patch minor major pre auto */
	const char *set;		/* --set X.Y.Z */
	int force;
	const char *pre_label;
	enum dande_ver_scheme scheme;
	unsigned long rollover;
	const struct dande_strvec *files;	/* declared files */
	const struct dande_strvec *file_args;	/* "path\tdefine\tNAME" or
						   "path\tpattern\tTPL" */
	const char *changelog;		/* its path, or NULL */
	const char *tag_format;		/* "v{version}" */
	const char *message_format;	/* "chore(release): {version}" */
	int allow_dirty, commit, tag;
	/* an empty [Unreleased]: filled from the conventional commits since
	 * the last tag (types in `skip`, NULL: changelog.skip's defaults,
	 * left out) unless !generate; released empty only with allow_empty */
	int generate, allow_empty;
	const struct dande_strvec *skip;
	/* the bump's reason (one line; NULL: none): an entry of the release
	 * under the section its first word names (Added, Fixed, ...; else
	 * Changed), the release commit's body, and versions.message */
	const char *entry;
	int kac;	/* generate reads Keep a Changelog verbs too
			   (hooks.commitMsg = keepachangelog) */
	const struct dande_strvec *test;	/* argv of the test command */
	/* the released section gets a quality line from the database (the
	 * run the test command made) once the tests passed */
	int quality;
};

struct dande_bump_plan {
	struct dande_ver old, new;
	char old_s[DANDE_VER_STRMAX], new_s[DANDE_VER_STRMAX];
	const char *level;		/* "nano", ..., "auto", "set": static or
					   the opts' own string */
	struct dande_buf note;		/* a version outside the scheme */
	struct dande_bump_file *files;	/* VERSION first */
	size_t nfiles;
	char *tag;
	struct dande_buf message;
	struct dande_strvec reasons;	/* auto: the commits that decided */
	size_t generated;		/* changelog entries made from commits */
	struct dande_buf generated_from;	/* the tag they start after
						   ("": from the root) */
	char *branch;			/* NULL: none (detached, no repo) */
	char head[DANDE_OID_BUFSZ];	/* "" when there is no commit */
};

/* Plan: no write.  DANDE_EINVALID (file:line) when a file does not hold
 * the current version where expected or VERSION is not a version;
 * DANDE_EUSAGE for a bad level or a --set not greater (without force);
 * DANDE_EEXISTS when the tag exists; DANDE_EEXTERNAL for a dirty tree or
 * a detached HEAD (when committing). */
int dande_bump_plan(struct dande_bump_plan *out,
		    const struct dande_bump_opts *o);
void dande_bump_plan_release(struct dande_bump_plan *p);

/* The unified diff of every file of the plan. */
void dande_bump_diff(const struct dande_bump_plan *p, struct dande_buf *out);

/* Apply: write, test, commit, tag, record.  `commit` (DANDE_OID_BUFSZ bytes) gets the
 * commit or "".  1 when the test command failed (everything restored),
 * 0 when done, < 0 on an error (everything restored). */
int dande_bump_apply(struct dande_bump_plan *p,
		     const struct dande_bump_opts *o, char *commit);

/* Drift: every declared file and the changelog agree with VERSION; the
 * last tag too when `check_tag`.  Problems as "file:line: ..." lines into
 * `out`; their count. */
int dande_bump_check(const struct dande_bump_opts *o, int check_tag,
		     struct dande_buf *out, size_t *problems);

/*
 * `o` from the configuration: version.scheme and version.rollover (a bad
 * value is DANDE_EUSAGE naming the key), the declared files (bump.file,
 * [bump "PATH"] define or pattern, appended to `files` and `args`, which
 * must outlive `o`), CHANGELOG.md when `root` has one, bump.tagFormat and
 * bump.message.  Everything else is left zero.
 */
struct dande_config;
int dande_bump_opts_load(struct dande_bump_opts *o,
			 const struct dande_config *cfg, const char *root,
			 struct dande_repo *repo, struct dande_strvec *files,
			 struct dande_strvec *args);

/* The options with what they own: dande_bump_opts_load() plus the test
 * command (`test`, else bump.test, split into words) and changelog.skip;
 * commit, tag and generate on, pre-label rc.  Release it either way. */
struct dande_bump_config {
	struct dande_bump_opts opts;
	struct dande_strvec files, args, test, skip;
};
int dande_bump_config_load(struct dande_bump_config *c,
			   const struct dande_config *cfg, const char *root,
			   struct dande_repo *repo, const char *test);
void dande_bump_config_release(struct dande_bump_config *c);

/* What `dande bump --json` prints of a plan (applied, or `dry_run`). */
void dande_bump_format_json(struct dande_buf *out,
			    const struct dande_bump_plan *p, const char *commit,
			    const char *tag, int dry_run);

/* What a bump says before it applies the plan: the commits that decided
 * an auto level, the changelog entries made from commits. */
void dande_bump_format_plan(struct dande_buf *out,
			    const struct dande_bump_plan *p);

/* What it says after: the diff, commit and tag it would make
 * (`dry_run`), or "OLD -> NEW (level), commit C, tag T"; or the JSON
 * document of either. */
void dande_bump_format_result(struct dande_buf *out,
			      const struct dande_bump_plan *p,
			      const struct dande_bump_opts *o,
			      const char *commit, int dry_run, int json);

/* `dande bump show`: the current version and what each level gives
 * (nothing is written). */
int dande_bump_show(const struct dande_bump_opts *o, struct dande_buf *out,
		    int json);

/*
 * One bump at a time in a repository: a lock file in its git directory
 * (created with O_EXCL, holding "pid host", flock()ed by its holder),
 * taken before the plan and released after the apply.  DANDE_EBUSY
 * "another bump is running (pid N)".  A lock left by a killed bump on
 * this host (nobody holds its flock) is taken over and `stale` set; one
 * taken on another host is named with the command that removes it.  No
 * repository: no lock, 0.
 */
struct dande_bump_lock {
	char *path;		/* NULL: not held */
	int fd;			/* flock()ed while held */
	long stale;		/* taken over from a killed bump: its pid
				   (-1: unknown), else 0 */
};
int dande_bump_lock(struct dande_bump_lock *l, struct dande_repo *repo);
void dande_bump_unlock(struct dande_bump_lock *l);

/*
 * Settle a bump that was killed half way (its journal is in the git
 * directory), under the lock: when its commit and tag were both made, it
 * is completed (its version recorded in `db` when given) and 2 returned;
 * otherwise it is rolled back (tag, branch, index entries, every file) and
 * 1 returned; 0 when there was none.  A line into `report` says which;
 * `version` (DANDE_VER_STRMAX bytes, may be NULL) gets the version the
 * bump was making.
 */
int dande_bump_recover(struct dande_repo *repo, const char *root,
		       struct dande_db *db, struct dande_buf *report,
		       char *version);

/* Whether a bump was interrupted in `repo` (its journal is there). */
int dande_bump_pending(struct dande_repo *repo);

#endif

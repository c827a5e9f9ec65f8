/*
 * todos.h: TODO, FIXME, XXX and HACK comments in a repository's tracked
 * files, tracked in the `todos` table: who introduced each (libgit2
 * blame), when it was first and last seen, and when it went away.
 */
#ifndef DANDE_TODOS_H
#define DANDE_TODOS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dande/buf.h"

struct dande_buf;
struct dande_db;
struct dande_repo;
struct dande_strvec;

/* The default tags, NULL-terminated. */
extern const char *const dande_todo_default_tags[];

/* A tag found on a line: `text` points into the line. */
struct dande_todo_hit {
	const char *tag;	/* one of the tags asked for */
	const char *text;	/* what follows the tag, trimmed */
	size_t text_len;
};

/*
 * Whether the line (`len` bytes, no newline) holds a comment with one of
 * `tags` (NULL-terminated): the tag in capitals as a whole word opening
 * a comment, right after its marker and blanks (//, #, --, ;, %, or a
 * '*' as in the C block opener, a block comment's leading '*', <!--),
 * followed by ':', '(', '!', a blank or the end of the line.
 */
int dande_todo_match(const char *line, size_t len, const char *const *tags,
		     struct dande_todo_hit *hit);

/* Whether `text` refers to an issue: #123, ABC-123 (not UTF-8, SHA-256
 * and the like) or a URL. */
int dande_todo_has_ref(const char *text, size_t len);

struct dande_todos_opts {
	const char *const *tags;		/* NULL: the defaults */
	const struct dande_strvec *include;	/* globs; NULL or empty: all */
	const struct dande_strvec *exclude;	/* globs */
	const struct dande_strvec *paths;	/* files or directories */
};

struct dande_todos_result {
	size_t files;		/* text files read */
	size_t open;		/* found by this scan */
	size_t added;		/* of which not open before */
	size_t resolved;	/* open before, gone now */
};

/*
 * Scan the tracked files (their working tree bytes; binary files and
 * files that are not UTF-8 are left out) and bring the table up to date
 * in one transaction: a TODO still there (same file, tag and text) keeps
 * its row and gets its new line, a new one gets a row with the commit,
 * author and date blame gives its line (none while uncommitted), and one
 * gone from a scanned path gets `resolved_at`.
 */
int dande_todos_scan(struct dande_repo *repo, struct dande_db *db,
		     const struct dande_todos_opts *opts,
		     struct dande_todos_result *out);

/*
 * The TODOs the next commit adds: each staged line (the index against
 * HEAD) that holds one, in a file `o` wants (include and exclude globs;
 * `o->paths` is not used), with whether it cites an issue.  Nothing is
 * recorded.  A non-zero return from `fn` stops the walk.
 */
typedef int (*dande_todos_staged_fn)(void *payload, const char *path,
				     int line, const struct dande_todo_hit *hit,
				     int has_ref);
int dande_todos_staged(struct dande_repo *repo,
		       const struct dande_todos_opts *o,
		       dande_todos_staged_fn fn, void *payload);

/* An open TODO as the database holds it. */
struct dande_todo {
	char *file, *tag, *text;
	char *commit, *author, *authored_at;	/* NULL while uncommitted */
	char *first_seen;
	int64_t line;
	int is_new;		/* uncommitted, or not in the base */
	int has_ref;		/* cites an issue */
	long age_days;		/* since authored (else first seen) */
};

/* The open TODOs, oldest first. */
struct dande_todos_report {
	struct dande_repo *repo;
	const char *base;	/* the base commit's id, NULL: none */
	struct dande_todo *t;
	size_t nr, alloc, nnew;
	time_t now;
};

/*
 * Every open TODO, oldest first, with its age at `now` and whether it is
 * new: not committed yet, or added by a commit that is not an ancestor of
 * `base` (a commit id, NULL: none is new but the uncommitted).
 */
int dande_todos_report_load(struct dande_todos_report *rep,
			    struct dande_db *db, struct dande_repo *repo,
			    const char *base, time_t now);

/* The report: one line per TODO and the totals, or (`json`) the JSON
 * document; `scan` (may be NULL) adds what a scan found. */
void dande_todos_report_format(struct dande_buf *out,
			       const struct dande_todos_report *rep,
			       const struct dande_todos_result *scan,
			       const char *base_name, int json);

void dande_todos_report_release(struct dande_todos_report *rep);

/* The gate on a report: more than `max` open (< 0: no limit), a new one
 * (`no_new`), a new one citing no issue (`require_ref`).  A line per
 * failure into `why`; how many there were. */
size_t dande_todos_gate(const struct dande_todos_report *rep, int64_t max,
			int no_new, int require_ref, struct dande_buf *why);

/* What .dande.conf says to look for (todos.tag, todos.include,
 * todos.exclude) as options, with what they own. */
struct dande_config;
struct dande_todos_config {
	struct dande_todos_opts opts;
	struct dande_strvec tags, include, exclude;
	const char **tagv;
};
int dande_todos_config_load(struct dande_todos_config *c,
			    const struct dande_config *cfg);
void dande_todos_config_release(struct dande_todos_config *c);

#endif

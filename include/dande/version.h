/*
 * version.h: versions (SemVer 2.0.0 syntax), the nano and semver bump
 * schemes, and the version files dande-bump edits by key path.
 */
#ifndef DANDE_VERSION_H
#define DANDE_VERSION_H

#include <stddef.h>

#include "dande/buf.h"

struct dande_ver {
	unsigned long major, minor, patch;
	char pre[64];		/* "rc.1", "" for a release */
	char build[64];		/* "+build" metadata, kept, never compared */
};

/* "1.2.3", "v1.2.3-rc.1+b5": 0, or DANDE_EINVALID with the reason. */
int dande_ver_parse(struct dande_ver *out, const char *s);
/* Any version fits in DANDE_VER_STRMAX bytes: three 20-digit numbers,
 * the pre-release and build parts (each at most 63 bytes, longer ones
 * are refused by the parser), their separators and the NUL. */
#define DANDE_VER_STRMAX (3 * 20 + 2 + 1 + 64 + 1 + 64 + 1)
void dande_ver_format(char *out, size_t size, const struct dande_ver *v);
/* SemVer precedence: <0, 0, >0. */
int dande_ver_cmp(const struct dande_ver *a, const struct dande_ver *b);

enum dande_ver_scheme { DANDE_VER_NANO, DANDE_VER_SEMVER };

enum dande_ver_level {
	DANDE_VER_LEVEL_NANO, DANDE_VER_LEVEL_PATCH, DANDE_VER_LEVEL_MINOR,
	DANDE_VER_LEVEL_MAJOR, DANDE_VER_LEVEL_PRE
};

/* "nano", "patch", ... */
const char *dande_ver_level_name(enum dande_ver_level l);
int dande_ver_level_parse(enum dande_ver_level *out, const char *s);

/*
 * The next version.  nano: each part rolls over at `rollover` (1.0.9 ->
 * 1.1.0, 1.9.9 -> 2.0.0); a version already outside the scheme (1.0.12
 * at 10) goes to the next minor, and `note` says so.  patch/minor/major:
 * SemVer; a release level on a pre-release drops the label (1.2.0-rc.2
 * patch -> 1.2.0).  pre: a pre-release of `pre_label` (rc.1, then rc.2),
 * starting from the scheme's own next version.  `note` (may be NULL, 256
 * bytes) gets a remark or "".
 */
int dande_ver_bump(struct dande_ver *out, const struct dande_ver *cur,
		   enum dande_ver_level level, enum dande_ver_scheme scheme,
		   unsigned long rollover, const char *pre_label,
		   struct dande_buf *note);

/* ---- version files ------------------------------------------------------- */

enum dande_verfile_kind {
	DANDE_VERFILE_PLAIN,		/* VERSION: the whole content */
	DANDE_VERFILE_PYPROJECT,	/* [project] / [tool.poetry] version */
	DANDE_VERFILE_PACKAGE_JSON,	/* top-level "version" */
	DANDE_VERFILE_CARGO,		/* [package] version */
	DANDE_VERFILE_SETUP_CFG,	/* [metadata] version */
	DANDE_VERFILE_CMAKE,		/* project(... VERSION x) */
	DANDE_VERFILE_PACKAGE_LOCK,	/* package-lock.json, npm-shrinkwrap.json:
					   "version" and packages[""].version */
	DANDE_VERFILE_CARGO_LOCK,	/* Cargo.lock: the version of the
					   [[package]] named `arg` */
	DANDE_VERFILE_DEFINE,		/* #define NAME "x" */
	DANDE_VERFILE_PATTERN		/* a template with {version} */
};

/* The adapter a path calls for (by its name); DEFINE and PATTERN come
 * from configuration. */
enum dande_verfile_kind dande_verfile_kind_of(const char *path);

/* Where the version is in `data`: its offset and length, and the line.
 * `arg` is the macro name (DEFINE) or the template (PATTERN).
 * DANDE_ENOTFOUND with "path:line: ..." (or "path: no ...") when there is
 * none. */
int dande_verfile_find(const char *data, size_t len, const char *path,
		       enum dande_verfile_kind kind, const char *arg,
		       size_t *off, size_t *vlen, size_t *line);

/* The same for the `nth` place a file holds the version (0: the first;
 * a package lock holds it twice, the second when it has "packages"):
 * DANDE_ENOTFOUND (nothing recorded) when there is no such place. */
int dande_verfile_find_nth(const char *data, size_t len, const char *path,
			   enum dande_verfile_kind kind, const char *arg,
			   int nth, size_t *off, size_t *vlen, size_t *line);

#endif

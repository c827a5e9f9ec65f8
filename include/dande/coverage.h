/*
 * coverage.h: coverage measurements.  Reports in Cobertura XML, LCOV,
 * JaCoCo XML, gcov and gcovr JSON (plain or gzip'd) and Go coverprofiles,
 * detected by content, are
 * merged into one measurement: a line is counted once per (file, line),
 * its hits the maximum any report gave; branches likewise per line.
 * Paths are made relative to the repository root.
 */
#ifndef DANDE_COVERAGE_H
#define DANDE_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "dande/buf.h"

struct dande_cov;

/* The largest line number accepted (a guard against absurd input). */
#define DANDE_COV_MAX_LINE 10000000

struct dande_cov_totals {
	int64_t lines_valid, lines_covered;
	int64_t branches_valid, branches_covered;	/* 0/0: no data */
	int64_t functions_valid, functions_covered;
};

/* One file of a measurement (borrowed from it). */
struct dande_cov_file {
	const char *path;
	struct dande_cov_totals t;
};

/* What one report said of itself, for -v. */
struct dande_cov_info {
	const char *format;		/* "cobertura", "lcov", "jacoco",
					   "gcov-json", "gcovr-json",
					   "gcovr-json-summary",
					   "go-coverprofile" */
	int64_t declared_valid, declared_covered;	/* -1: none */
	int64_t files;
};

int dande_cov_new(struct dande_cov **out, const char *root);
void dande_cov_free(struct dande_cov *c);

/*
 * Read the report at `path` into `c`, merging.  Returns 0; DANDE_EINVALID
 * with "path:line: reason" for a malformed report (bad XML, a truncated
 * LCOV record, a negative or overflowing hit count, line 0) or an unknown
 * format; DANDE_ENOTFOUND / DANDE_EEXTERNAL when it cannot be read.  On
 * failure `c` may hold part of the report: discard it.
 */
int dande_cov_load(struct dande_cov *c, const char *path,
		   struct dande_cov_info *info);

/* The same over a buffer, `name` in messages (tests). */
int dande_cov_load_memory(struct dande_cov *c, const char *data, size_t len,
			  const char *name, struct dande_cov_info *info);

/*
 * Give the files of reports made elsewhere (a container's /src/..., a CI
 * runner's /home/runner/work/x/x/...) their paths in the repository: a
 * path that is a file of the repository stays; else the first of `rules`
 * ("FROM:TO": a leading part matching the glob FROM, '*' within one
 * component, becomes TO, which may be empty) that matches rewrites it;
 * else the longest tail of it that is a file of the repository is taken.
 * Files that none of this places are kept as written and pushed to
 * `unmatched` (may be NULL), but for absolute paths that exist on this
 * machine (system headers: outside the repository, not from elsewhere).  Files that land on one path merge.  Returns
 * how many were renamed; nothing without a repository root.
 */
size_t dande_cov_map_paths(struct dande_cov *c,
			   const struct dande_strvec *rules,
			   struct dande_strvec *unmatched);

/* Keep only files matching one of `include` (when any) and none of
 * `exclude` (globs over the normalised path; '*' crosses '/'). */
void dande_cov_filter(struct dande_cov *c, const struct dande_strvec *include,
		      const struct dande_strvec *exclude);

/* What -v says of a report read: its format and files, and its own
 * summary when it declares one; each line starts with `prefix`. */
void dande_cov_info_describe(struct dande_buf *out, const char *prefix,
			     const char *path,
			     const struct dande_cov_info *info);

void dande_cov_totals(const struct dande_cov *c, struct dande_cov_totals *out);

/* The files, sorted by path; `*out` is owned by `c` (valid until the next
 * change of `c`). */
size_t dande_cov_files(struct dande_cov *c, const struct dande_cov_file **out);

/* Hits of `line` in `file`: >= 0 for an executable line, -1 when the line
 * is not executable or the file is unknown. */
int64_t dande_cov_hits(const struct dande_cov *c, const char *file, int line);

/* Percentage (0..100) of covered over valid; 100 when valid is 0. */
double dande_cov_pct(int64_t covered, int64_t valid);

#endif

/*
 * coverage_int.h: what coverage.c shares with the readers in
 * coverage_read.c and the gate in covgate.c (and the unit tests).
 */
#ifndef DANDE_COVERAGE_INT_H
#define DANDE_COVERAGE_INT_H

#include <stdint.h>

#include "dande/coverage.h"

/* Record directly: the readers' interface. */
int dande_cov_add_line(struct dande_cov *c, const char *file, int line,
		       int64_t hits);
void dande_cov_add_branches(struct dande_cov *c, const char *file, int line,
			    int valid, int covered);
void dande_cov_add_function(struct dande_cov *c, const char *file,
			    const char *name, int64_t hits);

/* The path of a report's file relative to `root` (repository root):
 * '\' as '/', "./" and "//" folded, absolute paths under root made
 * relative.  `base` (may be NULL) is the directory the report names files
 * from (a Cobertura <source>). */
void dande_cov_normalise(struct dande_buf *out, const char *root,
			 const char *base, const char *path);

/* The repository root the measurement's paths are relative to. */
const char *dande_cov__root(const struct dande_cov *c);

/* A file's totals from a report that gives no lines (gcovr's JaCoCo):
 * used only while the file has no line data. */
void dande_cov__add_summary(struct dande_cov *c, const char *file,
			    int64_t valid, int64_t covered);

/* A file's branch totals without per-line data (a stored measurement). */
void dande_cov__add_summary_branches(struct dande_cov *c, const char *file,
				     int64_t valid, int64_t covered);

/* An LCOV FN line: not counted in line coverage (lcov does not), but an
 * executable line for patch coverage, with its function's hits (as
 * diff-cover reads LCOV).  dande_cov_hits() answers for it. */
void dande_cov__add_function_line(struct dande_cov *c, const char *file,
				  int line, const char *name);

/*
 * A Go coverprofile block (file:l1.c1,l2.c2 stmts hits).  A file with
 * blocks counts statements, as `go tool cover` does: its "lines" totals
 * are statements; the lines a block spans answer dande_cov_hits() with
 * the most hits of any block on them.  A block repeated (one per test
 * binary with -coverpkg) counts once: call dande_cov__merge_blocks()
 * after a report is read.
 */
int dande_cov__add_block(struct dande_cov *c, const char *file, int l1,
			 int c1, int l2, int c2, int stmts, int64_t hits);
void dande_cov__merge_blocks(struct dande_cov *c);

#endif

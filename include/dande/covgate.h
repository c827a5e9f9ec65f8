/*
 * covgate.h: coverage in the tracking database and the gate on it:
 * recording measurements, the ratchet floor, patch coverage, and the
 * reports (text, JSON, Markdown, an SVG badge).
 */
#ifndef DANDE_COVGATE_H
#define DANDE_COVGATE_H

#include <stddef.h>
#include <stdint.h>

#include "dande/buf.h"
#include "dande/coverage.h"

struct dande_db;
struct dande_provenance;

struct dande_covgate_record {
	int64_t run_id;		/* link to this run; 0: a new coverage run */
	const struct dande_provenance *prov;	/* NULL: none known */
	const char *source;
	/* a patch measurement (cov patch): its executable changed lines and
	 * how many of them ran, kept on the total row; patch_lines < 0:
	 * none */
	int64_t patch_lines, patch_covered;
};

/* Record `c` (a total row and one row per file) in one transaction.
 * `run_id` gets the run it hangs off.  DANDE_ENOTFOUND when
 * rec->run_id names no run. */
int dande_covgate_record(struct dande_db *db, struct dande_cov *c,
			 const struct dande_covgate_record *rec,
			 int64_t *run_id);

/* The ratchet floor of a branch. */
struct dande_covgate_floor {
	int known;		/* 0: no history, absolute threshold only */
	double floor;		/* percent */
	double best;		/* the best recorded figure it came from */
	char *source;		/* "branch", "merge-base abc123", "explicit" */
	char *reason;		/* for an explicit floor, else NULL */
};

void dande_covgate_floor_release(struct dande_covgate_floor *f);

/* The floor for `branch`: the best total line coverage recorded on it
 * (since the last explicit floor, if any) minus `tolerance` points, never
 * below an explicit floor; with no history on the branch, the latest
 * figure of `merge_base` (a commit id, may be NULL). */
int dande_covgate_floor(struct dande_db *db, const char *branch,
			const char *merge_base, double tolerance,
			struct dande_covgate_floor *out);

/* Lower (or set) the floor of `branch` explicitly, with a reason. */
int dande_covgate_floor_set(struct dande_db *db, const char *branch,
			    double pct, const char *reason);

/* What the gate decided. */
struct dande_covgate_result {
	struct dande_cov_totals t;
	double line_pct, branch_pct;	/* branch_pct < 0: no branch data */
	double threshold, branch_min, file_min;	/* < 0: not asked */
	int passed;
	int below_line, below_branch, below_ratchet;
	size_t files_below;		/* under file_min */
	struct dande_covgate_floor floor;	/* a copy: its strings are
						   borrowed from the floor
						   given to decide */
	int ratchet;			/* --ratchet asked */
};

/* Decide: line coverage >= threshold, branch >= branch_min (when asked
 * and there is branch data), every file >= file_min (when asked), and
 * with `ratchet`, line coverage >= the floor when one is known. */
void dande_covgate_decide(struct dande_cov *c, double threshold,
			  double branch_min, double file_min, int ratchet,
			  const struct dande_covgate_floor *floor,
			  struct dande_covgate_result *out);

/* The gate's verdict (`fmt` 0): one line that says it all, the files
 * under fileThreshold, then the files that lose the most lines; or one
 * JSON object (1), or a Markdown table for a CI job summary (2). */
void dande_covgate_format(struct dande_buf *out, struct dande_cov *c,
			  const struct dande_covgate_result *g, int fmt);

/* The per-file table, worst first, as text, JSON or Markdown
 * (fmt: 0 text, 1 json, 2 markdown). */
void dande_covgate_report(struct dande_buf *out, struct dande_cov *c,
			  int fmt);

/* A shields-style SVG badge for `pct`, coloured as the gate at
 * `threshold` judges it: red under it, yellow within 5 points above it,
 * green above. */
void dande_covgate_badge(struct dande_buf *out, double pct, double threshold);

/* The last measurement recorded (on `branch`, NULL: anywhere) into `c`,
 * as per-file totals.  DANDE_ENOTFOUND when there is none. */
int dande_covgate_load_last(struct dande_db *db, const char *branch,
			    struct dande_cov *c);

/* The trend of a branch (NULL: every branch), newest last. */
int dande_covgate_history(struct dande_db *db, const char *branch,
			  struct dande_buf *out, int json, size_t *count);

/* "1234567" -> "1,234,567" */
void dande_covgate_thousands(struct dande_buf *out, int64_t v);

/* ---- patch coverage ------------------------------------------------------------ */

struct dande_patch;

/* Read a unified diff (git diff, diff -u): the added lines of each new
 * file, renames followed, deleted files dropped.  `root` and paths as in
 * dande_cov_normalise().  DANDE_EINVALID for a malformed hunk. */
int dande_patch_parse(struct dande_patch **out, const char *diff, size_t len,
		      const char *name);
void dande_patch_free(struct dande_patch *p);
/* How many lines the diff adds, in all. */
size_t dande_patch_lines(const struct dande_patch *p);

struct dande_patch_result {
	int64_t changed_lines, changed_covered;	/* executable changed */
	double patch_pct;			/* 100 when none changed */
	struct dande_strvec uncovered;		/* "file:start-end" */
	struct dande_strvec files;		/* "file\tcovered\tchanged" */
};

/* Intersect the added lines with the executable lines of `c`. */
void dande_patch_cover(const struct dande_patch *p, const struct dande_cov *c,
		       struct dande_patch_result *out);
void dande_patch_result_release(struct dande_patch_result *r);

/* Render: text (one line, then a line per file with its uncovered
 * ranges), or JSON (the gate's keys plus changed_lines, changed_covered,
 * patch_pct, uncovered). */
void dande_patch_format(struct dande_buf *out,
			const struct dande_patch_result *r,
			const struct dande_covgate_result *g, double min,
			int passed, int json, const char *base);

#endif

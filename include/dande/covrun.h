/*
 * covrun.h: what `dande cov` does with its reports, as one object: read
 * the reports an argument list names (globs too), filtered by the
 * configuration's and the caller's globs; the base a change is measured
 * against; the gate (thresholds, ratchet floor) and patch coverage, each
 * recorded in the tracking database.
 */
#ifndef DANDE_COVRUN_H
#define DANDE_COVRUN_H

#include <stddef.h>
#include <stdint.h>

#include "dande/buf.h"
#include "dande/coverage.h"
#include "dande/covgate.h"
#include "dande/git.h"

struct dande_config;
struct dande_db;
struct dande_provenance;
struct dande_repo;

struct dande_covrun {
	/* the caller's */
	const char *root;			/* the repository root */
	struct dande_repo *repo;		/* NULL: none */
	const struct dande_config *cfg;
	const struct dande_provenance *prov;	/* of the records */
	const char *base;	/* NULL: coverage.base, else origin/main,
				   main, master */
	const struct dande_strvec *include;	/* beyond coverage.include */
	const struct dande_strvec *exclude;	/* beyond coverage.exclude */
	int64_t run_id;		/* attach to this run; 0: a run of its own */
	const char *source;	/* the records' source (the first report) */
	/* each report read (for -v) */
	void (*on_report)(void *payload, const char *path,
			  const struct dande_cov_info *info);
	void *payload;

	/* filled */
	struct dande_cov *cov;
	/* files of the reports that are not in the repository, even after
	 * coverage.paths and stripping leading directories: as written */
	struct dande_strvec unmatched;
	size_t report_files;	/* the reports' files, before any filter */
	struct dande_covgate_floor floor;
	char base_commit[DANDE_OID_BUFSZ];	/* "" when none */
};

#define DANDE_COVRUN_INIT { 0 }

/* Read every report `args` names (files, directories, globs) into
 * r->cov, paths placed in the repository (dande_cov_map_paths with
 * coverage.paths; what matches nothing into r->unmatched), filtered:
 * DANDE_EUSAGE when a glob matches nothing or coverage.paths is
 * malformed, DANDE_EINVALID for a malformed report (nothing recorded). */
int dande_covrun_load(struct dande_covrun *r, const char *const *args,
		      size_t nargs);

/* Place the files of `cov` in the repository with the rules of
 * coverage.paths (dande_cov_map_paths; `unmatched` may be NULL);
 * DANDE_EUSAGE for a rule that is not FROM:TO. */
int dande_covrun_map_paths(struct dande_cov *cov,
			   const struct dande_config *cfg,
			   struct dande_strvec *unmatched);

/* coverage.include and coverage.exclude appended to `include` and
 * `exclude` (the lists dande_cov_filter takes). */
int dande_covrun_filters(const struct dande_config *cfg,
			 struct dande_strvec *include,
			 struct dande_strvec *exclude);

/* The last recorded measurement into r->cov instead. */
int dande_covrun_load_last(struct dande_covrun *r, struct dande_db *db);

/* The base ref (into r->base_commit, its merge-base with HEAD), or NULL
 * when none can be found. */
const char *dande_covrun_base(struct dande_covrun *r);

/* The gate's thresholds (percent; < 0: not asked). */
struct dande_covrun_limits {
	double line, branch, file, tolerance;
	double patch;		/* coverage.patchThreshold, else line */
	int ratchet;
};

/* Fill what `lim` leaves unset (< 0) from the configuration: the
 * threshold (coverage.threshold, 85), branch and file thresholds (none),
 * the tolerance (coverage.tolerance, 0.1), the patch threshold
 * (coverage.patchThreshold, else the threshold).  DANDE_EUSAGE for a malformed
 * value. */
int dande_covrun_limits(struct dande_covrun_limits *lim,
			const struct dande_config *cfg);

/* `dande cov floor set PCT` or `floor show` (`args`): the floor of HEAD's
 * branch as one line into `out`, or lowered to PCT with `reason`.
 * DANDE_EUSAGE for other arguments, a bad PCT or no reason. */
int dande_covrun_floor(struct dande_covrun *r, struct dande_db *db,
		       const char *const *args, size_t nargs, double tolerance,
		       const char *reason, struct dande_buf *out);

/* The floor of HEAD's branch as one line into `out`; or lower it to
 * `pct` (text, a percentage) with a reason (DANDE_EUSAGE without one). */
int dande_covrun_floor_show(struct dande_covrun *r, struct dande_db *db,
			    double tolerance, struct dande_buf *out);
int dande_covrun_floor_set(struct dande_covrun *r, struct dande_db *db,
			   const char *pct, const char *reason,
			   struct dande_buf *out);

/* The SVG badge of r->cov's line coverage (coloured against
 * `threshold`) into `svg`, and written atomically to `path` unless NULL;
 * `pct` gets the figure. */
int dande_covrun_badge(struct dande_covrun *r, const char *path,
		       double threshold, struct dande_buf *svg, double *pct);

/* Decide against the history (the ratchet's floor, before this
 * measurement joins it), then record.  The verdict is g->passed. */
int dande_covrun_gate(struct dande_covrun *r, struct dande_db *db,
		      const struct dande_covrun_limits *lim,
		      struct dande_covgate_result *g);

/* Record without a verdict (dande cov ingest). */
int dande_covrun_record(struct dande_covrun *r, struct dande_db *db);

/*
 * Patch coverage of the change since the base (or of the unified diff in
 * `diff_file`), gated at `min`, recorded.  `desc` gets what was compared
 * ("origin/main (merge-base abc123)" or the file); `text` the report
 * (JSON with `json`).  DANDE_EEXTERNAL without a repository or a base.
 */
int dande_covrun_patch(struct dande_covrun *r, struct dande_db *db,
		       const char *diff_file, double min, double total_min,
		       int json, struct dande_buf *text, int *passed);

void dande_covrun_release(struct dande_covrun *r);

/* The warning for files of the reports that are not in the repository:
 * they count, but no history, floor or changed line will find them (the
 * first five named, escaped). */
void dande_covrun_format_unmatched(struct dande_buf *out, const char *prog,
				   const struct dande_strvec *files);

#endif

/*
 * report.h: the tracking database seen as one page (dande report html):
 * quality per version with its change against the previous one, trends
 * over the last runs, failures with their age, flaky and slow tests,
 * coverage by file, TODO debt.  Aggregated in SQL, drawn as SVG by dande,
 * written as a single self-contained HTML file (no request to any
 * network when it is opened; readable with JavaScript off).
 */
#ifndef DANDE_REPORT_H
#define DANDE_REPORT_H

#include <stdint.h>

#include "dande/buf.h"

struct dande_db;
struct dande_changelog;

struct dande_report_opts {
	int runs;		/* the trends' window (0: 50) */
	double threshold;	/* coverage.threshold, drawn on the chart */
	double floor;		/* the ratchet's floor, < 0: none */
	const char *project;	/* the page's title */
	const char *since;	/* the oldest version shown (NULL: all) */
	/* the project's changelog: each version's section beside it (NULL:
	 * none) */
	const struct dande_changelog *changelog;
	const char *generated_at;	/* RFC 3339, shown at the bottom */
};

/* What the page holds, for the tool's summary line. */
struct dande_report_stats {
	size_t versions, runs, failures, flaky, files, todos;
};

/* The page into `out`.  A database with no runs gives a page that says
 * what to run to fill it. */
int dande_report_html(struct dande_db *db, const struct dande_report_opts *o,
		      struct dande_buf *out, struct dande_report_stats *st);

/*
 * What changed from `from` to `to` (each a version, its tag, a run id
 * "#42", "last" or "previous"): tests added, removed, newly failing,
 * fixed, newly flaky; duration and its 10 largest changes by test;
 * coverage in total and by file, the largest drops first; TODOs added
 * and resolved; the changelog sections in between.  `fmt`: 0 text, 1
 * JSON (keys from, to, from_run, to_run, tests_added, tests_removed,
 * new_failures, fixed, newly_flaky, todos_added, todos_resolved,
 * duration_s_from, duration_s_to, durations, line_pct_from, line_pct_to,
 * files, changelog), 2 Markdown.  `dropped`: coverage dropped or a test
 * newly fails.  DANDE_EUSAGE when a side names no run.  Text and
 * Markdown list the files whose coverage changed; JSON every file.
 */
int dande_report_compare(struct dande_db *db, const char *from,
			 const char *to, const struct dande_changelog *cl,
			 int fmt, struct dande_buf *out, int *dropped);

/*
 * The quality line of a release (`[changelog] quality = true`): "Quality:
 * 412 tests (+12), all passing; coverage 87.3% (+0.4); none flaky." from
 * the last junit run of `version` (none recorded: the last junit run),
 * its version's last coverage total, the change against the version
 * before.  Nothing (an empty `out`) when no run is recorded.
 */
int dande_report_quality(struct dande_db *db, const char *version,
			 struct dande_buf *out);

/* A trend for a CI summary: the last n runs' pass rates or coverage
 * totals, oldest first (NaN: no figure). */
#define DANDE_REPORT_TREND_MAX 50
enum dande_report_series { DANDE_REPORT_PASS_RATE, DANDE_REPORT_COVERAGE };
struct dande_report_trend {
	size_t n;
	int64_t run[DANDE_REPORT_TREND_MAX];
	double v[DANDE_REPORT_TREND_MAX];
};
int dande_report_trend(struct dande_db *db, enum dande_report_series what,
		       size_t n, struct dande_report_trend *out);

/* `t` as a Mermaid xychart-beta block (a line, and a flat line at `ref`
 * named `ref_name` unless ref is NaN) with a caption; nothing for fewer
 * than two points. */
void dande_report_mermaid(struct dande_buf *out, const char *title,
			  const struct dande_report_trend *t, double ref,
			  const char *ref_name);

/* Text for HTML (element content and attribute values): & < > " '
 * escaped, control characters shown as U+FFFD. */
void dande_report_escape(struct dande_buf *out, const char *s);

/* A line chart of `n` values (NaN: no value) as inline SVG: `title`, the
 * unit after each figure (e.g. "%"), horizontal reference lines at
 * `ref[0..nref)` labelled `ref_names`. */
void dande_report_svg_line(struct dande_buf *out, const char *title,
			   const double *v, size_t n, const char *unit,
			   const double *ref, const char *const *ref_names,
			   size_t nref);

/* A sparkline of `n` values (NaN: none), 120x20. */
void dande_report_svg_spark(struct dande_buf *out, const double *v, size_t n);

/* One mark per run: 'p' passed, 's' skipped, 'k' flaky, 'f' failed,
 * 'e' error, '.' not run; `marks` is a string. */
void dande_report_svg_strip(struct dande_buf *out, const char *marks);

/* An icicle of the source tree: one row per path component (5 at most,
 * the last holding the rest), each directory or file as wide as its
 * share of the lines, coloured by its coverage against `threshold` (dark
 * under it, amber within 5 points, light above).  `paths` sorted, with
 * their `valid` and `covered` lines.  The directories' figures go into
 * `table` as rows (directory, lines, %) unless NULL. */
void dande_report_svg_icicle(struct dande_buf *out, struct dande_buf *table,
			     const char *const *paths, const int64_t *valid,
			     const int64_t *covered, size_t n,
			     double threshold);

/* Stacked bars of shares (each column's `k` parts of `parts[i*k..]`,
 * summing to 1 or less), with a legend of `names`. */
void dande_report_svg_stack(struct dande_buf *out, const char *title,
			    const double *parts, size_t n, size_t k,
			    const char *const *names);

#endif

/*
 * results.h: test results in the tracking database: ingesting JUnit
 * reports as one run, and the questions asked of them (what failed, is it
 * new, what got fixed, what is slow, is it flaky, how is the pyramid).
 */
#ifndef DANDE_RESULTS_H
#define DANDE_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "dande/dande.h"

#include "dande/buf.h"
#include "dande/junit.h"

struct dande_db;
struct dande_provenance;

struct dande_results_opts {
	const char *layer;		/* the whole run's layer, or NULL */
	const struct dande_strvec *layer_rules;	/* "layer\tglob" */
	size_t output_cap;		/* system-out/-err bytes kept */
	const char *started_at;		/* RFC 3339; NULL: now */
	double wall_s;			/* < 0: unknown */
	const struct dande_provenance *prov;	/* NULL: none known */
	double min_unit_share, max_e2e_share;	/* fractions, 0..1 */
	/* called after each file with what it said of itself */
	void (*on_file)(void *payload, const char *path,
			const struct dande_junit_info *info);
	/* may be NULL: as it goes, the bytes read of all the files (of
	 * `total`) and the cases so far */
	void (*on_progress)(void *payload, uint64_t bytes, uint64_t total,
			    uint64_t cases);
	void *payload;
};

/* What .dande.conf says of an ingest: layer rules ([layer "NAME"]
 * pattern, into `rules`, which `o` then points to), junit.outputCap and
 * the pyramid's shares.  DANDE_EUSAGE for a bad value. */
struct dande_config;
int dande_results_opts_config(struct dande_results_opts *o,
			      const struct dande_config *cfg,
			      struct dande_strvec *rules);

/*
 * Ingest `files` as one run, in one transaction: the run, its properties,
 * one row per case, the failure fingerprints (errors), resolutions and
 * the pyramid.  `run_id` gets the new run's id.  On any error nothing is
 * written: DANDE_EINVALID (a malformed or non-JUnit file; the message has
 * file:line:col), DANDE_ENOTFOUND / DANDE_EEXTERNAL (unreadable file),
 * DANDE_EBUSY (locked database).
 */
int dande_results_ingest(struct dande_db *db, const char *const *files,
			 size_t nfiles, const struct dande_results_opts *o,
			 int64_t *run_id);

/*
 * dande_results_ingest() into the database at `db_path`, opened (created
 * when missing) into `out`.  On failure `*out` is NULL and a database
 * this call created is removed again, with the directory it made for it:
 * bad input leaves no trace.
 */
int dande_results_ingest_path(struct dande_db **out, const char *db_path,
			      int busy_ms, const char *const *files,
			      size_t nfiles, const struct dande_results_opts *o,
			      int64_t *run_id);

/* An environment that failed (dande env test): not a test failure. */
struct dande_results_infra {
	const char *environment;	/* the env's name */
	const char *service;		/* NULL: the environment as a whole */
	const char *type;		/* "unhealthy", "timeout", "exited",
					   "compose", "init", "interrupted" */
	const char *message;
	const struct dande_provenance *prov;	/* NULL: none known */
	double duration_s;		/* < 0: unknown */
};

/*
 * Record `x` in one transaction: a run of kind 'env' with one error, and
 * the errors row of kind 'infra' (suite "env", classname the environment,
 * name the service), fingerprinted so the same breakage adds up.
 */
int dande_results_record_infra(struct dande_db *db,
			       const struct dande_results_infra *x,
			       int64_t *run_id);

/* The layer of a case under `rules` ("layer\tglob", matched against the
 * file, the classname and the suite): "unit", "integration", "e2e" or
 * "unknown". */
const char *dande_results_layer(const struct dande_strvec *rules,
				const char *file, const char *classname,
				const char *suite);

/* The fingerprint of a failure: 16 hex digits over the test's identity,
 * the kind, the type and the message with numbers, addresses and paths
 * normalised, so the same failure on another run or machine matches. */
void dande_results_fingerprint(char out[17], const char *suite,
			       const char *classname, const char *name,
			       const char *kind, const char *type,
			       const char *message);

struct dande_results_item {
	char *identity;		/* "classname::name" */
	char *status;
	char *message;		/* the whole failure text, as recorded */
	char *summary;		/* what to show of it: dande_results_summary */
	char *file;
	int line;
	double duration_s;	/* < 0: unknown */
};

struct dande_results_list {
	struct dande_results_item *v;
	size_t nr, alloc;
	size_t limit;	/* keep at most this many (0: all) */
	int64_t total;	/* how many there were */
};

struct dande_results_layer_stat {
	int64_t tests;
	double duration_s;
};

struct dande_results_report {
	int64_t run_id, prev_run_id;	/* prev: 0 when none */
	char *started_at, *commit, *branch, *version;	/* NULL: unknown */
	int64_t tests, passed, failed, errors, skipped, flaky;
	double duration_s;		/* the run's, else the cases' sum */
	struct dande_results_list failures, slowest;
	struct dande_results_list new_failures, fixed, disappeared;
	struct dande_results_layer_stat layers[4];	/* unit, integ., e2e, ? */
	double unit_share, e2e_share;	/* < 0: no layered tests */
	double min_unit_share, max_e2e_share;
	int healthy;
};

/* The report of run `run_id` (0: the last junit run), each list of tests
 * (failures, new failures, fixed, disappeared) holding at most `limit`
 * (0: all; `total` says how many there were); DANDE_RESULTS_COUNTS: the
 * run's figures, its pyramid and whether a failure is new
 * (new_failures.total 1 or 0), no lists.
 * DANDE_ENOTFOUND when there is no such run. */
#define DANDE_RESULTS_DEFAULT_LIMIT DANDE_DEFAULT_LIMIT
#define DANDE_RESULTS_COUNTS ((size_t)-1)
int dande_results_report(struct dande_db *db, int64_t run_id, size_t limit,
			 struct dande_results_report *out);
void dande_results_report_release(struct dande_results_report *r);

/* When an ingest fails (junit.failOn): a test failed or errored, a new
 * one did, or never. */
enum dande_results_fail_on {
	DANDE_RESULTS_FAIL_ANY,
	DANDE_RESULTS_FAIL_NEW,
	DANDE_RESULTS_FAIL_NONE
};

/* junit.failOn from `cfg`: DANDE_EUSAGE for a value that is not any,
 * new or none. */
int dande_results_fail_on(const struct dande_config *cfg,
			  enum dande_results_fail_on *out);

/* Whether `r` fails under `when`. */
int dande_results_failed(const struct dande_results_report *r,
			 enum dande_results_fail_on when);

enum dande_results_format {
	DANDE_RESULTS_TEXT,
	DANDE_RESULTS_JSON,
	DANDE_RESULTS_MARKDOWN
};

/* How many tests of each kind a report in `fmt` lists: `asked` (>= 0,
 * --limit), else every one in JSON, none (the counts only) in quiet
 * text, DANDE_RESULTS_DEFAULT_LIMIT otherwise. */
size_t dande_results_limit(enum dande_results_format fmt, int quiet,
			   long asked);

/* Render a report: text for a terminal (`color` adds ANSI colours),
 * JSON (keys: run_id, tests, passed, failed, errors, skipped, flaky,
 * duration_s, new_failures, fixed, disappeared, failures, slowest,
 * pyramid, commit, branch), or Markdown for a CI job summary. */
void dande_results_format(struct dande_buf *out,
			  const struct dande_results_report *r,
			  enum dande_results_format fmt, int color);

/* The pyramid alone, as text or JSON. */
void dande_results_format_pyramid(struct dande_buf *out,
				  const struct dande_results_report *r,
				  int json);

/* Flaky tests within the last `window` runs: their outcome differed at
 * one commit, or they passed after reruns.  Rendered into `out`. */
int dande_results_flaky(struct dande_db *db, int window,
			struct dande_buf *out, int json, size_t *count);

/* One test's outcomes and durations across runs (`test` is a name or
 * "classname::name"), rendered into `out`. */
int dande_results_history(struct dande_db *db, const char *test,
			  struct dande_buf *out, int json, size_t *count);

/*
 * What to show of a failure's text (`message`: its message attribute and
 * body, as recorded) into `out`: its first meaningful line (runner
 * boilerplate such as gotestsum's "Failed", "=== RUN" and "--- FAIL:"
 * lines is skipped) with the indented lines that continue it, at most 3,
 * each cut at 200 bytes; then "at FILE:LINE", the first source location
 * the text names, unless those lines show it already.  Lines end in '\n';
 * nothing for an empty text.
 */
void dande_results_summary(struct dande_buf *out, const char *message);

#endif

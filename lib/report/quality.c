/*
 * quality.c: the record in one line and in one chart, for the places
 * people read that are not the report: the quality line a release's
 * changelog section carries (`[changelog] quality = true`), and the trend
 * a CI step summary draws (a Mermaid `xychart-beta` block in every
 * `--format markdown` output; GitHub and GitLab render it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/db.h"
#include "dande/error.h"
#include "dande/report.h"
#include "report/report_int.h"
#include "store/sql_int.h"
#include "util/banned.h"

/* ---- one row of numbers --------------------------------------------------- */

#define NUMS 8

struct nums {
	int found;
	double v[NUMS];		/* NaN: NULL */
};

static double value(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_INTEGER ? (double)v->i :
		v->type == DANDE_DB_REAL ? v->d : NAN;
}

static int first_row(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct nums *x = payload;
	size_t i;

	(void)names;
	if (!v || x->found)
		return 0;
	x->found = 1;
	for (i = 0; i < NUMS; i++)
		x->v[i] = i < ncols ? value(&v[i]) : NAN;
	return 0;
}

/* ---- the quality line ----------------------------------------------------- */

/* The run a release stands on: the last junit run of the version (?1),
 * else the last junit run; and the last junit run of the version before
 * it.  Coverage: the last total among each one's version's runs (the
 * report's own figure). */
#define COVERAGE_OF_RUN DANDE_REPORT_VERSION_COVERAGE("c.lines_covered", \
	"c.lines_valid", "r.version")

static const char sql_release_run[] =
	"SELECT id, tests, failed + errors, skipped, flaky, " COVERAGE_OF_RUN
	" FROM test_runs r WHERE kind = 'junit' AND (version = ?1 OR NOT "
	"EXISTS (SELECT 1 FROM test_runs x WHERE x.kind = 'junit' AND "
	"x.version = ?1)) ORDER BY id DESC LIMIT 1";

static const char sql_previous_run[] =
	"SELECT id, tests, failed + errors, skipped, flaky, " COVERAGE_OF_RUN
	" FROM test_runs r WHERE kind = 'junit' AND id < ?1 AND version IS "
	"NOT NULL AND version IS DISTINCT FROM (SELECT version FROM test_runs "
	"WHERE id = ?1) ORDER BY id DESC LIMIT 1";

enum { Q_ID, Q_TESTS, Q_BAD, Q_SKIPPED, Q_FLAKY, Q_LINE };

static void signed_delta(struct dande_buf *out, double d, int decimals)
{
	if (isnan(d))
		return;
	dande_buf_addf(out, " (%s%.*f)", d >= 0 ? "+" : "-", decimals,
		       fabs(d));
}

int dande_report_quality(struct dande_db *db, const char *version,
			 struct dande_buf *out)
{
	struct dande_db_value p[1];
	struct nums now, before;
	double bad, flaky;
	int r;

	memset(&now, 0, sizeof(now));
	memset(&before, 0, sizeof(before));
	p[0] = dande_db_text(version);
	if ((r = dande_db_select(db, sql_release_run, p, 1, first_row,
				 &now)) < 0)
		return r;
	if (!now.found)
		return 0;
	p[0] = dande_db_int((int64_t)now.v[Q_ID]);
	if ((r = dande_db_select(db, sql_previous_run, p, 1, first_row,
				 &before)) < 0)
		return r;
	if (!before.found)
		for (r = 0; r < NUMS; r++)
			before.v[r] = NAN;
	dande_buf_addf(out, "Quality: %.0f test%s", now.v[Q_TESTS],
		       now.v[Q_TESTS] == 1 ? "" : "s");
	signed_delta(out, now.v[Q_TESTS] - before.v[Q_TESTS], 0);
	bad = now.v[Q_BAD];
	if (bad > 0)
		dande_buf_addf(out, ", %.0f failing", bad);
	else
		dande_buf_adds(out, ", all passing");
	if (now.v[Q_SKIPPED] > 0)
		dande_buf_addf(out, ", %.0f skipped", now.v[Q_SKIPPED]);
	if (!isnan(now.v[Q_LINE])) {
		dande_buf_addf(out, "; coverage %.1f%%", now.v[Q_LINE]);
		signed_delta(out, now.v[Q_LINE] - before.v[Q_LINE], 1);
	}
	flaky = now.v[Q_FLAKY];
	if (flaky > 0)
		dande_buf_addf(out, "; %.0f flaky.", flaky);
	else
		dande_buf_adds(out, "; none flaky.");
	return 0;
}

/* ---- trends --------------------------------------------------------------- */

/* The last ?1 junit runs' pass rates (passed of those that ran), and the
 * last ?1 coverage totals, each oldest first. */
static const char sql_pass_trend[] =
	"SELECT id, CASE WHEN tests - skipped > 0 THEN 100.0 * passed / "
	"(tests - skipped) END FROM (SELECT id, tests, skipped, passed FROM "
	"test_runs WHERE kind = 'junit' ORDER BY id DESC LIMIT ?1) AS w "
	"ORDER BY id";

static const char sql_cov_trend[] =
	"SELECT run_id, 100.0 * lines_covered / lines_valid FROM (SELECT id, "
	"run_id, lines_covered, lines_valid FROM test_coverage WHERE file IS "
	"NULL AND lines_valid > 0 ORDER BY id DESC LIMIT ?1) AS w ORDER BY id";

static int add_point(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct dande_report_trend *t = payload;

	(void)names;
	if (!v || ncols < 2 || t->n >= DANDE_REPORT_TREND_MAX)
		return 0;
	t->run[t->n] = (int64_t)value(&v[0]);
	t->v[t->n] = value(&v[1]);
	t->n++;
	return 0;
}

int dande_report_trend(struct dande_db *db, enum dande_report_series what,
		       size_t n, struct dande_report_trend *out)
{
	struct dande_db_value p[1];

	memset(out, 0, sizeof(*out));
	if (n > DANDE_REPORT_TREND_MAX)
		n = DANDE_REPORT_TREND_MAX;
	p[0] = dande_db_int((int64_t)n);
	return dande_db_select(db, what == DANDE_REPORT_PASS_RATE ?
			       sql_pass_trend : sql_cov_trend, p, 1, add_point,
			       out);
}

/* ---- Mermaid ------------------------------------------------------------------ */

void dande_report_mermaid(struct dande_buf *out, const char *title,
			  const struct dande_report_trend *t, double ref,
			  const char *ref_name)
{
	double lo = 100;
	size_t i, k = 0;

	for (i = 0; i < t->n; i++)
		if (!isnan(t->v[i])) {
			lo = t->v[i] < lo ? t->v[i] : lo;
			k++;
		}
	/* one point draws no trend */
	if (k < 2)
		return;
	if (!isnan(ref) && ref < lo)
		lo = ref;
	lo = floor(lo / 10) * 10;
	if (lo > 90)
		lo = 90;
	dande_buf_addf(out, "\n```mermaid\nxychart-beta\n    title \"%s\"\n"
		       "    x-axis [", title);
	for (i = k = 0; i < t->n; i++)
		if (!isnan(t->v[i]))
			dande_buf_addf(out, "%s\"#%lld\"", k++ ? ", " : "",
				       (long long)t->run[i]);
	dande_buf_addf(out, "]\n    y-axis \"%%\" %.0f --> 100\n    line [",
		       lo);
	for (i = k = 0; i < t->n; i++)
		if (!isnan(t->v[i]))
			dande_buf_addf(out, "%s%.1f", k++ ? ", " : "", t->v[i]);
	dande_buf_adds(out, "]\n");
	if (!isnan(ref)) {
		dande_buf_adds(out, "    line [");
		for (i = k = 0; i < t->n; i++)
			if (!isnan(t->v[i]))
				dande_buf_addf(out, "%s%.1f", k++ ? ", " : "",
					       ref);
		dande_buf_adds(out, "]\n");
	}
	dande_buf_addf(out, "```\n\n_%s, run by run, oldest first%s%s._\n",
		       title, isnan(ref) ? "" : "; the flat line: ",
		       isnan(ref) ? "" : ref_name);
}

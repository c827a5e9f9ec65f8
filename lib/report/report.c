/*
 * report.c: `dande report html`, the tracking database as one page.
 *
 * Every figure is aggregated in SQL (a version's figures are its last
 * junit run's row and its last coverage total; trends read one row per
 * run; the failures are the open error fingerprints; flaky tests are
 * counted over the window's results, grouped by test), so the page stays
 * small and quick however long the history: no query returns a row per
 * test per run except for the few tests the page draws a strip or a
 * sparkline for.  The page is one file: CSS inline, charts as SVG from
 * svg.c, a few lines of script that sort a table when its header is
 * clicked (without script the tables read in their first order).  Text
 * from the database (test names, messages, paths) is escaped, control
 * characters included.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/changelog.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/report.h"
#include "dande/todos.h"
#include "report/report_int.h"
#include "store/blocks_int.h"
#include "store/sql_int.h"
#include "util/banned.h"

/* ---- reading rows -------------------------------------------------------- */

static char *vstr(const struct dande_db_value *v)
{
	if (v->type == DANDE_DB_NULL)
		return NULL;
	if (v->type == DANDE_DB_TEXT || v->type == DANDE_DB_BLOB)
		return dande_xstrndup(v->s ? v->s : "", v->len);
	{
		char b[64];

		if (v->type == DANDE_DB_INTEGER)
			snprintf(b, sizeof(b), "%lld", (long long)v->i);
		else
			snprintf(b, sizeof(b), "%g", v->d);
		return dande_xstrdup(b);
	}
}

/* A table of rows of strings, each row `ncols` wide (NULL: SQL NULL). */
struct rows {
	char **v;
	size_t n, ncols, alloc;
};

static int add_row(void *payload, size_t ncols, const char *const *names,
		   const struct dande_db_value *values)
{
	struct rows *t = payload;
	size_t i;

	(void)names;
	if (!values)		/* the call that gives the column names */
		return 0;
	/* a row of ncols values an element */
	t->v = dande_xgrow(t->v, t->n, &t->alloc, ncols * sizeof(*t->v), 16);
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		t->v[t->n * ncols + i] = vstr(&values[i]);
	t->n++;
	return 0;
}

static void rows_release(struct rows *t)
{
	size_t i;

	for (i = 0; i < t->n * t->ncols; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static const char *cell(const struct rows *t, size_t r, size_t c)
{
	return t->v[r * t->ncols + c];
}

static double num(const struct rows *t, size_t r, size_t c)
{
	const char *s = cell(t, r, c);

	return s ? strtod(s, NULL) : NAN;
}

static int query(struct dande_db *db, const char *sql,
		 const struct dande_db_value *p, size_t np, struct rows *out)
{
	memset(out, 0, sizeof(*out));
	return dande_db_select(db, sql, p, np, add_row, out);
}

/* ---- the queries ---------------------------------------------------------- */

/* Each version's last junit run, newest first, with the last coverage
 * total and patch coverage (cov patch) of the version's runs (found
 * through the runs' version index and each run's coverage rows, not a
 * scan of the coverage per version), and the TODOs open at the version's
 * end (when a run of another version came after it; the newest: now). */
#define VERSION_COVERAGE(what, valid) \
	DANDE_REPORT_VERSION_COVERAGE(what, valid, "r.version")
static const char sql_versions[] =
	"SELECT r.version, r.id, r.started_at, r.tests, r.passed, r.failed, "
	"r.errors, r.skipped, r.flaky, r.duration_s, "
	VERSION_COVERAGE("c.lines_covered", "c.lines_valid") ", "
	VERSION_COVERAGE("c.branches_covered", "c.branches_valid") ", "
	"(SELECT p.unit_share FROM test_pyramid p WHERE p.run_id = r.id), "
	"(SELECT p.e2e_share FROM test_pyramid p WHERE p.run_id = r.id), "
	VERSION_COVERAGE("c.patch_covered", "c.patch_lines") ", "
	"(SELECT COUNT(*) FROM todos t, (SELECT COALESCE(MIN(n.started_at), "
	"'9999') AS e FROM test_runs n WHERE n.id > r.id AND n.version IS "
	"DISTINCT FROM r.version) AS x WHERE t.first_seen_at < x.e AND "
	"(t.resolved_at IS NULL OR t.resolved_at > x.e)) "
	"FROM test_runs r WHERE r.kind = 'junit' AND r.version IS NOT NULL "
	"AND r.id = (SELECT MAX(x.id) FROM test_runs x WHERE x.kind = 'junit' "
	"AND x.version = r.version) ORDER BY r.id DESC";
enum { V_VERSION, V_RUN, V_AT, V_TESTS, V_PASSED, V_FAILED, V_ERRORS,
       V_SKIPPED, V_FLAKY, V_DURATION, V_LINE, V_BRANCH, V_UNIT, V_E2E,
       V_PATCH, V_TODOS };

/* The last `?1` junit runs, oldest first. */
static const char sql_runs[] =
	"SELECT id, started_at, version, tests, passed, failed + errors, "
	"skipped, flaky, duration_s, "
	"(SELECT p.unit_share FROM test_pyramid p WHERE p.run_id = r.id), "
	"(SELECT p.e2e_share FROM test_pyramid p WHERE p.run_id = r.id) "
	"FROM test_runs r WHERE kind = 'junit' AND id >= COALESCE((SELECT "
	"MIN(id) FROM (SELECT id FROM test_runs WHERE kind = 'junit' ORDER BY "
	"id DESC LIMIT ?1) AS w), 0) ORDER BY id";
enum { R_ID, R_AT, R_VERSION, R_TESTS, R_PASSED, R_BAD, R_SKIPPED, R_FLAKY,
       R_DURATION, R_UNIT, R_E2E };

/* The last `?1` coverage totals, oldest first. */
static const char sql_cov_trend[] =
	"SELECT id, 100.0 * lines_covered / lines_valid, CASE WHEN "
	"branches_valid > 0 THEN 100.0 * branches_covered / branches_valid "
	"END FROM test_coverage WHERE file IS NULL AND lines_valid > 0 AND id "
	">= COALESCE((SELECT MIN(id) FROM (SELECT id FROM test_coverage WHERE "
	"file IS NULL ORDER BY id DESC LIMIT ?1) AS w), 0) ORDER BY id";

/* The open error fingerprints: the failures now, with their age. */
static const char sql_failures[] =
	"SELECT e.classname, e.name, e.kind, e.type, e.message, e.occurrences, "
	"e.first_seen_at, e.first_commit, r.version, e.last_run_id, "
	"e.first_run_id FROM errors e LEFT JOIN test_runs r ON r.id = "
	"e.first_run_id WHERE e.resolved_at IS NULL ORDER BY e.last_run_id "
	"DESC, e.occurrences DESC, e.id LIMIT 100";

/* Flaky tests in the window: passed after reruns, or went between
 * passing and failing at least twice (a test fixed once is not flaky),
 * the most changes first.  Only tests that failed or flaked in the
 * window can be (found through test_results_noteworthy), so only their
 * results are read: a probe of the key (run_id, test_id), and of the
 * blocks' (run_id, base), for each run of the window. */
static const char sql_flaky[] =
	"WITH noted AS (SELECT DISTINCT n.test_id FROM test_results n WHERE "
	"n.run_id >= ?1 AND n.status >= 2) "
	"SELECT t.test_id, c.classname, c.name, SUM(t.k), SUM(t.bad), "
	"SUM(t.flip), COUNT(*) FROM (SELECT x.test_id, CASE WHEN x.status = 2 "
	"THEN 1 ELSE 0 END AS k, CASE WHEN x.status >= 3 THEN 1 ELSE 0 END AS "
	"bad, CASE WHEN (CASE WHEN x.status >= 3 THEN 1 ELSE 0 END) <> (CASE "
	"WHEN COALESCE(LAG(x.status) OVER (PARTITION BY x.test_id ORDER BY "
	"x.run_id), x.status) >= 3 THEN 1 ELSE 0 END) THEN 1 ELSE 0 END AS flip "
	"FROM (SELECT y.test_id, y.run_id, y.status FROM noted CROSS JOIN "
	"test_runs runs CROSS JOIN test_results y WHERE runs.id >= ?1 AND "
	"y.run_id = runs.id AND y.test_id = noted.test_id UNION ALL "
	"SELECT noted.test_id, b.run_id, " DANDE_BLOCK_STATUS("noted.test_id")
	" FROM noted CROSS JOIN test_runs runs CROSS JOIN test_blocks b WHERE "
	"runs.id >= ?1 AND "
	DANDE_BLOCK_HOLDS("runs.id", "noted.test_id") ") AS x) AS t JOIN test_cases c ON "
	"c.id = t.test_id GROUP BY t.test_id, c.classname, c.name HAVING "
	"SUM(t.k) > 0 OR SUM(t.flip) >= 2 ORDER BY SUM(t.k) + SUM(t.flip) "
	"DESC, t.test_id LIMIT 20";

/* One test's outcomes (or durations) in the window: its rows and its
 * blocks' entries. */
static const char sql_outcomes[] =
	"SELECT x.run_id, x.status, x.duration_us FROM test_runs runs CROSS "
	"JOIN test_results x WHERE runs.id >= ?2 AND x.run_id = runs.id AND "
	"x.test_id = ?1 UNION ALL SELECT b.run_id, "
	DANDE_BLOCK_STATUS("?1") ", " DANDE_BLOCK_DURATION("?1") " FROM "
	"test_runs runs CROSS JOIN test_blocks b WHERE runs.id >= ?2 AND "
	DANDE_BLOCK_HOLDS("runs.id", "?1") " ORDER BY 1";

/* The last run's slowest tests (ties by id). */
static const char sql_slowest[] =
	"SELECT u.test_id, c.classname, c.name, u.d / 1e6 FROM (SELECT "
	"x.test_id, x.duration_us AS d FROM test_results x WHERE x.run_id = "
	"?1 AND x.duration_us IS NOT NULL UNION ALL SELECT c.id, "
	DANDE_BLOCK_DURATION("c.id") " FROM " DANDE_BLOCK_ENTRIES("?1")
	") u JOIN test_cases c ON c.id = u.test_id WHERE u.d IS NOT NULL "
	"ORDER BY u.d DESC, u.test_id LIMIT 10";

const struct dande_results__statement dande_report__statements[] = {
	{ "page: flaky", sql_flaky },
	{ "page: a test's outcomes", sql_outcomes },
	{ "page: slowest", sql_slowest },
	{ "compare: names", dande_report__sql_names_diff },
	{ NULL, NULL }
};

/* The last coverage measurement, by file, with the previous version's. */
static const char sql_files[] =
	"SELECT c.file, c.lines_valid, c.lines_covered, c.branches_valid, "
	"c.branches_covered, (SELECT 100.0 * p.lines_covered / p.lines_valid "
	"FROM test_coverage p WHERE p.file = c.file AND p.run_id = ?2 AND "
	"p.lines_valid > 0) FROM test_coverage c WHERE c.run_id = ?1 AND "
	"c.file IS NOT NULL ORDER BY c.file";

static const char sql_last_cov_run[] =
	"SELECT run_id FROM test_coverage WHERE file IS NULL ORDER BY id DESC "
	"LIMIT 1";

/* The last coverage run of another version than ?1's, before it. */
static const char sql_prev_cov_run[] =
	"SELECT run_id FROM test_coverage WHERE file IS NULL AND run_id < ?1 "
	"AND version IS NOT NULL AND version IS DISTINCT FROM (SELECT version "
	"FROM test_coverage WHERE file IS NULL AND run_id = ?1 LIMIT 1) ORDER "
	"BY id DESC LIMIT 1";

/* ---- HTML ------------------------------------------------------------------ */

void dande_report_escape(struct dande_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++) {
		switch (*p) {
		case '&': dande_buf_adds(out, "&amp;"); break;
		case '<': dande_buf_adds(out, "&lt;"); break;
		case '>': dande_buf_adds(out, "&gt;"); break;
		case '"': dande_buf_adds(out, "&quot;"); break;
		case '\'': dande_buf_adds(out, "&#39;"); break;
		default:
			if ((*p < 0x20 && *p != '\n' && *p != '\t') ||
			    *p == 0x7f)
				dande_buf_adds(out, "\xef\xbf\xbd");
			else
				dande_buf_addch(out, (char)*p);
		}
	}
}

static void esc(struct dande_buf *out, const char *s)
{
	dande_report_escape(out, s ? s : "");
}

/* A table row's first cell: a test as class::name. */
static void test_cell(struct dande_buf *out, const char *classname,
		      const char *name)
{
	dande_buf_adds(out, "<tr><td><code>");
	esc(out, classname);
	dande_buf_adds(out, "::");
	esc(out, name);
	dande_buf_adds(out, "</code></td>");
}

/* The first line of a message, at most 160 bytes (on a UTF-8 boundary). */
static void first_line(struct dande_buf *out, const char *s)
{
	struct dande_buf b = DANDE_BUF_INIT;
	size_t n;

	while (s && (*s == '\n' || *s == ' ' || *s == '\r'))
		s++;
	n = s ? strcspn(s, "\r\n") : 0;
	if (n > 160) {
		n = 160;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	dande_buf_add(&b, s ? s : "", n);
	esc(out, b.ptr ? b.ptr : "");
	if (s && s[n] && s[n] != '\r' && s[n] != '\n')
		dande_buf_adds(out, "&hellip;");
	dande_buf_release(&b);
}

static void pct_cell(struct dande_buf *out, double v)
{
	if (isnan(v))
		dande_buf_adds(out, "<td class=\"n\">&ndash;</td>");
	else
		dande_buf_addf(out, "<td class=\"n\">%.1f%%</td>", v);
}

/* The change from `before` to `now` inside a figure's cell: better
 * green, worse red; nothing when either is unknown or it did not move. */
static void delta(struct dande_buf *out, double now, double before,
		  int higher_is_better, const char *unit)
{
	double d = now - before;

	if (isnan(now) || isnan(before) || fabs(d) < 0.05)
		return;
	dande_buf_addf(out, "<small class=\"d %s\"> %s%.*f%s</small>",
		       (d > 0) == (higher_is_better != 0) ? "up" : "down",
		       d > 0 ? "+" : "&minus;", fabs(d - round(d)) < 1e-9 ?
		       0 : 1, fabs(d), unit);
}

enum figure { COUNT, PCT, SECONDS };

/* A figure (NaN: a dash) and its change. */
static void figure_cell(struct dande_buf *out, enum figure kind, double now,
			double before, int higher_is_better, const char *unit)
{
	if (isnan(now)) {
		dande_buf_adds(out, "<td class=\"n\">&ndash;</td>");
		return;
	}
	dande_buf_addf(out, kind == PCT ? "<td class=\"n\">%.1f%%" :
		       kind == SECONDS ? "<td class=\"n\">%.1f s" :
		       "<td class=\"n\">%.0f", now);
	delta(out, now, before, higher_is_better, unit);
	dande_buf_adds(out, "</td>");
}

/* Passed of the tests that ran, row `i` of the versions. */
static double pass_rate(const struct rows *v, size_t i)
{
	double ran = num(v, i, V_TESTS) - num(v, i, V_SKIPPED);

	return ran > 0 ? 100 * num(v, i, V_PASSED) / ran : NAN;
}

/* A change against the previous version: better green, worse red. */
static void delta_cell(struct dande_buf *out, double now, double before,
		       int higher_is_better, const char *unit)
{
	double d = now - before;

	if (isnan(now) || isnan(before) || fabs(d) < 0.05) {
		dande_buf_adds(out, "<td class=\"n d\"></td>");
		return;
	}
	dande_buf_addf(out, "<td class=\"n d %s\">%s%.*f%s</td>",
		       (d > 0) == (higher_is_better != 0) ? "up" : "down",
		       d > 0 ? "+" : "&minus;", fabs(d - round(d)) < 1e-9 ?
		       0 : 1, fabs(d), unit);
}

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
	"margin:0;color:#1a202c;background:#f7fafc}"
	"header{background:#1a365d;color:#fff;padding:14px 24px}"
	"header h1{margin:0;font-size:20px}header p{margin:2px 0 0;opacity:.8}"
	"nav{padding:6px 24px;background:#2a4365}nav a{color:#bee3f8;"
	"margin-right:14px;text-decoration:none}"
	"main{padding:8px 24px 32px;max-width:1200px}"
	"section{background:#fff;border:1px solid #e2e8f0;border-radius:6px;"
	"padding:8px 16px 14px;margin:14px 0}"
	"h2{font-size:17px;margin:6px 0 8px}"
	"table{border-collapse:collapse;width:100%;font-size:13px}"
	"th,td{padding:3px 8px;border-bottom:1px solid #edf2f7;"
	"text-align:left;vertical-align:top}"
	"th{background:#f7fafc;cursor:pointer;white-space:nowrap}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".up{color:#2f855a}.down{color:#c53030}.low td{background:#fff5f5}"
	"small.d{display:block;font-size:11px}"
	".empty{color:#4a5568;font-style:italic}"
	"code,pre{font:12px ui-monospace,monospace}"
	"pre{white-space:pre-wrap;margin:4px 0}"
	".charts{display:flex;flex-wrap:wrap;gap:8px}"
	".chart{background:#fff;width:calc(50% - 8px);min-width:320px;"
	"height:auto}"
	".ct{font-weight:600;font-size:13px}.ax{stroke:#a0aec0}"
	".al{font-size:11px;fill:#4a5568;text-anchor:end}"
	".rl{font-size:11px;fill:#4a5568}.lv{font-size:11px;fill:#2b6cb0}"
	".ref{stroke-dasharray:5 4;stroke-width:1.5}"
	".ln{fill:none;stroke:#2b6cb0;stroke-width:2}.pt{fill:#2b6cb0}"
	".spark path{fill:none;stroke:#2b6cb0;stroke-width:1.5}"
	".sp{fill:#68d391}.ss{fill:#cbd5e0}.sk{fill:#f6ad55}.sf{fill:#e53e3e}"
	".se{fill:#9b2c2c}.sn{fill:#edf2f7}"
	"details{margin:2px 0}summary{cursor:pointer;color:#2b6cb0}"
	".ic{stroke:#fff;stroke-width:1}.il{font-size:11px;fill:#1a202c;"
	"pointer-events:none}.il.dk{fill:#fff}.icicle .chart{width:100%}"
	"footer{color:#718096;font-size:12px;padding:0 24px 24px}"
	"@media (prefers-color-scheme:dark){body{background:#1a202c;"
	"color:#e2e8f0}section,.chart{background:#2d3748;border-color:#4a5568}"
	"th{background:#2d3748}th,td{border-color:#4a5568}"
	".low td{background:#742a2a}.ct,.lv{fill:#e2e8f0}.al,.rl{fill:#cbd5e0}"
	".empty{color:#cbd5e0}.up{color:#68d391}.down{color:#fc8181}"
	"summary{color:#90cdf4}}"
	"@media print{nav,script{display:none}section{break-inside:avoid}"
	"body{background:#fff}}";

/* Click a header to sort its table; numbers as numbers. */
static const char script[] =
	"document.querySelectorAll('table.sort th').forEach(function(th,i){"
	"th.addEventListener('click',function(){var t=th.closest('table'),"
	"b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.d==='a'?-1:1;"
	"th.dataset.d=d>0?'a':'d';r.sort(function(x,y){"
	"var a=x.cells[i].textContent,c=y.cells[i].textContent,"
	"p=parseFloat(a.replace(/[^0-9.\\-]/g,'')),"
	"q=parseFloat(c.replace(/[^0-9.\\-]/g,''));"
	"return(isNaN(p)||isNaN(q)?a.localeCompare(c):p-q)*d});"
	"r.forEach(function(x){b.appendChild(x)})})});";

static void section(struct dande_buf *out, const char *id, const char *title)
{
	dande_buf_addf(out, "<section id=\"%s\"><h2>%s</h2>\n", id, title);
}

static void empty(struct dande_buf *out, const char *what, const char *cmd)
{
	dande_buf_addf(out, "<p class=\"empty\">%s: run <code>%s</code>.</p>\n",
		       what, cmd);
}

/* ---- the sections ------------------------------------------------------------ */

struct page {
	struct dande_db *db;
	const struct dande_report_opts *o;
	struct dande_buf *out;
	struct dande_report_stats *st;
	int64_t first_run;	/* the window's first junit run */
	int64_t last_run;
	struct rows versions;
};

static void changelog_of(struct page *pg, const char *version)
{
	struct dande_buf text = DANDE_BUF_INIT;

	if (pg->o->changelog &&
	    dande_changelog_show(pg->o->changelog, version, &text, 0) == 0 &&
	    text.len) {
		dande_buf_adds(pg->out, "<details><summary>changelog</summary>"
			       "<pre>");
		esc(pg->out, text.ptr);
		dande_buf_adds(pg->out, "</pre></details>");
	}
	dande_error_clear();
	dande_buf_release(&text);
}

static void overview(struct page *pg)
{
	const struct rows *v = &pg->versions;
	struct dande_buf *out = pg->out;
	size_t i;

	section(out, "versions", "Quality per version");
	if (!v->n) {
		empty(out, "No run carries a version yet (a run records the "
		      "version of VERSION or of the project's version file)",
		      "dande junit ingest junit.xml");
		dande_buf_adds(out, "</section>\n");
		return;
	}
	dande_buf_adds(out, "<table class=\"sort\"><thead><tr><th>version</th>"
		       "<th>tests</th><th>pass rate</th><th>failed</th>"
		       "<th>errors</th><th>skipped</th><th>flaky</th>"
		       "<th>duration</th><th>lines</th><th>branches</th>"
		       "<th>patch</th><th>unit / e2e</th><th>TODOs</th>"
		       "<th>run</th></tr></thead><tbody>\n");
	for (i = 0; i < v->n; i++) {
		/* each figure with its change against the version below */
		static const struct {
			int col;
			enum figure kind;
			const char *unit;
			int better;	/* 1: higher is better */
		} figs[] = {
			{ V_TESTS, COUNT, "", 1 },
			{ -1, PCT, " pt", 1 },	/* pass rate */
			{ V_FAILED, COUNT, "", 0 },
			{ V_ERRORS, COUNT, "", 0 },
			{ V_SKIPPED, COUNT, "", 0 },
			{ V_FLAKY, COUNT, "", 0 },
			{ V_DURATION, SECONDS, " s", 0 },
			{ V_LINE, PCT, " pt", 1 },
			{ V_BRANCH, PCT, " pt", 1 },
			{ V_PATCH, PCT, " pt", 1 },
		};
		int prev = i + 1 < v->n;
		size_t k;

		dande_buf_adds(out, "<tr><td><b>");
		esc(out, cell(v, i, V_VERSION));
		dande_buf_adds(out, "</b>");
		changelog_of(pg, cell(v, i, V_VERSION));
		dande_buf_adds(out, "</td>");
		for (k = 0; k < sizeof(figs) / sizeof(figs[0]); k++) {
			double now = figs[k].col < 0 ? pass_rate(v, i) :
				num(v, i, figs[k].col);
			double before = !prev ? NAN : figs[k].col < 0 ?
				pass_rate(v, i + 1) : num(v, i + 1,
							 figs[k].col);

			figure_cell(out, figs[k].kind, now, before,
				    figs[k].better, figs[k].unit);
		}
		if (isnan(num(v, i, V_UNIT)))
			dande_buf_adds(out, "<td class=\"n\">&ndash;</td>");
		else {
			dande_buf_addf(out, "<td class=\"n\">%.0f%% / %.0f%%",
				       100 * num(v, i, V_UNIT),
				       100 * num(v, i, V_E2E));
			delta(out, 100 * num(v, i, V_UNIT), prev ? 100 *
			      num(v, i + 1, V_UNIT) : NAN, 1, " pt unit");
			dande_buf_adds(out, "</td>");
		}
		figure_cell(out, COUNT, num(v, i, V_TODOS), prev ?
			    num(v, i + 1, V_TODOS) : NAN, 0, "");
		dande_buf_addf(out, "<td class=\"n\">#%s</td></tr>\n",
			       cell(v, i, V_RUN));
	}
	dande_buf_adds(out, "</tbody></table>\n</section>\n");
}

static void trends(struct page *pg)
{
	struct dande_buf *out = pg->out;
	struct dande_db_value p[1];
	struct rows r, c;
	double *a, *b, *d, *parts;
	double refs[2];
	const char *ref_names[2] = { "threshold", "floor" };
	const char *layer_names[3] = { "unit", "integration", "e2e" };
	size_t i;
	int e;

	p[0] = dande_db_int(pg->o->runs);
	section(out, "trends", "Trends");
	if ((e = query(pg->db, sql_runs, p, 1, &r)) < 0 ||
	    (e = query(pg->db, sql_cov_trend, p, 1, &c)) < 0) {
		dande_error_clear();
		memset(&r, 0, sizeof(r));
		memset(&c, 0, sizeof(c));
	}
	pg->st->runs = r.n;
	if (!r.n) {
		empty(out, "No test run recorded yet",
		      "dande junit ingest junit.xml");
	} else {
		dande_buf_addf(out, "<p>The last %zu runs (#%s to #%s), oldest "
			       "first.</p><div class=\"charts\">\n", r.n,
			       cell(&r, 0, R_ID), cell(&r, r.n - 1, R_ID));
		a = dande_xcalloc(r.n, sizeof(*a));
		b = dande_xcalloc(r.n, sizeof(*b));
		d = dande_xcalloc(r.n, sizeof(*d));
		parts = dande_xcalloc(3 * r.n, sizeof(*parts));
		for (i = 0; i < r.n; i++) {
			double t = num(&r, i, R_TESTS) - num(&r, i, R_SKIPPED);
			double u = num(&r, i, R_UNIT), x = num(&r, i, R_E2E);

			a[i] = t > 0 ? 100 * num(&r, i, R_PASSED) / t : NAN;
			b[i] = num(&r, i, R_TESTS);
			d[i] = num(&r, i, R_DURATION);
			parts[3 * i] = isnan(u) ? 0 : u;
			parts[3 * i + 2] = isnan(x) ? 0 : x;
			parts[3 * i + 1] = isnan(u) ? 0 : 1 - u - (isnan(x) ?
								   0 : x);
		}
		dande_report_svg_line(out, "pass rate", a, r.n, "%", NULL,
				      NULL, 0);
		dande_report_svg_line(out, "tests", b, r.n, "", NULL, NULL, 0);
		dande_report_svg_line(out, "duration", d, r.n, " s", NULL,
				      NULL, 0);
		dande_report_svg_stack(out, "pyramid (share of layered tests)",
				       parts, r.n, 3, layer_names);
		pg->first_run = (int64_t)num(&r, 0, R_ID);
		pg->last_run = (int64_t)num(&r, r.n - 1, R_ID);
		free(a);
		free(b);
		free(d);
		free(parts);
	}
	if (c.n) {
		a = dande_xcalloc(c.n, sizeof(*a));
		b = dande_xcalloc(c.n, sizeof(*b));
		for (i = 0; i < c.n; i++) {
			a[i] = num(&c, i, 1);
			b[i] = num(&c, i, 2);
		}
		if (!r.n)
			dande_buf_adds(out, "<div class=\"charts\">\n");
		refs[0] = pg->o->threshold;
		refs[1] = pg->o->floor >= 0 ? pg->o->floor : NAN;
		dande_report_svg_line(out, "line coverage", a, c.n, "%", refs,
				      ref_names, 2);
		dande_report_svg_line(out, "branch coverage", b, c.n, "%",
				      refs, ref_names, 1);
		free(a);
		free(b);
	}
	if (r.n || c.n)
		dande_buf_adds(out, "</div>\n");
	/* the charts' figures as a table (screen readers, print) */
	if (r.n) {
		dande_buf_adds(out, "<details><summary>the runs' figures"
			       "</summary><table class=\"sort\"><thead><tr>"
			       "<th>run</th><th>started</th><th>version</th>"
			       "<th>tests</th><th>passed</th><th>failed</th>"
			       "<th>skipped</th><th>duration</th></tr></thead>"
			       "<tbody>\n");
		for (i = r.n; i-- > 0;) {
			dande_buf_addf(out, "<tr><td class=\"n\">#%s</td><td>",
				       cell(&r, i, R_ID));
			esc(out, cell(&r, i, R_AT));
			dande_buf_adds(out, "</td><td>");
			esc(out, cell(&r, i, R_VERSION));
			dande_buf_addf(out, "</td><td class=\"n\">%.0f</td><td "
				       "class=\"n\">%.0f</td><td class=\"n\">"
				       "%.0f</td><td class=\"n\">%.0f</td>",
				       num(&r, i, R_TESTS), num(&r, i, R_PASSED),
				       num(&r, i, R_BAD), num(&r, i, R_SKIPPED));
			if (isnan(num(&r, i, R_DURATION)))
				dande_buf_adds(out, "<td class=\"n\">&ndash;"
					       "</td></tr>\n");
			else
				dande_buf_addf(out, "<td class=\"n\">%.1f s</td>"
					       "</tr>\n", num(&r, i, R_DURATION));
		}
		dande_buf_adds(out, "</tbody></table></details>\n");
	}
	if (c.n) {
		dande_buf_adds(out, "<details><summary>the coverage figures"
			       "</summary><table><thead><tr><th>measurement"
			       "</th><th>lines</th><th>branches</th></tr>"
			       "</thead><tbody>\n");
		for (i = c.n; i-- > 0;) {
			dande_buf_addf(out, "<tr><td class=\"n\">%s</td>",
				       cell(&c, i, 0));
			pct_cell(out, num(&c, i, 1));
			pct_cell(out, num(&c, i, 2));
			dande_buf_adds(out, "</tr>\n");
		}
		dande_buf_adds(out, "</tbody></table></details>\n");
	}
	if (!c.n)
		empty(out, "No coverage recorded yet",
		      "dande cov ingest coverage.xml");
	dande_buf_adds(out, "</section>\n");
	rows_release(&r);
	rows_release(&c);
}

static void failures(struct page *pg)
{
	struct dande_buf *out = pg->out;
	struct rows f;
	size_t i;

	section(out, "failures", "Failures now");
	if (query(pg->db, sql_failures, NULL, 0, &f) < 0) {
		dande_error_clear();
		memset(&f, 0, sizeof(f));
	}
	pg->st->failures = f.n;
	if (!f.n) {
		dande_buf_adds(out, "<p class=\"empty\">No open failure: every "
			       "error fingerprint seen so far is resolved (or "
			       "none was ever recorded).</p>\n");
	} else {
		dande_buf_adds(out, "<table class=\"sort\"><thead><tr><th>test"
			       "</th><th>kind</th><th>message</th><th>runs "
			       "failed</th><th>failing since</th></tr></thead>"
			       "<tbody>\n");
		for (i = 0; i < f.n; i++) {
			test_cell(out, cell(&f, i, 0), cell(&f, i, 1));
			dande_buf_adds(out, "<td>");
			esc(out, cell(&f, i, 2));
			dande_buf_adds(out, "</td><td>");
			if (cell(&f, i, 3)) {
				esc(out, cell(&f, i, 3));
				dande_buf_adds(out, ": ");
			}
			first_line(out, cell(&f, i, 4));
			dande_buf_addf(out, "</td><td class=\"n\">%s</td><td>"
				       "run #%s", cell(&f, i, 5) ?
				       cell(&f, i, 5) : "", cell(&f, i, 10) ?
				       cell(&f, i, 10) : "?");
			if (cell(&f, i, 8)) {
				dande_buf_adds(out, ", version ");
				esc(out, cell(&f, i, 8));
			}
			/* a commit id: its first 7 hex digits */
			if (cell(&f, i, 7) && strspn(cell(&f, i, 7),
						     "0123456789abcdef") >= 7) {
				dande_buf_adds(out, ", commit <code>");
				dande_buf_add(out, cell(&f, i, 7), 7);
				dande_buf_adds(out, "</code>");
			}
			dande_buf_adds(out, ", ");
			esc(out, cell(&f, i, 6));
			dande_buf_adds(out, "</td></tr>\n");
		}
		dande_buf_adds(out, "</tbody></table>\n");
	}
	dande_buf_adds(out, "</section>\n");
	rows_release(&f);
}

/* A strip of outcomes, or a sparkline of durations, of one test. */
static void test_series(struct page *pg, const char *test_id, int durations)
{
	struct dande_db_value p[2];
	struct rows o;
	size_t i;

	p[0] = dande_db_int(strtoll(test_id, NULL, 10));
	p[1] = dande_db_int(pg->first_run);
	if (query(pg->db, sql_outcomes, p, 2, &o) < 0) {
		dande_error_clear();
		return;
	}
	if (durations) {
		double *v = dande_xcalloc(o.n + 1, sizeof(*v));

		for (i = 0; i < o.n; i++)
			v[i] = num(&o, i, 2) / 1e6;
		dande_report_svg_spark(pg->out, v, o.n);
		free(v);
	} else {
		char *m = dande_xcalloc(o.n + 1, 1);

		for (i = 0; i < o.n; i++)
			m[i] = "pskfe"[(int)num(&o, i, 1) % 5];
		dande_report_svg_strip(pg->out, m);
		free(m);
	}
	rows_release(&o);
}

static void flaky_and_slow(struct page *pg)
{
	struct dande_buf *out = pg->out;
	struct dande_db_value p[1];
	struct rows f, s;
	size_t i;

	section(out, "flaky", "Flaky tests");
	p[0] = dande_db_int(pg->first_run);
	memset(&f, 0, sizeof(f));
	memset(&s, 0, sizeof(s));
	if (pg->last_run && query(pg->db, sql_flaky, p, 1, &f) < 0) {
		dande_error_clear();
		memset(&f, 0, sizeof(f));
	}
	pg->st->flaky = f.n;
	if (!f.n) {
		dande_buf_addf(out, "<p class=\"empty\">No flaky test in the "
			       "last %d runs (none passed on a rerun or went "
			       "between passing and failing twice).</p>\n",
			       pg->o->runs);
	} else {
		dande_buf_adds(out, "<table class=\"sort\"><thead><tr><th>test"
			       "</th><th>passed on rerun</th><th>failed</th>"
			       "<th>changes</th><th>runs</th><th>outcomes, "
			       "oldest first</th></tr></thead><tbody>\n");
		for (i = 0; i < f.n; i++) {
			test_cell(out, cell(&f, i, 1), cell(&f, i, 2));
			dande_buf_addf(out, "<td class=\"n\">%s"
				       "</td><td class=\"n\">%s</td><td "
				       "class=\"n\">%s</td><td class=\"n\">%s"
				       "</td><td>", cell(&f, i, 3),
				       cell(&f, i, 4), cell(&f, i, 5),
				       cell(&f, i, 6));
			test_series(pg, cell(&f, i, 0), 0);
			dande_buf_adds(out, "</td></tr>\n");
		}
		dande_buf_adds(out, "</tbody></table>\n");
	}
	dande_buf_adds(out, "</section>\n");
	section(out, "slowest", "Slowest tests of the last run");
	p[0] = dande_db_int(pg->last_run);
	if (pg->last_run && query(pg->db, sql_slowest, p, 1, &s) < 0) {
		dande_error_clear();
		memset(&s, 0, sizeof(s));
	}
	if (!s.n) {
		empty(out, "No test durations recorded yet",
		      "dande junit ingest junit.xml");
	} else {
		dande_buf_adds(out, "<table class=\"sort\"><thead><tr><th>test"
			       "</th><th>seconds</th><th>duration over the "
			       "window</th></tr></thead><tbody>\n");
		for (i = 0; i < s.n; i++) {
			test_cell(out, cell(&s, i, 1), cell(&s, i, 2));
			dande_buf_addf(out, "<td class=\"n\">%.3f"
				       "</td><td>", num(&s, i, 3));
			test_series(pg, cell(&s, i, 0), 1);
			dande_buf_adds(out, "</td></tr>\n");
		}
		dande_buf_adds(out, "</tbody></table>\n");
	}
	dande_buf_adds(out, "</section>\n");
	rows_release(&f);
	rows_release(&s);
}

/* At most this many names of tests added or removed on the page. */
#define CHANGES_SHOWN 50

/* Tests added and removed between the last two versions (the same query
 * as `dande report compare`). */
static void added_removed(struct page *pg)
{
	struct dande_buf *out = pg->out;
	const struct rows *v = &pg->versions;
	struct dande_db_value p[2];
	struct rows t[2];
	size_t i, k;

	section(out, "changes", "Tests added and removed");
	if (v->n < 2) {
		dande_buf_adds(out, "<p class=\"empty\">Two versions are needed "
			       "to compare: release one with <code>dande bump"
			       "</code> and ingest its tests.</p>\n</section>\n");
		return;
	}
	for (k = 0; k < 2; k++) {
		/* added: the newer run's names not in the older's; removed:
		 * the other way */
		p[0] = dande_db_int((int64_t)num(v, k, V_RUN));
		p[1] = dande_db_int((int64_t)num(v, 1 - k, V_RUN));
		if (query(pg->db, dande_report__sql_names_diff, p, 2, &t[k]) < 0)
			memset(&t[k], 0, sizeof(t[k]));
	}
	dande_error_clear();
	dande_buf_adds(out, "<p>");
	esc(out, cell(v, 1, V_VERSION));
	dande_buf_adds(out, " &rarr; ");
	esc(out, cell(v, 0, V_VERSION));
	dande_buf_addf(out, ": %zu added, %zu removed.</p>\n", t[0].n, t[1].n);
	for (k = 0; k < 2; k++) {
		if (!t[k].n)
			continue;
		dande_buf_addf(out, "<details><summary>%s (%zu)</summary><ul>",
			       k ? "removed" : "added", t[k].n);
		for (i = 0; i < t[k].n && i < CHANGES_SHOWN; i++) {
			dande_buf_adds(out, "<li><code>");
			esc(out, cell(&t[k], i, 0));
			dande_buf_adds(out, "</code></li>");
		}
		if (t[k].n > CHANGES_SHOWN)
			dande_buf_addf(out, "<li>&hellip; and %zu more</li>",
				       t[k].n - CHANGES_SHOWN);
		dande_buf_adds(out, "</ul></details>\n");
		rows_release(&t[k]);
	}
	dande_buf_adds(out, "</section>\n");
}

static const struct rows *sort_rows;

static int by_path(const void *a, const void *b)
{
	const char *x = cell(sort_rows, *(const size_t *)a, 0);
	const char *y = cell(sort_rows, *(const size_t *)b, 0);

	return strcmp(x ? x : "", y ? y : "");
}

/* The tree as an icicle, coloured by coverage, and its directories'
 * figures in a table (the chart's numbers, readable without it). */
static void icicle(struct page *pg, const struct rows *f)
{
	const char **paths = dande_xcalloc(f->n + 1, sizeof(*paths));
	int64_t *valid = dande_xcalloc(f->n + 1, sizeof(*valid));
	int64_t *covered = dande_xcalloc(f->n + 1, sizeof(*covered));
	struct dande_buf dirs = DANDE_BUF_INIT;
	size_t i;

	size_t *order = dande_xcalloc(f->n + 1, sizeof(*order));

	/* byte order, whatever the database's collation: a directory's
	 * files are then adjacent */
	for (i = 0; i < f->n; i++)
		order[i] = i;
	sort_rows = f;
	qsort(order, f->n, sizeof(*order), by_path);
	for (i = 0; i < f->n; i++) {
		paths[i] = cell(f, order[i], 0) ? cell(f, order[i], 0) : "";
		valid[i] = (int64_t)num(f, order[i], 1);
		covered[i] = (int64_t)num(f, order[i], 2);
	}
	free(order);
	dande_buf_adds(pg->out, "<h3>The tree, by lines and coverage</h3>"
		       "<div class=\"icicle\">");
	dande_report_svg_icicle(pg->out, &dirs, paths, valid, covered, f->n,
				pg->o->threshold);
	dande_buf_adds(pg->out, "</div>");
	if (dirs.len) {
		dande_buf_adds(pg->out, "<details><summary>by directory"
			       "</summary><table class=\"sort\"><thead><tr>"
			       "<th>directory</th><th>lines</th><th>lines %"
			       "</th></tr></thead><tbody>\n");
		dande_buf_add(pg->out, dirs.ptr, dirs.len);
		dande_buf_adds(pg->out, "</tbody></table></details>\n");
	}
	dande_buf_release(&dirs);
	free(paths);
	free(valid);
	free(covered);
}

static void coverage_files(struct page *pg)
{
	struct dande_buf *out = pg->out;
	struct dande_db_value p[2];
	struct rows f;
	int64_t last = 0, prev = 0;
	size_t i;

	section(out, "coverage", "Coverage by file");
	memset(&f, 0, sizeof(f));
	if (dande_db_select(pg->db, sql_last_cov_run, NULL, 0,
			    dande_db_first_int, &last) == 0 && last) {
		p[0] = dande_db_int(last);
		if (dande_db_select(pg->db, sql_prev_cov_run, p, 1,
				    dande_db_first_int, &prev) < 0)
			prev = 0;
		p[1] = dande_db_int(prev);
		if (query(pg->db, sql_files, p, 2, &f) < 0)
			memset(&f, 0, sizeof(f));
	}
	dande_error_clear();
	pg->st->files = f.n;
	if (!f.n) {
		empty(out, "No per-file coverage recorded yet",
		      "dande cov ingest coverage.xml");
		dande_buf_adds(out, "</section>\n");
		return;
	}
	dande_buf_addf(out, "<p>Run #%lld%s; files under %.1f%% are "
		       "marked.</p><table class=\"sort\"><thead><tr><th>file"
		       "</th><th>lines</th><th>covered</th><th>lines %%</th>"
		       "<th>&Delta; previous version</th><th>branches %%</th>"
		       "</tr></thead><tbody>\n", (long long)last, prev ?
		       "" : " (no earlier version to compare with)",
		       pg->o->threshold);
	for (i = 0; i < f.n; i++) {
		double valid = num(&f, i, 1), covered = num(&f, i, 2);
		double pct = valid > 0 ? 100 * covered / valid : NAN;
		double bv = num(&f, i, 3), bc = num(&f, i, 4);

		dande_buf_addf(out, "<tr%s><td><code>", !isnan(pct) &&
			       pct < pg->o->threshold ? " class=\"low\"" : "");
		esc(out, cell(&f, i, 0));
		dande_buf_addf(out, "</code></td><td class=\"n\">%.0f</td><td "
			       "class=\"n\">%.0f</td>", valid, covered);
		pct_cell(out, pct);
		delta_cell(out, pct, num(&f, i, 5), 1, " pt");
		pct_cell(out, bv > 0 ? 100 * bc / bv : NAN);
		dande_buf_adds(out, "</tr>\n");
	}
	dande_buf_adds(out, "</tbody></table>\n");
	icicle(pg, &f);
	dande_buf_adds(out, "</section>\n");
	rows_release(&f);
}

/* Open TODOs by age (since written, else since first seen: the todos
 * report's own figure) and by author. */
static void todo_debt(struct page *pg)
{
	static const char *const buckets[] = {
		"under a week", "under a month", "under 3 months",
		"under a year", "a year or more"
	};
	static const long limits[] = { 7, 31, 92, 366 };
	struct dande_buf *out = pg->out;
	struct dande_todos_report t;
	size_t count[5] = { 0 }, i, k, nauthors = 0;
	struct { const char *name; size_t n; } authors[16];

	section(out, "todos", "TODO debt");
	memset(&t, 0, sizeof(t));
	if (dande_todos_report_load(&t, pg->db, NULL, NULL, time(NULL)) < 0) {
		dande_error_clear();
		memset(&t, 0, sizeof(t));
	}
	pg->st->todos = t.nr;
	if (!t.nr) {
		empty(out, "No open TODO recorded", "dande todos scan");
		dande_buf_adds(out, "</section>\n");
		dande_todos_report_release(&t);
		return;
	}
	for (i = 0; i < t.nr; i++) {
		const char *who = t.t[i].author ? t.t[i].author :
			"(not committed)";

		for (k = 0; k < 4 && t.t[i].age_days >= limits[k]; k++)
			;
		count[k]++;
		for (k = 0; k < nauthors && strcmp(authors[k].name, who); k++)
			;
		if (k == nauthors && nauthors < 16) {
			authors[k].name = who;
			authors[k].n = 0;
			nauthors++;
		}
		if (k < nauthors)
			authors[k].n++;
	}
	dande_buf_addf(out, "<p>%zu open.</p><table><thead><tr><th>age</th>"
		       "<th>open</th></tr></thead><tbody>\n", t.nr);
	for (k = 0; k < 5; k++)
		if (count[k])
			dande_buf_addf(out, "<tr><td>%s</td><td class=\"n\">%zu"
				       "</td></tr>\n", buckets[k], count[k]);
	dande_buf_adds(out, "</tbody></table><table class=\"sort\"><thead><tr>"
		       "<th>author</th><th>open</th></tr></thead><tbody>\n");
	for (k = 0; k < nauthors; k++) {
		dande_buf_adds(out, "<tr><td>");
		esc(out, authors[k].name);
		dande_buf_addf(out, "</td><td class=\"n\">%zu</td></tr>\n",
			       authors[k].n);
	}
	dande_buf_adds(out, "</tbody></table>\n</section>\n");
	dande_todos_report_release(&t);
}

int dande_report_html(struct dande_db *db, const struct dande_report_opts *o,
		      struct dande_buf *out, struct dande_report_stats *st)
{
	struct dande_report_opts opts = *o;
	struct dande_report_stats none;
	struct page pg;
	int e;

	if (opts.runs <= 0)
		opts.runs = 50;
	memset(&pg, 0, sizeof(pg));
	memset(&none, 0, sizeof(none));
	pg.db = db;
	pg.o = &opts;
	pg.out = out;
	pg.st = st ? st : &none;
	memset(pg.st, 0, sizeof(*pg.st));
	if ((e = query(db, sql_versions, NULL, 0, &pg.versions)) < 0)
		return e;
	/* --since: the versions from that one on (they are newest first) */
	if (opts.since) {
		size_t i;

		for (i = 0; i < pg.versions.n &&
		     strcmp(cell(&pg.versions, i, V_VERSION), opts.since); i++)
			;
		if (i == pg.versions.n) {
			rows_release(&pg.versions);
			return dande_error_set(DANDE_ENOTFOUND, "no run of "
					       "version '%s' is recorded",
					       opts.since);
		}
		while (pg.versions.n > i + 1) {
			size_t c;

			pg.versions.n--;
			for (c = 0; c < pg.versions.ncols; c++)
				free(pg.versions.v[pg.versions.n *
						   pg.versions.ncols + c]);
		}
	}
	pg.st->versions = pg.versions.n;
	dande_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
		       "charset=\"utf-8\"><meta name=\"viewport\" content=\""
		       "width=device-width,initial-scale=1\"><title>");
	esc(out, opts.project ? opts.project : "dande");
	dande_buf_addf(out, " &mdash; dande report</title><style>%s</style>"
		       "</head><body><header><h1>", css);
	esc(out, opts.project ? opts.project : "dande");
	dande_buf_adds(out, "</h1><p>Quality from dande's tracking database"
		       "</p></header><nav><a href=\"#versions\">versions</a>"
		       "<a href=\"#trends\">trends</a><a href=\"#failures\">"
		       "failures</a><a href=\"#flaky\">flaky</a><a href=\""
		       "#slowest\">slowest</a><a href=\"#changes\">added and "
		       "removed</a><a href=\"#coverage\">coverage</a><a href="
		       "\"#todos\">TODOs</a></nav><main>\n");
	overview(&pg);
	trends(&pg);
	failures(&pg);
	flaky_and_slow(&pg);
	added_removed(&pg);
	coverage_files(&pg);
	todo_debt(&pg);
	dande_buf_adds(out, "</main><footer>Made by dande report");
	if (opts.generated_at) {
		dande_buf_adds(out, " at ");
		esc(out, opts.generated_at);
	}
	dande_buf_addf(out, ".</footer><script>%s</script></body></html>\n",
		       script);
	rows_release(&pg.versions);
	return 0;
}

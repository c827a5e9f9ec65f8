/*
 * results_format.c: the reports of test results as text (for a terminal,
 * with optional colour), JSON (stable snake_case keys) and Markdown (for a
 * CI job summary), and the flaky and history queries.
 */
#include <stdio.h>
#include <string.h>

#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/json.h"
#include "dande/config.h"
#include "dande/results.h"
#include "results/results_int.h"
#include "store/blocks_int.h"
#include "util/banned.h"

static const char *const layer_names[] = {
	"unit", "integration", "e2e", "unknown"
};

#define RED(c) ((c) ? "\033[31m" : "")
#define GREEN(c) ((c) ? "\033[32m" : "")
#define BOLD(c) ((c) ? "\033[1m" : "")
#define RESET(c) ((c) ? "\033[0m" : "")

/* Names, messages and files come from the reports: never raw to a
 * terminal (control characters escaped). */
static void safe(struct dande_buf *out, const char *s)
{
	if (s)
		dande_buf_add_printable(out, s, strlen(s), 0);
}

/* A failure's summary lines, each on its own line after `indent`. */
static void summary(struct dande_buf *out, const struct dande_results_item *it,
		    const char *indent)
{
	const char *p = it->summary ? it->summary : "", *nl;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		dande_buf_addch(out, '\n');
		dande_buf_adds(out, indent);
		dande_buf_add_printable(out, p, (size_t)(nl - p) +
					(*nl != '\n'), 0);
		if (!nl[1])
			break;
	}
}

static void where(struct dande_buf *out, const struct dande_results_item *it)
{
	if (!it->file)
		return;
	dande_buf_adds(out, " (");
	safe(out, it->file);
	if (it->line > 0)
		dande_buf_addf(out, ":%d", it->line);
	dande_buf_addch(out, ')');
}

/* "... and N more" when `l` holds fewer than there were. */
static void more(struct dande_buf *out, const struct dande_results_list *l,
		 const char *what)
{
	if (l->total > (int64_t)l->nr)
		dande_buf_addf(out, "  ... and %lld more%s (--all lists "
			       "every one)\n", (long long)(l->total -
						      (int64_t)l->nr), what);
}

static void text_list(struct dande_buf *out, const char *title,
		      const struct dande_results_list *l, int with_msg)
{
	size_t i;

	if (!l->nr)
		return;
	dande_buf_addf(out, "%s (%lld):\n", title, (long long)l->total);
	for (i = 0; i < l->nr; i++) {
		const struct dande_results_item *it = &l->v[i];

		dande_buf_adds(out, "  ");
		safe(out, it->identity);
		where(out, it);
		if (with_msg)
			summary(out, it, "      ");
		dande_buf_addch(out, '\n');
	}
	more(out, l, "");
}

static void format_text(struct dande_buf *out,
			const struct dande_results_report *r, int c)
{
	size_t i;
	int bad = r->failed + r->errors > 0;

	dande_buf_addf(out, "%srun #%lld%s", BOLD(c), (long long)r->run_id,
		       RESET(c));
	if (r->branch) {
		dande_buf_adds(out, " on ");
		safe(out, r->branch);
	}
	if (r->commit)
		dande_buf_addf(out, " at %.12s", r->commit);
	dande_buf_addf(out, ": %s%lld tests, %lld passed, %lld failed, "
		       "%lld errors, %lld skipped, %lld flaky%s",
		       bad ? RED(c) : GREEN(c), (long long)r->tests,
		       (long long)r->passed, (long long)r->failed,
		       (long long)r->errors, (long long)r->skipped,
		       (long long)r->flaky, RESET(c));
	if (r->duration_s >= 0)
		dande_buf_addf(out, " in %.2f s", r->duration_s);
	dande_buf_addch(out, '\n');
	for (i = 0; i < r->failures.nr; i++) {
		const struct dande_results_item *it = &r->failures.v[i];

		dande_buf_addf(out, "%s%s%s ", RED(c),
			       !strcmp(it->status, "error") ? "ERROR" : "FAIL",
			       RESET(c));
		safe(out, it->identity);
		where(out, it);
		summary(out, it, "      ");
		dande_buf_addch(out, '\n');
	}
	more(out, &r->failures, " failures");
	if (r->prev_run_id) {
		dande_buf_addf(out, "compared with run #%lld:\n",
			       (long long)r->prev_run_id);
		if (!r->new_failures.total && !r->fixed.total &&
		    !r->disappeared.total)
			dande_buf_adds(out, "  no new failures, nothing fixed, "
				       "nothing gone\n");
		text_list(out, "new failures", &r->new_failures, 0);
		text_list(out, "fixed", &r->fixed, 0);
		text_list(out, "disappeared", &r->disappeared, 0);
	} else {
		dande_buf_adds(out, "no earlier run on this branch to compare "
			       "with\n");
	}
	if (r->slowest.nr) {
		dande_buf_adds(out, "slowest:\n");
		for (i = 0; i < r->slowest.nr; i++) {
			dande_buf_addf(out, "  %8.3f s  ",
				       r->slowest.v[i].duration_s);
			safe(out, r->slowest.v[i].identity);
			dande_buf_addch(out, '\n');
		}
	}
}

static void json_list(struct dande_json *j, const char *key,
		      const struct dande_results_list *l, int full)
{
	size_t i;

	dande_json_key(j, key);
	dande_json_array_begin(j);
	for (i = 0; i < l->nr; i++) {
		const struct dande_results_item *it = &l->v[i];

		if (!full) {
			dande_json_string(j, it->identity);
			continue;
		}
		dande_json_object_begin(j);
		dande_json_key(j, "test");
		dande_json_string(j, it->identity);
		dande_json_key(j, "status");
		dande_json_string(j, it->status);
		dande_json_key(j, "message");
		dande_json_string(j, it->message);
		dande_json_key(j, "summary");
		dande_json_string(j, it->summary);
		dande_json_key(j, "file");
		dande_json_string(j, it->file);
		dande_json_key(j, "line");
		if (it->line > 0)
			dande_json_int(j, it->line);
		else
			dande_json_null(j);
		dande_json_key(j, "duration_s");
		if (it->duration_s >= 0)
			dande_json_double(j, it->duration_s);
		else
			dande_json_null(j);
		dande_json_object_end(j);
	}
	dande_json_array_end(j);
}

static void json_pyramid(struct dande_json *j,
			 const struct dande_results_report *r)
{
	int i;

	dande_json_object_begin(j);
	for (i = 0; i < 4; i++) {
		dande_json_key(j, layer_names[i]);
		dande_json_object_begin(j);
		dande_json_key(j, "tests");
		dande_json_int(j, r->layers[i].tests);
		dande_json_key(j, "duration_s");
		dande_json_double(j, r->layers[i].duration_s < 0 ? 0 :
				  r->layers[i].duration_s);
		dande_json_object_end(j);
	}
	dande_json_key(j, "unit_share");
	if (r->unit_share >= 0)
		dande_json_double(j, r->unit_share);
	else
		dande_json_null(j);
	dande_json_key(j, "e2e_share");
	if (r->e2e_share >= 0)
		dande_json_double(j, r->e2e_share);
	else
		dande_json_null(j);
	dande_json_key(j, "min_unit_share");
	dande_json_double(j, r->min_unit_share);
	dande_json_key(j, "max_e2e_share");
	dande_json_double(j, r->max_e2e_share);
	dande_json_key(j, "healthy");
	dande_json_bool(j, r->healthy);
	dande_json_object_end(j);
}

static void format_json(struct dande_buf *out,
			const struct dande_results_report *r)
{
	struct dande_json j;

	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "run_id");
	dande_json_int(&j, r->run_id);
	dande_json_key(&j, "started_at");
	dande_json_string(&j, r->started_at);
	dande_json_key(&j, "commit");
	dande_json_string(&j, r->commit);
	dande_json_key(&j, "branch");
	dande_json_string(&j, r->branch);
	dande_json_key(&j, "tests");
	dande_json_int(&j, r->tests);
	dande_json_key(&j, "passed");
	dande_json_int(&j, r->passed);
	dande_json_key(&j, "failed");
	dande_json_int(&j, r->failed);
	dande_json_key(&j, "errors");
	dande_json_int(&j, r->errors);
	dande_json_key(&j, "skipped");
	dande_json_int(&j, r->skipped);
	dande_json_key(&j, "flaky");
	dande_json_int(&j, r->flaky);
	dande_json_key(&j, "duration_s");
	if (r->duration_s >= 0)
		dande_json_double(&j, r->duration_s);
	else
		dande_json_null(&j);
	dande_json_key(&j, "previous_run_id");
	if (r->prev_run_id)
		dande_json_int(&j, r->prev_run_id);
	else
		dande_json_null(&j);
	json_list(&j, "new_failures", &r->new_failures, 0);
	json_list(&j, "fixed", &r->fixed, 0);
	json_list(&j, "disappeared", &r->disappeared, 0);
	json_list(&j, "failures", &r->failures, 1);
	json_list(&j, "slowest", &r->slowest, 1);
	dande_json_key(&j, "pyramid");
	json_pyramid(&j, r);
	dande_json_object_end(&j);
}

/* Markdown table cells cannot hold '|' or newlines. */
static void md_cell(struct dande_buf *out, const char *s)
{
	struct dande_buf esc = DANDE_BUF_INIT;
	const char *p;

	if (s)
		dande_buf_add_printable(&esc, s, strlen(s), 1);
	for (p = esc.ptr; *p; p++) {
		if (*p == '|')
			dande_buf_adds(out, "\\|");
		else if (*p == '\n' && p[1])
			dande_buf_adds(out, " / ");
		else if (*p == '\n')
			;
		else
			dande_buf_addch(out, *p);
	}
	dande_buf_release(&esc);
}

static void format_markdown(struct dande_buf *out,
			    const struct dande_results_report *r)
{
	size_t i;
	int bad = r->failed + r->errors > 0;

	dande_buf_addf(out, "### %s Tests: run #%lld\n\n", bad ? "\xe2\x9d\x8c" :
		       "\xe2\x9c\x85", (long long)r->run_id);
	dande_buf_adds(out, "| tests | passed | failed | errors | skipped | "
		       "flaky | time |\n|---:|---:|---:|---:|---:|---:|---:|\n");
	dande_buf_addf(out, "| %lld | %lld | %lld | %lld | %lld | %lld | ",
		       (long long)r->tests, (long long)r->passed,
		       (long long)r->failed, (long long)r->errors,
		       (long long)r->skipped, (long long)r->flaky);
	if (r->duration_s >= 0)
		dande_buf_addf(out, "%.2f s |\n", r->duration_s);
	else
		dande_buf_adds(out, "- |\n");
	if (r->failures.nr) {
		dande_buf_adds(out, "\n| | test | message |\n|---|---|---|\n");
		for (i = 0; i < r->failures.nr; i++) {
			const struct dande_results_item *it = &r->failures.v[i];
			int is_new = 0;
			size_t k;

			for (k = 0; k < r->new_failures.nr; k++)
				is_new |= !strcmp(r->new_failures.v[k].identity,
						  it->identity);
			dande_buf_addf(out, "| %s%s | `", it->status,
				       is_new && r->prev_run_id ? " (new)" : "");
			md_cell(out, it->identity);
			dande_buf_adds(out, "` | ");
			md_cell(out, it->summary);
			dande_buf_adds(out, " |\n");
		}
		if (r->failures.total > (int64_t)r->failures.nr)
			dande_buf_addf(out, "| | and %lld more | |\n",
				       (long long)(r->failures.total -
						   (int64_t)r->failures.nr));
	}
	if (r->fixed.nr) {
		dande_buf_addf(out, "\nFixed since run #%lld:",
			       (long long)r->prev_run_id);
		for (i = 0; i < r->fixed.nr; i++) {
			dande_buf_adds(out, i ? ", `" : " `");
			md_cell(out, r->fixed.v[i].identity);
			dande_buf_addch(out, '`');
		}
		dande_buf_addch(out, '\n');
	}
}

void dande_results_format(struct dande_buf *out,
			  const struct dande_results_report *r,
			  enum dande_results_format fmt, int color)
{
	switch (fmt) {
	case DANDE_RESULTS_TEXT:
		format_text(out, r, color);
		break;
	case DANDE_RESULTS_JSON:
		format_json(out, r);
		break;
	case DANDE_RESULTS_MARKDOWN:
		format_markdown(out, r);
		break;
	}
}

void dande_results_format_pyramid(struct dande_buf *out,
				  const struct dande_results_report *r,
				  int json)
{
	int64_t total = 0;
	int i;

	if (json) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		json_pyramid(&j, r);
		return;
	}
	for (i = 0; i < 4; i++)
		total += r->layers[i].tests;
	dande_buf_addf(out, "pyramid of run #%lld:\n", (long long)r->run_id);
	for (i = 0; i < 4; i++)
		dande_buf_addf(out, "  %-12s %7lld tests  %5.1f%%  %9.3f s\n",
			       layer_names[i], (long long)r->layers[i].tests,
			       total ? 100.0 * (double)r->layers[i].tests /
			       (double)total : 0.0,
			       r->layers[i].duration_s < 0 ? 0 :
			       r->layers[i].duration_s);
	if (r->unit_share < 0)
		dande_buf_adds(out, r->layers[3].tests ? "shape: unknown (no "
			       "test has a layer: name them with "
			       "layer.<name>.pattern in .dande.conf; --check "
			       "fails)\n" : "shape: no tests\n");
	else
		dande_buf_addf(out, "shape: %s (unit %.1f%%, wants >= %.0f%%; "
			       "e2e %.1f%%, wants <= %.0f%%)\n",
			       r->healthy ? "healthy" : "UNHEALTHY",
			       100 * r->unit_share, 100 * r->min_unit_share,
			       100 * r->e2e_share, 100 * r->max_e2e_share);
}

/* ---- flaky and history ------------------------------------------------ */

/* Only a test that failed, errored or was flaky in the window can have
 * flipped: the candidates come from the partial index of noteworthy rows
 * (a test that failed in every run of the window is one only if it also
 * passed: a duplicate case), then each candidate's row in each run of
 * the window, a probe of the key (run_id, test_id) each (CROSS JOIN
 * keeps that order on SQLite); a run compares with runs of the same code
 * (tree, else commit). */
const char dande_results__sql_flaky[] =
	"WITH recent AS (SELECT id, COALESCE(tree_sha, commit_sha) AS code "
	"FROM test_runs WHERE kind = 'junit' ORDER BY id DESC LIMIT ?1), "
	"lo AS (SELECT MIN(id) AS lo, COUNT(*) AS runs FROM recent), "
	"noted AS (SELECT x.test_id, SUM(CASE WHEN x.status >= 3 THEN 1 ELSE 0 END) AS bad, "
	"SUM(CASE WHEN x.status = 2 THEN 1 ELSE 0 END) AS fl FROM test_results x WHERE x.run_id IN "
	"(SELECT id FROM recent) AND x.status >= 2 GROUP BY x.test_id), "
	"cand AS (SELECT DISTINCT c.name, c.classname, c.suite FROM noted "
	"JOIN test_cases c ON c.id = noted.test_id WHERE noted.fl > 0 OR "
	"noted.bad < (SELECT runs FROM lo) OR EXISTS (SELECT 1 FROM recent "
	"CROSS JOIN test_results y WHERE y.run_id = recent.id AND "
	"y.test_id = noted.test_id AND y.status = 0) OR EXISTS (SELECT 1 "
	"FROM recent WHERE " DANDE_BLOCK_LETTER("recent.id", "noted.test_id")
	" = 'p')), "
	"ids AS (SELECT c.id, c.suite, c.classname, c.name FROM cand CROSS "
	"JOIN test_cases c WHERE c.name = cand.name AND c.classname = "
	"cand.classname AND c.suite = cand.suite), "
	"t AS (SELECT ids.suite, ids.classname, ids.name, x.run_id, "
	"recent.code AS c, CASE WHEN x.status >= 3 THEN 1 ELSE 0 END AS bad, "
	"CASE WHEN x.status = 2 THEN 1 ELSE 0 END AS fl FROM ids "
	"CROSS JOIN recent CROSS JOIN test_results x WHERE x.run_id = "
	"recent.id AND x.test_id = ids.id AND x.status != 1 UNION ALL "
	"SELECT ids.suite, ids.classname, ids.name, b.run_id, recent.code, 0, "
	"0 FROM ids CROSS JOIN recent CROSS JOIN test_blocks b WHERE "
	DANDE_BLOCK_HOLDS("recent.id", "ids.id") " AND "
	DANDE_BLOCK_AT("ids.id") " = 'p'), "
	"g AS (SELECT suite, classname, name, c, MIN(run_id) AS first_run, "
	"SUM(bad) AS fails, SUM(1 - bad) AS passes, SUM(fl) AS flakies "
	"FROM t GROUP BY suite, classname, name, c), "
	"h AS (SELECT suite, classname, name, "
	"SUM(CASE WHEN fails > 0 AND passes > 0 THEN CASE WHEN fails < "
	"passes THEN fails ELSE passes END "
	"ELSE 0 END) + SUM(flakies) AS flips, SUM(fails) AS fails, "
	"SUM(passes) AS passes, MIN(CASE WHEN (fails > 0 AND passes > 0) "
	"OR flakies > 0 THEN first_run END) AS first_run FROM g "
	"GROUP BY suite, classname, name) "
	"SELECT h.suite, h.classname, h.name, h.flips, h.fails, h.passes, "
	"r.commit_sha FROM h LEFT JOIN test_runs r ON r.id = h.first_run "
	"WHERE h.flips > 0 ORDER BY h.flips DESC, h.classname, h.name";

struct rows_out {
	struct dande_buf *out;
	struct dande_json *j;
	size_t n;
	int kind;	/* 0 flaky, 1 history */
};

static int flaky_row(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct rows_out *ro = payload;
	struct dande_buf id = DANDE_BUF_INIT;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	ro->n++;
	dande_buf_add(&id, v[1].len ? v[1].s : v[0].s,
		      v[1].len ? v[1].len : v[0].len);
	dande_buf_adds(&id, "::");
	dande_buf_add(&id, v[2].s, v[2].len);
	if (ro->j) {
		dande_json_object_begin(ro->j);
		dande_json_key(ro->j, "test");
		dande_json_string(ro->j, id.ptr);
		dande_json_key(ro->j, "flips");
		dande_json_int(ro->j, v[3].i);
		dande_json_key(ro->j, "fails");
		dande_json_int(ro->j, v[4].i);
		dande_json_key(ro->j, "passes");
		dande_json_int(ro->j, v[5].i);
		dande_json_key(ro->j, "first_commit");
		if (v[6].type == DANDE_DB_TEXT)
			dande_json_string_len(ro->j, v[6].s, v[6].len);
		else
			dande_json_null(ro->j);
		dande_json_object_end(ro->j);
	} else {
		dande_buf_addf(ro->out, "%5lld flips  %4lld fail / %4lld pass  "
			       "%-12.12s  ", (long long)v[3].i,
			       (long long)v[4].i, (long long)v[5].i,
			       v[6].type == DANDE_DB_TEXT ? v[6].s : "-");
		safe(ro->out, id.ptr);
		dande_buf_addch(ro->out, '\n');
	}
	dande_buf_release(&id);
	return 0;
}

int dande_results_flaky(struct dande_db *db, int window,
			struct dande_buf *out, int json, size_t *count)
{
	struct dande_db_value p[1];
	struct dande_json j;
	struct rows_out ro = { out, json ? &j : NULL, 0, 0 };
	int r;

	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_array_begin(&j);
	} else {
		dande_buf_addf(out, "flaky tests in the last %d runs:\n",
			       window);
	}
	p[0] = dande_db_int(window);
	r = dande_db_select(db, dande_results__sql_flaky, p, 1, flaky_row, &ro);
	if (json)
		dande_json_array_end(&j);
	else if (r == 0 && ro.n == 0)
		dande_buf_adds(out, "  none\n");
	*count = ro.n;
	return r;
}

/* The test is named by its name, classname::name, classname.name or
 * suite::name: its name is a suffix of the argument, so every suffix is
 * looked up in the name index (a few hundred probes at most), never a
 * scan of the history. */
const char dande_results__sql_history[] =
	"WITH RECURSIVE cut(rest) AS (SELECT ?1 UNION ALL SELECT "
	"substr(rest, 2) FROM cut WHERE length(rest) > 1), "
	"ids AS (SELECT c.id, c.suite, c.classname, c.name FROM test_cases c "
	"WHERE c.name IN (SELECT rest FROM cut) AND (c.name = ?1 OR "
	"c.classname || '::' || c.name = ?1 OR c.classname || '.' || c.name "
	"= ?1 OR c.suite || '::' || c.name = ?1)) "
	"SELECT runs.id, runs.started_at, runs.commit_sha, runs.branch, "
	"CASE x.status "
	"WHEN 0 THEN 'passed' WHEN 1 THEN 'skipped' WHEN 2 THEN 'flaky' "
	"WHEN 3 THEN 'failed' ELSE 'error' END, x.duration_us / 1e6, "
	"CASE WHEN ids.classname != '' THEN ids.classname ELSE ids.suite END, "
	"ids.name, x.seq FROM ids CROSS JOIN test_runs runs CROSS JOIN "
	"test_results x WHERE x.run_id = runs.id AND x.test_id = ids.id "
	"UNION ALL SELECT runs.id, runs.started_at, runs.commit_sha, "
	"runs.branch, CASE " DANDE_BLOCK_STATUS("ids.id") " WHEN 0 THEN "
	"'passed' ELSE 'skipped' END, " DANDE_BLOCK_DURATION("ids.id")
	" / 1e6, CASE WHEN ids.classname != '' THEN ids.classname ELSE "
	"ids.suite END, ids.name, 0 FROM ids CROSS JOIN test_runs runs CROSS "
	"JOIN test_blocks b WHERE " DANDE_BLOCK_HOLDS("runs.id", "ids.id")
	" ORDER BY 1, 9";

static int history_row(void *payload, size_t ncols, const char *const *names,
		       const struct dande_db_value *v)
{
	struct rows_out *ro = payload;
	double d;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	ro->n++;
	d = v[5].type == DANDE_DB_REAL ? v[5].d : -1;
	if (ro->j) {
		dande_json_object_begin(ro->j);
		dande_json_key(ro->j, "run_id");
		dande_json_int(ro->j, v[0].i);
		dande_json_key(ro->j, "started_at");
		dande_json_string_len(ro->j, v[1].s, v[1].len);
		dande_json_key(ro->j, "commit");
		if (v[2].type == DANDE_DB_TEXT)
			dande_json_string_len(ro->j, v[2].s, v[2].len);
		else
			dande_json_null(ro->j);
		dande_json_key(ro->j, "status");
		dande_json_string_len(ro->j, v[4].s, v[4].len);
		dande_json_key(ro->j, "duration_s");
		if (d >= 0)
			dande_json_double(ro->j, d);
		else
			dande_json_null(ro->j);
		dande_json_object_end(ro->j);
	} else {
		dande_buf_addf(ro->out, "#%-5lld %s  %-12.12s  %-7.*s", 
			       (long long)v[0].i, v[1].s,
			       v[2].type == DANDE_DB_TEXT ? v[2].s : "-",
			       (int)v[4].len, v[4].s);
		if (d >= 0)
			dande_buf_addf(ro->out, "  %8.3f s", d);
		dande_buf_adds(ro->out, "  ");
		if (v[6].type == DANDE_DB_TEXT)
			dande_buf_add_printable(ro->out, v[6].s, v[6].len, 0);
		dande_buf_adds(ro->out, "::");
		dande_buf_add_printable(ro->out, v[7].s, v[7].len, 0);
		dande_buf_addch(ro->out, '\n');
	}
	return 0;
}

int dande_results_history(struct dande_db *db, const char *test,
			  struct dande_buf *out, int json, size_t *count)
{
	struct dande_db_value p[1];
	struct dande_json j;
	struct rows_out ro = { out, json ? &j : NULL, 0, 1 };
	int r;

	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_array_begin(&j);
	}
	p[0] = dande_db_text(test);
	r = dande_db_select(db, dande_results__sql_history, p, 1, history_row, &ro);
	if (json)
		dande_json_array_end(&j);
	*count = ro.n;
	return r;
}

int dande_results_fail_on(const struct dande_config *cfg,
			  enum dande_results_fail_on *out)
{
	static const char *const names[] = { "any", "new", "none" };
	const char *when;
	int r, i;

	*out = DANDE_RESULTS_FAIL_ANY;
	if ((r = dande_config_get_string(cfg, "junit.failOn", &when)) < 0)
		return r;
	for (i = 0; i < 3; i++)
		if (!strcmp(when, names[i])) {
			*out = (enum dande_results_fail_on)i;
			return 0;
		}
	return dande_error_set(DANDE_EUSAGE, "bad value '%s' for "
			       "'junit.failOn': expected any, new or none",
			       when);
}

int dande_results_failed(const struct dande_results_report *r,
			 enum dande_results_fail_on when)
{
	if (when == DANDE_RESULTS_FAIL_ANY)
		return r->failed + r->errors > 0;
	if (when == DANDE_RESULTS_FAIL_NEW)
		return r->new_failures.total > 0;
	return 0;
}

size_t dande_results_limit(enum dande_results_format fmt, int quiet,
			   long asked)
{
	if (asked >= 0)
		return (size_t)asked;
	if (fmt == DANDE_RESULTS_JSON)
		return 0;
	if (quiet && fmt == DANDE_RESULTS_TEXT)
		return DANDE_RESULTS_COUNTS;
	return DANDE_RESULTS_DEFAULT_LIMIT;
}

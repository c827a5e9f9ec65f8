/*
 * covgate.c: coverage measurements in the tracking database, the ratchet
 * floor, the gate's decision and the reports.  Statements are constants
 * run through dande_db_exec/select.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/covgate.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/json.h"
#include "coverage_int.h"
#include "dande/provenance.h"
#include "util/banned.h"

static const char sql_run_exists[] =
	"SELECT id FROM test_runs WHERE id = ?1";

static const char sql_insert_cov[] =
	"INSERT INTO test_coverage (run_id, file, lines_valid, lines_covered, "
	"branches_valid, branches_covered, functions_valid, functions_covered, "
	"commit_sha, branch, version, recorded_at, patch_lines, patch_covered) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

static int insert_row(struct dande_db *db, int64_t run, const char *file,
		      const struct dande_cov_totals *t,
		      const struct dande_covgate_record *rec, const char *now)
{
	struct dande_db_value p[14];
	int has_br = t->branches_valid > 0, has_fn = t->functions_valid > 0;
	int has_patch = !file && rec->patch_lines >= 0;

	p[0] = dande_db_int(run);
	p[1] = dande_db_text(file);
	p[2] = dande_db_int(t->lines_valid);
	p[3] = dande_db_int(t->lines_covered);
	p[4] = has_br ? dande_db_int(t->branches_valid) : dande_db_null();
	p[5] = has_br ? dande_db_int(t->branches_covered) : dande_db_null();
	p[6] = has_fn ? dande_db_int(t->functions_valid) : dande_db_null();
	p[7] = has_fn ? dande_db_int(t->functions_covered) : dande_db_null();
	p[8] = dande_db_text(rec->prov ? rec->prov->commit : NULL);
	p[9] = dande_db_text(rec->prov ? rec->prov->branch : NULL);
	p[10] = dande_db_text(rec->prov ? rec->prov->version : NULL);
	p[11] = dande_db_text(now);
	p[12] = has_patch ? dande_db_int(rec->patch_lines) : dande_db_null();
	p[13] = has_patch ? dande_db_int(rec->patch_covered) : dande_db_null();
	return dande_db_exec(db, sql_insert_cov, p, 14);
}

struct record {
	struct dande_cov *c;
	const struct dande_covgate_record *rec;
	char now[32];
	int64_t id;
};

static int record_rows(struct dande_db *db, void *payload)
{
	struct record *x = payload;
	const struct dande_covgate_record *rec = x->rec;
	const struct dande_cov_file *files;
	struct dande_cov_totals t;
	struct dande_db_run run;
	struct dande_db_value p[1];
	size_t i, n;
	int64_t id = 0;
	int r;

	if (rec->run_id) {
		p[0] = dande_db_int(rec->run_id);
		if ((r = dande_db_select(db, sql_run_exists, p, 1, dande_db_first_int,
					 &id)) < 0)
			return r;
		if (!id) {
			return dande_error_set(DANDE_EUSAGE, "no test run "
					       "#%lld to attach the coverage "
					       "to", (long long)rec->run_id);
		}
	} else {
		memset(&run, 0, sizeof(run));
		run.kind = "coverage";
		run.duration_s = -1;
		dande_db_run_provenance(&run, rec->prov);
		run.source = rec->source;
		if ((r = dande_db_insert_run(db, &run, &id)) < 0)
			return r;
	}
	dande_cov_totals(x->c, &t);
	if ((r = insert_row(db, id, NULL, &t, rec, x->now)) < 0)
		return r;
	n = dande_cov_files(x->c, &files);
	for (i = 0; i < n; i++)
		if ((r = insert_row(db, id, files[i].path, &files[i].t, rec,
				    x->now)) < 0)
			return r;
	x->id = id;
	return 0;
}

int dande_covgate_record(struct dande_db *db, struct dande_cov *c,
			 const struct dande_covgate_record *rec,
			 int64_t *run_id)
{
	struct record x;
	int r;

	x.c = c;
	x.rec = rec;
	x.id = 0;
	dande_db_now(x.now, sizeof(x.now));
	if ((r = dande_db_transaction(db, record_rows, &x)) == 0)
		*run_id = x.id;
	return r;
}

/* ---- the ratchet ------------------------------------------------------------ */

static const char sql_last_floor[] =
	"SELECT floor, reason, after FROM coverage_floors WHERE branch IS NOT "
	"DISTINCT FROM ?1 ORDER BY id DESC LIMIT 1";

static const char sql_best_since[] =
	"SELECT MAX(100.0 * lines_covered / lines_valid) FROM test_coverage "
	"WHERE file IS NULL AND lines_valid > 0 AND branch IS NOT DISTINCT "
	"FROM ?1 AND id > ?2";

static const char sql_at_commit[] =
	"SELECT 100.0 * lines_covered / lines_valid FROM test_coverage "
	"WHERE file IS NULL AND lines_valid > 0 AND commit_sha = ?1 "
	"ORDER BY id DESC LIMIT 1";

struct floor_row {
	int found;
	double v;
	char *text;
	int64_t after;
};

static int grab_floor(void *payload, size_t ncols, const char *const *names,
		      const struct dande_db_value *v)
{
	struct floor_row *f = payload;

	(void)names;
	if (!v || v[0].type == DANDE_DB_NULL)
		return 0;
	f->found = 1;
	f->v = v[0].type == DANDE_DB_REAL ? v[0].d : (double)v[0].i;
	if (ncols > 1 && v[1].type == DANDE_DB_TEXT) {
		free(f->text);
		f->text = dande_xstrndup(v[1].s, v[1].len);
	}
	if (ncols > 2 && v[2].type == DANDE_DB_INTEGER)
		f->after = v[2].i;
	return 0;
}

int dande_covgate_floor(struct dande_db *db, const char *branch,
			const char *merge_base, double tolerance,
			struct dande_covgate_floor *out)
{
	struct floor_row expl, best, base;
	struct dande_db_value p[2];
	int r;

	memset(out, 0, sizeof(*out));
	memset(&expl, 0, sizeof(expl));
	memset(&best, 0, sizeof(best));
	memset(&base, 0, sizeof(base));
	p[0] = dande_db_text(branch);
	if ((r = dande_db_select(db, sql_last_floor, p, 1, grab_floor,
				 &expl)) < 0)
		goto done;
	p[1] = dande_db_int(expl.found ? expl.after : 0);
	if ((r = dande_db_select(db, sql_best_since, p, 2, grab_floor,
				 &best)) < 0)
		goto done;
	if (best.found) {
		out->known = 1;
		out->best = best.v;
		out->floor = best.v - tolerance;
		out->source = dande_xstrdup("branch");
		if (expl.found && expl.v > out->floor) {
			out->floor = expl.v;
			free(out->source);
			out->source = dande_xstrdup("explicit");
			out->reason = expl.text;
			expl.text = NULL;
		}
	} else if (expl.found) {
		out->known = 1;
		out->best = expl.v;
		out->floor = expl.v;
		out->source = dande_xstrdup("explicit");
		out->reason = expl.text;
		expl.text = NULL;
	} else if (merge_base && *merge_base) {
		p[0] = dande_db_text(merge_base);
		if ((r = dande_db_select(db, sql_at_commit, p, 1, grab_floor,
					 &base)) < 0)
			goto done;
		if (base.found) {
			out->known = 1;
			out->best = base.v;
			out->floor = base.v - tolerance;
			struct dande_buf s = DANDE_BUF_INIT;

			dande_buf_addf(&s, "merge-base %.12s", merge_base);
			out->source = dande_buf_detach(&s, NULL);
		}
	}
	if (out->floor < 0)
		out->floor = 0;
done:
	free(expl.text);
	free(best.text);
	free(base.text);
	if (r < 0)
		dande_covgate_floor_release(out);
	return r;
}

void dande_covgate_floor_release(struct dande_covgate_floor *f)
{
	free(f->source);
	free(f->reason);
	memset(f, 0, sizeof(*f));
}

static const char sql_set_floor[] =
	"INSERT INTO coverage_floors (branch, floor, reason, after) SELECT "
	"?1, ?2, ?3, COALESCE(MAX(id), 0) FROM test_coverage";

int dande_covgate_floor_set(struct dande_db *db, const char *branch,
			    double pct, const char *reason)
{
	struct dande_db_value p[3];

	p[0] = dande_db_text(branch);
	p[1] = dande_db_real(pct);
	p[2] = dande_db_text(reason);
	return dande_db_exec_alone(db, sql_set_floor, p, 3);
}

/* ---- deciding and saying ----------------------------------------------------- */

void dande_covgate_thousands(struct dande_buf *out, int64_t v)
{
	char digits[32];
	int n, i;

	n = snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v :
								   v));
	if (v < 0)
		dande_buf_addch(out, '-');
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			dande_buf_addch(out, ',');
		dande_buf_addch(out, digits[i]);
	}
}

/* Percentages are compared at the precision they are shown with, so
 * "85.0% < 85.0%" never happens. */
static int below(double pct, double min)
{
	return floor(pct * 100 + 1e-9) < floor(min * 100 + 1e-9);
}

void dande_covgate_decide(struct dande_cov *c, double threshold,
			  double branch_min, double file_min, int ratchet,
			  const struct dande_covgate_floor *floor_,
			  struct dande_covgate_result *g)
{
	const struct dande_cov_file *files;
	size_t i, n;

	memset(g, 0, sizeof(*g));
	dande_cov_totals(c, &g->t);
	g->line_pct = dande_cov_pct(g->t.lines_covered, g->t.lines_valid);
	g->branch_pct = g->t.branches_valid ?
		dande_cov_pct(g->t.branches_covered, g->t.branches_valid) : -1;
	g->threshold = threshold;
	g->branch_min = branch_min;
	g->file_min = file_min;
	g->ratchet = ratchet;
	if (floor_)
		g->floor = *floor_;
	g->below_line = threshold >= 0 && below(g->line_pct, threshold);
	g->below_branch = branch_min >= 0 && g->branch_pct >= 0 &&
		below(g->branch_pct, branch_min);
	g->below_ratchet = ratchet && g->floor.known &&
		below(g->line_pct, g->floor.floor);
	if (file_min >= 0) {
		n = dande_cov_files(c, &files);
		for (i = 0; i < n; i++)
			g->files_below += files[i].t.lines_valid > 0 &&
				below(dande_cov_pct(files[i].t.lines_covered,
						    files[i].t.lines_valid),
				      file_min);
	}
	g->passed = !g->below_line && !g->below_branch && !g->below_ratchet &&
		!g->files_below;
}

struct worst {
	const struct dande_cov_file *f;
	int64_t missed;
};

static int by_missed(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;

	if (x->missed != y->missed)
		return x->missed > y->missed ? -1 : 1;
	return strcmp(x->f->path, y->f->path);
}

/* The files sorted by uncovered lines, most first. */
static struct worst *worst_files(struct dande_cov *c, size_t *n)
{
	const struct dande_cov_file *files;
	struct worst *w;
	size_t i;

	*n = dande_cov_files(c, &files);
	w = dande_xcalloc(*n + 1, sizeof(*w));
	for (i = 0; i < *n; i++) {
		w[i].f = &files[i];
		w[i].missed = files[i].t.lines_valid - files[i].t.lines_covered;
	}
	qsort(w, *n, sizeof(*w), by_missed);
	return w;
}

static int by_pct(const void *a, const void *b);

/* The files under `min`, the least covered first. */
static struct worst *files_under(struct dande_cov *c, double min, size_t *n)
{
	const struct dande_cov_file *files;
	struct worst *w;
	size_t i, all = dande_cov_files(c, &files);

	w = dande_xcalloc(all + 1, sizeof(*w));
	*n = 0;
	for (i = 0; min >= 0 && i < all; i++)
		if (files[i].t.lines_valid > 0 &&
		    below(dande_cov_pct(files[i].t.lines_covered,
					files[i].t.lines_valid), min)) {
			w[*n].f = &files[i];
			w[*n].missed = files[i].t.lines_valid -
				files[i].t.lines_covered;
			(*n)++;
		}
	qsort(w, *n, sizeof(*w), by_pct);
	return w;
}

/* A report's path in a Markdown table cell: printable, no cell break. */
static void md_path(struct dande_buf *out, const char *path)
{
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	dande_buf_add_printable(&p, path, strlen(path), 0);
	dande_buf_addch(out, '`');
	for (i = 0; i < p.len; i++) {
		if (p.ptr[i] == '|')
			dande_buf_addch(out, '\\');
		dande_buf_addch(out, p.ptr[i] == '`' ? '\'' : p.ptr[i]);
	}
	dande_buf_addch(out, '`');
	dande_buf_release(&p);
}

/* How many files under fileThreshold are named, in text and Markdown. */
/* files named in a list: the --limit (0: all) */
#define FILES_NAMED dande_output_shown(n)

static void format_markdown(struct dande_buf *out, struct dande_cov *c,
			    const struct dande_covgate_result *g)
{
	struct worst *w;
	size_t n, i;

	dande_buf_addf(out, "### Coverage gate: %s\n\n| | covered | "
		       "threshold |\n|---|---:|---:|\n| lines | %.1f%% (",
		       g->passed ? "passed" : "**failed**", g->line_pct);
	dande_covgate_thousands(out, g->t.lines_covered);
	dande_buf_addch(out, '/');
	dande_covgate_thousands(out, g->t.lines_valid);
	dande_buf_addf(out, ") | %.1f%%%s |\n", g->threshold,
		       g->below_line ? " :x:" : "");
	if (g->branch_pct >= 0)
		dande_buf_addf(out, "| branches | %.1f%% (%lld/%lld) | %s%s |\n",
			       g->branch_pct, (long long)g->t.branches_covered,
			       (long long)g->t.branches_valid,
			       g->branch_min >= 0 ? "" : "-",
			       g->below_branch ? " :x:" : "");
	if (g->ratchet && g->floor.known)
		dande_buf_addf(out, "| floor (ratchet) | %.1f%% | %.1f%%%s |\n",
			       g->line_pct, g->floor.floor,
			       g->below_ratchet ? " :x:" : "");
	if (g->file_min >= 0)
		dande_buf_addf(out, "| every file | %zu under | %.1f%%%s |\n",
			       g->files_below, g->file_min,
			       g->files_below ? " :x:" : "");
	w = files_under(c, g->file_min, &n);
	if (n) {
		dande_buf_addf(out, "\n**%zu file%s under %.1f%%:**\n\n"
			       "| file | lines | coverage |\n|---|---:|---:|\n",
			       n, n == 1 ? "" : "s", g->file_min);
		for (i = 0; i < n && i < FILES_NAMED; i++) {
			dande_buf_adds(out, "| ");
			md_path(out, w[i].f->path);
			dande_buf_addf(out, " | %lld/%lld | %.1f%% |\n",
				       (long long)w[i].f->t.lines_covered,
				       (long long)w[i].f->t.lines_valid,
				       dande_cov_pct(w[i].f->t.lines_covered,
						     w[i].f->t.lines_valid));
		}
		if (n > FILES_NAMED)
			dande_buf_addf(out, "\n... and %zu more (--all lists "
				       "every one)\n", n - FILES_NAMED);
	}
	free(w);
}

static void json_pct(struct dande_json *j, const char *key, double v)
{
	dande_json_key(j, key);
	if (v < 0)
		dande_json_null(j);
	else
		dande_json_double(j, round(v * 100) / 100);
}

static void json_totals(struct dande_json *j,
			const struct dande_covgate_result *g)
{
	dande_json_key(j, "lines_valid");
	dande_json_int(j, g->t.lines_valid);
	dande_json_key(j, "lines_covered");
	dande_json_int(j, g->t.lines_covered);
	json_pct(j, "line_pct", g->line_pct);
	dande_json_key(j, "branches_valid");
	dande_json_int(j, g->t.branches_valid);
	dande_json_key(j, "branches_covered");
	dande_json_int(j, g->t.branches_covered);
	json_pct(j, "branch_pct", g->branch_pct);
	dande_json_key(j, "functions_valid");
	dande_json_int(j, g->t.functions_valid);
	dande_json_key(j, "functions_covered");
	dande_json_int(j, g->t.functions_covered);
	json_pct(j, "threshold", g->threshold);
	json_pct(j, "branch_threshold", g->branch_min);
	json_pct(j, "file_threshold", g->file_min);
	dande_json_key(j, "floor");
	if (g->floor.known) {
		dande_json_object_begin(j);
		json_pct(j, "pct", g->floor.floor);
		dande_json_key(j, "source");
		dande_json_string(j, g->floor.source);
		dande_json_key(j, "reason");
		dande_json_string(j, g->floor.reason);
		dande_json_object_end(j);
	} else {
		dande_json_null(j);
	}
}

void dande_covgate_format(struct dande_buf *out, struct dande_cov *c,
			  const struct dande_covgate_result *g, int fmt)
{
	struct worst *w;
	size_t n, i, shown = 0;

	if (fmt == 2) {
		format_markdown(out, c, g);
		return;
	}
	if (fmt == 1) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		json_totals(&j, g);
		dande_json_key(&j, "files_below_threshold");
		dande_json_int(&j, (int64_t)g->files_below);
		dande_json_key(&j, "files_under");
		dande_json_array_begin(&j);
		w = files_under(c, g->file_min, &n);
		for (i = 0; i < n; i++) {
			dande_json_object_begin(&j);
			dande_json_key(&j, "file");
			dande_json_string(&j, w[i].f->path);
			json_pct(&j, "pct", dande_cov_pct(
					 w[i].f->t.lines_covered,
					 w[i].f->t.lines_valid));
			dande_json_object_end(&j);
		}
		free(w);
		dande_json_array_end(&j);
		dande_json_key(&j, "passed");
		dande_json_bool(&j, g->passed);
		dande_json_object_end(&j);
		return;
	}
	dande_buf_addf(out, "%scoverage %.1f%% %s %.1f%%%s (",
		       dande_sgr(g->passed ? "ok" : "bad"), g->line_pct,
		       g->below_line ? "<" : ">=", g->threshold,
		       dande_sgr("reset"));
	dande_covgate_thousands(out, g->t.lines_covered);
	dande_buf_addch(out, '/');
	dande_covgate_thousands(out, g->t.lines_valid);
	dande_buf_adds(out, " lines)");
	if (g->below_line) {
		int64_t need = (int64_t)ceil(g->threshold * (double)
					      g->t.lines_valid / 100 - 1e-9) -
			g->t.lines_covered;

		dande_buf_adds(out, ": cover ");
		dande_covgate_thousands(out, need);
		dande_buf_addf(out, " more line%s", need == 1 ? "" : "s");
	}
	dande_buf_addch(out, '\n');
	if (g->branch_pct >= 0)
		dande_buf_addf(out, "branches %.1f%% (%lld/%lld)%s\n",
			       g->branch_pct, (long long)g->t.branches_covered,
			       (long long)g->t.branches_valid,
			       g->below_branch ? " below the branch threshold" :
			       "");
	if (g->ratchet && !g->floor.known)
		dande_buf_adds(out, "ratchet: no earlier figure on this branch "
			       "or its merge-base: the absolute threshold "
			       "only\n");
	else if (g->ratchet)
		dande_buf_addf(out, "ratchet: floor %.1f%% (%s%s%s)%s\n",
			       g->floor.floor, g->floor.source,
			       g->floor.reason ? ": " : "", g->floor.reason ?
			       g->floor.reason : "",
			       g->below_ratchet ? ": coverage DROPPED below "
			       "it" : "");
	if (g->files_below) {
		dande_buf_addf(out, "%zu file%s under %.1f%%:\n",
			       g->files_below, g->files_below == 1 ? "" : "s",
			       g->file_min);
		w = files_under(c, g->file_min, &n);
		for (i = 0; i < n && i < FILES_NAMED; i++) {
			dande_buf_addf(out, "  %5.1f%%  ", dande_cov_pct(
					       w[i].f->t.lines_covered,
					       w[i].f->t.lines_valid));
			dande_buf_add_printable(out, w[i].f->path,
						strlen(w[i].f->path), 0);
			dande_buf_addch(out, '\n');
		}
		if (n > FILES_NAMED)
			dande_buf_addf(out, "  ... and %zu more (--all lists "
				       "every one)\n", n - FILES_NAMED);
		free(w);
		/* the files named are the ones to work on */
		if (!g->below_line && !g->below_branch && !g->below_ratchet)
			return;
	}
	if (g->passed)
		return;
	w = worst_files(c, &n);
	for (i = 0; i < n && shown < 5; i++) {
		if (!w[i].missed)
			break;
		dande_buf_addf(out, "  %6lld uncovered  %5.1f%%  ",
			       (long long)w[i].missed,
			       dande_cov_pct(w[i].f->t.lines_covered,
					     w[i].f->t.lines_valid));
		/* a path from a report: never raw to a terminal */
		dande_buf_add_printable(out, w[i].f->path,
					strlen(w[i].f->path), 0);
		dande_buf_addch(out, '\n');
		shown++;
	}
	free(w);
}

static int by_pct(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;
	double px = dande_cov_pct(x->f->t.lines_covered, x->f->t.lines_valid);
	double py = dande_cov_pct(y->f->t.lines_covered, y->f->t.lines_valid);

	if (px != py)
		return px < py ? -1 : 1;
	return by_missed(a, b);
}

void dande_covgate_report(struct dande_buf *out, struct dande_cov *c, int fmt)
{
	struct dande_printable pr = DANDE_PRINTABLE_INIT;
	struct dande_cov_totals t;
	struct dande_json j;
	struct worst *w;
	size_t n, i;

	w = worst_files(c, &n);
	qsort(w, n, sizeof(*w), by_pct);
	dande_cov_totals(c, &t);
	if (fmt == 1) {
		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "lines_valid");
		dande_json_int(&j, t.lines_valid);
		dande_json_key(&j, "lines_covered");
		dande_json_int(&j, t.lines_covered);
		json_pct(&j, "line_pct", dande_cov_pct(t.lines_covered,
						       t.lines_valid));
		dande_json_key(&j, "branches_valid");
		dande_json_int(&j, t.branches_valid);
		dande_json_key(&j, "branches_covered");
		dande_json_int(&j, t.branches_covered);
		json_pct(&j, "branch_pct", t.branches_valid ?
			 dande_cov_pct(t.branches_covered, t.branches_valid) :
			 -1);
		dande_json_key(&j, "files");
		dande_json_array_begin(&j);
		for (i = 0; i < n; i++) {
			const struct dande_cov_totals *ft = &w[i].f->t;

			dande_json_object_begin(&j);
			dande_json_key(&j, "file");
			dande_json_string(&j, w[i].f->path);
			dande_json_key(&j, "lines_valid");
			dande_json_int(&j, ft->lines_valid);
			dande_json_key(&j, "lines_covered");
			dande_json_int(&j, ft->lines_covered);
			json_pct(&j, "line_pct", dande_cov_pct(ft->lines_covered,
							       ft->lines_valid));
			dande_json_key(&j, "branches_valid");
			dande_json_int(&j, ft->branches_valid);
			dande_json_key(&j, "branches_covered");
			dande_json_int(&j, ft->branches_covered);
			dande_json_object_end(&j);
		}
		dande_json_array_end(&j);
		dande_json_object_end(&j);
	} else if (fmt == 2) {
		dande_buf_addf(out, "### Coverage %.1f%%\n\n| file | lines | "
			       "covered | %% |\n|---|---:|---:|---:|\n",
			       dande_cov_pct(t.lines_covered, t.lines_valid));
		for (i = 0; i < dande_output_shown(n); i++)
			dande_buf_addf(out, "| `%s` | %lld | %lld | %.1f |\n",
				       dande_printable(&pr, w[i].f->path),
				       (long long)w[i].f->t.lines_valid,
				       (long long)w[i].f->t.lines_covered,
				       dande_cov_pct(w[i].f->t.lines_covered,
						     w[i].f->t.lines_valid));
		if (n > dande_output_shown(n))
			dande_buf_addf(out, "| ... and %zu more files | | | |\n",
				       n - dande_output_shown(n));
		dande_buf_addf(out, "| **total** | %lld | %lld | %.1f |\n",
			       (long long)t.lines_valid,
			       (long long)t.lines_covered,
			       dande_cov_pct(t.lines_covered, t.lines_valid));
	} else {
		dande_buf_addf(out, "%7s %7s %7s %8s  %s\n", "lines", "covered",
			       "line%", "branch%", "file");
		for (i = 0; i < dande_output_shown(n); i++) {
			const struct dande_cov_totals *ft = &w[i].f->t;

			dande_buf_addf(out, "%7lld %7lld %6.1f%% ",
				       (long long)ft->lines_valid,
				       (long long)ft->lines_covered,
				       dande_cov_pct(ft->lines_covered,
						     ft->lines_valid));
			if (ft->branches_valid)
				dande_buf_addf(out, "%7.1f%%",
					       dande_cov_pct(ft->branches_covered,
							     ft->branches_valid));
			else
				dande_buf_addf(out, "%8s", "-");
			dande_buf_addf(out, "  %s\n",
				       dande_printable(&pr, w[i].f->path));
		}
		if (n > dande_output_shown(n))
			dande_buf_addf(out, "    ... and %zu more files (--all "
				       "lists every one)\n",
				       n - dande_output_shown(n));
		dande_buf_addf(out, "%7lld %7lld %6.1f%%           TOTAL\n",
			       (long long)t.lines_valid,
			       (long long)t.lines_covered,
			       dande_cov_pct(t.lines_covered, t.lines_valid));
	}
	free(w);
	dande_printable_release(&pr);
}

void dande_covgate_badge(struct dande_buf *out, double pct, double threshold)
{
	/* what the gate says: red under the threshold, yellow within 5
	 * points above it, green above that */
	const char *color = pct < threshold ? "#e05d44" :
		pct < threshold + 5 ? "#dfb317" : "#4c1";
	char value[16];

	snprintf(value, sizeof(value), "%.0f%%", floor(pct));
	dande_buf_addf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"104\" "
		"height=\"20\" role=\"img\" aria-label=\"coverage: %s\">\n"
		"  <title>coverage: %s</title>\n"
		"  <rect width=\"63\" height=\"20\" fill=\"#555\"/>\n"
		"  <rect x=\"63\" width=\"41\" height=\"20\" fill=\"%s\"/>\n"
		"  <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,"
		"DejaVu Sans,sans-serif\" font-size=\"11\">\n"
		"    <text x=\"31.5\" y=\"14\">coverage</text>\n"
		"    <text x=\"83.5\" y=\"14\">%s</text>\n"
		"  </g>\n</svg>\n", value, value, color, value);
}

static const char sql_history[] =
	"SELECT c.recorded_at, c.branch, c.commit_sha, c.lines_valid, "
	"c.lines_covered, c.branches_valid, c.branches_covered, c.run_id "
	"FROM test_coverage c WHERE c.file IS NULL AND (CAST(?1 AS TEXT) IS "
	"NULL OR c.branch = ?1) ORDER BY c.id";

struct hist {
	struct dande_buf *out;
	struct dande_json *j;
	size_t n;
};

static int hist_row(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct hist *h = payload;
	double pct;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	h->n++;
	pct = dande_cov_pct(v[4].i, v[3].i);
	if (h->j) {
		dande_json_object_begin(h->j);
		dande_json_key(h->j, "recorded_at");
		dande_json_string_len(h->j, v[0].s, v[0].len);
		dande_json_key(h->j, "branch");
		if (v[1].type == DANDE_DB_TEXT)
			dande_json_string_len(h->j, v[1].s, v[1].len);
		else
			dande_json_null(h->j);
		dande_json_key(h->j, "commit");
		if (v[2].type == DANDE_DB_TEXT)
			dande_json_string_len(h->j, v[2].s, v[2].len);
		else
			dande_json_null(h->j);
		dande_json_key(h->j, "run_id");
		dande_json_int(h->j, v[7].i);
		dande_json_key(h->j, "lines_valid");
		dande_json_int(h->j, v[3].i);
		dande_json_key(h->j, "lines_covered");
		dande_json_int(h->j, v[4].i);
		json_pct(h->j, "line_pct", pct);
		dande_json_object_end(h->j);
		return 0;
	}
	dande_buf_addf(h->out, "%.*s  %-12.12s  %-16.*s %6.2f%%  %lld/%lld\n",
		       (int)v[0].len, v[0].s,
		       v[2].type == DANDE_DB_TEXT ? v[2].s : "-",
		       v[1].type == DANDE_DB_TEXT ? (int)v[1].len : 1,
		       v[1].type == DANDE_DB_TEXT ? v[1].s : "-", pct,
		       (long long)v[4].i, (long long)v[3].i);
	return 0;
}

int dande_covgate_history(struct dande_db *db, const char *branch,
			  struct dande_buf *out, int json, size_t *count)
{
	struct dande_db_value p[1];
	struct dande_json j;
	struct hist h = { out, json ? &j : NULL, 0 };
	int r;

	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_array_begin(&j);
	}
	p[0] = dande_db_text(branch);
	r = dande_db_select(db, sql_history, p, 1, hist_row, &h);
	if (json)
		dande_json_array_end(&j);
	*count = h.n;
	return r;
}

static const char sql_last_run[] =
	"SELECT MAX(run_id) FROM test_coverage WHERE CAST(?1 AS TEXT) IS NULL "
	"OR branch = ?1";

static const char sql_files_of[] =
	"SELECT file, lines_valid, lines_covered, branches_valid, "
	"branches_covered FROM test_coverage WHERE run_id = ?1 AND file IS "
	"NOT NULL ORDER BY id";

static int load_file_row(void *payload, size_t ncols, const char *const *names,
			 const struct dande_db_value *v)
{
	struct dande_cov *c = payload;
	char *file;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	file = dande_xstrndup(v[0].s, v[0].len);
	dande_cov__add_summary(c, file, v[1].i, v[2].i);
	if (v[3].type == DANDE_DB_INTEGER && v[3].i > 0)
		dande_cov__add_summary_branches(c, file, v[3].i,
						v[4].type == DANDE_DB_INTEGER ?
						v[4].i : 0);
	free(file);
	return 0;
}

int dande_covgate_load_last(struct dande_db *db, const char *branch,
			    struct dande_cov *c)
{
	struct dande_db_value p[1];
	int64_t run = 0;
	int r;

	p[0] = dande_db_text(branch);
	if ((r = dande_db_select(db, sql_last_run, p, 1, dande_db_first_int, &run)) < 0)
		return r;
	if (!run)
		return dande_error_set(DANDE_ENOTFOUND, "no coverage recorded "
				       "yet%s%s (run 'dande cov ingest')",
				       branch ? " on " : "",
				       branch ? branch : "");
	p[0] = dande_db_int(run);
	return dande_db_select(db, sql_files_of, p, 1, load_file_row, c);
}

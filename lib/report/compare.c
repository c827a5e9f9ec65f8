/*
 * compare.c: `dande report compare A B`, what got better or worse from
 * one version (or run) to another: tests added and removed, new failures,
 * fixes, newly flaky tests, the duration and its largest changes by test,
 * coverage in total and by file (largest drops first), TODOs added and
 * resolved between them, and the changelog sections in between.
 *
 * A side is a version ("1.3.0", or its tag "v1.3.0"): its last junit run;
 * a run id ("#42" or "42"); "last", the last junit run; or "previous",
 * the last run of the version before the last run's (the run before it
 * when runs carry no version).  Tests are compared by class and name, so
 * a test that moved to another file or line is the same test.  Every set
 * is a difference of the two runs' names in SQL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/changelog.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/dande.h"
#include "dande/json.h"
#include "dande/report.h"
#include "report/report_int.h"
#include "store/blocks_int.h"
#include "store/sql_int.h"
#include "util/banned.h"

struct side {
	const char *asked;
	int64_t run;
	char *version;
	double duration_s, line_pct;
	int64_t cov_run;	/* its coverage measurement, 0: none */
	int64_t tests;
};

static const char sql_run_of_version[] =
	"SELECT MAX(id) FROM test_runs WHERE kind = 'junit' AND version = ?1";
static const char sql_run_exists[] =
	"SELECT id FROM test_runs WHERE kind = 'junit' AND id = ?1";
static const char sql_last_run[] =
	"SELECT MAX(id) FROM test_runs WHERE kind = 'junit'";
/* The last run of another version than run ?1's, before it; else the
 * run before it. */
static const char sql_previous[] =
	"SELECT COALESCE((SELECT MAX(r.id) FROM test_runs r WHERE r.kind = "
	"'junit' AND r.id < ?1 AND r.version IS NOT NULL AND r.version IS "
	"DISTINCT FROM (SELECT version FROM test_runs WHERE id = ?1)), (SELECT "
	"MAX(id) FROM test_runs WHERE kind = 'junit' AND id < ?1))";
static const char sql_side[] =
	"SELECT version, duration_s, tests FROM test_runs WHERE id "
	"= ?1";
/* A run's coverage: measured with it, else its version's last (a
 * coverage report is often ingested after the tests' run). */
static const char sql_cov_of_run[] =
	"SELECT run_id, 100.0 * lines_covered / lines_valid FROM test_coverage "
	"WHERE file IS NULL AND lines_valid > 0 AND (run_id = ?1 OR run_id IN "
	"(SELECT v.id FROM test_runs v WHERE v.version = (SELECT version FROM "
	"test_runs WHERE id = ?1))) ORDER BY CASE WHEN run_id = ?1 THEN 0 "
	"ELSE 1 END, id DESC LIMIT 1";

/* The names of run ?N's tests that hold `cond` (on a row x), and, with
 * `letters`, the names of its blocks' entries whose letter (l) holds it
 * ("": none can). */
#define NAMES(n, cond, letters) \
	"SELECT s.n FROM (SELECT c.classname || '::' || c.name AS n FROM " \
	"test_results x JOIN test_cases c ON c.id = x.test_id WHERE " \
	"x.run_id = " n cond letters ") s"
#define LETTERS(n, cond) " UNION ALL SELECT c.classname || '::' || " \
	"c.name FROM " DANDE_BLOCK_ENTRIES(n) " AND " \
	DANDE_BLOCK_AT("c.id") " " cond
/* Run ?1's tests that are `cond1` set against run ?2's that are `cond2`. */
#define SETS(cond1, letters1, op, cond2, letters2) \
	NAMES("?1", cond1, letters1) " " op " " NAMES("?2", cond2, letters2) \
	" ORDER BY 1"
const char dande_report__sql_names_diff[] =
	SETS("", LETTERS("?1", "<> '-'"), "EXCEPT", "",
	     LETTERS("?2", "<> '-'"));
static const char sql_set_diff_bad[] =
	SETS(" AND x.status >= 3", "", "EXCEPT", " AND x.status >= 3", "");
static const char sql_fixed[] =
	SETS(" AND x.status = 0", LETTERS("?1", "= 'p'"), "INTERSECT",
	     " AND x.status >= 3", "");
static const char sql_newly_flaky[] =
	SETS(" AND x.status = 2", "", "EXCEPT", " AND x.status = 2", "");
/* Run ?N's durations by name: rows and blocks. */
#define DURATIONS(n) \
	"SELECT c.classname || '::' || c.name AS n, x.duration_us / 1e6 AS " \
	"d FROM test_results x JOIN test_cases c ON c.id = x.test_id WHERE " \
	"x.run_id = " n " AND x.duration_us IS NOT NULL UNION ALL SELECT " \
	"c.classname || '::' || c.name, " DANDE_BLOCK_DURATION("c.id") \
	" / 1e6 FROM " DANDE_BLOCK_ENTRIES(n) " AND " \
	DANDE_BLOCK_DURATION("c.id") " IS NOT NULL"
/* The 10 largest duration changes of tests both runs have. */
static const char sql_durations[] =
	"SELECT b.n, a.d, b.d FROM (" DURATIONS("?2") ") AS b JOIN ("
	DURATIONS("?1") ") AS a ON a.n = b.n ORDER BY ABS(b.d - a.d) DESC, "
	"b.n LIMIT 10";
/* By file, the largest drops first (files new in ?2 compare with none). */
static const char sql_files[] =
	"SELECT b.file, (SELECT 100.0 * a.lines_covered / a.lines_valid FROM "
	"test_coverage a WHERE a.run_id = ?1 AND a.file = b.file AND "
	"a.lines_valid > 0), 100.0 * b.lines_covered / b.lines_valid FROM "
	"test_coverage b WHERE b.run_id = ?2 AND b.file IS NOT NULL AND "
	"b.lines_valid > 0 ORDER BY 100.0 * b.lines_covered / b.lines_valid - "
	"COALESCE((SELECT 100.0 * a.lines_covered / a.lines_valid FROM "
	"test_coverage a WHERE a.run_id = ?1 AND a.file = b.file AND "
	"a.lines_valid > 0), 0), b.file";
/* TODOs first seen (or resolved) after run ?1 began, up to the junit run
 * after ?2 (or now). */
#define TODO_WINDOW(col) \
	"SELECT file || ':' || line || ': ' || tag || ' ' || text FROM todos " \
	"WHERE " col " >= (SELECT started_at FROM test_runs WHERE id = ?1) " \
	"AND " col " <= COALESCE((SELECT MIN(started_at) FROM test_runs " \
	"WHERE kind = 'junit' AND id > ?2), '9999') ORDER BY file, line"
static const char sql_todos_added[] = TODO_WINDOW("first_seen_at");
static const char sql_todos_resolved[] = TODO_WINDOW("resolved_at");
/* The versions of the runs after ?1, up to ?2, oldest first. */
static const char sql_versions_between[] =
	"SELECT version FROM test_runs WHERE kind = 'junit' AND id > ?1 AND id "
	"<= ?2 AND version IS NOT NULL GROUP BY version ORDER BY MIN(id)";

static int first_str(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct dande_strvec *out = payload;

	(void)names;
	if (v && ncols && v[0].type != DANDE_DB_NULL)
		dande_strvec_push(out, v[0].type == DANDE_DB_TEXT ? v[0].s : "");
	return 0;
}

static int side_row(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct side *s = payload;

	(void)names;
	if (!v || ncols < 3)
		return 0;
	s->version = v[0].type == DANDE_DB_TEXT ?
		dande_xstrndup(v[0].s, v[0].len) : NULL;
	s->duration_s = v[1].type == DANDE_DB_REAL ? v[1].d :
		v[1].type == DANDE_DB_INTEGER ? (double)v[1].i : NAN;
	s->tests = v[2].type == DANDE_DB_INTEGER ? v[2].i : 0;
	return 0;
}

static int cov_row(void *payload, size_t ncols, const char *const *names,
		   const struct dande_db_value *v)
{
	struct side *s = payload;

	(void)names;
	if (!v || ncols < 2)
		return 0;
	s->cov_run = v[0].type == DANDE_DB_INTEGER ? v[0].i : 0;
	s->line_pct = v[1].type == DANDE_DB_REAL ? v[1].d :
		v[1].type == DANDE_DB_INTEGER ? (double)v[1].i :
		v[1].type == DANDE_DB_TEXT ? strtod(v[1].s, NULL) : NAN;
	return 0;
}

/* The run `s->asked` names. */
static int resolve(struct dande_db *db, struct side *s, int64_t last)
{
	const char *a = s->asked;
	struct dande_db_value p[1];
	char *end;
	int64_t id = 0;
	int r;

	if (!strcmp(a, "last")) {
		id = last;
	} else if (!strcmp(a, "previous")) {
		p[0] = dande_db_int(last);
		if ((r = dande_db_select(db, sql_previous, p, 1,
					 dande_db_first_int, &id)) < 0)
			return r;
	} else {
		const char *num = *a == '#' ? a + 1 : a;
		long long n = strtoll(num, &end, 10);

		/* a version first ("12" may be one), then a run id */
		p[0] = dande_db_text(*a == 'v' && a[1] >= '0' && a[1] <= '9' ?
				     a + 1 : a);
		if (*a != '#' && (r = dande_db_select(db, sql_run_of_version, p,
						      1, dande_db_first_int,
						      &id)) < 0)
			return r;
		if (!id && *num && !*end && n > 0) {
			p[0] = dande_db_int(n);
			if ((r = dande_db_select(db, sql_run_exists, p, 1,
						 dande_db_first_int, &id)) < 0)
				return r;
		}
	}
	if (!id)
		return dande_error_set(DANDE_EUSAGE, "'%s' names no junit "
				       "run: a version (1.2.0 or v1.2.0) with "
				       "runs, a run id (#42), last or previous",
				       a);
	s->run = id;
	s->line_pct = NAN;
	p[0] = dande_db_int(id);
	if ((r = dande_db_select(db, sql_side, p, 1, side_row, s)) < 0 ||
	    (r = dande_db_select(db, sql_cov_of_run, p, 1, cov_row, s)) < 0)
		return r;
	return 0;
}

static int names(struct dande_db *db, const char *sql, int64_t a, int64_t b,
		 struct dande_strvec *out)
{
	struct dande_db_value p[2];

	p[0] = dande_db_int(a);
	p[1] = dande_db_int(b);
	return dande_db_select(db, sql, p, 2, first_str, out);
}

struct triple {
	struct dande_strvec name;
	double *from, *to;
	size_t n, alloc;
};

static double dbl(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_REAL ? v->d : v->type == DANDE_DB_INTEGER ?
		(double)v->i : v->type == DANDE_DB_TEXT ? strtod(v->s, NULL) :
		NAN;
}

static int triple_row(void *payload, size_t ncols, const char *const *names,
		      const struct dande_db_value *v)
{
	struct triple *t = payload;

	(void)names;
	if (!v || ncols < 3)
		return 0;
	if (t->n == t->alloc) {	/* two arrays of one length */
		size_t alloc = t->alloc;

		DANDE_GROW(t->from, t->n, alloc, 16);
		DANDE_GROW(t->to, t->n, t->alloc, 16);
	}
	dande_strvec_push(&t->name, v[0].type == DANDE_DB_TEXT ? v[0].s : "");
	t->from[t->n] = dbl(&v[1]);
	t->to[t->n] = dbl(&v[2]);
	t->n++;
	return 0;
}

static void triple_release(struct triple *t)
{
	dande_strvec_release(&t->name);
	free(t->from);
	free(t->to);
}

/* ---- rendering ----------------------------------------------------------- */

enum { LIST_ADDED, LIST_REMOVED, LIST_NEW, LIST_FIXED, LIST_FLAKY,
       LIST_TODO_ADDED, LIST_TODO_RESOLVED, NLISTS };
static const char *const list_keys[NLISTS] = {
	"tests_added", "tests_removed", "new_failures", "fixed",
	"newly_flaky", "todos_added", "todos_resolved"
};
static const char *const list_titles[NLISTS] = {
	"tests added", "tests removed", "new failures", "fixed",
	"newly flaky", "TODOs added", "TODOs resolved"
};

/* How many of a list text and Markdown show. */
/* entries of a list shown: the --limit (0: all) */
#define SHOWN (dande_output_limit() ? dande_output_limit() : (size_t)-1)

static void json_num(struct dande_json *j, const char *key, double v)
{
	dande_json_key(j, key);
	if (isnan(v))
		dande_json_null(j);
	else
		dande_json_double(j, round(v * 1000) / 1000);
}

/* KEY: [{NAME: ..., FIG_from: ..., FIG_to: ...}, ...] */
static void json_triples(struct dande_json *j, const char *key,
			 const char *name, const char *fig,
			 const struct triple *t)
{
	struct dande_buf from = DANDE_BUF_INIT, to = DANDE_BUF_INIT;
	size_t i;

	dande_buf_addf(&from, "%s_from", fig);
	dande_buf_addf(&to, "%s_to", fig);
	dande_json_key(j, key);
	dande_json_array_begin(j);
	for (i = 0; i < t->n; i++) {
		dande_json_object_begin(j);
		dande_json_key(j, name);
		dande_json_string(j, t->name.v[i]);
		json_num(j, from.ptr, t->from[i]);
		json_num(j, to.ptr, t->to[i]);
		dande_json_object_end(j);
	}
	dande_json_array_end(j);
	dande_buf_release(&from);
	dande_buf_release(&to);
}

static void side_name(struct dande_buf *out, const struct side *s)
{
	if (s->version)
		dande_buf_addf(out, "%s (run #%lld)", s->version,
			       (long long)s->run);
	else
		dande_buf_addf(out, "run #%lld", (long long)s->run);
}

static void pct_or_dash(struct dande_buf *out, double v)
{
	if (isnan(v))
		dande_buf_adds(out, "-");
	else
		dande_buf_addf(out, "%.1f%%", v);
}

/* A file's coverage changed (or it is new). */
static int changed(double from, double to)
{
	return isnan(from) || fabs(to - from) >= 0.05;
}

static void render(struct dande_buf *out, int fmt, const struct side *a,
		   const struct side *b, struct dande_strvec *lists,
		   const struct triple *dur, const struct triple *files,
		   const struct dande_strvec *sections)
{
	int md = fmt == 2;
	size_t i, k;

	if (fmt == 1) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "from");
		dande_json_string(&j, a->version ? a->version : a->asked);
		dande_json_key(&j, "to");
		dande_json_string(&j, b->version ? b->version : b->asked);
		dande_json_key(&j, "from_run");
		dande_json_int(&j, a->run);
		dande_json_key(&j, "to_run");
		dande_json_int(&j, b->run);
		for (k = 0; k < NLISTS; k++) {
			dande_json_key(&j, list_keys[k]);
			dande_json_array_begin(&j);
			for (i = 0; i < lists[k].nr; i++)
				dande_json_string(&j, lists[k].v[i]);
			dande_json_array_end(&j);
		}
		json_num(&j, "duration_s_from", a->duration_s);
		json_num(&j, "duration_s_to", b->duration_s);
		json_triples(&j, "durations", "test", "duration_s", dur);
		json_num(&j, "line_pct_from", a->line_pct);
		json_num(&j, "line_pct_to", b->line_pct);
		json_triples(&j, "files", "file", "line_pct", files);
		dande_json_key(&j, "changelog");
		dande_json_array_begin(&j);
		for (i = 0; i < sections->nr; i++)
			dande_json_string(&j, sections->v[i]);
		dande_json_array_end(&j);
		dande_json_object_end(&j);
		return;
	}
	dande_buf_adds(out, md ? "### " : "");
	side_name(out, a);
	dande_buf_adds(out, md ? " &rarr; " : " -> ");
	side_name(out, b);
	dande_buf_addf(out, "\n%stests: %lld -> %lld (%zu added, %zu "
		       "removed)\n", md ? "\n- " : "", (long long)a->tests,
		       (long long)b->tests, lists[LIST_ADDED].nr,
		       lists[LIST_REMOVED].nr);
	if (!isnan(a->duration_s) && !isnan(b->duration_s))
		dande_buf_addf(out, "%sduration: %.1f s -> %.1f s (%+.1f s)\n",
			       md ? "- " : "", a->duration_s, b->duration_s,
			       b->duration_s - a->duration_s);
	dande_buf_addf(out, "%scoverage: ", md ? "- " : "");
	pct_or_dash(out, a->line_pct);
	dande_buf_adds(out, " -> ");
	pct_or_dash(out, b->line_pct);
	if (!isnan(a->line_pct) && !isnan(b->line_pct))
		dande_buf_addf(out, " (%+.1f pt)", b->line_pct - a->line_pct);
	dande_buf_addch(out, '\n');
	for (k = 0; k < NLISTS; k++) {
		if (!lists[k].nr)
			continue;
		dande_buf_addf(out, md ? "\n**%s (%zu)**\n\n" : "%s (%zu):\n",
			       list_titles[k], lists[k].nr);
		for (i = 0; i < lists[k].nr && i < SHOWN; i++) {
			dande_buf_adds(out, md ? "- `" : "  ");
			dande_buf_add_printable(out, lists[k].v[i],
						strlen(lists[k].v[i]), 0);
			dande_buf_adds(out, md ? "`\n" : "\n");
		}
		if (lists[k].nr > SHOWN)
			dande_buf_addf(out, "%s... and %zu more\n",
				       md ? "- " : "  ", lists[k].nr - SHOWN);
	}
	if (dur->n) {
		dande_buf_adds(out, md ? "\n**largest duration changes**\n\n"
			       "| test | from | to |\n|---|---:|---:|\n" :
			       "largest duration changes:\n");
		for (i = 0; i < dur->n; i++) {
			dande_buf_adds(out, md ? "| `" : "  ");
			dande_buf_add_printable(out, dur->name.v[i],
						strlen(dur->name.v[i]), 0);
			dande_buf_addf(out, md ? "` | %.3f s | %.3f s |\n" :
				       "  %.3f s -> %.3f s\n", dur->from[i],
				       dur->to[i]);
		}
	}
	for (i = k = 0; i < files->n; i++)
		k += changed(files->from[i], files->to[i]);
	if (k) {
		size_t shown = 0;

		dande_buf_addf(out, md ? "\n**coverage by file, largest drops "
			       "first (%zu changed)**\n\n| file | from | to |\n"
			       "|---|---:|---:|\n" : "coverage by file, largest "
			       "drops first (%zu changed):\n", k);
		for (i = 0; i < files->n && shown < SHOWN; i++) {
			if (!changed(files->from[i], files->to[i]))
				continue;
			shown++;
			dande_buf_adds(out, md ? "| `" : "  ");
			dande_buf_add_printable(out, files->name.v[i],
						strlen(files->name.v[i]), 0);
			dande_buf_adds(out, md ? "` | " : "  ");
			pct_or_dash(out, files->from[i]);
			dande_buf_adds(out, md ? " | " : " -> ");
			pct_or_dash(out, files->to[i]);
			dande_buf_adds(out, md ? " |\n" : "\n");
		}
		if (k > SHOWN)
			dande_buf_addf(out, "%s... and %zu more\n",
				       md ? "\n" : "  ", k - SHOWN);
	}
	if (sections->nr) {
		dande_buf_adds(out, md ? "\n**changelog**\n\n" :
			       "changelog:\n");
		for (i = 0; i < sections->nr; i++) {
			dande_buf_add_printable(out, sections->v[i],
						strlen(sections->v[i]), 1);
			dande_buf_addch(out, '\n');
		}
	}
}

int dande_report_compare(struct dande_db *db, const char *from,
			 const char *to, const struct dande_changelog *cl,
			 int fmt, struct dande_buf *out, int *dropped)
{
	struct side a, b;
	struct dande_strvec lists[NLISTS], versions = DANDE_STRVEC_INIT;
	struct dande_strvec sections = DANDE_STRVEC_INIT;
	struct triple dur, files;
	struct dande_db_value p[2];
	int64_t last = 0;
	size_t i;
	int r;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&dur, 0, sizeof(dur));
	memset(&files, 0, sizeof(files));
	dande_strvec_init(&dur.name);
	dande_strvec_init(&files.name);
	for (i = 0; i < NLISTS; i++)
		dande_strvec_init(&lists[i]);
	a.asked = from;
	b.asked = to;
	*dropped = 0;
	if ((r = dande_db_select(db, sql_last_run, NULL, 0, dande_db_first_int,
				 &last)) < 0 ||
	    (r = resolve(db, &a, last)) < 0 || (r = resolve(db, &b, last)) < 0)
		goto done;
	if ((r = names(db, dande_report__sql_names_diff, b.run, a.run,
		       &lists[LIST_ADDED])) < 0 ||
	    (r = names(db, dande_report__sql_names_diff, a.run, b.run,
		       &lists[LIST_REMOVED])) < 0 ||
	    (r = names(db, sql_set_diff_bad, b.run, a.run,
		       &lists[LIST_NEW])) < 0 ||
	    (r = names(db, sql_fixed, b.run, a.run, &lists[LIST_FIXED])) < 0 ||
	    (r = names(db, sql_newly_flaky, b.run, a.run,
		       &lists[LIST_FLAKY])) < 0 ||
	    (r = names(db, sql_todos_added, a.run, b.run,
		       &lists[LIST_TODO_ADDED])) < 0 ||
	    (r = names(db, sql_todos_resolved, a.run, b.run,
		       &lists[LIST_TODO_RESOLVED])) < 0)
		goto done;
	p[0] = dande_db_int(a.run);
	p[1] = dande_db_int(b.run);
	if ((r = dande_db_select(db, sql_durations, p, 2, triple_row,
				 &dur)) < 0)
		goto done;
	if (a.cov_run && b.cov_run) {
		p[0] = dande_db_int(a.cov_run);
		p[1] = dande_db_int(b.cov_run);
		if ((r = dande_db_select(db, sql_files, p, 2, triple_row,
					 &files)) < 0)
			goto done;
	}
	/* the changelog sections of the versions after A, up to B */
	p[0] = dande_db_int(a.run);
	p[1] = dande_db_int(b.run);
	if (cl && (r = dande_db_select(db, sql_versions_between, p, 2,
				       first_str, &versions)) < 0)
		goto done;
	for (i = 0; cl && i < versions.nr; i++) {
		struct dande_buf s = DANDE_BUF_INIT;

		if (a.version && !strcmp(versions.v[i], a.version))
			continue;
		if (dande_changelog_show(cl, versions.v[i], &s, 0) == 0 &&
		    s.len)
			dande_strvec_pushf(&sections, "## %s\n%s",
					   versions.v[i], s.ptr);
		dande_error_clear();
		dande_buf_release(&s);
	}
	*dropped = lists[LIST_NEW].nr > 0 || (!isnan(a.line_pct) &&
		!isnan(b.line_pct) && b.line_pct < a.line_pct - 0.05);
	render(out, fmt, &a, &b, lists, &dur, &files, &sections);
	/* a CI summary: where the two stand in the trend of the last runs */
	if (fmt == 2) {
		struct dande_report_trend t;

		if (dande_report_trend(db, DANDE_REPORT_PASS_RATE, 20, &t) == 0)
			dande_report_mermaid(out, "Pass rate", &t, NAN,
					     NULL);
		if (dande_report_trend(db, DANDE_REPORT_COVERAGE, 20, &t) == 0)
			dande_report_mermaid(out, "Line coverage", &t, NAN,
					     NULL);
		dande_error_clear();
	}
done:
	for (i = 0; i < NLISTS; i++)
		dande_strvec_release(&lists[i]);
	dande_strvec_release(&versions);
	dande_strvec_release(&sections);
	triple_release(&dur);
	triple_release(&files);
	free(a.version);
	free(b.version);
	return r;
}

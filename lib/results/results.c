/*
 * lib/results/: test results: JUnit reading through the hardened XML
 * reader (junit.c), the ingest into the compact history (ingest.c), the
 * report of a run (results.c), and its rendering with the history and
 * flaky queries (results_format.c).
 *
 * results.c: test results in the tracking database: layers, error
 * fingerprints, configuration, and the report of a run read back from
 * the compact history that ingest.c writes.  Every statement is a
 * constant here, run through dande_db_exec/select with bound parameters.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/json.h"
#include "dande/config.h"
#include "dande/fs.h"
#include "dande/results.h"
#include "results/results_int.h"
#include "store/blocks_int.h"
#include "dande/provenance.h"
#include "util/banned.h"

static const char *const layer_names[] = {
	"unit", "integration", "e2e", "unknown"
};

/* The layer a path or a dotted name says by a component named after it
 * (the last such component: the one nearest the test); NULL: none. */
static const char *layer_by_name(const char *s)
{
	static const struct {
		const char *word, *layer;
	} words[] = {
		{ "unit", "unit" }, { "units", "unit" }, { "unittest", "unit" },
		{ "unittests", "unit" }, { "unit_tests", "unit" },
		{ "unit-tests", "unit" }, { "integration", "integration" },
		{ "integrations", "integration" },
		{ "integration_tests", "integration" },
		{ "integration-tests", "integration" }, { "e2e", "e2e" },
		{ "end2end", "e2e" }, { "end-to-end", "e2e" },
		{ "end_to_end", "e2e" }, { "e2e_tests", "e2e" },
		{ "e2e-tests", "e2e" },
	};
	const char *found = NULL, *p = s;
	size_t i;

	while (p && *p) {
		size_t n = strcspn(p, "/\\.:");

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (n == strlen(words[i].word) &&
			    !strncasecmp(p, words[i].word, n))
				found = words[i].layer;
		p += n;
		if (*p)
			p++;
	}
	return found;
}

const char *dande_results_layer(const struct dande_strvec *rules,
				const char *file, const char *classname,
				const char *suite)
{
	size_t i;

	const char *dflt;

	for (i = 0; rules && i < rules->nr; i++) {
		const char *tab = strchr(rules->v[i], '\t');
		const char *glob;
		char layer[16];
		size_t n;

		if (!tab)
			continue;
		n = (size_t)(tab - rules->v[i]);
		if (n >= sizeof(layer))
			continue;
		memcpy(layer, rules->v[i], n);
		layer[n] = '\0';
		glob = tab + 1;
		if ((file && !fnmatch(glob, file, 0)) ||
		    (classname && !fnmatch(glob, classname, 0)) ||
		    (suite && !fnmatch(glob, suite, 0))) {
			size_t k;

			for (k = 0; k < 3; k++)
				if (!strcmp(layer, layer_names[k]))
					return layer_names[k];
		}
	}
	/* the usual layouts, when no rule said: tests/unit/..., test/e2e/,
	 * spec/integration/, tests.unit.test_x, a Go package .../integration */
	if ((dflt = layer_by_name(file)) || (dflt = layer_by_name(classname)) ||
	    (dflt = layer_by_name(suite)))
		return dflt;
	return "unknown";
}

/* FNV-1a, 64 bits. */
void dande_results_fingerprint(char out[17], const char *suite,
			       const char *classname, const char *name,
			       const char *kind, const char *type,
			       const char *message)
{
	const char *parts[5] = { suite, classname, name, kind, type };
	uint64_t h = DANDE_FNV1A_INIT;
	struct dande_buf norm = DANDE_BUF_INIT;
	const char *p;
	size_t i;

	for (i = 0; i < 5; i++) {
		const char *s = parts[i] ? parts[i] : "";

		h = dande_fnv1a(h, s, strlen(s) + 1);
	}
	/* numbers, addresses and paths vary from run to run */
	for (p = message ? message : ""; *p && norm.len < 1024;) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		    isxdigit((unsigned char)p[2])) {
			dande_buf_adds(&norm, "0xA");
			for (p += 2; isxdigit((unsigned char)*p); p++)
				;
		} else if (isdigit((unsigned char)*p)) {
			dande_buf_addch(&norm, 'N');
			while (isdigit((unsigned char)*p) || *p == '.')
				p++;
		} else if (*p == '/' && (p == message || isspace(
				(unsigned char)p[-1]) || p[-1] == '\'' ||
				p[-1] == '"' || p[-1] == '(')) {
			dande_buf_adds(&norm, "<path>");
			while (*p && !isspace((unsigned char)*p) &&
			       !strchr("'\":)", *p))
				p++;
		} else {
			dande_buf_addch(&norm, *p++);
		}
	}
	h = dande_fnv1a(h, norm.ptr, norm.len);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	dande_buf_release(&norm);
}

int dande_results_opts_config(struct dande_results_opts *o,
			      const struct dande_config *cfg,
			      struct dande_strvec *rules)
{
	static const char *const layers[] = { "unit", "integration", "e2e" };
	struct dande_strvec globs = DANDE_STRVEC_INIT;
	struct dande_buf key = DANDE_BUF_INIT;
	double min_unit = 50, max_e2e = 20;
	int64_t cap = 65536;
	size_t i, k;
	int r = 0;

	for (i = 0; i < 3 && r == 0; i++) {
		dande_buf_reset(&key);
		dande_buf_addf(&key, "layer.%s.pattern", layers[i]);
		dande_strvec_clear(&globs);
		r = dande_config_get_list(cfg, key.ptr, &globs);
		if (r == DANDE_ENOTFOUND) {
			dande_error_clear();
			r = 0;
		}
		for (k = 0; k < globs.nr; k++)
			dande_strvec_pushf(rules, "%s\t%s", layers[i],
					   globs.v[k]);
	}
	dande_strvec_release(&globs);
	dande_buf_release(&key);
	if (r < 0 ||
	    (r = dande_config_get_int(cfg, "junit.outputCap", &cap)) < 0 ||
	    (r = dande_config_get_percent(cfg, "pyramid.minUnitShare",
					  &min_unit)) < 0 ||
	    (r = dande_config_get_percent(cfg, "pyramid.maxE2eShare",
					  &max_e2e)) < 0)
		return r;
	o->layer_rules = rules;
	o->output_cap = cap > 0 ? (size_t)cap : 1;
	o->min_unit_share = min_unit / 100;
	o->max_e2e_share = max_e2e / 100;
	return 0;
}

/* ---- reading back ---------------------------------------------------------- */

static char *col_text(const struct dande_db_value *v)
{
	if (v->type == DANDE_DB_TEXT)
		return dande_xstrndup(v->s, v->len);
	if (v->type == DANDE_DB_INTEGER) {
		char tmp[32];

		snprintf(tmp, sizeof(tmp), "%lld", (long long)v->i);
		return dande_xstrdup(tmp);
	}
	return NULL;
}

static double col_real(const struct dande_db_value *v)
{
	if (v->type == DANDE_DB_REAL)
		return v->d;
	if (v->type == DANDE_DB_INTEGER)
		return (double)v->i;
	return -1;
}

static int64_t col_int(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_INTEGER ? v->i : 0;
}

/* A TEXT value as an owned string; NULL for NULL or "". */
static char *text_or_null(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_TEXT && v->len ?
		dande_xstrndup(v->s, v->len) : NULL;
}

/* Lines of runner boilerplate that say nothing of the failure. */
static int meaningless(const char *s, size_t n)
{
	static const char *const prefixes[] = { "=== RUN", "=== PAUSE",
		"=== CONT", "--- FAIL", "--- PASS", "--- SKIP", NULL };
	size_t i;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return 1;
	if ((n == 6 && !strncasecmp(s, "failed", 6)) ||
	    (n == 5 && !strncasecmp(s, "error", 5)))
		return 1;
	for (i = 0; prefixes[i]; i++)
		if (n >= strlen(prefixes[i]) &&
		    !strncmp(s, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

/* The first "path.ext:LINE" in `s` (path characters, a dot, letters, a
 * colon, digits) into `out`; 0 when there is none. */
static int find_location(struct dande_buf *out, const char *s)
{
	const char *p;

	for (p = s; (p = strchr(p, ':')); p++) {
		const char *b = p, *dot = NULL, *e = p + 1;

		if (!isdigit((unsigned char)*e))
			continue;
		while (b > s && (isalnum((unsigned char)b[-1]) ||
				 strchr("_./-", b[-1]))) {
			if (b[-1] == '.' && !dot)
				dot = b - 1;
			b--;
		}
		/* an extension of letters right before the colon */
		if (!dot || dot + 1 == p || dot == b)
			continue;
		{
			const char *x;

			for (x = dot + 1; x < p && isalpha((unsigned char)*x);
			     x++)
				;
			if (x != p)
				continue;
		}
		while (isdigit((unsigned char)*e))
			e++;
		if (e - p > 9)
			continue;
		/* file:///path: the path */
		if (b - s >= 5 && !strncmp(b - 5, "file:", 5) &&
		    !strncmp(b, "//", 2))
			b += 2;
		dande_buf_reset(out);
		dande_buf_add(out, b, (size_t)(e - b));
		return 1;
	}
	return 0;
}

void dande_results_summary(struct dande_buf *out, const char *message)
{
	struct dande_buf loc = DANDE_BUF_INIT;
	const char *p = message ? message : "", *nl;
	size_t start = out->len;
	int shown = 0;

	/* the first meaningful line */
	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (!meaningless(p, nl ? (size_t)(nl - p) : strlen(p)))
			break;
	}
	while (*p && shown < 3) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		/* a continuation is indented, says something, and is not a
		 * stack frame */
		if (shown && !isspace((unsigned char)*p))
			break;
		while (n && isspace((unsigned char)*p))
			p++, n--;
		if (shown && (meaningless(p, n) || (n > 3 &&
					!strncmp(p, "at ", 3))))
			break;
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		dande_buf_add(out, p, n > 200 ? 200 : n);
		dande_buf_addch(out, '\n');
		shown++;
		if (!nl)
			break;
		p = nl + 1;
	}
	if (find_location(&loc, message ? message : "") &&
	    !strstr(out->ptr + start, loc.ptr))
		dande_buf_addf(out, "at %s\n", loc.ptr);
	dande_buf_release(&loc);
}

/* Rows: suite, classname, name, status, message, file, line, duration. */
static int add_item(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct dande_results_list *l = payload;
	struct dande_results_item *it;
	struct dande_buf id = DANDE_BUF_INIT;
	char *msg;

	(void)names;
	if (!v)
		return 0;
	DANDE_ASSERT(ncols == 8);
	/* count every row, keep the first `limit`: memory stays bounded
	 * however many tests failed */
	l->total++;
	if (l->limit && l->nr >= l->limit)
		return 0;
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->v = dande_xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	it = &l->v[l->nr++];
	memset(it, 0, sizeof(*it));
	if (v[1].len)
		dande_buf_add(&id, v[1].s, v[1].len);
	else
		dande_buf_add(&id, v[0].s, v[0].len);
	dande_buf_adds(&id, "::");
	dande_buf_add(&id, v[2].s, v[2].len);
	it->identity = dande_buf_detach(&id, NULL);
	it->status = col_text(&v[3]);
	msg = col_text(&v[4]);
	it->message = msg;
	if (msg) {
		struct dande_buf sum = DANDE_BUF_INIT;

		dande_results_summary(&sum, msg);
		it->summary = dande_buf_detach(&sum, NULL);
	}
	it->file = col_text(&v[5]);
	it->line = (int)col_int(&v[6]);
	it->duration_s = col_real(&v[7]);
	return 0;
}

static void list_release(struct dande_results_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].identity);
		free(l->v[i].status);
		free(l->v[i].message);
		free(l->v[i].summary);
		free(l->v[i].file);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void dande_results_report_release(struct dande_results_report *r)
{
	list_release(&r->failures);
	list_release(&r->slowest);
	list_release(&r->new_failures);
	list_release(&r->fixed);
	list_release(&r->disappeared);
	free(r->started_at);
	free(r->commit);
	free(r->branch);
	free(r->version);
	r->started_at = r->commit = r->branch = r->version = NULL;
}

/* A case of run x (its identity c, its message m), as add_item reads
 * it; SRC is where x's rows come from. */
#define COLS_FROM(src) "c.suite, c.classname, c.name, CASE x.status WHEN " \
	"0 THEN 'passed' WHEN 1 THEN 'skipped' WHEN 2 THEN 'flaky' WHEN 3 " \
	"THEN 'failed' ELSE 'error' END, o.failure_message, c.file, c.line, " \
	"x.duration_us / 1e6 FROM " src " x JOIN test_cases c ON " \
	"c.id = x.test_id LEFT JOIN test_messages m ON m.run_id = x.run_id " \
	"AND m.seq = x.seq LEFT JOIN test_outputs o ON o.id = m.output_id"
#define COLS COLS_FROM("test_results")

/* Whether run ?2 holds the test of identity c with status `cond` (a
 * bad one: rows only), or any result (its rows or its blocks): by name,
 * then by (test_id, run_id), never a scan of run ?2. */
#define IN_RUN_2(cond) "EXISTS (SELECT 1 FROM test_cases pc WHERE " \
	"pc.name = c.name AND pc.classname = c.classname AND pc.suite = " \
	"c.suite AND EXISTS (SELECT 1 FROM test_results p WHERE p.test_id " \
	"= pc.id AND p.run_id = ?2" cond "))"
#define HAS_2(t) "(EXISTS (SELECT 1 FROM test_results z WHERE z.test_id " \
	"= " t " AND z.run_id = ?2) OR " DANDE_BLOCK_LETTER("?2", t) \
	" IN ('p', 's'))"
#define ANY_IN_RUN_2 "EXISTS (SELECT 1 FROM test_cases pc WHERE " \
	"pc.name = c.name AND pc.classname = c.classname AND pc.suite = " \
	"c.suite AND " HAS_2("pc.id") ")"
/* Run ?1's results, rows and block entries (`cond` on the rows' y, the
 * entries' c), as test_results' columns. */
#define RUN_1(cond_y, cond_c) "(SELECT y.run_id, y.seq, y.test_id, " \
	"y.status, y.duration_us FROM test_results y WHERE y.run_id = ?1" \
	cond_y " UNION ALL SELECT b.run_id, NULL, c.id, " \
	DANDE_BLOCK_STATUS("c.id") ", " DANDE_BLOCK_DURATION("c.id") \
	" FROM " DANDE_BLOCK_ENTRIES("?1") cond_c ")"

static const char sql_run[] =
	"SELECT id, started_at, commit_sha, branch, version, tests, passed, "
	"failed, errors, skipped, flaky, duration_s FROM test_runs WHERE "
	"kind = 'junit' AND (id = ?1 OR (?1 = 0 AND id = (SELECT MAX(id) "
	"FROM test_runs WHERE kind = 'junit')))";

static const char sql_prev[] =
	"SELECT id FROM test_runs WHERE kind = 'junit' AND id < ?1 AND "
	"branch IS NOT DISTINCT FROM ?2 ORDER BY id DESC LIMIT 1";

/* status >= 2 as well: the partial index of noteworthy rows */
static const char sql_failures[] =
	"SELECT " COLS " WHERE x.run_id = ?1 AND x.status >= 2 AND "
	"x.status >= 3 ORDER BY x.seq";

/* the ten first, then their identities and messages (ties by id: a
 * block's entries have no seq) */
static const char sql_slowest[] =
	"SELECT " COLS_FROM("(SELECT * FROM " RUN_1("", "") " u WHERE "
			    "duration_us IS NOT NULL ORDER BY duration_us "
			    "DESC, test_id, seq LIMIT 10)")
	" ORDER BY x.duration_us DESC, x.test_id, x.seq";

static const char sql_new[] =
	"SELECT " COLS " WHERE x.run_id = ?1 AND x.status >= 2 AND "
	"x.status >= 3 AND NOT " IN_RUN_2(" AND p.status >= 3")
	" ORDER BY x.seq";

/* from the few that failed in run ?2, by name, to their results in run
 * ?1 that passed (rows or blocks) or were flaky (a probe of (run_id,
 * test_id) each; CROSS JOIN keeps SQLite from reading run ?1 once per
 * name); by id, as blocks' entries are */
static const char sql_fixed[] =
	"WITH bad AS (SELECT DISTINCT pc.name, pc.classname, pc.suite FROM "
	"test_results p JOIN test_cases pc ON pc.id = p.test_id WHERE "
	"p.run_id = ?2 AND p.status >= 2 AND p.status >= 3) "
	"SELECT u.suite, u.classname, u.name, u.status, u.message, u.file, "
	"u.line, u.d FROM (SELECT c.suite, c.classname, c.name, CASE "
	"x.status WHEN 0 THEN 'passed' ELSE 'flaky' END AS status, "
	"o.failure_message AS message, c.file, c.line, "
	"x.duration_us / 1e6 AS d, c.id, x.seq FROM bad CROSS JOIN "
	"test_cases c CROSS JOIN test_results x LEFT JOIN test_messages m ON "
	"m.run_id = x.run_id AND m.seq = x.seq LEFT JOIN test_outputs o ON "
	"o.id = m.output_id WHERE c.name = bad.name AND c.classname = "
	"bad.classname AND c.suite = bad.suite AND x.run_id = ?1 AND "
	"x.test_id = c.id AND (x.status = 0 OR x.status = 2) UNION ALL "
	"SELECT c.suite, c.classname, c.name, 'passed', NULL, c.file, c.line, "
	DANDE_BLOCK_DURATION("c.id") " / 1e6, c.id, 0 FROM bad CROSS JOIN "
	"test_cases c CROSS JOIN test_blocks b WHERE c.name = bad.name AND "
	"c.classname = bad.classname AND c.suite = bad.suite AND "
	DANDE_BLOCK_HOLDS("?1", "c.id") " AND " DANDE_BLOCK_AT("c.id")
	" = 'p') u ORDER BY u.id, u.seq";

/* here run ?1 is the previous run, ?2 the reported one; the same
 * identity (one probe of the key, or of a block) is the usual case, the
 * same name the fallback, and only the few left are joined */
static const char sql_gone[] =
	"SELECT " COLS_FROM(RUN_1(" AND NOT " HAS_2("y.test_id"),
				  " AND NOT " HAS_2("c.id")))
	" WHERE NOT " ANY_IN_RUN_2 " ORDER BY x.test_id, COALESCE(x.seq, 0)";

static const char sql_pyramid_of[] =
	"SELECT unit, integration, e2e, unknown, unit_s, integration_s, "
	"e2e_s, unknown_s, unit_share, e2e_share, min_unit_share, "
	"max_e2e_share, healthy FROM test_pyramid WHERE run_id = ?1";

static int read_run(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct dande_results_report *r = payload;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	r->run_id = col_int(&v[0]);
	r->started_at = text_or_null(&v[1]);
	r->commit = text_or_null(&v[2]);
	r->branch = text_or_null(&v[3]);
	r->version = text_or_null(&v[4]);
	r->tests = col_int(&v[5]);
	r->passed = col_int(&v[6]);
	r->failed = col_int(&v[7]);
	r->errors = col_int(&v[8]);
	r->skipped = col_int(&v[9]);
	r->flaky = col_int(&v[10]);
	r->duration_s = col_real(&v[11]);
	return 0;
}

static int read_pyramid(void *payload, size_t ncols, const char *const *names,
			const struct dande_db_value *v)
{
	struct dande_results_report *r = payload;
	int i;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	for (i = 0; i < 4; i++) {
		r->layers[i].tests = col_int(&v[i]);
		r->layers[i].duration_s = col_real(&v[4 + i]);
	}
	r->unit_share = col_real(&v[8]);
	r->e2e_share = col_real(&v[9]);
	r->min_unit_share = col_real(&v[10]);
	r->max_e2e_share = col_real(&v[11]);
	r->healthy = (int)col_int(&v[12]);
	return 0;
}

/* A row: counted, and the query stops. */
static int seen_one(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct dande_results_list *l = payload;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	l->total = 1;
	return 1;
}

int dande_results_report(struct dande_db *db, int64_t run_id, size_t limit,
			 struct dande_results_report *out)
{
	struct dande_db_value p[2], q[2];
	int r;

	memset(out, 0, sizeof(*out));
	out->unit_share = out->e2e_share = -1;
	out->healthy = 1;
	p[0] = dande_db_int(run_id);
	if ((r = dande_db_select(db, sql_run, p, 1, read_run, out)) < 0)
		goto fail;
	if (!out->run_id) {
		/* a run the user named (--run): a usage error */
		r = run_id ? dande_error_set(DANDE_EUSAGE, "no test run "
					     "#%lld", (long long)run_id) :
			dande_error_set(DANDE_ENOTFOUND, "no test run recorded "
					"yet (run 'dande junit ingest')");
		goto fail;
	}
	p[0] = dande_db_int(out->run_id);
	p[1] = dande_db_text(out->branch);
	if ((r = dande_db_select(db, sql_prev, p, 2, dande_db_first_int,
				 &out->prev_run_id)) < 0)
		goto fail;
	p[1] = dande_db_int(out->prev_run_id);
	q[0] = p[1];
	q[1] = p[0];
	if (limit == DANDE_RESULTS_COUNTS) {
		/* the figures and whether a failure is new (junit.failOn):
		 * the first new one answers (a first run of a million cases,
		 * 20,000 failing, read them all: 0.3 s) */
		if ((r = dande_db_select(db, sql_new, p, 2, seen_one,
					 &out->new_failures)) < 0 ||
		    (r = dande_db_select(db, sql_pyramid_of, p, 1,
					 read_pyramid, out)) < 0)
			goto fail;
		return 0;
	}
	out->failures.limit = out->new_failures.limit = out->fixed.limit =
		out->disappeared.limit = limit;
	if ((r = dande_db_select(db, sql_failures, p, 1, add_item,
				 &out->failures)) < 0 ||
	    (r = dande_db_select(db, sql_slowest, p, 1, add_item,
				 &out->slowest)) < 0 ||
	    (r = dande_db_select(db, sql_new, p, 2, add_item,
				 &out->new_failures)) < 0 ||
	    (r = dande_db_select(db, sql_fixed, p, 2, add_item,
				 &out->fixed)) < 0 ||
	    (r = dande_db_select(db, sql_gone, q, 2, add_item,
				 &out->disappeared)) < 0 ||
	    (r = dande_db_select(db, sql_pyramid_of, p, 1, read_pyramid,
				 out)) < 0)
		goto fail;
	return 0;
fail:
	dande_results_report_release(out);
	return r;
}

const struct dande_results__statement dande_results__statements[] = {
	{ "failures", sql_failures },
	{ "slowest", sql_slowest },
	{ "new failures", sql_new },
	{ "fixed", sql_fixed },
	{ "disappeared", sql_gone },
	{ "flaky", dande_results__sql_flaky },
	{ "history", dande_results__sql_history },
	{ "resolved errors", dande_results__sql_resolve },
	{ "identity lookup", dande_results__sql_find_case },
	{ "previous run's identities", dande_results__sql_prev_cases },
	{ NULL, NULL }
};

/*
 * lib/results/: test results: JUnit reading through the hardened XML
 * reader (junit.c), ingest, history and flaky queries (results.c), and
 * the reports of a run (results_format.c).
 *
 * results.c: test results in the tracking database.  Ingest streams each
 * case of each report straight into one transaction (memory flat in the
 * size of the input); the report, flaky and history queries read it back.
 * Every statement is a constant here, run through dande_db_exec/select
 * with bound parameters.
 */
#include <ctype.h>
#include <fnmatch.h>
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

/* ---- ingest ------------------------------------------------------------ */

static const char sql_insert_test[] =
	"INSERT INTO tests (run_id, suite, classname, name, file, line, "
	"status, duration_s, reruns, failure_type, failure_message, stdout, "
	"stderr, layer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12, ?13, ?14)";

static const char sql_upsert_error[] =
	"INSERT INTO errors (fingerprint, suite, classname, name, kind, type, "
	"message, first_run_id, last_run_id, first_commit, last_commit, "
	"first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"?8, ?9, ?9, ?10, ?10) ON CONFLICT (fingerprint) DO UPDATE SET "
	"occurrences = occurrences + 1, last_run_id = excluded.last_run_id, "
	"last_commit = excluded.last_commit, last_seen_at = "
	"excluded.last_seen_at, resolved_at = NULL, resolved_run_id = NULL";

static const char sql_insert_property[] =
	"INSERT INTO run_properties (run_id, name, value) VALUES (?1, ?2, ?3)";

static const char sql_update_run[] =
	"UPDATE test_runs SET tests = ?2, passed = ?3, failed = ?4, "
	"errors = ?5, skipped = ?6, flaky = ?7, finished_at = ?8, "
	"duration_s = COALESCE(?9, duration_s) WHERE id = ?1";

static const char sql_resolve[] =
	"UPDATE errors SET resolved_at = ?2, resolved_run_id = ?1 "
	"WHERE resolved_at IS NULL AND EXISTS (SELECT 1 FROM tests t "
	"WHERE t.run_id = ?1 AND t.classname = errors.classname "
	"AND t.name = errors.name AND t.suite = errors.suite "
	"AND t.status IN ('passed', 'flaky'))";

static const char sql_pyramid[] =
	"INSERT INTO test_pyramid (run_id, unit, integration, e2e, unknown, "
	"unit_s, integration_s, e2e_s, unknown_s, unit_share, e2e_share, "
	"min_unit_share, max_e2e_share, healthy) "
	"SELECT ?1, u, i, e, k, us, is_, es, ks, "
	"CASE WHEN u + i + e > 0 THEN 1.0 * u / (u + i + e) END, "
	"CASE WHEN u + i + e > 0 THEN 1.0 * e / (u + i + e) END, ?2, ?3, "
	"CASE WHEN u + i + e = 0 THEN k = 0 WHEN 1.0 * u / (u + i + e) >= ?2 "
	"AND 1.0 * e / (u + i + e) <= ?3 THEN 1 ELSE 0 END FROM ("
	"SELECT COALESCE(SUM(layer = 'unit'), 0) AS u, "
	"COALESCE(SUM(layer = 'integration'), 0) AS i, "
	"COALESCE(SUM(layer = 'e2e'), 0) AS e, "
	"COALESCE(SUM(layer = 'unknown'), 0) AS k, "
	"TOTAL(CASE WHEN layer = 'unit' THEN duration_s END) AS us, "
	"TOTAL(CASE WHEN layer = 'integration' THEN duration_s END) AS is_, "
	"TOTAL(CASE WHEN layer = 'e2e' THEN duration_s END) AS es, "
	"TOTAL(CASE WHEN layer = 'unknown' THEN duration_s END) AS ks "
	"FROM tests WHERE run_id = ?1)";

struct ingest {
	struct dande_db *db;
	const struct dande_results_opts *o;
	int64_t run_id;
	int64_t tests, passed, failed, errors, skipped, flaky;
	double sum_s;
	char now[32];
};

static int on_property(void *payload, const char *name, const char *value)
{
	struct ingest *in = payload;
	struct dande_db_value p[3];

	p[0] = dande_db_int(in->run_id);
	p[1] = dande_db_text(name);
	p[2] = dande_db_text(value);
	return dande_db_exec(in->db, sql_insert_property, p, 3, NULL);
}

static int on_case(void *payload, const struct dande_junit_case *c)
{
	struct ingest *in = payload;
	struct dande_db_value p[14];
	const char *layer = in->o->layer ? in->o->layer :
		dande_results_layer(in->o->layer_rules, c->file, c->classname,
				    c->suite);
	int r;

	in->tests++;
	switch (c->status) {
	case DANDE_JUNIT_PASSED: in->passed++; break;
	case DANDE_JUNIT_FAILED: in->failed++; break;
	case DANDE_JUNIT_ERROR: in->errors++; break;
	case DANDE_JUNIT_SKIPPED: in->skipped++; break;
	case DANDE_JUNIT_FLAKY: in->flaky++; break;
	}
	if (c->time_s > 0)
		in->sum_s += c->time_s;
	p[0] = dande_db_int(in->run_id);
	p[1] = dande_db_text(c->suite ? c->suite : "");
	p[2] = dande_db_text(c->classname ? c->classname : "");
	p[3] = dande_db_text(c->name);
	p[4] = dande_db_text(c->file);
	p[5] = c->line > 0 ? dande_db_int(c->line) : dande_db_null();
	p[6] = dande_db_text(dande_junit_status_name(c->status));
	p[7] = dande_db_real(c->time_s);
	p[8] = dande_db_int(c->reruns);
	p[9] = dande_db_text(c->failure_type);
	p[10] = dande_db_text(c->failure_message);
	p[11] = dande_db_text(c->out);
	p[12] = dande_db_text(c->err);
	p[13] = dande_db_text(layer);
	if ((r = dande_db_exec(in->db, sql_insert_test, p, 14, NULL)) < 0)
		return r;
	if (c->status == DANDE_JUNIT_FAILED || c->status == DANDE_JUNIT_ERROR) {
		const char *kind = c->status == DANDE_JUNIT_ERROR ? "error" :
			"failure";
		char fp[17];

		dande_results_fingerprint(fp, c->suite, c->classname, c->name,
					  kind, c->failure_type,
					  c->failure_message);
		p[0] = dande_db_text(fp);
		p[1] = dande_db_text(c->suite ? c->suite : "");
		p[2] = dande_db_text(c->classname ? c->classname : "");
		p[3] = dande_db_text(c->name);
		p[4] = dande_db_text(kind);
		p[5] = dande_db_text(c->failure_type);
		p[6] = dande_db_text(c->failure_message);
		p[7] = dande_db_int(in->run_id);
		p[8] = dande_db_text(in->o->prov ? in->o->prov->commit : NULL);
		p[9] = dande_db_text(in->now);
		r = dande_db_exec(in->db, sql_upsert_error, p, 10, NULL);
	}
	return r;
}

int dande_results_ingest_path(struct dande_db **out, const char *db_path,
			      int busy_ms, const char *const *files,
			      size_t nfiles, const struct dande_results_opts *o,
			      int64_t *run_id)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	int existed = dande_fs_exists(db_path), dir_existed, r;

	*out = NULL;
	dande_fs_dirname(&dir, db_path);
	dir_existed = dande_fs_is_dir(dir.ptr);
	if ((r = dande_db_open(out, db_path, 0, busy_ms)) < 0 ||
	    (r = dande_results_ingest(*out, files, nfiles, o, run_id)) < 0) {
		dande_db_close(*out);
		*out = NULL;
		/* bad input changes nothing: not even a new, empty database */
		if (!existed) {
			dande_db_remove(db_path);
			if (!dir_existed)
				rmdir(dir.ptr);
		}
	}
	dande_buf_release(&dir);
	return r;
}

int dande_results_ingest(struct dande_db *db, const char *const *files,
			 size_t nfiles, const struct dande_results_opts *o,
			 int64_t *run_id)
{
	struct dande_db_run run;
	struct dande_junit_opts jo;
	struct dande_junit_info info;
	struct dande_db_value p[9];
	struct dande_buf source = DANDE_BUF_INIT;
	struct ingest in;
	size_t i;
	int r;

	memset(&in, 0, sizeof(in));
	in.db = db;
	in.o = o;
	dande_db_now(in.now, sizeof(in.now));
	for (i = 0; i < nfiles; i++) {
		if (i)
			dande_buf_addch(&source, ' ');
		dande_buf_adds(&source, files[i]);
	}
	memset(&run, 0, sizeof(run));
	run.kind = "junit";
	run.started_at = o->started_at;
	run.duration_s = o->wall_s;
	dande_db_run_provenance(&run, o->prov);
	run.source = source.ptr;
	if ((r = dande_db_begin(db)) < 0)
		goto out;
	if ((r = dande_db_insert_run(db, &run, &in.run_id)) < 0)
		goto fail;
	memset(&jo, 0, sizeof(jo));
	jo.output_cap = o->output_cap ? o->output_cap : DANDE_JUNIT_DEFAULT_CAP;
	jo.on_case = on_case;
	jo.on_property = on_property;
	jo.payload = &in;
	for (i = 0; i < nfiles; i++) {
		if ((r = dande_junit_parse_file(files[i], &jo, &info)) < 0)
			goto fail;
		if (o->on_file)
			o->on_file(o->payload, files[i], &info);
	}
	p[0] = dande_db_int(in.run_id);
	p[1] = dande_db_int(in.tests);
	p[2] = dande_db_int(in.passed);
	p[3] = dande_db_int(in.failed);
	p[4] = dande_db_int(in.errors);
	p[5] = dande_db_int(in.skipped);
	p[6] = dande_db_int(in.flaky);
	p[7] = dande_db_text(in.now);
	p[8] = dande_db_real(o->wall_s >= 0 ? o->wall_s : in.sum_s);
	if ((r = dande_db_exec(db, sql_update_run, p, 9, NULL)) < 0)
		goto fail;
	p[1] = dande_db_text(in.now);
	if ((r = dande_db_exec(db, sql_resolve, p, 2, NULL)) < 0)
		goto fail;
	p[1] = dande_db_real(o->min_unit_share);
	p[2] = dande_db_real(o->max_e2e_share);
	if ((r = dande_db_exec(db, sql_pyramid, p, 3, NULL)) < 0)
		goto fail;
	if ((r = dande_db_commit(db)) < 0)
		goto out;
	*run_id = in.run_id;
	goto out;
fail:
	dande_db_rollback(db);
out:
	dande_buf_release(&source);
	return r;
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

int dande_results_record_infra(struct dande_db *db,
			       const struct dande_results_infra *x,
			       int64_t *run_id)
{
	static const char errors_one[] =
		"UPDATE test_runs SET errors = 1, finished_at = ?2 "
		"WHERE id = ?1";
	struct dande_db_run run;
	struct dande_db_value p[10];
	const char *name = x->service && *x->service ? x->service :
		"environment";
	char fp[17], now[32];
	int64_t id = 0;
	int r;

	dande_db_now(now, sizeof(now));
	dande_results_fingerprint(fp, "env", x->environment, name, "infra",
				  x->type, x->message);
	memset(&run, 0, sizeof(run));
	run.kind = "env";
	run.duration_s = x->duration_s;
	dande_db_run_provenance(&run, x->prov);
	run.tree = NULL;
	run.environment = x->environment;
	run.source = "dande env";
	if ((r = dande_db_begin(db)) < 0)
		return r;
	if ((r = dande_db_insert_run(db, &run, &id)) < 0)
		goto fail;
	p[0] = dande_db_int(id);
	p[1] = dande_db_text(now);
	if ((r = dande_db_exec(db, errors_one, p, 2, NULL)) < 0)
		goto fail;
	p[0] = dande_db_text(fp);
	p[1] = dande_db_text("env");
	p[2] = dande_db_text(x->environment);
	p[3] = dande_db_text(name);
	p[4] = dande_db_text("infra");
	p[5] = dande_db_text(x->type);
	p[6] = dande_db_text(x->message);
	p[7] = dande_db_int(id);
	p[8] = dande_db_text(x->prov ? x->prov->commit : NULL);
	p[9] = dande_db_text(now);
	if ((r = dande_db_exec(db, sql_upsert_error, p, 10, NULL)) < 0)
		goto fail;
	if ((r = dande_db_commit(db)) < 0)
		return r;
	if (run_id)
		*run_id = id;
	return 0;
fail:
	dande_db_rollback(db);
	return r;
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

#define COLS "t.suite, t.classname, t.name, t.status, t.failure_message, " \
	"t.file, t.line, t.duration_s"

static const char sql_run[] =
	"SELECT id, started_at, commit_sha, branch, version, tests, passed, "
	"failed, errors, skipped, flaky, duration_s FROM test_runs WHERE "
	"kind = 'junit' AND (id = ?1 OR (?1 = 0 AND id = (SELECT MAX(id) "
	"FROM test_runs WHERE kind = 'junit')))";

static const char sql_prev[] =
	"SELECT id FROM test_runs WHERE kind = 'junit' AND id < ?1 AND "
	"branch IS ?2 ORDER BY id DESC LIMIT 1";

static const char sql_failures[] =
	"SELECT " COLS " FROM tests t WHERE t.run_id = ?1 AND t.status IN "
	"('failed', 'error') ORDER BY t.id";

static const char sql_slowest[] =
	"SELECT " COLS " FROM tests t WHERE t.run_id = ?1 AND t.duration_s "
	"IS NOT NULL ORDER BY t.duration_s DESC, t.id LIMIT 10";

static const char sql_new[] =
	"SELECT " COLS " FROM tests t WHERE t.run_id = ?1 AND t.status IN "
	"('failed', 'error') AND NOT EXISTS (SELECT 1 FROM tests p WHERE "
	"p.run_id = ?2 AND p.classname = t.classname AND p.name = t.name AND "
	"p.suite = t.suite AND p.status IN ('failed', 'error')) ORDER BY t.id";

static const char sql_fixed[] =
	"SELECT " COLS " FROM tests t WHERE t.run_id = ?1 AND t.status IN "
	"('passed', 'flaky') AND EXISTS (SELECT 1 FROM tests p WHERE "
	"p.run_id = ?2 AND p.classname = t.classname AND p.name = t.name AND "
	"p.suite = t.suite AND p.status IN ('failed', 'error')) ORDER BY t.id";

static const char sql_gone[] =
	"SELECT " COLS " FROM tests t WHERE t.run_id = ?2 AND NOT EXISTS "
	"(SELECT 1 FROM tests c WHERE c.run_id = ?1 AND c.classname = "
	"t.classname AND c.name = t.name AND c.suite = t.suite) ORDER BY t.id";

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

int dande_results_report(struct dande_db *db, int64_t run_id,
			 struct dande_results_report *out)
{
	struct dande_db_value p[2];
	int r;

	memset(out, 0, sizeof(*out));
	out->unit_share = out->e2e_share = -1;
	out->healthy = 1;
	p[0] = dande_db_int(run_id);
	if ((r = dande_db_select(db, sql_run, p, 1, read_run, out)) < 0)
		goto fail;
	if (!out->run_id) {
		r = run_id ? dande_error_set(DANDE_ENOTFOUND, "no test run "
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
	if ((r = dande_db_select(db, sql_failures, p, 1, add_item,
				 &out->failures)) < 0 ||
	    (r = dande_db_select(db, sql_slowest, p, 1, add_item,
				 &out->slowest)) < 0 ||
	    (r = dande_db_select(db, sql_new, p, 2, add_item,
				 &out->new_failures)) < 0 ||
	    (r = dande_db_select(db, sql_fixed, p, 2, add_item,
				 &out->fixed)) < 0 ||
	    (r = dande_db_select(db, sql_gone, p, 2, add_item,
				 &out->disappeared)) < 0 ||
	    (r = dande_db_select(db, sql_pyramid_of, p, 1, read_pyramid,
				 out)) < 0)
		goto fail;
	return 0;
fail:
	dande_results_report_release(out);
	return r;
}

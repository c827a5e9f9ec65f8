/*
 * trial.c: feature attempts.  A command run for a feature (`dande trial
 * FEATURE -- CMD`), its outcome recorded in trial_runs with what it was
 * tried on; and the report of them: each feature's success rate and last
 * outcome, or one feature's attempts.  Bumps and the pre-push hook record
 * through dande_trial_record too.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/error.h"
#include "dande/json.h"
#include "dande/proc.h"
#include "dande/provenance.h"
#include "dande/trial.h"
#include "store/sql_int.h"
#include "util/banned.h"

static const char sql_record[] =
	"INSERT INTO trial_runs (feature, command, outcome, exit_code, "
	"duration_s, commit_sha, branch, version) VALUES (?1, ?2, ?3, ?4, ?5, "
	"?6, ?7, ?8)";

int dande_trial_record(struct dande_db *db, const struct dande_trial *t)
{
	struct dande_db_value v[8];

	v[0] = dande_db_text(t->feature);
	v[1] = dande_db_text(t->command);
	v[2] = dande_db_text(t->outcome);
	v[3] = t->exit_code >= 0 ? dande_db_int(t->exit_code) :
		dande_db_null();
	v[4] = t->duration_s >= 0 ? dande_db_real(t->duration_s) :
		dande_db_null();
	v[5] = dande_db_text(t->commit);
	v[6] = dande_db_text(t->branch);
	v[7] = dande_db_text(t->version);
	return dande_db_exec_alone(db, sql_record, v, 8);
}

/* While the command runs, an interrupt is the command's to take: dande
 * waits for it and records what it did.  A handler, not SIG_IGN, which
 * the command would inherit. */
static void let_it_pass(int sig)
{
	(void)sig;
}

int dande_trial_run(struct dande_db *db, const struct dande_provenance *prov,
		    const char *feature, const char *const *argv,
		    const char *cwd, int timeout_s, int *code)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf line = DANDE_BUF_INIT;
	struct dande_trial t;
	struct sigaction pass, old_int, old_quit;
	size_t i;
	int r, e;

	for (i = 0; argv[i]; i++)
		dande_buf_addf(&line, "%s%s", i ? " " : "", argv[i]);
	dande_strvec_pushv(&cmd.args, argv);
	cmd.cwd = cwd;
	cmd.timeout_ms = timeout_s > 0 ? timeout_s * 1000 : 0;
	memset(&pass, 0, sizeof(pass));
	pass.sa_handler = let_it_pass;
	sigemptyset(&pass.sa_mask);
	sigaction(SIGINT, &pass, &old_int);
	sigaction(SIGQUIT, &pass, &old_quit);
	r = dande_proc_run(&cmd, &res);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	memset(&t, 0, sizeof(t));
	t.feature = feature;
	t.command = line.ptr;
	t.exit_code = -1;
	t.duration_s = r < 0 ? -1 : res.duration_s;
	if (prov) {
		t.commit = prov->commit;
		t.branch = prov->branch;
		t.version = prov->version;
	}
	if (r < 0) {
		t.outcome = "error";
		*code = 4;
	} else if (res.status == DANDE_PROC_TIMEDOUT) {
		t.outcome = "timeout";
		*code = 124;
	} else if (res.status == DANDE_PROC_SIGNALED) {
		t.outcome = "failed";
		*code = 128 + res.signal;
	} else {
		t.outcome = res.exit_code ? "failed" : "passed";
		t.exit_code = res.exit_code;
		*code = res.exit_code;
	}
	/* the attempt is recorded whatever became of it; a failure to run
	 * it stays the error to report */
	if (r < 0) {
		struct dande_error saved = *dande_error_last();

		if ((e = dande_trial_record(db, &t)) < 0)
			r = e;
		else
			dande_error_set(saved.code, "%s", saved.message);
	} else {
		r = dande_trial_record(db, &t);
	}
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_buf_release(&line);
	return r;
}

/* ---- the report ------------------------------------------------------------- */

static const char sql_features[] =
	"SELECT t.feature, COUNT(*), SUM(CASE WHEN t.outcome = 'passed' THEN 1 "
	"ELSE 0 END), (SELECT l.outcome FROM trial_runs l WHERE l.feature = "
	"t.feature ORDER BY l.id DESC LIMIT 1), MAX(t.started_at) FROM "
	"trial_runs t GROUP BY t.feature ORDER BY MAX(t.id) DESC";

static const char sql_attempts[] =
	"SELECT id, started_at, outcome, exit_code, duration_s, command, "
	"commit_sha, branch, version FROM trial_runs WHERE feature = ?1 "
	"ORDER BY id DESC";

#define COLS 9

struct table {
	struct dande_strvec cell;	/* ncols per row; "" for NULL */
	struct dande_strvec null;	/* "1" where NULL */
	size_t rows, ncols;
};

static int add_row(void *payload, size_t ncols, const char *const *names,
		   const struct dande_db_value *v)
{
	struct table *t = payload;
	size_t i;

	(void)names;
	if (!v)
		return 0;
	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		char b[64];

		if (v[i].type == DANDE_DB_TEXT)
			dande_strvec_push(&t->cell, v[i].s ? v[i].s : "");
		else if (v[i].type == DANDE_DB_INTEGER)
			snprintf(b, sizeof(b), "%lld", (long long)v[i].i);
		else if (v[i].type == DANDE_DB_REAL)
			snprintf(b, sizeof(b), "%.3f", v[i].d);
		else
			b[0] = '\0';
		if (v[i].type != DANDE_DB_TEXT)
			dande_strvec_push(&t->cell, b);
		dande_strvec_push(&t->null, v[i].type == DANDE_DB_NULL ? "1" :
				  "");
	}
	t->rows++;
	return 0;
}

static const char *at(const struct table *t, size_t r, size_t c)
{
	return t->cell.v[r * t->ncols + c];
}

static int is_null(const struct table *t, size_t r, size_t c)
{
	return t->null.v[r * t->ncols + c][0] != '\0';
}

static void printable(struct dande_buf *out, const char *s)
{
	dande_buf_add_printable(out, s, strlen(s), 0);
}

/* A cell as JSON: `kind` 's' string, 'i' integer, 'd' number. */
static void json_cell(struct dande_json *j, const struct table *t, size_t r,
		      size_t c, char kind)
{
	if (is_null(t, r, c))
		dande_json_null(j);
	else if (kind == 'i')
		dande_json_int(j, strtoll(at(t, r, c), NULL, 10));
	else if (kind == 'd')
		dande_json_double(j, strtod(at(t, r, c), NULL));
	else
		dande_json_string(j, at(t, r, c));
}

static void features(const struct table *t, int json, struct dande_buf *out)
{
	size_t r;

	if (json) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "features");
		dande_json_array_begin(&j);
		for (r = 0; r < t->rows; r++) {
			long n = strtol(at(t, r, 1), NULL, 10), ok = strtol(at(t, r, 2), NULL, 10);

			dande_json_object_begin(&j);
			dande_json_key(&j, "feature");
			dande_json_string(&j, at(t, r, 0));
			dande_json_key(&j, "attempts");
			dande_json_int(&j, n);
			dande_json_key(&j, "passed");
			dande_json_int(&j, ok);
			dande_json_key(&j, "success_rate");
			dande_json_double(&j, n ? (double)(ok * 1000 / n) / 10 :
					  0);
			dande_json_key(&j, "last_outcome");
			dande_json_string(&j, at(t, r, 3));
			dande_json_key(&j, "last_at");
			dande_json_string(&j, at(t, r, 4));
			dande_json_object_end(&j);
		}
		dande_json_array_end(&j);
		dande_json_object_end(&j);
		return;
	}
	if (!t->rows) {
		dande_buf_adds(out, "no attempt recorded yet (dande trial "
			       "FEATURE -- CMD)\n");
		return;
	}
	for (r = 0; r < t->rows; r++) {
		long n = strtol(at(t, r, 1), NULL, 10), ok = strtol(at(t, r, 2), NULL, 10);

		printable(out, at(t, r, 0));
		dande_buf_addf(out, ": %ld of %ld passed (%.1f%%), last %s at ",
			       ok, n, n ? 100.0 * (double)ok / (double)n : 0,
			       at(t, r, 3));
		printable(out, at(t, r, 4));
		dande_buf_addch(out, '\n');
	}
}

static void attempts(const char *feature, const struct table *t,
		     size_t limit, int json, struct dande_buf *out)
{
	size_t r, ok = 0;

	for (r = 0; r < t->rows; r++)
		ok += !strcmp(at(t, r, 2), "passed");
	if (json) {
		struct dande_json j;

		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "feature");
		dande_json_string(&j, feature);
		dande_json_key(&j, "attempts");
		dande_json_int(&j, (int64_t)t->rows);
		dande_json_key(&j, "passed");
		dande_json_int(&j, (int64_t)ok);
		dande_json_key(&j, "success_rate");
		dande_json_double(&j, t->rows ? (double)(ok * 1000 / t->rows) /
				  10 : 0);
		dande_json_key(&j, "runs");
		dande_json_array_begin(&j);
		for (r = 0; r < t->rows && r < limit; r++) {
			static const char *const keys[] = {
				"id", "started_at", "outcome", "exit_code",
				"duration_s", "command", "commit", "branch",
				"version"
			};
			size_t c;

			dande_json_object_begin(&j);
			for (c = 0; c < COLS; c++) {
				dande_json_key(&j, keys[c]);
				/* id and exit code integers, the
				 * duration a number */
				json_cell(&j, t, r, c, "issidssss"[c]);
			}
			dande_json_object_end(&j);
		}
		dande_json_array_end(&j);
		dande_json_object_end(&j);
		return;
	}
	printable(out, feature);
	if (!t->rows) {
		dande_buf_adds(out, ": no attempt recorded\n");
		return;
	}
	dande_buf_addf(out, ": %zu of %zu passed (%.1f%%)\n", ok, t->rows,
		       100.0 * (double)ok / (double)t->rows);
	for (r = 0; r < t->rows && r < limit; r++) {
		dande_buf_addf(out, "  #%s %s %-7s", at(t, r, 0), at(t, r, 1),
			       at(t, r, 2));
		if (!is_null(t, r, 3))
			dande_buf_addf(out, " exit %s", at(t, r, 3));
		if (!is_null(t, r, 4))
			dande_buf_addf(out, " %.1f s", strtod(at(t, r, 4),
							       NULL));
		if (!is_null(t, r, 6))
			dande_buf_addf(out, " %.12s", at(t, r, 6));
		if (!is_null(t, r, 8)) {
			dande_buf_adds(out, " v");
			printable(out, at(t, r, 8));
		}
		dande_buf_adds(out, "  ");
		printable(out, at(t, r, 5));
		dande_buf_addch(out, '\n');
	}
	if (t->rows > limit)
		dande_buf_addf(out, "  ... and %zu more (--all lists every one)\n",
			       t->rows - limit);
}

int dande_trial_report(struct dande_db *db, const char *feature, size_t limit,
		       int json, struct dande_buf *out, size_t *n)
{
	struct table t;
	struct dande_db_value p[1];
	int r;

	memset(&t, 0, sizeof(t));
	dande_strvec_init(&t.cell);
	dande_strvec_init(&t.null);
	p[0] = dande_db_text(feature);
	r = feature ? dande_db_select(db, sql_attempts, p, 1, add_row, &t) :
		dande_db_select(db, sql_features, NULL, 0, add_row, &t);
	if (r == 0) {
		if (feature)
			attempts(feature, &t, limit ? limit : (size_t)-1, json,
				 out);
		else
			features(&t, json, out);
		*n = t.rows;
	}
	dande_strvec_release(&t.cell);
	dande_strvec_release(&t.null);
	return r;
}

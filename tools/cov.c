/*
 * dande-cov: coverage reports into the tracking database, and the gate CI
 * runs on them: the threshold (85% by default), the ratchet, patch
 * coverage; reports, history and a badge.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/cli.h"
#include "dande/json.h"
#include "dande/config.h"
#include "dande/covgate.h"
#include "dande/covrun.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/report.h"
#include "dande/fs.h"
#include "dande/provenance.h"

static const char help[] =
"Reports: Cobertura XML, LCOV, JaCoCo XML, gcov JSON (.gcov.json.gz too),\n"
"gcovr JSON (and --json-summary), Go coverprofiles; told apart by content.\n"
"\n"
"Configuration: coverage.*;\n"
"'dande help config' lists every key.\n"
"\n"
"JSON keys (gate, patch, report): lines_valid, lines_covered, line_pct,\n"
"branches_valid, branches_covered, branch_pct (null without branch data),\n"
"threshold, passed; gate adds floor {pct, source, reason}; patch adds base,\n"
"changed_lines, changed_covered, patch_pct, uncovered [\"file:start-end\"];\n"
"report adds files [{file, lines_valid, lines_covered, line_pct, ...}].\n";

/* Percentages not given are -1: the configuration decides. */
static double min = -1, branch_min = -1, file_min = -1, tol = -1;
static const char *base, *diff, *output, *reason, *branch;
/* dande_covgate_report's fmt: 0 text, 1 json, 2 markdown */
static const char *const formats[] = { "text", "json", "markdown", NULL };
static int format = -1, ratchet;
static long run_id;
static struct dande_strvec incl = DANDE_STRVEC_INIT, excl = DANDE_STRVEC_INIT;

#define FILTERS \
	DANDE_CLI_LIST(0, "include", &incl, "GLOB", "only files matching"), \
	DANDE_CLI_LIST(0, "exclude", &excl, "GLOB", "leave out files matching")
#define RUN_ID DANDE_CLI_INT(0, "run", &run_id, "ID", 1, 0, "attach to run ID")
#define TOL DANDE_CLI_PERCENT(0, "tolerance", &tol, "PCT", "ratchet slack")
#define BASE(h) DANDE_CLI_STRING(0, "base", &base, "REF", h)
#define FORMAT DANDE_CLI_CHOICE(0, "format", &format, "FMT", formats, \
				"text, json or markdown")

static const struct dande_opt gate_opts[] = {
	DANDE_CLI_PERCENT(0, "min", &min, "PCT", "line threshold (85)"),
	DANDE_CLI_PERCENT(0, "branch-min", &branch_min, "PCT", "branch threshold"),
	DANDE_CLI_PERCENT(0, "file-min", &file_min, "PCT", "every file at least"),
	DANDE_CLI_FLAG(0, "ratchet", &ratchet, "fail a drop below the best"),
	TOL, BASE("a new branch's floor: its merge-base with REF's"),
	RUN_ID, FORMAT, FILTERS, DANDE_CLI_END
};
static const struct dande_opt ingest_opts[] = { RUN_ID, FILTERS,
	DANDE_CLI_END };
static const struct dande_opt patch_opts[] = {
	DANDE_CLI_PERCENT(0, "min", &min, "PCT", "patch threshold"),
	BASE("the branch to diff against"),
	DANDE_CLI_STRING(0, "diff", &diff, "FILE", "this unified diff instead"),
	FILTERS, DANDE_CLI_END
};
static const struct dande_opt report_opts[] = { FORMAT, FILTERS,
	DANDE_CLI_END };
static const struct dande_opt badge_opts[] = {
	DANDE_CLI_STRING('o', "output", &output, "FILE", "where to write it"),
	FILTERS, DANDE_CLI_END
};
static const struct dande_opt history_opts[] = {
	DANDE_CLI_STRING(0, "branch", &branch, "BRANCH", "this branch only"),
	DANDE_CLI_END
};
static const struct dande_opt floor_opts[] = {
	DANDE_CLI_STRING(0, "reason", &reason, "TEXT", "set: why"),
	TOL, BASE("show: where a new branch inherits its floor from"),
	DANDE_CLI_END
};

/* The run every command works on, set up from the command line. */
struct ctx {
	struct dande_cli *cli;
	struct dande_provenance prov;
	struct dande_covrun run;
	struct dande_db *db;
};

static void on_report(void *payload, const char *path,
		      const struct dande_cov_info *info)
{
	struct dande_buf b = DANDE_BUF_INIT;

	dande_cov_info_describe(&b, "", path, info);
	dande_cli_say(payload, &b);
}

/* The reports on the command line, else (report, badge) the last
 * recorded measurement. */
static int measurement(struct ctx *x)
{
	int r;

	if (x->cli->args.nr > 1) {
		r = dande_covrun_load(&x->run, (const char *const *)
				      x->cli->args.v + 1, x->cli->args.nr - 1);
		if (r == 0 && x->run.unmatched.nr && !x->cli->quiet) {
			struct dande_buf w = DANDE_BUF_INIT;

			dande_covrun_format_unmatched(&w, x->cli->prog,
						      &x->run.unmatched);
			fputs(w.ptr, stderr);
			dande_buf_release(&w);
		}
		return r;
	}
	if ((r = dande_cli_open_db(x->cli, DANDE_DB_READONLY, &x->db)) < 0)
		return r;
	return dande_covrun_load_last(&x->run, x->db);
}

/* A CI summary's chart: line coverage over the last measurements, the
 * threshold drawn flat (nothing without a database or history). */
static void trend(struct ctx *x, struct dande_buf *out, double threshold)
{
	struct dande_report_trend t;
	char ref[48];

	if (!x->db && dande_cli_open_db(x->cli, DANDE_DB_READONLY |
					DANDE_DB_NOCREATE, &x->db) < 0) {
		dande_error_clear();
		return;
	}
	snprintf(ref, sizeof(ref), "the threshold, %.1f%%", threshold);
	if (dande_report_trend(x->db, DANDE_REPORT_COVERAGE, 20, &t) == 0)
		dande_report_mermaid(out, "Line coverage", &t, threshold,
				     ref);
	dande_error_clear();
}

static int cmd_gate(struct ctx *x)
{
	struct dande_cli *cli = x->cli;
	struct dande_covrun_limits lim = { min, branch_min, file_min, tol, -1, 0 };
	struct dande_covgate_result g;
	struct dande_buf out = DANDE_BUF_INIT;
	int gate = !strcmp(cli->cmd->name, "gate"), r;

	memset(&g, 0, sizeof(g));
	lim.ratchet = gate && ratchet;
	if ((r = dande_covrun_limits(&lim, cli->config)) == 0 &&
	    (r = measurement(x)) == 0 &&
	    (r = dande_cli_open_db(cli, 0, &x->db)) == 0 &&
	    (r = dande_covrun_gate(&x->run, x->db, &lim, &g)) == 0)
		dande_covgate_format(&out, x->run.cov, &g, cli->json ? 1 :
				     format > 0 ? format : 0);
	if (r == 0 && !cli->json && format == 2)
		trend(x, &out, g.threshold);
	return dande_cli_emit(cli, r, &out, !cli->quiet || cli->json ||
			      (gate && !g.passed), !gate || g.passed ?
			      DANDE_EXIT_OK : DANDE_EXIT_NO);
}

static int cmd_patch(struct ctx *x)
{
	struct dande_cli *cli = x->cli;
	struct dande_covrun_limits lim = { -1, 0, 0, 0, min, 0 };
	struct dande_buf out = DANDE_BUF_INIT;
	int r, passed = 0;

	if ((r = dande_covrun_limits(&lim, cli->config)) == 0 &&
	    (r = measurement(x)) == 0 &&
	    (r = dande_cli_open_db(cli, 0, &x->db)) == 0)
		r = dande_covrun_patch(&x->run, x->db, diff, lim.patch,
				       lim.line, cli->json, &out, &passed);
	return dande_cli_emit(cli, r, &out, !cli->quiet || cli->json ||
			      !passed, passed ? DANDE_EXIT_OK : DANDE_EXIT_NO);
}

static int cmd_report(struct ctx *x)
{
	struct dande_buf out = DANDE_BUF_INIT;
	int r;

	if ((r = measurement(x)) == 0)
		dande_covgate_report(&out, x->run.cov, x->cli->json ? 1 :
				     format >= 0 ? format : 0);
	if (r == 0 && !x->cli->json && format == 2) {
		double threshold = 85;

		if (dande_config_get_percent_or(x->cli->config,
						"coverage.threshold", 85,
						&threshold) < 0)
			dande_error_clear();
		trend(x, &out, threshold);
	}
	return dande_cli_emit(x->cli, r, &out, 1, DANDE_EXIT_OK);
}

static int cmd_badge(struct ctx *x)
{
	struct dande_buf svg = DANDE_BUF_INIT;
	double pct, threshold = 85;
	int r;

	if ((r = dande_config_get_percent_or(x->cli->config,
					     "coverage.threshold", 85,
					     &threshold)) < 0 ||
	    (r = measurement(x)) < 0 ||
	    (r = dande_covrun_badge(&x->run, output, threshold, &svg,
				    &pct)) < 0) {
		dande_buf_release(&svg);
		return dande_cli_fail(x->cli, r);
	}
	/* without -o, the SVG itself, for a pipe */
	if (!output)
		return dande_cli_emit(x->cli, 0, &svg, 1, DANDE_EXIT_OK);
	dande_buf_release(&svg);
	if (!x->cli->quiet)
		printf("wrote %s (%.0f%%)\n", output, floor(pct));
	return DANDE_EXIT_OK;
}

static int cmd_history(struct ctx *x)
{
	struct dande_buf out = DANDE_BUF_INIT;
	size_t n = 0;
	int r;

	if ((r = dande_cli_open_db(x->cli, DANDE_DB_READONLY, &x->db)) == 0 &&
	    (r = dande_covgate_history(x->db, branch, &out, x->cli->json,
				       &n)) == 0 && !n && !x->cli->json)
		dande_buf_adds(&out, "no coverage recorded yet\n");
	return dande_cli_emit(x->cli, r, &out, 1, DANDE_EXIT_OK);
}

static int cmd_floor(struct ctx *x)
{
	struct dande_cli *cli = x->cli;
	struct dande_covrun_limits lim = { 0, 0, 0, tol, 0, 0 };
	struct dande_buf out = DANDE_BUF_INIT;
	int show = !strcmp(cli->args.v[1], "show"), r;

	if ((r = dande_covrun_limits(&lim, cli->config)) == 0 &&
	    (r = dande_cli_open_db(cli, show ? DANDE_DB_READONLY : 0,
				   &x->db)) == 0)
		r = dande_covrun_floor(&x->run, x->db, (const char *const *)
				       cli->args.v + 1, cli->args.nr - 1,
				       lim.tolerance, reason, &out);
	if (r == 0 && cli->json) {
		const struct dande_covgate_floor *f = &x->run.floor;
		struct dande_json j;

		dande_buf_reset(&out);
		dande_json_init(&j, &out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "branch");
		if (x->prov.branch)
			dande_json_string(&j, x->prov.branch);
		else
			dande_json_null(&j);
		dande_json_key(&j, "floor");
		if (show && !f->known)
			dande_json_null(&j);
		else
			dande_json_double(&j, show ? f->floor :
					  strtod(cli->args.v[2], NULL));
		dande_json_key(&j, "source");
		if (show && f->known)
			dande_json_string(&j, f->source);
		else
			dande_json_string(&j, show ? "none" : "set");
		dande_json_key(&j, "reason");
		if (show ? f->reason != NULL : reason != NULL)
			dande_json_string(&j, show ? f->reason : reason);
		else
			dande_json_null(&j);
		dande_json_object_end(&j);
	}
	return dande_cli_emit(cli, r, &out, show || !cli->quiet || cli->json,
			      DANDE_EXIT_OK);
}

/* Every command runs with the context: the provenance and the run. */
static int with_ctx(struct dande_cli *cli, int (*fn)(struct ctx *))
{
	struct ctx x;
	int r;

	memset(&x, 0, sizeof(x));
	x.cli = cli;
	if ((r = dande_provenance_load(&x.prov, cli->repo, cli->root.ptr)) < 0)
		return dande_cli_fail(cli, r);
	x.run.root = cli->root.ptr;
	x.run.repo = cli->repo;
	x.run.cfg = cli->config;
	x.run.prov = &x.prov;
	x.run.base = base;
	x.run.include = &incl;
	x.run.exclude = &excl;
	x.run.run_id = run_id;
	x.run.source = cli->args.nr > 1 ? cli->args.v[1] : NULL;
	x.run.on_report = cli->verbose ? on_report : NULL;
	x.run.payload = cli;
	r = fn(&x);
	dande_db_close(x.db);
	dande_covrun_release(&x.run);
	dande_provenance_release(&x.prov);
	dande_strvec_release(&incl);
	dande_strvec_release(&excl);
	return r;
}

#define RUN(name) \
	static int run_##name(struct dande_cli *cli) \
	{ return with_ctx(cli, cmd_##name); }
RUN(gate) RUN(patch) RUN(report) RUN(badge) RUN(history) RUN(floor)

static const struct dande_command commands[] = {
	{ "ingest", run_gate, ingest_opts, "REPORT...", 1, -1,
	  "record a measurement (reports merged by file and line)",
	  "dande cov ingest coverage.xml --run 42",
	  "the totals and files under the threshold, as cov gate" },
	{ "gate", run_gate, gate_opts, "REPORT...", 1, -1,
	  "record, then exit 1 under the thresholds",
	  "dande cov gate coverage.xml\n"
	  "dande cov gate lcov.info --min 90 --ratchet\n"
	  "dande cov gate 'build/*.gcov.json.gz' --file-min 50 "
	  "--exclude 'tests/*'",
	  "{lines_valid, lines_covered, line_pct, branches_valid, branches_covered, branch_pct, functions_valid, functions_covered, threshold, branch_threshold, file_threshold, floor, files_below_threshold, files_under: [...], passed}" },
	{ "patch", run_patch, patch_opts, "REPORT...", 1, -1,
	  "coverage of the lines changed since the merge-base with --base (or "
	  "of --diff FILE); exit 1 under --min",
	  "dande cov patch coverage.xml --base origin/main\n"
	  "dande cov patch lcov.info --diff change.diff --min 80",
	  "{lines_valid, lines_covered, line_pct, branches_valid, branches_covered, branch_pct, base, changed_lines, changed_covered, patch_pct, threshold, uncovered, passed}" },
	{ "report", run_report, report_opts, "[REPORT...]", 0, -1,
	  "the per-file table, worst first (default: the last recorded "
	  "measurement)",
	  "dande cov report\ndande cov report coverage.xml --format markdown",
	  "{lines_valid, lines_covered, line_pct, branches_valid, branches_covered, branch_pct, files: [{file, lines_valid, lines_covered, line_pct, ...}]}" },
	{ "history", run_history, history_opts, NULL, 0, 0,
	  "total line coverage over time",
	  "dande cov history --branch main",
	  "[{recorded_at, branch, commit, run_id, lines_valid, lines_covered, line_pct}]" },
	{ "floor", run_floor, floor_opts, "set PCT|show", 1, 2,
	  "the ratchet floor of this branch: show it, or lower it saying why",
	  "dande cov floor show\n"
	  "dande cov floor set 80 --reason 'vendored parser, tests next sprint'",
	  "{branch, floor (null: none), source, reason}" },
	{ "badge", run_badge, badge_opts, "[REPORT...]", 0, -1,
	  "an SVG badge of line coverage, coloured against "
	  "coverage.threshold (red under, yellow within 5 points, green); "
	  "without -o on stdout",
	  "dande cov badge -o coverage.svg\ndande cov badge coverage.xml > "
	  "badge.svg", NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"cov", "Coverage reports into the tracking database, and the gate CI "
	"runs on them: the threshold (85% by default), the ratchet, patch "
	"coverage; reports, history and a badge.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

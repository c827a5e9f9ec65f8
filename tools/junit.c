/*
 * dande-junit: ingest JUnit XML reports into the tracking database and
 * report on them: failures, new failures, fixed tests, slowest tests,
 * flaky tests, one test's history and the test pyramid.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/provenance.h"
#include "dande/report.h"
#include "dande/results.h"
#include "dande/version.h"

static const char help[] =
"Configuration: junit.*, pyramid.*, layer.<name>.pattern;\n"
"'dande help config' lists every key.\n"
"\n"
"JSON (--json or --format json) keys: run_id, started_at, commit, branch,\n"
"tests, passed, failed, errors, skipped, flaky, duration_s,\n"
"previous_run_id, new_failures, fixed, disappeared (lists of\n"
"classname::name), failures, slowest (objects: test, status, message,\n"
"file, line, duration_s), pyramid.\n";

static const char *env_name;
static const char *const layers[] = { "unit", "integration", "e2e", NULL };
static const char *const fail_ons[] = { "any", "new", "none", NULL };
static int layer = -1, fail_on = -1;
/* in the order of enum dande_results_format */
static const char *const formats[] = { "text", "json", "markdown", NULL };
static int format = -1;
static long run_opt, window = 50;
static int last, check;

static const struct dande_opt ingest_opts[] = {
	DANDE_CLI_CHOICE(0, "layer", &layer, "LAYER", layers,
			 "every test is unit, integration or e2e"),
	DANDE_CLI_STRING(0, "env", &env_name, "NAME",
			 "the environment the tests ran in"),
	DANDE_CLI_CHOICE(0, "fail-on", &fail_on, "WHEN", fail_ons,
			 "any, new or none (junit.failOn)"),
	DANDE_CLI_CHOICE(0, "format", &format, "FMT", formats,
			 "text, json or markdown"),
	DANDE_CLI_END
};

static const struct dande_opt report_opts[] = {
	DANDE_CLI_CHOICE(0, "format", &format, "FMT", formats,
			 "text, json or markdown"),
	DANDE_CLI_INT(0, "run", &run_opt, "ID", 1, 0,
		      "the run to report on (default the last)"),
	DANDE_CLI_FLAG(0, "last", &last, "the last run (default)"),
	DANDE_CLI_END
};

static const struct dande_opt flaky_opts[] = {
	DANDE_CLI_INT(0, "window", &window, "N", 1, 0,
		      "how many recent runs (50)"),
	DANDE_CLI_END
};

static const struct dande_opt pyramid_opts[] = {
	DANDE_CLI_INT(0, "run", &run_opt, "ID", 1, 0,
		      "the run (default the last)"),
	DANDE_CLI_FLAG(0, "check", &check, "exit 1 when unhealthy"),
	DANDE_CLI_END
};

/* Print the report of `run_id` and return the exit code it calls for
 * (`when` < 0: none). */
static int print_report(struct dande_cli *cli, struct dande_db *db,
			int64_t run_id, int when)
{
	struct dande_results_report rep;
	struct dande_buf out = DANDE_BUF_INIT;
	enum dande_results_format fmt = cli->json ? DANDE_RESULTS_JSON :
		format >= 0 ? (enum dande_results_format)format :
		DANDE_RESULTS_TEXT;
	int r, code = DANDE_EXIT_OK;

	if ((r = dande_results_report(db, run_id, dande_results_limit(fmt,
				cli->quiet, cli->all ? 0 : cli->limit), &rep)) < 0)
		return dande_cli_fail(cli, r);
	if (!cli->quiet || fmt != DANDE_RESULTS_TEXT)
		dande_results_format(&out, &rep, fmt, dande_cli_color(cli));
	/* a CI summary: the pass rate over the last runs, as a chart */
	if (fmt == DANDE_RESULTS_MARKDOWN) {
		struct dande_report_trend t;

		if (dande_report_trend(db, DANDE_REPORT_PASS_RATE, 20, &t) == 0)
			dande_report_mermaid(&out, "Pass rate", &t, NAN,
					     NULL);
		dande_error_clear();
	}
	if (when >= 0 && dande_results_failed(&rep, when))
		code = DANDE_EXIT_NO;
	dande_results_report_release(&rep);
	return dande_cli_emit(cli, 0, &out, 1, code);
}

struct ingest_ctx {
	struct dande_cli *cli;
	struct dande_progress progress;
};

static void on_file(void *payload, const char *path,
		    const struct dande_junit_info *info)
{
	struct ingest_ctx *x = payload;
	struct dande_buf b = DANDE_BUF_INIT;

	dande_progress_end(&x->progress);	/* the line is wiped first */
	dande_junit_info_describe(&b, "", path, info);
	dande_cli_say(x->cli, &b);
}

static void on_progress(void *payload, uint64_t bytes, uint64_t total,
			uint64_t cases)
{
	struct ingest_ctx *x = payload;

	if (!x->progress.prog)
		dande_progress_start(&x->progress, x->cli, "reading", total);
	dande_progress_bytes(&x->progress, bytes, cases, "cases");
}

static int cmd_ingest(struct dande_cli *cli)
{
	struct dande_strvec files = DANDE_STRVEC_INIT, rules = DANDE_STRVEC_INIT;
	struct dande_results_opts o;
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	struct dande_db *db = NULL;
	struct ingest_ctx x;
	enum dande_results_fail_on when;
	int64_t run_id = 0;
	size_t i;
	int r, code, busy;

	memset(&o, 0, sizeof(o));
	memset(&x, 0, sizeof(x));
	x.cli = cli;
	if (fail_on >= 0)
		dande_config_set(cli->config, "junit.failOn", fail_ons[fail_on]);
	if ((r = dande_results_fail_on(cli->config, &when)) < 0 ||
	    (r = dande_results_opts_config(&o, cli->config, &rules)) < 0) {
		code = dande_cli_fail(cli, r);
		goto done;
	}
	for (i = 1; i < cli->args.nr; i++) {
		if ((r = dande_fs_expand(&files, cli->args.v[i])) < 0) {
			code = dande_cli_fail(cli, r == DANDE_ENOTFOUND ?
					      DANDE_EUSAGE : r);
			goto done;
		}
	}
	if ((r = dande_provenance_load(&prov, cli->repo, cli->root.ptr)) < 0) {
		code = dande_cli_fail(cli, r);
		goto done;
	}
	if (env_name)
		prov.environment = dande_xstrdup(env_name);
	o.layer = layer >= 0 ? layers[layer] : NULL;
	o.wall_s = -1;
	o.prov = &prov;
	o.on_file = cli->verbose ? on_file : NULL;
	o.on_progress = on_progress;
	o.payload = &x;
	if ((r = dande_cli_busy_ms(cli, &busy)) < 0 ||
	    (r = dande_results_ingest_path(&db, cli->db_path.ptr, busy,
					   (const char *const *)files.v,
					   files.nr, &o, &run_id)) < 0) {
		dande_progress_end(&x.progress);
		code = dande_cli_fail(cli, r);
		goto done;
	}
	dande_progress_end(&x.progress);
	code = print_report(cli, db, run_id, (int)when);
done:
	dande_db_close(db);
	dande_strvec_release(&files);
	dande_strvec_release(&rules);
	dande_provenance_release(&prov);
	return code;
}

static int cmd_report(struct dande_cli *cli)
{
	struct dande_db *db = NULL;
	int r, code;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) < 0)
		return dande_cli_fail(cli, r);
	code = print_report(cli, db, last ? 0 : run_opt, -1);
	dande_db_close(db);
	return code;
}

static int cmd_pyramid(struct dande_cli *cli)
{
	struct dande_results_report rep;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int r, code = DANDE_EXIT_OK;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0 &&
	    (r = dande_results_report(db, run_opt, DANDE_RESULTS_COUNTS,
				       &rep)) == 0) {
		dande_results_format_pyramid(&out, &rep, cli->json);
		code = check && !rep.healthy ? DANDE_EXIT_NO : DANDE_EXIT_OK;
		dande_results_report_release(&rep);
	}
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, 1, code);
}

static int cmd_rows(struct dande_cli *cli, int flaky)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	size_t n = 0;
	int r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0)
		r = flaky ? dande_results_flaky(db, (int)window, &out,
						cli->json, &n) :
			dande_results_history(db, cli->args.v[1], &out,
					      cli->json, &n);
	dande_db_close(db);
	if (r == 0 && !flaky && n == 0 && !cli->json) {
		dande_buf_release(&out);
		return dande_cli_error(cli, DANDE_EXIT_NO, "no test '%s' in "
				       "any run", cli->args.v[1]);
	}
	return dande_cli_emit(cli, r, &out, 1, DANDE_EXIT_OK);
}

static int cmd_flaky(struct dande_cli *cli)
{
	return cmd_rows(cli, 1);
}

static int cmd_history(struct dande_cli *cli)
{
	return cmd_rows(cli, 0);
}

static const struct dande_command commands[] = {
	{ "ingest", cmd_ingest, ingest_opts, "REPORT...", 1, -1,
	  "store reports (files, directories, globs such as "
	  "'reports/**/*.xml') as one run, then report on it; exit 1 when "
	  "tests failed (see junit.failOn)",
	  "dande junit ingest reports/junit.xml\n"
	  "dande junit ingest 'build/test-results/**/*.xml' --layer unit\n"
	  "dande junit ingest reports/ --fail-on new --format markdown",
	  "the run's report, as junit report" },
	{ "report", cmd_report, report_opts, NULL, 0, 0,
	  "report on a stored run (the last by default)",
	  "dande junit report\ndande junit report --run 12 --json",
	  "{run_id, started_at, commit, branch, tests, passed, failed, errors, skipped, flaky, duration_s, previous_run_id, new_failures, fixed, disappeared, failures, slowest, pyramid}" },
	{ "flaky", cmd_flaky, flaky_opts, NULL, 0, 0,
	  "tests whose outcome flipped at one commit, or that passed after "
	  "reruns, in the last --window runs",
	  "dande junit flaky --window 200",
	  "[{test, flips, fails, passes, first_commit}]" },
	{ "history", cmd_history, NULL, "TEST", 1, 1,
	  "a test's outcomes across runs (name or classname::name)",
	  "dande junit history test_login\n"
	  "dande junit history 'tests.unit.test_auth::test_login' --json",
	  "[{run_id, started_at, commit, status, duration_s}]" },
	{ "pyramid", cmd_pyramid, pyramid_opts, NULL, 0, 0,
	  "tests and time per layer; --check exits 1 when the shape is "
	  "unhealthy",
	  "dande junit pyramid --check",
	  "{unit: {tests, duration_s}, integration, e2e, unknown, unit_share, e2e_share, min_unit_share, max_e2e_share, healthy}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"junit", "Ingest JUnit XML reports into the tracking database and "
	"report on them: failures, new failures, fixed tests, slowest tests, "
	"flaky tests, one test's history and the test pyramid.", commands,
	help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

/*
 * dande-trial: feature attempts.  `dande trial FEATURE -- CMD [ARGS]`
 * runs a command for a feature, records the attempt in trial_runs
 * (outcome, exit code, duration, commit, branch, version) and exits with
 * the command's code; `dande trial report [FEATURE]` lists the attempts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/provenance.h"
#include "dande/trial.h"

static const char help[] =
"An attempt's outcome is passed (exit 0), failed (another exit code, or a\n"
"signal), timeout (--timeout ran out: the command's process group is\n"
"stopped) or error (the command could not be run).  The attempt is\n"
"recorded whatever its outcome, with the commit, branch and version\n"
"(VERSION) it was tried on; an interrupt (^C) goes to the command, and\n"
"its outcome is recorded too.\n"
"\n"
"Exit codes of `dande trial FEATURE -- CMD`: the command's own; 128 + N\n"
"when signal N ended it; 124 on timeout; 4 when it could not be run or\n"
"the database cannot record it.  `dande bump --test` and the pre-push\n"
"hook record their attempts in the same table.\n";

static long timeout_s;

static const struct dande_opt trial_opts[] = {
	DANDE_CLI_INT(0, "timeout", &timeout_s, "SECS", 1, 86400 * 7,
		      "stop the command after SECS seconds (outcome timeout)"),
	DANDE_CLI_END
};


static int cmd_trial(struct dande_cli *cli)
{
	struct dande_provenance prov = DANDE_PROVENANCE_INIT;
	struct dande_db *db = NULL;
	int r, code = DANDE_EXIT_OK;

	if (!cli->args.v[0][0])
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "the feature "
				       "name is empty");
	if (dande_provenance_load(&prov, cli->repo, cli->root.ptr) < 0)
		dande_error_clear();
	if ((r = dande_cli_open_db(cli, 0, &db)) == 0)
		r = dande_trial_run(db, &prov, cli->args.v[0],
				    (const char *const *)cli->args.v + 1,
				    cli->root.len ? cli->root.ptr : NULL,
				    (int)timeout_s, &code);
	dande_db_close(db);
	dande_provenance_release(&prov);
	if (r < 0)
		return dande_cli_fail(cli, r == DANDE_ENOTFOUND ?
				      DANDE_EEXTERNAL : r);
	if (!cli->quiet && code)
		fprintf(stderr, "%s: %s: attempt recorded as %s (exit %d)\n",
			cli->prog, cli->args.v[0], code == 124 ? "timeout" :
			"failed", code);
	return code;
}

static int cmd_report(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	size_t n = 0;
	int r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0)
		r = dande_trial_report(db, cli->args.nr > 1 ? cli->args.v[1] :
				       NULL, dande_cli_limit(cli), cli->json,
				       &out, &n);
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, 1, DANDE_EXIT_OK);
}

static const struct dande_command commands[] = {
	{ "", cmd_trial, trial_opts, "FEATURE -- CMD [ARGS]", 2, -1,
	  "run CMD as an attempt at FEATURE, record it, exit with its code",
	  "dande trial login -- make test-unit\n"
	  "dande trial --timeout 600 migrations -- ./scripts/migrate.sh", NULL },
	{ "report", cmd_report, NULL, "[FEATURE]", 0, 1,
	  "each feature's attempts, success rate and last outcome; or one "
	  "feature's attempts",
	  "dande trial report\ndande trial report login --json",
	  "{features: [{feature, attempts, passed, success_rate, last_outcome, last_at}]} or, for one FEATURE, its attempts" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"trial", "Feature attempts: run a command for a feature, record how "
	"it went, report the success rate.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

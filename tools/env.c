/*
 * dande-env: the Docker Compose dev and test environments of a project,
 * isolated and side by side: up (and wait until healthy), run, test (the
 * whole cycle, always torn down), down, status, logs, sweep, check, init.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/env.h"
#include "dande/envcheck.h"
#include "dande/envinit.h"
#include "dande/envrun.h"
#include "dande/error.h"
#include "dande/exit.h"

static const char help[] =
"Environments are [env \"NAME\"] sections of .dande.conf: compose (in\n"
"order), envFile, health (URLs), service, command, init, reports,\n"
"databaseUrl, cacert, timeout.  Each runs as the Compose project\n"
"<project>-<env>, or <project>-<env>-<id> with --isolated or in CI (id:\n"
"--id, CI_JOB_ID, GITHUB_RUN_ID, else random).  env.tool = auto | docker |\n"
"docker-compose | podman; env.project names the project (default: the\n"
"repository's directory).\n"
"\n"
"Exit codes: 0 ok; 1 check found problems; 2 usage; 3 bad input (a compose\n"
"or env file); 4 environment (no engine, not healthy, compose failed);\n"
"run and test: the command's own exit code.\n";

static int isolated, volumes_opt, all_opt, dry_run, force, tls_opt;
static int staging_opt;
static const char *id_opt, *cacert_opt, *layer_opt;
static long timeout_opt, tail_opt;

#define RUN_OPTS \
	DANDE_CLI_FLAG(0, "isolated", &isolated, \
		       "a project of its own: <project>-<env>-<id> (default " \
		       "in CI)"), \
	DANDE_CLI_STRING(0, "id", &id_opt, "ID", \
			 "the id of an isolated run (implies --isolated)")
#define WAIT_OPTS \
	DANDE_CLI_INT(0, "timeout", &timeout_opt, "S", 1, 86400, \
		      "seconds to wait until healthy (default: the env's " \
		      "timeout, 120)"), \
	DANDE_CLI_STRING(0, "cacert", &cacert_opt, "FILE", \
			 "CA certificate for the health URLs (self-signed " \
			 "test certs)")

static const struct dande_opt up_opts[] = { WAIT_OPTS, RUN_OPTS,
	DANDE_CLI_END };
static const struct dande_opt test_opts[] = { WAIT_OPTS, RUN_OPTS,
	DANDE_CLI_STRING(0, "layer", &layer_opt, "LAYER",
			 "run the layer's command (env.NAME.LAYER: unit, "
			 "integration, e2e) instead of env.NAME.command"),
	DANDE_CLI_END };
static const struct dande_opt run_opts[] = { RUN_OPTS, DANDE_CLI_END };
static const struct dande_opt down_opts[] = {
	DANDE_CLI_FLAG(0, "volumes", &volumes_opt, "remove volumes too"),
	RUN_OPTS,
	DANDE_CLI_END
};
static const struct dande_opt logs_opts[] = {
	DANDE_CLI_INT(0, "tail", &tail_opt, "N", 1, 1000000,
		      "the last N lines of each container"),
	RUN_OPTS,
	DANDE_CLI_END
};
static const struct dande_opt sweep_opts[] = {
	DANDE_CLI_FLAG(0, "all", &all_opt,
		       "every project dande labelled, not only this one"),
	DANDE_CLI_FLAG(0, "volumes", &volumes_opt,
		       "persistent volumes too"),
	DANDE_CLI_FLAG('n', "dry-run", &dry_run, "say what would be removed"),
	DANDE_CLI_END
};
static const struct dande_opt init_opts[] = {
	DANDE_CLI_FLAG(0, "force", &force,
		       "overwrite existing files, keeping FILE.bak"),
	DANDE_CLI_FLAG(0, "staging", &staging_opt, "a staging environment "
		       "too (its own compose file, env file, ports and "
		       "project)"),
	DANDE_CLI_FLAG(0, "tls", &tls_opt, "a local CA and a server "
		       "certificate for localhost and the services (certs/), "
		       "and cacert set for the health checks"),
	DANDE_CLI_END
};

static int check(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	const char *only = cli->args.nr > 1 ? cli->args.v[1] : NULL;
	size_t shown = 0, checked = 0;
	int r;

	r = dande_env_check_project(cli->config, cli->root.ptr, only,
				    cli->json, &out, &shown, &checked);
	if (r < 0) {
		dande_buf_release(&out);
		return dande_cli_fail(cli, r == DANDE_ENOTFOUND ? DANDE_EUSAGE :
				      r);
	}
	fputs(out.ptr, stdout);
	dande_buf_release(&out);
	if (!shown && !cli->quiet && !cli->json)
		fprintf(stderr, "%s: %s checked: no problems\n", cli->prog,
			only ? only : checked == 1 ? "1 environment" :
			"every environment");
	return shown ? DANDE_EXIT_NO : DANDE_EXIT_OK;
}

/* ---- init ------------------------------------------------------------- */

static int init(struct dande_cli *cli)
{
	struct dande_buf report = DANDE_BUF_INIT;
	int r = dande_env_init(cli->root.ptr, cli->config, force, &report);

	/* the configuration as init left it: staging's section is added to
	 * what is there */
	if (r == 0 && staging_opt) {
		struct dande_config *now = NULL;

		if ((r = dande_config_load(&now, cli->root.ptr, NULL,
					   NULL)) == 0)
			r = dande_env_init_staging(cli->root.ptr, now, force,
						   &report);
		dande_config_free(now);
	}
	if (r == 0 && tls_opt)
		r = dande_env_init_tls(cli->root.ptr, force, &report);
	if (!cli->quiet)
		fputs(report.ptr ? report.ptr : "", stdout);
	dande_buf_release(&report);
	if (r < 0)
		return dande_cli_fail(cli, r);
	if (!cli->quiet)
		printf("\nNext:\n  cp .env.example .env    # and set its "
		       "secrets\n  dande env check\n  dande env up dev\n"
		       "  dande env test test\n");
	return 0;
}

/* ---- the commands on the engine --------------------------------------- */

/* What the library says as it goes: progress (not with -q) and problems,
 * on stderr, as "dande-env: ..." lines. */
struct say_ctx {
	struct dande_cli *cli;
	struct dande_progress progress;	/* the live line of a wait */
};

static void report(void *payload, int problem, const char *msg)
{
	struct say_ctx *x = payload;

	if (!problem && x->cli->quiet)
		return;
	/* a line said wipes the live one; the next look draws it again */
	dande_progress_end(&x->progress);
	x->progress.prog = NULL;
	fprintf(stderr, "%s: %s\n", x->cli->prog, msg);
}

static void waiting(void *payload, const char *state)
{
	struct say_ctx *x = payload;

	if (!state) {
		dande_progress_end(&x->progress);
		return;
	}
	if (!x->progress.prog)
		dande_progress_start(&x->progress, x->cli, "waiting", 0);
	dande_progress_wait(&x->progress, state);
}

static int on_engine(struct dande_cli *cli, const char *cmd)
{
	struct dande_envrun r;
	struct dande_env env;
	struct say_ctx say;
	struct dande_buf id = DANDE_BUF_INIT, out = DANDE_BUF_INIT;
	const char *name = cli->args.nr > 1 ? cli->args.v[1] : NULL;
	int needs_env = strcmp(cmd, "status") && strcmp(cmd, "sweep");
	int e, code;

	memset(&r, 0, sizeof(r));
	memset(&env, 0, sizeof(env));
	memset(&say, 0, sizeof(say));
	say.cli = cli;
	if (needs_env && (e = dande_env_load(&env, cli->config, name)) < 0)
		return dande_cli_fail(cli, e == DANDE_ENOTFOUND ?
				      DANDE_EUSAGE : e);
	if (cacert_opt) {
		free(env.cacert);
		env.cacert = dande_xstrdup(cacert_opt);
	}
	/* one layer's tests: its own command in the same cycle */
	if (layer_opt) {
		char *layer_cmd = NULL;

		if (strcmp(layer_opt, "unit") && strcmp(layer_opt,
							"integration") &&
		    strcmp(layer_opt, "e2e")) {
			dande_env_release(&env);
			return dande_cli_error(cli, DANDE_EXIT_USAGE, "--layer "
					       "is unit, integration or e2e, "
					       "not '%s'", layer_opt);
		}
		if (dande_env_layer_command(cli->config, name, layer_opt,
					    &layer_cmd) < 0) {
			dande_env_release(&env);
			return dande_cli_fail(cli, DANDE_EUSAGE);
		}
		free(env.command);
		env.command = layer_cmd;
	}
	if (id_opt || isolated || dande_env_in_ci(cli->envp))
		dande_env_run_id(&id, id_opt, cli->envp);
	r.root = cli->root.ptr;
	r.base = dande_env_project_base(cli->config, cli->root.ptr);
	r.id = id.len ? id.ptr : NULL;
	r.env = needs_env ? &env : NULL;
	r.cfg = cli->config;
	r.repo = cli->repo;
	r.db_path = cli->db_path.ptr;
	r.quiet = cli->quiet;
	r.verbose = cli->verbose;
	r.report = report;
	r.waiting = waiting;
	r.payload = &say;
	if ((e = dande_envrun_open(&r, !strcmp(cmd, "test"))) < 0) {
		/* a file the configuration names is missing: as a missing
		 * argument, exit 2 */
		code = dande_cli_fail(cli, e == DANDE_ENOTFOUND ?
				      DANDE_EUSAGE : e);
		goto done;
	}
	code = 0;
	if (!strcmp(cmd, "up"))
		e = dande_envrun_up(&r, (int)timeout_opt);
	else if (!strcmp(cmd, "down"))
		e = dande_envrun_down(&r, volumes_opt);
	else if (!strcmp(cmd, "build"))
		e = dande_envrun_build(&r);
	else if (!strcmp(cmd, "run"))
		e = dande_envrun_run(&r, cli->args.v[2],
				     (const char *const *)cli->args.v + 3, &code);
	else if (!strcmp(cmd, "test"))
		e = dande_envrun_test(&r, (int)timeout_opt, &code);
	else if (!strcmp(cmd, "status"))
		e = dande_envrun_status(&r, name, cli->json, &out);
	else if (!strcmp(cmd, "logs"))
		e = dande_envrun_logs(&r, cli->args.nr > 2 ? cli->args.v[2] :
				      NULL, (int)tail_opt, &out);
	else
		e = dande_envrun_sweep(&r, all_opt, volumes_opt, dry_run, &out);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
	/* the library's code to an exit code; run and test: the command's */
	if (e < 0)
		code = dande_cli_fail(cli, e);
done:
	dande_progress_end(&say.progress);
	dande_envrun_close(&r);
	dande_env_release(&env);
	dande_buf_release(&id);
	dande_buf_release(&out);
	return code;
}

#define ON_ENGINE(name) \
	static int run_##name(struct dande_cli *cli) \
	{ \
		return on_engine(cli, #name); \
	}
ON_ENGINE(up)
ON_ENGINE(down)
ON_ENGINE(build)
ON_ENGINE(run)
ON_ENGINE(test)
ON_ENGINE(status)
ON_ENGINE(logs)
ON_ENGINE(sweep)

static const struct dande_command commands[] = {
	{ "up", run_up, up_opts, "ENV", 1, 1,
	  "start the stack detached and wait until every service with a "
	  "healthcheck is healthy and every health URL answers 2xx (exit 4 on "
	  "timeout, with the last lines of the service's log)",
	  "dande env up dev\ndande env up dev --timeout 300", NULL },
	{ "run", run_run, run_opts, "ENV SERVICE [--] CMD...", 3, -1,
	  "CMD in a throw-away container; its exit code is dande's",
	  "dande env run dev app -- pytest -x\n"
	  "dande env run test db -- psql -c 'select 1'", NULL },
	{ "test", run_test, test_opts, "ENV", 1, 1,
	  "fresh up, wait, init, the tests in a throw-away container, JUnit "
	  "and coverage from `reports` into the database, logs of failed "
	  "services saved, and always down -v (also on failure, timeout, "
	  "SIGINT, SIGTERM); exit: the tests', or 4 when the environment "
	  "failed (an errors row of kind infra)",
	  "dande env test test\ndande env test test --isolated --id $CI_JOB_ID\n"
	  "dande env test test --layer integration", NULL },
	{ "build", run_build, run_opts, "ENV", 1, 1,
	  "build the images the compose files build (compose build)",
	  "dande env build dev", NULL },
	{ "down", run_down, down_opts, "ENV", 1, 1,
	  "stop and remove the stack",
	  "dande env down dev\ndande env down test --volumes", NULL },
	{ "status", run_status, run_opts, "[ENV]", 0, 1,
	  "services, state, health and published ports",
	  "dande env status\ndande env status dev --json",
	  "[{env, project, service, container, state, health, ports}]" },
	{ "logs", run_logs, logs_opts, "ENV [SERVICE]", 1, 2,
	  "the services' logs",
	  "dande env logs dev app --tail 50", NULL },
	{ "sweep", run_sweep, sweep_opts, NULL, 0, 0,
	  "remove what dande labelled whose run is no longer alive",
	  "dande env sweep --dry-run\ndande env sweep --all --volumes", NULL },
	{ "check", check, NULL, "[ENV]", 0, 1,
	  "lint the compose files: file:line: rule: message; exit 1 when "
	  "anything is found",
	  "dande env check\ndande env check test --json",
	  "[{file, line, rule, message}]" },
	{ "init", init, init_opts, NULL, 0, 0,
	  "write a dev and a test environment (compose files, .env.example, "
	  ".env.test, [env] sections); never overwrites (--force: with a .bak "
	  "backup)",
	  "dande env init", NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"env", "The Docker Compose dev and test environments of a project, "
	"isolated and side by side: up (and wait until healthy), run, test "
	"(the whole cycle, always torn down), down, status, logs, sweep, "
	"check, init.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

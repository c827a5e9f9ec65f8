/*
 * dande-hooks: install dande's git hooks and run them.  The shims in
 * hooks/ only exec `dande hooks run NAME`; what runs is decided here, from
 * .dande.conf, and each check is one of dande's own tools run with an argv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/hooks.h"
#include "dande/json.h"

static const char help[] =
"pre-commit checks: version (dande bump check, when VERSION exists),\n"
"changelog (dande changelog lint, when CHANGELOG.md exists; hooks.changelog\n"
"= always | staged | never), todos (dande todos staged --require-ref: the\n"
"TODOs in the staged lines must cite an issue; when todos.requireRef is\n"
"true), then every hooks.preCommit command (an argv,\n"
"quotes group words; its name is its first word), and every\n"
"[hooks \"NAME\"] run = CMD (hook = pre-commit or pre-push).  commit-msg: the\n"
"commit-msg check (dande changelog lint-msg).  A check's output is shown\n"
"only when it fails, with the command that reproduces it.  pre-push: tests\n"
"(hooks.prePush, default 'make test-all', its output shown as it runs),\n"
"then junit (dande junit ingest hooks.junitReports) and coverage (dande\n"
"cov gate hooks.coverageReports), which pass saying so when none are\n"
"configured.  A push of a tree whose tests passed already (HEAD, clean,\n"
"recorded in trial_runs) skips them all.\n"
"\n"
"A pre-commit whose checks all ran in process and passed records what\n"
"they read; the next one passes at once, in the front door, when none of\n"
"it (nor HEAD, the tags, the environment) changed: hooks.passCache = false\n"
"turns that off.\n"
"\n"
"SKIP=version,changelog skips checks by name; DANDE_HOOKS=0 skips them\n"
"all; with CI set they are skipped unless hooks.runInCI is true.\n";

static int force;

static const struct dande_opt install_opts[] = {
	DANDE_CLI_FLAG(0, "force", &force,
		       "when NAME.local is taken, keep the hook as NAME.bak"),
	DANDE_CLI_END
};

static int hooks_dir(struct dande_cli *cli, struct dande_buf *dir)
{
	int r;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "not in a git "
				       "repository");
	if ((r = dande_repo_hooks_dir(cli->repo, dir)) < 0)
		return dande_cli_fail(cli, r);
	return 0;
}

static int cmd_install(struct dande_cli *cli, int install)
{
	struct dande_buf dir = DANDE_BUF_INIT, dande = DANDE_BUF_INIT;
	struct dande_buf report = DANDE_BUF_INIT;
	int r;

	if ((r = hooks_dir(cli, &dir)))
		goto done;
	dande_fs_self_dir(&dande);
	if (dande.len)
		dande_buf_adds(&dande, "/dande");
	if (install)
		r = dande_hooks_install(dir.ptr, dande.len &&
					access(dande.ptr, X_OK) == 0 ?
					dande.ptr : NULL, force, &report);
	else
		r = dande_hooks_uninstall(dir.ptr, &report);
	if (install && r == 0) {
		/* what will run, said now; remembered, so a change is said
		 * at the next hook */
		dande_buf_adds(&report, "the configuration runs:\n");
		dande_hooks_trust(cli->config, dande_repo_gitdir(cli->repo),
				  "  ", &report);
	}
	if (!cli->quiet && report.len)
		fputs(report.ptr, stdout);
	r = r < 0 ? dande_cli_fail(cli, r) : DANDE_EXIT_OK;
done:
	dande_buf_release(&dir);
	dande_buf_release(&dande);
	dande_buf_release(&report);
	return r;
}

/* JSON: {"hooks_dir", "hooks": [{"name", "state": "dande" | "foreign" |
 * "none", "chained": bool}]} */
static void status_json(const char *dir)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_json j;
	size_t i;
	int chained;

	dande_json_init(&j, &out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "hooks_dir");
	dande_json_string(&j, dir);
	dande_json_key(&j, "hooks");
	dande_json_array_begin(&j);
	for (i = 0; dande_hook_names[i]; i++) {
		enum dande_hook_state st = dande_hook_state(dir,
			dande_hook_names[i], &chained);

		dande_json_object_begin(&j);
		dande_json_key(&j, "name");
		dande_json_string(&j, dande_hook_names[i]);
		dande_json_key(&j, "state");
		dande_json_string(&j, st == DANDE_HOOK_DANDE ? "dande" :
				  st == DANDE_HOOK_FOREIGN ? "foreign" : "none");
		dande_json_key(&j, "chained");
		dande_json_bool(&j, st == DANDE_HOOK_DANDE && chained);
		dande_json_object_end(&j);
	}
	dande_json_array_end(&j);
	dande_json_object_end(&j);
	fwrite(out.ptr, 1, out.len, stdout);
	dande_buf_release(&out);
}

static int cmd_status(struct dande_cli *cli)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	size_t i;
	int r, chained;

	if ((r = hooks_dir(cli, &dir)))
		goto done;
	if (cli->json) {
		status_json(dir.ptr);
		goto done;
	}
	printf("hooks directory: %s\n", dir.ptr);
	for (i = 0; dande_hook_names[i]; i++) {
		const char *name = dande_hook_names[i];

		switch (dande_hook_state(dir.ptr, name, &chained)) {
		case DANDE_HOOK_DANDE:
			printf("  %-11s dande%s%s%s\n", name,
			       chained ? ", then " : "", chained ? name : "",
			       chained ? ".local" : "");
			break;
		case DANDE_HOOK_FOREIGN:
			printf("  %-11s another hook (not dande's)\n", name);
			break;
		case DANDE_HOOK_NONE:
			printf("  %-11s not installed\n", name);
			break;
		}
	}
done:
	dande_buf_release(&dir);
	return r;
}

/* What the run says: "dande-hooks: LINE" on stderr. */
static void say(void *payload, int problem, const char *line)
{
	const struct dande_cli *cli = payload;
	int c = problem && dande_cli_color_on(cli, 2);

	fprintf(stderr, "%s: %s%s%s\n", cli->prog, c ? dande_sgr_seq("bad") :
		"", line, c ? dande_sgr_seq("reset") : "");
}

/* A failed check's own output, as it wrote it. */
static void output(void *payload, const char *text, size_t len)
{
	(void)payload;
	fwrite(text, 1, len, stderr);
}

static int cmd_run(struct dande_cli *cli)
{
	struct dande_hookrun run;
	struct dande_buf in = DANDE_BUF_INIT, self = DANDE_BUF_INIT;
	struct dande_buf hooks_bin = DANDE_BUF_INIT;
	int r, code = 0;

	memset(&run, 0, sizeof(run));
	dande_strvec_init(&run.inputs);
	run.hook = cli->args.v[1];
	run.root = cli->root.ptr;
	run.repo = cli->repo;
	run.config = cli->config;
	run.db_path = cli->db_path.ptr;
	run.envp = cli->envp;
	run.quiet = cli->quiet;
	run.verbose = cli->verbose;
	run.say = say;
	run.output = output;
	run.payload = cli;
	dande_fs_self_dir(&self);
	if (self.len) {
		dande_buf_addf(&hooks_bin, "%s/dande-hooks", self.ptr);
		run.self = hooks_bin.ptr;
		/* the checks' tools beside this one, when they are there */
		dande_buf_adds(&self, "/dande-todos");
		if (access(self.ptr, X_OK) == 0) {
			dande_buf_setlen(&self, self.len - strlen("/dande-todos"));
			run.tools_dir = self.ptr;
		}
	}
	/* git writes the refs being pushed on stdin */
	if (!strcmp(run.hook, "pre-push") && dande_buf_read_fd(&in, 0) < 0)
		dande_error_clear();
	if ((r = dande_cli_busy_ms(cli, &run.busy_ms)) < 0 ||
	    (r = dande_hookrun_run(&run, (const char *const *)cli->args.v + 2,
				   cli->args.nr - 2, &in, &code)) < 0)
		code = dande_cli_fail(cli, r);
	dande_hookrun_release(&run);
	dande_buf_release(&in);
	dande_buf_release(&self);
	dande_buf_release(&hooks_bin);
	return code;
}

static int run_install(struct dande_cli *cli)
{
	return cmd_install(cli, 1);
}

static int run_uninstall(struct dande_cli *cli)
{
	return cmd_install(cli, 0);
}

static const struct dande_command commands[] = {
	{ "install", run_install, install_opts, NULL, 0, 0,
	  "write the pre-commit, commit-msg and pre-push shims into the "
	  "repository's hooks directory (core.hooksPath and worktrees "
	  "honoured); a hook already there is kept as NAME.local and run "
	  "after dande's checks",
	  "dande hooks install", NULL },
	{ "uninstall", run_uninstall, NULL, NULL, 0, 0,
	  "remove the shims and put NAME.local back",
	  "dande hooks uninstall", NULL },
	{ "status", cmd_status, NULL, NULL, 0, 0, "what is installed",
	  "dande hooks status",
	  "{hooks_dir, hooks: [{name, state, chained}]}" },
	{ "run", cmd_run, NULL, "NAME [ARGS...]", 1, -1,
	  "what the shims run (pre-commit, commit-msg, pre-push)",
	  "dande hooks run pre-commit\n"
	  "SKIP=changelog dande hooks run pre-commit\n"
	  "dande hooks run commit-msg .git/COMMIT_EDITMSG", NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"hooks", "Install dande's git hooks and run them.  The shims only exec "
	"'dande hooks run NAME'; what runs is decided from .dande.conf.",
	commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

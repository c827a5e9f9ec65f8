/*
 * dande-todos: the TODO, FIXME, XXX and HACK comments of a repository,
 * tracked in the database (who added each and when), reported oldest
 * first, and a gate on how many there are and on new ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/git.h"
#include "dande/json.h"
#include "dande/todos.h"

static const char help[] =
"A TODO is a comment that opens with a tag in capitals, as a word, right\n"
"after its marker (// # -- ; % * and <!--): TODO, FIXME, XXX, HACK.\n"
"New: not committed yet, or added by a commit that is not in --base\n"
"(todos.base, default HEAD).  Gates (exit 1): --max N open, --no-new,\n"
"--require-ref (new ones must cite an issue: #12, ABC-12 or a URL).\n"
"Binary files and files that are not UTF-8 are left out.\n"
"\n"
"Configuration: todos.*;\n"
"'dande help config' lists every key.\n"
"\n"
"JSON keys: files, added, resolved (scan only), open, new, base, todos\n"
"(objects: file, line, tag, text, commit, author, authored_at,\n"
"first_seen_at, age_days, new, has_ref).\n";

static const char *base_opt;
static long max_opt = -1;
static int no_new, require_ref;

static const struct dande_opt gate_opts[] = {
	DANDE_CLI_INT(0, "max", &max_opt, "N", 0, 0,
		      "exit 1 when more than N are open (todos.max)"),
	DANDE_CLI_FLAG(0, "no-new", &no_new,
		       "exit 1 when any is new (todos.noNew)"),
	DANDE_CLI_FLAG(0, "require-ref", &require_ref,
		       "exit 1 when a new one cites no issue "
		       "(todos.requireRef)"),
	DANDE_CLI_STRING(0, "base", &base_opt, "REF",
			 "what 'new' is measured against (todos.base, HEAD)"),
	DANDE_CLI_END
};

static const struct dande_opt staged_opts[] = {
	DANDE_CLI_FLAG(0, "require-ref", &require_ref,
		       "exit 1 for each that cites no issue "
		       "(todos.requireRef)"),
	DANDE_CLI_END
};

static int gate_flag(struct dande_cli *cli, const char *key, int *flag)
{
	int v = 0, r;

	if (*flag)
		return 0;

	if ((r = dande_config_get_bool(cli->config, key, &v)) < 0)
		return dande_cli_fail(cli, r);
	*flag = v;
	return 0;
}

static int report(struct dande_cli *cli, struct dande_db *db,
		  const struct dande_todos_result *scan)
{
	struct dande_todos_report rep;
	struct dande_buf out = DANDE_BUF_INIT;
	const char *base_name = "HEAD";
	char base[DANDE_OID_BUFSZ];
	int64_t max = -1;
	int r, code = DANDE_EXIT_OK;

	const char *resolved = NULL;

	if (max_opt >= 0) {
		max = max_opt;
	} else if ((r = dande_config_get_int_or(cli->config, "todos.max", -1,
						&max)) < 0) {
		return dande_cli_fail(cli, r);
	}
	if ((r = gate_flag(cli, "todos.noNew", &no_new)) ||
	    (r = gate_flag(cli, "todos.requireRef", &require_ref)))
		return r;
	if (base_opt)
		base_name = base_opt;
	else
		dande_config_get_string_or(cli->config, "todos.base", "HEAD",
					   &base_name);
	if (cli->repo && dande_repo_resolve(cli->repo, base_name, base) == 0) {
		resolved = base;
	} else if (base_opt || strcmp(base_name, "HEAD")) {
		return dande_cli_error(cli, DANDE_EXIT_ENV, "cannot resolve "
				       "the base '%s'", base_name);
	} else {
		dande_error_clear();	/* no commit yet: nothing is old */
	}
	if ((r = dande_todos_report_load(&rep, db, cli->repo, resolved,
					 time(NULL))) < 0)
		return dande_cli_fail(cli, r);
	if (cli->json || !cli->quiet)
		dande_todos_report_format(&out, &rep, scan, base_name,
					  cli->json);
	fputs(out.ptr ? out.ptr : "", stdout);
	dande_buf_reset(&out);
	if (dande_todos_gate(&rep, max, no_new, require_ref, &out))
		code = DANDE_EXIT_NO;
	dande_cli_say(cli, &out);
	dande_todos_report_release(&rep);
	return code;
}

static int cmd_scan(struct dande_cli *cli)
{
	struct dande_strvec paths = DANDE_STRVEC_INIT;
	struct dande_todos_config c;
	struct dande_todos_result res;
	struct dande_db *db = NULL;
	size_t i;
	int r;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "scan needs a git "
				       "repository");
	dande_todos_config_load(&c, cli->config);
	for (i = 1; i < cli->args.nr; i++)
		dande_strvec_push(&paths, cli->args.v[i]);
	c.opts.paths = &paths;
	if ((r = dande_cli_open_db(cli, 0, &db)) < 0 ||
	    (r = dande_todos_scan(cli->repo, db, &c.opts, &res)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = report(cli, db, &res);
	dande_db_close(db);
	dande_todos_config_release(&c);
	dande_strvec_release(&paths);
	return r;
}

struct staged_ctx {
	struct dande_cli *cli;
	int require;
	size_t found, bad;
	struct dande_json *j;	/* --json: the new TODOs into it */
};

static int on_staged(void *payload, const char *path, int line,
		     const struct dande_todo_hit *hit, int has_ref)
{
	struct staged_ctx *x = payload;

	struct dande_buf text = DANDE_BUF_INIT, p = DANDE_BUF_INIT;

	x->found++;
	if (x->j) {
		dande_json_object_begin(x->j);
		dande_json_key(x->j, "file");
		dande_json_string(x->j, path);
		dande_json_key(x->j, "line");
		dande_json_int(x->j, line);
		dande_json_key(x->j, "tag");
		dande_json_string(x->j, hit->tag);
		dande_json_key(x->j, "text");
		dande_json_string_len(x->j, hit->text, hit->text_len);
		dande_json_key(x->j, "has_ref");
		dande_json_bool(x->j, has_ref);
		dande_json_object_end(x->j);
	}
	/* a file's text never reaches the terminal raw */
	dande_buf_add_printable(&p, path, strlen(path), 0);
	dande_buf_add_printable(&text, hit->text, hit->text_len, 0);
	if (x->require && !has_ref) {
		x->bad++;
		fprintf(stderr, "%s: %s:%d: new %s cites no issue (#12, ABC-12 "
			"or a URL): %s\n", x->cli->prog, p.ptr, line, hit->tag,
			text.ptr);
	} else if (!x->cli->quiet && !x->j) {
		printf("%s:%d: %s: %s\n", p.ptr, line, hit->tag, text.ptr);
	}
	dande_buf_release(&text);
	dande_buf_release(&p);
	return 0;
}

static int cmd_staged(struct dande_cli *cli)
{
	struct dande_todos_config c;
	struct staged_ctx x = { cli, 0, 0, 0, NULL };
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_json j;
	int r;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "staged needs a git "
				       "repository");
	if ((r = gate_flag(cli, "todos.requireRef", &require_ref)))
		return r;
	x.require = require_ref;
	dande_todos_config_load(&c, cli->config);
	if (cli->json) {
		dande_json_init(&j, &out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "new");
		dande_json_array_begin(&j);
		x.j = &j;
	}
	if ((r = dande_todos_staged(cli->repo, &c.opts, on_staged, &x)) < 0) {
		r = dande_cli_fail(cli, r);
	} else {
		r = x.bad ? DANDE_EXIT_NO : DANDE_EXIT_OK;
		if (cli->json) {
			dande_json_array_end(&j);
			dande_json_key(&j, "without_ref");
			dande_json_int(&j, (int64_t)x.bad);
			dande_json_object_end(&j);
			fputs(out.ptr, stdout);
		}
	}
	dande_buf_release(&out);
	dande_todos_config_release(&c);
	return r;
}

static int cmd_report(struct dande_cli *cli)
{
	struct dande_db *db = NULL;
	int r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = report(cli, db, NULL);
	dande_db_close(db);
	return r;
}

static const struct dande_command commands[] = {
	{ "scan", cmd_scan, gate_opts, "[PATH...]", 0, -1,
	  "find the comments in the tracked files (all, or under PATH), "
	  "record new ones with the commit, author and date blame gives, mark "
	  "gone ones resolved; then report like report",
	  "dande todos scan\ndande todos scan src/ --max 50 --no-new",
	  "{files, added, resolved, open, new, base, todos: [{file, line, tag, text, commit, author, authored_at, first_seen_at, age_days, new, has_ref}]}" },
	{ "report", cmd_report, gate_opts, NULL, 0, 0,
	  "the open ones, oldest first, with their age",
	  "dande todos report --json",
	  "{open, new, base, todos: [...] as todos scan}" },
	{ "staged", cmd_staged, staged_opts, NULL, 0, 0,
	  "the ones the next commit adds (its staged lines); records nothing "
	  "(the pre-commit check)",
	  "dande todos staged --require-ref",
	  "{new: [{file, line, tag, text, has_ref}], without_ref}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"todos", "The TODO, FIXME, XXX and HACK comments of a repository, "
	"tracked in the database (who added each and when), reported oldest "
	"first, and a gate on how many there are and on new ones.", commands,
	help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

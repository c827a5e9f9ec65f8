/*
 * common.c: what the front door shares with the tools and needs without
 * loading a library beyond libc (it runs before every hook): the options
 * every tool takes, the list of tools, and how --help lays options out.
 */
#include <string.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "cli/cli_int.h"
#include "util/banned.h"

static const char *const color_whens[] = { "auto", "always", "never", NULL };

const struct dande_opt dande_cli__common[] = {
	[C_DIR] = DANDE_CLI_STRING('C', NULL, NULL, "DIR",
				   "act as if started in DIR"),
	[C_DB] = DANDE_CLI_STRING(0, "db", NULL, "PATH",
				  "tracking database (env DANDE_DB; default "
				  "data/DandE.db under the repository root)"),
	[C_JSON] = DANDE_CLI_FLAG(0, "json", NULL,
				  "machine-readable output on stdout"),
	[C_QUIET] = DANDE_CLI_FLAG('q', "quiet", NULL, "say less"),
	[C_VERBOSE] = DANDE_CLI_FLAG('v', "verbose", NULL, "say more"),
	[C_COLOR] = DANDE_CLI_CHOICE(0, "color", NULL, "WHEN", color_whens,
				     "colour verdicts: auto (a terminal, "
				     "NO_COLOR unset, TERM not dumb; "
				     "CLICOLOR_FORCE forces), always or "
				     "never"),
	[C_LIMIT] = DANDE_CLI_INT(0, "limit", NULL, "N", 0, 0,
				  "entries a list shows before \"... and N "
				  "more\" (default 20, 0: all)"),
	[C_ALL] = DANDE_CLI_FLAG(0, "all", NULL, "every entry of every list"),
	[C_HELP] = DANDE_CLI_FLAG('h', "help", NULL, "show this help"),
	[C_VERSION] = DANDE_CLI_FLAG(0, "version", NULL, "show the version"),
	DANDE_CLI_END
};

const struct dande_opt *dande_cli_common_opts(void)
{
	return dande_cli__common;
}

const struct dande_cli_tool_entry dande_cli_tools[] = {
	{ "init", "set dande up in a repository: .dande.conf, VERSION, hooks" },
	{ "db", "the tracking database: init, status, query, export, check" },
	{ "bump", "bump versions in every file, commit and tag" },
	{ "changelog", "Keep a Changelog: add, release, lint, show, generate" },
	{ "junit", "ingest JUnit XML and report on it" },
	{ "cov", "coverage reports, the 85% gate, ratchet, patch coverage" },
	{ "todos", "TODO comments: who added them, age, gates" },
	{ "hooks", "git hooks: install, uninstall, status, run" },
	{ "env", "Docker dev and test environments: up, test, check, sweep" },
	{ "report", "the tracking database as one HTML page, version by "
	  "version" },
	{ "trial", "feature attempts: run a command, record how it went" },
	{ NULL, NULL }
};

/* `text` wrapped at 79 columns, continuation lines indented by `indent`
 * (the first line starts at column `col`). */
void dande_cli__wrap(struct dande_buf *out, const char *text, size_t col,
			size_t indent)
{
	while (*text) {
		size_t n = strcspn(text, " \n"), room = col < 79 ? 79 - col : 0;

		if (col > indent && n + 1 > room) {
			dande_buf_addf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			dande_buf_addch(out, ' ');
			col++;
		}
		dande_buf_add(out, text, n);
		col += n;
		text += n;
		if (*text == '\n') {
			dande_buf_addf(out, "\n%*s", (int)indent, "");
			col = indent;
		}
		while (*text == ' ' || *text == '\n')
			text++;
	}
	dande_buf_addch(out, '\n');
}

void dande_cli__help_column(struct dande_buf *out, size_t start,
			    const char *text)
{
	size_t w = out->len - start;

	if (w < 24)
		dande_buf_addf(out, "%*s", (int)(24 - w), "");
	else
		dande_buf_adds(out, "\n                        ");
	dande_cli__wrap(out, text, 24, 24);
}

void dande_cli_format_opts(struct dande_buf *out, const struct dande_opt *o)
{
	for (; o && o->type != DANDE_OPT_END; o++) {
		size_t start = out->len;

		dande_buf_adds(out, "  ");
		if (o->short_name)
			dande_buf_addf(out, "-%c%s", o->short_name,
				       o->long_name ? ", " : "");
		if (o->long_name)
			dande_buf_addf(out, "--%s", o->long_name);
		if (o->argname)
			dande_buf_addf(out, " %s", o->argname);
		if (o->type == DANDE_OPT_LIST)
			dande_buf_adds(out, " (repeatable)");
		dande_cli__help_column(out, start, o->help);
	}
}



/*
 * complete.c: shell completion from the command and option tables.
 *
 * The shells' scripts (dande completion bash|zsh|fish) hand the words of
 * the command line to `dande __complete WORD...`; the front door answers
 * for the tool's name and passes the rest to `dande-TOOL __complete`,
 * which answers here from its own tables: subcommands, options, the
 * values of a choice, and the arguments the table names (ENV: the
 * environments of .dande.conf, TEST: the test names of the tracking
 * database, LEVEL: the bump levels, A and B of report compare: the
 * versions with runs, a REF option: branches and tags; anything else:
 * files).
 *
 * The answer's first line says what to complete: "words" (the lines
 * after it, already filtered by the word being completed), "files" or
 * "dirs" (the shell's own file completion).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/cli.h"
#include "dande/config.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/git.h"
#include "cli/cli_int.h"
#include "util/banned.h"

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void add_word(struct dande_strvec *out, const char *w,
		     const char *prefix)
{
	size_t i;

	if (!has_prefix(w, prefix))
		return;
	for (i = 0; i < out->nr; i++)
		if (!strcmp(out->v[i], w))
			return;
	dande_strvec_push(out, w);
}

static void add_options(struct dande_strvec *out, const struct dande_opt *o,
			const char *prefix)
{
	char w[128];

	for (; o && o->type != DANDE_OPT_END; o++) {
		if (o->long_name) {
			snprintf(w, sizeof(w), "--%s", o->long_name);
			add_word(out, w, prefix);
		} else if (o->short_name) {
			snprintf(w, sizeof(w), "-%c", o->short_name);
			add_word(out, w, prefix);
		}
	}
}

/* The option `word` names among the command's and the common ones. */
static const struct dande_opt *option_named(const struct dande_opt *opts,
					    const struct dande_opt *common,
					    const char *word)
{
	const struct dande_opt *lists[2] = { opts, common }, *o;
	int k;

	for (k = 0; k < 2; k++)
		for (o = lists[k]; o && o->type != DANDE_OPT_END; o++) {
			if (word[1] == '-' && o->long_name &&
			    !strcmp(word + 2, o->long_name))
				return o;
			if (word[1] != '-' && !word[2] && o->short_name &&
			    o->short_name == word[1])
				return o;
		}
	return NULL;
}

/* Whether an option's value is a file or directory, from its argname. */
static const char *value_kind(const struct dande_opt *o)
{
	static const char *const files[] = { "PATH", "FILE", "REPORT", "DIFF",
		"OUT", "CONF", NULL };
	size_t i;

	if (!o->argname)
		return NULL;
	if (!strcmp(o->argname, "DIR"))
		return "dirs";
	for (i = 0; files[i]; i++)
		if (strstr(o->argname, files[i]))
			return "files";
	return NULL;
}

struct names {
	struct dande_strvec *out;
	const char *prefix;
};

/* A one-column row of names into the candidates (test names, versions). */
static int test_name(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct names *n = payload;

	(void)names;
	if (v && ncols == 1 && v[0].type == DANDE_DB_TEXT)
		add_word(n->out, v[0].s, n->prefix);
	return 0;
}

/* The test names `junit history` takes: "classname::name" (or the name
 * alone when there is no class). */
static void add_tests(struct dande_cli *cli, struct dande_strvec *out,
		      const char *prefix)
{
	struct dande_db *db = NULL;
	struct names n = { out, prefix };

	if (dande_cli_open_db(cli, DANDE_DB_READONLY, &db) == 0)
		dande_db_query(db, "SELECT DISTINCT CASE WHEN classname = '' "
			       "THEN name ELSE classname || '::' || name END "
			       "FROM test_cases ORDER BY 1 LIMIT 5000",
			       test_name, &n);
	dande_db_close(db);
	dande_error_clear();
}

/* What a REF can name: the branches, local and remote, and the tags. */
static void add_refs(struct dande_cli *cli, struct dande_strvec *out,
		     const char *prefix)
{
	struct dande_strvec refs = DANDE_STRVEC_INIT;
	size_t i;

	if (cli->repo) {
		dande_repo_branches(cli->repo, &refs);
		dande_repo_tags(cli->repo, 0, &refs);
	}
	dande_error_clear();
	for (i = 0; i < refs.nr; i++)
		add_word(out, refs.v[i], prefix);
	dande_strvec_release(&refs);
}

/* What `report compare` takes: last, previous and the versions with runs,
 * newest first. */
static void add_versions(struct dande_cli *cli, struct dande_strvec *out,
			 const char *prefix)
{
	struct dande_db *db = NULL;
	struct names n = { out, prefix };

	add_word(out, "last", prefix);
	add_word(out, "previous", prefix);
	if (dande_cli_open_db(cli, DANDE_DB_READONLY, &db) == 0)
		dande_db_query(db, "SELECT version FROM test_runs WHERE "
			       "version IS NOT NULL GROUP BY version ORDER BY "
			       "MAX(id) DESC LIMIT 200", test_name, &n);
	dande_db_close(db);
	dande_error_clear();
}

/* The `n`th positional argument of `k` (0-based), by the usage string's
 * words: "ENV SERVICE [--] CMD..." gives ENV, SERVICE, CMD. */
static void arg_name(char *buf, size_t size, const char *args, size_t n)
{
	size_t i = 0, len;
	const char *last = "";
	size_t last_len = 0;

	buf[0] = '\0';
	while (args && *args) {
		args += strspn(args, " ");
		len = strcspn(args, " ");
		if (!len)
			break;
		if (strncmp(args, "[--]", len) && strncmp(args, "--", len)) {
			last = args;
			last_len = len;
			if (i++ == n)
				break;
		}
		args += len;
	}
	/* past the last word, a repeatable one ("REPORT...") goes on */
	if (i <= n && !(last_len > 3 && !strncmp(last + last_len - 3, "...",
						   3)))
		return;
	while (last_len && (*last == '[' || *last == '<')) {
		last++;
		last_len--;
	}
	len = strcspn(last, "]>.| ");
	snprintf(buf, size, "%.*s", (int)(len < last_len ? len : last_len),
		 last);
}

static const char *const levels[] = { "nano", "patch", "minor", "major",
	"pre", NULL };

int dande_cli_complete(struct dande_cli *cli, const struct dande_tool *tool,
		       const struct dande_opt *common, int argc,
		       char **argv, struct dande_buf *out)
{
	const struct dande_command *cmd = NULL, *k;
	struct dande_strvec words = DANDE_STRVEC_INIT;
	const char *cur = argc ? argv[argc - 1] : "", *kind = "words";
	size_t npos = 0, i;
	int dashdash = 0, a;
	char what[64];

	/* the words before the one completed: the command, the options
	 * (and their values), the positional arguments */
	for (a = 0; a < argc - 1; a++) {
		const char *w = argv[a];
		const struct dande_opt *o;

		if (!dashdash && !strcmp(w, "--")) {
			dashdash = 1;
			continue;
		}
		if (!dashdash && w[0] == '-' && w[1]) {
			o = option_named(cmd ? cmd->opts : NULL, common, w);
			if (!o && !cmd)
				for (k = tool->commands; !o && k->name; k++)
					o = option_named(k->opts, NULL, w);
			if (o && o->type != DANDE_OPT_FLAG && !strchr(w, '='))
				a++;
			continue;
		}
		if (!cmd) {
			for (k = tool->commands; k->name; k++)
				if (*k->name && !strcmp(k->name, w))
					cmd = k;
			if (cmd)
				continue;
			for (k = tool->commands; k->name; k++)
				if (!*k->name)
					cmd = k;
			if (!cmd)
				goto done;	/* an unknown command */
		}
		npos++;
	}
	/* the value of the option before */
	if (argc >= 2 && argv[argc - 2][0] == '-' && !dashdash) {
		const struct dande_opt *o = option_named(cmd ? cmd->opts : NULL,
							 common,
							 argv[argc - 2]);

		if (o && o->type != DANDE_OPT_FLAG) {
			if (o->type == DANDE_OPT_CHOICE)
				for (i = 0; o->choices[i]; i++)
					add_word(&words, o->choices[i], cur);
			else if (o->argname && !strcmp(o->argname, "REF"))
				add_refs(cli, &words, cur);
			else if (value_kind(o))
				kind = value_kind(o);
			goto done;
		}
	}
	if (cur[0] == '-' && !dashdash) {
		if (cmd)
			add_options(&words, cmd->opts, cur);
		else
			for (k = tool->commands; k->name; k++)
				if (!*k->name)
					add_options(&words, k->opts, cur);
		add_options(&words, common, cur);
		goto done;
	}
	if (!cmd) {
		for (k = tool->commands; k->name; k++)
			if (*k->name)
				add_word(&words, k->name, cur);
		/* and the first argument of the tool's own command (dande
		 * bump LEVEL), when it is a word */
		for (k = tool->commands; k->name; k++)
			if (!*k->name)
				cmd = k;
		if (!cmd)
			goto done;
	}
	arg_name(what, sizeof(what), cmd->args, npos);
	if (cmd->args && strchr(cmd->args, '|') && npos == 0) {
		/* "set PCT|show": the first word of each alternative */
		const char *p = cmd->args;

		while (*p) {
			size_t n = strcspn(p, " |");
			char *w = dande_xstrndup(p, n);

			add_word(&words, w, cur);
			free(w);
			p = strchr(p, '|');
			if (!p)
				break;
			p++;
		}
	} else if (!strcmp(what, "ENV")) {
		struct dande_strvec envs = DANDE_STRVEC_INIT;

		if (cli->config)
			dande_config_subsections(cli->config, "env", &envs);
		dande_error_clear();
		for (i = 0; i < envs.nr; i++)
			add_word(&words, envs.v[i], cur);
		dande_strvec_release(&envs);
	} else if (!strcmp(what, "TEST")) {
		add_tests(cli, &words, cur);
	} else if (!strcmp(what, "LEVEL")) {
		for (i = 0; levels[i]; i++)
			add_word(&words, levels[i], cur);
	} else if (!strcmp(what, "TABLE")) {
		const char *const *t = dande_db_tables();

		for (; *t; t++)
			add_word(&words, *t, cur);
	} else if (!strcmp(what, "NAME") && !strcmp(tool->name, "hooks")) {
		add_word(&words, "pre-commit", cur);
		add_word(&words, "commit-msg", cur);
		add_word(&words, "pre-push", cur);
	} else if (!strcmp(what, "A") || !strcmp(what, "B")) {
		add_versions(cli, &words, cur);
	} else if (!strcmp(what, "WHICH")) {
		add_word(&words, "latest", cur);
		add_word(&words, "unreleased", cur);
	} else if (what[0] && strcmp(what, "SQL") && strcmp(what, "TEXT") &&
		   strcmp(what, "MESSAGE") && strcmp(what, "FEATURE") &&
		   strcmp(what, "SERVICE") && strcmp(what, "VERSION") &&
		   strcmp(what, "PCT") && strcmp(what, "A") &&
		   strcmp(what, "B") && !words.nr) {
		kind = "files";
	}
done:
	dande_buf_addf(out, "%s\n", kind);
	for (i = 0; i < words.nr; i++)
		dande_buf_addf(out, "%s\n", words.v[i]);
	dande_strvec_release(&words);
	return 0;
}

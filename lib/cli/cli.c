/*
 * lib/cli/: what every tool's main shares; it may call config, store and
 * repo, and nothing in lib/ calls it.
 *
 * cli.c: the option parser every tool shares, the context it builds
 * (repository, layered configuration, database path) and the routines
 * that end a tool with the documented exit code.  The one part of the
 * library that talks to the user, on the tool's behalf.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/bump.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "cli/cli_int.h"
#include "util/banned.h"

void dande_cli_init(struct dande_cli *cli, const char *prog,
		    const char *usage, const char *help,
		    const char *const *envp)
{
	memset(cli, 0, sizeof(*cli));
	cli->limit = -1;
	cli->prog = prog;
	cli->usage = usage;
	cli->help = help;
	cli->envp = envp;
	dande_strvec_init(&cli->args);
	dande_buf_init(&cli->root, 0);
	dande_buf_init(&cli->db_path, 0);
}

static const char exit_codes[] =
	"\nExit codes: 0 ok, 1 the check said no, 2 usage, 3 bad input data,\n"
	"4 environment (repository, database, engine, stdout), 5 internal "
	"error.\n";

void dande_cli_format_help(struct dande_buf *out, const struct dande_cli *cli,
			   const struct dande_opt *opts)
{
	dande_buf_addf(out, "usage: %s\n", cli->usage);
	if (cli->help)
		dande_buf_addf(out, "\n%s", cli->help);
	if (opts && opts->type != DANDE_OPT_END) {
		dande_buf_adds(out, "\nOptions:\n");
		dande_cli_format_opts(out, opts);
	}
	dande_buf_adds(out, "\nCommon options:\n");
	dande_cli_format_opts(out, dande_cli__common);
	dande_buf_adds(out, exit_codes);
}

static const struct dande_opt *find_long(const struct dande_opt *o,
					 const char *name, size_t len)
{
	for (; o && o->type != DANDE_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct dande_opt *find_short(const struct dande_opt *o, char c)
{
	for (; o && o->type != DANDE_OPT_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

/* How an option was written, for messages: "--name" or "-n". */
static void spelled(char *buf, size_t size, const struct dande_opt *o,
		    int as_long)
{
	if (as_long && o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
}

/* A typed value into its variable: 0, or DANDE_EUSAGE said. */
static int store(const struct dande_opt *o, const char *value,
		 const char *name)
{
	char *end;

	switch (o->type) {
	case DANDE_OPT_FLAG:
		*(int *)o->value = 1;
		return 0;
	case DANDE_OPT_STRING:
		*(const char **)o->value = value;
		return 0;
	case DANDE_OPT_LIST:
		dande_strvec_push(o->value, value);
		return 0;
	case DANDE_OPT_INT: {
		long max = o->max ? o->max : LONG_MAX, v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (end == value || *end || errno || v < o->min || v > max) {
			if (max == LONG_MAX)
				return dande_error_set(DANDE_EUSAGE, "option "
						       "'%s' takes a whole "
						       "number of at least "
						       "%ld, not '%s'", name,
						       o->min, value);
			return dande_error_set(DANDE_EUSAGE, "option '%s' "
					       "takes a whole number from %ld "
					       "to %ld, not '%s'", name,
					       o->min, max, value);
		}
		*(long *)o->value = v;
		return 0;
	}
	case DANDE_OPT_PERCENT: {
		double v;

		errno = 0;
		v = strtod(value, &end);
		if (end != value && *end == '%')
			end++;
		if (end == value || *end || errno || !(v >= 0 && v <= 100))
			return dande_error_set(DANDE_EUSAGE, "option '%s' "
					       "takes a percentage from 0 to "
					       "100, not '%s'", name, value);
		*(double *)o->value = v;
		return 0;
	}
	case DANDE_OPT_CHOICE: {
		struct dande_buf all = DANDE_BUF_INIT;
		int i;

		for (i = 0; o->choices[i]; i++)
			if (!strcmp(o->choices[i], value)) {
				*(int *)o->value = i;
				return 0;
			}
		for (i = 0; o->choices[i]; i++)
			dande_buf_addf(&all, "%s%s", i == 0 ? "" :
				       o->choices[i + 1] ? ", " : " or ",
				       o->choices[i]);
		i = dande_error_set(DANDE_EUSAGE, "option '%s' takes %s, not "
				    "'%s'", name, all.ptr, value);
		dande_buf_release(&all);
		return i;
	}
	case DANDE_OPT_CALLBACK:
		return o->cb(o->value, value);
	case DANDE_OPT_END:
		break;
	}
	dande_bug(__FILE__, __LINE__, "option table entry of type END");
}

/* Store `value` for option `o` (a tool's, or a common one through the
 * matching field of cli). */
static int apply(struct dande_cli *cli, const struct dande_opt *o,
		 const char *value, int *done, const char *name)
{
	if (o >= dande_cli__common && o < dande_cli__common + DANDE_CLI__NCOMMON) {
		switch (o - dande_cli__common) {
		case C_DIR:
			if (chdir(value) < 0)
				return dande_error_set_os(DANDE_EUSAGE,
							  "cannot change to "
							  "'%s'", value);
			cli->dir = value;
			return 0;
		case C_DB:
			cli->db_opt = value;
			return 0;
		case C_JSON:
			cli->json = 1;
			return 0;
		case C_QUIET:
			cli->quiet = 1;
			return 0;
		case C_VERBOSE:
			cli->verbose++;
			return 0;
		case C_COLOR:
		case C_LIMIT: {
			/* typed and checked as the table says, then kept */
			struct dande_opt typed = *o;
			long n = 0;
			int when = 0, r;

			typed.value = o - dande_cli__common == C_COLOR ? (void *)&when :
				(void *)&n;
			if ((r = store(&typed, value, name)) < 0)
				return r;
			if (o - dande_cli__common == C_COLOR)
				cli->color_when = when;
			else
				cli->limit = n;
			return 0;
		}
		case C_ALL:
			cli->all = 1;
			return 0;
		case C_HELP:
			*done = 'h';
			return 0;
		case C_VERSION:
			*done = 'V';
			return 0;
		}
	}
	return store(o, value, name);
}

/* An option this command does not take: the tool's other commands may
 * (then say so), else it is unknown, perhaps a typo of one it takes. */
static int not_here(const struct dande_cli *cli, const struct dande_opt *opts,
		    const char *name, size_t len, char c)
{
	const struct dande_command *k;
	const char *names[64], *near;
	size_t n = 0;
	char word[128];

	for (k = cli->tool ? cli->tool->commands : NULL; k && k->name; k++) {
		const struct dande_opt *o = name ? find_long(k->opts, name, len) :
			find_short(k->opts, c);

		if (o && k != cli->cmd && cli->cmd)
			return dande_error_set(DANDE_EUSAGE, "option '%s%.*s' "
					       "is not valid for '%s%s%s' (it "
					       "is for '%s')", name ? "--" :
					       "-", name ? (int)len : 1,
					       name ? name : &c,
					       cli->tool->name,
					       *cli->cmd->name ? " " : "",
					       cli->cmd->name, *k->name ?
					       k->name : cli->tool->name);
	}
	if (!name)
		return dande_error_set(DANDE_EUSAGE, "unknown option '-%c'", c);
	for (; opts && opts->type != DANDE_OPT_END && n < 40; opts++)
		if (opts->long_name)
			names[n++] = opts->long_name;
	for (k = cli->cmd || !cli->tool ? NULL : cli->tool->commands;
	     k && k->name; k++)
		for (opts = k->opts; opts && opts->type != DANDE_OPT_END &&
		     n < 56; opts++)
			if (opts->long_name)
				names[n++] = opts->long_name;
	for (k = NULL, opts = dande_cli__common; opts->type != DANDE_OPT_END; opts++)
		if (opts->long_name)
			names[n++] = opts->long_name;
	names[n] = NULL;
	snprintf(word, sizeof(word), "%.*s", (int)(len < 100 ? len : 100),
		 name);
	if ((near = dande_cli_closest(word, names)))
		return dande_error_set(DANDE_EUSAGE, "unknown option '--%s'; "
				       "did you mean '--%s'?", word, near);
	return dande_error_set(DANDE_EUSAGE, "unknown option '--%.*s'",
			       (int)len, name);
}

static int parse(struct dande_cli *cli, int argc, char **argv,
		 const struct dande_opt *opts, int *done);

int dande_cli_parse(struct dande_cli *cli, int argc, char **argv,
		    const struct dande_opt *opts)
{
	struct dande_buf help = DANDE_BUF_INIT;
	int done = 0, r = parse(cli, argc, argv, opts, &done);

	cli->bad_args = r < 0;
	if (r < 0)
		return r;
	if (done == 'h') {
		dande_cli_format_help(&help, cli, opts);
		fputs(help.ptr, stdout);
		dande_buf_release(&help);
		return DANDE_CLI_DONE;
	}
	if (done == 'V') {
		printf("%s version %s\n", cli->prog, dande_version());
		return DANDE_CLI_DONE;
	}
	return 0;
}

static int parse(struct dande_cli *cli, int argc, char **argv,
		 const struct dande_opt *opts, int *done)
{
	int i, dashdash = 0, r;
	char name[128];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct dande_opt *o;

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			dande_strvec_push(&cli->args, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *lname = a + 2, *eq = strchr(lname, '=');
			size_t len = eq ? (size_t)(eq - lname) : strlen(lname);
			const char *value = eq ? eq + 1 : NULL;

			o = find_long(opts, lname, len);
			if (!o)
				o = find_long(dande_cli__common, lname, len);
			if (!o)
				return not_here(cli, opts, lname, len, 0);
			spelled(name, sizeof(name), o, 1);
			if (o->type == DANDE_OPT_FLAG && value)
				return dande_error_set(DANDE_EUSAGE, "option "
						       "'%s' takes no value",
						       name);
			if (o->type != DANDE_OPT_FLAG && !value) {
				if (i + 1 >= argc)
					return dande_error_set(DANDE_EUSAGE,
							       "option '%s' "
							       "needs a value",
							       name);
				value = argv[++i];
			}
			if ((r = apply(cli, o, value, done, name)) < 0)
				return r;
			continue;
		}
		for (a++; *a; a++) {
			const char *value = NULL;

			o = find_short(opts, *a);
			if (!o)
				o = find_short(dande_cli__common, *a);
			if (!o)
				return not_here(cli, opts, NULL, 0, *a);
			spelled(name, sizeof(name), o, 0);
			if (o->type != DANDE_OPT_FLAG) {
				if (a[1])
					value = a + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else
					return dande_error_set(DANDE_EUSAGE,
							       "option '%s' "
							       "needs a value",
							       name);
			}
			if ((r = apply(cli, o, value, done, name)) < 0)
				return r;
			if (value)
				break;
		}
	}
	return 0;
}

int dande_cli_load(struct dande_cli *cli)
{
	struct dande_buf origin = DANDE_BUF_INIT, file = DANDE_BUF_INIT;
	const char *gitdir = NULL, *path;
	int r;

	r = dande_repo_discover(&cli->repo, ".");
	if (r == DANDE_ENOTFOUND)
		dande_error_clear();
	else if (r < 0)
		return r;
	dande_buf_reset(&cli->root);
	if (cli->repo && dande_repo_workdir(cli->repo))
		dande_buf_adds(&cli->root, dande_repo_workdir(cli->repo));
	else if ((r = dande_fs_absolute(&cli->root, ".")) < 0)
		return r;
	if (cli->repo)
		gitdir = dande_repo_gitdir(cli->repo);
	if ((r = dande_config_load(&cli->config, cli->root.ptr, gitdir,
				   cli->envp)) < 0)
		return r;
	if (cli->db_opt)
		dande_config_set(cli->config, "db.path", cli->db_opt);
	if ((r = dande_config_get_string(cli->config, "db.path", &path)) < 0 ||
	    (r = dande_config_origin(cli->config, "db.path", &origin)) < 0)
		goto done;
	/* a password never sits in the committed .dande.conf */
	if ((r = dande_db_spec_check(path, origin.len >= 12 &&
				     !strcmp(origin.ptr + origin.len - 12,
					     "/.dande.conf"))) < 0)
		goto done;
	/* A server's URL as it is.  A path given by the user is relative to
	 * where they stand; one from a file or the default, to the
	 * repository root. */
	if ((r = dande_db_spec_file(path, &file)) == 0)
		dande_buf_adds(&cli->db_path, path);
	else if (r < 0)
		goto done;
	else if (!strcmp(origin.ptr, "command line") ||
		 !strncmp(origin.ptr, "environment", 11))
		r = dande_fs_absolute(&cli->db_path, file.ptr);
	else
		r = dande_fs_join(&cli->db_path, cli->root.ptr, file.ptr);
done:
	dande_buf_release(&file);
	dande_buf_release(&origin);
	return r;
}

/* The exit code every tool gives for a library error code. */
int dande_exit_from_error(int code)
{
	switch (code) {
	case DANDE_OK:
		return DANDE_EXIT_OK;
	case DANDE_EUSAGE:
		return DANDE_EXIT_USAGE;
	case DANDE_EINVALID:
	case DANDE_ETOOBIG:
		return DANDE_EXIT_DATA;
	case DANDE_ENOTFOUND:
	case DANDE_EEXISTS:
	case DANDE_EEXTERNAL:
	case DANDE_EBUSY:
		return DANDE_EXIT_ENV;
	default:
		return DANDE_EXIT_BUG;
	}
}

/* What --help to suggest: the subcommand's when there is one. */
static const char *hint(const struct dande_cli *cli)
{
	static char buf[128];

	if (cli->tool && cli->cmd && *cli->cmd->name)
		snprintf(buf, sizeof(buf), "dande %s %s", cli->tool->name,
			 cli->cmd->name);
	else if (cli->tool)
		snprintf(buf, sizeof(buf), "dande %s", cli->tool->name);
	else
		snprintf(buf, sizeof(buf), "%s", cli->prog);
	return buf;
}

int dande_cli_error(const struct dande_cli *cli, int exit_code,
		    const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return exit_code;
}

int dande_cli_fail(const struct dande_cli *cli, int code)
{
	const struct dande_error *e = dande_error_last();
	int exit_code = dande_exit_from_error(code);

	struct dande_buf safe = DANDE_BUF_INIT;
	const char *m = e ? e->message : "unexpected error";

	/* messages name files, tests and paths from reports: never raw to
	 * a terminal */
	dande_buf_add_printable(&safe, m, strlen(m), 1);
	if (exit_code == DANDE_EXIT_BUG)
		dande_cli_error(cli, exit_code, "BUG: %s", safe.ptr);
	else
		dande_cli_error(cli, exit_code, "%s", safe.ptr);
	dande_buf_release(&safe);
	if (cli->bad_args)
		fprintf(stderr, "try '%s --help'\n", hint(cli));
	return exit_code;
}

int dande_cli_finish(const struct dande_cli *cli, int exit_code)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	if (failed) {
		fprintf(stderr, "%s: cannot write to standard output: %s\n",
			cli->prog, strerror(errno ? errno : EIO));
		return DANDE_EXIT_ENV;
	}
	return exit_code;
}

void dande_cli_release(struct dande_cli *cli)
{
	dande_strvec_release(&cli->args);
	dande_repo_free(cli->repo);
	cli->repo = NULL;
	dande_config_free(cli->config);
	cli->config = NULL;
	dande_buf_release(&cli->root);
	dande_buf_release(&cli->db_path);
}

int dande_cli_end(struct dande_cli *cli, int exit_code)
{
	if (exit_code == DANDE_EXIT_OK || exit_code == DANDE_EXIT_NO)
		exit_code = dande_cli_finish(cli, exit_code);
	dande_cli_release(cli);
	dande_shutdown();
	return exit_code;
}

int dande_cli_busy_ms(const struct dande_cli *cli, int *out)
{
	int64_t busy = DANDE_DB_DEFAULT_BUSY_MS;
	int r;

	*out = (int)busy;
	if ((r = dande_config_get_int(cli->config, "db.busyTimeout", &busy)) < 0)
		return r;
	*out = busy > INT_MAX ? INT_MAX : (int)busy;
	return 0;
}

int dande_cli_open_db(const struct dande_cli *cli, int flags,
		      struct dande_db **out)
{
	int busy, r;

	if ((r = dande_cli_busy_ms(cli, &busy)) < 0)
		return r;
	return dande_db_open(out, cli->db_path.ptr, flags, busy);
}

/* ---- command tables --------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[64][64];

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			/* a swap of two neighbours is one typo */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *dande_cli_closest(const char *word, const char *const *names)
{
	const char *best = NULL, *prefix = NULL;
	size_t best_d = (size_t)-1, len = strlen(word), nprefix = 0;

	for (; *names; names++) {
		size_t d = edit_distance(word, *names);

		if (d < best_d) {
			best_d = d;
			best = *names;
		}
		if (len >= 2 && !strncmp(*names, word, len)) {
			prefix = *names;
			nprefix++;
		}
	}
	if (best && best_d <= 2 && best_d < len)
		return best;
	return nprefix == 1 ? prefix : NULL;
}

/* An option of any of the tool's commands, or a common one: only its
 * arity matters, to find the command among the arguments. */
static const struct dande_opt *any_opt(const struct dande_tool *tool,
				       const char *name, size_t len, char c)
{
	const struct dande_command *k;
	const struct dande_opt *o = NULL;

	for (k = tool->commands; !o && k->name; k++)
		o = name ? find_long(k->opts, name, len) : find_short(k->opts, c);
	if (!o)
		o = name ? find_long(dande_cli__common, name, len) : find_short(dande_cli__common, c);
	return o;
}

/* The first argument that is not an option or an option's value; NULL
 * with *unknown set at an option no command knows (its arity is unknown,
 * so what follows cannot be told apart). */
static const char *first_word(const struct dande_tool *tool, int argc,
			      char **argv, int *unknown)
{
	const struct dande_opt *o;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1])
			return a;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');

			o = any_opt(tool, a + 2, eq ? (size_t)(eq - a - 2) :
				    strlen(a + 2), 0);
			if (!o) {
				*unknown = 1;
				return NULL;
			}
			if (o->type != DANDE_OPT_FLAG && !eq)
				i++;
			continue;
		}
		for (a++; *a; a++) {
			o = any_opt(tool, NULL, 0, *a);
			if (!o) {
				*unknown = 1;
				return NULL;
			}
			if (o->type != DANDE_OPT_FLAG) {
				if (!a[1])
					i++;
				break;
			}
		}
	}
	return NULL;
}

static const struct dande_command *find_command(const struct dande_tool *tool,
						const char *name)
{
	const struct dande_command *k;

	for (k = tool->commands; k->name; k++)
		if (name && *k->name && !strcmp(k->name, name))
			return k;
	for (k = tool->commands; k->name; k++)
		if (!*k->name)
			return k;
	return NULL;
}

static void add_usage(struct dande_buf *out, const struct dande_tool *tool,
		      const struct dande_command *k)
{
	dande_buf_addf(out, "dande %s%s%s%s%s [options]", tool->name,
		       *k->name ? " " : "", k->name, k->args ? " " : "",
		       k->args ? k->args : "");
}

static void add_examples(struct dande_buf *out, const char *ex)
{
	while (ex && *ex) {
		size_t n = strcspn(ex, "\n");

		dande_buf_addf(out, "  %.*s\n", (int)n, ex);
		ex += n + (ex[n] == '\n');
	}
}

void dande_cli_format_tool_help(struct dande_buf *out,
				const struct dande_tool *tool,
				const struct dande_command *cmd)
{
	const struct dande_command *k, *dflt = find_command(tool, NULL);
	int named = 0;

	for (k = tool->commands; k->name; k++)
		named += *k->name != '\0';
	if (!cmd && !named)
		cmd = dflt;
	dande_buf_adds(out, "usage: ");
	if (cmd) {
		add_usage(out, tool, cmd);
		dande_buf_addch(out, '\n');
	} else if (dflt) {
		add_usage(out, tool, dflt);
		dande_buf_addf(out, "\n       dande %s <command> [options]\n",
			       tool->name);
	} else {
		dande_buf_addf(out, "dande %s <command> [options]\n",
			       tool->name);
	}
	dande_buf_addch(out, '\n');
	dande_cli__wrap(out, cmd && *cmd->name ? cmd->summary : tool->summary, 0,
		    0);
	if (!cmd) {
		dande_buf_adds(out, "\nCommands:\n");
		for (k = tool->commands; k->name; k++) {
			size_t start = out->len;

			if (!*k->name)
				continue;
			dande_buf_addf(out, "  %s%s%s", k->name,
				       k->args ? " " : "",
				       k->args ? k->args : "");
			dande_cli__help_column(out, start, k->summary);
		}
	}
	if ((!cmd || !*cmd->name) && tool->help)
		dande_buf_addf(out, "\n%s", tool->help);
	if (!cmd && dflt)
		cmd = dflt;
	if (cmd && cmd->opts && cmd->opts->type != DANDE_OPT_END) {
		dande_buf_adds(out, "\nOptions:\n");
		dande_cli_format_opts(out, cmd->opts);
	}
	dande_buf_adds(out, "\nCommon options:\n");
	dande_cli_format_opts(out, dande_cli__common);
	if (cmd && cmd->json) {
		dande_buf_adds(out, "\nWith --json:\n  ");
		dande_cli__wrap(out, cmd->json, 2, 2);
	}
	if (cmd && cmd->examples) {
		dande_buf_adds(out, "\nExamples:\n");
		add_examples(out, cmd->examples);
	}
	dande_buf_adds(out, exit_codes);
	if (named && (!cmd || !*cmd->name))
		dande_buf_addf(out, "\n'dande %s COMMAND --help' shows a "
			       "command's options and examples.\n", tool->name);
}

/* "no arguments", "at most N" or "needs ARGS", as the table says. */
static int check_args(struct dande_cli *cli, size_t nargs)
{
	const struct dande_command *k = cli->cmd;
	const char *what = *k->name ? k->name : cli->tool->name;

	if (k->max_args >= 0 && nargs > (size_t)k->max_args) {
		if (k->max_args == 0)
			return dande_error_set(DANDE_EUSAGE, "%s takes no "
					       "arguments", what);
		return dande_error_set(DANDE_EUSAGE, "%s takes at most %d "
				       "argument%s (%s)", what, k->max_args,
				       k->max_args == 1 ? "" : "s", k->args);
	}
	if (nargs < (size_t)k->min_args)
		return dande_error_set(DANDE_EUSAGE, "%s needs %s", what,
				       k->args);
	return 0;
}

int dande_cli_prepare(struct dande_cli *cli, const struct dande_tool *tool,
		      int argc, char **argv, int *done)
{
	const char *word;
	int r, unknown = 0;

	*done = 0;
	cli->tool = tool;
	word = first_word(tool, argc, argv, &unknown);
	cli->cmd = unknown ? NULL : find_command(tool, word);
	if (!cli->cmd && word) {
		const char *names[64], *near;
		const struct dande_command *k;
		size_t n = 0;

		for (k = tool->commands; k->name && n < 63; k++)
			names[n++] = k->name;
		names[n] = NULL;
		near = dande_cli_closest(word, names);
		r = dande_error_set(DANDE_EUSAGE, "unknown command '%s'%s%s%s",
				    word, near ? "; did you mean '" : "",
				    near ? near : "", near ? "'?" : "");
		goto fail;
	}
	if ((r = parse(cli, argc, argv, cli->cmd ? cli->cmd->opts : NULL,
		       done)) < 0)
		goto fail;
	if (*done)
		return 0;
	if (!cli->cmd) {
		r = dande_error_set(DANDE_EUSAGE, "no command given");
		goto fail;
	}
	if ((r = check_args(cli, cli->args.nr - (*cli->cmd->name ? 1 : 0))) < 0)
		goto fail;
	dande_set_output(dande_cli_color(cli), dande_cli_limit(cli));
	if (cli->json && !cli->cmd->json) {
		r = dande_error_set(DANDE_EUSAGE, "'dande %s%s%s' has no JSON "
				    "output (--json)", tool->name,
				    *cli->cmd->name ? " " : "", cli->cmd->name);
		goto fail;
	}
	return 0;
fail:
	cli->bad_args = 1;
	return r;
}

/* Settle an interrupted bump, under the bump lock (a bump running now
 * owns its journal: left alone), saying what was done on stderr.  A
 * problem is said and does not stop the command. */
static void settle_bump(struct dande_cli *cli)
{
	struct dande_bump_lock lock = { NULL, -1, 0 };
	struct dande_buf report = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	const char *line, *nl;

	if (dande_bump_lock(&lock, cli->repo) < 0) {
		dande_error_clear();
		return;
	}
	if (dande_cli_open_db(cli, 0, &db) < 0)
		dande_error_clear();	/* rolled back or completed all the
					   same; the record waits */
	if (dande_bump_recover(cli->repo, dande_repo_workdir(cli->repo), db,
			       &report, NULL) < 0) {
		fprintf(stderr, "%s: warning: %s\n", cli->prog,
			dande_error_last()->message);
		dande_error_clear();
	}
	for (line = report.ptr; line && (nl = strchr(line, '\n'));
	     line = nl + 1)
		fprintf(stderr, "%s: %.*s\n", cli->prog, (int)(nl - line),
			line);
	dande_db_close(db);
	dande_bump_unlock(&lock);
	dande_buf_release(&report);
}

int dande_cli_main(const struct dande_tool *tool, int argc, char **argv,
		   char **envp)
{
	struct dande_cli cli;
	struct dande_buf prog = DANDE_BUF_INIT, help = DANDE_BUF_INIT;
	int r, done = 0;

	dande_buf_addf(&prog, "dande-%s", tool->name);
	dande_cli_init(&cli, prog.ptr, NULL, NULL, (const char *const *)envp);
	/* `make man` writes dande-TOOL(1) from the tables, and any tool
	 * the pages of the whole (dande, config, schema): the front door
	 * loads nothing but libc, the schema's page needs SQLite */
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "__man")) {
		if (argc == 2)
			dande_cli_format_man(&help, tool, dande_cli__common);
		if (argc == 3 && (r = dande_cli_man_page(&help, argv[2])) < 0)
			r = dande_cli_fail(&cli, r);
		else
			r = DANDE_EXIT_OK;
		if (r == DANDE_EXIT_OK) {
			fputs(help.ptr, stdout);
			r = dande_cli_finish(&cli, DANDE_EXIT_OK);
		}
		dande_buf_release(&help);
		dande_cli_release(&cli);
		dande_buf_release(&prog);
		return r;
	}
	/* the shells' completion scripts ask through the front door */
	if (argc >= 2 && !strcmp(argv[1], "__complete")) {
		if ((r = dande_init()) == 0) {
			if (dande_cli_load(&cli) < 0)
				dande_error_clear();
			dande_cli_complete(&cli, tool, dande_cli__common, argc - 2,
					   argv + 2, &help);
			fputs(help.ptr, stdout);
			r = DANDE_EXIT_OK;
		} else {
			r = dande_cli_fail(&cli, r);
		}
		goto done;
	}
	if ((r = dande_init()) < 0 ||
	    (r = dande_cli_prepare(&cli, tool, argc, argv, &done)) < 0) {
		r = dande_cli_fail(&cli, r);
		goto done;
	}
	if (done == 'h') {
		dande_cli_format_tool_help(&help, tool, cli.cmd && *cli.cmd->name ?
					   cli.cmd : NULL);
		fputs(help.ptr, stdout);
		r = DANDE_EXIT_OK;
		goto done;
	}
	if (done == 'V') {
		printf("%s version %s\n", cli.prog, dande_version());
		r = DANDE_EXIT_OK;
		goto done;
	}
	if ((r = dande_cli_load(&cli)) < 0) {
		r = dande_cli_fail(&cli, r);
		goto done;
	}
	/* a bump killed half way is settled by the next command, whichever
	 * (dande bump settles its own, --continue included) */
	if (strcmp(tool->name, "bump") && dande_bump_pending(cli.repo))
		settle_bump(&cli);
	r = cli.cmd->run(&cli);
done:
	dande_buf_release(&help);
	r = dande_cli_end(&cli, r);
	dande_buf_release(&prog);
	return r;
}

int dande_cli_emit(const struct dande_cli *cli, int r, struct dande_buf *out,
		   int print, int ok)
{
	if (r < 0) {
		dande_buf_release(out);
		return dande_cli_fail(cli, r);
	}
	if (print)
		fwrite(out->ptr, 1, out->len, stdout);
	dande_buf_release(out);
	return ok;
}

int dande_cli_color(const struct dande_cli *cli)
{
	return dande_cli_color_on(cli, 1);
}

int dande_cli_color_on(const struct dande_cli *cli, int fd)
{
	const char *term = getenv("TERM"), *force = getenv("CLICOLOR_FORCE");
	const char *no = getenv("NO_COLOR");

	if ((cli->json && fd == 1) || cli->color_when == 2)
		return 0;
	if (cli->color_when == 1)
		return 1;
	if (no && *no)
		return 0;
	if (force && *force && strcmp(force, "0"))
		return 1;
	return isatty(fd) && term && strcmp(term, "dumb");
}

size_t dande_cli_limit(const struct dande_cli *cli)
{
	if (cli->all)
		return 0;
	return cli->limit >= 0 ? (size_t)cli->limit : DANDE_DEFAULT_LIMIT;
}

void dande_cli_say(const struct dande_cli *cli, struct dande_buf *lines)
{
	const char *line = lines->ptr ? lines->ptr : "", *nl;

	for (; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			nl = line + strlen(line) - 1;
		fprintf(stderr, "%s: %.*s\n", cli->prog, (int)(nl - line +
			(*nl != '\n')), line);
	}
	dande_buf_release(lines);
}

void dande_cli_colour_lines(struct dande_buf *out, const char *verdict)
{
	struct dande_buf c = DANDE_BUF_INIT;
	const char *line, *nl;

	if (!dande_output_color() || !out->len)
		return;
	for (line = out->ptr; (nl = strchr(line, '\n')); line = nl + 1)
		dande_buf_addf(&c, "%s%.*s%s\n", dande_sgr(verdict),
			       (int)(nl - line), line, dande_sgr("reset"));
	dande_buf_release(out);
	*out = c;
}

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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "util/banned.h"

void dande_cli_init(struct dande_cli *cli, const char *prog,
		    const char *usage, const char *help,
		    const char *const *envp)
{
	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	cli->usage = usage;
	cli->help = help;
	cli->envp = envp;
	dande_strvec_init(&cli->args);
	dande_buf_init(&cli->root, 0);
	dande_buf_init(&cli->db_path, 0);
}

static const struct dande_opt common[] = {
	{ DANDE_OPT_STRING, 'C', NULL, NULL, "DIR",
	  "act as if started in DIR" },
	{ DANDE_OPT_STRING, 0, "db", NULL, "PATH",
	  "tracking database (env DANDE_DB; default data/DandE.db "
	  "under the repository root)" },
	{ DANDE_OPT_FLAG, 0, "json", NULL, NULL,
	  "machine-readable output on stdout" },
	{ DANDE_OPT_FLAG, 'q', "quiet", NULL, NULL, "say less" },
	{ DANDE_OPT_FLAG, 'v', "verbose", NULL, NULL, "say more" },
	{ DANDE_OPT_FLAG, 'h', "help", NULL, NULL, "show this help" },
	{ DANDE_OPT_FLAG, 0, "version", NULL, NULL, "show the version" },
	{ DANDE_OPT_END, 0, NULL, NULL, NULL, NULL }
};

static void format_opts(struct dande_buf *out, const struct dande_opt *o)
{
	for (; o && o->type != DANDE_OPT_END; o++) {
		size_t start = out->len, w;

		dande_buf_adds(out, "  ");
		if (o->short_name)
			dande_buf_addf(out, "-%c%s", o->short_name,
				       o->long_name ? ", " : "");
		if (o->long_name)
			dande_buf_addf(out, "--%s", o->long_name);
		if (o->argname)
			dande_buf_addf(out, " %s", o->argname);
		w = out->len - start;
		if (w < 24)
			dande_buf_addf(out, "%*s", (int)(24 - w), "");
		else
			dande_buf_adds(out, "\n                        ");
		dande_buf_addf(out, "%s\n", o->help);
	}
}

void dande_cli_format_help(struct dande_buf *out, const struct dande_cli *cli,
			   const struct dande_opt *opts)
{
	dande_buf_addf(out, "usage: %s\n", cli->usage);
	if (cli->help)
		dande_buf_addf(out, "\n%s", cli->help);
	if (opts && opts->type != DANDE_OPT_END) {
		dande_buf_adds(out, "\nOptions:\n");
		format_opts(out, opts);
	}
	dande_buf_adds(out, "\nCommon options:\n");
	format_opts(out, common);
	dande_buf_adds(out, "\nExit codes: 0 ok, 1 the check said no, 2 usage, "
		       "3 bad input data,\n4 environment (repository, "
		       "database, engine, stdout), 5 internal error.\n");
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

/* Store `value` for option `o` (a tool's, or a common one through the
 * matching field of cli). */
static int apply(struct dande_cli *cli, const struct dande_opt *o,
		 const char *value, int *done)
{
	if (o >= common && o < common + sizeof(common) / sizeof(common[0])) {
		switch (o->short_name ? o->short_name : o->long_name[0]) {
		case 'C':
			if (chdir(value) < 0)
				return dande_error_set_os(DANDE_EUSAGE,
							  "cannot change to "
							  "'%s'", value);
			cli->dir = value;
			return 0;
		case 'd':
			cli->db_opt = value;
			return 0;
		case 'j':
			cli->json = 1;
			return 0;
		case 'q':
			cli->quiet = 1;
			return 0;
		case 'v':
			if (!strcmp(o->long_name, "version"))
				*done = 'V';
			else
				cli->verbose++;
			return 0;
		case 'h':
			*done = 'h';
			return 0;
		}
	}
	switch (o->type) {
	case DANDE_OPT_FLAG:
		*(int *)o->value = 1;
		break;
	case DANDE_OPT_STRING:
		*(const char **)o->value = value;
		break;
	case DANDE_OPT_LIST:
		dande_strvec_push(o->value, value);
		break;
	case DANDE_OPT_END:
		DANDE_ASSERT(!"option table entry of type END");
	}
	return 0;
}

static int parse(struct dande_cli *cli, int argc, char **argv,
		 const struct dande_opt *opts);

int dande_cli_parse(struct dande_cli *cli, int argc, char **argv,
		    const struct dande_opt *opts)
{
	int r = parse(cli, argc, argv, opts);

	cli->bad_args = r < 0;
	return r;
}

static int parse(struct dande_cli *cli, int argc, char **argv,
		 const struct dande_opt *opts)
{
	struct dande_buf help = DANDE_BUF_INIT;
	int i, done = 0, dashdash = 0, r;

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
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const char *value = eq ? eq + 1 : NULL;

			o = find_long(opts, name, len);
			if (!o)
				o = find_long(common, name, len);
			if (!o)
				return dande_error_set(DANDE_EUSAGE, "unknown "
						       "option '--%.*s'",
						       (int)len, name);
			if (o->type == DANDE_OPT_FLAG && value)
				return dande_error_set(DANDE_EUSAGE, "option "
						       "'--%s' takes no value",
						       o->long_name);
			if (o->type != DANDE_OPT_FLAG && !value) {
				if (i + 1 >= argc)
					return dande_error_set(DANDE_EUSAGE,
							       "option '--%s' "
							       "needs a value",
							       o->long_name);
				value = argv[++i];
			}
			if ((r = apply(cli, o, value, &done)) < 0)
				return r;
			continue;
		}
		for (a++; *a; a++) {
			const char *value = NULL;

			o = find_short(opts, *a);
			if (!o)
				o = find_short(common, *a);
			if (!o)
				return dande_error_set(DANDE_EUSAGE, "unknown "
						       "option '-%c'", *a);
			if (o->type != DANDE_OPT_FLAG) {
				if (a[1])
					value = a + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else
					return dande_error_set(DANDE_EUSAGE,
							       "option '-%c' "
							       "needs a value",
							       *a);
			}
			if ((r = apply(cli, o, value, &done)) < 0)
				return r;
			if (value)
				break;
		}
	}
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

int dande_cli_load(struct dande_cli *cli)
{
	struct dande_buf origin = DANDE_BUF_INIT;
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
	/* A path given by the user is relative to where they stand; one from
	 * a file or the default, to the repository root. */
	if (!strcmp(origin.ptr, "command line") ||
	    !strncmp(origin.ptr, "environment", 11))
		r = dande_fs_absolute(&cli->db_path, path);
	else
		r = dande_fs_join(&cli->db_path, cli->root.ptr, path);
done:
	dande_buf_release(&origin);
	return r;
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

	if (exit_code == DANDE_EXIT_BUG)
		dande_cli_error(cli, exit_code, "BUG: %s",
				e ? e->message : "unexpected error");
	else
		dande_cli_error(cli, exit_code, "%s",
				e ? e->message : "unexpected error");
	if (cli->bad_args)
		fprintf(stderr, "try '%s --help'\n", cli->prog);
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

int dande_cli_begin(struct dande_cli *cli, int argc, char **argv,
		    const struct dande_opt *opts, int needs_command)
{
	int r;

	if ((r = dande_init()) < 0)
		return dande_cli_fail(cli, r);
	r = dande_cli_parse(cli, argc, argv, opts);
	if (r == DANDE_CLI_DONE)
		return DANDE_EXIT_OK;
	if (r < 0)
		return dande_cli_fail(cli, r);
	if (needs_command && cli->args.nr == 0)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "no command "
				       "given\ntry '%s --help'", cli->prog);
	if ((r = dande_cli_load(cli)) < 0)
		return dande_cli_fail(cli, r);
	return DANDE_CLI_GO;
}

int dande_cli_unknown(const struct dande_cli *cli, const char *cmd)
{
	return dande_cli_error(cli, DANDE_EXIT_USAGE, "unknown command '%s'\n"
			       "try '%s --help'", cmd, cli->prog);
}

int dande_cli_end(struct dande_cli *cli, int exit_code)
{
	if (exit_code == DANDE_EXIT_OK || exit_code == DANDE_EXIT_NO)
		exit_code = dande_cli_finish(cli, exit_code);
	dande_cli_release(cli);
	dande_shutdown();
	return exit_code;
}

int dande_cli_open_db(const struct dande_cli *cli, int flags,
		      struct dande_db **out)
{
	int64_t busy = DANDE_DB_DEFAULT_BUSY_MS;
	int r;

	if ((r = dande_config_get_int(cli->config, "db.busyTimeout", &busy)) < 0)
		return r;
	return dande_db_open(out, cli->db_path.ptr, flags, (int)busy);
}

int dande_cli_positive(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v <= 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

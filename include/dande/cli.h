/*
 * cli.h: the one option parser every tool uses, the context every tool
 * builds from it (repository, configuration, database path), and the
 * routines that end a tool with the right exit code.
 *
 * Options every tool accepts: -C DIR, --db PATH, --json, -q, -v,
 * -h/--help, --version.  A tool adds its own through a dande_opt table.
 */
#ifndef DANDE_CLI_H
#define DANDE_CLI_H

#include "dande/buf.h"

enum dande_opt_type {
	DANDE_OPT_END = 0,
	DANDE_OPT_FLAG,		/* int *: set to 1 */
	DANDE_OPT_STRING,	/* const char **: the argument */
	DANDE_OPT_LIST		/* struct dande_strvec *: every occurrence */
};

struct dande_opt {
	enum dande_opt_type type;
	char short_name;	/* 0: none */
	const char *long_name;	/* NULL: none */
	void *value;
	const char *argname;	/* for --help: "PATH" */
	const char *help;
};

struct dande_repo;
struct dande_config;

struct dande_cli {
	/* set by the tool before parsing */
	const char *prog;		/* "dande-db" */
	const char *usage;		/* "dande db <command> [options]" */
	const char *help;		/* commands, exit codes, JSON keys */
	const char *const *envp;

	/* common options */
	const char *dir;		/* -C */
	const char *db_opt;		/* --db */
	int json, quiet, verbose;
	struct dande_strvec args;	/* positional arguments */
	int bad_args;			/* parsing failed: hint at --help */

	/* filled by dande_cli_load() */
	struct dande_repo *repo;	/* NULL outside a repository */
	struct dande_config *config;
	struct dande_buf root;		/* repository root, else the cwd */
	struct dande_buf db_path;	/* resolved tracking database path */
};

/* Positive return of dande_cli_parse(): help or version was printed. */
#define DANDE_CLI_DONE 1

void dande_cli_init(struct dande_cli *cli, const char *prog,
		    const char *usage, const char *help,
		    const char *const *envp);

/*
 * Parse argv: the common options plus `opts` (terminated by a
 * DANDE_OPT_END entry; may be NULL).  Options and positional arguments
 * may mix; "--" ends the options.  Applies -C by changing directory.
 * Returns 0, DANDE_CLI_DONE after printing --help or --version, or
 * DANDE_EUSAGE with the error recorded.
 */
int dande_cli_parse(struct dande_cli *cli, int argc, char **argv,
		    const struct dande_opt *opts);

/*
 * Find the repository (if any), load the layered configuration and
 * resolve the database path: --db, else $DANDE_DB, else db.path from the
 * configuration, relative to the repository root (or the cwd outside a
 * repository).  Returns 0, DANDE_EUSAGE for a bad configuration, or
 * DANDE_EEXTERNAL.
 */
int dande_cli_load(struct dande_cli *cli);

/* Print "prog: message" for the last error (and a --help hint after an
 * option parsing error) to stderr and return the matching exit code.  `code` is a
 * negative dande_error_code. */
int dande_cli_fail(const struct dande_cli *cli, int code);

/* Print "prog: message" (printf-style) to stderr and return `exit_code`. */
int dande_cli_error(const struct dande_cli *cli, int exit_code,
		    const char *fmt, ...) DANDE_PRINTF(3, 4);

/* Flush and close stdout; a write error becomes exit 4 with a message.
 * Returns `exit_code` otherwise.  Every tool returns through this. */
int dande_cli_finish(const struct dande_cli *cli, int exit_code);

/* Release everything the cli owns. */
void dande_cli_release(struct dande_cli *cli);

/* Write the help text for `opts` and the common options into `out`. */
void dande_cli_format_help(struct dande_buf *out, const struct dande_cli *cli,
			   const struct dande_opt *opts);

/* A whole positive decimal number no larger than `max` into `out`: 0, or
 * -1 for anything else ("", "0", "-3", "12s"). */
int dande_cli_positive(const char *s, long max, long *out);

/* dande_cli_begin() returns this when the tool has its command to run. */
#define DANDE_CLI_GO (-1)

/*
 * What every tool's main does before its command: set the library up,
 * parse (help and version printed: exit 0), ask for a command when
 * `needs_command`, load the repository and configuration.  DANDE_CLI_GO,
 * or the exit code to hand to dande_cli_end().
 */
int dande_cli_begin(struct dande_cli *cli, int argc, char **argv,
		    const struct dande_opt *opts, int needs_command);

/* "unknown command 'CMD'" and the --help hint: exit 2. */
int dande_cli_unknown(const struct dande_cli *cli, const char *cmd);

/* And after it: flush stdout when the command ran (exit 0 or 1), release
 * the cli, shut the library down.  The process's exit code. */
int dande_cli_end(struct dande_cli *cli, int exit_code);

/* The tracking database (--db, DANDE_DB, db.path) with db.busyTimeout;
 * `flags` as dande_db_open(). */
struct dande_db;
int dande_cli_open_db(const struct dande_cli *cli, int flags,
		      struct dande_db **out);

#endif

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

#include <stdint.h>

#include "dande/buf.h"

enum dande_opt_type {
	DANDE_OPT_END = 0,
	DANDE_OPT_FLAG,		/* int *: set to 1 */
	DANDE_OPT_STRING,	/* const char **: the argument */
	DANDE_OPT_LIST,		/* struct dande_strvec *: every occurrence */
	DANDE_OPT_INT,		/* long *: a whole number in [min, max] */
	DANDE_OPT_PERCENT,	/* double *: 0 to 100 ("85", "85.5", "85%") */
	DANDE_OPT_CHOICE,	/* int *: the index of one of `choices` */
	DANDE_OPT_CALLBACK	/* cb(value, argument) checks and stores */
};

struct dande_opt {
	enum dande_opt_type type;
	char short_name;	/* 0: none */
	const char *long_name;	/* NULL: none */
	void *value;
	const char *argname;	/* for --help: "PATH" */
	const char *help;
	long min, max;		/* INT: the range; max 0 is LONG_MAX */
	/* CALLBACK: 0, or a negative code with the error recorded */
	int (*cb)(void *value, const char *arg);
	const char *const *choices;	/* CHOICE: NULL-terminated */
};

/* Table entries, as designated initializers (the fields not named are 0). */
#define DANDE_CLI_FLAG(s, l, v, h) \
	{ .type = DANDE_OPT_FLAG, .short_name = (s), .long_name = (l), \
	  .value = (v), .help = (h) }
#define DANDE_CLI_STRING(s, l, v, a, h) \
	{ .type = DANDE_OPT_STRING, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h) }
#define DANDE_CLI_LIST(s, l, v, a, h) \
	{ .type = DANDE_OPT_LIST, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h) }
#define DANDE_CLI_INT(s, l, v, a, lo, hi, h) \
	{ .type = DANDE_OPT_INT, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h), .min = (lo), .max = (hi) }
#define DANDE_CLI_PERCENT(s, l, v, a, h) \
	{ .type = DANDE_OPT_PERCENT, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h) }
#define DANDE_CLI_CHOICE(s, l, v, a, c, h) \
	{ .type = DANDE_OPT_CHOICE, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h), .choices = (c) }
#define DANDE_CLI_CALLBACK(s, l, v, a, f, h) \
	{ .type = DANDE_OPT_CALLBACK, .short_name = (s), .long_name = (l), \
	  .value = (v), .argname = (a), .help = (h), .cb = (f) }
#define DANDE_CLI_END { .type = DANDE_OPT_END }

struct dande_cli;

/*
 * A tool's subcommand: its name, its function, its own options (NULL:
 * only the common ones), its arguments and what --help says of it.  A
 * table ends with an entry whose name is NULL; the name "" is the tool's
 * command when the first argument names none (dande bump LEVEL, dande
 * init).
 */
struct dande_command {
	const char *name;
	int (*run)(struct dande_cli *cli);	/* returns the exit code */
	const struct dande_opt *opts;
	const char *args;	/* for usage: "REPORT...", NULL: none */
	int min_args, max_args;	/* max_args -1: no limit */
	const char *summary;	/* one sentence (may wrap) */
	const char *examples;	/* command lines, one per line */
	/* what --json prints, for help and man pages ("{path, bytes}");
	 * NULL: the command refuses --json (exit 2) */
	const char *json;
};

struct dande_tool {
	const char *name;	/* "junit": the program is dande-junit */
	const char *summary;
	const struct dande_command *commands;
	const char *help;	/* after the commands: configuration, JSON */
};

struct dande_repo;
struct dande_config;

struct dande_cli {
	/* set by the tool before parsing */
	const char *prog;		/* "dande-db" */
	const char *usage;		/* "dande db <command> [options]" */
	const char *help;		/* commands, exit codes, JSON keys */
	const char *const *envp;

	const struct dande_tool *tool;	/* dande_cli_main() */
	const struct dande_command *cmd;

	/* common options */
	const char *dir;		/* -C */
	const char *db_opt;		/* --db */
	int json, quiet, verbose;
	int color_when;			/* --color: 0 auto, 1 always, 2 never */
	long limit;			/* --limit N (0: all), -1 unset */
	int all;			/* --all: every entry of every list */
	struct dande_strvec args;	/* positional arguments */
	int bad_args;			/* parsing failed: hint at --help */

	/* filled by dande_cli_load() */
	struct dande_repo *repo;	/* NULL outside a repository */
	struct dande_config *config;
	struct dande_buf root;		/* repository root, else the cwd */
	struct dande_buf db_path;	/* resolved tracking database path */
};

/* The options every tool takes (-C, --db, --json, ...), ended by a
 * DANDE_OPT_END entry: the front door passes them on to the tool. */
const struct dande_opt *dande_cli_common_opts(void);

/* The tools, in the order `dande --help` lists them, ended by a NULL
 * name: the front door's list, and dande(1)'s. */
struct dande_cli_tool_entry {
	const char *name, *what;
};
extern const struct dande_cli_tool_entry dande_cli_tools[];

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

/* The options of `opts` as --help lists them, a line or more each. */
void dande_cli_format_opts(struct dande_buf *out, const struct dande_opt *opts);

/* Write the help text for `opts` and the common options into `out`. */
void dande_cli_format_help(struct dande_buf *out, const struct dande_cli *cli,
			   const struct dande_opt *opts);

/*
 * A tool's whole main: set the library up; find the subcommand (a
 * misspelt one gets "did you mean"); parse the common options and the
 * subcommand's own, anywhere on the line (an option of another
 * subcommand is a usage error naming this one); check the number of
 * arguments; print --help (the tool's, or the subcommand's with its
 * examples) or --version; load the repository and configuration; run the
 * subcommand; flush stdout and shut down.  The process's exit code.
 * cli->args holds the positional arguments, the subcommand's name first
 * (none for the "" command).
 */
int dande_cli_main(const struct dande_tool *tool, int argc, char **argv,
		   char **envp);

/*
 * The part of dande_cli_main() that reads the command line: the command
 * into cli->cmd, the options, the arguments counted.  0 (with *done 'h'
 * for --help, 'V' for --version, else 0), or DANDE_EUSAGE with the
 * message recorded.
 */
int dande_cli_prepare(struct dande_cli *cli, const struct dande_tool *tool,
		      int argc, char **argv, int *done);

/* The tool's help (the commands) or, with `cmd`, the command's. */
void dande_cli_format_tool_help(struct dande_buf *out,
				const struct dande_tool *tool,
				const struct dande_command *cmd);

/* The closest of `names` (NULL-terminated) to `word` by edit distance,
 * when close enough to be a typo; NULL otherwise. */
const char *dande_cli_closest(const char *word, const char *const *names);

/* And after it: flush stdout when the command ran (exit 0 or 1), release
 * the cli, shut the library down.  The process's exit code. */
int dande_cli_end(struct dande_cli *cli, int exit_code);

/* The end of most commands: when `r` (a library code) is negative, say
 * the error and return its exit code; else print `out` (when `print`)
 * and return `ok` (DANDE_EXIT_OK or _NO).  `out` is released either way. */
int dande_cli_emit(const struct dande_cli *cli, int r, struct dande_buf *out,
		   int print, int ok);

/* Each line of `lines` to stderr after "PROG: "; `lines` is released. */
void dande_cli_say(const struct dande_cli *cli, struct dande_buf *lines);

/* Whether verdicts are in colour: never in JSON; --color=always or
 * never decides; else not with NO_COLOR set, yes with CLICOLOR_FORCE set
 * (not "0"), else when stdout is a terminal and TERM is not dumb. */
int dande_cli_color(const struct dande_cli *cli);
/* Each line of `out` in the colour of `verdict` ("ok", "bad"; see
 * dande_sgr()) when colour is on. */
void dande_cli_colour_lines(struct dande_buf *out, const char *verdict);

/* The same for what is written to `fd` (2: a hook's lines on stderr). */
int dande_cli_color_on(const struct dande_cli *cli, int fd);

/* How many entries a list shows: --all 0 (every one), else --limit N,
 * else DANDE_DEFAULT_LIMIT. */
size_t dande_cli_limit(const struct dande_cli *cli);

/* The tracking database (--db, DANDE_DB, db.path) with db.busyTimeout;
 * `flags` as dande_db_open(). */
struct dande_db;
int dande_cli_busy_ms(const struct dande_cli *cli, int *out);
int dande_cli_open_db(const struct dande_cli *cli, int flags,
		      struct dande_db **out);

/*
 * A progress line on stderr while long work goes on: only when stderr is
 * a terminal, without -q and NO_PROGRESS, for an input of at least
 * DANDE_PROGRESS_MIN_BYTES (`total` 0: a wait, shown from the start);
 * redrawn at most ten times a second, wiped by dande_progress_end().
 */
#define DANDE_PROGRESS_MIN_BYTES ((uint64_t)4 << 20)
struct dande_progress {
	const char *prog, *what;
	uint64_t total;
	double start, last;
	size_t width;		/* of the line drawn last */
	int on;
};
void dande_progress_start(struct dande_progress *p,
			  const struct dande_cli *cli, const char *what,
			  uint64_t total);
/* "reading 45.2 MB of 106.0 MB (42%), 123456 cases, 4.1 MB/s, 13 s
 * left" (`unit` NULL: no count). */
void dande_progress_bytes(struct dande_progress *p, uint64_t done,
			  uint64_t items, const char *unit);
/* "waiting for dev: 2 of 3 services healthy, 12 s"; `state` is escaped. */
void dande_progress_wait(struct dande_progress *p, const char *state);
void dande_progress_end(struct dande_progress *p);

#endif

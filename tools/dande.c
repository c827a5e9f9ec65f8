/*
 * dande: the front door.  `dande TOOL ARGS...` runs dande-TOOL, found
 * next to this program and then on PATH, as git runs its commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/hookcache.h"

static const struct {
	const char *name, *what;
} known[] = {
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
};

/* The full path of dande-NAME into `out`: beside us, then on PATH. */
static int find_tool(struct dande_buf *out, const char *name)
{
	struct dande_buf prog = DANDE_BUF_INIT;
	int r;

	dande_buf_addf(&prog, "dande-%s", name);
	r = dande_fs_find_program(out, prog.ptr);
	dande_buf_release(&prog);
	return r;
}

static int usage(FILE *f)
{
	struct dande_buf path = DANDE_BUF_INIT;
	size_t i;

	fprintf(f, "usage: dande [-C DIR] [--db PATH] [--json] [-q] [-v] <tool> "
		"[args]\n"
		"       dande help [TOOL [COMMAND] | config]\n"
		"       dande --help | --version\n\n"
		"dande runs the test-and-release loop of any project: versions,\n"
		"changelog, test results, coverage gate, Docker environments.\n\n"
		"Tools:\n");
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		fprintf(f, "  %-10s %s%s\n", known[i].name, known[i].what,
			find_tool(&path, known[i].name) == 0 ||
			strstr(known[i].what, "planned") ? "" :
			" (not installed)");
	fprintf(f, "\n'dande help TOOL' tells more about each tool, 'dande help "
		"config' lists\nevery configuration key.\n"
		"Exit codes: 0 ok, 1 the check said no, 2 usage, 3 bad input "
		"data,\n4 environment, 5 internal error.\n");
	dande_buf_release(&path);
	return DANDE_EXIT_OK;
}

static int finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "dande: cannot write to standard output: %s\n",
			strerror(errno));
		return DANDE_EXIT_ENV;
	}
	return code;
}

/* A common option before the tool's name: 1 when it takes the next
 * argument as its value, 0 when it stands alone, -1 when it is not one. */
static int common_option(const char *a)
{
	static const char *const alone[] = { "--json", "-q", "--quiet", "-v",
		"--verbose", NULL };
	size_t i;

	for (i = 0; alone[i]; i++)
		if (!strcmp(a, alone[i]))
			return 0;
	if (!strncmp(a, "--db=", 5))
		return 0;
	if (!strcmp(a, "--db"))
		return 1;
	return -1;
}

extern char **environ;

static int run(int argc, char **argv, char **args)
{
	struct dande_buf tool = DANDE_BUF_INIT;
	int i = 1, n = 0, k, kind, want_help = 0;

	/* the tool's argv: its path, the common options given before its
	 * name, then its own arguments */
	args[n++] = NULL;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-C") || !strncmp(argv[i], "-C", 2)) {
			const char *dir = argv[i][2] ? argv[i] + 2 : argv[i + 1];

			if (!dir) {
				fprintf(stderr, "dande: option '-C' needs a "
					"value\n");
				return DANDE_EXIT_USAGE;
			}
			if (chdir(dir) < 0) {
				fprintf(stderr, "dande: cannot change to '%s': "
					"%s\n", dir, strerror(errno));
				return DANDE_EXIT_USAGE;
			}
			i += !argv[i][2];
			continue;
		}
		if ((kind = common_option(argv[i])) < 0)
			break;
		if (kind && i + 1 >= argc) {
			fprintf(stderr, "dande: option '%s' needs a value\n",
				argv[i]);
			return DANDE_EXIT_USAGE;
		}
		args[n++] = argv[i];
		if (kind)
			args[n++] = argv[++i];
	}
	if (i >= argc) {
		usage(stderr);
		return DANDE_EXIT_USAGE;
	}
	if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
	    (!strcmp(argv[i], "help") && i + 1 >= argc))
		return finish(usage(stdout));
	if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "version")) {
		printf("dande version %s\n", dande_version());
		return finish(DANDE_EXIT_OK);
	}
	if (argv[i][0] == '-') {
		fprintf(stderr, "dande: unknown option '%s'\n"
			"try 'dande --help'\n", argv[i]);
		return DANDE_EXIT_USAGE;
	}
	/* `dande help config [--markdown]`: every configuration key */
	if (!strcmp(argv[i], "help") && i + 1 < argc &&
	    !strcmp(argv[i + 1], "config")) {
		struct dande_buf out = DANDE_BUF_INIT;
		int md = i + 2 < argc && !strcmp(argv[i + 2], "--markdown");

		if (i + 2 + md < argc) {
			fprintf(stderr, "dande: help config takes only "
				"--markdown\n");
			return DANDE_EXIT_USAGE;
		}
		if (!md)
			dande_buf_adds(&out, "Configuration keys (.dande.conf, "
				       "git-config syntax; 'dande help' for the "
				       "layers):\n\n");
		dande_config_keys_format(&out, md);
		fputs(out.ptr, stdout);
		dande_buf_release(&out);
		return finish(DANDE_EXIT_OK);
	}
	/* `dande help TOOL` is `dande TOOL --help` */
	if (!strcmp(argv[i], "help"))
		want_help = ++i;
	/* `dande hook run NAME`, as hook managers spell it */
	if (!strcmp(argv[i], "hook"))
		argv[i] = (char *)"hooks";
	/* a hook that passed before and reads nothing changed since */
	if (n == 1 && !want_help && (argc - i == 3 || argc - i == 4) &&
	    !strcmp(argv[i], "hooks") && !strcmp(argv[i + 1], "run") &&
	    (argc - i == 4) == !strcmp(argv[i + 2], "commit-msg") &&
	    dande_hookcache_front_door(argv[i + 2], argv[i + 3],
				       (const char *const *)environ))
		return DANDE_EXIT_OK;
	if (strchr(argv[i], '/') || find_tool(&tool, argv[i]) < 0) {
		fprintf(stderr, "dande: '%s' is not a dande tool\n"
			"try 'dande --help'\n", argv[i]);
		dande_buf_release(&tool);
		return DANDE_EXIT_USAGE;
	}
	args[0] = tool.ptr;
	for (k = i + 1; k < argc; k++)
		args[n++] = argv[k];
	if (want_help)
		args[n++] = (char *)"--help";
	args[n] = NULL;
	execv(tool.ptr, args);
	fprintf(stderr, "dande: cannot run '%s': %s\n", tool.ptr,
		strerror(errno));
	dande_buf_release(&tool);
	return DANDE_EXIT_ENV;
}

int main(int argc, char **argv)
{
	/* the tool's argv: at most ours plus --help and the NULL */
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	int r;

	if (!args)
		return DANDE_EXIT_BUG;
	r = run(argc, argv, args);
	free(args);
	return r;
}

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
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/hookcache.h"

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
	struct dande_buf path = DANDE_BUF_INIT, opts = DANDE_BUF_INIT;
	const struct dande_cli_tool_entry *t;

	fprintf(f, "usage: dande [common options] <tool> [args]\n"
		"       dande help [TOOL [COMMAND] | config]\n"
		"       dande completion bash|zsh|fish\n"
		"       dande --help | --version\n\n"
		"dande runs the test-and-release loop of any project: versions,\n"
		"changelog, test results, coverage gate, Docker environments.\n\n"
		"Tools:\n");
	for (t = dande_cli_tools; t->name; t++)
		fprintf(f, "  %-10s %s%s\n", t->name, t->what,
			find_tool(&path, t->name) == 0 ? "" :
			" (not installed)");
	dande_cli_format_opts(&opts, dande_cli_common_opts());
	fprintf(f, "\nCommon options (before or after the tool's name):\n%s",
		opts.ptr);
	fprintf(f, "\n'dande help TOOL' tells more about each tool, 'dande help "
		"config' lists\nevery configuration key.\n"
		"Exit codes: 0 ok, 1 the check said no, 2 usage, 3 bad input "
		"data,\n4 environment, 5 internal error.\n");
	dande_buf_release(&path);
	dande_buf_release(&opts);
	return DANDE_EXIT_OK;
}

/*
 * The shells' completion scripts: each hands the words of the command
 * line to `dande __complete` and completes what it answers ("words" and
 * the candidates, or "files"/"dirs").  bash splits "a::b" at the colons
 * (COMP_WORDBREAKS), so its script works from COMP_LINE itself.
 */
static const char bash_script[] =
"# bash completion for dande                      -*- shell-script -*-\n"
"_dande() {\n"
"\tlocal line=${COMP_LINE:0:COMP_POINT} cur out kind IFS=$' \\t\\n'\n"
"\tlocal -a words\n"
"\tread -r -a words <<< \"$line\"\n"
"\tif [[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]]; then\n"
"\t\twords+=(\"\")\n"
"\tfi\n"
"\tcur=${words[${#words[@]}-1]}\n"
"\tout=$(\"${words[0]}\" __complete \"${words[@]:1}\" 2>/dev/null) || return 0\n"
"\tkind=${out%%$'\\n'*}\n"
"\t[[ $out == *$'\\n'* ]] && out=${out#*$'\\n'} || out=\n"
"\tCOMPREPLY=()\n"
"\tcase $kind in\n"
"\tfiles) compopt -o filenames 2>/dev/null\n"
"\t\tIFS=$'\\n' COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
"\tdirs) compopt -o filenames 2>/dev/null\n"
"\t\tIFS=$'\\n' COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
"\t*) local w pre=\n"
"\t\t# bash's current word starts after the last colon\n"
"\t\t[[ $cur == *:* && $COMP_WORDBREAKS == *:* ]] && pre=${cur%\"${cur##*:}\"}\n"
"\t\twhile IFS= read -r w; do\n"
"\t\t\t[[ -n $w ]] && COMPREPLY+=(\"${w#\"$pre\"}\")\n"
"\t\tdone <<< \"$out\" ;;\n"
"\tesac\n"
"}\n"
"complete -F _dande dande\n";

static const char zsh_script[] =
"#compdef dande\n"
"# zsh completion for dande\n"
"local -a out\n"
"out=(\"${(@f)$(${words[1]} __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null)}\")\n"
"case $out[1] in\n"
"files) _files ;;\n"
"dirs) _files -/ ;;\n"
"*) shift out; (( $#out )) && compadd -Q -- \"${out[@]}\" ;;\n"
"esac\n";

static const char fish_script[] =
"# fish completion for dande\n"
"function __dande_complete\n"
"    set -l words (commandline -opc) (commandline -ct)\n"
"    set -l out ($words[1] __complete $words[2..-1] 2>/dev/null)\n"
"    switch \"$out[1]\"\n"
"        case files\n"
"            __fish_complete_path (commandline -ct)\n"
"        case dirs\n"
"            __fish_complete_directories (commandline -ct)\n"
"        case '*'\n"
"            printf '%s\\n' $out[2..-1]\n"
"    end\n"
"end\n"
"complete -c dande -f -a '(__dande_complete)'\n";

static int finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "dande: cannot write to standard output: %s\n",
			strerror(errno));
		return DANDE_EXIT_ENV;
	}
	return code;
}

/* A common option before the tool's name (from the tools' own table; -C
 * is ours, --help and --version are answered here): 1 when it takes the
 * next argument as its value, 0 when it stands alone (or has "=VALUE"),
 * -1 when it is not one. */
static int common_option(const char *a)
{
	const struct dande_opt *o;
	size_t n;

	for (o = dande_cli_common_opts(); o->type != DANDE_OPT_END; o++) {
		if (o->short_name == 'C' || o->short_name == 'h' ||
		    (o->long_name && !strcmp(o->long_name, "version")))
			continue;
		if (o->short_name && a[0] == '-' && a[1] == o->short_name &&
		    !a[2])
			return o->type != DANDE_OPT_FLAG;
		if (!o->long_name || strncmp(a, "--", 2))
			continue;
		n = strlen(o->long_name);
		if (strncmp(a + 2, o->long_name, n))
			continue;
		if (!a[2 + n])
			return o->type != DANDE_OPT_FLAG;
		if (a[2 + n] == '=' && o->type != DANDE_OPT_FLAG)
			return 0;
	}
	return -1;
}

extern char **environ;

/* `dande __complete WORD...`: the tool's name here, the rest by the
 * tool (dande-TOOL __complete); the answer is described above. */
static int complete(int argc, char **argv, char **args)
{
	struct dande_buf tool = DANDE_BUF_INIT;
	const char *cur;
	const struct dande_cli_tool_entry *t;
	int i = 0, n = 0, k;

	/* the common options before the tool's name */
	while (i < argc - 1 && argv[i][0] == '-' && argv[i][1]) {
		int kind = !strcmp(argv[i], "-C") ? 1 : common_option(argv[i]);

		i += 1 + (kind > 0);
	}
	if (i >= argc - 1 || !strcmp(argv[i], "help")) {
		cur = argc ? argv[argc - 1] : "";
		printf("words\n");
		if (i < argc - 1 && i + 2 < argc)
			return finish(DANDE_EXIT_OK);	/* past help TOOL */
		if (cur[0] == '-') {
			const struct dande_opt *o;

			for (o = dande_cli_common_opts();
			     o->type != DANDE_OPT_END; o++) {
				char w[64];

				if (o->long_name)
					snprintf(w, sizeof(w), "--%s",
						 o->long_name);
				else
					snprintf(w, sizeof(w), "-%c",
						 o->short_name);
				if (!strncmp(w, cur, strlen(cur)))
					printf("%s\n", w);
			}
			return finish(DANDE_EXIT_OK);
		}
		for (t = dande_cli_tools; t->name; t++)
			if (!strncmp(t->name, cur, strlen(cur)))
				printf("%s\n", t->name);
		if (i >= argc - 1 && !strncmp("help", cur, strlen(cur)))
			printf("help\n");
		if (i >= argc - 1 && !strncmp("completion", cur, strlen(cur)))
			printf("completion\n");
		if (i < argc - 1 && !strncmp("config", cur, strlen(cur)))
			printf("config\n");
		return finish(DANDE_EXIT_OK);
	}
	if (!strcmp(argv[i], "completion")) {
		printf("words\n");
		if (i + 2 == argc)
			for (k = 0; k < 3; k++) {
				const char *sh[] = { "bash", "fish", "zsh" };

				if (!strncmp(sh[k], argv[argc - 1],
					     strlen(argv[argc - 1])))
					printf("%s\n", sh[k]);
			}
		return finish(DANDE_EXIT_OK);
	}
	if (strchr(argv[i], '/') || find_tool(&tool, argv[i]) < 0) {
		dande_buf_release(&tool);
		printf("words\n");	/* nothing to offer */
		return finish(DANDE_EXIT_OK);
	}
	args[n++] = tool.ptr;
	args[n++] = (char *)"__complete";
	for (k = i + 1; k < argc; k++)
		args[n++] = argv[k];
	args[n] = NULL;
	fflush(stdout);
	execv(tool.ptr, args);
	dande_buf_release(&tool);
	return DANDE_EXIT_ENV;
}

/* `dande completion bash|zsh|fish`: the script for the shell. */
static int completion(int argc, char **argv)
{
	const char *sh = argc == 1 ? argv[0] : "";

	if (!strcmp(sh, "bash"))
		fputs(bash_script, stdout);
	else if (!strcmp(sh, "zsh"))
		fputs(zsh_script, stdout);
	else if (!strcmp(sh, "fish"))
		fputs(fish_script, stdout);
	else {
		fprintf(stderr, "usage: dande completion bash|zsh|fish\n");
		return DANDE_EXIT_USAGE;
	}
	return finish(DANDE_EXIT_OK);
}

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
	if (n == 1 && !strcmp(argv[i], "__complete"))
		return complete(argc - i - 1, argv + i + 1, args);
	if (n == 1 && !strcmp(argv[i], "completion"))
		return completion(argc - i - 1, argv + i + 1);
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

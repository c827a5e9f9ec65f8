/* Unit tests of lib/cli/cli.c: the shared option parser and the command
 * tables. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/cli.h"
#include "lib/test.h"
#include "unit/suites.h"

static int parse(struct dande_cli *cli, const struct dande_opt *opts, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"dande-test";
	va_start(ap, opts);
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	dande_cli_init(cli, "dande-test", "dande test [options]", NULL, NULL);
	return dande_cli_parse(cli, argc, argv, opts);
}

static int flag;
static const char *str;
static struct dande_strvec list = DANDE_STRVEC_INIT;

static const struct dande_opt opts[] = {
	DANDE_CLI_FLAG('f', "force", &flag, "force it"),
	DANDE_CLI_STRING('m', "message", &str, "MSG", "the message"),
	DANDE_CLI_LIST(0, "include", &list, "GLOB", "include these"),
	DANDE_CLI_END
};

static void reset(void)
{
	flag = 0;
	str = NULL;
	dande_strvec_clear(&list);
}

static void test_cli__common_options(void)
{
	struct dande_cli cli;

	DANDE_ASSERT_OK(parse(&cli, NULL, "--json", "-q", "-v", "-v",
			      "--db", "x.db", "status", NULL));
	CU_ASSERT_EQUAL(cli.json, 1);
	CU_ASSERT_EQUAL(cli.quiet, 1);
	CU_ASSERT_EQUAL(cli.verbose, 2);
	CU_ASSERT_STRING_EQUAL(cli.db_opt, "x.db");
	CU_ASSERT_EQUAL_FATAL(cli.args.nr, 1);
	CU_ASSERT_STRING_EQUAL(cli.args.v[0], "status");
	dande_cli_release(&cli);
}

static void test_cli__tool_options_and_forms(void)
{
	struct dande_cli cli;

	reset();
	DANDE_ASSERT_OK(parse(&cli, opts, "a", "--message=hi there", "b",
			      "--include", "x/*", "--include=y", "-fqmshort",
			      "--", "--force", "-q", NULL));
	CU_ASSERT_EQUAL(flag, 1);
	CU_ASSERT_EQUAL(cli.quiet, 1);
	CU_ASSERT_STRING_EQUAL(str, "short");
	CU_ASSERT_EQUAL_FATAL(list.nr, 2);
	CU_ASSERT_STRING_EQUAL(list.v[1], "y");
	CU_ASSERT_EQUAL_FATAL(cli.args.nr, 4);
	CU_ASSERT_STRING_EQUAL(cli.args.v[0], "a");
	CU_ASSERT_STRING_EQUAL(cli.args.v[1], "b");
	CU_ASSERT_STRING_EQUAL(cli.args.v[2], "--force");
	CU_ASSERT_STRING_EQUAL(cli.args.v[3], "-q");
	dande_cli_release(&cli);
	reset();
	DANDE_ASSERT_OK(parse(&cli, opts, "-m", "sep", "-", NULL));
	CU_ASSERT_STRING_EQUAL(str, "sep");
	CU_ASSERT_STRING_EQUAL(cli.args.v[0], "-");
	dande_cli_release(&cli);
}

static void test_cli__usage_errors(void)
{
	struct dande_cli cli;

	DANDE_ASSERT_ERR(parse(&cli, opts, "--nope", NULL), DANDE_EUSAGE,
			 "unknown option '--nope'");
	dande_cli_release(&cli);
	DANDE_ASSERT_ERR(parse(&cli, opts, "-z", NULL), DANDE_EUSAGE,
			 "unknown option '-z'");
	dande_cli_release(&cli);
	DANDE_ASSERT_ERR(parse(&cli, opts, "--message", NULL), DANDE_EUSAGE,
			 "'--message' needs a value");
	dande_cli_release(&cli);
	DANDE_ASSERT_ERR(parse(&cli, opts, "-m", NULL), DANDE_EUSAGE,
			 "'-m' needs a value");
	dande_cli_release(&cli);
	DANDE_ASSERT_ERR(parse(&cli, opts, "--force=yes", NULL), DANDE_EUSAGE,
			 "takes no value");
	dande_cli_release(&cli);
	DANDE_ASSERT_ERR(parse(&cli, NULL, "-C", "/nonexistent/dir", NULL),
			 DANDE_EUSAGE, "cannot change to '/nonexistent/dir'");
	dande_cli_release(&cli);
}

static void test_cli__dash_C_changes_directory(void)
{
	char *old = getcwd(NULL, 0), *dir = dande_test_tmpdir(), *now;
	struct dande_cli cli;

	DANDE_ASSERT_OK(parse(&cli, NULL, "-C", dir, NULL));
	now = getcwd(NULL, 0);
	CU_ASSERT_STRING_EQUAL(now, dir);
	CU_ASSERT_EQUAL(chdir(old), 0);
	free(now);
	free(old);
	dande_cli_release(&cli);
	dande_test_rmtree(dir);
}

static void test_cli__help_text_lists_options(void)
{
	struct dande_buf b = DANDE_BUF_INIT;
	struct dande_cli cli;

	dande_cli_init(&cli, "dande-test", "dande test [options]",
		       "Commands:\n  run  run it\n", NULL);
	dande_cli_format_help(&b, &cli, opts);
	DANDE_ASSERT_CONTAINS(b.ptr, "usage: dande test [options]\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "  run  run it\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "  -m, --message MSG     the message\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "  --include GLOB");
	DANDE_ASSERT_CONTAINS(b.ptr, "  -C DIR");
	DANDE_ASSERT_CONTAINS(b.ptr, "  --db PATH");
	DANDE_ASSERT_CONTAINS(b.ptr, "Exit codes: 0 ok");
	dande_buf_release(&b);
	dande_cli_release(&cli);
	dande_strvec_release(&list);
}

/* ---- command tables ---- */

static long count = -1;
static double pct = -1;
static const char *fmt;
static long only_even;

static int even(void *value, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v % 2)
		return dande_error_set(DANDE_EUSAGE, "'%s' is not even", arg);
	*(long *)value = v;
	return 0;
}

static int nothing(struct dande_cli *cli)
{
	(void)cli;
	return 0;
}

static const struct dande_opt ingest_opts[] = {
	DANDE_CLI_INT('n', "count", &count, "N", 1, 10, "how many"),
	DANDE_CLI_PERCENT(0, "min", &pct, "PCT", "the threshold"),
	DANDE_CLI_CALLBACK(0, "even", &only_even, "N", even, "an even one"),
	DANDE_CLI_END
};

static const struct dande_opt report_opts[] = {
	DANDE_CLI_STRING(0, "format", &fmt, "FMT", "text or json"),
	DANDE_CLI_END
};

static const struct dande_command commands[] = {
	{ "ingest", nothing, ingest_opts, "FILE...", 1, -1, "store files",
	  "dande t ingest a.xml", NULL },
	{ "report", nothing, report_opts, NULL, 0, 0, "report on them",
	  "dande t report --format json", "{tests}" },
	{ "history", nothing, NULL, "TEST", 1, 1, "one test's history", NULL,
	  NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = { "t", "A tool for tests.", commands,
	"More about it.\n" };

/* dande_cli_prepare() on the NULL-terminated arguments after `done`. */
static int prepare(struct dande_cli *cli, int *done, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"dande-t";
	va_start(ap, done);
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	count = -1;
	pct = -1;
	fmt = NULL;
	dande_cli_init(cli, "dande-t", NULL, NULL, NULL);
	return dande_cli_prepare(cli, &tool, argc, argv, done);
}

static void test_cli__commands_and_their_options(void)
{
	struct dande_cli cli;
	int done;

	/* options before and after the command, typed values stored */
	DANDE_ASSERT_OK(prepare(&cli, &done, "-q", "--count", "3", "ingest",
				"a.xml", "--min=85.5%", "b.xml", NULL));
	CU_ASSERT_EQUAL(done, 0);
	CU_ASSERT_PTR_EQUAL(cli.cmd, &commands[0]);
	CU_ASSERT_EQUAL(count, 3);
	CU_ASSERT_DOUBLE_EQUAL(pct, 85.5, 1e-9);
	CU_ASSERT_EQUAL(cli.quiet, 1);
	CU_ASSERT_EQUAL_FATAL(cli.args.nr, 3);
	CU_ASSERT_STRING_EQUAL(cli.args.v[0], "ingest");
	CU_ASSERT_STRING_EQUAL(cli.args.v[2], "b.xml");
	dande_cli_release(&cli);
	/* a value that looks like a command is still the option's */
	DANDE_ASSERT_OK(prepare(&cli, &done, "--format", "report", "report",
				NULL));
	CU_ASSERT_PTR_EQUAL(cli.cmd, &commands[1]);
	CU_ASSERT_STRING_EQUAL(fmt, "report");
	dande_cli_release(&cli);
	/* --help anywhere: the command's */
	DANDE_ASSERT_OK(prepare(&cli, &done, "history", "--help", NULL));
	CU_ASSERT_EQUAL(done, 'h');
	CU_ASSERT_PTR_EQUAL(cli.cmd, &commands[2]);
	dande_cli_release(&cli);
	DANDE_ASSERT_OK(prepare(&cli, &done, "--help", NULL));
	CU_ASSERT_EQUAL(done, 'h');
	CU_ASSERT_PTR_NULL(cli.cmd);
	dande_cli_release(&cli);
	DANDE_ASSERT_OK(prepare(&cli, &done, "ingest", "x", "-n", "2",
				"--even", "4", NULL));
	CU_ASSERT_EQUAL(only_even, 4);
	dande_cli_release(&cli);
}

static void test_cli__command_usage_errors(void)
{
	static const struct {
		const char *a[6];
		const char *message;
	} cases[] = {
		{ { "ingst", NULL }, "unknown command 'ingst'; did you mean "
		  "'ingest'?" },
		{ { "hist", "x", NULL }, "did you mean 'history'?" },
		{ { "frobnicate", NULL }, "unknown command 'frobnicate'" },
		{ { NULL }, "no command given" },
		{ { "report", "--count", "3", NULL }, "option '--count' is not "
		  "valid for 't report' (it is for 'ingest')" },
		{ { "history", "x", "-n", "3", NULL }, "option '-n' is not "
		  "valid for 't history' (it is for 'ingest')" },
		{ { "report", "--formt", "json", NULL }, "unknown option "
		  "'--formt'; did you mean '--format'?" },
		{ { "--formt", "json", "report", NULL }, "unknown option "
		  "'--formt'; did you mean '--format'?" },
		{ { "report", "--format", NULL }, "option '--format' needs a "
		  "value" },
		{ { "ingest", "x", "--count", "11", NULL }, "option '--count' "
		  "takes a whole number from 1 to 10, not '11'" },
		{ { "ingest", "x", "-n", "0", NULL }, "from 1 to 10, not '0'" },
		{ { "ingest", "x", "--count=2x", NULL }, "not '2x'" },
		{ { "ingest", "x", "--min", "101", NULL }, "option '--min' "
		  "takes a percentage from 0 to 100, not '101'" },
		{ { "ingest", "x", "--min", "-1", NULL }, "not '-1'" },
		{ { "ingest", "x", "--min", "NaN", NULL }, "not 'NaN'" },
		{ { "ingest", "x", "--even", "3", NULL }, "'3' is not even" },
		{ { "ingest", NULL }, "ingest needs FILE..." },
		{ { "report", "x", NULL }, "report takes no arguments" },
		{ { "history", "a", "b", NULL }, "history takes at most 1 "
		  "argument (TEST)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_cli cli;
		int done;
		const char *const *a = cases[i].a;

		DANDE_ASSERT_ERR(prepare(&cli, &done, a[0], a[1], a[2], a[3],
					 a[4], NULL), DANDE_EUSAGE,
				 cases[i].message);
		CU_ASSERT_EQUAL(cli.bad_args, 1);
		dande_cli_release(&cli);
	}
}

static void test_cli__tool_and_command_help(void)
{
	struct dande_buf b = DANDE_BUF_INIT;

	dande_cli_format_tool_help(&b, &tool, NULL);
	DANDE_ASSERT_CONTAINS(b.ptr, "usage: dande t <command> [options]\n\n"
			      "A tool for tests.\n\nCommands:\n"
			      "  ingest FILE...        store files\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "  history TEST          one test's "
			      "history\n\nMore about it.\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "'dande t COMMAND --help' shows");
	CU_ASSERT_PTR_NULL(strstr(b.ptr, "--count"));
	dande_buf_reset(&b);
	dande_cli_format_tool_help(&b, &tool, &commands[0]);
	DANDE_ASSERT_CONTAINS(b.ptr, "usage: dande t ingest FILE... "
			      "[options]\n\nstore files\n\nOptions:\n"
			      "  -n, --count N         how many\n");
	DANDE_ASSERT_CONTAINS(b.ptr, "Examples:\n  dande t ingest a.xml\n");
	CU_ASSERT_PTR_NULL(strstr(b.ptr, "--format"));
	dande_buf_release(&b);
}

static void test_cli__closest(void)
{
	static const char *const names[] = { "ingest", "report", "history",
		"pyramid", NULL };

	CU_ASSERT_STRING_EQUAL(dande_cli_closest("ingset", names), "ingest");
	CU_ASSERT_STRING_EQUAL(dande_cli_closest("reprot", names), "report");
	CU_ASSERT_STRING_EQUAL(dande_cli_closest("pyr", names), "pyramid");
	CU_ASSERT_PTR_NULL(dande_cli_closest("x", names));
	CU_ASSERT_PTR_NULL(dande_cli_closest("zzzzzz", names));
}

CU_TestInfo test_cli_tests[] = {
	{ "test_cli__commands_and_their_options",
	  test_cli__commands_and_their_options },
	{ "test_cli__command_usage_errors", test_cli__command_usage_errors },
	{ "test_cli__tool_and_command_help", test_cli__tool_and_command_help },
	{ "test_cli__closest", test_cli__closest },
	{ "test_cli__common_options", test_cli__common_options },
	{ "test_cli__tool_options_and_forms",
	  test_cli__tool_options_and_forms },
	{ "test_cli__usage_errors", test_cli__usage_errors },
	{ "test_cli__dash_C_changes_directory",
	  test_cli__dash_C_changes_directory },
	{ "test_cli__help_text_lists_options",
	  test_cli__help_text_lists_options },
	CU_TEST_INFO_NULL
};

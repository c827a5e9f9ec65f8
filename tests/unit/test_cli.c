/* Unit tests of lib/util/cli.c: the shared option parser. */
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
	{ DANDE_OPT_FLAG, 'f', "force", &flag, NULL, "force it" },
	{ DANDE_OPT_STRING, 'm', "message", &str, "MSG", "the message" },
	{ DANDE_OPT_LIST, 0, "include", &list, "GLOB", "include these" },
	{ DANDE_OPT_END, 0, NULL, NULL, NULL, NULL }
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

CU_TestInfo test_cli_tests[] = {
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

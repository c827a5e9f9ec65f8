/*
 * Unit tests of lib/repo/config.c: the layers, typed values, lists and the
 * errors for malformed values and files.
 */
#include <stdlib.h>
#include <string.h>

#include "dande/changelog.h"
#include "dande/config.h"
#include "dande/todos.h"
#include "lib/test.h"
#include "unit/suites.h"

static char *dir;

int test_config_setup(void)
{
	dir = dande_test_tmpdir();
	dande_test_write(dir, ".dande.conf",
		"# project settings\n"
		"[coverage]\n"
		"\tthreshold = 80\n"
		"\ttolerance = 0.5\n"
		"[version]\n"
		"\tscheme = semver\n"
		"\trollover = 1k\n"
		"[bump]\n"
		"\tfile = pyproject.toml\n"
		"\tfile = package.json\n"
		"\ttagFormat = v{version}\n"
		"\tsign\n"
		"[bump \"include/app/version.h\"]\n"
		"\tdefine = APP_VERSION\n"
		"[env \"dev\"]\n"
		"\tcompose = docker-compose.yml\n"
		"[env \"test\"]\n"
		"\tcompose = docker-compose.test.yml\n"
		"[junit]\n"
		"\tfailOn = sometimes\n");
	dande_test_write(dir, "gitdir/config",
		"[core]\n"
		"\tbare = false\n"
		"[dande \"coverage\"]\n"
		"\tthreshold = 82.5\n"
		"[dande \"env.ci\"]\n"
		"\tcompose = ci.yml\n");
	return 0;
}

int test_config_teardown(void)
{
	dande_test_rmtree(dir);
	return 0;
}

static struct dande_config *load(const char *const *envp)
{
	struct dande_config *cfg = NULL;
	struct dande_buf gitdir = DANDE_BUF_INIT;

	dande_buf_addf(&gitdir, "%s/gitdir", dir);
	DANDE_ASSERT_OK(dande_config_load(&cfg, dir, gitdir.ptr, envp));
	dande_buf_release(&gitdir);
	return cfg;
}

static void test_config__defaults_without_files(void)
{
	struct dande_config *cfg = NULL;
	const char *s;
	double pct;
	int64_t n;

	DANDE_ASSERT_OK_FATAL(dande_config_load(&cfg, NULL, NULL, NULL));
	DANDE_ASSERT_OK(dande_config_get_percent(cfg, "coverage.threshold",
						 &pct));
	CU_ASSERT_DOUBLE_EQUAL(pct, 85.0, 1e-9);
	DANDE_ASSERT_OK(dande_config_get_string(cfg, "db.path", &s));
	CU_ASSERT_STRING_EQUAL(s, "data/DandE.db");
	DANDE_ASSERT_OK(dande_config_get_int(cfg, "db.busyTimeout", &n));
	CU_ASSERT_EQUAL(n, 5000);
	DANDE_ASSERT_ERR(dande_config_get_string(cfg, "no.such", &s),
			 DANDE_ENOTFOUND, "no.such");
	dande_config_free(cfg);
}

/* The key table is where defaults live: the getters answer from it, the
 * _or getters give the caller's default only for keys without one, and
 * the lists whose defaults the reading code holds agree with it. */
static void test_config__the_key_table(void)
{
	struct dande_config *cfg = NULL;
	const struct dande_config_key *k;
	struct dande_buf joined = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	const char *s;
	int64_t n;
	int b;
	size_t i;

	DANDE_ASSERT_OK_FATAL(dande_config_load(&cfg, NULL, NULL, NULL));
	DANDE_ASSERT_OK(dande_config_get_string(cfg, "hooks.prePush", &s));
	CU_ASSERT_STRING_EQUAL(s, "make test-all");
	DANDE_ASSERT_OK(dande_config_get_bool(cfg, "hooks.passCache", &b));
	CU_ASSERT_EQUAL(b, 1);
	/* a subsection key takes its pattern's default */
	DANDE_ASSERT_OK(dande_config_get_int(cfg, "env.dev.timeout", &n));
	CU_ASSERT_EQUAL(n, 120);
	/* no default and not set: the caller's, and no error recorded */
	dande_error_clear();
	DANDE_ASSERT_OK(dande_config_get_int_or(cfg, "todos.max", -1, &n));
	CU_ASSERT_EQUAL(n, -1);
	DANDE_ASSERT_OK(dande_config_get_string_or(cfg, "coverage.base", NULL,
						   &s));
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NULL(dande_error_last());
	/* lookups: case as git, subsections exactly */
	CU_ASSERT_PTR_NOT_NULL(dande_config_key_find("Coverage.THRESHOLD"));
	k = dande_config_key_find("env.my-env.compose");
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	CU_ASSERT_STRING_EQUAL(k->key, "env.<name>.compose");
	CU_ASSERT_PTR_NULL(dande_config_key_find("env.compose"));
	CU_ASSERT_PTR_NULL(dande_config_key_find("coverage.nonsense"));
	/* list defaults as the code holds them */
	for (i = 0; dande_changelog_default_skip[i]; i++)
		dande_buf_addf(&joined, "%s%s", i ? ", " : "",
			       dande_changelog_default_skip[i]);
	CU_ASSERT_STRING_EQUAL(dande_config_key_find("changelog.skip")->dflt,
			       joined.ptr);
	dande_buf_reset(&joined);
	for (i = 0; dande_todo_default_tags[i]; i++)
		dande_buf_addf(&joined, "%s%s", i ? ", " : "",
			       dande_todo_default_tags[i]);
	CU_ASSERT_STRING_EQUAL(dande_config_key_find("todos.tag")->dflt,
			       joined.ptr);
	/* every key is documented, in both forms */
	for (k = dande_config_keys; k->key; k++)
		CU_ASSERT(k->doc && *k->doc);
	dande_config_keys_format(&text, 0);
	DANDE_ASSERT_CONTAINS(text.ptr, "coverage.threshold (percent, default "
			      "85)\n    line coverage the gate asks for\n");
	dande_buf_reset(&text);
	dande_config_keys_format(&text, 1);
	DANDE_ASSERT_CONTAINS(text.ptr, "| `version.scheme` | string | `nano` "
			      "| nano \\| semver |\n");
	dande_buf_release(&joined);
	dande_buf_release(&text);
	dande_config_free(cfg);
}

static void test_config__layers_in_order(void)
{
	const char *env[] = { "PATH=/bin", "DANDE_VERSION_SCHEME=nano", NULL };
	struct dande_config *cfg = load(env);
	struct dande_buf origin = DANDE_BUF_INIT;
	const char *s;
	double pct;

	/* .git/config [dande "coverage"] beats .dande.conf */
	DANDE_ASSERT_OK(dande_config_get_percent(cfg, "coverage.threshold",
						 &pct));
	CU_ASSERT_DOUBLE_EQUAL(pct, 82.5, 1e-9);
	DANDE_ASSERT_OK(dande_config_origin(cfg, "coverage.threshold",
					    &origin));
	DANDE_ASSERT_CONTAINS(origin.ptr, "gitdir/config");
	/* .dande.conf beats the default */
	DANDE_ASSERT_OK(dande_config_get_percent(cfg, "coverage.tolerance",
						 &pct));
	CU_ASSERT_DOUBLE_EQUAL(pct, 0.5, 1e-9);
	/* the environment beats the files */
	DANDE_ASSERT_OK(dande_config_get_string(cfg, "version.scheme", &s));
	CU_ASSERT_STRING_EQUAL(s, "nano");
	dande_buf_reset(&origin);
	dande_config_origin(cfg, "version.scheme", &origin);
	CU_ASSERT_STRING_EQUAL(origin.ptr,
			       "environment DANDE_VERSION_SCHEME");
	/* the command line beats everything */
	dande_config_set(cfg, "version.scheme", "semver");
	dande_config_set(cfg, "coverage.threshold", "90%");
	DANDE_ASSERT_OK(dande_config_get_string(cfg, "version.scheme", &s));
	CU_ASSERT_STRING_EQUAL(s, "semver");
	DANDE_ASSERT_OK(dande_config_get_percent(cfg, "coverage.threshold",
						 &pct));
	CU_ASSERT_DOUBLE_EQUAL(pct, 90.0, 1e-9);
	dande_buf_reset(&origin);
	dande_config_origin(cfg, "coverage.threshold", &origin);
	CU_ASSERT_STRING_EQUAL(origin.ptr, "command line");
	dande_buf_release(&origin);
	dande_config_free(cfg);
}

static void test_config__keys_are_case_insensitive_like_git(void)
{
	struct dande_config *cfg = load(NULL);
	const char *s;

	DANDE_ASSERT_OK(dande_config_get_string(cfg, "bump.tagFormat", &s));
	CU_ASSERT_STRING_EQUAL(s, "v{version}");
	DANDE_ASSERT_OK(dande_config_get_string(cfg, "BUMP.TAGFORMAT", &s));
	CU_ASSERT_STRING_EQUAL(s, "v{version}");
	/* subsections keep their case */
	DANDE_ASSERT_OK(dande_config_get_string(cfg,
		"bump.include/app/version.h.define", &s));
	CU_ASSERT_STRING_EQUAL(s, "APP_VERSION");
	dande_config_free(cfg);
}

static void test_config__typed_values(void)
{
	const char *env[] = { "DANDE_DB_BUSYTIMEOUT=250", NULL };
	struct dande_config *cfg = load(env);
	int64_t n;
	int b;

	DANDE_ASSERT_OK(dande_config_get_int(cfg, "version.rollover", &n));
	CU_ASSERT_EQUAL(n, 1024);
	DANDE_ASSERT_OK(dande_config_get_int(cfg, "db.busyTimeout", &n));
	CU_ASSERT_EQUAL(n, 250);
	/* a key with no '=' is true, as in git */
	DANDE_ASSERT_OK(dande_config_get_bool(cfg, "bump.sign", &b));
	CU_ASSERT_EQUAL(b, 1);
	dande_config_set(cfg, "bump.sign", "off");
	DANDE_ASSERT_OK(dande_config_get_bool(cfg, "bump.sign", &b));
	CU_ASSERT_EQUAL(b, 0);
	dande_config_free(cfg);
}

static void test_config__malformed_values_name_key_and_file(void)
{
	const char *env[] = { "DANDE_COVERAGE_THRESHOLD=lots", NULL };
	struct dande_config *cfg = load(NULL), *cfg2 = load(env);
	double pct;
	int64_t n;
	int b;

	dande_config_set(cfg, "db.busyTimeout", "soon");
	DANDE_ASSERT_ERR(dande_config_get_int(cfg, "db.busyTimeout", &n),
			 DANDE_EUSAGE, "bad value 'soon' for 'db.busyTimeout' "
			 "in 'command line': expected an integer");
	DANDE_ASSERT_ERR(dande_config_get_bool(cfg, "version.scheme", &b),
			 DANDE_EUSAGE, ".dande.conf': expected a boolean");
	DANDE_ASSERT_ERR(dande_config_get_percent(cfg2, "coverage.threshold",
						  &pct), DANDE_EUSAGE,
			 "in 'environment DANDE_COVERAGE_THRESHOLD'");
	dande_config_free(cfg);
	dande_config_free(cfg2);
}

static void test_config__percent_parser(void)
{
	static const struct {
		const char *in;
		int ok;
		double out;
	} cases[] = {
		{ "85", 1, 85 }, { "85%", 1, 85 }, { " 85.5 % ", 1, 85.5 },
		{ "0", 1, 0 }, { "100", 1, 100 }, { "100.1", 0, 0 },
		{ "-1", 0, 0 }, { "", 0, 0 }, { "85%%", 0, 0 },
		{ "abc", 0, 0 }, { "nan", 0, 0 }, { "inf", 0, 0 },
		{ "85 percent", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double d = -1;
		int r = dande_config_parse_percent(&d, cases[i].in);

		CU_ASSERT_EQUAL(r == 0, cases[i].ok);
		if (cases[i].ok)
			CU_ASSERT_DOUBLE_EQUAL(d, cases[i].out, 1e-9);
	}
}

static void test_config__lists_from_the_highest_layer(void)
{
	const char *env[] = { "DANDE_BUMP_FILE= a.toml , b.json,,", NULL };
	struct dande_config *cfg = load(NULL), *cfg2 = load(env);
	struct dande_strvec sv = DANDE_STRVEC_INIT;

	DANDE_ASSERT_OK(dande_config_get_list(cfg, "bump.file", &sv));
	CU_ASSERT_EQUAL_FATAL(sv.nr, 2);
	CU_ASSERT_STRING_EQUAL(sv.v[0], "pyproject.toml");
	CU_ASSERT_STRING_EQUAL(sv.v[1], "package.json");
	dande_strvec_clear(&sv);
	DANDE_ASSERT_OK(dande_config_get_list(cfg2, "bump.file", &sv));
	CU_ASSERT_EQUAL_FATAL(sv.nr, 2);
	CU_ASSERT_STRING_EQUAL(sv.v[0], "a.toml");
	CU_ASSERT_STRING_EQUAL(sv.v[1], "b.json");
	dande_strvec_clear(&sv);
	dande_config_set(cfg, "bump.file", "only.cfg");
	DANDE_ASSERT_OK(dande_config_get_list(cfg, "bump.file", &sv));
	CU_ASSERT_EQUAL(sv.nr, 1);
	dande_strvec_release(&sv);
	dande_config_free(cfg);
	dande_config_free(cfg2);
}

static void test_config__subsections(void)
{
	struct dande_config *cfg = load(NULL);
	struct dande_strvec sv = DANDE_STRVEC_INIT;

	DANDE_ASSERT_OK(dande_config_subsections(cfg, "env", &sv));
	CU_ASSERT_EQUAL_FATAL(sv.nr, 3);
	CU_ASSERT_STRING_EQUAL(sv.v[0], "dev");
	CU_ASSERT_STRING_EQUAL(sv.v[1], "test");
	CU_ASSERT_STRING_EQUAL(sv.v[2], "ci");
	dande_strvec_release(&sv);
	dande_config_free(cfg);
}

static void test_config__syntax_error_names_file_and_line(void)
{
	char *bad = dande_test_tmpdir();
	struct dande_config *cfg = NULL;

	dande_test_write(bad, ".dande.conf", "[coverage]\n\tthreshold = 85\n"
			 "[broken\n");
	DANDE_ASSERT_ERR(dande_config_load(&cfg, bad, NULL, NULL),
			 DANDE_EUSAGE, ".dande.conf:3");
	CU_ASSERT_PTR_NULL(cfg);
	dande_test_rmtree(bad);
}

CU_TestInfo test_config_tests[] = {
	{ "test_config__the_key_table", test_config__the_key_table },
	{ "test_config__defaults_without_files",
	  test_config__defaults_without_files },
	{ "test_config__layers_in_order", test_config__layers_in_order },
	{ "test_config__keys_are_case_insensitive_like_git",
	  test_config__keys_are_case_insensitive_like_git },
	{ "test_config__typed_values", test_config__typed_values },
	{ "test_config__malformed_values_name_key_and_file",
	  test_config__malformed_values_name_key_and_file },
	{ "test_config__percent_parser", test_config__percent_parser },
	{ "test_config__lists_from_the_highest_layer",
	  test_config__lists_from_the_highest_layer },
	{ "test_config__subsections", test_config__subsections },
	{ "test_config__syntax_error_names_file_and_line",
	  test_config__syntax_error_names_file_and_line },
	CU_TEST_INFO_NULL
};


/* Unit tests of lib/release/version.c: parsing and precedence, every bump level
 * in both schemes, and each version-file adapter (tests/data/bump/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/version.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_version__parse_and_order(void)
{
	static const char *const ordered[] = {
		"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
		"1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
		"1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"
	};
	static const char *const bad[] = {
		"1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0-a_b", "x.y.z",
		"1.0.0+", "", "1..0", "99999999999999999999.0.0"
	};
	struct dande_ver a, b;
	char s[128];
	size_t i;

	for (i = 0; i + 1 < sizeof(ordered) / sizeof(*ordered); i++) {
		DANDE_ASSERT_OK(dande_ver_parse(&a, ordered[i]));
		DANDE_ASSERT_OK(dande_ver_parse(&b, ordered[i + 1]));
		CU_ASSERT(dande_ver_cmp(&a, &b) < 0);
		CU_ASSERT(dande_ver_cmp(&b, &a) > 0);
	}
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		CU_ASSERT_EQUAL(dande_ver_parse(&a, bad[i]), DANDE_EINVALID);
	DANDE_ASSERT_OK(dande_ver_parse(&a, "v1.2.3-rc.1+build.5"));
	dande_ver_format(s, sizeof(s), &a);
	CU_ASSERT_STRING_EQUAL(s, "1.2.3-rc.1+build.5");
	DANDE_ASSERT_OK(dande_ver_parse(&b, "1.2.3-rc.1+other"));
	CU_ASSERT_EQUAL(dande_ver_cmp(&a, &b), 0);
}

static void test_version__bumps(void)
{
	static const struct {
		const char *from;
		enum dande_ver_level level;
		enum dande_ver_scheme scheme;
		const char *label, *to;
		int note;
	} cases[] = {
		{ "1.0.8", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL, "1.0.9", 0 },
		{ "1.0.9", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL, "1.1.0", 0 },
		{ "1.9.9", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL, "2.0.0", 0 },
		{ "1.0.12", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL, "1.1.0", 1 },
		{ "1.12.3", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL, "2.0.0",
		  1 },
		{ "1.0.9", DANDE_VER_LEVEL_NANO, DANDE_VER_SEMVER, NULL,
		  "1.0.10", 0 },
		{ "1.2.3", DANDE_VER_LEVEL_PATCH, DANDE_VER_NANO, NULL, "1.2.4",
		  0 },
		{ "1.2.3", DANDE_VER_LEVEL_MINOR, DANDE_VER_SEMVER, NULL,
		  "1.3.0", 0 },
		{ "1.2.3", DANDE_VER_LEVEL_MAJOR, DANDE_VER_SEMVER, NULL,
		  "2.0.0", 0 },
		{ "1.2.0-rc.2", DANDE_VER_LEVEL_PATCH, DANDE_VER_SEMVER, NULL,
		  "1.2.0", 0 },
		{ "1.2.0-rc.2", DANDE_VER_LEVEL_MINOR, DANDE_VER_SEMVER, NULL,
		  "1.2.0", 0 },
		{ "1.2.1-rc.2", DANDE_VER_LEVEL_MINOR, DANDE_VER_SEMVER, NULL,
		  "1.3.0", 0 },
		{ "2.0.0-rc.1", DANDE_VER_LEVEL_MAJOR, DANDE_VER_SEMVER, NULL,
		  "2.0.0", 0 },
		{ "1.2.0-rc.2", DANDE_VER_LEVEL_NANO, DANDE_VER_NANO, NULL,
		  "1.2.0", 0 },
		{ "1.1.9", DANDE_VER_LEVEL_PRE, DANDE_VER_NANO, "rc",
		  "1.2.0-rc.1", 0 },
		{ "1.2.0-rc.1", DANDE_VER_LEVEL_PRE, DANDE_VER_NANO, "rc",
		  "1.2.0-rc.2", 0 },
		{ "1.2.0-beta.3", DANDE_VER_LEVEL_PRE, DANDE_VER_NANO, "rc",
		  "1.2.0-rc.1", 0 },
		{ "1.2.3", DANDE_VER_LEVEL_PRE, DANDE_VER_SEMVER, "beta",
		  "1.2.4-beta.1", 0 },
	};
	struct dande_ver cur, next;
	char s[128];
	struct dande_buf note = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		DANDE_ASSERT_OK(dande_ver_parse(&cur, cases[i].from));
		DANDE_ASSERT_OK(dande_ver_bump(&next, &cur, cases[i].level,
					       cases[i].scheme, 10,
					       cases[i].label, &note));
		dande_ver_format(s, sizeof(s), &next);
		if (strcmp(s, cases[i].to)) {
			char msg[256];

			snprintf(msg, sizeof(msg), "%s %s -> %s, want %s",
				 cases[i].from,
				 dande_ver_level_name(cases[i].level), s,
				 cases[i].to);
			DANDE_FAIL(msg);
		}
		CU_ASSERT_EQUAL(note.len != 0, cases[i].note);
	}
	DANDE_ASSERT_ERR(dande_ver_bump(&next, &cur, DANDE_VER_LEVEL_PRE,
					DANDE_VER_NANO, 10, "r c", NULL),
			 DANDE_EUSAGE, "pre needs a label");
	dande_buf_release(&note);
}

static void test_version__file_adapters(void)
{
	static const struct {
		const char *file;
		enum dande_verfile_kind kind;
		const char *arg;
		size_t line;
	} cases[] = {
		{ "pyproject.toml", DANDE_VERFILE_PYPROJECT, NULL, 6 },
		{ "poetry.toml", DANDE_VERFILE_PYPROJECT, NULL, 3 },
		{ "package.json", DANDE_VERFILE_PACKAGE_JSON, NULL, 5 },
		{ "Cargo.toml", DANDE_VERFILE_CARGO, NULL, 3 },
		{ "setup.cfg", DANDE_VERFILE_SETUP_CFG, NULL, 3 },
		{ "CMakeLists.txt", DANDE_VERFILE_CMAKE, NULL, 3 },
		{ "version.h", DANDE_VERFILE_DEFINE, "DEMO_VERSION", 4 },
		{ "conf.py", DANDE_VERFILE_PATTERN, "release = '{version}'", 2 },
	};
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i, off, vlen, line;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *data;

		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/bump/%s", dande_test_data(),
			       cases[i].file);
		data = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		DANDE_ASSERT_OK(dande_verfile_find(data, strlen(data),
						   cases[i].file, cases[i].kind,
						   cases[i].arg, &off, &vlen,
						   &line));
		CU_ASSERT_EQUAL(vlen, 5);
		CU_ASSERT_EQUAL(strncmp(data + off, "1.0.8", 5), 0);
		CU_ASSERT_EQUAL(line, cases[i].line);
		free(data);
	}
	CU_ASSERT_EQUAL(dande_verfile_kind_of("a/b/package.json"),
			DANDE_VERFILE_PACKAGE_JSON);
	CU_ASSERT_EQUAL(dande_verfile_kind_of("VERSION"), DANDE_VERFILE_PLAIN);
	DANDE_ASSERT_ERR(dande_verfile_find("[project]\nname = \"x\"\n", 21,
					    "pyproject.toml",
					    DANDE_VERFILE_PYPROJECT, NULL, &off,
					    &vlen, &line), DANDE_ENOTFOUND,
			 "pyproject.toml: no project.version or "
			 "tool.poetry.version found");
	DANDE_ASSERT_ERR(dande_verfile_find("{\"a\": {\"version\": \"1\"}}", 23,
					    "package.json",
					    DANDE_VERFILE_PACKAGE_JSON, NULL,
					    &off, &vlen, &line),
			 DANDE_ENOTFOUND, "top-level");
	dande_buf_release(&p);
}

CU_TestInfo test_version_tests[] = {
	{ "test_version__parse_and_order", test_version__parse_and_order },
	{ "test_version__bumps", test_version__bumps },
	{ "test_version__file_adapters", test_version__file_adapters },
	CU_TEST_INFO_NULL
};

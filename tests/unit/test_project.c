/* Unit tests of lib/repo/project.c: which ecosystem a tree is. */
#include <stdlib.h>

#include "dande/project.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_project__ecosystem_by_marker(void)
{
	static const struct {
		const char *files[3], *text;
		const char *name, *test, *junit, *coverage, *coverage_hint;
	} cases[] = {
		/* pytest writes JUnit itself; coverage needs pytest-cov */
		{ { "pyproject.toml", "Makefile", NULL }, "[project]\n",
		  "Python", "python3 -m pytest --junitxml=junit.xml",
		  "junit.xml", NULL, "pip install pytest-cov" },
		{ { "pyproject.toml", NULL }, "[project.optional-dependencies]\n"
		  "test = [\"pytest\", \"pytest-cov\"]\n", "Python",
		  "--cov-report=xml:coverage.xml", "junit.xml", "coverage.xml",
		  NULL },
		/* jest-junit makes jest's JUnit */
		{ { "package.json", NULL }, "{\"scripts\": {\"test\": "
		  "\"jest\"}}\n", "Node", "npm test", NULL, NULL,
		  "jest --coverage" },
		{ { "package.json", NULL }, "{\"devDependencies\": {\"jest\": "
		  "\"29\", \"jest-junit\": \"16\"}}\n", "Node",
		  "--reporters=jest-junit", "junit.xml", "coverage/lcov.info",
		  NULL },
		{ { "Makefile", NULL }, "\n", "make", "make test", NULL, NULL,
		  "Cobertura" },
		{ { "README.md", NULL }, "\n", NULL, "make test-all", NULL,
		  NULL, NULL },
	};
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = dande_test_tmpdir();
		const struct dande_ecosystem *e;
		struct dande_ecosystem_setup set;

		for (k = 0; cases[i].files[k]; k++)
			dande_test_write(dir, cases[i].files[k],
					 cases[i].text);
		e = dande_ecosystem_detect(dir);
		dande_ecosystem_setup(dir, e, &set);
		if (cases[i].name) {
			CU_ASSERT_STRING_EQUAL(e->name, cases[i].name);
		} else {
			CU_ASSERT_PTR_NULL(e->name);
		}
		DANDE_ASSERT_CONTAINS(set.test, cases[i].test);
		if (cases[i].junit) {
			CU_ASSERT_STRING_EQUAL(set.junit, cases[i].junit);
		} else {
			CU_ASSERT_PTR_NULL(set.junit);
		}
		if (cases[i].coverage) {
			CU_ASSERT_STRING_EQUAL(set.coverage, cases[i].coverage);
		} else {
			CU_ASSERT_PTR_NULL(set.coverage);
		}
		if (cases[i].coverage_hint) {
			DANDE_ASSERT_CONTAINS(set.coverage_hint,
					      cases[i].coverage_hint);
		}
		dande_test_rmtree(dir);
	}
}

CU_TestInfo test_project_tests[] = {
	{ "test_project__ecosystem_by_marker",
	  test_project__ecosystem_by_marker },
	CU_TEST_INFO_NULL
};

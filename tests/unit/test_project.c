/* Unit tests of lib/repo/project.c: which ecosystem a tree is. */
#include <stdlib.h>

#include "dande/project.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_project__ecosystem_by_marker(void)
{
	static const struct {
		const char *files[3];
		const char *name, *test, *coverage;
	} cases[] = {
		{ { "pyproject.toml", "Makefile", NULL }, "Python",
		  "python3 -m pytest", "build/coverage.xml" },
		{ { "package.json", NULL }, "Node", "npm test",
		  "coverage/lcov.info" },
		{ { "go.mod", "Makefile", NULL }, "Go", "go test ./...", NULL },
		{ { "Makefile", NULL }, "make", "make test", NULL },
		{ { "README.md", NULL }, NULL, "make test-all", NULL },
	};
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = dande_test_tmpdir();
		const struct dande_ecosystem *e;

		for (k = 0; cases[i].files[k]; k++)
			dande_test_write(dir, cases[i].files[k], "\n");
		e = dande_ecosystem_detect(dir);
		if (cases[i].name) {
			CU_ASSERT_STRING_EQUAL(e->name, cases[i].name);
		} else {
			CU_ASSERT_PTR_NULL(e->name);
		}
		DANDE_ASSERT_CONTAINS(e->test, cases[i].test);
		if (cases[i].coverage) {
			CU_ASSERT_STRING_EQUAL(e->coverage, cases[i].coverage);
		} else {
			CU_ASSERT_PTR_NULL(e->coverage);
		}
		dande_test_rmtree(dir);
	}
}

CU_TestInfo test_project_tests[] = {
	{ "test_project__ecosystem_by_marker",
	  test_project__ecosystem_by_marker },
	CU_TEST_INFO_NULL
};

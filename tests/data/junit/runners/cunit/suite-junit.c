/* CUnit's own JUnit-style output.  CUnit 2.1-3 aborts in
 * CU_translate_special_characters as soon as a test fails with JUnit
 * output on, so this suite only passes; the report still shows the bug
 * dande works around: the root <testsuites> declares tests="0". */
#include <CUnit/Automated.h>
#include <CUnit/CUnit.h>

static void t_one(void) { CU_ASSERT(1); }
static void t_two(void) { CU_ASSERT_EQUAL(2, 2); }

int main(void)
{
	CU_TestInfo t[] = { { "t_one", t_one }, { "t_two", t_two },
			    CU_TEST_INFO_NULL };
	CU_SuiteInfo s[] = { { "suite_a", NULL, NULL, NULL, NULL, t },
			     CU_SUITE_INFO_NULL };

	CU_initialize_registry();
	CU_register_suites(s);
	CU_set_output_filename("CUnit-junit");
	CU_automated_enable_junit_xml(CU_TRUE);
	CU_automated_run_tests();
	CU_cleanup_registry();
	return 0;
}

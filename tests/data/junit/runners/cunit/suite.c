/* A small CUnit suite for dande's fixtures: a pass, a test with two failed
 * assertions, and a suite whose set-up fails.  Written with CUnit's
 * automated interface, whose report is CUnit-Run.xml's format. */
#include <CUnit/Automated.h>
#include <CUnit/CUnit.h>

static void t_ok(void) { CU_ASSERT(1); }
static void t_bad(void) { CU_ASSERT_EQUAL(1, 2); CU_ASSERT(0 && "second"); }
static int bad_init(void) { return 1; }

int main(void)
{
	CU_TestInfo t[] = { { "t_ok", t_ok }, { "t_bad", t_bad },
			    CU_TEST_INFO_NULL };
	CU_SuiteInfo s[] = { { "suite_a", NULL, NULL, NULL, NULL, t },
			     { "suite_b", bad_init, NULL, NULL, NULL, t },
			     CU_SUITE_INFO_NULL };

	CU_initialize_registry();
	CU_register_suites(s);
	CU_set_output_filename("CUnit-Run");
	CU_automated_run_tests();
	CU_cleanup_registry();
	return 0;
}

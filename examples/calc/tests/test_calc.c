/* test_calc.c: the example project's CUnit tests. */
#include <stdlib.h>

#include <stdio.h>

#include <CUnit/Automated.h>
#include <CUnit/CUnit.h>

#include "calc.h"

static void test_add(void)
{
	CU_ASSERT_EQUAL(calc_add(2, 3), 5);
	CU_ASSERT_EQUAL(calc_add(-2, 2), 0);
}

static void test_sub(void)
{
	CU_ASSERT_EQUAL(calc_sub(5, 3), 2);
}

static void test_div(void)
{
	int ok;

	CU_ASSERT_EQUAL(calc_div(7, 2, &ok), 3);
	CU_ASSERT_EQUAL(ok, 1);
	calc_div(1, 0, &ok);
	CU_ASSERT_EQUAL(ok, 0);
}

static void test_pow(void)
{
	CU_ASSERT_EQUAL(calc_pow(2, 10), 1024);
	CU_ASSERT_EQUAL(calc_pow(5, 0), 1);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "test_add", test_add },
		{ "test_sub", test_sub },
		{ "test_div", test_div },
		{ "test_pow", test_pow },
		CU_TEST_INFO_NULL
	};
	CU_SuiteInfo suites[] = {
		{ "calc", NULL, NULL, NULL, NULL, tests },
		CU_SUITE_INFO_NULL
	};

	/* CALC_QUICK=1 runs only the first two tests (the demo uses it to
	 * show the coverage gate failing) */
	if (getenv("CALC_QUICK"))
		tests[2] = (CU_TestInfo)CU_TEST_INFO_NULL;
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS ||
	    CU_register_suites(suites) != CUE_SUCCESS)
		return 2;
	/* The automated interface writes build/calc-Results.xml (CUnit's
	 * CUnit-Run.xml format, which dande junit reads). */
	CU_set_output_filename("build/calc");
	CU_automated_run_tests();
	CU_print_run_results(stdout);
	printf("\n");
	/* CUnit's runners report only framework errors. */
	failed = CU_get_number_of_failures() +
		CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

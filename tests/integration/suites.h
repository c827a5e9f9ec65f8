/* The test arrays of the integration test files. */
#ifndef DANDE_INTEGRATION_SUITES_H
#define DANDE_INTEGRATION_SUITES_H

#include <CUnit/CUnit.h>

extern CU_TestInfo test_db_tests[];
extern CU_TestInfo test_git_tests[];
extern CU_TestInfo test_tools_tests[];
extern CU_TestInfo test_junit_corpus_tests[];
extern CU_TestInfo test_junit_runners_tests[];

#endif

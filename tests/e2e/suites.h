/* The test arrays of the e2e test files. */
#ifndef DANDE_E2E_SUITES_H
#define DANDE_E2E_SUITES_H

#include <CUnit/CUnit.h>

extern CU_TestInfo test_ci_tests[];
extern CU_TestInfo test_ecosystems_tests[];
extern CU_TestInfo test_engine_tests[];
extern CU_TestInfo test_env_tests[];
extern CU_TestInfo test_report_tests[];
extern CU_TestInfo test_install_tests[];

#endif

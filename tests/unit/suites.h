/* The test arrays of the unit test files. */
#ifndef DANDE_UNIT_SUITES_H
#define DANDE_UNIT_SUITES_H

#include <CUnit/CUnit.h>

extern CU_TestInfo test_buf_tests[];
extern CU_TestInfo test_error_tests[];
extern CU_TestInfo test_json_tests[];
extern CU_TestInfo test_fs_tests[];
extern CU_TestInfo test_proc_tests[];
extern CU_TestInfo test_config_tests[];
int test_config_setup(void);
int test_config_teardown(void);
extern CU_TestInfo test_cli_tests[];
extern CU_TestInfo test_table_tests[];
extern CU_TestInfo test_junit_tests[];
extern CU_TestInfo test_coverage_tests[];
extern CU_TestInfo test_changelog_tests[];
extern CU_TestInfo test_version_tests[];
extern CU_TestInfo test_todos_tests[];
extern CU_TestInfo test_env_tests[];
extern CU_TestInfo test_hookcache_tests[];
extern CU_TestInfo test_project_tests[];
extern CU_TestInfo test_xml_tests[];
extern CU_TestInfo test_report_tests[];
extern CU_TestInfo test_fuzz_cases_tests[];

#endif

/* The test arrays of the integration test files. */
#ifndef DANDE_INTEGRATION_SUITES_H
#define DANDE_INTEGRATION_SUITES_H

#include <CUnit/CUnit.h>

extern CU_TestInfo test_db_tests[];
extern CU_TestInfo test_git_tests[];
extern CU_TestInfo test_tools_tests[];
extern CU_TestInfo test_junit_corpus_tests[];
extern CU_TestInfo test_junit_runners_tests[];
extern CU_TestInfo test_results_tests[];
extern CU_TestInfo test_cov_corpus_tests[];
extern CU_TestInfo test_cov_patch_tests[];
extern CU_TestInfo test_cov_tool_tests[];
extern CU_TestInfo test_changelog_corpus_tests[];
extern CU_TestInfo test_changelog_tool_tests[];
extern CU_TestInfo test_bump_tests[];
extern CU_TestInfo test_crash_tests[];
extern CU_TestInfo test_todos_tool_tests[];
extern CU_TestInfo test_hooks_tests[];
extern CU_TestInfo test_init_tests[];
extern CU_TestInfo test_template_tests[];
extern CU_TestInfo test_env_tool_tests[];
extern CU_TestInfo test_env_fake_tests[];
extern CU_TestInfo test_http_tests[];
extern CU_TestInfo test_pg_tests[];
extern CU_TestInfo test_report_tests[];
extern CU_TestInfo test_trial_tests[];
extern CU_TestInfo test_cli_tests[];
int test_results_setup(void);
int test_results_teardown(void);

#endif

/*
 * The unit test binary: pure, fast tests, one file per lib module.
 * Usage: unit [suite[/test]]
 */
#include "lib/test.h"
#include "unit/suites.h"

int main(int argc, char **argv)
{
	CU_SuiteInfo suites[] = {
		{ "buf", NULL, NULL, NULL, NULL, test_buf_tests },
		{ "error", NULL, NULL, NULL, NULL, test_error_tests },
		{ "json", NULL, NULL, NULL, NULL, test_json_tests },
		{ "fs", NULL, NULL, NULL, NULL, test_fs_tests },
		{ "proc", NULL, NULL, NULL, NULL, test_proc_tests },
		{ "config", test_config_setup, test_config_teardown, NULL, NULL,
		  test_config_tests },
		{ "cli", NULL, NULL, NULL, NULL, test_cli_tests },
		{ "table", NULL, NULL, NULL, NULL, test_table_tests },
		{ "junit", NULL, NULL, NULL, NULL, test_junit_tests },
		{ "coverage", NULL, NULL, NULL, NULL, test_coverage_tests },
		{ "changelog", NULL, NULL, NULL, NULL, test_changelog_tests },
		{ "version", NULL, NULL, NULL, NULL, test_version_tests },
		{ "todos", NULL, NULL, NULL, NULL, test_todos_tests },
		{ "env", NULL, NULL, NULL, NULL, test_env_tests },
		{ "hookcache", NULL, NULL, NULL, NULL, test_hookcache_tests },
		{ "project", NULL, NULL, NULL, NULL, test_project_tests },
		{ "xml", NULL, NULL, NULL, NULL, test_xml_tests },
		{ "report", NULL, NULL, NULL, NULL, test_report_tests },
		{ "fuzz_cases", NULL, NULL, NULL, NULL, test_fuzz_cases_tests },
		CU_SUITE_INFO_NULL
	};

	return dande_test_main(argc, argv, "unit", suites);
}

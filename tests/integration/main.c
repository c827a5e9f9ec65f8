/*
 * The integration test binary: real SQLite files, a real PostgreSQL
 * server (started by tests/lib/pg.c), real git repositories
 * made with libgit2 in temp dirs, and the built tools run as a user
 * would (golden cases under tests/data/cli/).
 * Usage: integration [suite[/test]]
 */
#include "lib/test.h"
#include "integration/suites.h"

/* What reads or writes the SQLite file itself, or runs both engines on
 * its own: not run again with DANDE_TEST_ENGINE=postgresql. */
static const char *const sqlite_only[] = {
	"db/*", "the SQLite backend's own tests, on files in process",
	"results/test_results__no_query_scans_the_history", "SQLite's "
	"EXPLAIN QUERY PLAN",
	"crash/*", "kills writers and reads the file they leave",
	"pg/*", "runs both engines itself",
	"tools/test_tools__db_init_in_empty_repo", "where the file lands",
	"tools/test_tools__db_path_precedence", "which file --db, DANDE_DB "
	"and db.path name",
	"tools/test_tools__newer_schema_is_refused", "writes user_version "
	"into the file (test_pg__newer_schema_is_refused on PostgreSQL)",
	"bump/test_bump__a_journal_is_settled_by_the_next_command", "reads "
	"the file with sqlite3",
	NULL
};

int main(int argc, char **argv)
{
	CU_SuiteInfo suites[] = {
		{ "db", NULL, NULL, NULL, NULL, test_db_tests },
		{ "git", NULL, NULL, NULL, NULL, test_git_tests },
		{ "tools", NULL, NULL, NULL, NULL, test_tools_tests },
		{ "junit_corpus", NULL, NULL, NULL, NULL,
		  test_junit_corpus_tests },
		{ "junit_runners", NULL, NULL, NULL, NULL,
		  test_junit_runners_tests },
		{ "cov_corpus", NULL, NULL, NULL, NULL,
		  test_cov_corpus_tests },
		{ "cov_patch", NULL, NULL, NULL, NULL, test_cov_patch_tests },
		{ "cov_tool", NULL, NULL, NULL, NULL, test_cov_tool_tests },
		{ "changelog_corpus", NULL, NULL, NULL, NULL,
		  test_changelog_corpus_tests },
		{ "changelog_tool", NULL, NULL, NULL, NULL,
		  test_changelog_tool_tests },
		{ "bump", NULL, NULL, NULL, NULL, test_bump_tests },
		{ "crash", NULL, NULL, NULL, NULL, test_crash_tests },
		{ "todos", NULL, NULL, NULL, NULL, test_todos_tool_tests },
		{ "hooks", NULL, NULL, NULL, NULL, test_hooks_tests },
		{ "init", NULL, NULL, NULL, NULL, test_init_tests },
		{ "template", NULL, NULL, NULL, NULL, test_template_tests },
		{ "env_tool", NULL, NULL, NULL, NULL, test_env_tool_tests },
		{ "env_fake", NULL, NULL, NULL, NULL, test_env_fake_tests },
		{ "http", NULL, NULL, NULL, NULL, test_http_tests },
		{ "pg", NULL, NULL, NULL, NULL, test_pg_tests },
		{ "report", NULL, NULL, NULL, NULL, test_report_tests },
		{ "trial", NULL, NULL, NULL, NULL, test_trial_tests },
		{ "cli", NULL, NULL, NULL, NULL, test_cli_tests },
		{ "results", test_results_setup, test_results_teardown, NULL,
		  NULL, test_results_tests },
		CU_SUITE_INFO_NULL
	};

	dande_test_sqlite_only(sqlite_only);
	return dande_test_main(argc, argv, "integration", suites);
}

/*
 * dande env without an engine: every command that needs one says which
 * socket did not answer and exits 4, and changes nothing; check and init,
 * which need none, work.  (tests/e2e/test_env.c drives a real engine.)
 */
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "lib/test.h"
#include "integration/suites.h"

static void test_env_tool__no_engine_is_exit_4(void)
{
	static const char *const no_engine[] = {
		"DOCKER_HOST=unix:///nonexistent/docker.sock", NULL };
	static const char *const cmds[][4] = {
		{ "env", "up", "dev", NULL },
		{ "env", "down", "dev", NULL },
		{ "env", "test", "test", NULL },
		{ "env", "status", NULL, NULL },
		{ "env", "logs", "dev", NULL },
		{ "env", "sweep", NULL, NULL },
	};
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	size_t i;

	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "init", NULL), 0);
	/* the project's own mistakes come first, engine or not */
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, no_engine, "dande",
		(const char *const[]){ "env", "up", "dev", NULL }), 2);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-env: no env file .env for "
			       "environment 'dev': copy .env.example to it "
			       "and set its values\n");
	dande_test_write(dir, ".env", "POSTGRES_DB=app\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, no_engine, "dande",
						cmds[i]), 4);
		CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-env: no Docker "
				       "engine answers (Docker engine at "
				       "unix:///nonexistent/docker.sock: "
				       "cannot connect to the socket)\n");
		CU_ASSERT_STRING_EQUAL(res.out.ptr, "");
	}
	/* nothing was written: no reports dir, no database */
	dande_buf_addf(&p, "%s/build", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/data", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	/* the linter needs no engine */
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, no_engine, "dande",
		(const char *const[]){ "env", "check", NULL }), 0);
	/* init again keeps everything; --force keeps .bak copies */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "init", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "kept     docker-compose.yml");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "kept     the [env] sections");
	dande_test_write(dir, "docker-compose.yml", "services: {}\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "init", "--force",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "wrote    docker-compose.yml (the "
			      "old one is .bak)");
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/docker-compose.yml.bak", dir);
	{
		char *bak = dande_test_read(p.ptr);

		CU_ASSERT_STRING_EQUAL(bak ? bak : "", "services: {}\n");
		free(bak);
	}
	/* --staging: a third environment, its own ports and project, that
	 * passes check beside the other two; again: kept */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "init", "--staging",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "wrote    docker-compose.staging.yml"
			      "\n  wrote    .env.staging\n  added    [env "
			      "\"staging\"] to .dande.conf\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "check", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "checked");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "init", "--staging",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "kept     the [env \"staging\"]");
	/* its ports are its own: the same as dev's is a finding */
	dande_test_write(dir, ".env.staging", "POSTGRES_DB=app_staging\n"
			 "POSTGRES_USER=app\nPOSTGRES_PASSWORD=x\n"
			 "APP_PORT=8000\nDB_PORT=5532\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "env", "check", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "shared-port");
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/*
 * The bundled example (what `make demo` runs) passes its own lint once
 * its .env is made from .env.example, as the demo does: its stand-in
 * database was once kept alive with `sleep 86400`, which the
 * sleep-infinity check refuses, and `make demo` stopped there.
 */
static void test_env_tool__the_example_passes_env_check(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf src = DANDE_BUF_INIT, calc = DANDE_BUF_INIT;
	char *dir = dande_test_tmpdir();
	const char *cp[] = { "cp", "-r", NULL, NULL, NULL };
	const char *env[] = { "cp", ".env.example", ".env", NULL };

	dande_buf_addf(&src, "%s/../../examples/calc", dande_test_data());
	dande_buf_addf(&calc, "%s/calc", dir);
	cp[2] = src.ptr;
	cp[3] = calc.ptr;
	CU_ASSERT_EQUAL_FATAL(dande_test_run(&res, NULL, NULL, cp), 0);
	CU_ASSERT_EQUAL_FATAL(dande_test_run(&res, calc.ptr, NULL, env), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, calc.ptr, "env", "check",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "no problems");
	dande_proc_result_release(&res);
	dande_buf_release(&src);
	dande_buf_release(&calc);
	dande_test_rmtree(dir);
}

CU_TestInfo test_env_tool_tests[] = {
	{ "test_env_tool__the_example_passes_env_check",
	  test_env_tool__the_example_passes_env_check },
	{ "test_env_tool__no_engine_is_exit_4",
	  test_env_tool__no_engine_is_exit_4 },
	CU_TEST_INFO_NULL
};

/*
 * Unit tests of the environment model (lib/env/env.c), the Compose reader
 * (lib/env/compose.c), the linter (lib/env/envcheck.c), the signal handling of
 * the teardown (lib/env/envrun.c) and the engine's log framing (lib/env/engine.c).
 * No engine here: tests/e2e/test_env.c drives a real one.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "env/compose_int.h"
#include "dande/config.h"
#include "env/engine_int.h"
#include "env/env_int.h"
#include "dande/env.h"
#include "dande/envcheck.h"
#include "dande/envinit.h"
#include "dande/envrun.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "unit/suites.h"

static char *data_path(const char *rel)
{
	struct dande_buf p = DANDE_BUF_INIT;

	dande_buf_addf(&p, "%s/env/%s", dande_test_data(), rel);
	return dande_buf_detach(&p, NULL);
}

static void test_env__project_names(void)
{
	static const struct { const char *base, *env, *id, *want; } cases[] = {
		{ "calc", "dev", NULL, "calc-dev" },
		{ "calc", "test", "1234", "calc-test-1234" },
		{ "My App", "Test", NULL, "myapp-test" },
		{ "_x.y-z", "dev", "", "xy-z-dev" },
		{ "--__", "dev", NULL, "dande-dev" },
		{ "naïve", "e2e", "run/7", "nave-e2e-run7" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_buf b = DANDE_BUF_INIT;

		dande_env_project(&b, cases[i].base, cases[i].env,
				  cases[i].id);
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].want);
		dande_buf_release(&b);
	}
}

static void test_env__run_ids_and_ci(void)
{
	const char *gitlab[] = { "CI=true", "CI_JOB_ID=991", NULL };
	const char *github[] = { "CI=1", "GITHUB_RUN_ID=55",
				 "GITHUB_RUN_ATTEMPT=2", NULL };
	const char *none[] = { "CI=false", NULL };
	const char *zero[] = { "CI=0", NULL };
	struct dande_buf a = DANDE_BUF_INIT, b = DANDE_BUF_INIT;
	size_t i;

	dande_env_run_id(&a, "given", gitlab);
	CU_ASSERT_STRING_EQUAL(a.ptr, "given");
	dande_buf_reset(&a);
	dande_env_run_id(&a, NULL, gitlab);
	CU_ASSERT_STRING_EQUAL(a.ptr, "991");
	dande_buf_reset(&a);
	dande_env_run_id(&a, NULL, github);
	CU_ASSERT_STRING_EQUAL(a.ptr, "55-2");
	dande_buf_reset(&a);
	dande_env_run_id(&a, NULL, none);
	dande_env_run_id(&b, NULL, none);
	CU_ASSERT_EQUAL(a.len, 8);
	for (i = 0; i < a.len; i++)
		CU_ASSERT(strchr("0123456789abcdef", a.ptr[i]) != NULL);
	CU_ASSERT_STRING_NOT_EQUAL(a.ptr, b.ptr);
	CU_ASSERT(dande_env_in_ci(gitlab));
	CU_ASSERT(dande_env_in_ci(github));
	CU_ASSERT(!dande_env_in_ci(none));
	CU_ASSERT(!dande_env_in_ci(zero));
	dande_buf_release(&a);
	dande_buf_release(&b);
}

static void test_env__env_files(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_envfile f = DANDE_ENVFILE_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	int line = 0;

	dande_test_write(dir, ".env", "# settings\n\nA=1\nexport B = two \r\n"
			 "C=\"quoted # not a comment\"\nD='single'\n"
			 "E=plain # a comment\nF=\nA=again\n");
	dande_buf_addf(&p, "%s/.env", dir);
	DANDE_ASSERT_OK_FATAL(dande_envfile_load(&f, p.ptr));
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "A", &line), "again");
	CU_ASSERT_EQUAL(line, 9);
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "B", &line), "two");
	CU_ASSERT_EQUAL(line, 4);
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "C", NULL),
			       "quoted # not a comment");
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "D", NULL), "single");
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "E", NULL), "plain");
	CU_ASSERT_STRING_EQUAL(dande_envfile_get(&f, "F", NULL), "");
	CU_ASSERT_PTR_NULL(dande_envfile_get(&f, "G", &line));
	CU_ASSERT_EQUAL(line, 0);
	dande_envfile_release(&f);

	dande_test_write(dir, ".env", "A=1\nthis is not a setting\n");
	DANDE_ASSERT_ERR(dande_envfile_load(&f, p.ptr), DANDE_EINVALID,
			 "/.env:2: expected KEY=VALUE, not 'this is not a "
			 "setting'");
	CU_ASSERT_EQUAL(f.vars.nr, 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/missing", dir);
	DANDE_ASSERT_ERR(dande_envfile_load(&f, p.ptr), DANDE_ENOTFOUND,
			 "cannot open");
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

static void test_env__database_names(void)
{
	static const struct { const char *url, *want; } cases[] = {
		{ "postgres://u:p@db:5432/app_test", "app_test" },
		{ "postgresql://u@db/app_test?sslmode=disable", "app_test" },
		{ "mysql://root:pw@127.0.0.1:3306/shop#frag", "shop" },
		{ "mongodb://db:27017/", "" },
		{ "postgres://db", "" },
		{ "plain_test_name", "plain_test_name" },
		{ "sqlite:///var/data/app_test.db", "app_test.db" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_buf b = DANDE_BUF_INIT;

		dande_env_database_name(&b, cases[i].url);
		CU_ASSERT_STRING_EQUAL(b.ptr ? b.ptr : "", cases[i].want);
		dande_buf_release(&b);
	}
}

static void test_env__interpolation(void)
{
	struct dande_strvec vars = DANDE_STRVEC_INIT;
	static const struct { const char *in, *want; } cases[] = {
		{ "${A}", "1" },
		{ "$A-$B_C", "1-bc" },
		{ "${MISSING:-dflt}", "dflt" },
		{ "${EMPTY:-dflt}", "dflt" },
		{ "${EMPTY-dflt}", "" },
		{ "${MISSING-dflt}", "dflt" },
		{ "${A:-dflt}", "1" },
		{ "$$A costs $$5", "$A costs $5" },
		{ "${MISSING}x", "x" },
		{ "100$", "100$" },
		{ "${unclosed", "${unclosed" },
	};
	size_t i;

	dande_strvec_push(&vars, "A=0");
	dande_strvec_push(&vars, "A=1");
	dande_strvec_push(&vars, "B_C=bc");
	dande_strvec_push(&vars, "EMPTY=");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dande_buf b = DANDE_BUF_INIT;

		dande_compose_interpolate(&b, cases[i].in, &vars);
		CU_ASSERT_STRING_EQUAL(b.ptr ? b.ptr : "", cases[i].want);
		dande_buf_release(&b);
	}
	dande_strvec_release(&vars);
}

static void test_env__compose_shapes(void)
{
	char *path = data_path("compose/shapes.yml");
	struct dande_strvec vars = DANDE_STRVEC_INIT;
	struct dande_compose *c = NULL;
	const struct dande_compose_service *web, *db, *cache;

	dande_strvec_push(&vars, "WEB_PORT=9100");
	DANDE_ASSERT_OK_FATAL(dande_compose_load(&c, path, &vars));
	CU_ASSERT_STRING_EQUAL(c->version, "3.8");
	CU_ASSERT_EQUAL_FATAL(c->nservices, 3);
	web = &c->services[0];
	db = &c->services[1];
	cache = &c->services[2];
	CU_ASSERT_STRING_EQUAL(web->name, "web");
	CU_ASSERT_EQUAL(web->line, 10);
	/* merged from the anchor, interpolated */
	CU_ASSERT_STRING_EQUAL(web->image, "busybox:local");
	CU_ASSERT(web->healthcheck);
	CU_ASSERT(!web->custom_networks);
	CU_ASSERT_EQUAL_FATAL(web->nports, 5);
	CU_ASSERT_STRING_EQUAL(web->ports[0].published, "8080");
	CU_ASSERT_STRING_EQUAL(web->ports[0].host_ip, "");
	CU_ASSERT_EQUAL(web->ports[0].line, 13);
	CU_ASSERT_STRING_EQUAL(web->ports[1].host_ip, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(web->ports[1].published, "9100");
	CU_ASSERT_STRING_EQUAL(web->ports[1].target, "9000");
	CU_ASSERT_STRING_EQUAL(web->ports[2].published, "");
	CU_ASSERT_STRING_EQUAL(web->ports[3].host_ip, "[::1]");
	CU_ASSERT_STRING_EQUAL(web->ports[3].published, "7000");
	CU_ASSERT_STRING_EQUAL(web->ports[4].published, "8443");
	CU_ASSERT_STRING_EQUAL(web->ports[4].host_ip, "127.0.0.1");
	CU_ASSERT_EQUAL_FATAL(web->nmounts, 4);
	CU_ASSERT_STRING_EQUAL(web->mounts[0].type, "bind");
	CU_ASSERT_STRING_EQUAL(web->mounts[0].target, "/app");
	CU_ASSERT_STRING_EQUAL(web->mounts[1].type, "volume");
	CU_ASSERT_STRING_EQUAL(web->mounts[1].source, "cache");
	CU_ASSERT_STRING_EQUAL(web->mounts[1].target, "/cache");
	CU_ASSERT_STRING_EQUAL(web->mounts[2].source, "");
	CU_ASSERT_STRING_EQUAL(web->mounts[3].type, "tmpfs");
	CU_ASSERT_EQUAL_FATAL(web->nenvironment, 3);
	CU_ASSERT_STRING_EQUAL(web->environment[0].value, "dev");
	CU_ASSERT_PTR_NULL(web->environment[1].value);
	CU_ASSERT_STRING_EQUAL(web->environment[2].value, "");
	CU_ASSERT_EQUAL(web->depends_on.nr, 2);

	CU_ASSERT(!db->healthcheck);
	CU_ASSERT_EQUAL_FATAL(db->nmounts, 1);
	CU_ASSERT_STRING_EQUAL(db->mounts[0].type, "tmpfs");
	CU_ASSERT_STRING_EQUAL(db->mounts[0].target,
			       "/var/lib/postgresql/data");
	CU_ASSERT_EQUAL_FATAL(db->nenvironment, 2);
	CU_ASSERT_STRING_EQUAL(db->environment[0].key, "POSTGRES_DB");
	CU_ASSERT_STRING_EQUAL(db->environment[0].value, "app_test");
	CU_ASSERT_PTR_NULL(db->environment[1].value);

	CU_ASSERT(!cache->healthcheck);
	CU_ASSERT(cache->custom_networks);
	CU_ASSERT_STRING_EQUAL(cache->container_name, "fixed");
	CU_ASSERT_EQUAL(cache->container_name_line, 41);
	CU_ASSERT_EQUAL(cache->nmounts, 2);
	CU_ASSERT_STRING_EQUAL(cache->depends_on.v[0], "db");
	/* external networks and volumes are not ours to label */
	CU_ASSERT_EQUAL(c->networks.nr, 1);
	CU_ASSERT_STRING_EQUAL(c->networks.v[0], "back");
	CU_ASSERT_EQUAL(c->volumes.nr, 1);
	CU_ASSERT_STRING_EQUAL(c->volumes.v[0], "cache");
	dande_compose_free(c);
	dande_strvec_release(&vars);
	free(path);
}

static void test_env__compose_refusals(void)
{
	char *bad = data_path("compose/not-yaml.yml");
	char *list = data_path("compose/no-services.yml");
	char *missing = data_path("compose/missing.yml");
	struct dande_compose *c = NULL;

	DANDE_ASSERT_ERR(dande_compose_load(&c, bad, NULL), DANDE_EINVALID,
			 "not-yaml.yml:4:1: did not find expected ',' or ']'");
	DANDE_ASSERT_ERR(dande_compose_load(&c, list, NULL), DANDE_EINVALID,
			 "no-services.yml:2: not a Compose file");
	DANDE_ASSERT_ERR(dande_compose_load(&c, missing, NULL),
			 DANDE_ENOTFOUND, "cannot open");
	CU_ASSERT_PTR_NULL(c);
	free(bad);
	free(list);
	free(missing);
}

static void test_env__compose_argv_and_labels(void)
{
	char *path = data_path("compose/shapes.yml");
	struct dande_env env;
	struct dande_strvec tool = DANDE_STRVEC_INIT, argv = DANDE_STRVEC_INIT;
	struct dande_strvec labels = DANDE_STRVEC_INIT;
	struct dande_buf joined = DANDE_BUF_INIT, yaml = DANDE_BUF_INIT;
	struct dande_compose *c = NULL;
	const char *verb[] = { "up", "-d", NULL };
	size_t i;

	memset(&env, 0, sizeof(env));
	env.name = (char *)"test";
	dande_strvec_push(&env.compose, "a.yml");
	dande_strvec_push(&env.compose, "sub/b.yml");
	env.env_file = (char *)".env.test";
	dande_strvec_push(&tool, "docker");
	dande_strvec_push(&tool, "compose");
	dande_env_compose_argv(&argv, &tool, &env, "/p", "calc-test-7",
			       "/tmp/l.yml", verb);
	for (i = 0; i < argv.nr; i++)
		dande_buf_addf(&joined, "%s%s", i ? "|" : "", argv.v[i]);
	CU_ASSERT_STRING_EQUAL(joined.ptr, "docker|compose|-p|calc-test-7|"
			       "--env-file|/p/.env.test|-f|/p/a.yml|-f|"
			       "/p/sub/b.yml|-f|/tmp/l.yml|up|-d");
	dande_strvec_release(&env.compose);

	DANDE_ASSERT_OK_FATAL(dande_compose_load(&c, path, NULL));
	dande_strvec_push(&labels, "dande.project=calc");
	dande_strvec_push(&labels, "dande.run=main");
	dande_env_labels_yaml(&yaml, &c, 1, &labels);
	CU_ASSERT_STRING_EQUAL(yaml.ptr,
		"# written by dande env: labels for sweep\n"
		"version: \"3.8\"\n"
		"services:\n"
		"  \"web\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n"
		"  \"db\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n"
		"  \"cache\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n"
		"networks:\n"
		"  \"back\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n"
		"  \"default\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n"
		"volumes:\n"
		"  \"cache\":\n    labels:\n"
		"      dande.project: \"calc\"\n      dande.run: \"main\"\n");
	/* file format 2.0 cannot label networks and volumes */
	free(c->version);
	c->version = dande_xstrdup("2");
	dande_buf_reset(&yaml);
	dande_env_labels_yaml(&yaml, &c, 1, &labels);
	CU_ASSERT_PTR_NULL(strstr(yaml.ptr, "networks:"));
	CU_ASSERT_PTR_NULL(strstr(yaml.ptr, "volumes:"));
	dande_compose_free(c);
	dande_strvec_release(&tool);
	dande_strvec_release(&argv);
	dande_strvec_release(&labels);
	dande_buf_release(&joined);
	dande_buf_release(&yaml);
	free(path);
}

static void test_env__config_sections(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_config *cfg = NULL;
	struct dande_strvec names = DANDE_STRVEC_INIT;
	struct dande_env env;

	dande_test_write(dir, ".dande.conf",
			 "[env \"dev\"]\n\tcompose = a.yml\n\tcompose = b.yml\n"
			 "\thealth = http://localhost:1/h\n"
			 "\thealth = https://localhost:2/h\n"
			 "[env \"test\"]\n\tcompose = t.yml\n\tenvFile = .env.t\n"
			 "\tservice = tests\n\tcommand = \"pytest -q\"\n"
			 "\tinit = make db\n\treports = out\n"
			 "\tdatabaseUrl = DATABASE_URL\n\ttimeout = 30\n"
			 "[env \"broken\"]\n\ttimeout = 0\n\tcompose = x.yml\n"
			 "[env \"empty\"]\n\thealth = http://x/\n");
	DANDE_ASSERT_OK_FATAL(dande_config_load(&cfg, dir, NULL, NULL));
	dande_env_names(cfg, &names);
	CU_ASSERT_EQUAL(names.nr, 4);
	DANDE_ASSERT_OK(dande_env_load(&env, cfg, "dev"));
	CU_ASSERT_EQUAL(env.compose.nr, 2);
	CU_ASSERT_EQUAL(env.health.nr, 2);
	CU_ASSERT_STRING_EQUAL(env.health.v[1], "https://localhost:2/h");
	CU_ASSERT(!env.is_test);
	CU_ASSERT_EQUAL(env.timeout_s, 120);
	CU_ASSERT_PTR_NULL(env.service);
	dande_env_release(&env);
	DANDE_ASSERT_OK(dande_env_load(&env, cfg, "test"));
	CU_ASSERT(env.is_test);
	CU_ASSERT_STRING_EQUAL(env.command, "pytest -q");
	CU_ASSERT_STRING_EQUAL(env.init, "make db");
	CU_ASSERT_STRING_EQUAL(env.env_file, ".env.t");
	CU_ASSERT_STRING_EQUAL(env.reports, "out");
	CU_ASSERT_STRING_EQUAL(env.database_url, "DATABASE_URL");
	CU_ASSERT_EQUAL(env.timeout_s, 30);
	dande_env_release(&env);
	DANDE_ASSERT_ERR(dande_env_load(&env, cfg, "broken"), DANDE_EUSAGE,
			 "bad value '0' for 'env.broken.timeout'");
	DANDE_ASSERT_ERR(dande_env_load(&env, cfg, "empty"), DANDE_EUSAGE,
			 "environment 'empty' has no compose file");
	DANDE_ASSERT_ERR(dande_env_load(&env, cfg, "prod"), DANDE_ENOTFOUND,
			 "no environment 'prod' in .dande.conf (declared: "
			 "dev, test, broken, empty)");
	dande_config_free(cfg);
	dande_strvec_release(&names);
	dande_test_rmtree(dir);
}

static void test_env__test_database_safety(void)
{
	struct dande_env env;
	struct dande_envfile vars = DANDE_ENVFILE_INIT;

	memset(&env, 0, sizeof(env));
	env.name = (char *)"test";
	DANDE_ASSERT_ERR(dande_env_test_database_ok(&env, &vars),
			 DANDE_EUSAGE, "has an init command but no "
			 "databaseUrl");
	env.database_url = (char *)"DATABASE_URL";
	DANDE_ASSERT_ERR(dande_env_test_database_ok(&env, &vars),
			 DANDE_EUSAGE, "DATABASE_URL (databaseUrl of "
			 "environment 'test') is not set");
	dande_strvec_push(&vars.vars, "DB=shop");
	dande_strvec_push(&vars.vars, "DATABASE_URL=postgres://u@h/${DB}");
	DANDE_ASSERT_ERR(dande_env_test_database_ok(&env, &vars),
			 DANDE_EUSAGE, "refusing to run the init command of "
			 "environment 'test': DATABASE_URL names the database "
			 "'shop'");
	dande_strvec_push(&vars.vars, "DB=shop_TEST");
	DANDE_ASSERT_OK(dande_env_test_database_ok(&env, &vars));
	dande_strvec_release(&vars.vars);
}

/* The linter over tests/data/env/lint, with exact findings. */
static void test_env__linter_findings(void)
{
	char *root = data_path("lint");
	struct dande_env envs[2];
	struct dande_env_findings f = { NULL, 0 };
	struct dande_buf got = DANDE_BUF_INIT;
	size_t i;

	memset(envs, 0, sizeof(envs));
	envs[0].name = (char *)"dev";
	dande_strvec_push(&envs[0].compose, "docker-compose.yml");
	envs[1].name = (char *)"test";
	envs[1].is_test = 1;
	envs[1].env_file = (char *)".env.test";
	envs[1].database_url = (char *)"DATABASE_URL";
	dande_strvec_push(&envs[1].compose, "docker-compose.test.yml");
	DANDE_ASSERT_OK_FATAL(dande_env_check(envs, 2, 0, root, &f));
	for (i = 0; i < f.nr; i++)
		dande_buf_addf(&got, "%s:%d:%s\n", f.v[i].file, f.v[i].line,
			       f.v[i].rule);
	CU_ASSERT_STRING_EQUAL(got.ptr,
		".env.test:5:test-db-name\n"
		"docker-compose.test.yml:5:test-db-name\n"
		"docker-compose.test.yml:8:test-db-volume\n"
		"docker-compose.test.yml:11:shared-port\n"
		"docker-compose.test.yml:14:no-healthcheck\n"
		"docker-compose.test.yml:17:shared-port\n"
		"docker-compose.yml:4:container-name\n"
		"docker-compose.yml:8:plain-secret\n"
		"docker-compose.yml:9:plain-secret\n"
		"docker-compose.yml:13:no-healthcheck\n");
	dande_env_findings_release(&f);

	/* one environment alone: nothing is shared */
	dande_strvec_release(&envs[1].compose);
	dande_buf_reset(&got);
	DANDE_ASSERT_OK(dande_env_check(envs, 1, 0, root, &f));
	CU_ASSERT_EQUAL(f.nr, 4);
	dande_env_findings_release(&f);
	/* a missing compose file is an error, not a finding */
	dande_strvec_push(&envs[0].compose, "nope.yml");
	DANDE_ASSERT_ERR(dande_env_check(envs, 1, 0, root, &f), DANDE_ENOTFOUND,
			 "nope.yml");
	CU_ASSERT_EQUAL(f.nr, 0);
	dande_strvec_release(&envs[0].compose);
	dande_buf_release(&got);
	free(root);
}

/* Port ranges: one finding per clashing entry, host addresses apart
 * do not clash, a wildcard clashes with any. */
static void test_env__linter_port_ranges(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_env env;
	struct dande_env_findings f = { NULL, 0 };

	dande_test_write(dir, "c.yml", "services:\n"
			 "  a:\n    ports:\n      - \"127.0.0.1:9000-9100:80\"\n"
			 "  b:\n    ports:\n      - \"127.0.0.2:9050:80\"\n"
			 "  c:\n    ports:\n      - \"9000-9010:80\"\n"
			 "  d:\n    ports:\n      - \"8000:80\"\n");
	memset(&env, 0, sizeof(env));
	env.name = (char *)"dev";
	dande_strvec_push(&env.compose, "c.yml");
	DANDE_ASSERT_OK_FATAL(dande_env_check(&env, 1, 0, dir, &f));
	CU_ASSERT_EQUAL_FATAL(f.nr, 1);
	CU_ASSERT_EQUAL(f.v[0].line, 10);
	CU_ASSERT_STRING_EQUAL(f.v[0].message, "host port 9000 is published "
			       "twice in environment 'dev' (also c.yml:4)");
	dande_env_findings_release(&f);
	dande_strvec_release(&env.compose);
	dande_test_rmtree(dir);
}

/* The shipped templates pass the linter. */
static void test_env__templates_are_clean(void)
{
	struct dande_buf root = DANDE_BUF_INIT;
	struct dande_env envs[3];
	struct dande_env_findings f = { NULL, 0 };

	dande_buf_addf(&root, "%s/../../templates/env", dande_test_data());
	memset(envs, 0, sizeof(envs));
	envs[0].name = (char *)"dev";
	envs[0].env_file = (char *)"env.example";
	dande_strvec_push(&envs[0].compose, "docker-compose.yml");
	envs[1].name = (char *)"test";
	envs[1].is_test = 1;
	envs[1].env_file = (char *)"env.test";
	envs[1].database_url = (char *)"DATABASE_URL";
	dande_strvec_push(&envs[1].compose, "docker-compose.test.yml");
	/* staging beside them: its own ports */
	envs[2].name = (char *)"staging";
	envs[2].env_file = (char *)"env.staging";
	dande_strvec_push(&envs[2].compose, "docker-compose.staging.yml");
	DANDE_ASSERT_OK(dande_env_check(envs, 3, 0, root.ptr, &f));
	CU_ASSERT_EQUAL(f.nr, 0);
	if (f.nr)
		fprintf(stderr, "\n%s:%d: %s: %s\n", f.v[0].file, f.v[0].line,
			f.v[0].rule, f.v[0].message);
	dande_env_findings_release(&f);
	dande_strvec_release(&envs[0].compose);
	dande_strvec_release(&envs[1].compose);
	dande_strvec_release(&envs[2].compose);
	dande_buf_release(&root);
}

/* A caught signal only sets the flag; a child under that flag is
 * stopped; re-raising dies of the signal, as an uncaught one would. */
static void test_env__signals_stop_the_child_then_reraise(void)
{
	const char *argv[] = { "sleep", "30", NULL };
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	pid_t pid;
	int status = 0;

	dande_env_signals_catch();
	CU_ASSERT_EQUAL(dande_env_signal_caught(), 0);
	raise(SIGTERM);
	CU_ASSERT_EQUAL(dande_env_signal_caught(), SIGTERM);
	/* the first one caught wins */
	raise(SIGINT);
	CU_ASSERT_EQUAL(dande_env_signal_caught(), SIGTERM);

	dande_strvec_pushv(&cmd.args, argv);
	cmd.stdin_null = 1;
	cmd.cancel = dande_env_signal_flag();
	DANDE_ASSERT_OK(dande_proc_run(&cmd, &res));
	CU_ASSERT_EQUAL(res.status, DANDE_PROC_SIGNALED);
	CU_ASSERT_EQUAL(res.signal, SIGTERM);
	CU_ASSERT(res.duration_s < 5);
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);

	/* in a child: re-raise dies of SIGTERM */
	pid = fork();
	if (pid == 0) {
		dande_env_signals_restore();
		dande_env_signals_reraise();
		_exit(0);
	}
	CU_ASSERT_FATAL(pid > 0);
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	dande_env_signals_restore();
	/* here: forget the caught signal without dying of it */
	dande_env_signals_forget();
	CU_ASSERT_EQUAL(dande_env_signal_caught(), 0);
	/* nothing caught: re-raising does nothing */
	dande_env_signals_reraise();
}

static void test_env__engine_log_frames(void)
{
	static const char frames[] =
		"\1\0\0\0\0\0\0\6hello\n"
		"\2\0\0\0\0\0\0\4err\n"
		"\1\0\0\0\0\0\0\3bye";
	struct dande_buf out = DANDE_BUF_INIT;

	dande_engine_demux(&out, frames, sizeof(frames) - 1);
	CU_ASSERT_STRING_EQUAL(out.ptr, "hello\nerr\nbye");
	dande_buf_reset(&out);
	/* a TTY container's log has no frames */
	dande_engine_demux(&out, "plain text\n", 11);
	CU_ASSERT_STRING_EQUAL(out.ptr, "plain text\n");
	dande_buf_reset(&out);
	/* a truncated frame keeps what is there */
	dande_engine_demux(&out, "\1\0\0\0\0\0\0\x20short", 13);
	CU_ASSERT_STRING_EQUAL(out.ptr, "short");
	dande_buf_release(&out);
}

static void test_env__engine_address(void)
{
	const char *unix_host[] = { "DOCKER_HOST=unix:///run/x.sock", NULL };
	const char *tcp_host[] = { "DOCKER_HOST=tcp://10.0.0.1:2375", NULL };
	const char *ssh_host[] = { "DOCKER_HOST=ssh://me@box", NULL };
	struct dande_engine *e = NULL;

	DANDE_ASSERT_OK_FATAL(dande_engine_open(&e, unix_host));
	CU_ASSERT_STRING_EQUAL(dande_engine_address(e), "unix:///run/x.sock");
	/* nothing listens there: a clear error, no hang */
	DANDE_ASSERT_ERR(dande_engine_ping(e), DANDE_EEXTERNAL,
			 "Docker engine at unix:///run/x.sock");
	dande_engine_free(e);
	DANDE_ASSERT_OK_FATAL(dande_engine_open(&e, tcp_host));
	CU_ASSERT_STRING_EQUAL(dande_engine_address(e),
			       "tcp://10.0.0.1:2375");
	dande_engine_free(e);
	DANDE_ASSERT_ERR(dande_engine_open(&e, ssh_host), DANDE_EEXTERNAL,
			 "only unix:// and tcp:// are spoken");
}


/* sleep-infinity: a test stack's service (or a runner) kept up doing
 * nothing; shared-network: a fixed name: in two environments. */
static void test_env__linter_idle_and_fixed_names(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_env envs[2];
	struct dande_env_findings f = { NULL, 0 };
	struct dande_buf got = DANDE_BUF_INIT;
	size_t i;

	dande_test_write(dir, "dev.yml", "services:\n"
			 "  app:\n    image: app\n    command: sleep infinity\n"
			 "networks:\n  back:\n    name: shop-net\n"
			 "volumes:\n  data:\n    name: shop-data\n");
	dande_test_write(dir, "test.yml", "services:\n"
			 "  tests:\n    image: app\n"
			 "    entrypoint: [\"tail\", \"-f\", \"/dev/null\"]\n"
			 "  db:\n    image: postgres\n"
			 "    command: [\"sh\", \"-c\", \"sleep 3; exec "
			 "postgres\"]\n"
			 "  idle:\n    image: busybox\n"
			 "    command: sh -c 'sleep 100000'\n"
			 "networks:\n  back:\n    name: shop-net\n"
			 "    external: true\n"
			 "volumes:\n  data:\n    name: shop-test-data\n");
	memset(envs, 0, sizeof(envs));
	envs[0].name = (char *)"dev";
	dande_strvec_push(&envs[0].compose, "dev.yml");
	envs[1].name = (char *)"test";
	envs[1].is_test = 1;
	envs[1].service = (char *)"tests";
	dande_strvec_push(&envs[1].compose, "test.yml");
	DANDE_ASSERT_OK_FATAL(dande_env_check(envs, 2, 0, dir, &f));
	for (i = 0; i < f.nr; i++)
		dande_buf_addf(&got, "%s:%d:%s: %s\n", f.v[i].file,
			       f.v[i].line, f.v[i].rule, f.v[i].message);
	/* dev's app may idle (a dev shell); the test stack's may not */
	CU_ASSERT_STRING_EQUAL(got.ptr,
		"test.yml:4:sleep-infinity: service 'tests' of environment "
		"'test' is kept alive with 'tail -f /dev/null': run the tests "
		"in a throw-away container instead (dande env test runs the "
		"environment's service with run --rm; set service and "
		"command)\n"
		"test.yml:10:sleep-infinity: service 'idle' of environment "
		"'test' is kept alive with 'sleep for a day or more': run the "
		"tests in a throw-away container instead (dande env test runs "
		"the environment's service with run --rm; set service and "
		"command)\n"
		"test.yml:13:shared-network: network 'back' of environment "
		"'test' has the fixed name 'shop-net', also used by "
		"environment 'dev' (dev.yml:7): the two share it; drop name: "
		"so that Compose gives each project its own\n");
	dande_env_findings_release(&f);
	dande_strvec_release(&envs[0].compose);
	dande_strvec_release(&envs[1].compose);
	dande_buf_release(&got);
	dande_test_rmtree(dir);
}

/* The kernel's socket table, as /proc/net/tcp prints it: a listener on
 * 127.0.0.1:5432 and one on every interface at 8080; an established
 * connection is not a listener. */
static void test_env__listening_ports(void)
{
	static const char tcp[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inode\n"
		"   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000   105        0 31337 1 0 100 0 0 10 0\n"
		"   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0\n"
		"   2: 0100007F:D431 0100007F:1538 01 00000000:00000000 "
		"00:00000000 00000000  1000        0 777 1 0 20 4 30 10 -1\n";
	static const char tcp6[] =
		"  sl  local_address                         remote_address   "
		"                     st tx_queue rx_queue tr tm->when retrnsmt"
		"   uid  timeout inode\n"
		"   0: 00000000000000000000000000000000:2328 00000000000000000"
		"000000000000000:0000 0A 00000000:00000000 00:00000000 "
		"00000000     0        0 9999 1 0 100 0 0 10 0\n";
	unsigned long inode = 0;

	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "", 5432, &inode), 1);
	CU_ASSERT_EQUAL(inode, 31337);
	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "127.0.0.1", 5432,
					     &inode), 1);
	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "127.0.0.2", 5432,
					     &inode), 0);
	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "10.1.2.3", 8080,
					     &inode), 1);
	CU_ASSERT_EQUAL(inode, 4242);
	/* 54321 is a connection's end, not a listener */
	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "", 54321, &inode), 0);
	CU_ASSERT_EQUAL(dande_env__listening(tcp, 0, "", 9000, &inode), 0);
	CU_ASSERT_EQUAL(dande_env__listening(tcp6, 1, "", 9000, &inode), 1);
	CU_ASSERT_EQUAL(inode, 9999);
	CU_ASSERT_EQUAL(dande_env__listening("", 0, "", 1, &inode), 0);
}

CU_TestInfo test_env_tests[] = {
	{ "test_env__linter_idle_and_fixed_names",
	  test_env__linter_idle_and_fixed_names },
	{ "test_env__listening_ports", test_env__listening_ports },
	{ "test_env__project_names", test_env__project_names },
	{ "test_env__run_ids_and_ci", test_env__run_ids_and_ci },
	{ "test_env__env_files", test_env__env_files },
	{ "test_env__database_names", test_env__database_names },
	{ "test_env__interpolation", test_env__interpolation },
	{ "test_env__compose_shapes", test_env__compose_shapes },
	{ "test_env__compose_refusals", test_env__compose_refusals },
	{ "test_env__compose_argv_and_labels",
	  test_env__compose_argv_and_labels },
	{ "test_env__config_sections", test_env__config_sections },
	{ "test_env__test_database_safety", test_env__test_database_safety },
	{ "test_env__linter_findings", test_env__linter_findings },
	{ "test_env__linter_port_ranges", test_env__linter_port_ranges },
	{ "test_env__templates_are_clean", test_env__templates_are_clean },
	{ "test_env__signals_stop_the_child_then_reraise",
	  test_env__signals_stop_the_child_then_reraise },
	{ "test_env__engine_log_frames", test_env__engine_log_frames },
	{ "test_env__engine_address", test_env__engine_address },
	CU_TEST_INFO_NULL
};

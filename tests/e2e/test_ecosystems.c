/*
 * A new user's first hour, in a fresh repository of each ecosystem dande
 * names (Python with pytest and pytest-cov, Node with `node --test`, Go
 * with go test and gotestsum, C with CMake, CUnit, ctest and gcovr):
 * `dande init`, a commit through the hooks, a push refused by a failing
 * test and let through once it is fixed, dande's coverage figure equal to
 * the one the ecosystem's own tool prints, `dande bump` and the push of
 * the release.  The real tools run; an ecosystem whose tools are not on
 * the machine is reported skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "e2e/suites.h"

struct eco {
	const char *name;
	const char *probe;		/* sh: exit 0 when the tools are here */
	const char *const *files;	/* path, text, ..., NULL */
	const char *conf;		/* appended to .dande.conf, or NULL */
	const char *test_file, *broken, *fixed;
	const char *init_says;		/* a line of init's report */
	const char *tool_cov;		/* sh: prints the tool's own figure */
	const char *report;		/* the coverage report dande reads */
};

struct ctx {
	char *dir, *remote, *home;
	struct dande_strvec env;
	struct dande_proc_result res;
};

static int sh(struct ctx *c, const char *cmd)
{
	const char *argv[] = { "sh", "-c", cmd, NULL };

	return dande_test_run(&c->res, c->dir, (const char *const *)c->env.v,
			      argv);
}

/* A number after `key` in `text` (first match), or -1. */
static double number_after(const char *text, const char *key)
{
	const char *p = text ? strstr(text, key) : NULL;

	return p ? strtod(p + strlen(key), NULL) : -1;
}

static void run_eco(const struct eco *e)
{
	struct ctx c;
	struct dande_buf cmd = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	double mine, theirs;
	size_t i;
	char *text;
	struct dande_proc_result init = DANDE_PROC_RESULT_INIT;

	memset(&c, 0, sizeof(c));
	c.res = init;
	c.dir = dande_test_tmpdir();
	c.remote = dande_test_tmpdir();
	c.home = dande_test_tmpdir();
	dande_strvec_init(&c.env);
	/* Debian's tools, dande from this build, nothing of the caller's */
	dande_strvec_pushf(&c.env, "PATH=%s:/usr/local/bin:/usr/bin:/bin",
			   dande_test_bin());
	dande_strvec_pushf(&c.env, "HOME=%s", c.home);
	dande_strvec_pushf(&c.env, "GOCACHE=%s/gocache", c.home);
	dande_strvec_pushf(&c.env, "GOPATH=%s/gopath", c.home);
	dande_strvec_push(&c.env, "GOFLAGS=-mod=mod");
	dande_strvec_push(&c.env, "GOTOOLCHAIN=local");
	dande_strvec_push(&c.env, "PYTHONDONTWRITEBYTECODE=1");
	dande_strvec_push(&c.env, "GIT_DIR");
	dande_strvec_push(&c.env, "MAKEFLAGS");
	dande_strvec_push(&c.env, "DANDE_DB");
	if (sh(&c, e->probe) != 0) {
		dande_buf_addf(&p, "the %s tools are not on this machine (%s)",
			       e->name, e->probe);
		dande_test_skip(p.ptr);
		goto done;
	}
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, c.dir));
	dande_repo_free(repo);
	dande_test_write(c.dir, ".git/config", "[core]\n\tbare = false\n"
			 "[user]\n\tname = Ann\n\temail = ann@example.com\n");
	for (i = 0; e->files[i]; i += 2)
		dande_test_write(c.dir, e->files[i], e->files[i + 1]);

	/* init, and the first commit through the hooks */
	CU_ASSERT_EQUAL(sh(&c, "dande init"), 0);
	DANDE_ASSERT_CONTAINS(c.res.out.ptr, e->init_says);
	/* the team's own threshold (these projects are half covered), and
	 * what the ecosystem needs beyond init's guess */
	dande_buf_addf(&p, "%s/.dande.conf", c.dir);
	text = dande_test_read(p.ptr);
	dande_buf_reset(&cmd);
	dande_buf_addf(&cmd, "%s[coverage]\n\tthreshold = 50\n"
		       "\tfileThreshold = 0\n%s",
		       text ? text : "", e->conf ? e->conf : "");
	dande_test_write(c.dir, ".dande.conf", cmd.ptr);
	free(text);
	dande_buf_reset(&cmd);
	dande_buf_addf(&cmd, "git init -q --bare '%s' && git remote add origin "
		       "'%s' && git add -A && git commit -q -m 'feat: start' "
		       "&& git status --porcelain", c.remote, c.remote);
	if (sh(&c, cmd.ptr) != 0) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s: the first commit: %s%s", e->name,
			       c.res.out.ptr, c.res.err.ptr);
		DANDE_FAIL(p.ptr);
		goto done;
	}
	/* nothing left out, nothing generated staged */
	CU_ASSERT_STRING_EQUAL(c.res.out.ptr, "");

	/* a failing test: the push is refused, and says which */
	dande_test_write(c.dir, e->test_file, e->broken);
	CU_ASSERT_EQUAL(sh(&c, "git commit -q -am 'test: a case that fails' "
			   "&& git push -q origin HEAD:refs/heads/main 2>&1"), 1);
	DANDE_ASSERT_CONTAINS(c.res.out.ptr, "pre-push: tests failed");
	/* fixed: through */
	dande_test_write(c.dir, e->test_file, e->fixed);
	if (sh(&c, "git commit -q -am 'fix: the case' && git push -q origin "
	       "HEAD:refs/heads/main") != 0) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s: the push after the fix: %s%s", e->name,
			       c.res.out.ptr, c.res.err.ptr);
		DANDE_FAIL(p.ptr);
		goto done;
	}

	/* dande's coverage figure is the ecosystem tool's */
	CU_ASSERT_EQUAL(sh(&c, e->tool_cov), 0);
	theirs = number_after(c.res.out.ptr, "TOOL=");
	dande_buf_reset(&cmd);
	dande_buf_addf(&cmd, "dande cov report %s --json", e->report);
	CU_ASSERT_EQUAL(sh(&c, cmd.ptr), 0);
	mine = number_after(c.res.out.ptr, "\"line_pct\": ");
	printf("    (%s: dande %.2f%%, the ecosystem's tool %.2f%%)\n", e->name,
	       mine, theirs);
	if (theirs < 0 || mine < 0 || (long)(mine * 10 + 0.5) !=
	    (long)(theirs * 10 + 0.5)) {
		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s: dande says %.2f%%, the tool %.2f%%",
			       e->name, mine, theirs);
		DANDE_FAIL(p.ptr);
	}

	/* the release: bump (its changelog from the commits), then push */
	CU_ASSERT_EQUAL(sh(&c, "dande bump && git push -q --follow-tags "
			   "origin HEAD:refs/heads/main && git tag"), 0);
	DANDE_ASSERT_CONTAINS(c.res.out.ptr, "changelog: 2 entries from the "
			      "commits (no tag yet)\n");
	dande_buf_reset(&cmd);
	dande_buf_addf(&cmd, "git --git-dir='%s' tag", c.remote);
	CU_ASSERT_EQUAL(sh(&c, cmd.ptr), 0);
	CU_ASSERT(c.res.out.len > 1);
done:
	dande_buf_release(&cmd);
	dande_buf_release(&p);
	dande_strvec_release(&c.env);
	dande_proc_result_release(&c.res);
	dande_test_rmtree(c.dir);
	dande_test_rmtree(c.remote);
	dande_test_rmtree(c.home);
}

/* ---- Python: pytest and pytest-cov ---------------------------------------- */

static const char *const py_files[] = {
	"pyproject.toml", "[project]\nname = \"calc\"\nversion = \"0.3.0\"\n\n"
	"[project.optional-dependencies]\ntest = [\"pytest\", \"pytest-cov\"]\n",
	"calc.py", "def add(a, b):\n    return a + b\n\n\n"
	"def sub(a, b):\n    return a - b\n\n\n"
	"def unused(a):\n    if a:\n        return 1\n    return 0\n",
	"tests/unit/test_calc.py", "from calc import add\n\n\n"
	"def test_add():\n    assert add(1, 2) == 3\n",
	NULL
};

static void test_ecosystems__python(void)
{
	static const struct eco e = {
		"Python",
		"python3 -c 'import pytest, pytest_cov'", py_files, NULL,
		"tests/unit/test_calc.py",
		"from calc import add, sub\n\n\ndef test_add():\n"
		"    assert add(1, 2) == 3\n\n\ndef test_sub():\n"
		"    assert sub(3, 1) == 1\n",
		"from calc import add, sub\n\n\ndef test_add():\n"
		"    assert add(1, 2) == 3\n\n\ndef test_sub():\n"
		"    assert sub(3, 1) == 2\n",
		"reports: pytest-cov is a dependency",
		/* coverage.py's own total, unrounded */
		"python3 -m coverage json -q -o cov.json && python3 -c "
		"\"import json; print('TOOL=%s' % json.load(open('cov.json'))"
		"['totals']['percent_covered'])\"",
		"coverage.xml"
	};

	run_eco(&e);
}

/* ---- Node: node --test ---------------------------------------------------- */

static const char *const node_files[] = {
	"package.json", "{\n  \"name\": \"calc\",\n  \"version\": \"1.2.9\",\n"
	"  \"scripts\": {\n    \"test\": \"node --test\"\n  }\n}\n",
	"calc.js", "function add(a, b) {\n  return a + b;\n}\n\n"
	"function unused(a) {\n  if (a) {\n    return 1;\n  }\n  return 0;\n}\n\n"
	"module.exports = { add, unused };\n",
	"test/calc.test.js", "const test = require('node:test');\n"
	"const assert = require('node:assert');\n"
	"const { add } = require('../calc');\n\n"
	"test('adds', () => assert.strictEqual(add(1, 2), 3));\n",
	NULL
};

static void test_ecosystems__node(void)
{
	static const struct eco e = {
		"Node",
		/* the junit and lcov reporters: node 20.11 and later */
		"node -e 'const [a, b] = process.versions.node.split(\".\")"
		".map(Number); process.exit(a > 20 || (a == 20 && b >= 11) ? "
		"0 : 1)'", node_files, NULL, "test/calc.test.js",
		"const test = require('node:test');\n"
		"const assert = require('node:assert');\n"
		"const { add } = require('../calc');\n\n"
		"test('adds', () => assert.strictEqual(add(1, 2), 4));\n",
		"const test = require('node:test');\n"
		"const assert = require('node:assert');\n"
		"const { add } = require('../calc');\n\n"
		"test('adds', () => assert.strictEqual(add(1, 2), 3));\n",
		"reports: node --test's junit and lcov reporters",
		/* node's own summary: the "all files" line's line % */
		"node --test --experimental-test-coverage 2>&1 | sed -n "
		"'s/^.*all files *| *\\([0-9.]*\\).*$/TOOL=\\1/p'",
		"lcov.info"
	};

	run_eco(&e);
}

/* ---- Go: go test and gotestsum -------------------------------------------- */

static const char *const go_files[] = {
	"go.mod", "module example.com/calc\n\ngo 1.19\n",
	"calc.go", "// Package calc adds.\npackage calc\n\n"
	"// Add adds.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\n"
	"// Sign is -1, 0 or 1.\nfunc Sign(x int) int {\n\tif x < 0 {\n"
	"\t\treturn -1\n\t}\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
	"calc_test.go", "package calc\n\nimport \"testing\"\n\n"
	"func TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n"
	"\t\tt.Errorf(\"Add(1, 2) = %d, want 3\", Add(1, 2))\n\t}\n}\n",
	NULL
};

static void test_ecosystems__go(void)
{
	static const struct eco e = {
		"Go", "command -v go && command -v gotestsum", go_files, NULL,
		"calc_test.go",
		"package calc\n\nimport \"testing\"\n\n"
		"func TestAdd(t *testing.T) {\n\tif Add(1, 2) != 4 {\n"
		"\t\tt.Errorf(\"Add(1, 2) = %d, want 4\", Add(1, 2))\n\t}\n}\n",
		"package calc\n\nimport \"testing\"\n\n"
		"func TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n"
		"\t\tt.Errorf(\"Add(1, 2) = %d, want 3\", Add(1, 2))\n\t}\n}\n\n"
		"func TestSign(t *testing.T) {\n\tif Sign(5) != 1 {\n"
		"\t\tt.Error(\"Sign(5)\")\n\t}\n}\n",
		"reports: gotestsum is installed",
		"go tool cover -func=cover.out | sed -n "
		"'s/^total:.*[^0-9.]\\([0-9.]*\\)%$/TOOL=\\1/p'",
		"cover.out"
	};

	run_eco(&e);
}

/* ---- C: CMake, CUnit, ctest, gcovr ---------------------------------------- */

static const char *const c_files[] = {
	"CMakeLists.txt", "cmake_minimum_required(VERSION 3.21)\n"
	"project(calc VERSION 0.4.0 LANGUAGES C)\nenable_testing()\n"
	"add_library(calc src/calc.c)\n"
	"add_executable(test_calc tests/unit/test_calc.c)\n"
	"target_include_directories(test_calc PRIVATE src)\n"
	"target_link_libraries(test_calc calc cunit)\n"
	"add_test(NAME calc COMMAND test_calc)\n",
	"src/calc.h", "int calc_add(int a, int b);\nint calc_sign(int x);\n",
	"src/calc.c", "#include \"calc.h\"\n\nint calc_add(int a, int b)\n{\n"
	"\treturn a + b;\n}\n\nint calc_sign(int x)\n{\n\tif (x < 0)\n"
	"\t\treturn -1;\n\treturn x > 0;\n}\n",
	"tests/unit/test_calc.c", "#include <CUnit/Basic.h>\n"
	"#include \"calc.h\"\n\nstatic void test_add(void)\n{\n"
	"\tCU_ASSERT_EQUAL(calc_add(1, 2), 3);\n}\n\nint main(void)\n{\n"
	"\tCU_pSuite s;\n\tint failed;\n\n\tCU_initialize_registry();\n"
	"\ts = CU_add_suite(\"calc\", NULL, NULL);\n"
	"\tCU_add_test(s, \"add\", test_add);\n"
	"\tCU_basic_run_tests();\n"
	"\tfailed = (int)CU_get_number_of_failures();\n"
	"\tCU_cleanup_registry();\n\treturn failed ? 1 : 0;\n}\n",
	".gitignore", "build/\n",
	NULL
};

static void test_ecosystems__c(void)
{
	static const struct eco e = {
		"C",
		"command -v cmake && command -v ctest && command -v gcovr && "
		"command -v cc", c_files,
		/* what init's hints say: ctest's JUnit, gcovr's Cobertura */
		"[hooks]\n\tprePush = \"sh -c 'cmake -S . -B build "
		"-DCMAKE_C_FLAGS=--coverage >/dev/null && cmake --build build "
		">/dev/null && ctest --test-dir build --output-junit "
		"\\\"$PWD/junit.xml\\\" >/dev/null; rc=$?; gcovr -r . --xml "
		"coverage.xml --exclude tests/ --exclude build/ build; exit $rc'\"\n"
		"\tjunitReports = junit.xml\n\tcoverageReports = coverage.xml\n",
		"tests/unit/test_calc.c",
		"#include <CUnit/Basic.h>\n#include \"calc.h\"\n\n"
		"static void test_add(void)\n{\n"
		"\tCU_ASSERT_EQUAL(calc_add(1, 2), 4);\n}\n\nint main(void)\n{\n"
		"\tCU_pSuite s;\n\tint failed;\n\n\tCU_initialize_registry();\n"
		"\ts = CU_add_suite(\"calc\", NULL, NULL);\n"
		"\tCU_add_test(s, \"add\", test_add);\n"
		"\tCU_basic_run_tests();\n"
		"\tfailed = (int)CU_get_number_of_failures();\n"
		"\tCU_cleanup_registry();\n\treturn failed ? 1 : 0;\n}\n",
		"#include <CUnit/Basic.h>\n#include \"calc.h\"\n\n"
		"static void test_add(void)\n{\n"
		"\tCU_ASSERT_EQUAL(calc_add(1, 2), 3);\n}\n\n"
		"static void test_sign(void)\n{\n"
		"\tCU_ASSERT_EQUAL(calc_sign(4), 1);\n}\n\nint main(void)\n{\n"
		"\tCU_pSuite s;\n\tint failed;\n\n\tCU_initialize_registry();\n"
		"\ts = CU_add_suite(\"calc\", NULL, NULL);\n"
		"\tCU_add_test(s, \"add\", test_add);\n"
		"\tCU_add_test(s, \"sign\", test_sign);\n"
		"\tCU_basic_run_tests();\n"
		"\tfailed = (int)CU_get_number_of_failures();\n"
		"\tCU_cleanup_registry();\n\treturn failed ? 1 : 0;\n}\n",
		"no JUnit report yet: ctest --output-junit",
		"gcovr -r . --exclude tests/ --exclude build/ build --print-summary | "
		"sed -n "
		"'s/^lines: \\([0-9.]*\\)%.*$/TOOL=\\1/p'",
		"coverage.xml"
	};

	run_eco(&e);
}

CU_TestInfo test_ecosystems_tests[] = {
	{ "test_ecosystems__python", test_ecosystems__python },
	{ "test_ecosystems__node", test_ecosystems__node },
	{ "test_ecosystems__go", test_ecosystems__go },
	{ "test_ecosystems__c", test_ecosystems__c },
	CU_TEST_INFO_NULL
};

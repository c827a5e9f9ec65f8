/*
 * templates/dande.mk included by a project's Makefile: test-all runs the
 * project's tests and both gates (red under 85%), and bump commits and
 * tags only when test-all is green.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/git.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

static int make(struct dande_proc_result *res, const char *dir,
		const char *target, const char *hit)
{
	static const char *const env[] = { "MAKEFLAGS", "MAKELEVEL", NULL };
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	int r;

	dande_strvec_push(&argv, "make");
	dande_strvec_push(&argv, "-s");
	dande_strvec_push(&argv, target);
	dande_strvec_pushf(&argv, "DANDE=%s/dande", dande_test_bin());
	dande_strvec_pushf(&argv, "HIT=%s", hit);
	r = dande_test_run(res, dir, env, (const char *const *)argv.v);
	dande_strvec_release(&argv);
	return r;
}

static void test_template__test_all_and_bump(void)
{
	char *dir = dande_test_tmpdir(), *text;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf mk = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, ".gitignore", "data/\nbuild/\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_buf_addf(&mk, "DANDE_JUNIT = build/junit.xml\n"
		       "DANDE_COVERAGE = build/lcov.info\n"
		       "include %s/../../templates/dande.mk\n\n"
		       "test:\n\tmkdir -p build\n"
		       "\tprintf '<testsuite name=\"s\" tests=\"1\"><testcase "
		       "classname=\"c\" name=\"t\"/></testsuite>\\n' > "
		       "build/junit.xml\n"
		       "\tprintf 'SF:a.c\\nDA:1,1\\nDA:2,$(HIT)\\n"
		       "end_of_record\\n' > build/lcov.info\n",
		       dande_test_data());
	dande_test_write(dir, "Makefile", mk.ptr);
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	if (make(&res, dir, "test-all", "1") < 0) {
		dande_test_skip("no make program");
		goto done;
	}
	CU_ASSERT_EQUAL(res.exit_code, 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "coverage 100.0% >= 85.0%");
	/* half the lines: red */
	CU_ASSERT_EQUAL(make(&res, dir, "test-all", "0"), 2);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "coverage 50.0% < 85.0%");
	/* a red bump changes nothing; a green one commits and tags */
	CU_ASSERT_EQUAL(make(&res, dir, "bump", "0"), 2);
	CU_ASSERT(!dande_repo_tag_exists(repo, "v1.0.1"));
	CU_ASSERT_EQUAL(make(&res, dir, "bump", "1"), 0);
	CU_ASSERT(dande_repo_tag_exists(repo, "v1.0.1"));
	dande_buf_reset(&mk);
	dande_buf_addf(&mk, "%s/VERSION", dir);
	text = dande_test_read(mk.ptr);
	CU_ASSERT_STRING_EQUAL(text, "1.0.1\n");
	free(text);
done:
	dande_buf_release(&mk);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* The CI templates install every Debian package the GNUmakefile's
 * DEB_PKGS names (libyaml-dev was missing: neither template built). */
static void test_template__ci_installs_what_dande_needs(void)
{
	static const char *const templates[] = { "github-actions.yml",
		"gitlab-ci.yml", NULL };
	struct dande_buf p = DANDE_BUF_INIT, pkgs = DANDE_BUF_INIT;
	char *mk, *line, *s;
	size_t i;
	int n = 0;

	dande_buf_addf(&p, "%s/../../GNUmakefile", dande_test_data());
	mk = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mk);
	line = strstr(mk, "\nDEB_PKGS :=");
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	/* the value, over its continuation lines */
	for (s = line + 12; *s; s++) {
		if (*s == '\\' && s[1] == '\n') {
			s++;
			dande_buf_addch(&pkgs, ' ');
			continue;
		}
		if (*s == '\n')
			break;
		dande_buf_addch(&pkgs, *s);
	}
	for (i = 0; templates[i]; i++) {
		char *tpl, *w, *save = NULL;
		struct dande_buf copy = DANDE_BUF_INIT;

		dande_buf_reset(&p);
		dande_buf_addf(&p, "%s/../../templates/ci/%s", dande_test_data(),
			       templates[i]);
		tpl = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(tpl);
		dande_buf_adds(&copy, pkgs.ptr);
		for (w = strtok_r(copy.ptr, " \t", &save); w;
		     w = strtok_r(NULL, " \t", &save)) {
			struct dande_buf word = DANDE_BUF_INIT;

			dande_buf_addf(&word, " %s", w);
			if (!strstr(tpl, word.ptr)) {
				dande_buf_reset(&word);
				dande_buf_addf(&word, "%s does not install %s",
					       templates[i], w);
				DANDE_FAIL(word.ptr);
			}
			n++;
			dande_buf_release(&word);
		}
		dande_buf_release(&copy);
		free(tpl);
	}
	CU_ASSERT(n >= 20);
	free(mk);
	dande_buf_release(&p);
	dande_buf_release(&pkgs);
}

CU_TestInfo test_template_tests[] = {
	{ "test_template__ci_installs_what_dande_needs",
	  test_template__ci_installs_what_dande_needs },
	{ "test_template__test_all_and_bump",
	  test_template__test_all_and_bump },
	CU_TEST_INFO_NULL
};

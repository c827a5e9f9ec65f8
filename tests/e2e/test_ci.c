/*
 * The CI templates (templates/ci/) run as a CI would run them: their
 * shell steps (GitHub's `run:`, GitLab's before_script, script and
 * after_script), read from the YAML with libyaml, one after the other in
 * a project's clean clone.  dande is cloned from this repository, built
 * and installed into a prefix; `sudo` runs its command, `apt-get` checks
 * that every package it is asked for is one Debian knows.  Then `make
 * test-all` runs the project's tests and gates, and the summaries are
 * written.  No network, no engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "e2e/suites.h"

/* The shell steps of a template, in order. */
static int shell_steps(const char *path, struct dande_strvec *out)
{
	static const char *const keys[] = { "run", "before_script", "script",
		"after_script", NULL };
	yaml_parser_t parser;
	yaml_event_t ev;
	FILE *f = fopen(path, "rb");
	/* per mapping depth: the key whose value comes next ("" none) */
	char key[32][32];
	int is_key[32], depth = 0, in_steps_seq = 0, seq_depth = 0, done = 0;
	int ok = 1;

	if (!f)
		return -1;
	memset(key, 0, sizeof(key));
	memset(is_key, 0, sizeof(is_key));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			ok = 0;
			break;
		}
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
			if (depth < 31)
				depth++;
			is_key[depth] = 1;
			key[depth][0] = '\0';
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (depth > 0)
				is_key[depth] = 1;
			break;
		case YAML_SEQUENCE_START_EVENT: {
			size_t i;

			for (i = 0; keys[i]; i++)
				if (depth > 0 && !is_key[depth] &&
				    !strcmp(key[depth], keys[i]))
					in_steps_seq = 1, seq_depth = depth;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
			if (in_steps_seq && depth == seq_depth)
				in_steps_seq = 0;
			if (depth > 0)
				is_key[depth] = 1;
			break;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;

			if (in_steps_seq && depth == seq_depth) {
				dande_strvec_push(out, v);
			} else if (depth > 0 && is_key[depth]) {
				snprintf(key[depth], sizeof(key[depth]), "%s",
					 v);
				is_key[depth] = 0;
			} else if (depth > 0) {
				if (!strcmp(key[depth], "run"))
					dande_strvec_push(out, v);
				is_key[depth] = 1;
			}
			break;
		}
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return ok ? 0 : -1;
}

/* `s` with every `from` replaced by `to`, into `out`. */
static void replace_all(struct dande_buf *out, const char *s,
			const char *from, const char *to)
{
	const char *hit;

	dande_buf_reset(out);
	while ((hit = strstr(s, from))) {
		dande_buf_add(out, s, (size_t)(hit - s));
		dande_buf_adds(out, to);
		s = hit + strlen(from);
	}
	dande_buf_adds(out, s);
}

/* A project in a git repository: its Makefile includes the installed
 * dande.mk; its tests write a JUnit report and Cobertura coverage. */
static char *make_project(const char *prefix)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_buf mk = DANDE_BUF_INIT;

	DANDE_ASSERT_OK(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n[user]\n"
			 "\tname = Ann\n\temail = ann@example.com\n");
	dande_test_write(dir, ".gitignore", "data/\nbuild/\n*.md\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	dande_test_write(dir, "src/a.c", "int a;\nint b;\n");
	dande_buf_addf(&mk, "DANDE_JUNIT = build/junit.xml\n"
		       "DANDE_COVERAGE = build/coverage.xml\n"
		       "include %s/share/dande/templates/dande.mk\n\n"
		       "test:\n\tmkdir -p build\n"
		       "\tprintf '<testsuite name=\"s\" tests=\"1\"><testcase "
		       "classname=\"tests.unit.c\" name=\"t\"/></testsuite>"
		       "\\n' > build/junit.xml\n"
		       "\tprintf '<coverage><packages><package><classes><class "
		       "filename=\"src/a.c\"><lines><line number=\"1\" "
		       "hits=\"1\"/><line number=\"2\" hits=\"1\"/></lines>"
		       "</class></classes></package></packages></coverage>"
		       "\\n' > build/coverage.xml\n", prefix);
	dande_test_write(dir, "Makefile", mk.ptr);
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "Ann",
					      "ann@example.com", 1700000000,
					      NULL));
	dande_repo_free(repo);
	dande_buf_release(&mk);
	return dir;
}

static void run_template(const char *name)
{
	struct dande_buf tpl = DANDE_BUF_INIT, src = DANDE_BUF_INIT;
	struct dande_buf shims = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	struct dande_buf step = DANDE_BUF_INIT, clone = DANDE_BUF_INIT;
	struct dande_strvec steps = DANDE_STRVEC_INIT, env = DANDE_STRVEC_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	char *tmp = dande_test_tmpdir(), *dir, *text;
	size_t i;

	dande_buf_addf(&src, "%s/../..", dande_test_data());
	dande_buf_addf(&tpl, "%s/templates/ci/%s", src.ptr, name);
	CU_ASSERT_EQUAL_FATAL(shell_steps(tpl.ptr, &steps), 0);
	CU_ASSERT_FATAL(steps.nr >= 4);
	/* sudo runs its command; apt-get knows the packages or says no */
	dande_buf_addf(&shims, "%s/shims", tmp);
	dande_test_write(shims.ptr, "sudo", "#!/bin/sh\nexec \"$@\"\n");
	dande_test_write(shims.ptr, "apt-get", "#!/bin/sh\n"
			 "[ \"$1\" = install ] || exit 0\nshift\n"
			 "for p; do case $p in -*) continue;; esac\n"
			 "  apt-cache show \"$p\" >/dev/null 2>&1 || "
			 "{ echo \"apt-get: no package $p\" >&2; exit 100; }\n"
			 "done\n");
	dande_buf_addf(&p, "%s/sudo", shims.ptr);
	chmod(p.ptr, 0755);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/apt-get", shims.ptr);
	chmod(p.ptr, 0755);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/prefix", tmp);
	dir = make_project(p.ptr);
	dande_strvec_pushf(&env, "PATH=%s:%s/bin:/usr/bin:/bin", shims.ptr,
			   p.ptr);
	dande_strvec_pushf(&env, "DANDE_PREFIX=%s", p.ptr);
	dande_strvec_pushf(&env, "DANDE_GIT_URL=%s", src.ptr);
	dande_strvec_pushf(&env, "RUNNER_TEMP=%s", tmp);
	dande_strvec_pushf(&env, "GITHUB_STEP_SUMMARY=%s/summary.md", tmp);
	dande_strvec_push(&env, "MAKEFLAGS");
	dande_strvec_push(&env, "MAKELEVEL");
	dande_strvec_push(&env, "DANDE_DB");
	dande_buf_addf(&clone, "%s/dande-clone", tmp);
	for (i = 0; i < steps.nr; i++) {
		const char *argv[] = { "sh", "-e", "-c", NULL, NULL };

		/* GitLab's job clones into /tmp/dande: here, a temp dir */
		replace_all(&step, steps.v[i], "/tmp/dande", clone.ptr);
		argv[3] = step.ptr;
		if (dande_test_run(&res, dir, (const char *const *)env.v,
				   argv) != 0) {
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s: step %zu failed:\n%s\n%s%s",
				       name, i + 1, step.ptr, res.out.ptr,
				       res.err.ptr);
			DANDE_FAIL(p.ptr);
			break;
		}
	}
	/* the run is recorded; the summaries were written */
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/data/DandE.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/%s", !strcmp(name, "github-actions.yml") ? tmp :
		       dir, !strcmp(name, "github-actions.yml") ? "summary.md" :
		       "dande-summary.md");
	text = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL(text);
	if (text) {
		DANDE_ASSERT_CONTAINS(text, "Tests: run #1");
		DANDE_ASSERT_CONTAINS(text, "`src/a.c`");
	}
	free(text);
	/* the quality report, for the artifact */
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/dande-report/index.html", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	dande_strvec_release(&steps);
	dande_strvec_release(&env);
	dande_buf_release(&tpl);
	dande_buf_release(&src);
	dande_buf_release(&shims);
	dande_buf_release(&p);
	dande_buf_release(&step);
	dande_buf_release(&clone);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
	dande_test_rmtree(tmp);
}

static void test_ci__github_actions_steps_run(void)
{
	run_template("github-actions.yml");
}

static void test_ci__gitlab_ci_steps_run(void)
{
	run_template("gitlab-ci.yml");
}

CU_TestInfo test_ci_tests[] = {
	{ "test_ci__github_actions_steps_run",
	  test_ci__github_actions_steps_run },
	{ "test_ci__gitlab_ci_steps_run", test_ci__gitlab_ci_steps_run },
	CU_TEST_INFO_NULL
};

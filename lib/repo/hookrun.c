/*
 * hookrun.c: what the hooks run (dande hooks run NAME): pre-commit's
 * in-process checks (version, changelog) and configured commands, its
 * pass record for the front door, commit-msg's lint, pre-push's tests
 * with the tree cache in trial_runs and the junit and coverage gates,
 * then the chained NAME.local.  What it says goes through the caller's
 * callbacks; it never prints.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/bump.h"
#include "dande/changelog.h"
#include "dande/config.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/hookcache.h"
#include "dande/hooks.h"
#include "dande/proc.h"
#include "dande/trial.h"
#include "util/banned.h"

/* ---- run ---------------------------------------------------------------- */

/* What a run says, a line at a time, through the caller's callback. */
static void say(struct dande_hookrun *run, int problem, const char *fmt, ...)
	DANDE_PRINTF(3, 4);
static void say(struct dande_hookrun *run, int problem, const char *fmt, ...)
{
	struct dande_buf b = DANDE_BUF_INIT;
	va_list ap;

	if (!problem && run->quiet)
		return;
	va_start(ap, fmt);
	dande_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (run->say)
		run->say(run->payload, problem, b.ptr);
	dande_buf_release(&b);
}

/* The outcome of one check: its output only when it failed. */
static void outcome(struct dande_hookrun *run, const char *name, int ok,
		    const struct dande_buf *output, const char *shown,
		    double seconds)
{
	if (!ok) {
		if (output->len && run->output)
			run->output(run->payload, output->ptr, output->len);
		say(run, 1, "%s: %s failed; reproduce with: %s", run->hook,
		    name, shown);
		run->failed = 1;
	} else if (run->verbose) {
		say(run, 0, "%s: %s ok (%.0f ms)", run->hook, name,
		    seconds * 1000);
	}
}

static int skip_check(struct dande_hookrun *run, const char *name)
{
	if (!dande_word_in_list(run->skip, name))
		return 0;
	say(run, 0, "%s: %s skipped (SKIP)", run->hook, name);
	return 1;
}

static void check(struct dande_hookrun *run, const char *name,
		  const struct dande_strvec *argv, const char *shown)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	size_t i;

	if (skip_check(run, name))
		return;
	run->external = 1;
	for (i = 0; i < argv->nr; i++)
		dande_strvec_push(&cmd.args, argv->v[i]);
	cmd.cwd = run->root;
	cmd.stdin_null = 1;
	cmd.capture_out = cmd.capture_err = 1;
	if (dande_proc_run(&cmd, &res) < 0) {
		say(run, 1, "%s: %s: %s", run->hook, name,
		    dande_error_last()->message);
		dande_error_clear();
		run->failed = 1;
	} else {
		dande_buf_add(&res.out, res.err.ptr ? res.err.ptr : "",
			      res.err.len);
		outcome(run, name, res.status == DANDE_PROC_EXITED &&
			res.exit_code == 0, &res.out, shown, res.duration_s);
	}
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* changelog, in process: CHANGELOG.md follows Keep a Changelog. */
static void check_changelog(struct dande_hookrun *run)
{
	struct dande_buf path = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_changelog *cl = NULL;
	double t0 = now_s();
	int ok;

	if (skip_check(run, "changelog"))
		return;
	dande_fs_join(&path, run->root, "CHANGELOG.md");
	dande_strvec_push(&run->inputs, path.ptr);
	if (dande_buf_read_file(&text, path.ptr) < 0 ||
	    dande_changelog_parse(&cl, text.ptr, text.len, "CHANGELOG.md") < 0) {
		dande_buf_addf(&out, "%s\n", dande_error_last()->message);
		dande_error_clear();
		ok = 0;
	} else {
		ok = dande_changelog_lint(cl, &out) == 0;
	}
	outcome(run, "changelog", ok, &out, "dande changelog lint",
		now_s() - t0);
	dande_changelog_free(cl);
	dande_buf_release(&path);
	dande_buf_release(&text);
	dande_buf_release(&out);
}

/* version, in process: every declared file, the changelog and the last
 * tag agree with VERSION (dande bump check). */
static void check_version(struct dande_hookrun *run)
{
	struct dande_strvec files = DANDE_STRVEC_INIT;
	struct dande_strvec args = DANDE_STRVEC_INIT;
	struct dande_bump_opts o;
	struct dande_buf out = DANDE_BUF_INIT;
	double t0 = now_s();
	size_t n = 0;
	int ok;

	if (skip_check(run, "version"))
		return;
	if (dande_bump_opts_load(&o, run->config, run->root,
				 run->repo, &files, &args) < 0 ||
	    dande_bump_check(&o, 1, &out, &n) < 0) {
		dande_buf_reset(&out);
		dande_buf_addf(&out, "%s\n", dande_error_last()->message);
		dande_error_clear();
		ok = 0;
	} else {
		ok = n == 0;
	}
	outcome(run, "version", ok, &out, "dande bump check", now_s() - t0);
	{
		struct dande_buf p = DANDE_BUF_INIT;
		size_t i;

		for (i = 0; i < files.nr + args.nr + 2; i++) {
			const char *f = i == 0 ? "VERSION" :
				i == 1 ? "CHANGELOG.md" :
				i < files.nr + 2 ? files.v[i - 2] :
				args.v[i - 2 - files.nr];

			dande_buf_reset(&p);
			dande_fs_join(&p, run->root, f);
			/* "FILE\tdefine\tNAME": the file is the first field */
			dande_buf_setlen(&p, strcspn(p.ptr, "\t"));
			dande_strvec_push(&run->inputs, p.ptr);
		}
		dande_buf_release(&p);
	}
	dande_strvec_release(&files);
	dande_strvec_release(&args);
	dande_buf_release(&out);
}

/* commit-msg, in process: the message follows Conventional Commits. */
static void check_message(struct dande_hookrun *run, const char *file)
{
	struct dande_buf msg = DANDE_BUF_INIT, out = DANDE_BUF_INIT;
	struct dande_buf shown = DANDE_BUF_INIT;
	double t0 = now_s();
	const char *s = NULL;
	enum dande_msg_style style;
	int ok = 1;

	if (skip_check(run, "commit-msg"))
		return;
	dande_buf_addf(&shown, "dande changelog lint-msg %s", file);
	if (dande_config_get_string(run->config, "hooks.commitMsg", &s) < 0)
		dande_error_clear();
	if (dande_msg_style_parse(s, &style) < 0) {
		dande_buf_addf(&out, "%s\n", dande_error_last()->message);
		ok = 0;
	} else if (style == DANDE_MSG_OFF) {
		/* nothing to check; nor for the front door to pass */
		run->external = 1;
		goto done;
	} else if (style != DANDE_MSG_CONVENTIONAL) {
		/* the front door lints the conventional way only */
		run->external = 1;
	}
	if (!ok) {
		;
	} else if (dande_buf_read_file(&msg, file) < 0) {
		dande_buf_addf(&out, "%s\n", dande_error_last()->message);
		ok = 0;
	} else if (dande_commit_msg_lint_as(msg.ptr, style) < 0) {
		/* the message names the line as "line N: ..." */
		const char *m = dande_error_last()->message;

		dande_buf_addf(&out, "%s:%s\n", file,
			       !strncmp(m, "line ", 5) ? m + 5 : m);
		ok = 0;
	}
	dande_error_clear();
	outcome(run, "commit-msg", ok, &out, shown.ptr, now_s() - t0);
done:
	dande_buf_release(&msg);
	dande_buf_release(&out);
	dande_buf_release(&shown);
}

/* A check running dande-TOOL with `args` (NULL-terminated). */
static void check_tool(struct dande_hookrun *run, const char *name,
		       const char *tool, const char *const *args)
{
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	struct dande_buf path = DANDE_BUF_INIT, shown = DANDE_BUF_INIT;
	size_t i;

	if (run->tools_dir)
		dande_buf_addf(&path, "%s/", run->tools_dir);
	dande_buf_addf(&path, "dande-%s", tool);
	dande_strvec_push(&argv, path.ptr);
	dande_buf_addf(&shown, "dande %s", tool);
	for (i = 0; args[i]; i++) {
		dande_strvec_push(&argv, args[i]);
		dande_buf_addf(&shown, " %s", args[i]);
	}
	check(run, name, &argv, shown.ptr);
	dande_strvec_release(&argv);
	dande_buf_release(&path);
	dande_buf_release(&shown);
}

static int exists_at_root(struct dande_hookrun *run, const char *file)
{
	struct dande_buf p = DANDE_BUF_INIT;
	int e;

	dande_fs_join(&p, run->root, file);
	e = dande_fs_exists(p.ptr);
	dande_buf_release(&p);
	return e;
}

/* [hooks "NAME"] run = CMD (hook = pre-commit, the default, or pre-push):
 * a configured command with its own name, for SKIP=. */
static void named_commands(struct dande_hookrun *run, const char *stage)
{
	struct dande_strvec subs = DANDE_STRVEC_INIT;
	struct dande_buf key = DANDE_BUF_INIT;
	size_t i;

	dande_config_subsections(run->config, "hooks", &subs);
	for (i = 0; i < subs.nr; i++) {
		struct dande_strvec argv = DANDE_STRVEC_INIT;
		const char *cmd = NULL, *when = NULL;

		dande_buf_reset(&key);
		dande_buf_addf(&key, "hooks.%s.hook", subs.v[i]);
		if (dande_config_get_string(run->config, key.ptr, &when) < 0
		    || !when)
			when = "pre-commit";
		dande_buf_reset(&key);
		dande_buf_addf(&key, "hooks.%s.run", subs.v[i]);
		dande_config_get_string_or(run->config, key.ptr, NULL, &cmd);
		if (strcmp(when, stage) || !cmd)
			continue;
		dande_split_words(&argv, cmd);
		if (argv.nr)
			check(run, subs.v[i], &argv, cmd);
		dande_strvec_release(&argv);
	}
	dande_error_clear();
	dande_strvec_release(&subs);
	dande_buf_release(&key);
}

static int pre_commit(struct dande_hookrun *run)
{
	struct dande_strvec cmds = DANDE_STRVEC_INIT;
	const char *mode = NULL;
	int v = 0, r;
	size_t i;

	if (exists_at_root(run, "VERSION"))
		check_version(run);
	dande_config_get_string_or(run->config, "hooks.changelog", "always",
				   &mode);
	if (strcmp(mode, "always") && strcmp(mode, "staged") &&
	    strcmp(mode, "never"))
		return dande_error_set(DANDE_EUSAGE, "hooks.changelog is "
				       "always, staged or never, not '%s'",
				       mode);
	/* what is staged changes with every commit: no pass record */
	if (!strcmp(mode, "staged"))
		run->external = 1;
	if (exists_at_root(run, "CHANGELOG.md") && (!strcmp(mode, "always") ||
	    (!strcmp(mode, "staged") &&
	     dande_repo_staged(run->repo, "CHANGELOG.md"))))
		check_changelog(run);
	if ((r = dande_config_get_bool_or(run->config, "todos.requireRef", 0,
					  &v)) < 0)
		return r;
	if (v) {
		static const char *const a[] = { "staged", "--require-ref",
						 "-q", NULL };

		check_tool(run, "todos", "todos", a);
	}
	if (dande_config_get_list(run->config, "hooks.preCommit", &cmds) < 0)
		dande_error_clear();
	for (i = 0; i < cmds.nr; i++) {
		struct dande_strvec argv = DANDE_STRVEC_INIT;
		const char *name;

		dande_split_words(&argv, cmds.v[i]);
		if (argv.nr) {
			name = strrchr(argv.v[0], '/');
			check(run, name ? name + 1 : argv.v[0], &argv,
			      cmds.v[i]);
		}
		dande_strvec_release(&argv);
	}
	dande_strvec_release(&cmds);
	named_commands(run, "pre-commit");
	return 0;
}

static const char sql_cached[] =
	"SELECT id FROM trial_runs WHERE feature = ?1 AND outcome = 'passed' "
	"ORDER BY id DESC LIMIT 1";

/* The trees being pushed, from git's stdin lines "LREF LSHA RREF RSHA",
 * comma-separated into `trees`; whether every commit pushed is HEAD. */
static int pushed_trees(struct dande_hookrun *run, const char *in,
			struct dande_buf *trees, const char *head, int *is_head)
{
	char sha[64], tree[DANDE_OID_BUFSZ];
	int r;

	*is_head = 1;
	while (*in) {
		const char *nl = strchr(in, '\n');
		size_t len = nl ? (size_t)(nl - in) : strlen(in);
		char line[1024];

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, in, len);
		line[len] = '\0';
		in += len + (nl ? 1 : 0);
		if (sscanf(line, "%*s %63s", sha) != 1 ||
		    strspn(sha, "0") == strlen(sha))
			continue;	/* a malformed line, or a deletion */
		if ((r = dande_repo_tree_of(run->repo, sha, tree)) < 0)
			return r;
		if (!strstr(trees->ptr ? trees->ptr : "", tree))
			dande_buf_addf(trees, "%s%s", trees->len ? "," : "",
				       tree);
		if (strcmp(sha, head))
			*is_head = 0;
	}
	return 0;
}

static void gate(struct dande_hookrun *run, const char *name, const char *key,
		 const char *sub)
{
	struct dande_strvec reports = DANDE_STRVEC_INIT;
	const char **a;
	size_t i;

	if (dande_config_get_list(run->config, key, &reports) < 0 ||
	    !reports.nr) {
		dande_error_clear();
		say(run, 0, "%s: %s: no reports configured (%s), passed",
		    run->hook, name, key);
		dande_strvec_release(&reports);
		return;
	}
	a = dande_xcalloc(reports.nr + 2, sizeof(*a));
	a[0] = sub;
	for (i = 0; i < reports.nr; i++)
		a[i + 1] = reports.v[i];
	check_tool(run, name, !strcmp(name, "coverage") ? "cov" : "junit", a);
	free(a);
	dande_strvec_release(&reports);
}

static int pre_push(struct dande_hookrun *run, const char *in)
{
	struct dande_buf trees = DANDE_BUF_INIT, feature = DANDE_BUF_INIT;
	struct dande_strvec dirty = DANDE_STRVEC_INIT;
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	struct dande_repo_head head;
	struct dande_db *db = NULL;
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	const char *command = NULL;
	int64_t cached = 0;
	int r, exact, ran = 0;
	size_t i;

	memset(&head, 0, sizeof(head));
	if ((r = dande_repo_head(run->repo, &head)) < 0 ||
	    (r = pushed_trees(run, in, &trees, head.commit, &exact)) < 0 ||
	    (r = dande_repo_dirty(run->repo, &dirty)) < 0)
		goto done;
	if (!trees.len) {
		r = 0;		/* only deletions */
		goto done;
	}
	/* the tests run on the working tree: only a clean HEAD is the tree */
	exact = exact && dirty.nr == 0;
	dande_buf_addf(&feature, "pre-push tree %s", trees.ptr);
	if ((r = dande_db_open(&db, run->db_path, 0, run->busy_ms)) < 0)
		goto done;
	if (exact && !dande_word_in_list(run->skip, "tests")) {
		struct dande_db_value v = dande_db_text(feature.ptr);

		if ((r = dande_db_select(db, sql_cached, &v, 1, dande_db_first_int,
					 &cached)) < 0)
			goto done;
		if (cached) {
			say(run, 1, "pre-push: tests passed already for tree "
			    "%.12s (trial #%lld), skipped", trees.ptr,
			    (long long)cached);
			r = 0;
			goto done;
		}
	}
	if (!exact)
		say(run, 0, "pre-push: the tests run on the working tree, which "
		    "is not exactly what is pushed");
	dande_config_get_string_or(run->config, "hooks.prePush", "make test-all",
				   &command);
	if (dande_word_in_list(run->skip, "tests")) {
		say(run, 1, "pre-push: tests skipped (SKIP)");
	} else {
		dande_split_words(&argv, command);
		for (i = 0; i < argv.nr; i++)
			dande_strvec_push(&cmd.args, argv.v[i]);
		cmd.cwd = run->root;
		cmd.stdin_null = 1;
		if (!argv.nr || dande_proc_run(&cmd, &res) < 0) {
			say(run, 1, "pre-push: tests: %s", argv.nr ?
			    dande_error_last()->message :
			    "hooks.prePush is empty");
			dande_error_clear();
			run->failed = 1;
		} else if (res.status != DANDE_PROC_EXITED || res.exit_code) {
			say(run, 1, "pre-push: tests failed; reproduce with: "
			    "%s", command);
			run->failed = 1;
		}
		ran = 1;
	}
	if (!run->failed)
		named_commands(run, "pre-push");
	if (!run->failed)
		gate(run, "junit", "hooks.junitReports", "ingest");
	if (!run->failed)
		gate(run, "coverage", "hooks.coverageReports", "gate");
	if (ran) {
		struct dande_trial t;

		memset(&t, 0, sizeof(t));
		t.feature = exact ? feature.ptr : "pre-push (working tree)";
		t.command = command;
		t.outcome = run->failed ? "failed" : "passed";
		t.exit_code = res.exit_code;
		t.duration_s = res.duration_s;
		t.commit = head.commit[0] ? head.commit : NULL;
		t.branch = head.branch;
		if ((r = dande_trial_record(db, &t)) < 0)
			goto done;
	}
	r = 0;
done:
	dande_repo_head_release(&head);
	dande_db_close(db);
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_strvec_release(&argv);
	dande_strvec_release(&dirty);
	dande_buf_release(&trees);
	dande_buf_release(&feature);
	return r;
}

/*
 * After a pre-commit that passed with in-process checks only: record what
 * they read (hookcache.h), so that the front door passes the next one at
 * once if none of it changed.  Not for a linked worktree (its
 * configuration is shared) or when a pre-commit.local is chained.
 */
static void record_pass(struct dande_hookrun *run, time_t since)
{
	const char *gitdir = dande_repo_gitdir(run->repo);
	struct dande_buf p = DANDE_BUF_INIT, key = DANDE_BUF_INIT;
	struct dande_buf rec = DANDE_BUF_INIT, hooks = DANDE_BUF_INIT;
	static const char *const pre_commit_files[] = { "config", "HEAD",
		"ORIG_HEAD", "packed-refs", "refs/tags", NULL };
	/* the message check reads the configuration only */
	static const char *const commit_msg_files[] = { "config", NULL };
	int msg = !strcmp(run->hook, "commit-msg");
	const char *const *git_files = msg ? commit_msg_files :
		pre_commit_files;
	const char *file = msg ? DANDE_HOOKCACHE_COMMIT_MSG :
		DANDE_HOOKCACHE_FILE;
	size_t i, k, n;
	int on = 1;

	dande_fs_join(&p, gitdir, file);
	/* whatever happens next, an old record must not outlive this run */
	unlink(p.ptr);
	dande_buf_reset(&p);
	dande_fs_join(&p, gitdir, "commondir");
	if (dande_config_get_bool_or(run->config, "hooks.passCache", 1, &on) < 0)
		dande_error_clear();	/* said by the checks already run */
	if (!on || run->external || run->failed || dande_fs_exists(p.ptr) ||
	    dande_repo_hooks_dir(run->repo, &hooks) < 0)
		goto done;
	dande_buf_addf(&hooks, "/%s.local", run->hook);
	if (dande_fs_exists(hooks.ptr))
		goto done;
	dande_strvec_push(&run->inputs, hooks.ptr);
	for (i = 0; git_files[i]; i++) {
		dande_buf_reset(&p);
		dande_fs_join(&p, gitdir, git_files[i]);
		dande_strvec_push(&run->inputs, p.ptr);
	}
	dande_buf_reset(&p);
	dande_fs_join(&p, run->root, DANDE_CONFIG_FILE);
	dande_strvec_push(&run->inputs, p.ptr);
	/* a new dande may check differently */
	if (run->self)
		dande_strvec_push(&run->inputs, run->self);
	/* each file once */
	for (i = n = 0; i < run->inputs.nr; i++) {
		for (k = 0; k < n && strcmp(run->inputs.v[k],
					    run->inputs.v[i]); k++)
			;
		if (k < n) {
			free(run->inputs.v[i]);
			continue;
		}
		run->inputs.v[n++] = run->inputs.v[i];
	}
	run->inputs.nr = n;
	run->inputs.v[n] = NULL;
	dande_hookcache_key(&key, run->hook, run->envp);
	if (dande_hookcache_encode(&rec, key.ptr,
				   (const char *const *)run->inputs.v,
				   run->inputs.nr, since) == 0) {
		dande_buf_reset(&p);
		dande_fs_join(&p, gitdir, file);
		if (dande_fs_write_atomic(p.ptr, rec.ptr, rec.len) < 0)
			dande_error_clear();
	}
done:
	dande_buf_release(&p);
	dande_buf_release(&key);
	dande_buf_release(&rec);
	dande_buf_release(&hooks);
}

/* The hook that was there before dande's, run with the same arguments:
 * its exit code (0 when there is none). */
static int chain(struct dande_hookrun *run, const struct dande_strvec *args,
		 const struct dande_buf *in, int *code)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	struct dande_cmd cmd = DANDE_CMD_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	size_t i;
	int r = 0;

	*code = 0;
	if ((r = dande_repo_hooks_dir(run->repo, &dir)) < 0)
		return r;
	dande_buf_addf(&dir, "/%s.local", run->hook);
	if (access(dir.ptr, X_OK) == 0) {
		dande_strvec_push(&cmd.args, dir.ptr);
		for (i = 0; i < args->nr; i++)
			dande_strvec_push(&cmd.args, args->v[i]);
		if (in->len) {
			cmd.stdin_data = in->ptr;
			cmd.stdin_len = in->len;
		}
		if ((r = dande_proc_run(&cmd, &res)) < 0)
			;
		else if (res.status != DANDE_PROC_EXITED || res.exit_code)
			*code = res.status == DANDE_PROC_EXITED ? res.exit_code :
				1;
	}
	dande_cmd_release(&cmd);
	dande_proc_result_release(&res);
	dande_buf_release(&dir);
	return r;
}

int dande_hookrun_run(struct dande_hookrun *run, const char *const *args,
		      size_t nargs, const struct dande_buf *in, int *code)
{
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	const char *env;
	size_t i;
	int r = 0, in_ci = 0;
	time_t since = run->now ? run->now : time(NULL);

	*code = 0;
	run->failed = run->external = 0;
	for (i = 0; dande_hook_names[i]; i++)
		if (!strcmp(dande_hook_names[i], run->hook))
			break;
	if (!dande_hook_names[i])
		return dande_error_set(DANDE_EUSAGE, "no hook named '%s' "
				       "(pre-commit, commit-msg, pre-push)",
				       run->hook);
	if (!run->repo)
		return dande_error_set(DANDE_EEXTERNAL, "not in a git "
				       "repository");
	if ((env = dande_getenv(run->envp, "DANDE_HOOKS")) && !strcmp(env, "0"))
		return 0;
	if ((env = dande_getenv(run->envp, "CI")) && *env) {
		if ((r = dande_config_get_bool_or(run->config, "hooks.runInCI",
						  0, &in_ci)) < 0)
			return r;
		if (!in_ci)
			return 0;
	}
	run->skip = dande_getenv(run->envp, "SKIP");
	/* nothing runs unannounced: a new command set (a pull brought a
	 * changed .dande.conf) is shown once */
	{
		struct dande_buf cmds = DANDE_BUF_INIT;

		if (dande_hooks_trust(run->config, dande_repo_gitdir(run->repo),
				      "  ", &cmds) == 1) {
			say(run, 1, "the commands this repository's "
			    "configuration runs are new or changed:");
			if (run->output)
				run->output(run->payload, cmds.ptr, cmds.len);
		}
		dande_buf_release(&cmds);
	}
	for (i = 0; i < nargs; i++)
		dande_strvec_push(&argv, args[i]);
	if (!strcmp(run->hook, "pre-commit")) {
		r = pre_commit(run);
		if (r == 0)
			record_pass(run, since);
	} else if (!strcmp(run->hook, "pre-push")) {
		r = pre_push(run, in && in->ptr ? in->ptr : "");
	} else if (argv.nr < 1) {
		r = dande_error_set(DANDE_EUSAGE, "commit-msg needs the message "
				    "file");
	} else {
		check_message(run, argv.v[0]);
		/* a passed lint that is all the hook does: the front door
		 * runs it itself next time */
		if (!run->failed && !run->external)
			record_pass(run, since);
	}
	if (r == 0 && run->failed)
		*code = 1;
	else if (r == 0)
		r = chain(run, &argv, in, code);
	dande_strvec_release(&argv);
	return r;
}

void dande_hookrun_release(struct dande_hookrun *run)
{
	dande_strvec_release(&run->inputs);
}

/* ---- what the configuration runs ---------------------------------------- */

/* one line, the configuration's text escaped (it is somebody else's) */
static void add_command(struct dande_buf *out, const char *when,
			const char *name, const char *cmd)
{
	dande_buf_add_printable(out, when, strlen(when), 0);
	dande_buf_adds(out, ": ");
	if (name) {
		dande_buf_add_printable(out, name, strlen(name), 0);
		dande_buf_adds(out, ": ");
	}
	dande_buf_add_printable(out, cmd, strlen(cmd), 0);
	dande_buf_addch(out, '\n');
}

/* What the configuration runs, a line each (see dande_hooks_trust). */
static void hook_commands(const struct dande_config *cfg,
			  struct dande_buf *out)
{
	struct dande_strvec list = DANDE_STRVEC_INIT, subs = DANDE_STRVEC_INIT;
	struct dande_buf key = DANDE_BUF_INIT;
	const char *v = NULL, *when = NULL;
	size_t i;

	if (dande_config_get_list(cfg, "hooks.preCommit", &list) == 0)
		for (i = 0; i < list.nr; i++)
			add_command(out, "pre-commit", NULL, list.v[i]);
	dande_error_clear();
	dande_config_subsections(cfg, "hooks", &subs);
	for (i = 0; i < subs.nr; i++) {
		dande_buf_reset(&key);
		dande_buf_addf(&key, "hooks.%s.run", subs.v[i]);
		dande_config_get_string_or(cfg, key.ptr, NULL, &v);
		dande_buf_reset(&key);
		dande_buf_addf(&key, "hooks.%s.hook", subs.v[i]);
		dande_config_get_string_or(cfg, key.ptr, "pre-commit", &when);
		if (v)
			add_command(out, when, subs.v[i], v);
	}
	dande_error_clear();
	dande_config_get_string_or(cfg, "hooks.prePush", "make test-all", &v);
	add_command(out, "pre-push", NULL, v);
	v = NULL;
	dande_config_get_string_or(cfg, "bump.test", NULL, &v);
	if (v)
		add_command(out, "bump", NULL, v);
	dande_strvec_release(&list);
	dande_strvec_release(&subs);
	dande_buf_release(&key);
}

int dande_hooks_trust(const struct dande_config *cfg, const char *gitdir,
		      const char *indent, struct dande_buf *out)
{
	struct dande_buf cmds = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf old = DANDE_BUF_INIT;
	char hash[32];
	uint64_t h;
	size_t i;
	int changed;

	hook_commands(cfg, &cmds);
	h = dande_fnv1a(DANDE_FNV1A_INIT, cmds.ptr, cmds.len);
	for (i = 0; i < cmds.len; i++) {
		if (i == 0 || cmds.ptr[i - 1] == '\n')
			dande_buf_adds(out, indent);
		dande_buf_addch(out, cmds.ptr[i]);
	}
	snprintf(hash, sizeof(hash), "%016llx\n", (unsigned long long)h);
	dande_fs_join(&path, gitdir, "dande-commands");
	dande_buf_init(&old, 4096);
	if (dande_buf_read_file(&old, path.ptr) < 0)
		dande_error_clear();
	changed = strcmp(old.ptr, hash) != 0;
	if (changed && dande_fs_write_atomic(path.ptr, hash, strlen(hash)) < 0)
		dande_error_clear();	/* said again next time */
	dande_buf_release(&cmds);
	dande_buf_release(&path);
	dande_buf_release(&old);
	return changed;
}

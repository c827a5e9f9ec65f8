/*
 * The built tools, run as a user runs them.
 *
 * Golden cases: each directory under tests/data/cli/ is one case, and
 * adding a case means adding a directory.  Files in a case:
 *   args           the command line, one argument per line (the first is
 *                  the program: dande, dande-db...)
 *   expected.code  the exit code
 *   expected.out   stdout, exactly (optional: not compared when absent)
 *   expected.err   stderr, exactly (optional)
 *   setup          commands run first, one per line, words split on
 *                  spaces (optional): dande's tools from the build,
 *                  others (git) from PATH
 *   dande.conf     copied to .dande.conf in the case's directory
 *   files/         copied into the case's directory
 *   repo           when present, the directory is made a git repository
 *   stdout         a path to send stdout to instead (/dev/full)
 *   absent         paths that must not exist afterwards, one per line
 * Each case runs in a fresh temp dir; @TMP@ in args and expected files
 * stands for it, @DATA@ for tests/data, @VERSION@ for the version being
 * built.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "dande/dande.h"
#include "dande/db.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "lib/test.h"
#include "integration/suites.h"

/* Replace every @TMP@ and @VERSION@ in `s`. */
static char *expand(const char *s, const char *tmp)
{
	struct dande_buf b = DANDE_BUF_INIT;

	while (*s) {
		if (!strncmp(s, "@TMP@", 5)) {
			dande_buf_adds(&b, tmp);
			s += 5;
		} else if (!strncmp(s, "@DATA@", 6)) {
			dande_buf_adds(&b, dande_test_data());
			s += 6;
		} else if (!strncmp(s, "@VERSION@", 9)) {
			dande_buf_adds(&b, dande_version());
			s += 9;
		} else {
			dande_buf_addch(&b, *s++);
		}
	}
	return dande_buf_detach(&b, NULL);
}

static char *case_file(const char *casedir, const char *name)
{
	struct dande_buf p = DANDE_BUF_INIT;
	char *s;

	dande_buf_addf(&p, "%s/%s", casedir, name);
	s = dande_test_read(p.ptr);
	dande_buf_release(&p);
	return s;
}

/* Split `text` into words on `seps`, expanded, into `out`. */
static void split(struct dande_strvec *out, const char *text,
		  const char *seps, const char *tmp)
{
	char *copy = expand(text, tmp), *p = copy;

	while (*p) {
		size_t n = strcspn(p, seps);

		if (n) {
			char *w = dande_xstrndup(p, n);

			dande_strvec_push(out, w);
			free(w);
		}
		p += n;
		if (*p)
			p++;
	}
	free(copy);
}

/* The PostgreSQL database the golden cases run against (NULL: SQLite,
 * each case's data/DandE.db). */
static const char *golden_pg;

static int run(const char *tmp, struct dande_strvec *argv,
	       const char *stdout_path, struct dande_proc_result *res)
{
	struct dande_cmd cmd = DANDE_CMD_INIT;
	int r;

	DANDE_ASSERT(argv->nr > 0);
	/* dande's tools from the build; anything else (git in a setup)
	 * from PATH */
	if (!strncmp(argv->v[0], "dande", 5))
		dande_strvec_pushf(&cmd.args, "%s/%s", dande_test_bin(),
				   argv->v[0]);
	else
		dande_strvec_push(&cmd.args, argv->v[0]);
	dande_strvec_pushv(&cmd.args, (const char *const *)argv->v + 1);
	if (golden_pg)
		dande_strvec_pushf(&cmd.env, "DANDE_DB=%s", golden_pg);
	else
		dande_strvec_push(&cmd.env, "DANDE_DB");
	dande_strvec_push(&cmd.env, "CI");
	cmd.cwd = tmp;
	cmd.stdin_null = 1;
	cmd.capture_out = !stdout_path;
	cmd.capture_err = 1;
	cmd.stdout_path = stdout_path;
	cmd.timeout_ms = 60000;
	dande_buf_reset(&res->out);
	dande_buf_reset(&res->err);
	r = dande_proc_run(&cmd, res);
	dande_cmd_release(&cmd);
	if (golden_pg) {
		/* what the case expects the database to be called */
		struct dande_buf file = DANDE_BUF_INIT;

		dande_buf_addf(&file, "%s/data/DandE.db", tmp);
		dande_test_replace(&res->out, golden_pg, file.ptr);
		dande_test_replace(&res->err, golden_pg, file.ptr);
		dande_buf_release(&file);
	}
	return r < 0 || res->status != DANDE_PROC_EXITED ? -1 : res->exit_code;
}

/* DANDE_TEST_REGEN=1 rewrites an expected file that differs, when it
 * holds no @TMP@-style placeholder: review the diff before committing. */
static void compare(const char *casename, const char *what,
		    const char *expected, const char *got, const char *file,
		    const char *raw)
{
	const char *regen = getenv("DANDE_TEST_REGEN");
	char msg[4096];

	if (!strcmp(expected, got)) {
		CU_PASS("output matches");
		return;
	}
	if (regen && !strcmp(regen, "1") && !strchr(raw, '@') &&
	    !strchr(got, '@')) {
		FILE *f = fopen(file, "w");

		if (f) {
			fputs(got, f);
			fclose(f);
			fprintf(stderr, "\n  regenerated %s\n", file);
			return;
		}
	}
	snprintf(msg, sizeof(msg), "%s: %s differs\n--- expected\n%s--- got\n"
		 "%s---", casename, what, expected, got);
	DANDE_FAIL(msg);
}

static void run_case(const char *casedir, const char *casename)
{
	char *tmp = dande_test_tmpdir();
	char *args = case_file(casedir, "args");
	char *code = case_file(casedir, "expected.code");
	char *out = case_file(casedir, "expected.out");
	char *err = case_file(casedir, "expected.err");
	char *setup = case_file(casedir, "setup");
	char *conf = case_file(casedir, "dande.conf");
	char *redirect = case_file(casedir, "stdout");
	char *isrepo = case_file(casedir, "repo");
	char *absent = case_file(casedir, "absent");
	struct dande_strvec argv = DANDE_STRVEC_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	char msg[1024];
	int rc;

	if (!args || !code) {
		snprintf(msg, sizeof(msg), "%s: needs args and expected.code",
			 casename);
		DANDE_FAIL(msg);
		goto done;
	}
	if (isrepo) {
		DANDE_ASSERT_OK(dande_repo_init(&repo, tmp));
		dande_repo_free(repo);
	}
	if (conf)
		dande_test_write(tmp, ".dande.conf", conf);
	{
		struct dande_buf src = DANDE_BUF_INIT;
		struct dirent **ents = NULL;
		int k, ne;

		dande_buf_addf(&src, "%s/files", casedir);
		ne = dande_fs_is_dir(src.ptr) ? scandir(src.ptr, &ents, NULL,
							alphasort) : 0;
		for (k = 0; k < ne; k++) {
			struct dande_buf f = DANDE_BUF_INIT;
			char *t = NULL;

			if (strcmp(ents[k]->d_name, ".") &&
			    strcmp(ents[k]->d_name, "..")) {
				dande_buf_addf(&f, "%s/%s", src.ptr,
					       ents[k]->d_name);
				t = dande_test_read(f.ptr);
				if (t)
					dande_test_write(tmp, ents[k]->d_name, t);
			}
			free(t);
			dande_buf_release(&f);
			free(ents[k]);
		}
		free(ents);
		dande_buf_release(&src);
	}
	if (setup) {
		char *line = setup, *nl;

		for (; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line) - 1;
			else
				*nl = '\0';
			dande_strvec_clear(&argv);
			split(&argv, line, " ", tmp);
			if (argv.nr && run(tmp, &argv, NULL, &res) != 0) {
				snprintf(msg, sizeof(msg), "%s: setup '%s' "
					 "failed: %s", casename, line,
					 res.err.ptr);
				DANDE_FAIL(msg);
			}
			if (!nl[1])
				break;
		}
	}
	dande_strvec_clear(&argv);
	split(&argv, args, "\n", tmp);
	if (redirect)
		redirect[strcspn(redirect, "\n")] = '\0';
	rc = run(tmp, &argv, redirect, &res);
	if (rc != (int)strtol(code, NULL, 10)) {
		snprintf(msg, sizeof(msg), "%s: exit %d, expected %ld; stderr: "
			 "%.300s", casename, rc, strtol(code, NULL, 10),
			 res.err.ptr);
		DANDE_FAIL(msg);
	}
	if (out) {
		char *want = expand(out, tmp);

		dande_buf_reset(&path);
		dande_buf_addf(&path, "%s/expected.out", casedir);
		compare(casename, "stdout", want, res.out.ptr, path.ptr, out);
		free(want);
	}
	if (err) {
		char *want = expand(err, tmp);

		dande_buf_reset(&path);
		dande_buf_addf(&path, "%s/expected.err", casedir);
		compare(casename, "stderr", want, res.err.ptr, path.ptr, err);
		free(want);
	}
	if (absent) {
		size_t i;

		dande_strvec_clear(&argv);
		split(&argv, absent, "\n", tmp);
		for (i = 0; i < argv.nr; i++) {
			if (!dande_fs_exists(argv.v[i]))
				continue;
			snprintf(msg, sizeof(msg), "%s: '%s' should not exist",
				 casename, argv.v[i]);
			DANDE_FAIL(msg);
		}
	}
done:
	dande_proc_result_release(&res);
	dande_strvec_release(&argv);
	dande_buf_release(&path);
	free(absent);
	free(args);
	free(code);
	free(out);
	free(err);
	free(setup);
	free(conf);
	free(redirect);
	free(isrepo);
	dande_test_rmtree(tmp);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/*
 * The golden cases that read the database differently on PostgreSQL, and
 * why; every other case runs on both engines with the same output.
 */
static const char *const sqlite_only[] = {
	"db-status",		/* the size: a server's database, not a file */
	"db-query",		/* asks SQLite's own catalogue, sqlite_master */
	NULL
};

static int only_on_sqlite(const char *name)
{
	size_t i;

	for (i = 0; sqlite_only[i]; i++)
		if (!strcmp(sqlite_only[i], name))
			return 1;
	return 0;
}

/* Every case under tests/data/cli, on SQLite, or (`pg`) with DANDE_DB a
 * fresh PostgreSQL database per case. */
static void golden(int pg)
{
	struct dande_buf root = DANDE_BUF_INIT, casedir = DANDE_BUF_INIT;
	struct dande_buf url = DANDE_BUF_INIT;
	struct dirent **list = NULL;
	int i, n, ran = 0, left = 0;

	dande_buf_addf(&root, "%s/cli", dande_test_data());
	n = scandir(root.ptr, &list, NULL, by_name);
	CU_ASSERT_FATAL(n > 0);
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;

		dande_fs_join(&casedir, root.ptr, name);
		if (name[0] == '.' || !dande_fs_is_dir(casedir.ptr)) {
		} else if (pg && only_on_sqlite(name)) {
			left++;
		} else if (!pg || dande_test_pg(&url) == 0) {
			unsigned mark = dande_test_pg_mark();

			golden_pg = pg ? url.ptr : NULL;
			run_case(casedir.ptr, name);
			if (pg)
				dande_test_pg_drop_since(mark - 1);
			ran++;
		} else {
			break;	/* no server: the test is skipped */
		}
		free(list[i]);
	}
	for (; i < n; i++)
		free(list[i]);
	free(list);
	golden_pg = NULL;
	if (pg && !ran)
		goto done;
	printf("    (%d golden cases%s)\n", ran, pg ? ", on PostgreSQL" :
	       "");
	if (pg)
		printf("    (%d left to SQLite: engine-specific output)\n",
		       left);
	CU_ASSERT(ran >= 10);
done:
	dande_buf_release(&root);
	dande_buf_release(&casedir);
	dande_buf_release(&url);
}

/* On SQLite, each case with its data/DandE.db; on the PostgreSQL pass
 * (DANDE_TEST_ENGINE), each case with a database of its own on the
 * pass's server, the cases whose output is engine-specific left out. */
static void test_tools__golden_cases(void)
{
	golden(getenv("DANDE_TEST_ENGINE") != NULL);
}

/* `dande db init && dande db status --json` in an empty repository, from
 * a subdirectory: the database lands at the root, with every table. */
static void test_tools__db_init_in_empty_repo(void)
{
	const char *init[] = { "db", "init", NULL };
	const char *status[] = { "db", "status", "--json", NULL };
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf sub = DANDE_BUF_INIT, db = DANDE_BUF_INIT;
	const char *tables[] = { "versions", "test_results", "test_blocks",
				 "errors",
				 "test_cases", "test_outputs",
				 "test_messages", "trial_runs",
				 "todos", "test_coverage", "test_pyramid",
				 "test_runs" };
	size_t i;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_buf_addf(&sub, "%s/src/deep", dir);
	dande_fs_mkdir_p(sub.ptr, 0755);
	CU_ASSERT_EQUAL(dande_test_tool(&res, sub.ptr, NULL, "dande", init), 0);
	dande_buf_addf(&db, "%s/data/DandE.db", dir);
	CU_ASSERT(dande_fs_exists(db.ptr));
	CU_ASSERT_EQUAL(dande_test_tool(&res, sub.ptr, NULL, "dande", status),
			0);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char key[64];

		snprintf(key, sizeof(key), "\"%s\": 0", tables[i]);
		DANDE_ASSERT_CONTAINS(res.out.ptr, key);
	}
	{
		char v[32];

		snprintf(v, sizeof(v), "\"schema_version\": %d,",
			 DANDE_DB_SCHEMA_VERSION);
		DANDE_ASSERT_CONTAINS(res.out.ptr, v);
	}
	DANDE_ASSERT_CONTAINS(res.out.ptr, db.ptr);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_buf_release(&sub);
	dande_buf_release(&db);
	dande_test_rmtree(dir);
}

/* Where the database goes: --db > $DANDE_DB > .git/config > .dande.conf
 * > the default; -C moves the starting point. */
static void test_tools__db_path_precedence(void)
{
	const char *init[] = { "-C", NULL, "db", "init", "-q", NULL };
	const char *init_db[] = { "db", "init", "-q", "--db", "flag.db", NULL };
	const char *env_db[] = { "DANDE_DB=env.db", NULL };
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_repo_free(repo);
	init[1] = dir;
	/* -C from elsewhere */
	CU_ASSERT_EQUAL(dande_test_tool(&res, "/", NULL, "dande", init), 0);
	dande_buf_addf(&p, "%s/data/DandE.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	/* .dande.conf */
	dande_test_write(dir, ".dande.conf", "[db]\n\tpath = conf.db\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", init), 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/conf.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	/* .git/config beats .dande.conf */
	dande_test_write(dir, ".git/config", "[core]\n\tbare = false\n"
			 "[dande \"db\"]\n\tpath = clone.db\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", init), 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/clone.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	/* the environment beats the files */
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env_db, "dande", init), 0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/env.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	/* and the flag beats the environment */
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, env_db, "dande", init_db),
			0);
	dande_buf_reset(&p);
	dande_buf_addf(&p, "%s/flag.db", dir);
	CU_ASSERT(dande_fs_exists(p.ptr));
	dande_proc_result_release(&res);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

/* A database from a newer dande: exit 4, one line naming both versions,
 * and the file untouched. */
static void test_tools__newer_schema_is_refused(void)
{
	const char *init[] = { "db", "init", "-q", NULL };
	const char *status[] = { "db", "status", NULL };
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	struct dande_buf before = DANDE_BUF_INIT, after = DANDE_BUF_INIT;
	sqlite3 *h = NULL;

	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", init), 0);
	dande_buf_addf(&p, "%s/data/DandE.db", dir);
	/* what a later dande would leave behind */
	CU_ASSERT_EQUAL(sqlite3_open(p.ptr, &h), SQLITE_OK);
	dande_buf_reset(&want);
	dande_buf_addf(&want, "PRAGMA journal_mode = DELETE; PRAGMA "
		       "user_version = %d", DANDE_DB_SCHEMA_VERSION + 1);
	sqlite3_exec(h, want.ptr, NULL, NULL, NULL);
	dande_buf_reset(&want);
	sqlite3_close(h);
	DANDE_ASSERT_OK(dande_buf_read_file(&before, p.ptr));
	dande_buf_addf(&want, "dande-db: database '%s' has schema version %d, "
		       "newer than this dande's %d: upgrade dande\n", p.ptr,
		       DANDE_DB_SCHEMA_VERSION + 1, DANDE_DB_SCHEMA_VERSION);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", init), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, want.ptr);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", status), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, want.ptr);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "");
	DANDE_ASSERT_OK(dande_buf_read_file(&after, p.ptr));
	CU_ASSERT(before.len == after.len &&
		  !memcmp(before.ptr, after.ptr, before.len));
	dande_proc_result_release(&res);
	dande_buf_release(&p);
	dande_buf_release(&want);
	dande_buf_release(&before);
	dande_buf_release(&after);
	dande_test_rmtree(dir);
}

/*
 * Every tool's option tables, as a user meets them: an unknown option, an
 * option of another subcommand, a missing value, a typed value out of
 * range and a mistyped subcommand are each exit 2 with a message naming
 * the problem; nothing runs.  Up to 6 arguments per line, NULL-ended.
 */
static void test_tools__every_option_table_refuses_bad_usage(void)
{
	static const struct {
		const char *args[7];
		const char *err;
	} cases[] = {
		{ { "db", "status", "--nope", NULL }, "unknown option '--nope'" },
		{ { "db", "status", "-o", "x", NULL }, "option '-o' is not valid "
		  "for 'db status' (it is for 'export')" },
		{ { "db", "query", "--format", NULL }, "option '--format' needs "
		  "a value" },
		{ { "db", "qeury", "x", NULL }, "did you mean 'query'?" },
		{ { "junit", "report", "--window", "5", NULL }, "'--window' is "
		  "not valid for 'junit report' (it is for 'flaky')" },
		{ { "junit", "flaky", "--window", "0", NULL }, "option "
		  "'--window' takes a whole number of at least 1, not '0'" },
		{ { "junit", "ingest", "x.xml", "--layr", "unit", NULL },
		  "did you mean '--layer'?" },
		{ { "junit", "pyramd", NULL }, "did you mean 'pyramid'?" },
		{ { "cov", "history", "--output", "x", NULL }, "'--output' is "
		  "not valid for 'cov history' (it is for 'badge')" },
		{ { "cov", "history", "--tolerance", "7", NULL },
		  "'--tolerance' is not valid for 'cov history'" },
		{ { "cov", "gate", "x.info", "--min", "101", NULL }, "option "
		  "'--min' takes a percentage from 0 to 100, not '101'" },
		{ { "cov", "gate", "x.info", "--run", NULL }, "option '--run' "
		  "needs a value" },
		{ { "cov", "gaet", "x.info", NULL }, "did you mean 'gate'?" },
		{ { "changelog", "lint", "--write", NULL }, "'--write' is not "
		  "valid for 'changelog lint' (it is for 'generate')" },
		{ { "changelog", "add", "x", "-t", NULL }, "option '-t' needs a "
		  "value" },
		{ { "changelog", "relase", "1.0.0", NULL }, "did you mean "
		  "'release'?" },
		{ { "bump", "show", "--dry-run", NULL }, "'--dry-run' is not "
		  "valid for 'bump show' (it is for 'bump')" },
		{ { "bump", "--set", NULL }, "option '--set' needs a value" },
		{ { "bump", "--frce", NULL }, "did you mean '--force'?" },
		{ { "todos", "staged", "--max", "3", NULL }, "'--max' is not "
		  "valid for 'todos staged' (it is for 'scan')" },
		{ { "todos", "report", "--max", "-1", NULL }, "option '--max' "
		  "takes a whole number of at least 0, not '-1'" },
		{ { "todos", "scna", NULL }, "did you mean 'scan'?" },
		{ { "hooks", "status", "--force", NULL }, "'--force' is not "
		  "valid for 'hooks status' (it is for 'install')" },
		{ { "hooks", "instal", NULL }, "did you mean 'install'?" },
		{ { "hooks", "run", NULL }, "run needs NAME [ARGS...]" },
		{ { "init", "--envv", NULL }, "did you mean '--env'?" },
		{ { "init", "extra", NULL }, "init takes no arguments" },
		{ { "init", "--version", NULL }, "option '--version' needs a "
		  "value" },
		{ { "env", "status", "--tail", "5", NULL }, "'--tail' is not "
		  "valid for 'env status' (it is for 'logs')" },
		{ { "env", "up", "dev", "--timeout", "0", NULL }, "option "
		  "'--timeout' takes a whole number from 1 to 86400, not '0'" },
		{ { "env", "logs", "dev", "--tail", NULL }, "option '--tail' "
		  "needs a value" },
		{ { "env", "sweap", NULL }, "did you mean 'sweep'?" },
	};
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char msg[512];
		int rc = dande_test_tool(&res, dir, NULL, "dande",
					 cases[i].args);

		if (rc != 2 || !strstr(res.err.ptr, cases[i].err)) {
			snprintf(msg, sizeof(msg), "dande %s %s %s: exit %d, "
				 "stderr: %.300s", cases[i].args[0],
				 cases[i].args[1], cases[i].args[2] ?
				 cases[i].args[2] : "", rc, res.err.ptr);
			DANDE_FAIL(msg);
		}
		CU_ASSERT_STRING_EQUAL(res.out.ptr, "");
	}
	/* nothing ran: no database */
	{
		struct dande_buf p = DANDE_BUF_INIT;

		dande_buf_addf(&p, "%s/data", dir);
		CU_ASSERT(!dande_fs_exists(p.ptr));
		dande_buf_release(&p);
	}
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* The README's configuration table is what `dande help config
 * --markdown` prints (make readme regenerates it). */
static void test_tools__readme_configuration_is_generated(void)
{
	const char *args[] = { "help", "config", "--markdown", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf path = DANDE_BUF_INIT;
	char *readme, *begin, *end;

	dande_buf_addf(&path, "%s/../../README.md", dande_test_data());
	readme = dande_test_read(path.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	CU_ASSERT_EQUAL(dande_test_tool(&res, NULL, NULL, "dande", args), 0);
	begin = strstr(readme, "<!-- config:begin");
	end = begin ? strstr(begin, "<!-- config:end") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(end);
	begin = strchr(begin, '\n') + 1;
	*end = '\0';
	if (strcmp(begin, res.out.ptr))
		DANDE_FAIL("README.md's configuration table differs from "
			   "'dande help config --markdown': run 'make readme'");
	free(readme);
	dande_buf_release(&path);
	dande_proc_result_release(&res);
}

/* A FIFO, a device or a directory given as input is refused at once
 * (exit 3, naming it), never read: a FIFO used to hang forever and
 * /dev/zero was "an empty file". */
static void test_tools__inputs_must_be_regular_files(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf fifo = DANDE_BUF_INIT, want = DANDE_BUF_INIT;
	size_t i;

	dande_buf_addf(&fifo, "%s/report.xml", dir);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo.ptr, 0600), 0);
	{
		const char *cases[][6] = {
			{ "junit", "ingest", fifo.ptr, NULL },
			{ "cov", "ingest", fifo.ptr, NULL },
			{ "cov", "ingest", "/dev/zero", NULL },
			{ "cov", "patch", "/dev/null", "--diff", fifo.ptr,
			  NULL },
			{ "changelog", "lint", "-f", fifo.ptr, NULL },
			{ "junit", "ingest", "/dev/zero", NULL },
		};
		const char *what[] = { "a FIFO", "a FIFO", "a device",
				       "a device", "a FIFO", "a device" };

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			char msg[512];
			int rc = dande_test_tool(&res, dir, NULL, "dande",
						 cases[i]);

			dande_buf_reset(&want);
			dande_buf_addf(&want, "is not a regular file (%s)",
				       what[i]);
			if (rc != 3 || !strstr(res.err.ptr, want.ptr)) {
				snprintf(msg, sizeof(msg), "%s %s: exit %d: "
					 "%.300s", cases[i][0], cases[i][1],
					 rc, res.err.ptr);
				DANDE_FAIL(msg);
			}
		}
	}
	dande_buf_reset(&want);
	dande_buf_addf(&want, "%s/data", dir);
	CU_ASSERT(!dande_fs_exists(want.ptr));
	dande_buf_release(&fifo);
	dande_buf_release(&want);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* A line far past the cap stops the read at the cap, naming its line
 * (the whole line used to be read first: 2 GB took 32 s and 2.1 GB). */
static void test_tools__an_overlong_line_is_refused_at_the_cap(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	const char *args[] = { "cov", "ingest", "big.lcov", NULL };
	FILE *f;
	size_t i;

	dande_buf_addf(&p, "%s/big.lcov", dir);
	f = fopen(p.ptr, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("TN:\nSF:a.c\nDA:1,1\nDA:2,", f);
	for (i = 0; i < (size_t)32 << 20; i++)
		putc('1', f);
	fputs("\nend_of_record\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", args), 3);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-cov: big.lcov:4: line too "
			       "long\n");
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* 16 tools ingesting at once into one database, 8 JUnit and 8 coverage
 * runs: every run is there whole, nothing is lost, the database checks
 * clean. */
static void test_tools__sixteen_parallel_ingests_lose_nothing(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf script = DANDE_BUF_INIT;
	const char *argv[] = { "sh", "-c", NULL, NULL };
	const char *count[] = { "db", "query", "SELECT kind, count(*) AS n "
		"FROM test_runs GROUP BY kind ORDER BY kind", "--format", "csv",
		NULL };
	const char *check[] = { "db", "check", "-q", NULL };
	const char *cases[] = { "db", "query", "SELECT count(*) FROM tests",
		"--format", "csv", NULL };
	const char *init[] = { "db", "init", "-q", NULL };

	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", init), 0);
	dande_buf_addf(&script, "rc=0; for i in 1 2 3 4 5 6 7 8; do "
		       "%s/dande junit ingest -q --fail-on none "
		       "%s/junit/edge/times.xml & "
		       "%s/dande cov ingest -q "
		       "%s/coverage/c-project/coverage.lcov & done; "
		       "for j in $(jobs -p); do wait $j || rc=1; done; exit $rc",
		       dande_test_bin(), dande_test_data(), dande_test_bin(),
		       dande_test_data());
	argv[2] = script.ptr;
	CU_ASSERT_EQUAL(dande_test_run(&res, dir, NULL, argv), 0);
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", count), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "kind,n\ncoverage,8\njunit,8\n");
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", cases), 0);
	{
		/* every JUnit run whole: 8 times the report's cases */
		const char *one[] = { "db", "query", "SELECT count(*) FROM "
			"tests WHERE run_id = (SELECT min(id) FROM test_runs "
			"WHERE kind = 'junit')", "--format", "csv", NULL };
		char *all = dande_xstrdup(res.out.ptr);
		long n1, n8;

		CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", one),
				0);
		n1 = strtol(strchr(res.out.ptr, '\n') + 1, NULL, 10);
		n8 = strtol(strchr(all, '\n') + 1, NULL, 10);
		CU_ASSERT(n1 > 0);
		CU_ASSERT_EQUAL(n8, 8 * n1);
		free(all);
	}
	CU_ASSERT_EQUAL(dande_test_tool(&res, dir, NULL, "dande", check), 0);
	dande_buf_release(&script);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

/* Flaky means the same code gave two outcomes: a test failing on a
 * commit and then passing with a fix in the working tree, not yet
 * committed, is fixed, not flaky; failing and passing on one clean tree
 * is flaky. */
static void test_tools__flaky_is_by_the_code_tested(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	static const char fail[] = "<testsuite name='s'><testcase "
		"classname='calc' name='adds'><failure message='1 != 2'/>"
		"</testcase></testsuite>\n";
	static const char pass[] = "<testsuite name='s'><testcase "
		"classname='calc' name='adds'/></testsuite>\n";

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "calc.py", "def add(a, b): return a - b\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	dande_test_write(dir, "fail.xml", fail);
	dande_test_write(dir, "pass.xml", pass);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "fail.xml", NULL), 1);
	/* the fix, not committed */
	dande_test_write(dir, "calc.py", "def add(a, b): return a + b\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "pass.xml", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "flaky", NULL),
			0);
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "calc::adds"));
	/* the same fix gives the same code: a failure now is a flip */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "fail.xml", NULL), 1);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "flaky", NULL),
			0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "1 flips");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "calc::adds");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* Every run and coverage record carries the project's version (they were
 * all NULL once); a VERSION that cannot be read stops the ingest; db
 * check counts the runs without one. */
static void test_tools__every_record_carries_the_version(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "1.4.2\n");
	dande_test_write(dir, "src/calc.c", "int a;\nint b;\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n*.lcov\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	dande_test_write(dir, "r.xml", "<testsuite name='s'><testcase "
			 "classname='c' name='t'/></testsuite>\n");
	dande_test_write(dir, "c.lcov", "SF:src/calc.c\nDA:1,1\nDA:2,0\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "ingest", "-q",
					 "c.lcov", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query",
					 "SELECT COUNT(*), COUNT(version), "
					 "MIN(version) FROM test_runs",
					 "--format", "csv", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n2,2,1.4.2");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query",
					 "SELECT COUNT(*) > 0 AND COUNT(*) = "
					 "COUNT(version), MIN(version) FROM "
					 "test_coverage", "--format", "csv",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n1,1.4.2");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "check", NULL), 0);
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "note"));
	/* a VERSION that cannot be read: said, nothing recorded */
	dande_buf_addf(&p, "%s/VERSION", dir);
	unlink(p.ptr);
	CU_ASSERT_EQUAL(mkdir(p.ptr, 0755), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 3);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "VERSION");
	rmdir(p.ptr);
	/* no VERSION at all: the run has none, and db check counts it */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "check", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "dande-db: note: 1 of 3 runs "
			      "carries no version\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "check", "--json",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"runs_without_version\": 1");
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* The pyramid without configuration: the usual layouts have layers;
 * init writes down the ones the tree shows; --check fails when no test
 * has a layer (it passed). */
static void test_tools__pyramid_of_the_usual_layouts(void)
{
	char *dir = dande_test_tmpdir(), *conf;
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "tests/unit/test_a.py", "def test_a(): pass\n");
	dande_test_write(dir, "tests/e2e/test_b.py", "def test_b(): pass\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--no-hooks",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  test layers: tests/unit/, "
			      "tests/e2e/\n");
	dande_buf_addf(&p, "%s/.dande.conf", dir);
	conf = dande_test_read(p.ptr);
	DANDE_ASSERT_CONTAINS(conf, "[layer \"unit\"]\n\tpattern = "
			      "tests/unit/*\n[layer \"e2e\"]\n\tpattern = "
			      "tests/e2e/*\n");
	free(conf);
	/* pytest's classnames, no file attribute */
	dande_test_write(dir, "r.xml", "<testsuite name='pytest'>"
			 "<testcase classname='tests.unit.test_a' name='a1'/>"
			 "<testcase classname='tests.unit.test_a' name='a2'/>"
			 "<testcase classname='tests.e2e.test_b' name='b'/>"
			 "</testsuite>\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "r.xml", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "pyramid",
					 "--check", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  unit               2 tests");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "  e2e                1 tests");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "shape: UNHEALTHY");
	/* nothing known: not healthy either */
	dande_test_write(dir, "u.xml", "<testsuite name='s'>"
			 "<testcase classname='test_a' name='a1'/>"
			 "</testsuite>\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					 "u.xml", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "pyramid",
					 "--check", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "shape: unknown (no test has a "
			      "layer");
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

/* db prune keeps the last runs, the last run of each version and every
 * error fingerprint; the rest goes in one transaction with its tests. */
static void test_tools__prune_keeps_what_history_needs(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	int i;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n");
	dande_test_write(dir, "VERSION", "1.0.0\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: start\n", "T",
					      "t@example.com", 1700000000,
					      NULL));
	dande_test_write(dir, "r.xml", "<testsuite name='s'><testcase "
			 "classname='c' name='t'><failure message='no'/>"
			 "</testcase><testcase classname='c' name='u'/>"
			 "</testsuite>\n");
	for (i = 1; i <= 6; i++) {
		if (i == 4)
			dande_test_write(dir, "VERSION", "1.1.0\n");
		CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "junit", "ingest",
						 "-q", "r.xml", NULL), 1);
	}
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "prune", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "prune needs --keep-runs N");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "prune",
					 "--keep-runs", "2", "-n", NULL), 0);
	CU_ASSERT_STRING_EQUAL(res.out.ptr, "would remove 3 runs, 3 left (the "
			       "last run of each version is kept, and every "
			       "error fingerprint)\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "prune",
					 "--keep-runs", "2", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"removed\": 3");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query",
					 "SELECT id, version FROM test_runs "
					 "ORDER BY id", "--format", "csv",
					 NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n3,1.0.0\n5,1.1.0\n6,1.1.0\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "query",
					 "SELECT (SELECT COUNT(*) FROM tests), "
					 "(SELECT COUNT(*) FROM errors)",
					 "--format", "csv", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\n6,1\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "check", NULL), 0);
	/* nothing is older than a day */
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "db", "prune",
					 "--older-than", "1", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed 0 runs, 3 left");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}


/* --json means one JSON document or a refusal: bump show, hooks status
 * and changelog lint print one (parsed here), init refuses with exit 2
 * and writes nothing. */
static void test_tools__json_or_refusal(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf p = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "1.0.9\n");
	dande_test_write(dir, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]"
			 "\n\n### Weird\n\n- x\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "bump", "show", "--json",
					 NULL), 0);
	CU_ASSERT(dande_test_is_json(res.out.ptr));
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"current\": \"1.0.9\"");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"nano\": \"1.1.0\"");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "hooks", "status", "--json",
					 NULL), 0);
	CU_ASSERT(dande_test_is_json(res.out.ptr));
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"name\": \"pre-push\",\n"
			      "      \"state\": \"none\"");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "changelog", "lint",
					 "--json", NULL), 1);
	CU_ASSERT(dande_test_is_json(res.out.ptr));
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"line\": 5,\n      \"message\": "
			      "\"unknown section 'Weird'");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "init", "--json", NULL), 2);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "'dande init' has no JSON output");
	dande_buf_addf(&p, "%s/.dande.conf", dir);
	CU_ASSERT(!dande_fs_exists(p.ptr));
	CU_ASSERT(!dande_test_is_json("{} {}"));
	CU_ASSERT(!dande_test_is_json("text"));
	dande_buf_release(&p);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_tools_tests[] = {
	{ "test_tools__json_or_refusal", test_tools__json_or_refusal },
	{ "test_tools__prune_keeps_what_history_needs",
	  test_tools__prune_keeps_what_history_needs },
	{ "test_tools__pyramid_of_the_usual_layouts",
	  test_tools__pyramid_of_the_usual_layouts },
	{ "test_tools__every_record_carries_the_version",
	  test_tools__every_record_carries_the_version },
	{ "test_tools__flaky_is_by_the_code_tested",
	  test_tools__flaky_is_by_the_code_tested },
	{ "test_tools__sixteen_parallel_ingests_lose_nothing",
	  test_tools__sixteen_parallel_ingests_lose_nothing },
	{ "test_tools__an_overlong_line_is_refused_at_the_cap",
	  test_tools__an_overlong_line_is_refused_at_the_cap },
	{ "test_tools__inputs_must_be_regular_files",
	  test_tools__inputs_must_be_regular_files },
	{ "test_tools__readme_configuration_is_generated",
	  test_tools__readme_configuration_is_generated },
	{ "test_tools__every_option_table_refuses_bad_usage",
	  test_tools__every_option_table_refuses_bad_usage },
	{ "test_tools__golden_cases", test_tools__golden_cases },
	{ "test_tools__db_init_in_empty_repo",
	  test_tools__db_init_in_empty_repo },
	{ "test_tools__db_path_precedence", test_tools__db_path_precedence },
	{ "test_tools__newer_schema_is_refused",
	  test_tools__newer_schema_is_refused },
	CU_TEST_INFO_NULL
};

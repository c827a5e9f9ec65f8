/*
 * dande-todos in a real repository made with libgit2: blame gives each
 * new TODO its commit, author and date; a moved TODO keeps its row; one
 * removed is resolved; the gates count new ones against a base.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/git.h"
#include "dande/todos.h"
#include "lib/test.h"
#include "integration/suites.h"

/* dande todos ARGS..., NULL */
#define todos(res, dir, ...) \
	dande_test_dande(res, dir, "todos", __VA_ARGS__)

static const char *rows(struct dande_proc_result *res, const char *dir,
			const char *sql)
{
	const char *q[] = { "db", "query", sql, "--format", "csv", NULL };

	CU_ASSERT_EQUAL(dande_test_tool(res, dir, NULL, "dande", q), 0);
	return res->out.ptr;
}

static void commit(struct dande_repo *repo, const char *msg, const char *who,
		   long when)
{
	struct dande_buf email = DANDE_BUF_INIT;

	dande_buf_addf(&email, "%s@example.com", who);
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, msg, who, email.ptr, when,
					      NULL));
	dande_buf_release(&email);
}

static void test_todos__blame_move_resolve_and_gates(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_repo *repo = NULL;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;

	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, ".gitignore", "data/\n");
	dande_test_write(dir, "src/a.c", "int x;\n// TODO: first (#1)\n");
	dande_test_write(dir, "b.py", "# FIXME second\nprint(1)\n");
	dande_test_write(dir, "notes.txt", "the TODO list is long\n");
	dande_test_write(dir, "latin1.c", "// TODO caf\xe9\n");
	commit(repo, "feat: one\n", "Ann", 1700000000);
	dande_test_write(dir, "c.sh", "#!/bin/sh\n# HACK third\n");
	commit(repo, "feat: two\n", "Bob", 1700086400);

	CU_ASSERT_EQUAL(todos(&res, dir, "scan", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "scanned 5 files: 3 added, 0 "
			      "resolved\n3 open TODOs, 0 new since HEAD\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "src/a.c:2: TODO first (#1)  (");
	CU_ASSERT_STRING_EQUAL(rows(&res, dir, "SELECT file, line, tag, text, "
				    "author, authored_at, length(commit_sha) "
				    "AS sha FROM todos ORDER BY file"),
			       "file,line,tag,text,author,authored_at,sha\n"
			       "b.py,1,FIXME,second,Ann,2023-11-14T22:13:20Z,40\n"
			       "c.sh,2,HACK,third,Bob,2023-11-15T22:13:20Z,40\n"
			       "src/a.c,2,TODO,first (#1),Ann,"
			       "2023-11-14T22:13:20Z,40\n");

	/* a new, uncommitted one above: the old one moves, keeping its row */
	dande_test_write(dir, "src/a.c", "// XXX: new one\nint x;\n"
			 "// TODO: first (#1)\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", "--no-new", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "1 added, 0 resolved");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "src/a.c:1: XXX new one  (not "
			      "committed)\n");
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-todos: src/a.c:1: new XXX: "
			       "new one\n");
	CU_ASSERT_STRING_EQUAL(rows(&res, dir, "SELECT id, line FROM todos "
				    "WHERE file = 'src/a.c' ORDER BY id"),
			       "id,line\n3,3\n4,1\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--require-ref", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.err.ptr, "src/a.c:1: new XXX cites no issue");
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--max", "3", "-q", NULL),
			1);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-todos: 4 open TODOs, more "
			       "than the 3 allowed\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--max", "4", NULL), 0);
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--max", "lots", NULL), 2);

	/* committed: blamed on the next scan, new only against an older base */
	commit(repo, "chore: three\n", "Cy", 1700172800);
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", "--no-new", "-q", NULL), 0);
	CU_ASSERT_STRING_EQUAL(rows(&res, dir, "SELECT author FROM todos "
				    "WHERE tag = 'XXX'"), "author\nCy\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--base", "HEAD~1",
			      "--no-new", "--json", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"open\": 4,\n  \"new\": 1,");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"author\": \"Cy\"");
	CU_ASSERT_EQUAL(todos(&res, dir, "report", "--base", "nope", NULL), 4);

	/* gone: resolved, but only where the scan looked */
	dande_test_write(dir, "b.py", "print(1)\n");
	dande_test_write(dir, "c.sh", "#!/bin/sh\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", "b.py", "-q", NULL), 0);
	CU_ASSERT_STRING_EQUAL(rows(&res, dir, "SELECT file FROM todos WHERE "
				    "resolved_at IS NOT NULL"), "file\nb.py\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", "--json", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "\"added\": 0,\n  \"resolved\": 1,");
	CU_ASSERT_STRING_EQUAL(rows(&res, dir, "SELECT count(*) AS n FROM "
				    "todos WHERE resolved_at IS NULL"),
			       "n\n2\n");

	/* configuration: own tags and an exclude */
	dande_test_write(dir, ".dande.conf", "[todos]\n\ttag = NOTE\n"
			 "\texclude = src/*\n\tmax = 0\n");
	dande_test_write(dir, "d.rb", "# NOTE remember\n");
	commit(repo, "feat: four\n", "Ann", 1700259200);
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", NULL), 1);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "d.rb:1: NOTE remember  (");
	DANDE_ASSERT_CONTAINS(res.err.ptr, "more than the 0 allowed");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static void test_todos__refusals(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_repo *repo = NULL;

	CU_ASSERT_EQUAL(todos(&res, dir, "scan", NULL), 4);
	CU_ASSERT_STRING_EQUAL(res.err.ptr, "dande-todos: scan needs a git "
			       "repository\n");
	/* a repository with nothing tracked yet */
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "a.c", "// TODO x\n");
	CU_ASSERT_EQUAL(todos(&res, dir, "scan", "--no-new", NULL), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "scanned 0 files");
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

static const char sql_todo[] =
	"INSERT INTO todos (file, line, tag, text, commit_sha, author, "
	"authored_at, first_seen_at, resolved_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* The report the library loads from the table: oldest first, ages in
 * whole days at `now`, new = uncommitted (no base given), resolved ones
 * left out; text and JSON. */
static void test_todos__report_ages_and_formats(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf path = DANDE_BUF_INIT, out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	struct dande_todos_report rep;
	static const char *const rows_[][9] = {
		{ "b.c", "7", "FIXME", "later", NULL, NULL, NULL,
		  "2026-11-30T00:00:00Z", NULL },
		{ "a.c", "3", "TODO", "split #12", "0123456789abcdef0123",
		  "ann", "2026-11-20T12:00:00Z", "2026-11-21T00:00:00Z", NULL },
		{ "c.c", "1", "XXX", "gone", "0123456789abcdef0123", "bob",
		  "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
		  "2026-02-01T00:00:00Z" },
	};
	size_t i, k;

	dande_buf_addf(&path, "%s/t.db", dir);
	DANDE_ASSERT_OK_FATAL(dande_db_open(&db, path.ptr, 0, 1000));
	for (i = 0; i < 3; i++) {
		struct dande_db_value v[9];

		for (k = 0; k < 9; k++)
			v[k] = k == 1 ? dande_db_int(atoi(rows_[i][k])) :
				dande_db_text(rows_[i][k]);
		DANDE_ASSERT_OK(dande_db_exec(db, sql_todo, v, 9));
	}
	/* 2026-12-01T00:00:00Z */
	DANDE_ASSERT_OK_FATAL(dande_todos_report_load(&rep, db, NULL, NULL,
						      (time_t)1796083200));
	CU_ASSERT_EQUAL_FATAL(rep.nr, 2);
	CU_ASSERT_STRING_EQUAL(rep.t[0].file, "a.c");
	CU_ASSERT_EQUAL(rep.t[0].age_days, 10);
	CU_ASSERT_EQUAL(rep.t[0].is_new, 0);
	CU_ASSERT_EQUAL(rep.t[0].has_ref, 1);
	CU_ASSERT_EQUAL(rep.t[1].age_days, 1);
	CU_ASSERT_EQUAL(rep.t[1].is_new, 1);
	CU_ASSERT_EQUAL(rep.nnew, 1);
	dande_todos_report_format(&out, &rep, NULL, "HEAD", 0);
	CU_ASSERT_STRING_EQUAL(out.ptr, "a.c:3: TODO split #12  (10 days, ann, "
			       "0123456789ab)\nb.c:7: FIXME later  (not "
			       "committed)\n2 open TODOs, 1 new since HEAD\n");
	dande_buf_reset(&out);
	dande_todos_report_format(&out, &rep, NULL, "HEAD", 1);
	DANDE_ASSERT_CONTAINS(out.ptr, "\"open\": 2,\n  \"new\": 1,\n  "
			      "\"base\": null,");
	DANDE_ASSERT_CONTAINS(out.ptr, "\"age_days\": 10,");
	dande_todos_report_release(&rep);
	dande_db_close(db);
	dande_buf_release(&path);
	dande_buf_release(&out);
	dande_test_rmtree(dir);
}

CU_TestInfo test_todos_tool_tests[] = {
	{ "test_todos__report_ages_and_formats",
	  test_todos__report_ages_and_formats },
	{ "test_todos__blame_move_resolve_and_gates",
	  test_todos__blame_move_resolve_and_gates },
	{ "test_todos__refusals", test_todos__refusals },
	CU_TEST_INFO_NULL
};

/*
 * test.h: what every dande test file shares: the runner, temp dirs,
 * paths to the data and the built tools, and assertions that print the
 * library's last error.
 */
#ifndef DANDE_TEST_H
#define DANDE_TEST_H

#include <CUnit/CUnit.h>

#include "dande/buf.h"
#include "dande/error.h"
#include "dande/proc.h"

/* Fail (not fatally) when `expr` returns a negative code, showing
 * dande_error_last(). */
#define DANDE_ASSERT_OK(expr) \
	dande_test__check_ok((expr), #expr, __FILE__, __LINE__, CU_FALSE)
#define DANDE_ASSERT_OK_FATAL(expr) \
	dande_test__check_ok((expr), #expr, __FILE__, __LINE__, CU_TRUE)
/* Assert that `expr` returned `code` and that the error message contains
 * `needle` (NULL: any). */
#define DANDE_ASSERT_ERR(expr, code, needle) \
	dande_test__check_err((expr), (code), (needle), #expr, __FILE__, \
			      __LINE__)
/* Fail with a message computed at run time (CU_FAIL takes a literal). */
#define DANDE_FAIL(msg) \
	CU_assertImplementation(CU_FALSE, __LINE__, (msg), __FILE__, "", \
				CU_FALSE)

/* Assert a string contains another, showing both on failure. */
#define DANDE_ASSERT_CONTAINS(hay, needle) \
	dande_test__contains((hay), (needle), __FILE__, __LINE__)

void dande_test__check_ok(int r, const char *expr, const char *file, int line,
			  CU_BOOL fatal);
void dande_test__check_err(int r, int code, const char *needle,
			   const char *expr, const char *file, int line);
void dande_test__contains(const char *hay, const char *needle,
			  const char *file, int line);

/*
 * Run the suites: an optional argument "suite" or "suite/test" selects;
 * prints progress and CUnit's run summary on stdout and writes a JUnit
 * report to $DANDE_TEST_RESULTS/<name>.xml.  Returns the exit code: 0,
 * or 1 when any test or suite set-up failed.
 */
int dande_test_main(int argc, char **argv, const char *name,
		    CU_SuiteInfo *suites);

/* The tests that cannot run on another engine (DANDE_TEST_ENGINE), as
 * pairs "suite/test" (or "suite/" and a star: the whole suite) and why,
 * NULL-terminated: reported skipped there.  Call before
 * dande_test_main(). */
void dande_test_sqlite_only(const char *const *pairs);

/* A fresh directory under $TMPDIR (or /tmp); the caller frees the string
 * and removes the tree with dande_test_rmtree(). */
char *dande_test_tmpdir(void);
void dande_test_rmtree(char *dir);

/* tests/data (absolute when run by make) and the built tools' directory. */
const char *dande_test_data(void);
const char *dande_test_bin(void);
/* ../shared beside the checkout, or NULL when it is not there. */
const char *dande_test_shared(void);

/* The running test cannot run here (`why`: what is missing): it is
 * reported as skipped (JUnit <skipped/>), never as passed; return from
 * the test after calling this. */
void dande_test_skip(const char *why);

/* Every `what` in `b` replaced with `with`, as text (not a pattern). */
void dande_test_replace(struct dande_buf *b, const char *what,
			const char *with);

/* Write `text` to dir/name, creating parent directories. */
void dande_test_write(const char *dir, const char *name, const char *text);
/* Whether `text` is exactly one JSON document (json-c's parser, to the
 * end: nothing after it but white space). */
int dande_test_is_json(const char *text);

/* Read a whole file into a new string (NULL when missing). */
char *dande_test_read(const char *path);

/*
 * Run a built tool (`dande`, `dande-db`...) in `cwd` with the NULL-
 * terminated `args`, extra `env` entries (NULL-terminated, may be NULL),
 * capturing stdout and stderr into `res`.  Returns the exit code, or -1
 * when it could not run or died of a signal.
 */
int dande_test_tool(struct dande_proc_result *res, const char *cwd,
		    const char *const *env, const char *tool,
		    const char *const *args);

/* How long a program run by the two below may take before it is
 * killed (and the call returns -1): 60 s unless a test raises it. */
extern int dande_test_timeout_ms;

/* The same for any program: `argv[0]` is looked up on PATH. */
int dande_test_run(struct dande_proc_result *res, const char *cwd,
		   const char *const *env, const char *const *argv);

/* `dande` with `args` (args[0] "dande") in `dir`, its stderr on a
 * pseudo-terminal (stdout to stdout.txt there), `env` entries added
 * (NULL-terminated, may be NULL); what the terminal got appended to
 * `tty`.  The exit code, or -1 when no pseudo-terminal can be had. */
int dande_test_on_terminal(const char *dir, const char *const *env,
			   const char *const *args, struct dande_buf *tty);

/* `dande` with the NULL-terminated arguments that follow `cwd`. */
int dande_test_dande(struct dande_proc_result *res, const char *cwd, ...);

/*
 * A real PostgreSQL server (tests/lib/pg.c), started on first use: a new
 * database of the test's own, its URL into `url` (reset), 0.  -1 when no
 * server can be had, the test reported skipped (return from it).
 */
int dande_test_pg(struct dande_buf *url);
/* The database every tool a test runs is given on another engine
 * (DANDE_TEST_ENGINE), NULL on SQLite. */
extern char *dande_test__engine_db;
/* 1 when the server is DANDE_TEST_PG_SERVER's, not one of the tests' own
 * (it cannot be stopped by a test). */
int dande_test_pg_external(void);
/* The databases made so far, and dropping those made since such a mark:
 * the runner drops a suite's when it ends (the server's files are on
 * tmpfs, see the runner), the golden cases each case's. */
unsigned dande_test_pg_mark(void);
void dande_test_pg_drop_since(unsigned mark);
/* Stop the server (fast shutdown), and start it again on the same data. */
void dande_test_pg_stop(void);
int dande_test_pg_restart(void);
/* Run `sql` on the database at `url`; the first value of the first row
 * (or the server's message when it fails) appended to `out` (may be
 * NULL).  0, or -1 when it failed. */
int dande_test_pg_exec(const char *url, const char *sql,
		       struct dande_buf *out);

/*
 * A fake Docker Engine API (tests/lib/fake_engine.c) in a child process,
 * on DIR/engine.sock, answering from the state under DIR (see the file);
 * `host` gets its DOCKER_HOST.  0, or -1.  Stopped by the next start, by
 * _stop, and its requests ("METHOD TARGET" lines) read by _requests.
 */
int dande_test_fake_engine(const char *dir, struct dande_buf *host);
void dande_test_fake_engine_stop(void);
char *dande_test_fake_engine_requests(void);

/* A dande_db_row_fn: the first column of a row, an integer, into the
 * `long` that `payload` points at ("SELECT count(*) ..."). */
struct dande_db_value;
int dande_test_first_int(void *payload, size_t ncols,
			 const char *const *names,
			 const struct dande_db_value *values);

#endif

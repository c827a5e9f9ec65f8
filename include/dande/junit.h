/*
 * junit.h: JUnit XML test reports, streamed (through xml.c) into one test
 * case at a time.
 *
 * Dialects: Ant, Maven Surefire/Failsafe (flakyFailure, rerunFailure...),
 * Gradle, pytest xunit1/xunit2, jest-junit, mocha-junit-reporter, Vitest,
 * node --test-reporter=junit, go-junit-report, gotestsum, CTest,
 * GoogleTest, Catch2, PHPUnit (nested suites), and CUnit's own
 * CUnit-Run.xml.  Cases are always counted; a report's own totals are
 * only compared (see struct dande_junit_info).
 */
#ifndef DANDE_JUNIT_H
#define DANDE_JUNIT_H

#include <stddef.h>
#include <stdint.h>

enum dande_junit_status {
	DANDE_JUNIT_PASSED,
	DANDE_JUNIT_FAILED,
	DANDE_JUNIT_ERROR,
	DANDE_JUNIT_SKIPPED,
	DANDE_JUNIT_FLAKY	/* passed after failed reruns */
};

/* "passed", "failed", "error", "skipped", "flaky" */
const char *dande_junit_status_name(enum dande_junit_status s);

/* One test case; every string is borrowed for the callback and may be
 * NULL where the report has nothing. */
struct dande_junit_case {
	const char *suite, *classname, *name, *file;
	int line;			/* 0: unknown */
	enum dande_junit_status status;
	double time_s;			/* < 0: unknown */
	const char *failure_type;
	const char *failure_message;	/* message, then the body */
	const char *out, *err;		/* system-out/-err, trimmed */
	int reruns;			/* rerun/flaky attempts recorded */
	/* which result elements the case had, for counting the way other
	 * tools do (several may be set) */
	unsigned has_failure : 1, has_error : 1, has_skipped : 1;
};

/* What a report said of itself and how it was read. */
struct dande_junit_info {
	int64_t cases;			/* counted */
	int64_t declared_tests;		/* root (or top-level sum); -1 none */
	int64_t declared_failures, declared_errors, declared_skipped;
	int merged;			/* pytest teardown duplicates merged */
	const char *dialect;		/* "junit" or "cunit" */
};

typedef int (*dande_junit_case_fn)(void *payload,
				   const struct dande_junit_case *c);
typedef int (*dande_junit_property_fn)(void *payload, const char *name,
				       const char *value);

struct dande_junit_opts {
	size_t output_cap;		/* bytes kept of system-out/-err */
	dande_junit_case_fn on_case;
	dande_junit_property_fn on_property;	/* may be NULL */
	/* may be NULL: every few hundred cases, the bytes read so far */
	void (*on_progress)(void *payload, uint64_t bytes);
	void *payload;
};

#define DANDE_JUNIT_DEFAULT_CAP ((size_t)64 * 1024)
#define DANDE_JUNIT_MESSAGE_CAP ((size_t)64 * 1024)

/*
 * Stream the report at `path`, calling opts->on_case for every case.
 * Returns 0; DANDE_EINVALID with "path:line:col: reason" when it is
 * malformed, hostile, or not a JUnit report (the message names the root
 * element); DANDE_ENOTFOUND / DANDE_EEXTERNAL when it cannot be read; or
 * the first non-zero value a callback returned.
 */
int dande_junit_parse_file(const char *path,
			   const struct dande_junit_opts *opts,
			   struct dande_junit_info *info);

/* The same over a buffer (for tests); `name` appears in messages. */
int dande_junit_parse_memory(const char *data, size_t len, const char *name,
			     const struct dande_junit_opts *opts,
			     struct dande_junit_info *info);

/* A time attribute in seconds: "1.5", "1,234.5", "0,014", "12ms", "3s",
 * "1.7e-05".  Returns 0, or -1 for what is not a time (then *out = -1). */
int dande_junit_parse_time(double *out, const char *s);

/* What `dande junit -v` says of a report read: its cases and dialect, and
 * a warning when its declared count differs; each line after `prefix`. */
struct dande_buf;
void dande_junit_info_describe(struct dande_buf *out, const char *prefix,
			       const char *path,
			       const struct dande_junit_info *info);

#endif

/*
 * error.h: error codes, the last-error record, assertions and the
 * allocation wrappers that abort on out-of-memory.
 *
 * Every fallible library function returns 0 or a negative
 * enum dande_error_code, and records a one-line message where the error
 * was detected.  Tools read it once with dande_error_last().
 */
#ifndef DANDE_ERROR_H
#define DANDE_ERROR_H

#include <stddef.h>

enum dande_error_code {
	DANDE_OK = 0,
	DANDE_ERROR = -1,	/* generic failure (a bug, unless documented) */
	DANDE_ENOTFOUND = -2,	/* the thing asked for is absent */
	DANDE_EEXISTS = -3,	/* the thing to create exists already */
	DANDE_EINVALID = -4,	/* malformed input data */
	DANDE_ETOOBIG = -5,	/* a size limit was reached */
	DANDE_EEXTERNAL = -6,	/* environment: a dependency, file system,
				   child process, network or engine */
	DANDE_EBUSY = -7,	/* a lock is held or the database is busy */
	DANDE_EUSAGE = -8	/* a malformed option or configuration value */
};

/* A message is one line for a person; a longer one is cut, ending in
 * "..." (the record never allocates, as curl's error buffer). */
#define DANDE_ERROR_MSG_MAX 1024

struct dande_error {
	int code;
	char message[DANDE_ERROR_MSG_MAX];
};

#if defined(__GNUC__)
#define DANDE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DANDE_VPRINTF(f) __attribute__((format(printf, f, 0)))
#define DANDE_NORETURN __attribute__((noreturn))
#else
#define DANDE_PRINTF(f, a)
#define DANDE_VPRINTF(f)
#define DANDE_NORETURN
#endif

/* Record `code` with a message; returns `code` so callers can
 * `return dande_error_set(...)`. */
int dande_error_set(int code, const char *fmt, ...) DANDE_PRINTF(2, 3);

/* As dande_error_set(), appending ": " and strerror(errno). */
int dande_error_set_os(int code, const char *fmt, ...) DANDE_PRINTF(2, 3);

/* Prefix the recorded message with more context ("loading 'x': ..."),
 * keeping its code; returns the code. */
int dande_error_wrap(const char *fmt, ...) DANDE_PRINTF(1, 2);

/* The last recorded error, or NULL when none is recorded. Borrowed. */
const struct dande_error *dande_error_last(void);

/* Forget the recorded error (for callers that handle one). */
void dande_error_clear(void);

/* Programmer errors: print "BUG: file:line: what" and abort. */
DANDE_NORETURN void dande_bug(const char *file, int line, const char *what);
#define DANDE_ASSERT(cond) \
	((cond) ? (void)0 : dande_bug(__FILE__, __LINE__, #cond))

/* Allocation that never returns NULL: on failure print
 * "out of memory (N bytes)" and abort. */
void *dande_xmalloc(size_t n);
void *dande_xcalloc(size_t nmemb, size_t size);
void *dande_xrealloc(void *p, size_t n);
char *dande_xstrdup(const char *s);
char *dande_xstrndup(const char *s, size_t n);

/* The array `p` of `*alloc` elements of `size` bytes, with room for one
 * more after its first `nr`: doubled when full (`first` elements to
 * begin with), `*alloc` updated.  DANDE_GROW(p, nr, alloc, first) does it
 * in place: before `p[nr++] = ...`. */
void *dande_xgrow(void *p, size_t nr, size_t *alloc, size_t size,
		  size_t first);
#define DANDE_GROW(p, nr, alloc, first) \
	((p) = dande_xgrow((p), (nr), &(alloc), sizeof(*(p)), (first)))

#endif

/*
 * error.c: the last-error record (one per thread), the assertion that
 * aborts on a programmer error, and the allocation wrappers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/error.h"
#include "banned.h"

static _Thread_local struct dande_error last;
static _Thread_local int has_last;

static int vset(int code, const char *suffix, const char *fmt, va_list ap)
	DANDE_VPRINTF(3);
static int vset(int code, const char *suffix, const char *fmt, va_list ap)
{
	/* formatted aside first: the arguments may be the last message
	 * itself (a caller rewording it) */
	char msg[DANDE_ERROR_MSG_MAX];
	int n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n >= 0 && suffix && (size_t)n < sizeof(msg))
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", suffix);
	/* a message is one line for a person: one that long is cut, and
	 * says so */
	if (n >= (int)sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	last.code = code;
	memcpy(last.message, msg, sizeof(msg));
	has_last = 1;
	return code;
}

int dande_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int dande_error_set_os(int code, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vset(code, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
	return code;
}

int dande_error_wrap(const char *fmt, ...)
{
	char prefix[DANDE_ERROR_MSG_MAX], old[DANDE_ERROR_MSG_MAX];
	size_t pos, n;
	va_list ap;

	if (!has_last)
		return DANDE_ERROR;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, last.message, sizeof(old));
	pos = strlen(prefix);
	memcpy(last.message, prefix, pos + 1);
	if (pos + 2 < sizeof(last.message)) {
		memcpy(last.message + pos, ": ", 3);
		pos += 2;
		n = strnlen(old, sizeof(last.message) - pos - 1);
		memcpy(last.message + pos, old, n);
		last.message[pos + n] = '\0';
	}
	return last.code;
}

const struct dande_error *dande_error_last(void)
{
	return has_last ? &last : NULL;
}

void dande_error_clear(void)
{
	has_last = 0;
	last.code = 0;
	last.message[0] = '\0';
}

void dande_bug(const char *file, int line, const char *what)
{
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

static DANDE_NORETURN void oom(size_t n)
{
	fprintf(stderr, "out of memory (%zu bytes)\n", n);
	abort();
}

void *dande_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *dande_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *dande_xrealloc(void *ptr, size_t n)
{
	void *p = realloc(ptr, n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *dande_xgrow(void *p, size_t nr, size_t *alloc, size_t size,
		  size_t first)
{
	size_t n;

	if (nr < *alloc)
		return p;
	n = *alloc ? 2 * *alloc : first;
	if (n < *alloc || (size && n > SIZE_MAX / size))
		oom(SIZE_MAX);
	*alloc = n;
	return dande_xrealloc(p, n * size);
}

char *dande_xstrdup(const char *s)
{
	return dande_xstrndup(s, strlen(s));
}

char *dande_xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len = strnlen(s, n);

	p = dande_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * buf.h: the growable byte buffer and the NULL-terminated string vector.
 *
 * struct dande_buf invariants: ptr is never NULL, ptr[len] == '\0', and
 * the contents may hold NUL bytes.  Every append returns 0, or
 * DANDE_ETOOBIG when `max` would be exceeded, leaving the buffer
 * unchanged.  A pointer taken from ptr is stale after the next append.
 */
#ifndef DANDE_BUF_H
#define DANDE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "dande/error.h"

struct dande_buf {
	char *ptr;
	size_t len, cap, max;
};

extern char dande_buf__empty[];

#define DANDE_BUF_DEFAULT_MAX ((size_t)64 << 20)
#define DANDE_BUF_INIT { dande_buf__empty, 0, 0, DANDE_BUF_DEFAULT_MAX }

void dande_buf_init(struct dande_buf *b, size_t max);
int dande_buf_grow(struct dande_buf *b, size_t extra);
int dande_buf_add(struct dande_buf *b, const void *p, size_t n);
int dande_buf_adds(struct dande_buf *b, const char *s);
int dande_buf_addch(struct dande_buf *b, char c);
int dande_buf_addf(struct dande_buf *b, const char *fmt, ...)
	DANDE_PRINTF(2, 3);
int dande_buf_vaddf(struct dande_buf *b, const char *fmt, va_list ap)
	DANDE_PRINTF(2, 0);
/* Truncate to `len` (<= b->len). */
void dande_buf_setlen(struct dande_buf *b, size_t len);
/* Empty the buffer, keeping its memory. */
void dande_buf_reset(struct dande_buf *b);
/* Free the memory; the buffer is re-initialised (same max). */
void dande_buf_release(struct dande_buf *b);
/* Hand the string to the caller (free() it); the buffer is re-initialised.
 * `len` may be NULL. */
char *dande_buf_detach(struct dande_buf *b, size_t *len);
/* Append everything readable from `fd`; DANDE_EEXTERNAL on read error. */
int dande_buf_read_fd(struct dande_buf *b, int fd);
/* Append a whole file; DANDE_ENOTFOUND when it does not exist,
 * DANDE_EEXTERNAL when it cannot be read, DANDE_ETOOBIG over max. */
int dande_buf_read_file(struct dande_buf *b, const char *path);

/* 0 when `p` (len n) is valid UTF-8; else the 1-based line of the first
 * bad byte. */
size_t dande_utf8_check(const char *p, size_t n);

/* FNV-1a, 64 bits: `h` (DANDE_FNV1A_INIT to start) folded with the `n`
 * bytes at `p`; dande_fnv1a_str() for a string.  Hash tables and
 * fingerprints, never security. */
#define DANDE_FNV1A_INIT 14695981039346656037ULL
uint64_t dande_fnv1a(uint64_t h, const void *p, size_t n);
uint64_t dande_fnv1a_str(const char *s);

/* The UTF-8 sequence at `s` (at most `left` bytes): its length with the
 * code point in `*cp`, or 0 when it is not valid UTF-8. */
size_t dande_utf8_seq(const char *s, size_t left, unsigned *cp);

/*
 * Untrusted text for a terminal: control characters (C0 but tab, and
 * newline when `multiline`; DEL; C1, U+0080 to U+009F) and bytes that are
 * not UTF-8 appended as "\xNN", so a report, a repository or a container
 * cannot move the cursor, retitle the window or fake dande's output.
 */
void dande_buf_add_printable(struct dande_buf *b, const char *s, size_t len,
			     int multiline);

/* Text for a roff (man page) line: backslashes as \e, hyphens as \-,
 * a dot or quote that would start a line kept from being a request. */
void dande_buf_add_roff(struct dande_buf *b, const char *s, size_t len);

/* The same for a printf argument: the escaped copy of `s` (NULL: ""),
 * valid for the next three calls on `pr`. */
struct dande_printable {
	struct dande_buf ring[4];
	unsigned next;
};
#define DANDE_PRINTABLE_INIT { { DANDE_BUF_INIT, DANDE_BUF_INIT, \
	DANDE_BUF_INIT, DANDE_BUF_INIT }, 0 }
const char *dande_printable(struct dande_printable *pr, const char *s);
void dande_printable_release(struct dande_printable *pr);

/* A NULL-terminated vector of owned strings, for argv and lists. */
struct dande_strvec {
	char **v;
	size_t nr, alloc;
};

extern char *dande_strvec__empty[];
#define DANDE_STRVEC_INIT { dande_strvec__empty, 0, 0 }

void dande_strvec_init(struct dande_strvec *sv);
/* Push a copy of `s`; returns the copy (owned by the vector). */
const char *dande_strvec_push(struct dande_strvec *sv, const char *s);
const char *dande_strvec_pushf(struct dande_strvec *sv, const char *fmt, ...)
	DANDE_PRINTF(2, 3);
void dande_strvec_pushv(struct dande_strvec *sv, const char *const *v);
void dande_strvec_clear(struct dande_strvec *sv);
/* qsort/bsearch comparator for arrays of `char *`, by strcmp. */
int dande_str_cmp(const void *a, const void *b);
/* Sort the strings in byte order. */
void dande_strvec_sort(struct dande_strvec *sv);
void dande_strvec_release(struct dande_strvec *sv);

/* Whether `word` is one of the comma- or blank-separated words of `list`
 * (NULL: none), as in SKIP=a,b or changelog.skip. */
int dande_word_in_list(const char *list, const char *word);

#endif

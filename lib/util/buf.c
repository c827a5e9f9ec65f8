/*
 * lib/util/: leaf helpers that depend on libc alone: buffers and string
 * vectors (buf.c), errors (error.c), files and atomic writes (fs.c),
 * processes (proc.c) and the JSON writer (json.c).
 *
 * buf.c: the growable buffer and the string vector (after git's strbuf
 * and strvec, with curl's dynbuf size cap).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/fs.h"
#include "banned.h"

char dande_buf__empty[1];
char *dande_strvec__empty[1];

void dande_buf_init(struct dande_buf *b, size_t max)
{
	b->ptr = dande_buf__empty;
	b->len = b->cap = 0;
	b->max = max ? max : DANDE_BUF_DEFAULT_MAX;
}

int dande_buf_grow(struct dande_buf *b, size_t extra)
{
	size_t want, cap;

	if (extra > b->max || b->len > b->max - extra)
		return dande_error_set(DANDE_ETOOBIG,
				       "buffer limit of %zu bytes reached",
				       b->max);
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap / 2 < SIZE_MAX / 3 ? cap + cap / 2 + 16 : want;
	if (b->cap == 0) {
		b->ptr = dande_xmalloc(cap);
		b->ptr[0] = '\0';
	} else {
		b->ptr = dande_xrealloc(b->ptr, cap);
	}
	b->cap = cap;
	return 0;
}

int dande_buf_add(struct dande_buf *b, const void *p, size_t n)
{
	int r;

	if (n == 0)
		return 0;
	if ((r = dande_buf_grow(b, n)) < 0)
		return r;
	memmove(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int dande_buf_adds(struct dande_buf *b, const char *s)
{
	return dande_buf_add(b, s, strlen(s));
}

int dande_buf_addch(struct dande_buf *b, char c)
{
	return dande_buf_add(b, &c, 1);
}

int dande_buf_vaddf(struct dande_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, r;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return dande_error_set(DANDE_ERROR, "bad format '%s'", fmt);
	if ((r = dande_buf_grow(b, (size_t)n)) < 0)
		return r;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int dande_buf_addf(struct dande_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = dande_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void dande_buf_setlen(struct dande_buf *b, size_t len)
{
	DANDE_ASSERT(len <= b->len);
	b->len = len;
	if (b->cap)
		b->ptr[len] = '\0';
}

void dande_buf_reset(struct dande_buf *b)
{
	dande_buf_setlen(b, 0);
}

void dande_buf_release(struct dande_buf *b)
{
	if (b->cap)
		free(b->ptr);
	dande_buf_init(b, b->max);
}

char *dande_buf_detach(struct dande_buf *b, size_t *len)
{
	char *p;

	if (b->cap == 0)
		p = dande_xstrdup("");
	else
		p = b->ptr;
	if (len)
		*len = b->len;
	dande_buf_init(b, b->max);
	return p;
}

int dande_buf_read_fd(struct dande_buf *b, int fd)
{
	int r;

	for (;;) {
		/* a chunk, but never more than the cap leaves: a small cap
		 * reads a small file, and only a bigger one is too big */
		size_t room = b->max - b->len;
		ssize_t n;

		if (room == 0) {
			char c;

			while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
				;
			if (n < 0)
				return dande_error_set_os(DANDE_EEXTERNAL,
							  "read failed");
			if (n == 0)
				break;
			return dande_error_set(DANDE_ETOOBIG, "buffer limit of "
					       "%zu bytes reached", b->max);
		}
		if ((r = dande_buf_grow(b, room < 8192 ? room : 8192)) < 0)
			return r;
		n = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return dande_error_set_os(DANDE_EEXTERNAL, "read failed");
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->ptr[b->len] = '\0';
	}
	return 0;
}

int dande_buf_read_file(struct dande_buf *b, const char *path)
{
	int fd, r;

	if ((r = dande_fs_open_input(path, &fd)) < 0)
		return r;
	r = dande_buf_read_fd(b, fd);
	close(fd);
	if (r < 0)
		return dande_error_wrap("reading '%s'", path);
	return 0;
}

void dande_strvec_init(struct dande_strvec *sv)
{
	sv->v = dande_strvec__empty;
	sv->nr = sv->alloc = 0;
}

const char *dande_strvec_push(struct dande_strvec *sv, const char *s)
{
	if (sv->nr + 2 > sv->alloc) {
		size_t alloc = sv->alloc ? sv->alloc * 2 : 8;

		if (sv->v == dande_strvec__empty)
			sv->v = NULL;
		sv->v = dande_xrealloc(sv->v, alloc * sizeof(*sv->v));
		sv->alloc = alloc;
	}
	sv->v[sv->nr++] = dande_xstrdup(s);
	sv->v[sv->nr] = NULL;
	return sv->v[sv->nr - 1];
}

const char *dande_strvec_pushf(struct dande_strvec *sv, const char *fmt, ...)
{
	struct dande_buf b = DANDE_BUF_INIT;
	const char *r;
	va_list ap;

	va_start(ap, fmt);
	if (dande_buf_vaddf(&b, fmt, ap) < 0)
		dande_bug(__FILE__, __LINE__, "strvec entry over 64 MiB");
	va_end(ap);
	r = dande_strvec_push(sv, b.ptr);
	dande_buf_release(&b);
	return r;
}

void dande_strvec_pushv(struct dande_strvec *sv, const char *const *v)
{
	for (; v && *v; v++)
		dande_strvec_push(sv, *v);
}

int dande_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void dande_strvec_sort(struct dande_strvec *sv)
{
	if (sv->nr > 1)
		qsort(sv->v, sv->nr, sizeof(*sv->v), dande_str_cmp);
}

void dande_strvec_clear(struct dande_strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	sv->nr = 0;
	if (sv->alloc)
		sv->v[0] = NULL;
}

void dande_strvec_release(struct dande_strvec *sv)
{
	dande_strvec_clear(sv);
	if (sv->alloc)
		free(sv->v);
	dande_strvec_init(sv);
}

uint64_t dande_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t dande_fnv1a_str(const char *s)
{
	return dande_fnv1a(DANDE_FNV1A_INIT, s, strlen(s));
}

size_t dande_utf8_seq(const char *s, size_t left, unsigned *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i;
	unsigned cp;

	if (!left)
		return 0;
	if (p[0] < 0x80) {
		*out = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) { n = 2; cp = p[0] & 0x1fu; }
	else if ((p[0] & 0xf0) == 0xe0) { n = 3; cp = p[0] & 0x0fu; }
	else if ((p[0] & 0xf8) == 0xf0) { n = 4; cp = p[0] & 0x07u; }
	else return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*out = cp;
	return n;
}

size_t dande_utf8_check(const char *s, size_t n)
{
	size_t i = 0, line = 1, len;
	unsigned cp;

	while (i < n) {
		if (!(len = dande_utf8_seq(s + i, n - i, &cp)))
			return line;
		line += cp == '\n';
		i += len;
	}
	return 0;
}

void dande_buf_add_printable(struct dande_buf *b, const char *s, size_t len,
			     int multiline)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = dande_utf8_seq(s + i, len - i, &cp);
		if (!n) {
			/* not UTF-8: a lone 0x9b is CSI to some terminals */
			dande_buf_addf(b, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if ((cp < 0x20 && cp != '\t' && !(multiline && cp == '\n')) ||
		    (cp >= 0x7f && cp <= 0x9f))
			dande_buf_addf(b, "\\x%02x", cp);
		else
			dande_buf_add(b, s + i, n);
		i += n;
	}
}

const char *dande_printable(struct dande_printable *pr, const char *s)
{
	struct dande_buf *b;

	if (!s)
		return "";
	b = &pr->ring[pr->next++ % 4];
	dande_buf_reset(b);
	dande_buf_add_printable(b, s, strlen(s), 0);
	return b->ptr;
}

void dande_printable_release(struct dande_printable *pr)
{
	size_t i;

	for (i = 0; i < 4; i++)
		dande_buf_release(&pr->ring[i]);
}

int dande_word_in_list(const char *list, const char *word)
{
	size_t len = strlen(word), n;

	while (list && *list) {
		list += strspn(list, ", \t");
		n = strcspn(list, ", \t");
		if (n == len && !strncmp(list, word, n))
			return 1;
		list += n;
	}
	return 0;
}

void dande_buf_add_roff(struct dande_buf *b, const char *s, size_t len)
{
	size_t i;
	int bol = b->len == 0 || b->ptr[b->len - 1] == '\n';

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (bol && (c == '.' || c == '\''))
			dande_buf_adds(b, "\\&");
		bol = c == '\n';
		if (c == '\\')
			dande_buf_adds(b, "\\e");
		else if (c == '-')
			dande_buf_adds(b, "\\-");
		else
			dande_buf_addch(b, c);
	}
}

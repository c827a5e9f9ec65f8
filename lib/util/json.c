/*
 * json.c: a small JSON writer (after git's json-writer): it places commas
 * and indentation, and escapes every string, so callers only say what
 * comes next.  Invalid UTF-8 bytes are written as U+FFFD so the document
 * stays valid whatever a test runner put in a message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/json.h"
#include "banned.h"

void dande_json_init(struct dande_json *j, struct dande_buf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
}

static void indent(struct dande_json *j)
{
	int i;

	if (!j->pretty)
		return;
	dande_buf_addch(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		dande_buf_adds(j->out, "  ");
}

/* Before a value or a key: the comma and the newline. */
static void before(struct dande_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth]++ > 0)
			dande_buf_addch(j->out, ',');
		indent(j);
	}
}

static void open_(struct dande_json *j, char c)
{
	before(j);
	dande_buf_addch(j->out, c);
	DANDE_ASSERT(j->depth + 1 < DANDE_JSON_MAX_DEPTH);
	j->count[++j->depth] = 0;
}

static void close_(struct dande_json *j, char c)
{
	int had = j->count[j->depth];

	DANDE_ASSERT(j->depth > 0);
	j->depth--;
	if (had)
		indent(j);
	dande_buf_addch(j->out, c);
	if (j->depth == 0 && j->pretty)
		dande_buf_addch(j->out, '\n');
}

void dande_json_object_begin(struct dande_json *j) { open_(j, '{'); }
void dande_json_object_end(struct dande_json *j) { close_(j, '}'); }
void dande_json_array_begin(struct dande_json *j) { open_(j, '['); }
void dande_json_array_end(struct dande_json *j) { close_(j, ']'); }

/* The length of the valid UTF-8 sequence at p, or 0. */
void dande_json_escape(struct dande_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		unsigned cp;
		size_t n;

		switch (c) {
		case '"': dande_buf_adds(out, "\\\""); i++; continue;
		case '\\': dande_buf_adds(out, "\\\\"); i++; continue;
		case '\n': dande_buf_adds(out, "\\n"); i++; continue;
		case '\r': dande_buf_adds(out, "\\r"); i++; continue;
		case '\t': dande_buf_adds(out, "\\t"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			dande_buf_addf(out, "\\u%04x", c);
			i++;
			continue;
		}
		n = dande_utf8_seq(s + i, len - i, &cp);
		if (n == 0) {
			dande_buf_adds(out, "\\ufffd");
			i++;
			continue;
		}
		/* C1 controls are legal JSON, but not for a terminal */
		if (cp >= 0x80 && cp <= 0x9f)
			dande_buf_addf(out, "\\u%04x", cp);
		else
			dande_buf_add(out, p + i, n);
		i += n;
	}
}

void dande_json_key(struct dande_json *j, const char *key)
{
	before(j);
	dande_buf_addch(j->out, '"');
	dande_json_escape(j->out, key, strlen(key));
	dande_buf_adds(j->out, j->pretty ? "\": " : "\":");
	j->after_key = 1;
}

void dande_json_string_len(struct dande_json *j, const char *s, size_t len)
{
	before(j);
	dande_buf_addch(j->out, '"');
	dande_json_escape(j->out, s, len);
	dande_buf_addch(j->out, '"');
}

void dande_json_string(struct dande_json *j, const char *s)
{
	if (!s) {
		dande_json_null(j);
		return;
	}
	dande_json_string_len(j, s, strlen(s));
}

void dande_json_int(struct dande_json *j, int64_t v)
{
	before(j);
	dande_buf_addf(j->out, "%lld", (long long)v);
}

void dande_json_format_double(char *buf, size_t size, double v)
{
	int n;

	if (!isfinite(v)) {
		snprintf(buf, size, "null");
		return;
	}
	n = snprintf(buf, size, "%.15g", v);
	if (n > 0 && strtod(buf, NULL) != v)
		n = snprintf(buf, size, "%.17g", v);
	if (n > 0 && (size_t)n + 2 < size && !strpbrk(buf, ".eEn"))
		memcpy(buf + n, ".0", 3);
}

void dande_json_double(struct dande_json *j, double v)
{
	char tmp[64];

	before(j);
	dande_json_format_double(tmp, sizeof(tmp), v);
	dande_buf_adds(j->out, tmp);
}

void dande_json_bool(struct dande_json *j, int v)
{
	before(j);
	dande_buf_adds(j->out, v ? "true" : "false");
}

void dande_json_null(struct dande_json *j)
{
	before(j);
	dande_buf_adds(j->out, "null");
}

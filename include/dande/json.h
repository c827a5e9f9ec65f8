/*
 * json.h: a JSON writer into a dande_buf.  Every string is escaped; the
 * writer tracks nesting so commas are placed for the caller.
 */
#ifndef DANDE_JSON_H
#define DANDE_JSON_H

#include <stdint.h>

#include "dande/buf.h"

#define DANDE_JSON_MAX_DEPTH 64

struct dande_json {
	struct dande_buf *out;
	int pretty;
	int depth;
	int count[DANDE_JSON_MAX_DEPTH];	/* members so far per level */
	int after_key;
};

void dande_json_init(struct dande_json *j, struct dande_buf *out, int pretty);
void dande_json_object_begin(struct dande_json *j);
void dande_json_object_end(struct dande_json *j);
void dande_json_array_begin(struct dande_json *j);
void dande_json_array_end(struct dande_json *j);
void dande_json_key(struct dande_json *j, const char *key);
void dande_json_string(struct dande_json *j, const char *s);
void dande_json_string_len(struct dande_json *j, const char *s, size_t len);
void dande_json_int(struct dande_json *j, int64_t v);
void dande_json_double(struct dande_json *j, double v);
void dande_json_bool(struct dande_json *j, int v);
void dande_json_null(struct dande_json *j);
/* The shortest text that reads back as `v`, with ".0" on integral values
 * ("85.0", "0.1", "1e+300"); "null" for NaN and infinities. */
void dande_json_format_double(char *buf, size_t size, double v);
/* Append `s` escaped as a JSON string body (no quotes) to `out`. */
void dande_json_escape(struct dande_buf *out, const char *s, size_t len);

#endif

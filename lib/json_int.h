/*
 * json_int.h: reading JSON, the one wrapper of json-c (writing is
 * lib/util/json.c, libc only).  Every accessor checks the type of what
 * it is given and answers "absent" for anything else, so a document of
 * the wrong shape can never reach one of json-c's assertions.
 */
#ifndef DANDE_JSON_INT_H
#define DANDE_JSON_INT_H

#include <stddef.h>
#include <stdint.h>

struct dande_jdoc;	/* a parsed document; owns every value in it */
struct dande_jv;	/* a value in a document, borrowed from it */

/* Parse `len` bytes: 0, or DANDE_EINVALID "WHAT: bad JSON: reason". */
int dande_json__parse(struct dande_jdoc **out, const char *data, size_t len,
		      const char *what);
void dande_json__free(struct dande_jdoc *doc);
const struct dande_jv *dande_json__root(const struct dande_jdoc *doc);

/* The member `key` of an object; NULL when `v` is NULL, not an object, or
 * has no such member. */
const struct dande_jv *dande_json__get(const struct dande_jv *v,
				       const char *key);
/* A string's text; NULL for anything but a string. */
const char *dande_json__str(const struct dande_jv *v);
/* A number (an integer, or a double cut to one) into `out`: 0, or -1 when
 * `v` is not a number. */
int dande_json__int(const struct dande_jv *v, int64_t *out);
/* Whether `v` is the boolean true (anything else, absent too, is not). */
int dande_json__true(const struct dande_jv *v);
/* Whether `v` is an array, an object. */
int dande_json__is_array(const struct dande_jv *v);
int dande_json__is_object(const struct dande_jv *v);
/* An array's length (0 for anything else), and its element `i`. */
size_t dande_json__len(const struct dande_jv *v);
const struct dande_jv *dande_json__at(const struct dande_jv *v, size_t i);

#endif

/*
 * json_read.c: reading JSON with json-c, behind json_int.h: the only file
 * that includes <json-c/json.h>.  Used by the Engine API client (its
 * answers) and the gcov JSON reader.  A value handle is json-c's own
 * object, cast; the document owns them all.
 */
#include <json-c/json.h>

#include "dande/error.h"
#include "json_int.h"
#include "util/banned.h"

#define OBJ(v) ((struct json_object *)(uintptr_t)(v))

int dande_json__parse(struct dande_jdoc **out, const char *data, size_t len,
		      const char *what)
{
	struct json_tokener *tok = json_tokener_new_ex(64);
	struct json_object *doc = NULL;
	int r = 0;

	*out = NULL;
	if (!tok)
		return dande_error_set(DANDE_ERROR, "%s: cannot parse JSON",
				       what);
	if (len > (size_t)INT32_MAX)
		r = dande_error_set(DANDE_ETOOBIG, "%s: too big for the JSON "
				    "reader", what);
	else if (!(doc = json_tokener_parse_ex(tok, data, (int)len)) ||
		 json_tokener_get_error(tok) != json_tokener_success)
		r = dande_error_set(DANDE_EINVALID, "%s: bad JSON: %s", what,
				    json_tokener_get_error(tok) ==
				    json_tokener_continue ? "the document ends "
				    "too soon" : json_tokener_error_desc(
					    json_tokener_get_error(tok)));
	else
		*out = (struct dande_jdoc *)doc;
	if (r < 0 && doc)
		json_object_put(doc);
	json_tokener_free(tok);
	return r;
}

void dande_json__free(struct dande_jdoc *doc)
{
	if (doc)
		json_object_put((struct json_object *)doc);
}

const struct dande_jv *dande_json__root(const struct dande_jdoc *doc)
{
	return (const struct dande_jv *)doc;
}

const struct dande_jv *dande_json__get(const struct dande_jv *v,
				       const char *key)
{
	struct json_object *m;

	if (!v || !json_object_is_type(OBJ(v), json_type_object) ||
	    !json_object_object_get_ex(OBJ(v), key, &m) || !m)
		return NULL;
	return (const struct dande_jv *)m;
}

const char *dande_json__str(const struct dande_jv *v)
{
	return v && json_object_is_type(OBJ(v), json_type_string) ?
		json_object_get_string(OBJ(v)) : NULL;
}

int dande_json__int(const struct dande_jv *v, int64_t *out)
{
	if (!v || !(json_object_is_type(OBJ(v), json_type_int) ||
		    json_object_is_type(OBJ(v), json_type_double)))
		return -1;
	*out = json_object_get_int64(OBJ(v));
	return 0;
}

int dande_json__true(const struct dande_jv *v)
{
	return v && json_object_is_type(OBJ(v), json_type_boolean) &&
		json_object_get_boolean(OBJ(v));
}

int dande_json__is_array(const struct dande_jv *v)
{
	return v && json_object_is_type(OBJ(v), json_type_array);
}

int dande_json__is_object(const struct dande_jv *v)
{
	return v && json_object_is_type(OBJ(v), json_type_object);
}

size_t dande_json__len(const struct dande_jv *v)
{
	return dande_json__is_array(v) ? json_object_array_length(OBJ(v)) : 0;
}

const struct dande_jv *dande_json__at(const struct dande_jv *v, size_t i)
{
	if (i >= dande_json__len(v))
		return NULL;
	return (const struct dande_jv *)json_object_array_get_idx(OBJ(v), i);
}

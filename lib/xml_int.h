/*
 * xml_int.h: (internal to lib/) the one hardened, streaming XML reader
 * (libxml2's xmlTextReader).
 *
 * It never touches the network (XML_PARSE_NONET), never loads a DTD or an
 * external entity (no XML_PARSE_DTDLOAD, no XML_PARSE_NOENT, and an entity
 * loader that refuses everything), rejects any DOCTYPE outright (so no
 * entity can be declared, let alone expanded), and keeps libxml2's limits
 * on depth and text size (no XML_PARSE_HUGE). Memory stays flat in the size
 * of the input. Errors carry "path:line:col: reason".
 */
#ifndef DANDE_XML_INT_H
#define DANDE_XML_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dande/buf.h"

struct dande_xml;

enum dande_xml_event_type {
	DANDE_XML_START,	/* an element opens (name, depth, empty) */
	DANDE_XML_END,		/* an element closes (also after an empty one) */
	DANDE_XML_TEXT		/* text or CDATA inside the current element */
};

struct dande_xml_event {
	enum dande_xml_event_type type;
	const char *name;	/* local name, borrowed until the next call */
	const char *text;	/* TEXT: the characters, borrowed */
	size_t len;
	int depth;		/* 0 for the root element */
};

/* The deepest nesting accepted (libxml2 itself stops at 256). */
#define DANDE_XML_MAX_DEPTH 128

/* Open `path` for reading.  DANDE_ENOTFOUND when it does not exist,
 * DANDE_EEXTERNAL when it cannot be read. */
int dande_xml_open(struct dande_xml **out, const char *path);

/* Read from memory (for tests); `name` is used in messages. */
int dande_xml_open_memory(struct dande_xml **out, const char *data,
			  size_t len, const char *name);

/* The next event: 1 with `ev` filled, 0 at the end of the document, or
 * DANDE_EINVALID (malformed, hostile or not UTF-8) with the message
 * recorded as "path:line:col: reason". */
int dande_xml_next(struct dande_xml *x, struct dande_xml_event *ev);

/* The value of attribute `name` of the element just started, into `out`
 * (reset first): 1 when present, 0 when not. */
int dande_xml_attr(struct dande_xml *x, const char *name,
		   struct dande_buf *out);

/* Every attribute of the element just started, in one pass with no
 * copies: `fn` gets borrowed name and value. */
typedef void (*dande_xml_attr_fn)(void *payload, const char *name,
				  const char *value);
void dande_xml_attrs(struct dande_xml *x, dande_xml_attr_fn fn,
		     void *payload);

/* Where the reader is: the current line. */
int dande_xml_line(const struct dande_xml *x);

/* Bytes of the input the parser has consumed so far (for progress). */
uint64_t dande_xml_bytes(const struct dande_xml *x);

/* Record "path:line: reason" (DANDE_EINVALID) at the current position. */
int dande_xml_error(const struct dande_xml *x, const char *fmt, ...)
	DANDE_PRINTF(2, 3);

void dande_xml_free(struct dande_xml *x);

#endif

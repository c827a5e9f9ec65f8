/*
 * xml.c: the hardened streaming XML reader over libxml2's xmlTextReader;
 * the only file that includes libxml2.  See include/dande/xml.h for the
 * rules it enforces and why.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "dande/fs.h"
#include "xml_int.h"
#include "dande_int.h"
#include "util/banned.h"

struct dande_xml {
	xmlTextReaderPtr r;
	char *path;
	int failed;		/* an error was recorded by the handler */
	int pending_end;	/* an empty element owes its END event */
	int depth;
	struct dande_buf name;	/* the name owed to END */
	int fd;			/* the file read, -1 for memory */
};

static int initialised;

static xmlParserInputPtr no_entities(const char *url, const char *id,
				     xmlParserCtxtPtr ctxt)
{
	(void)id;
	(void)ctxt;
	/* Never read an external entity or DTD, from anywhere. */
	dande_error_set(DANDE_EINVALID, "refusing to load external entity "
			"'%s'", url ? url : "(null)");
	return NULL;
}

static void teardown(void)
{
	xmlCleanupParser();
	initialised = 0;
}

static void init_once(void)
{
	if (initialised)
		return;
	xmlInitParser();
	xmlSetExternalEntityLoader(no_entities);
	initialised = 1;
	dande__at_shutdown(teardown);
}

/* Keep the first error libxml2 reports, with its position. */
static void on_error(void *arg, xmlErrorPtr e)
{
	struct dande_xml *x = arg;
	char msg[512];
	size_t n;

	if (x->failed || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	/* one line: libxml2 adds detail ("Bytes: 0xFF ...") after a newline */
	msg[strcspn(msg, "\n")] = '\0';
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	x->failed = 1;
	dande_error_set(DANDE_EINVALID, "%s:%d:%d: %s", x->path, e->line,
			e->int2, msg);
}

static const int options = XML_PARSE_NONET | XML_PARSE_NOWARNING |
	XML_PARSE_NOERROR | XML_PARSE_NOBLANKS;

/*
 * The prolog, read before libxml2 reads it: a DOCTYPE with an internal
 * subset is refused here, not after libxml2 has parsed its declarations
 * (entities that refer to each other: a mutated billion laughs of 893
 * bytes, its references undefined, took libxml2 35 s of errors to
 * refuse).  A bare <!DOCTYPE x SYSTEM "x.dtd"> passes (it is never
 * loaded).  Bytes 0 are left out (UTF-16 and UCS-4 spell the markup
 * with them), and bytes of 0x80 and over between the markup (a BOM).
 */
#define PROLOG_MAX ((size_t)1 << 20)

enum prolog { PROLOG_MORE, PROLOG_OK, PROLOG_SUBSET };

/* The first `what` (w bytes) in `s` (n bytes), or NULL. */
static const char *find(const char *s, size_t n, const char *what, size_t w)
{
	size_t i;

	for (i = 0; i + w <= n; i++)
		if (s[i] == what[0] && !memcmp(s + i, what, w))
			return s + i;
	return NULL;
}

static int lines_in(const char *s, size_t n)
{
	int k = 0;

	while (n--)
		k += *s++ == '\n';
	return k;
}

/* `s` (n bytes, the prolog so far): whether it holds an internal subset
 * (its '[' on line *line), cannot hold one (the root element or other
 * content begins), or may in what follows. */
static enum prolog scan_prolog(const char *s, size_t n, int *line)
{
	size_t i = 0;
	int ln = 1;

	for (;;) {
		const char *end;
		char q = 0;
		size_t j;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
				 s[i] == '\n' || (unsigned char)s[i] >= 0x80))
			ln += s[i++] == '\n';
		if (i >= n || n - i < 9)
			return PROLOG_MORE;
		if (s[i] != '<')
			return PROLOG_OK;
		if (s[i + 1] == '?' || !memcmp(s + i, "<!--", 4)) {
			const char *close = s[i + 1] == '?' ? "?>" : "-->";

			end = find(s + i + 2, n - i - 2, close,
				   strlen(close));
			if (!end)
				return PROLOG_MORE;
			ln += lines_in(s + i, (size_t)(end - (s + i)));
			i = (size_t)(end - s) + strlen(close);
			continue;
		}
		if (memcmp(s + i, "<!DOCTYPE", 9))
			return PROLOG_OK;
		for (j = i + 9; j < n; j++) {
			if (q) {
				q = s[j] == q ? 0 : q;
			} else if (s[j] == '"' || s[j] == '\'') {
				q = s[j];
			} else if (s[j] == '[') {
				*line = ln + lines_in(s + i, j - i);
				return PROLOG_SUBSET;
			} else if (s[j] == '>') {
				break;
			}
		}
		if (j >= n)
			return PROLOG_MORE;
		ln += lines_in(s + i, j - i);
		i = j + 1;
	}
}

static void add_narrow(struct dande_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i])
			dande_buf_addch(b, s[i]);
}

static int prolog_refused(const char *path, enum prolog verdict,
			  size_t len, int line)
{
	if (verdict == PROLOG_SUBSET)
		return dande_error_set(DANDE_EINVALID, "%s:%d: DTD "
				       "declarations are not allowed", path,
				       line);
	if (len >= PROLOG_MAX)
		return dande_error_set(DANDE_EINVALID, "%s:%d: over %zu KiB "
				       "before the root element", path, line,
				       PROLOG_MAX >> 10);
	return 0;
}

/* The prolog of `data`, or of the file `fd` (read with pread: the
 * reader still starts at 0). */
static int check_prolog(const char *path, int fd, const char *data,
			size_t len)
{
	struct dande_buf b = DANDE_BUF_INIT;
	enum prolog v = PROLOG_MORE;
	char chunk[16384];
	off_t off = 0;
	int line = 1, r;

	while (v == PROLOG_MORE && b.len < PROLOG_MAX) {
		ssize_t got;

		if (fd >= 0) {
			got = pread(fd, chunk, sizeof(chunk), off);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			add_narrow(&b, chunk, (size_t)got);
		} else {
			size_t k = len - (size_t)off < sizeof(chunk) ?
				len - (size_t)off : sizeof(chunk);

			if (!k)
				break;
			add_narrow(&b, data + off, k);
			got = (ssize_t)k;
		}
		off += got;
		v = scan_prolog(b.ptr ? b.ptr : "", b.len, &line);
	}
	if (v == PROLOG_MORE && b.len >= PROLOG_MAX)
		line = 1 + lines_in(b.ptr, b.len);
	r = prolog_refused(path, v, v == PROLOG_MORE ? b.len : 0, line);
	dande_buf_release(&b);
	return r;
}

static int finish_open(struct dande_xml **out, struct dande_xml *x)
{
	if (!x->r) {
		dande_error_set(DANDE_EEXTERNAL, "cannot read '%s'", x->path);
		dande_xml_free(x);
		return DANDE_EEXTERNAL;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	*out = x;
	return 0;
}

static struct dande_xml *new_reader(const char *path)
{
	struct dande_xml *x = dande_xcalloc(1, sizeof(*x));

	init_once();
	x->path = dande_xstrdup(path);
	x->fd = -1;
	dande_buf_init(&x->name, 4096);
	return x;
}

int dande_xml_open(struct dande_xml **out, const char *path)
{
	struct dande_xml *x;
	struct stat st;
	int fd, r;

	*out = NULL;
	if ((r = dande_fs_open_input(path, &fd)) < 0)
		return r;
	if (fstat(fd, &st) == 0 && st.st_size == 0) {
		close(fd);
		return dande_error_set(DANDE_EINVALID, "%s:1: empty file",
				       path);
	}
	if ((r = check_prolog(path, fd, NULL, 0)) < 0) {
		close(fd);
		return r;
	}
	x = new_reader(path);
	/* the reader reads the descriptor checked above, not the path again */
	x->fd = fd;
	x->r = xmlReaderForFd(fd, path, NULL, options);
	return finish_open(out, x);
}

uint64_t dande_xml_bytes(const struct dande_xml *x)
{
	long n = x->r ? xmlTextReaderByteConsumed(x->r) : 0;

	return n > 0 ? (uint64_t)n : 0;
}

int dande_xml_open_memory(struct dande_xml **out, const char *data,
			  size_t len, const char *name)
{
	struct dande_xml *x;
	int r;

	*out = NULL;
	if ((r = check_prolog(name, -1, data, len)) < 0)
		return r;
	x = new_reader(name);
	x->r = xmlReaderForMemory(data, (int)len, name, NULL, options);
	return finish_open(out, x);
}

int dande_xml_error(const struct dande_xml *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return dande_error_set(DANDE_EINVALID, "%s:%d: %s", x->path,
			       dande_xml_line(x), msg);
}

int dande_xml_next(struct dande_xml *x, struct dande_xml_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (x->pending_end) {
		x->pending_end = 0;
		ev->type = DANDE_XML_END;
		ev->name = x->name.ptr;
		ev->depth = x->depth;
		return 1;
	}
	for (;;) {
		int rc = xmlTextReaderRead(x->r), type;

		if (x->failed)
			return DANDE_EINVALID;
		if (rc < 0)
			return dande_xml_error(x, "malformed XML");
		if (rc == 0)
			return 0;
		type = xmlTextReaderNodeType(x->r);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE: {
			/* A bare <!DOCTYPE x SYSTEM "x.dtd"> (CUnit writes
			 * one) is harmless: it is never loaded.  An internal
			 * subset could declare entities: refuse it. */
			/* (not xmlTextReaderCurrentDoc(): it hands the
			 * document to the caller, who must then free it) */
			xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
			xmlDtdPtr dtd = node && node->type == XML_DTD_NODE ?
				(xmlDtdPtr)node : NULL;

			if (dtd && (dtd->children || dtd->entities ||
				    dtd->pentities || dtd->elements ||
				    dtd->attributes || dtd->notations))
				return dande_xml_error(x, "DTD declarations "
						       "are not allowed");
			continue;
		}
		case XML_READER_TYPE_ENTITY_REFERENCE:
			return dande_xml_error(x, "entity references other "
					       "than the XML built-ins are not "
					       "allowed");
		case XML_READER_TYPE_ELEMENT:
			ev->type = DANDE_XML_START;
			ev->name = (const char *)
				xmlTextReaderConstLocalName(x->r);
			ev->depth = xmlTextReaderDepth(x->r);
			if (ev->depth >= DANDE_XML_MAX_DEPTH)
				return dande_xml_error(x, "elements nested "
						       "deeper than %d",
						       DANDE_XML_MAX_DEPTH);
			if (xmlTextReaderIsEmptyElement(x->r)) {
				dande_buf_reset(&x->name);
				if (dande_buf_adds(&x->name, ev->name) < 0)
					return dande_xml_error(x, "element "
							       "name too long");
				x->depth = ev->depth;
				x->pending_end = 1;
			}
			return 1;
		case XML_READER_TYPE_END_ELEMENT:
			ev->type = DANDE_XML_END;
			ev->name = (const char *)
				xmlTextReaderConstLocalName(x->r);
			ev->depth = xmlTextReaderDepth(x->r);
			return 1;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			ev->type = DANDE_XML_TEXT;
			ev->text = (const char *)xmlTextReaderConstValue(x->r);
			ev->len = ev->text ? strlen(ev->text) : 0;
			ev->depth = xmlTextReaderDepth(x->r);
			return 1;
		default:
			continue;
		}
	}
}

int dande_xml_attr(struct dande_xml *x, const char *name,
		   struct dande_buf *out)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);

	dande_buf_reset(out);
	if (!v)
		return 0;
	/* A value over the buffer's cap keeps its head. */
	if (dande_buf_adds(out, (const char *)v) < 0) {
		size_t room = out->max - out->len;

		dande_error_clear();
		dande_buf_add(out, v, room);
	}
	xmlFree(v);
	return 1;
}

void dande_xml_attrs(struct dande_xml *x, dande_xml_attr_fn fn,
		     void *payload)
{
	int rc;

	for (rc = xmlTextReaderMoveToFirstAttribute(x->r); rc == 1;
	     rc = xmlTextReaderMoveToNextAttribute(x->r)) {
		const char *name = (const char *)
			xmlTextReaderConstLocalName(x->r);
		const char *value = (const char *)
			xmlTextReaderConstValue(x->r);

		if (name && value)
			fn(payload, name, value);
	}
	xmlTextReaderMoveToElement(x->r);
}

int dande_xml_line(const struct dande_xml *x)
{
	xmlNodePtr node;
	long line;

	if (!x->r)
		return 0;
	/* the node's own line beats the parser's look-ahead position */
	node = xmlTextReaderCurrentNode(x->r);
	line = node ? xmlGetLineNo(node) : -1;
	return line > 0 ? (int)line : xmlTextReaderGetParserLineNumber(x->r);
}

void dande_xml_free(struct dande_xml *x)
{
	if (!x)
		return;
	if (x->r)
		xmlFreeTextReader(x->r);
	if (x->fd >= 0)
		close(x->fd);
	dande_buf_release(&x->name);
	free(x->path);
	free(x);
}

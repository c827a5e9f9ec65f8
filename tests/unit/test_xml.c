/*
 * Unit tests of lib/xml.c, the hardened reader: each kind of hostile
 * input is refused, and the message says why and where, so a user (and
 * this test) can tell an XXE refusal from a malformed file.
 */
#include <string.h>

#include "xml_int.h"
#include "lib/test.h"
#include "unit/suites.h"

/* Read `doc` to its end: 0, or the error with its message. */
static int read_all(const char *doc, size_t *starts)
{
	struct dande_xml *x = NULL;
	struct dande_xml_event ev;
	int r;

	*starts = 0;
	if ((r = dande_xml_open_memory(&x, doc, strlen(doc), "t.xml")) < 0)
		return r;
	while ((r = dande_xml_next(x, &ev)) > 0)
		*starts += ev.type == DANDE_XML_START;
	dande_xml_free(x);
	return r;
}

static void test_xml__reads_elements_text_and_attributes(void)
{
	static const char doc[] = "<?xml version=\"1.0\"?>\n"
		"<a n=\"1\"><b>t&amp;x</b><c/><![CDATA[<raw>]]></a>\n";
	struct dande_xml *x = NULL;
	struct dande_xml_event ev;
	struct dande_buf v = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_xml_open_memory(&x, doc, strlen(doc),
						    "t.xml"));
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_STRING_EQUAL(ev.name, "a");
	CU_ASSERT_EQUAL(dande_xml_attr(x, "n", &v), 1);
	CU_ASSERT_STRING_EQUAL(v.ptr, "1");
	CU_ASSERT_EQUAL(dande_xml_attr(x, "m", &v), 0);
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_STRING_EQUAL(ev.name, "b");
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_EQUAL(ev.type, DANDE_XML_TEXT);
	CU_ASSERT_STRING_EQUAL(ev.text, "t&x");
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_EQUAL(ev.type, DANDE_XML_END);
	/* an empty element still ends */
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_STRING_EQUAL(ev.name, "c");
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_EQUAL(ev.type, DANDE_XML_END);
	CU_ASSERT_STRING_EQUAL(ev.name, "c");
	CU_ASSERT_EQUAL(dande_xml_next(x, &ev), 1);
	CU_ASSERT_STRING_EQUAL(ev.text, "<raw>");
	dande_xml_free(x);
	dande_buf_release(&v);
}

static void test_xml__hostile_input_is_refused_saying_why(void)
{
	static const struct {
		const char *doc, *why;
	} cases[] = {
		/* XXE: an external entity would read a local file */
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
		  "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>\n",
		  "t.xml:2: DTD declarations are not allowed" },
		/* a billion laughs: internal entities, expanded or not */
		{ "<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]>"
		  "<r>&b;</r>", "DTD declarations are not allowed" },
		/* an external DTD with a parameter entity */
		{ "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1/x\">"
		  "%p;]><r/>", "t.xml:1: DTD declarations are not allowed" },
		/* an undeclared entity reference */
		{ "<r>&nope;</r>", "t.xml:1:10: Entity 'nope' not defined" },
		/* nesting past the limit */
		{ NULL, "elements nested deeper than 128" },
		/* the prolog is read first: a subset after comments and a
		 * processing instruction, a '[' in a quoted system id is not
		 * one, and over 1 MiB of prolog is refused */
		{ "<!-- a\n-->\n<?pi x?>\n<!DOCTYPE r SYSTEM \"a[b\" [\n]><r/>",
		  "t.xml:4: DTD declarations are not allowed" },
		/* not well-formed */
		{ "<r><a></r>", "t.xml:1:11: Opening and ending tag mismatch" },
		/* not UTF-8 where it says it is */
		{ "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>\xff\xfe</r>",
		  "t.xml:1:42: Input is not proper UTF-8" },
	};
	struct dande_buf deep = DANDE_BUF_INIT;
	size_t i, k, starts;

	for (k = 0; k < 200; k++)
		dande_buf_adds(&deep, "<d>");
	for (k = 0; k < 200; k++)
		dande_buf_adds(&deep, "</d>");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *doc = cases[i].doc ? cases[i].doc : deep.ptr;

		DANDE_ASSERT_ERR(read_all(doc, &starts), DANDE_EINVALID,
				 cases[i].why);
	}
	dande_buf_release(&deep);
}

static void test_xml__a_bare_doctype_is_harmless(void)
{
	/* CUnit writes this; the DTD is never loaded */
	static const char doc[] = "<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CUNIT_TEST_RUN_REPORT SYSTEM \"CUnit-Run.dtd\">\n"
		"<r><s/></r>\n";
	size_t starts;

	DANDE_ASSERT_OK(read_all(doc, &starts));
	CU_ASSERT_EQUAL(starts, 2);
	/* a '[' inside a quoted identifier opens no subset */
	DANDE_ASSERT_OK(read_all("<!DOCTYPE r SYSTEM \"a[b.dtd\"><r/>",
				 &starts));
	CU_ASSERT_EQUAL(starts, 1);
}

/* The prolog read first is bounded: a megabyte of comment before the
 * root is refused, not read on without end. */
static void test_xml__a_prolog_over_a_mebibyte_is_refused(void)
{
	struct dande_buf doc = DANDE_BUF_INIT;
	size_t starts, i;

	dande_buf_adds(&doc, "<!--");
	for (i = 0; i < 70000; i++)
		dande_buf_adds(&doc, "sixteen bytes.\n");
	dande_buf_adds(&doc, "--><r/>");
	DANDE_ASSERT_ERR(read_all(doc.ptr, &starts), DANDE_EINVALID,
			 "over 1024 KiB before the root element");
	dande_buf_release(&doc);
}

CU_TestInfo test_xml_tests[] = {
	{ "test_xml__a_prolog_over_a_mebibyte_is_refused",
	  test_xml__a_prolog_over_a_mebibyte_is_refused },
	{ "test_xml__reads_elements_text_and_attributes",
	  test_xml__reads_elements_text_and_attributes },
	{ "test_xml__hostile_input_is_refused_saying_why",
	  test_xml__hostile_input_is_refused_saying_why },
	{ "test_xml__a_bare_doctype_is_harmless",
	  test_xml__a_bare_doctype_is_harmless },
	CU_TEST_INFO_NULL
};

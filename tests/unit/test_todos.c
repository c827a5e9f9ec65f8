/*
 * The TODO matcher: which comment lines hold a tag, what text is kept,
 * and which texts cite an issue.
 */
#include <string.h>

#include "dande/todos.h"
#include "lib/test.h"
#include "unit/suites.h"

static const char *const tags[] = { "TODO", "FIXME", "XXX", "HACK", NULL };

/* The text found on `line`, or NULL when none. */
static const char *match(const char *line)
{
	static char text[600];
	struct dande_todo_hit hit;

	if (!dande_todo_match(line, strlen(line), tags, &hit))
		return NULL;
	memcpy(text, hit.tag, strlen(hit.tag));
	text[strlen(hit.tag)] = '|';
	memcpy(text + strlen(hit.tag) + 1, hit.text, hit.text_len);
	text[strlen(hit.tag) + 1 + hit.text_len] = '\0';
	return text;
}

static void test_todos__comments_in_many_languages(void)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{ "\tx = 1; // TODO: handle overflow", "TODO|handle overflow" },
		{ "/* FIXME the parser */", "FIXME|the parser" },
		{ " * XXX(ann): remove after 2.0", "XXX|(ann): remove after 2.0" },
		{ "# TODO", "TODO|" },
		{ "    # HACK! works around #12", "HACK|works around #12" },
		{ "-- TODO index this (SQL)", "TODO|index this (SQL)" },
		{ "; TODO lisp", "TODO|lisp" },
		{ "% TODO latex", "TODO|latex" },
		{ "<!-- TODO: the docs -->", "TODO|the docs" },
		{ "x = 1  # TODO:\tspaces\t ", "TODO|spaces" },
		{ "/// TODO doc comment", "TODO|doc comment" },
		{ "// TODO: crlf\r", "TODO|crlf" },
		/* not comments, not the tag, or not opening the comment */
		{ "todo = []  # the todo list", NULL },
		{ "// TODOS are listed", NULL },
		{ "// MYTODO x", NULL },
		{ "// see the TODO list", NULL },
		{ "printf(\"TODO: %s\", x);", NULL },
		{ "TODO: not in a comment", NULL },
		{ "x = y - TODO", NULL },
		{ "// TODO_LIST", NULL },
		{ "", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = match(cases[i].line);

		if (!cases[i].want) {
			if (got)
				fprintf(stderr, "\n'%s' matched '%s'\n",
					cases[i].line, got);
			CU_ASSERT_PTR_NULL(got);
		} else {
			CU_ASSERT_PTR_NOT_NULL_FATAL(got);
			if (strcmp(got, cases[i].want))
				fprintf(stderr, "\n'%s': '%s', want '%s'\n",
					cases[i].line, got, cases[i].want);
			CU_ASSERT_STRING_EQUAL(got, cases[i].want);
		}
	}
}

static void test_todos__own_tags_and_long_text(void)
{
	static const char *const mine[] = { "NOTE", NULL };
	char line[1200];
	struct dande_todo_hit hit;

	CU_ASSERT(dande_todo_match("# NOTE: x", 9, mine, &hit));
	CU_ASSERT_STRING_EQUAL(hit.tag, "NOTE");
	CU_ASSERT(!dande_todo_match("# TODO: x", 9, mine, &hit));
	/* the text is capped at 500 bytes, not inside a UTF-8 sequence */
	memcpy(line, "// TODO ", 8);
	memset(line + 8, 'a', 499);
	memcpy(line + 507, "\xc3\xa9\xc3\xa9", 4);
	CU_ASSERT(dande_todo_match(line, 511, tags, &hit));
	CU_ASSERT_EQUAL(hit.text_len, 499);
}

static void test_todos__issue_references(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "fix after #123", 1 },
		{ "see JIRA-42", 1 },
		{ "AB-1: split", 1 },
		{ "https://example.com/issues/9", 1 },
		{ "http://x", 1 },
		{ "fix the parser", 0 },
		{ "# not a ref", 0 },
		{ "UTF-8 handling", 0 },
		{ "SHA-256 and ISO-8601", 0 },
		{ "A-1 is too short", 0 },
		{ "xAB-12", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = dande_todo_has_ref(cases[i].text,
					     strlen(cases[i].text));

		if (got != cases[i].want)
			fprintf(stderr, "\n'%s': %d\n", cases[i].text, got);
		CU_ASSERT_EQUAL(got, cases[i].want);
	}
}

/* The gate: each rule fails only what it names, a line per failure. */
static void test_todos__gate(void)
{
	struct dande_todo t[3];
	struct dande_todos_report rep;
	struct dande_buf why = DANDE_BUF_INIT;

	memset(t, 0, sizeof(t));
	memset(&rep, 0, sizeof(rep));
	t[0].file = (char *)"a.c"; t[0].tag = (char *)"TODO";
	t[0].text = (char *)"old one"; t[0].line = 3;
	t[1].file = (char *)"b.c"; t[1].tag = (char *)"FIXME";
	t[1].text = (char *)"new, see #12"; t[1].line = 7;
	t[1].is_new = t[1].has_ref = 1;
	t[2].file = (char *)"c.c"; t[2].tag = (char *)"XXX";
	t[2].text = (char *)"new, no ref"; t[2].line = 9; t[2].is_new = 1;
	rep.t = t;
	rep.nr = 3;

	CU_ASSERT_EQUAL(dande_todos_gate(&rep, -1, 0, 0, &why), 0);
	CU_ASSERT_EQUAL(dande_todos_gate(&rep, 3, 0, 0, &why), 0);
	CU_ASSERT_EQUAL(why.len, 0);
	CU_ASSERT_EQUAL(dande_todos_gate(&rep, 2, 0, 0, &why), 1);
	CU_ASSERT_STRING_EQUAL(why.ptr, "3 open TODOs, more than the 2 allowed\n");
	dande_buf_reset(&why);
	CU_ASSERT_EQUAL(dande_todos_gate(&rep, -1, 0, 1, &why), 1);
	CU_ASSERT_STRING_EQUAL(why.ptr, "c.c:9: new XXX cites no issue (#12, "
			    "ABC-12 or a URL): new, no ref\n");
	dande_buf_reset(&why);
	/* --no-new names every new one, cited or not */
	CU_ASSERT_EQUAL(dande_todos_gate(&rep, 0, 1, 1, &why), 3);
	CU_ASSERT_STRING_EQUAL(why.ptr, "3 open TODOs, more than the 0 allowed\n"
			    "b.c:7: new FIXME: new, see #12\n"
			    "c.c:9: new XXX: new, no ref\n");
	dande_buf_release(&why);
}

CU_TestInfo test_todos_tests[] = {
	{ "test_todos__gate", test_todos__gate },
	{ "test_todos__comments_in_many_languages",
	  test_todos__comments_in_many_languages },
	{ "test_todos__own_tags_and_long_text",
	  test_todos__own_tags_and_long_text },
	{ "test_todos__issue_references", test_todos__issue_references },
	CU_TEST_INFO_NULL
};

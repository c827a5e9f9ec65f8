/* Unit tests of lib/util/error.c: recording, wrapping, exit codes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dande/exit.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_error__set_and_clear(void)
{
	CU_ASSERT_EQUAL(dande_error_set(DANDE_EINVALID, "bad '%s'", "x"),
			DANDE_EINVALID);
	CU_ASSERT_STRING_EQUAL(dande_error_last()->message, "bad 'x'");
	CU_ASSERT_EQUAL(dande_error_last()->code, DANDE_EINVALID);
	dande_error_clear();
	CU_ASSERT_PTR_NULL(dande_error_last());
	CU_ASSERT_EQUAL(dande_error_wrap("ctx"), DANDE_ERROR);
}

static void test_error__os_appends_strerror(void)
{
	errno = ENOENT;
	dande_error_set_os(DANDE_EEXTERNAL, "cannot open '%s'", "f");
	CU_ASSERT_STRING_EQUAL(dande_error_last()->message,
			       "cannot open 'f': No such file or directory");
}

static void test_error__wrap_prefixes_and_keeps_code(void)
{
	dande_error_set(DANDE_EBUSY, "locked");
	CU_ASSERT_EQUAL(dande_error_wrap("opening '%s'", "db"), DANDE_EBUSY);
	CU_ASSERT_STRING_EQUAL(dande_error_last()->message,
			       "opening 'db': locked");
}

static void test_error__long_messages_are_truncated_safely(void)
{
	char big[3000];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dande_error_set(DANDE_EINVALID, "%s", big);
	CU_ASSERT_EQUAL(strlen(dande_error_last()->message),
			DANDE_ERROR_MSG_MAX - 1);
	dande_error_wrap("%s", big);
	CU_ASSERT_EQUAL(strlen(dande_error_last()->message),
			DANDE_ERROR_MSG_MAX - 1);
}

static void test_error__exit_codes(void)
{
	static const struct {
		int code, exit;
	} cases[] = {
		{ DANDE_OK, DANDE_EXIT_OK },
		{ DANDE_EUSAGE, DANDE_EXIT_USAGE },
		{ DANDE_EINVALID, DANDE_EXIT_DATA },
		{ DANDE_ETOOBIG, DANDE_EXIT_DATA },
		{ DANDE_EEXTERNAL, DANDE_EXIT_ENV },
		{ DANDE_EBUSY, DANDE_EXIT_ENV },
		{ DANDE_ENOTFOUND, DANDE_EXIT_ENV },
		{ DANDE_ERROR, DANDE_EXIT_BUG },
		{ -99, DANDE_EXIT_BUG },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CU_ASSERT_EQUAL(dande_exit_from_error(cases[i].code),
				cases[i].exit);
}

static void test_error__xalloc(void)
{
	char *s = dande_xstrndup("abcdef", 3);

	CU_ASSERT_STRING_EQUAL(s, "abc");
	s = dande_xrealloc(s, 100);
	CU_ASSERT_STRING_EQUAL(s, "abc");
	free(s);
	s = dande_xcalloc(0, 0);
	CU_ASSERT_PTR_NOT_NULL(s);
	free(s);
}

/* A message reworded from itself (a caller adding context in front). */
static void test_error__set_from_the_last_message(void)
{
	dande_error_set(DANDE_ENOTFOUND, "no such file: %s", "a.yml");
	dande_error_set(DANDE_EEXTERNAL, "cannot start (%s)",
			dande_error_last()->message);
	CU_ASSERT_EQUAL(dande_error_last()->code, DANDE_EEXTERNAL);
	CU_ASSERT_STRING_EQUAL(dande_error_last()->message,
			       "cannot start (no such file: a.yml)");
	dande_error_clear();
}

/* A message longer than the record is cut visibly, never silently. */
static void test_error__a_long_message_says_it_was_cut(void)
{
	char big[3000];
	const struct dande_error *e;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dande_error_set(DANDE_EINVALID, "%s", big);
	e = dande_error_last();
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(strlen(e->message), DANDE_ERROR_MSG_MAX - 1);
	CU_ASSERT_STRING_EQUAL(e->message + strlen(e->message) - 3, "...");
	dande_error_clear();
}

/* DANDE_GROW: `first` elements to begin with, doubled when full, the
 * same array while there is room, every element kept. */
static void test_error__grow_doubles_when_full(void)
{
	int *v = NULL, *before;
	size_t n = 0, alloc = 0, i;

	DANDE_GROW(v, n, alloc, 4);
	CU_ASSERT_EQUAL(alloc, 4);
	for (i = 0; i < 4; i++) {
		before = v;
		DANDE_GROW(v, n, alloc, 4);
		CU_ASSERT_PTR_EQUAL(v, before);
		v[n++] = (int)i;
	}
	DANDE_GROW(v, n, alloc, 4);
	CU_ASSERT_EQUAL(alloc, 8);
	for (; n < 100; n++) {
		DANDE_GROW(v, n, alloc, 4);
		v[n] = (int)n;
	}
	CU_ASSERT_EQUAL(alloc, 128);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(v[i], (int)i);
	free(v);
}

CU_TestInfo test_error_tests[] = {
	{ "test_error__grow_doubles_when_full",
	  test_error__grow_doubles_when_full },
	{ "test_error__a_long_message_says_it_was_cut",
	  test_error__a_long_message_says_it_was_cut },
	{ "test_error__set_from_the_last_message",
	  test_error__set_from_the_last_message },
	{ "test_error__set_and_clear", test_error__set_and_clear },
	{ "test_error__os_appends_strerror", test_error__os_appends_strerror },
	{ "test_error__wrap_prefixes_and_keeps_code",
	  test_error__wrap_prefixes_and_keeps_code },
	{ "test_error__long_messages_are_truncated_safely",
	  test_error__long_messages_are_truncated_safely },
	{ "test_error__exit_codes", test_error__exit_codes },
	{ "test_error__xalloc", test_error__xalloc },
	CU_TEST_INFO_NULL
};

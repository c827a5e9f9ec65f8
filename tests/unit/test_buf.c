/* Unit tests of lib/util/buf.c: the buffer's invariants and the strvec. */
#include <stdlib.h>
#include <string.h>

#include "lib/test.h"
#include "unit/suites.h"

static void test_buf__starts_empty_and_terminated(void)
{
	struct dande_buf b = DANDE_BUF_INIT;

	CU_ASSERT_PTR_NOT_NULL(b.ptr);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(b.ptr[0], '\0');
	dande_buf_release(&b);
	CU_ASSERT_EQUAL(b.ptr[0], '\0');
}

static void test_buf__appends(void)
{
	struct dande_buf b = DANDE_BUF_INIT;

	DANDE_ASSERT_OK(dande_buf_adds(&b, "abc"));
	DANDE_ASSERT_OK(dande_buf_addch(&b, '-'));
	DANDE_ASSERT_OK(dande_buf_addf(&b, "%d/%s", 42, "x"));
	DANDE_ASSERT_OK(dande_buf_add(&b, "\0z", 2));
	CU_ASSERT_EQUAL(b.len, 10);
	CU_ASSERT_EQUAL(memcmp(b.ptr, "abc-42/x\0z", 10), 0);
	CU_ASSERT_EQUAL(b.ptr[b.len], '\0');
	dande_buf_setlen(&b, 3);
	CU_ASSERT_STRING_EQUAL(b.ptr, "abc");
	dande_buf_reset(&b);
	CU_ASSERT_STRING_EQUAL(b.ptr, "");
	dande_buf_release(&b);
}

static void test_buf__grows_past_many_reallocations(void)
{
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		DANDE_ASSERT_OK(dande_buf_addf(&b, "%05zu", i));
	CU_ASSERT_EQUAL(b.len, 50000);
	CU_ASSERT_EQUAL(memcmp(b.ptr + 49995, "09999", 5), 0);
	dande_buf_release(&b);
}

static void test_buf__cap_refuses_and_keeps_content(void)
{
	struct dande_buf b;

	dande_buf_init(&b, 8);
	DANDE_ASSERT_OK(dande_buf_adds(&b, "12345678"));
	DANDE_ASSERT_ERR(dande_buf_adds(&b, "9"), DANDE_ETOOBIG, "limit");
	DANDE_ASSERT_ERR(dande_buf_addf(&b, "%s", "long"), DANDE_ETOOBIG,
			 NULL);
	CU_ASSERT_STRING_EQUAL(b.ptr, "12345678");
	dande_buf_release(&b);
}

static void test_buf__detach_hands_over(void)
{
	struct dande_buf b = DANDE_BUF_INIT;
	size_t len;
	char *s;

	s = dande_buf_detach(&b, &len);
	CU_ASSERT_STRING_EQUAL(s, "");
	free(s);
	dande_buf_adds(&b, "hello");
	s = dande_buf_detach(&b, &len);
	CU_ASSERT_STRING_EQUAL(s, "hello");
	CU_ASSERT_EQUAL(len, 5);
	CU_ASSERT_EQUAL(b.len, 0);
	free(s);
}

static void test_buf__read_file_missing_is_notfound(void)
{
	struct dande_buf b = DANDE_BUF_INIT;

	DANDE_ASSERT_ERR(dande_buf_read_file(&b, "/nonexistent/x"),
			 DANDE_ENOTFOUND, "/nonexistent/x");
	dande_buf_release(&b);
}

static void test_buf__strvec(void)
{
	struct dande_strvec sv = DANDE_STRVEC_INIT;
	const char *more[] = { "c", "d", NULL };
	size_t i;

	CU_ASSERT_PTR_NULL(sv.v[0]);
	dande_strvec_push(&sv, "a");
	dande_strvec_pushf(&sv, "b%d", 1);
	dande_strvec_pushv(&sv, more);
	CU_ASSERT_EQUAL(sv.nr, 4);
	CU_ASSERT_STRING_EQUAL(sv.v[1], "b1");
	CU_ASSERT_STRING_EQUAL(sv.v[3], "d");
	CU_ASSERT_PTR_NULL(sv.v[4]);
	for (i = 0; i < 100; i++)
		dande_strvec_push(&sv, "x");
	CU_ASSERT_EQUAL(sv.nr, 104);
	dande_strvec_clear(&sv);
	CU_ASSERT_EQUAL(sv.nr, 0);
	CU_ASSERT_PTR_NULL(sv.v[0]);
	dande_strvec_release(&sv);
	CU_ASSERT_PTR_NULL(sv.v[0]);
}

static void test_buf__word_in_list(void)
{
	CU_ASSERT(dande_word_in_list("version,changelog", "changelog"));
	CU_ASSERT(dande_word_in_list(" chore, docs\ttest ", "test"));
	CU_ASSERT(!dande_word_in_list("version,changelog", "change"));
	CU_ASSERT(!dande_word_in_list("versions", "version"));
	CU_ASSERT(!dande_word_in_list("", "x"));
	CU_ASSERT(!dande_word_in_list(NULL, "x"));
}

/* A small cap reads a file up to the cap; one byte more is too big,
 * never silently cut. */
static void test_buf__read_file_up_to_a_small_cap(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf p = DANDE_BUF_INIT, b;

	dande_buf_addf(&p, "%s/f", dir);
	dande_test_write(dir, "f", "0123456789");
	dande_buf_init(&b, 10);
	DANDE_ASSERT_OK(dande_buf_read_file(&b, p.ptr));
	CU_ASSERT_EQUAL(b.len, 10);
	dande_buf_release(&b);
	dande_buf_init(&b, 9);
	DANDE_ASSERT_ERR(dande_buf_read_file(&b, p.ptr), DANDE_ETOOBIG,
			 "limit of 9 bytes");
	dande_buf_release(&b);
	dande_buf_init(&b, 256);
	DANDE_ASSERT_OK(dande_buf_read_file(&b, p.ptr));
	CU_ASSERT_STRING_EQUAL(b.ptr, "0123456789");
	dande_buf_release(&b);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

/* Untrusted text for a terminal: C0 (but tab, and newline when asked),
 * DEL, C1 and bytes that are not UTF-8 become \xNN; the rest, UTF-8
 * included, passes. */
static void test_buf__printable_escapes_control_characters(void)
{
	static const struct {
		const char *in;
		int multiline;
		const char *out;
	} cases[] = {
		{ "plain caf\xc3\xa9\tx", 0, "plain caf\xc3\xa9\tx" },
		{ "a\x1b[2Jb", 0, "a\\x1b[2Jb" },
		{ "t\x1b]0;pwned\x07", 0, "t\\x1b]0;pwned\\x07" },
		{ "two\nlines\r", 0, "two\\x0alines\\x0d" },
		{ "two\nlines", 1, "two\nlines" },
		{ "csi\xc2\x9b" "2J del\x7f", 0, "csi\\x9b2J del\\x7f" },
		{ "lone\x9b", 0, "lone\\x9b" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	struct dande_printable pr = DANDE_PRINTABLE_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dande_buf_reset(&b);
		dande_buf_add_printable(&b, cases[i].in, strlen(cases[i].in),
					cases[i].multiline);
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].out);
	}
	CU_ASSERT_STRING_EQUAL(dande_printable(&pr, "x\x1by"), "x\\x1by");
	CU_ASSERT_STRING_EQUAL(dande_printable(&pr, NULL), "");
	dande_printable_release(&pr);
	dande_buf_release(&b);
}

/* roff: requests cannot be smuggled in, escapes are literal. */
static void test_buf__roff_escapes(void)
{
	struct dande_buf b = DANDE_BUF_INIT;

	dande_buf_add_roff(&b, ".TH x\n'br\na\\fB-b.c\n", 19);
	CU_ASSERT_STRING_EQUAL(b.ptr, "\\&.TH x\n\\&'br\na\\efB\\-b.c\n");
	/* mid-line: a dot is text */
	dande_buf_reset(&b);
	dande_buf_adds(&b, "see ");
	dande_buf_add_roff(&b, ".dande.conf", 11);
	CU_ASSERT_STRING_EQUAL(b.ptr, "see .dande.conf");
	dande_buf_release(&b);
}

CU_TestInfo test_buf_tests[] = {
	{ "test_buf__roff_escapes", test_buf__roff_escapes },
	{ "test_buf__printable_escapes_control_characters",
	  test_buf__printable_escapes_control_characters },
	{ "test_buf__read_file_up_to_a_small_cap",
	  test_buf__read_file_up_to_a_small_cap },
	{ "test_buf__word_in_list", test_buf__word_in_list },
	{ "test_buf__starts_empty_and_terminated",
	  test_buf__starts_empty_and_terminated },
	{ "test_buf__appends", test_buf__appends },
	{ "test_buf__grows_past_many_reallocations",
	  test_buf__grows_past_many_reallocations },
	{ "test_buf__cap_refuses_and_keeps_content",
	  test_buf__cap_refuses_and_keeps_content },
	{ "test_buf__detach_hands_over", test_buf__detach_hands_over },
	{ "test_buf__read_file_missing_is_notfound",
	  test_buf__read_file_missing_is_notfound },
	{ "test_buf__strvec", test_buf__strvec },
	CU_TEST_INFO_NULL
};

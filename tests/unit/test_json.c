/* Unit tests of lib/util/json.c: structure, escaping, numbers. */
#include <stdlib.h>
#include <string.h>

#include "dande/json.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_json__compact_nesting(void)
{
	struct dande_buf b = DANDE_BUF_INIT;
	struct dande_json j;

	dande_json_init(&j, &b, 0);
	dande_json_object_begin(&j);
	dande_json_key(&j, "a");
	dande_json_int(&j, -3);
	dande_json_key(&j, "list");
	dande_json_array_begin(&j);
	dande_json_bool(&j, 1);
	dande_json_null(&j);
	dande_json_string(&j, "x");
	dande_json_object_begin(&j);
	dande_json_object_end(&j);
	dande_json_array_end(&j);
	dande_json_key(&j, "empty");
	dande_json_array_begin(&j);
	dande_json_array_end(&j);
	dande_json_key(&j, "s");
	dande_json_string(&j, NULL);
	dande_json_object_end(&j);
	CU_ASSERT_STRING_EQUAL(b.ptr, "{\"a\":-3,\"list\":[true,null,\"x\",{}],"
			       "\"empty\":[],\"s\":null}");
	dande_buf_release(&b);
}

static void test_json__pretty(void)
{
	struct dande_buf b = DANDE_BUF_INIT;
	struct dande_json j;

	dande_json_init(&j, &b, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "a");
	dande_json_array_begin(&j);
	dande_json_int(&j, 1);
	dande_json_int(&j, 2);
	dande_json_array_end(&j);
	dande_json_object_end(&j);
	CU_ASSERT_STRING_EQUAL(b.ptr, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
	dande_buf_release(&b);
}

static void test_json__escapes(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "plain", 5, "plain" },
		{ "q\"b\\", 4, "q\\\"b\\\\" },
		{ "\n\r\t", 3, "\\n\\r\\t" },
		{ "\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f" },
		{ "nul\0x", 5, "nul\\u0000x" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
		{ "\xe2\x82\xac", 3, "\xe2\x82\xac" },
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
		{ "bad\xff", 4, "bad\\ufffd" },
		{ "trunc\xe2\x82", 7, "trunc\\ufffd\\ufffd" },
		{ "overlong\xc0\xaf", 10, "overlong\\ufffd\\ufffd" },
		{ "surrogate\xed\xa0\x80", 12, "surrogate\\ufffd\\ufffd\\ufffd" },
		/* C1 controls are legal JSON, but a terminal obeys them */
		{ "csi\xc2\x9b" "2J", 7, "csi\\u009b2J" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dande_buf_reset(&b);
		dande_json_escape(&b, cases[i].in, cases[i].len);
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].out);
	}
	dande_buf_release(&b);
}

static void test_json__doubles(void)
{
	static const struct {
		double in;
		const char *out;
	} cases[] = {
		{ 0.0, "0.0" }, { 85.0, "85.0" }, { 0.1, "0.1" },
		{ 84.2, "84.2" }, { 1e300, "1e+300" }, { -2.5, "-2.5" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	struct dande_json j;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dande_buf_reset(&b);
		dande_json_init(&j, &b, 0);
		dande_json_double(&j, cases[i].in);
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].out);
	}
	dande_buf_reset(&b);
	dande_json_init(&j, &b, 0);
	dande_json_double(&j, 0.0 / 0.0);
	CU_ASSERT_STRING_EQUAL(b.ptr, "null");
	dande_buf_release(&b);
}

CU_TestInfo test_json_tests[] = {
	{ "test_json__compact_nesting", test_json__compact_nesting },
	{ "test_json__pretty", test_json__pretty },
	{ "test_json__escapes", test_json__escapes },
	{ "test_json__doubles", test_json__doubles },
	CU_TEST_INFO_NULL
};

/* Unit tests of lib/store/table.c: CSV quoting, aligned text and JSON rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "dande/table.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_table__csv_fields(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" }, { "", "" }, { "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" }, { " pad", "\" pad\"" },
		{ "cr\r", "\"cr\r\"" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dande_buf_reset(&b);
		dande_table_csv_field(&b, cases[i].in, strlen(cases[i].in));
		CU_ASSERT_STRING_EQUAL(b.ptr, cases[i].out);
	}
	dande_buf_release(&b);
}

/* Feed two rows of mixed types to a writer for `fmt`, into a file. */
static char *render(enum dande_table_format fmt)
{
	const char *names[] = { "id", "name", "ratio", "note" };
	struct dande_db_value rows[2][4] = {
		{ { DANDE_DB_INTEGER, 1, 0, NULL, 0 },
		  { DANDE_DB_TEXT, 0, 0, "alpha", 5 },
		  { DANDE_DB_REAL, 0, 0.5, NULL, 0 },
		  { DANDE_DB_NULL, 0, 0, NULL, 0 } },
		{ { DANDE_DB_INTEGER, 22, 0, NULL, 0 },
		  { DANDE_DB_TEXT, 0, 0, "b, \"q\"", 6 },
		  { DANDE_DB_REAL, 0, 85, NULL, 0 },
		  { DANDE_DB_BLOB, 0, 0, "\x01\xff", 2 } },
	};
	struct dande_table_writer w;
	struct dande_buf path = DANDE_BUF_INIT;
	char *dir = dande_test_tmpdir(), *got;

	dande_buf_addf(&path, "%s/out", dir);
	DANDE_ASSERT_OK(dande_table_writer_open(&w, fmt, path.ptr, NULL));
	DANDE_ASSERT_OK(dande_table_row(&w, 4, names, NULL));
	DANDE_ASSERT_OK(dande_table_row(&w, 4, names, rows[0]));
	DANDE_ASSERT_OK(dande_table_row(&w, 4, names, rows[1]));
	DANDE_ASSERT_OK(dande_table_writer_close(&w, 0));
	got = dande_test_read(path.ptr);
	dande_buf_release(&path);
	dande_test_rmtree(dir);
	return got;
}

static void test_table__formats(void)
{
	char *s;

	s = render(DANDE_TABLE_CSV);
	CU_ASSERT_STRING_EQUAL(s, "id,name,ratio,note\n1,alpha,0.5,\n"
			       "22,\"b, \"\"q\"\"\",85.0,x'01ff'\n");
	free(s);
	s = render(DANDE_TABLE_TEXT);
	CU_ASSERT_STRING_EQUAL(s, "id  name    ratio  note\n"
			       "--  ------  -----  -------\n"
			       "1   alpha   0.5    NULL\n"
			       "22  b, \"q\"  85.0   x'01ff'\n");
	free(s);
	s = render(DANDE_TABLE_JSON);
	CU_ASSERT_STRING_EQUAL(s, "[\n  {\n    \"id\": 1,\n    \"name\": "
			       "\"alpha\",\n    \"ratio\": 0.5,\n    \"note\": "
			       "null\n  },\n  {\n    \"id\": 22,\n    \"name\": "
			       "\"b, \\\"q\\\"\",\n    \"ratio\": 85.0,\n    "
			       "\"note\": \"x'01ff'\"\n  }\n]\n");
	free(s);
}

static void test_table__failure_discards_file(void)
{
	struct dande_table_writer w;
	struct dande_buf path = DANDE_BUF_INIT;
	char *dir = dande_test_tmpdir();
	const char *names[] = { "a" };

	dande_buf_addf(&path, "%s/out", dir);
	DANDE_ASSERT_OK(dande_table_writer_open(&w, DANDE_TABLE_CSV,
						path.ptr, NULL));
	DANDE_ASSERT_OK(dande_table_row(&w, 1, names, NULL));
	CU_ASSERT_EQUAL(dande_table_writer_close(&w, DANDE_EUSAGE),
			DANDE_EUSAGE);
	CU_ASSERT(!dande_fs_exists(path.ptr));
	dande_buf_release(&path);
	dande_test_rmtree(dir);
}

/* Without a path, rows go to the caller's stream, not to stdout. */
static void test_table__writes_to_the_callers_stream(void)
{
	struct dande_table_writer w;
	const char *names[] = { "n" };
	struct dande_db_value v = { DANDE_DB_INTEGER, 7, 0, NULL, 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	DANDE_ASSERT_OK(dande_table_writer_open(&w, DANDE_TABLE_CSV, NULL, f));
	DANDE_ASSERT_OK(dande_table_row(&w, 1, names, NULL));
	DANDE_ASSERT_OK(dande_table_row(&w, 1, names, &v));
	DANDE_ASSERT_OK(dande_table_writer_close(&w, 0));
	fclose(f);
	CU_ASSERT_STRING_EQUAL(text, "n\n7\n");
	free(text);
}

CU_TestInfo test_table_tests[] = {
	{ "test_table__writes_to_the_callers_stream",
	  test_table__writes_to_the_callers_stream },
	{ "test_table__csv_fields", test_table__csv_fields },
	{ "test_table__formats", test_table__formats },
	{ "test_table__failure_discards_file",
	  test_table__failure_discards_file },
	CU_TEST_INFO_NULL
};

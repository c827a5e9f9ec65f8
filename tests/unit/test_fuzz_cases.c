/*
 * The inputs the fuzzers found crashing a reader (tests/data/fuzz/), fed
 * again in buffers of exactly their size: no read past the end (ASan
 * under make asan), an answer either way.
 */
#include <stdlib.h>
#include <string.h>

#include "dande/coverage.h"
#include "dande/covgate.h"
#include "lib/test.h"
#include "unit/suites.h"

/* The file's bytes in a buffer of exactly their size. */
static char *exact(const char *name, size_t *len)
{
	struct dande_buf p = DANDE_BUF_INIT, b = DANDE_BUF_INIT;
	char *copy;

	dande_buf_addf(&p, "%s/fuzz/%s", dande_test_data(), name);
	DANDE_ASSERT_OK(dande_buf_read_file(&b, p.ptr));
	*len = b.len;
	copy = dande_xmalloc(b.len ? b.len : 1);
	memcpy(copy, b.ptr, b.len);
	dande_buf_release(&b);
	dande_buf_release(&p);
	return copy;
}

static void test_fuzz_cases__patch_hunk_header_at_the_end(void)
{
	struct dande_patch *p = NULL;
	size_t len;
	char *d = exact("patch-hunk-header-at-the-end.diff", &len);
	int r = dande_patch_parse(&p, d, len, "f.diff");

	CU_ASSERT(r == 0 || r == DANDE_EINVALID);
	dande_patch_free(p);
	dande_error_clear();
	free(d);
}

static void test_fuzz_cases__lcov_last_line_unterminated(void)
{
	struct dande_cov *c = NULL;
	size_t len;
	char *d = exact("lcov-last-line-unterminated.lcov", &len);
	int r;

	dande_cov_new(&c, "/repo");
	r = dande_cov_load_memory(c, d, len, "f.lcov", NULL);
	CU_ASSERT(r == 0 || r == DANDE_EINVALID);
	dande_cov_free(c);
	dande_error_clear();
	free(d);
}

CU_TestInfo test_fuzz_cases_tests[] = {
	{ "test_fuzz_cases__patch_hunk_header_at_the_end",
	  test_fuzz_cases__patch_hunk_header_at_the_end },
	{ "test_fuzz_cases__lcov_last_line_unterminated",
	  test_fuzz_cases__lcov_last_line_unterminated },
	CU_TEST_INFO_NULL
};

/* Every coverage reader (Cobertura, JaCoCo, LCOV, gcov JSON: told apart
 * by content), over any bytes; a report that loads has sane totals. */
#include "dande/coverage.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_cov *c = NULL;
	struct dande_cov_totals t;

	dande_cov_new(&c, "/repo");
	if (dande_cov_load_memory(c, (const char *)data, size, "f", NULL) ==
	    0) {
		dande_cov_totals(c, &t);
		FUZZ_ASSERT(t.lines_covered <= t.lines_valid);
		FUZZ_ASSERT(t.branches_covered <= t.branches_valid);
	}
	dande_cov_free(c);
	dande_error_clear();
	return 0;
}

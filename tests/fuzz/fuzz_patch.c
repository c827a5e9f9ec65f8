/* The unified diff reader of patch coverage, over any bytes. */
#include "dande/coverage.h"
#include "dande/covgate.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_patch *p = NULL;
	struct dande_patch_result r;
	struct dande_cov *c = NULL;

	if (dande_patch_parse(&p, (const char *)data, size, "f.diff") == 0) {
		dande_cov_new(&c, "/repo");
		dande_patch_cover(p, c, &r);
		FUZZ_ASSERT(r.changed_covered <= r.changed_lines);
		dande_patch_result_release(&r);
		dande_cov_free(c);
	}
	dande_patch_free(p);
	dande_error_clear();
	return 0;
}

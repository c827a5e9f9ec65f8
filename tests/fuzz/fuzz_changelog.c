/* The changelog: parsing never fails on content, rendering gives back the
 * same bytes, lint and show run on anything, an added entry and a release
 * keep the rest of the file. */
#include "dande/buf.h"
#include "dande/changelog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_changelog *cl = NULL;
	struct dande_buf out = DANDE_BUF_INIT;

	dande_buf_init(&out, (size_t)1 << 30);
	if (dande_changelog_parse(&cl, (const char *)data, size, "CL.md") ==
	    0) {
		dande_changelog_render(cl, &out);
		FUZZ_ASSERT(out.len == size &&
			    (size == 0 || !memcmp(out.ptr, data, size)));
		dande_buf_reset(&out);
		dande_changelog_lint(cl, &out);
		dande_buf_reset(&out);
		(void)dande_changelog_show(cl, "latest", &out, 1);
		dande_error_clear();
		if (dande_changelog_add(cl, "fixed", "a fuzzed entry") == 0)
			(void)dande_changelog_release(cl, "9.9.9",
						      "2026-12-01", NULL, NULL,
						      1);
		dande_error_clear();
		dande_buf_reset(&out);
		dande_changelog_render(cl, &out);
	}
	dande_changelog_free(cl);
	dande_buf_release(&out);
	dande_error_clear();
	return 0;
}

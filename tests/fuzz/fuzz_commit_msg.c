/* The conventional-commit parser and the commit-msg lint, on any text. */
#include "dande/changelog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct dande_commit_msg m;

	if (dande_commit_msg_parse(&m, s) == 0) {
		FUZZ_ASSERT(m.type && *m.type && m.scope && m.description);
		(void)dande_commit_msg_section(&m);
	}
	dande_commit_msg_release(&m);
	(void)dande_commit_msg_lint(s);
	dande_error_clear();
	free(s);
	return 0;
}

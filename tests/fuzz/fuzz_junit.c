/* The JUnit reader (through the hardened XML reader), over any bytes. */
#include "dande/junit.h"
#include "fuzz.h"

static int on_case(void *payload, const struct dande_junit_case *c)
{
	size_t *n = payload;

	FUZZ_ASSERT(c->name != NULL);
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_junit_opts o = { DANDE_JUNIT_DEFAULT_CAP, on_case, NULL,
				      NULL, NULL };
	struct dande_junit_info info;
	size_t n = 0;

	o.payload = &n;
	if (dande_junit_parse_memory((const char *)data, size, "f.xml", &o,
				     &info) == 0)
		FUZZ_ASSERT((int64_t)n == info.cases);
	dande_error_clear();
	return 0;
}

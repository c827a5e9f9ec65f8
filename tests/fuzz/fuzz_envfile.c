/* The .env reader, on any bytes. */
#include "dande/env.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_envfile f = DANDE_ENVFILE_INIT;
	int line;

	if (dande_envfile_load(&f, fuzz_file(data, size, ".env")) == 0)
		(void)dande_envfile_get(&f, "POSTGRES_DB", &line);
	dande_envfile_release(&f);
	dande_error_clear();
	return 0;
}

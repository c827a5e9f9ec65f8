/* The Compose reader (libyaml) and ${VAR} interpolation, on any bytes. */
#include "dande/buf.h"
#include "env/compose_int.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dande_compose *c = NULL;
	struct dande_strvec vars = DANDE_STRVEC_INIT;
	struct dande_buf out = DANDE_BUF_INIT;
	char *s = fuzz_string(data, size);

	(void)dande_compose_load(&c, fuzz_file(data, size, ".yml"), &vars);
	dande_compose_free(c);
	dande_error_clear();
	dande_strvec_push(&vars, "A=1");
	dande_strvec_push(&vars, "B=");
	dande_compose_interpolate(&out, s, &vars);
	dande_buf_release(&out);
	dande_strvec_release(&vars);
	free(s);
	return 0;
}

/* Versions: a version that parses formats back to a version that parses
 * equal; every bump of it parses; the version-file finders run on any
 * bytes. */
#include "dande/version.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "package.json", "pyproject.toml",
		"Cargo.toml", "setup.cfg", "CMakeLists.txt", "VERSION" };
	char *s = fuzz_string(data, size), out[DANDE_VER_STRMAX];
	struct dande_ver v, w, n;
	size_t off, vlen, line, i;
	int level;

	if (dande_ver_parse(&v, s) == 0) {
		dande_ver_format(out, sizeof(out), &v);
		FUZZ_ASSERT(dande_ver_parse(&w, out) == 0);
		FUZZ_ASSERT(dande_ver_cmp(&v, &w) == 0);
		for (level = 0; level <= DANDE_VER_LEVEL_PRE; level++)
			if (dande_ver_bump(&n, &v, (enum dande_ver_level)level,
					   DANDE_VER_NANO, 10, "rc",
					   NULL) == 0) {
				dande_ver_format(out, sizeof(out), &n);
				FUZZ_ASSERT(dande_ver_parse(&w, out) == 0);
			}
	}
	dande_error_clear();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)dande_verfile_find(s, size, names[i],
					 dande_verfile_kind_of(names[i]),
					 NULL, &off, &vlen, &line);
		dande_error_clear();
	}
	free(s);
	return 0;
}

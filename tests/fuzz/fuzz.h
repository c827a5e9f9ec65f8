/*
 * fuzz.h: what the libFuzzer harnesses share.  Each harness feeds the
 * bytes to one of dande's parsers and checks what must hold for any
 * input: no crash, no leak, no sanitizer report, and where a parser
 * promises more (a lossless round trip, a version that formats back to
 * itself), that too.  Built and run by `make fuzz`.
 */
#ifndef DANDE_FUZZ_H
#define DANDE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes as a NUL-terminated string (NULs inside kept as they are). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The bytes in a file of this process's own (for the readers that take a
 * path); the path is the same on every call. */
static inline const char *fuzz_file(const uint8_t *data, size_t size,
				    const char *suffix)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/dande-fuzz-%ld%s", (long)getpid(),
		 suffix);
	if (!(f = fopen(path, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

/* A property that must hold: abort (the fuzzer keeps the input) when not. */
#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond); \
			abort(); \
		} \
	} while (0)

#endif

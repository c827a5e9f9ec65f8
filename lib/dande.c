/*
 * dande.c: global setup and teardown, and the version this build carries
 * (from VERSION, passed in by the build as DANDE_VERSION).
 *
 * Each dependency is set up lazily by the one module that wraps it, on
 * first use (git.c: libgit2; later http.c: libcurl, xml.c: libxml2), and
 * registers its teardown here.  Why not set them all up in dande_init():
 * measured on these machines, git_libgit2_init() alone costs ~7 ms (Debian's
 * libgit2 parses the system CA bundle with mbedTLS at init), and merely
 * loading libcurl and its dependencies ~7 ms more.  Lazy setup, with
 * -Wl,--as-needed, means `--help`, `--version` and the front door pay for
 * none of it, and each tool loads only the libraries it uses.
 */
#include <string.h>

#include "dande/dande.h"
#include "dande/error.h"
#include "dande_int.h"
#include "util/banned.h"

#ifndef DANDE_VERSION
#error "DANDE_VERSION must be defined by the build (from VERSION)"
#endif

#define MAX_TEARDOWNS 8

static void (*teardowns[MAX_TEARDOWNS])(void);
static int nteardowns;

static int output_color;
static size_t output_limit = DANDE_DEFAULT_LIMIT;

void dande_set_output(int color, size_t limit)
{
	output_color = color;
	output_limit = limit;
}

int dande_output_color(void)
{
	return output_color;
}

size_t dande_output_limit(void)
{
	return output_limit;
}

size_t dande_output_shown(size_t n)
{
	return output_limit && n > output_limit ? output_limit : n;
}

const char *dande_sgr(const char *what)
{
	return output_color ? dande_sgr_seq(what) : "";
}

const char *dande_sgr_seq(const char *what)
{
	static const struct {
		const char *name, *seq;
	} sgr[] = {
		{ "ok", "\033[32m" }, { "bad", "\033[31m" },
		{ "warn", "\033[33m" }, { "bold", "\033[1m" },
		{ "reset", "\033[0m" },
	};
	size_t i;

	for (i = 0; i < sizeof(sgr) / sizeof(sgr[0]); i++)
		if (!strcmp(sgr[i].name, what))
			return sgr[i].seq;
	return "";
}

int dande_init(void)
{
	return 0;
}

void dande__at_shutdown(void (*fn)(void))
{
	DANDE_ASSERT(nteardowns < MAX_TEARDOWNS);
	teardowns[nteardowns++] = fn;
}

void dande_shutdown(void)
{
	/* last set up, first torn down */
	while (nteardowns > 0)
		teardowns[--nteardowns]();
}

const char *dande_version(void)
{
	return DANDE_VERSION;
}

/*
 * dande.c: global setup and teardown of the library's dependencies, in
 * one place, and the version this build carries (from VERSION, passed in
 * by the build as DANDE_VERSION).
 */
#include <curl/curl.h>
#include <git2.h>
#include <libxml/parser.h>

#include "dande/dande.h"
#include "dande/error.h"
#include "util/banned.h"

#ifndef DANDE_VERSION
#error "DANDE_VERSION must be defined by the build (from VERSION)"
#endif

int dande_init(void)
{
	if (git_libgit2_init() < 0)
		return dande_error_set(DANDE_EEXTERNAL,
				       "cannot initialise libgit2");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		git_libgit2_shutdown();
		return dande_error_set(DANDE_EEXTERNAL,
				       "cannot initialise libcurl");
	}
	xmlInitParser();
	return 0;
}

void dande_shutdown(void)
{
	xmlCleanupParser();
	curl_global_cleanup();
	git_libgit2_shutdown();
}

const char *dande_version(void)
{
	return DANDE_VERSION;
}

/*
 * dande.h: global setup of the library and its dependencies, and the
 * version this build carries.
 */
#ifndef DANDE_DANDE_H
#define DANDE_DANDE_H

/* Global setup of libgit2, libcurl and libxml2; the first call of every
 * main.  Returns 0 or DANDE_EEXTERNAL. */
int dande_init(void);

/* The matching teardown; the last call of every main. */
void dande_shutdown(void);

/* The version of this build, from VERSION ("0.1.0"). */
const char *dande_version(void);

#endif

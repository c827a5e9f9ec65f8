/*
 * dande_int.h: the library's private set-up plumbing.  A module that
 * wraps a dependency sets it up on first use and registers its teardown,
 * which dande_shutdown() runs, last registered first.
 */
#ifndef DANDE_DANDE_INT_H
#define DANDE_DANDE_INT_H

void dande__at_shutdown(void (*fn)(void));

/* libgit2, once (git.c); returns 0 or DANDE_EEXTERNAL. */
int dande_git__init(void);

#endif

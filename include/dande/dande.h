/*
 * dande.h: global setup of the library and its dependencies, and the
 * version this build carries.
 */
#ifndef DANDE_DANDE_H
#define DANDE_DANDE_H

#include <stddef.h>

/* Global setup of libgit2, libcurl and libxml2; the first call of every
 * main.  Returns 0 or DANDE_EEXTERNAL. */
int dande_init(void);

/* The matching teardown; the last call of every main. */
void dande_shutdown(void);

/* The version of this build, from VERSION ("0.1.0"). */
const char *dande_version(void);

/*
 * How the library's text reports look, for the whole process (as
 * git_libgit2_opts() sets libgit2's): the tool sets them once from
 * --color, NO_COLOR, --limit and --all, every formatter reads them.
 * `color`: verdicts in colour (ANSI SGR).  `limit`: how many entries a
 * list shows before "... and N more" (0: all).  Defaults: no colour, 20.
 */
#define DANDE_DEFAULT_LIMIT 20
void dande_set_output(int color, size_t limit);
int dande_output_color(void);
size_t dande_output_limit(void);
/* How many of `n` entries a list shows under the limit. */
size_t dande_output_shown(size_t n);

/* The SGR sequence for a verdict when colour is on, else "": "ok"
 * green, "bad" red, "warn" yellow, "bold", "reset". */
const char *dande_sgr(const char *what);
/* The sequence whatever the setting (for stderr, decided apart). */
const char *dande_sgr_seq(const char *what);

#endif

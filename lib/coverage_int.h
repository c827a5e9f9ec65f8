/*
 * coverage_int.h: what coverage.c shares with the readers in
 * coverage_read.c.
 */
#ifndef DANDE_COVERAGE_INT_H
#define DANDE_COVERAGE_INT_H

#include <stdint.h>

#include "dande/coverage.h"

/* The repository root the measurement's paths are relative to. */
const char *dande_cov__root(const struct dande_cov *c);

/* A file's totals from a report that gives no lines (gcovr's JaCoCo):
 * used only while the file has no line data. */
void dande_cov__add_summary(struct dande_cov *c, const char *file,
			    int64_t valid, int64_t covered);

#endif

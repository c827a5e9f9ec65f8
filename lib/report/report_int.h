/*
 * report_int.h: what the page (report.c) and compare (compare.c) share.
 */
#ifndef DANDE_REPORT_INT_H
#define DANDE_REPORT_INT_H

#include "results/results_int.h"

/* The page's statements that read test_results, for the test of their
 * query plans (NULL-terminated; report.c). */
extern const struct dande_results__statement dande_report__statements[];

/* The tests of run ?1 that run ?2 does not have, as "classname::name",
 * sorted: the difference of the two runs' names (each a range of the
 * primary key), never a lookup into one run per test of the other. */
extern const char dande_report__sql_names_diff[];

/* The last total coverage (`what` of `valid`, in %) among the runs of
 * the version `version` (an SQL expression, e.g. "r.version"): found
 * through the runs' version index and each run's coverage rows, not a
 * scan of the coverage by version. */
#define DANDE_REPORT_VERSION_COVERAGE(what, valid, version) \
	"(SELECT 100.0 * " what " / " valid " FROM test_coverage c WHERE " \
	"c.run_id IN (SELECT v.id FROM test_runs v WHERE v.version = " \
	version ") AND c.file IS NULL AND " valid " > 0 ORDER BY c.id DESC " \
	"LIMIT 1)"

#endif

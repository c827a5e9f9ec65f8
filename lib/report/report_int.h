/*
 * report_int.h: what the page (report.c) and compare (compare.c) share.
 */
#ifndef DANDE_REPORT_INT_H
#define DANDE_REPORT_INT_H

/* The tests of run ?1 that run ?2 does not have, as "classname::name",
 * sorted: the difference of the two runs' names (each a range of the
 * primary key), never a lookup into one run per test of the other. */
extern const char dande_report__sql_names_diff[];

#endif

/*
 * results_int.h: lib/results/'s private declarations.  The statements
 * that read the history from more than one file are here, named, for the
 * test that checks their query plans: none may scan test_results, whose
 * size is the history's.
 */
#ifndef DANDE_RESULTS_INT_H
#define DANDE_RESULTS_INT_H

extern const char dande_results__sql_flaky[];	/* results_format.c */
extern const char dande_results__sql_history[];	/* results_format.c */
extern const char dande_results__sql_resolve[];	/* ingest.c */
extern const char dande_results__sql_find_case[];
extern const char dande_results__sql_prev_cases[];	/* ingest.c */
/* How many identities a first ingest keeps in memory while the name
 * index waits (ingest.c; tests make it small to reach what follows). */
extern size_t dande_results__fresh_max;

/* Every statement of lib/results/ that reads test_results, with its
 * name; NULL-terminated (results.c). */
struct dande_results__statement {
	const char *name, *sql;
};
extern const struct dande_results__statement dande_results__statements[];

#endif

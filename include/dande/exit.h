/*
 * exit.h: the exit codes every dande tool uses, defined once.
 *
 * 0 ok, 1 the check said no, 2 usage, 3 bad input data, 4 environment,
 * 5 internal error (a bug).  See README.md, "Exit codes".
 */
#ifndef DANDE_EXIT_H
#define DANDE_EXIT_H

enum dande_exit {
	DANDE_EXIT_OK = 0,	/* success */
	DANDE_EXIT_NO = 1,	/* the check said no */
	DANDE_EXIT_USAGE = 2,	/* bad option, argument or configuration */
	DANDE_EXIT_DATA = 3,	/* malformed input data */
	DANDE_EXIT_ENV = 4,	/* repository, database, engine, stdout */
	DANDE_EXIT_BUG = 5	/* internal error */
};

/*
 * Map a library error code (enum dande_error_code, <= 0) to the exit code
 * a tool returns for it.
 */
int dande_exit_from_error(int code);

#endif

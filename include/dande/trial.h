/*
 * trial.h: feature attempts (the design documents' trial_runs): a command
 * tried for a feature, with its outcome, exit code, duration and the
 * commit, branch and version it was tried on.  `dande trial` records any
 * command; bumps and the pre-push hook record theirs.
 */
#ifndef DANDE_TRIAL_H
#define DANDE_TRIAL_H

#include "dande/buf.h"

struct dande_db;
struct dande_provenance;

struct dande_trial {
	const char *feature;
	const char *command;	/* as shown: the argv joined by spaces */
	const char *outcome;	/* passed, failed, error, timeout */
	int exit_code;		/* < 0: none (not run, timed out, a signal) */
	double duration_s;	/* < 0: unknown */
	const char *commit, *branch, *version;	/* NULL: unknown */
};

/* One attempt, one row (retried on a serialization failure). */
int dande_trial_record(struct dande_db *db, const struct dande_trial *t);

/*
 * Run `argv` (its output the caller's, stdin too) in `cwd` for `feature`
 * and record the attempt with `prov` (NULL: none).  `timeout_s` > 0
 * stops the command's process group after so many seconds (outcome
 * timeout).  An interrupt (^C) reaches the command and is its outcome;
 * the attempt is still recorded.  *code: what `dande trial` exits with:
 * the command's code, 128 + the signal that ended it, 124 on timeout.
 * DANDE_ENOTFOUND (recorded as 'error') when the program cannot be run.
 */
int dande_trial_run(struct dande_db *db, const struct dande_provenance *prov,
		    const char *feature, const char *const *argv,
		    const char *cwd, int timeout_s, int *code);

/*
 * The attempts so far: without `feature`, one line per feature (attempts,
 * passed, success rate, the last outcome and when); with it, that
 * feature's attempts, newest first (at most `limit`, 0: 20).  `json`: one
 * document, {"features": [{feature, attempts, passed, success_rate,
 * last_outcome, last_at}]} or {"feature", "attempts", "passed",
 * "success_rate", "runs": [{id, started_at, outcome, exit_code,
 * duration_s, command, commit, branch, version}]}.  *n: features or
 * attempts listed.
 */
int dande_trial_report(struct dande_db *db, const char *feature, size_t limit,
		       int json, struct dande_buf *out, size_t *n);

#endif

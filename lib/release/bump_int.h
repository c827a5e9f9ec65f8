/*
 * bump_int.h: what bump.c and bump_journal.c share.
 */
#ifndef DANDE_BUMP_INT_H
#define DANDE_BUMP_INT_H

#include "dande/bump.h"
#include "dande/db.h"

/* Record version `version` once (a second call for the same version and
 * commit adds nothing), in one transaction. */
int dande_bump_record_version(struct dande_db *db, const char *version,
			      const char *previous, const char *scheme,
			      const char *level, const char *commit,
			      const char *branch, const char *tag,
			      const char *message);

/* The plan into GITDIR/dande-bump.journal before any file is touched;
 * removed by dande_bump_journal_end() once the bump is settled.  No
 * repository: nothing. */
int dande_bump_journal_begin(const struct dande_bump_plan *p,
			     const struct dande_bump_opts *o);
void dande_bump_journal_end(const struct dande_bump_opts *o);

/* Is there a journal of an interrupted bump?  Its path into `path`. */
int dande_bump_journal_pending(struct dande_repo *repo,
			       struct dande_buf *path);

#endif

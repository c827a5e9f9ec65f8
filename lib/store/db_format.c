/*
 * db_format.c: what `dande db` says of the database, as text or one JSON
 * document: its status, an init or migration, a check, a prune.  Reads
 * nothing itself: the numbers come from db.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/db.h"
#include "dande/json.h"
#include "util/banned.h"

static void status_json(struct dande_buf *out, const char *path,
			const struct dande_db_status *st)
{
	struct dande_json j;
	size_t i;

	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "path");
	dande_json_string(&j, path);
	dande_json_key(&j, "schema_version");
	dande_json_int(&j, st->schema_version);
	dande_json_key(&j, "size_bytes");
	dande_json_int(&j, st->size_bytes);
	dande_json_key(&j, "tables");
	dande_json_object_begin(&j);
	for (i = 0; i < st->ncounts; i++) {
		dande_json_key(&j, st->counts[i].table);
		dande_json_int(&j, st->counts[i].rows);
	}
	dande_json_object_end(&j);
	dande_json_key(&j, "last_run");
	if (st->last_run_id) {
		dande_json_object_begin(&j);
		dande_json_key(&j, "id");
		dande_json_int(&j, st->last_run_id);
		dande_json_key(&j, "started_at");
		dande_json_string(&j, st->last_run_at);
		dande_json_key(&j, "commit");
		dande_json_string(&j, st->last_run_commit);
		dande_json_key(&j, "branch");
		dande_json_string(&j, st->last_run_branch);
		dande_json_object_end(&j);
	} else {
		dande_json_null(&j);
	}
	dande_json_key(&j, "last_version");
	if (st->last_version) {
		dande_json_object_begin(&j);
		dande_json_key(&j, "version");
		dande_json_string(&j, st->last_version);
		dande_json_key(&j, "created_at");
		dande_json_string(&j, st->last_version_at);
		dande_json_object_end(&j);
	} else {
		dande_json_null(&j);
	}
	dande_json_object_end(&j);
}

void dande_db_status_format(struct dande_buf *out, const char *path,
			    const struct dande_db_status *st, int json)
{
	size_t i;

	if (json) {
		status_json(out, path, st);
		return;
	}
	dande_buf_addf(out, "database: %s\nschema:   %d\nsize:     %lld "
		       "bytes\ntables:\n", path, st->schema_version,
		       (long long)st->size_bytes);
	for (i = 0; i < st->ncounts; i++)
		dande_buf_addf(out, "  %-16s %lld\n", st->counts[i].table,
			       (long long)st->counts[i].rows);
	if (st->last_run_id)
		dande_buf_addf(out, "last run:     #%lld at %s%s%s%s%.12s\n",
			       (long long)st->last_run_id,
			       st->last_run_at ? st->last_run_at : "?",
			       st->last_run_branch ? " on " : "",
			       st->last_run_branch ? st->last_run_branch : "",
			       st->last_run_commit ? " commit " : "",
			       st->last_run_commit ? st->last_run_commit : "");
	else
		dande_buf_adds(out, "last run:     none\n");
	if (st->last_version)
		dande_buf_addf(out, "last version: %s (%s)\n", st->last_version,
			       st->last_version_at ? st->last_version_at : "?");
	else
		dande_buf_adds(out, "last version: none\n");
}


void dande_db_init_format(struct dande_buf *out, const char *path,
			  int created, int from, int to, int json)
{
	struct dande_json j;

	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "path");
		dande_json_string(&j, path);
		dande_json_key(&j, "schema_version");
		dande_json_int(&j, to);
		dande_json_key(&j, "created");
		dande_json_bool(&j, created);
		dande_json_key(&j, "migrated_from");
		if (!created && from != to)
			dande_json_int(&j, from);
		else
			dande_json_null(&j);
		dande_json_object_end(&j);
	} else if (created) {
		dande_buf_addf(out, "created %s (schema %d)\n", path, to);
	} else if (from != to) {
		dande_buf_addf(out, "migrated %s %sfrom schema %d to %d\n",
			       path, from > to ? "down " : "", from, to);
	} else {
		dande_buf_addf(out, "%s is up to date (schema %d)\n", path, to);
	}
}

struct check_out {
	struct dande_buf *out;
	struct dande_json *j;
	const char *prog;
};

static void on_problem(void *payload, const char *text)
{
	struct check_out *c = payload;

	if (c->j)
		dande_json_string(c->j, text);
	else
		dande_buf_addf(c->out, "%s: %s\n", c->prog, text);
}

int dande_db_check_report(struct dande_db *db, const char *path,
			  const char *prog, int json, struct dande_buf *out,
			  int *problems)
{
	struct dande_json j;
	struct check_out c = { out, NULL, prog };
	int64_t unversioned = 0, runs = 0;
	int r;

	*problems = 0;
	if (json) {
		dande_json_init(&j, out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "path");
		dande_json_string(&j, path);
		dande_json_key(&j, "problems");
		dande_json_array_begin(&j);
		c.j = &j;
	}
	if ((r = dande_db_check(db, on_problem, &c, problems)) < 0 ||
	    (r = dande_db_runs_without_version(db, &unversioned, &runs)) < 0)
		return r;
	if (json) {
		dande_json_array_end(&j);
		dande_json_key(&j, "ok");
		dande_json_bool(&j, *problems == 0);
		dande_json_key(&j, "runs");
		dande_json_int(&j, runs);
		dande_json_key(&j, "runs_without_version");
		dande_json_int(&j, unversioned);
		dande_json_object_end(&j);
		return 0;
	}
	if (*problems)
		dande_buf_addf(out, "%s: %d problem%s\n", path, *problems,
			       *problems == 1 ? "" : "s");
	else
		dande_buf_addf(out, "%s: ok\n", path);
	/* not a problem (a project may have no VERSION), but the per-version
	 * history cannot place them */
	if (unversioned)
		dande_buf_addf(out, "%s: note: %lld of %lld run%s carr%s no "
			       "version\n", prog, (long long)unversioned,
			       (long long)runs, runs == 1 ? "" : "s",
			       unversioned == 1 ? "ies" : "y");
	return 0;
}

void dande_db_prune_format(struct dande_buf *out, int64_t removed,
			   int64_t left, int dry_run, int json)
{
	struct dande_json j;

	if (!json) {
		dande_buf_addf(out, "%s %lld run%s, %lld left (the last run of "
			       "each version is kept, and every error "
			       "fingerprint)\n", dry_run ? "would remove" :
			       "removed", (long long)removed,
			       removed == 1 ? "" : "s", (long long)left);
		return;
	}
	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "removed");
	dande_json_int(&j, removed);
	dande_json_key(&j, "left");
	dande_json_int(&j, left);
	dande_json_key(&j, "dry_run");
	dande_json_bool(&j, dry_run);
	dande_json_object_end(&j);
}

int dande_db_copy_to(struct dande_db *from, const char *to_spec,
		     int busy_ms, int append, int json, struct dande_buf *out)
{
	struct dande_db_status src, before, after;
	struct dande_db *to = NULL;
	int r;

	memset(&src, 0, sizeof(src));
	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	if ((r = dande_db_open(&to, to_spec, 0, busy_ms)) == 0 &&
	    (r = dande_db_copy(from, to, append, &src, &before, &after)) == 0)
		dande_db_copy_format(out, dande_db_name(from),
				     dande_db_name(to), &src, &before, &after,
				     json);
	dande_db_status_release(&src);
	dande_db_status_release(&before);
	dande_db_status_release(&after);
	dande_db_close(to);
	return r;
}

void dande_db_copy_format(struct dande_buf *out, const char *from_name,
			  const char *to_name,
			  const struct dande_db_status *source,
			  const struct dande_db_status *before,
			  const struct dande_db_status *after, int json)
{
	struct dande_json j;
	size_t i;

	if (!json) {
		dande_buf_addf(out, "copied %s into %s\n  %-16s %10s %10s "
			       "%10s\n", from_name, to_name, "table", "source",
			       "before", "after");
		for (i = 0; i < source->ncounts && i < after->ncounts; i++)
			dande_buf_addf(out, "  %-16s %10lld %10lld %10lld\n",
				       source->counts[i].table,
				       (long long)source->counts[i].rows,
				       (long long)before->counts[i].rows,
				       (long long)after->counts[i].rows);
		return;
	}
	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "from");
	dande_json_string(&j, from_name);
	dande_json_key(&j, "to");
	dande_json_string(&j, to_name);
	dande_json_key(&j, "tables");
	dande_json_object_begin(&j);
	for (i = 0; i < source->ncounts && i < after->ncounts; i++) {
		dande_json_key(&j, source->counts[i].table);
		dande_json_object_begin(&j);
		dande_json_key(&j, "source");
		dande_json_int(&j, source->counts[i].rows);
		dande_json_key(&j, "before");
		dande_json_int(&j, before->counts[i].rows);
		dande_json_key(&j, "after");
		dande_json_int(&j, after->counts[i].rows);
		dande_json_object_end(&j);
	}
	dande_json_object_end(&j);
	dande_json_object_end(&j);
}

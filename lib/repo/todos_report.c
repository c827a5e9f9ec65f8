/*
 * todos_report.c: the open TODOs as the tracking database holds them,
 * with their age and whether each is new against a base commit, and
 * their report as text or JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/git.h"
#include "dande/json.h"
#include "dande/todos.h"
#include "util/banned.h"



static char *dup_or_null(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_NULL ? NULL : dande_xstrdup(v->s);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2026-11-22T05:30:00Z" as seconds since the epoch; 0 when malformed. */
static time_t parse_iso(const char *s)
{
	int y, mo, d, h, mi, se;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
			 &se) != 6)
		return 0;
	return (time_t)(days_from_civil(y, mo, d) * 86400L + h * 3600L +
			mi * 60L + se);
}

static int load_todo(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct dande_todos_report *rep = payload;
	struct dande_todo *t;
	time_t since;
	int r;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	DANDE_GROW(rep->t, rep->nr, rep->alloc, 64);
	t = &rep->t[rep->nr++];
	t->file = dande_xstrdup(v[0].s);
	t->line = v[1].i;
	t->tag = dande_xstrdup(v[2].s);
	t->text = dande_xstrdup(v[3].s);
	t->commit = dup_or_null(&v[4]);
	t->author = dup_or_null(&v[5]);
	t->authored_at = dup_or_null(&v[6]);
	t->first_seen = dande_xstrdup(v[7].s);
	since = parse_iso(t->authored_at ? t->authored_at : t->first_seen);
	t->age_days = since && rep->now > since ?
		(long)((rep->now - since) / 86400) : 0;
	t->has_ref = dande_todo_has_ref(t->text, strlen(t->text));
	if (!t->commit) {
		t->is_new = 1;
	} else if (rep->base) {
		if ((r = dande_repo_is_ancestor(rep->repo, t->commit,
						rep->base)) < 0) {
			/* a commit no longer in the repository: not new */
			dande_error_clear();
			r = 1;
		}
		t->is_new = !r;
	} else {
		t->is_new = 0;
	}
	rep->nnew += (size_t)t->is_new;
	return 0;
}

void dande_todos_report_release(struct dande_todos_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nr; i++) {
		struct dande_todo *t = &rep->t[i];

		free(t->file);
		free(t->tag);
		free(t->text);
		free(t->commit);
		free(t->author);
		free(t->authored_at);
		free(t->first_seen);
	}
	free(rep->t);
}

static const char sql_open[] =
	"SELECT file, line, tag, text, commit_sha, author, authored_at, "
	"first_seen_at FROM todos WHERE resolved_at IS NULL "
	"ORDER BY COALESCE(authored_at, first_seen_at), file, line";

static void format_json(struct dande_buf *out, const struct dande_todos_report *rep,
		       const struct dande_todos_result *scan)
{
	struct dande_json j;
	size_t i;

	dande_json_init(&j, out, 1);
	dande_json_object_begin(&j);
	if (scan) {
		dande_json_key(&j, "files");
		dande_json_int(&j, (int64_t)scan->files);
		dande_json_key(&j, "added");
		dande_json_int(&j, (int64_t)scan->added);
		dande_json_key(&j, "resolved");
		dande_json_int(&j, (int64_t)scan->resolved);
	}
	dande_json_key(&j, "open");
	dande_json_int(&j, (int64_t)rep->nr);
	dande_json_key(&j, "new");
	dande_json_int(&j, (int64_t)rep->nnew);
	dande_json_key(&j, "base");
	if (rep->base)
		dande_json_string(&j, rep->base);
	else
		dande_json_null(&j);
	dande_json_key(&j, "todos");
	dande_json_array_begin(&j);
	for (i = 0; i < rep->nr; i++) {
		const struct dande_todo *t = &rep->t[i];

		dande_json_object_begin(&j);
		dande_json_key(&j, "file");
		dande_json_string(&j, t->file);
		dande_json_key(&j, "line");
		dande_json_int(&j, t->line);
		dande_json_key(&j, "tag");
		dande_json_string(&j, t->tag);
		dande_json_key(&j, "text");
		dande_json_string(&j, t->text);
		dande_json_key(&j, "commit");
		t->commit ? dande_json_string(&j, t->commit) :
			    dande_json_null(&j);
		dande_json_key(&j, "author");
		t->author ? dande_json_string(&j, t->author) :
			    dande_json_null(&j);
		dande_json_key(&j, "authored_at");
		t->authored_at ? dande_json_string(&j, t->authored_at) :
				 dande_json_null(&j);
		dande_json_key(&j, "first_seen_at");
		dande_json_string(&j, t->first_seen);
		dande_json_key(&j, "age_days");
		dande_json_int(&j, t->age_days);
		dande_json_key(&j, "new");
		dande_json_bool(&j, t->is_new);
		dande_json_key(&j, "has_ref");
		dande_json_bool(&j, t->has_ref);
		dande_json_object_end(&j);
	}
	dande_json_array_end(&j);
	dande_json_object_end(&j);
}

static void format_text(struct dande_buf *out, const struct dande_todos_report *rep,
		       const struct dande_todos_result *scan,
		       const char *base_name)
{
	/* file names, comments and authors come from the repository */
	struct dande_printable pr = DANDE_PRINTABLE_INIT;
	size_t i;

	for (i = 0; i < dande_output_shown(rep->nr); i++) {
		const struct dande_todo *t = &rep->t[i];

		dande_buf_addf(out, "%s:%lld: %s %s  (",
			       dande_printable(&pr, t->file),
			       (long long)t->line, t->tag,
			       dande_printable(&pr, t->text));
		if (t->commit)
			dande_buf_addf(out, "%ld day%s, %s, %.12s", t->age_days,
				       t->age_days == 1 ? "" : "s",
				       t->author ? dande_printable(&pr,
								   t->author) :
				       "?", t->commit);
		else
			dande_buf_adds(out, "not committed");
		dande_buf_adds(out, t->is_new && t->commit ? ", new)\n" : ")\n");
	}
	if (rep->nr > dande_output_shown(rep->nr))
		dande_buf_addf(out, "... and %zu more (--all lists every "
			       "one)\n", rep->nr - dande_output_shown(rep->nr));
	if (scan)
		dande_buf_addf(out, "scanned %zu files: %zu added, %zu "
			       "resolved\n", scan->files, scan->added,
			       scan->resolved);
	dande_buf_addf(out, "%zu open TODO%s, %zu new since %s\n", rep->nr,
		       rep->nr == 1 ? "" : "s", rep->nnew, base_name);
	dande_printable_release(&pr);
}


int dande_todos_report_load(struct dande_todos_report *rep,
			    struct dande_db *db, struct dande_repo *repo,
			    const char *base, time_t now)
{
	int r;

	memset(rep, 0, sizeof(*rep));
	rep->repo = repo;
	rep->base = base;
	rep->now = now;
	if ((r = dande_db_select(db, sql_open, NULL, 0, load_todo, rep)) < 0)
		dande_todos_report_release(rep);
	return r;
}

void dande_todos_report_format(struct dande_buf *out,
			       const struct dande_todos_report *rep,
			       const struct dande_todos_result *scan,
			       const char *base_name, int json)
{
	if (json)
		format_json(out, rep, scan);
	else
		format_text(out, rep, scan, base_name);
}

int dande_todos_config_load(struct dande_todos_config *c,
			    const struct dande_config *cfg)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	if (dande_config_get_list(cfg, "todos.tag", &c->tags) == 0) {
		c->tagv = dande_xcalloc(c->tags.nr + 1, sizeof(*c->tagv));
		for (i = 0; i < c->tags.nr; i++)
			c->tagv[i] = c->tags.v[i];
		c->opts.tags = c->tagv;
	}
	dande_error_clear();
	dande_config_get_list(cfg, "todos.include", &c->include);
	dande_config_get_list(cfg, "todos.exclude", &c->exclude);
	dande_error_clear();
	c->opts.include = &c->include;
	c->opts.exclude = &c->exclude;
	return 0;
}

void dande_todos_config_release(struct dande_todos_config *c)
{
	free(c->tagv);
	dande_strvec_release(&c->tags);
	dande_strvec_release(&c->include);
	dande_strvec_release(&c->exclude);
}

size_t dande_todos_gate(const struct dande_todos_report *rep, int64_t max,
			int no_new, int require_ref, struct dande_buf *why)
{
	size_t i, failed = 0;

	if (max >= 0 && rep->nr > (size_t)max) {
		dande_buf_addf(why, "%zu open TODOs, more than the %lld "
			       "allowed\n", rep->nr, (long long)max);
		failed++;
	}
	for (i = 0; i < rep->nr; i++) {
		const struct dande_todo *t = &rep->t[i];

		if (!t->is_new || (!no_new && (!require_ref || t->has_ref)))
			continue;
		dande_buf_addf(why, "%s:%lld: new %s%s: %s\n", t->file,
			       (long long)t->line, t->tag, no_new ? "" :
			       " cites no issue (#12, ABC-12 or a URL)",
			       t->text);
		failed++;
	}
	return failed;
}

/*
 * dande-todos: the TODO, FIXME, XXX and HACK comments of a repository,
 * tracked in the database (who added each and when), reported oldest
 * first, and a gate on how many there are and on new ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/git.h"
#include "dande/json.h"
#include "dande/todos.h"

static const char help[] =
"A TODO is a comment that opens with a tag in capitals, as a word, right\n"
"after its marker (// # -- ; % * and <!--): TODO, FIXME, XXX, HACK.\n"
"New: not committed yet, or added by a commit that is not in --base\n"
"(todos.base, default HEAD).  Gates (exit 1): --max N open, --no-new,\n"
"--require-ref (new ones must cite an issue: #12, ABC-12 or a URL).\n"
"Binary files and files that are not UTF-8 are left out.\n"
"\n"
"Configuration (.dande.conf): todos.tag (multi-valued; default TODO,\n"
"FIXME, XXX, HACK), todos.include, todos.exclude (globs, multi-valued),\n"
"todos.base, todos.max, todos.noNew, todos.requireRef.\n"
"\n"
"JSON keys: files, added, resolved (scan only), open, new, base, todos\n"
"(objects: file, line, tag, text, commit, author, authored_at,\n"
"first_seen_at, age_days, new, has_ref).\n";

static const char *base_opt;
static long max_opt = -1;
static int no_new, require_ref;

static const struct dande_opt gate_opts[] = {
	DANDE_CLI_INT(0, "max", &max_opt, "N", 0, 0,
		      "exit 1 when more than N are open (todos.max)"),
	DANDE_CLI_FLAG(0, "no-new", &no_new,
		       "exit 1 when any is new (todos.noNew)"),
	DANDE_CLI_FLAG(0, "require-ref", &require_ref,
		       "exit 1 when a new one cites no issue "
		       "(todos.requireRef)"),
	DANDE_CLI_STRING(0, "base", &base_opt, "REF",
			 "what 'new' is measured against (todos.base, HEAD)"),
	DANDE_CLI_END
};

static const struct dande_opt staged_opts[] = {
	DANDE_CLI_FLAG(0, "require-ref", &require_ref,
		       "exit 1 for each that cites no issue "
		       "(todos.requireRef)"),
	DANDE_CLI_END
};

struct todo {
	char *file, *tag, *text, *commit, *author, *authored_at, *first_seen;
	int64_t line;
	int is_new, has_ref;
	long age_days;
};

struct report {
	struct dande_repo *repo;
	const char *base;	/* 40 hex digits, NULL: none */
	struct todo *t;
	size_t nr, alloc, nnew;
	time_t now;
	int err;
};

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
	struct report *rep = payload;
	struct todo *t;
	time_t since;
	int r;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	if (rep->nr == rep->alloc) {
		rep->alloc = rep->alloc ? 2 * rep->alloc : 64;
		rep->t = dande_xrealloc(rep->t, rep->alloc * sizeof(*rep->t));
	}
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

static void release_report(struct report *rep)
{
	size_t i;

	for (i = 0; i < rep->nr; i++) {
		struct todo *t = &rep->t[i];

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

static int gate_flag(struct dande_cli *cli, const char *key, int *flag)
{
	int v = 0, r;

	if (*flag)
		return 0;

	if ((r = dande_config_get_bool(cli->config, key, &v)) < 0) {
		if (r != DANDE_ENOTFOUND)
			return dande_cli_fail(cli, r);
		dande_error_clear();
	}
	*flag = v;
	return 0;
}

static void write_json(struct dande_buf *out, const struct report *rep,
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
		const struct todo *t = &rep->t[i];

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

static void write_text(struct dande_buf *out, const struct report *rep,
		       const struct dande_todos_result *scan,
		       const char *base_name)
{
	size_t i;

	for (i = 0; i < rep->nr; i++) {
		const struct todo *t = &rep->t[i];

		dande_buf_addf(out, "%s:%lld: %s %s  (", t->file,
			       (long long)t->line, t->tag, t->text);
		if (t->commit)
			dande_buf_addf(out, "%ld day%s, %s, %.12s", t->age_days,
				       t->age_days == 1 ? "" : "s",
				       t->author ? t->author : "?", t->commit);
		else
			dande_buf_adds(out, "not committed");
		dande_buf_adds(out, t->is_new && t->commit ? ", new)\n" : ")\n");
	}
	if (scan)
		dande_buf_addf(out, "scanned %zu files: %zu added, %zu "
			       "resolved\n", scan->files, scan->added,
			       scan->resolved);
	dande_buf_addf(out, "%zu open TODO%s, %zu new since %s\n", rep->nr,
		       rep->nr == 1 ? "" : "s", rep->nnew, base_name);
}

static int report(struct dande_cli *cli, struct dande_db *db,
		  const struct dande_todos_result *scan)
{
	struct report rep;
	struct dande_buf out = DANDE_BUF_INIT;
	const char *base_name = "HEAD";
	char base[41];
	int64_t max = -1;
	size_t i;
	int r, code = DANDE_EXIT_OK;

	memset(&rep, 0, sizeof(rep));
	rep.repo = cli->repo;
	rep.now = time(NULL);
	if (max_opt >= 0) {
		max = max_opt;
	} else if ((r = dande_config_get_int(cli->config, "todos.max",
					     &max)) < 0) {
		if (r != DANDE_ENOTFOUND)
			return dande_cli_fail(cli, r);
		dande_error_clear();
		max = -1;
	}
	if ((r = gate_flag(cli, "todos.noNew", &no_new)) ||
	    (r = gate_flag(cli, "todos.requireRef", &require_ref)))
		return r;
	if (base_opt)
		base_name = base_opt;
	else if (dande_config_get_string(cli->config, "todos.base",
					 &base_name) < 0) {
		dande_error_clear();
		base_name = "HEAD";
	}
	if (cli->repo && dande_repo_resolve(cli->repo, base_name, base) == 0) {
		rep.base = base;
	} else if (base_opt || strcmp(base_name, "HEAD")) {
		return dande_cli_error(cli, DANDE_EXIT_ENV, "cannot resolve "
				       "the base '%s'", base_name);
	} else {
		dande_error_clear();	/* no commit yet: nothing is old */
	}
	if ((r = dande_db_select(db, sql_open, NULL, 0, load_todo, &rep)) < 0) {
		release_report(&rep);
		return dande_cli_fail(cli, r);
	}
	if (cli->json)
		write_json(&out, &rep, scan);
	else if (!cli->quiet)
		write_text(&out, &rep, scan, base_name);
	fputs(out.ptr ? out.ptr : "", stdout);
	if (max >= 0 && rep.nr > (size_t)max) {
		fprintf(stderr, "%s: %zu open TODOs, more than the %lld "
			"allowed\n", cli->prog, rep.nr, (long long)max);
		code = DANDE_EXIT_NO;
	}
	for (i = 0; i < rep.nr; i++) {
		const struct todo *t = &rep.t[i];

		if (!t->is_new)
			continue;
		if (no_new) {
			fprintf(stderr, "%s: %s:%lld: new %s: %s\n", cli->prog,
				t->file, (long long)t->line, t->tag, t->text);
			code = DANDE_EXIT_NO;
		} else if (require_ref && !t->has_ref) {
			fprintf(stderr, "%s: %s:%lld: new %s cites no issue "
				"(#12, ABC-12 or a URL): %s\n", cli->prog,
				t->file, (long long)t->line, t->tag, t->text);
			code = DANDE_EXIT_NO;
		}
	}
	dande_buf_release(&out);
	release_report(&rep);
	return code;
}

/* What .dande.conf says to look for: todos.tag (into `tags`, which
 * `*tagv` then lists), todos.include and todos.exclude. */
static void opts_config(struct dande_cli *cli, struct dande_todos_opts *o,
			struct dande_strvec *tags, const char ***tagv,
			struct dande_strvec *include,
			struct dande_strvec *exclude)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	*tagv = NULL;
	if (dande_config_get_list(cli->config, "todos.tag", tags) == 0) {
		*tagv = dande_xcalloc(tags->nr + 1, sizeof(**tagv));
		for (i = 0; i < tags->nr; i++)
			(*tagv)[i] = tags->v[i];
		o->tags = *tagv;
	}
	dande_error_clear();
	dande_config_get_list(cli->config, "todos.include", include);
	dande_config_get_list(cli->config, "todos.exclude", exclude);
	dande_error_clear();
	o->include = include;
	o->exclude = exclude;
}

static int cmd_scan(struct dande_cli *cli)
{
	struct dande_strvec tags = DANDE_STRVEC_INIT, include = DANDE_STRVEC_INIT;
	struct dande_strvec exclude = DANDE_STRVEC_INIT;
	struct dande_strvec paths = DANDE_STRVEC_INIT;
	struct dande_todos_opts o;
	struct dande_todos_result res;
	struct dande_db *db = NULL;
	const char **tagv = NULL;
	size_t i;
	int r;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "scan needs a git "
				       "repository");
	opts_config(cli, &o, &tags, &tagv, &include, &exclude);
	for (i = 1; i < cli->args.nr; i++)
		dande_strvec_push(&paths, cli->args.v[i]);
	o.paths = &paths;
	if ((r = dande_cli_open_db(cli, 0, &db)) < 0 ||
	    (r = dande_todos_scan(cli->repo, db, &o, &res)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = report(cli, db, &res);
	dande_db_close(db);
	free(tagv);
	dande_strvec_release(&tags);
	dande_strvec_release(&include);
	dande_strvec_release(&exclude);
	dande_strvec_release(&paths);
	return r;
}

struct staged_ctx {
	struct dande_cli *cli;
	int require;
	size_t found, bad;
};

static int on_staged(void *payload, const char *path, int line,
		     const struct dande_todo_hit *hit, int has_ref)
{
	struct staged_ctx *x = payload;

	x->found++;
	if (x->require && !has_ref) {
		x->bad++;
		fprintf(stderr, "%s: %s:%d: new %s cites no issue (#12, ABC-12 "
			"or a URL): %.*s\n", x->cli->prog, path, line, hit->tag,
			(int)hit->text_len, hit->text);
	} else if (!x->cli->quiet) {
		printf("%s:%d: %s: %.*s\n", path, line, hit->tag,
		       (int)hit->text_len, hit->text);
	}
	return 0;
}

static int cmd_staged(struct dande_cli *cli)
{
	struct dande_strvec tags = DANDE_STRVEC_INIT, include = DANDE_STRVEC_INIT;
	struct dande_strvec exclude = DANDE_STRVEC_INIT;
	struct dande_todos_opts o;
	struct staged_ctx x = { cli, 0, 0, 0 };
	const char **tagv = NULL;
	int r;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "staged needs a git "
				       "repository");
	if ((r = gate_flag(cli, "todos.requireRef", &require_ref)))
		return r;
	x.require = require_ref;
	opts_config(cli, &o, &tags, &tagv, &include, &exclude);
	if ((r = dande_todos_staged(cli->repo, &o, on_staged, &x)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = x.bad ? DANDE_EXIT_NO : DANDE_EXIT_OK;
	free(tagv);
	dande_strvec_release(&tags);
	dande_strvec_release(&include);
	dande_strvec_release(&exclude);
	return r;
}

static int cmd_report(struct dande_cli *cli)
{
	struct dande_db *db = NULL;
	int r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = report(cli, db, NULL);
	dande_db_close(db);
	return r;
}

static const struct dande_command commands[] = {
	{ "scan", cmd_scan, gate_opts, "[PATH...]", 0, -1,
	  "find the comments in the tracked files (all, or under PATH), "
	  "record new ones with the commit, author and date blame gives, mark "
	  "gone ones resolved; then report like report",
	  "dande todos scan\ndande todos scan src/ --max 50 --no-new" },
	{ "report", cmd_report, gate_opts, NULL, 0, 0,
	  "the open ones, oldest first, with their age",
	  "dande todos report --json" },
	{ "staged", cmd_staged, staged_opts, NULL, 0, 0,
	  "the ones the next commit adds (its staged lines); records nothing "
	  "(the pre-commit check)",
	  "dande todos staged --require-ref" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct dande_tool tool = {
	"todos", "The TODO, FIXME, XXX and HACK comments of a repository, "
	"tracked in the database (who added each and when), reported oldest "
	"first, and a gate on how many there are and on new ones.", commands,
	help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

/*
 * dande-changelog: CHANGELOG.md in the Keep a Changelog format: add an
 * entry, release, lint, show a section, generate entries from
 * conventional commits, and lint a commit message (the commit-msg hook).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/changelog.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/json.h"
#include "dande/provenance.h"
#include "dande/report.h"

static const char help[] =
"The file is CHANGELOG.md at the repository root (--file).  Edits keep\n"
"every other byte of it.  generate maps feat to Added, fix to Fixed,\n"
"perf and refactor to Changed, revert to Removed, deprecate to\n"
"Deprecated, security (type or scope) to Security, breaking changes\n"
"marked; other types to Changed, except changelog.skip (default chore,\n"
"docs, test, ci, style, build).\n"
"\n"
"JSON (show --json): version, date, yanked, line, sections {name: [text]}.\n";

static const char *type = "added", *file_opt, *date_opt, *from, *to;
static int allow_empty, write_it;

#define FILE_OPT \
	DANDE_CLI_STRING('f', "file", &file_opt, "PATH", \
			 "the changelog (CHANGELOG.md at the root)")

static const struct dande_opt file_opts[] = { FILE_OPT, DANDE_CLI_END };

static const struct dande_opt add_opts[] = {
	DANDE_CLI_STRING('t', "type", &type, "TYPE",
			 "added (default), changed, deprecated, removed, "
			 "fixed, security"),
	FILE_OPT,
	DANDE_CLI_END
};

static const struct dande_opt release_opts[] = {
	DANDE_CLI_STRING(0, "date", &date_opt, "YYYY-MM-DD",
			 "the date (today, UTC)"),
	DANDE_CLI_FLAG(0, "allow-empty", &allow_empty,
		       "even with nothing under [Unreleased]"),
	FILE_OPT,
	DANDE_CLI_END
};

static int all;

static const struct dande_opt generate_opts[] = {
	DANDE_CLI_STRING(0, "from", &from, "REF",
			 "from this ref (the last release tag)"),
	DANDE_CLI_STRING(0, "to", &to, "REF", "to this ref (HEAD)"),
	DANDE_CLI_FLAG('w', "write", &write_it,
		       "add the entries to the file"),
	DANDE_CLI_FLAG(0, "all", &all,
		       "every release: a section per version tag missing "
		       "from the file, then [Unreleased]"),
	FILE_OPT,
	DANDE_CLI_END
};

static void path_of(struct dande_cli *cli, struct dande_buf *out)
{
	if (file_opt)
		dande_fs_absolute(out, file_opt);
	else
		dande_fs_join(out, cli->root.ptr, "CHANGELOG.md");
}

static int load(struct dande_cli *cli, const char *path,
		struct dande_changelog **out)
{
	const char *slash = file_opt ? strrchr(file_opt, '/') : NULL;

	(void)cli;
	return dande_changelog_load(out, path, file_opt ? (slash ? slash + 1 :
							   file_opt) :
				    "CHANGELOG.md");
}

/* hooks.commitMsg: the project's commit message style. */
static int msg_style(struct dande_cli *cli, enum dande_msg_style *style)
{
	const char *s = NULL;

	if (dande_config_get_string(cli->config, "hooks.commitMsg", &s) < 0)
		dande_error_clear();
	return dande_msg_style_parse(s, style);
}

static int cmd_lint_msg(struct dande_cli *cli)
{
	struct dande_buf msg = DANDE_BUF_INIT;
	enum dande_msg_style style;
	int r;

	if ((r = msg_style(cli, &style)) < 0 ||
	    (r = dande_buf_read_file(&msg, cli->args.v[1])) < 0)
		return dande_cli_fail(cli, r);
	r = dande_commit_msg_lint_as(msg.ptr, style);
	dande_buf_release(&msg);
	if (cli->json) {
		struct dande_json j;

		dande_json_init(&j, &msg, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "file");
		dande_json_string(&j, cli->args.v[1]);
		dande_json_key(&j, "ok");
		dande_json_bool(&j, r == 0);
		dande_json_key(&j, "problem");
		if (r < 0)
			/* "line N: what" as the text says it */
			dande_json_string(&j, dande_error_last()->message + 5);
		else
			dande_json_null(&j);
		dande_json_object_end(&j);
		fputs(msg.ptr, stdout);
		dande_buf_release(&msg);
		if (r < 0)
			dande_error_clear();
		return r < 0 ? DANDE_EXIT_NO : DANDE_EXIT_OK;
	}
	if (r < 0)
		return dande_cli_error(cli, DANDE_EXIT_NO, "%s:%s",
				       cli->args.v[1],
				       dande_error_last()->message + 5);
	return DANDE_EXIT_OK;
}

static int cmd_add(struct dande_cli *cli, struct dande_changelog *cl,
		   const char *path)
{
	struct dande_buf text = DANDE_BUF_INIT;
	size_t i;
	int r;

	for (i = 1; i < cli->args.nr; i++)
		dande_buf_addf(&text, "%s%s", i > 1 ? " " : "", cli->args.v[i]);
	if ((r = dande_changelog_add(cl, type, text.ptr)) < 0 &&
	    r != DANDE_EEXISTS) {
		r = dande_cli_fail(cli, r);
	} else if (r == DANDE_EEXISTS) {
		if (!cli->quiet)
			printf("already there: - %s\n", text.ptr);
		r = DANDE_EXIT_OK;
	} else if ((r = dande_changelog_save(cl, path)) < 0) {
		r = dande_cli_fail(cli, r);
	} else {
		r = DANDE_EXIT_OK;
	}
	dande_buf_release(&text);
	return r;
}

/* [changelog] quality: the release's quality line, from the database's
 * last run of that version (or its last run); none without a database. */
static int quality_note(struct dande_cli *cli, struct dande_changelog *cl,
			const char *version)
{
	struct dande_buf line = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY | DANDE_DB_NOCREATE,
				   &db)) < 0) {
		if (r != DANDE_ENOTFOUND)
			return r;
		dande_error_clear();
		return 0;
	}
	if ((r = dande_report_quality(db, version[0] == 'v' ? version + 1 :
				      version, &line)) == 0 && line.len)
		r = dande_changelog_note(cl, version[0] == 'v' ? version + 1 :
					 version, line.ptr);
	dande_db_close(db);
	dande_buf_release(&line);
	return r;
}

static int cmd_release(struct dande_cli *cli, struct dande_changelog *cl,
		       const char *path)
{
	int r;

	int quality = 0;

	if ((r = dande_changelog_release_here(cl, cli->repo, cli->args.v[1],
					      date_opt, allow_empty)) < 0 ||
	    (r = dande_config_get_bool_or(cli->config, "changelog.quality", 0,
					  &quality)) < 0 ||
	    (quality && (r = quality_note(cli, cl, cli->args.v[1])) < 0) ||
	    (r = dande_changelog_save(cl, path)) < 0)
		return dande_cli_fail(cli, r);
	return DANDE_EXIT_OK;
}

/* JSON: {"file", "problems": [{"line", "message"}]}, from the lint's
 * "FILE:LINE: message" lines. */
static void lint_json(struct dande_buf *out, const char *path,
		      const char *lines)
{
	struct dande_buf doc = DANDE_BUF_INIT;
	struct dande_json j;
	const char *p = lines ? lines : "";

	dande_json_init(&j, &doc, 1);
	dande_json_object_begin(&j);
	dande_json_key(&j, "file");
	dande_json_string(&j, path);
	dande_json_key(&j, "problems");
	dande_json_array_begin(&j);
	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *colon = memchr(p, ':', n), *msg;
		long line = colon ? strtol(colon + 1, (char **)&msg, 10) : 0;

		dande_json_object_begin(&j);
		dande_json_key(&j, "line");
		dande_json_int(&j, line);
		dande_json_key(&j, "message");
		if (colon && *msg == ':' && msg[1] == ' ')
			dande_json_string_len(&j, msg + 2,
					      (size_t)(p + n - msg - 2));
		else
			dande_json_string_len(&j, p, n);
		dande_json_object_end(&j);
		p += n + (p[n] == '\n');
	}
	dande_json_array_end(&j);
	dande_json_object_end(&j);
	dande_buf_release(out);
	*out = doc;
}

static int cmd_lint(struct dande_cli *cli, struct dande_changelog *cl,
		    const char *path)
{
	struct dande_buf out = DANDE_BUF_INIT;
	size_t n = dande_changelog_lint(cl, &out);

	if (cli->json) {
		lint_json(&out, path, out.ptr);
	} else {
		/* the problems in red, a clean file's line in green */
		dande_cli_colour_lines(&out, n ? "bad" : "ok");
	}
	return dande_cli_emit(cli, 0, &out, 1, n ? DANDE_EXIT_NO :
			      DANDE_EXIT_OK);
}

static int cmd_show(struct dande_cli *cli, struct dande_changelog *cl,
		    const char *path)
{
	struct dande_buf out = DANDE_BUF_INIT;
	int r = dande_changelog_show(cl, cli->args.v[1], &out, cli->json);

	(void)path;
	return dande_cli_emit(cli, r == DANDE_ENOTFOUND ? DANDE_EUSAGE : r,
			      &out, 1, DANDE_EXIT_OK);
}

static int cmd_generate(struct dande_cli *cli, struct dande_changelog *cl,
			const char *path)
{
	struct dande_changelog_gen g;
	struct dande_strvec skip = DANDE_STRVEC_INIT;
	struct dande_buf preview = DANDE_BUF_INIT, out = DANDE_BUF_INIT;
	enum dande_msg_style style;
	int r, kac;

	if (!cli->repo)
		return dande_cli_error(cli, DANDE_EXIT_ENV, "generate needs a "
				       "git repository");
	if (dande_config_get_list(cli->config, "changelog.skip", &skip) < 0)
		dande_error_clear();
	if ((r = msg_style(cli, &style)) < 0) {
		dande_strvec_release(&skip);
		return dande_cli_fail(cli, r);
	}
	kac = style == DANDE_MSG_KEEPACHANGELOG;
	if (all) {
		struct dande_changelog *done = NULL;
		struct dande_changelog_all a;

		if (from || to) {
			dande_strvec_release(&skip);
			return dande_cli_error(cli, DANDE_EXIT_USAGE, "--all "
					       "takes no --from or --to");
		}
		r = dande_changelog_generate_all(cl, cli->repo, skip.nr ?
						 (const char *const *)skip.v :
						 NULL, kac, &done, &a);
		dande_strvec_release(&skip);
		if (r < 0)
			return dande_cli_fail(cli, r);
		dande_changelog_all_format(&preview, &a);
		if (!write_it)
			dande_changelog_render(done, &preview);
		if (write_it && (a.sections || a.unreleased))
			r = dande_changelog_save(done, path);
		dande_changelog_free(done);
		return dande_cli_emit(cli, r, &preview, !cli->quiet,
				      DANDE_EXIT_OK);
	}
	r = dande_changelog_generate(cl, cli->repo, from, to,
				     skip.nr ? (const char *const *)skip.v :
				     NULL, kac, &preview, &g);
	dande_strvec_release(&skip);
	if (r == 0) {
		dande_changelog_gen_format(&out, &g, &preview);
		if (write_it && g.added)
			r = dande_changelog_save(cl, path);
	}
	dande_buf_release(&preview);
	dande_changelog_gen_release(&g);
	return dande_cli_emit(cli, r, &out, !cli->quiet, DANDE_EXIT_OK);
}

typedef int (*on_file_fn)(struct dande_cli *, struct dande_changelog *,
			  const char *);

/* Load the changelog, run fn on it. */
static int with_file(struct dande_cli *cli, on_file_fn fn)
{
	struct dande_buf path = DANDE_BUF_INIT;
	struct dande_changelog *cl = NULL;
	int r;

	path_of(cli, &path);
	r = load(cli, path.ptr, &cl);
	/* generate --all writes a changelog where there is none yet */
	if (r == DANDE_ENOTFOUND && all && fn == cmd_generate) {
		dande_error_clear();
		r = dande_changelog_new(&cl);
	}
	if (r < 0)
		r = dande_cli_fail(cli, r == DANDE_ENOTFOUND ? DANDE_EEXTERNAL :
				   r);
	else
		r = fn(cli, cl, path.ptr);
	dande_changelog_free(cl);
	dande_buf_release(&path);
	return r;
}

#define ON_FILE(name) \
	static int run_##name(struct dande_cli *cli) \
	{ \
		return with_file(cli, cmd_##name); \
	}
ON_FILE(add)
ON_FILE(release)
ON_FILE(lint)
ON_FILE(show)
ON_FILE(generate)

static const struct dande_command commands[] = {
	{ "add", run_add, add_opts, "TEXT...", 1, -1,
	  "a bullet under [Unreleased]",
	  "dande changelog add 'Export to CSV'\n"
	  "dande changelog add -t fixed 'Crash on empty input'", NULL },
	{ "release", run_release, release_opts, "VERSION", 1, 1,
	  "[Unreleased] becomes '## [VERSION] - DATE' with the commit and "
	  "branch on a comment line below it",
	  "dande changelog release 1.4.0", NULL },
	{ "lint", run_lint, file_opts, NULL, 0, 0,
	  "CHANGELOG.md:LINE: problem, per problem; exit 1 when any",
	  "dande changelog lint",
	  "{file, problems: [{line, message}]}" },
	{ "show", run_show, file_opts, "WHICH", 1, 1,
	  "a section's body: a version, unreleased or latest",
	  "dande changelog show latest\ndande changelog show 1.2.0 --json",
	  "{version, date, yanked, line, sections: {NAME: [entry]}}" },
	{ "generate", run_generate, generate_opts, NULL, 0, 0,
	  "entries from conventional commits since the last release tag; "
	  "--write adds them",
	  "dande changelog generate\ndande changelog generate --from v1.0.0 -w", NULL },
	{ "lint-msg", cmd_lint_msg, NULL, "FILE", 1, 1,
	  "a commit message against Conventional Commits (the commit-msg "
	  "hook)",
	  "dande changelog lint-msg .git/COMMIT_EDITMSG",
	  "{file, ok, problem}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"changelog", "CHANGELOG.md in the Keep a Changelog format: add an "
	"entry, release, lint, show a section, generate entries from "
	"conventional commits, and lint a commit message.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

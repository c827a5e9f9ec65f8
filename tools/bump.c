/*
 * dande-bump: bump the version in VERSION and every file that carries it,
 * release the changelog, run the tests, commit and tag, all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/bump.h"
#include "dande/cli.h"
#include "dande/json.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/proc.h"

static const char help[] =
"LEVEL: nano (the nano scheme's default), patch, minor, major, pre\n"
"(--pre-label rc), auto (from the conventional commits since the last\n"
"tag), or --set X.Y.Z.\n"
"\n"
"MESSAGE (or -e MESSAGE): the bump's reason, one line, e.g. \"Added export\n"
"to CSV\": an entry of the released section under the section its first\n"
"word names (Added, Changed, Deprecated, Removed, Fixed, Security; Add,\n"
"Fix... too; the verb left out), else under Changed as written; the body\n"
"of the release commit; kept in versions.message.  A lone argument is a\n"
"LEVEL unless it has a space in it.\n"
"\n"
"Configuration: version.*, bump.*;\n"
"'dande help config' lists every key.\n"
"\n"
"JSON keys: old, new, level, files, commit (or null), tag (or null),\n"
"dry_run, note.\n";

static const char *set, *pre_label, *test_opt, *message, *entry;
static int dry_run, no_commit, no_tag, allow_dirty, force, continue_;
static int no_generate, allow_empty;

static const struct dande_opt bump_opts[] = {
	DANDE_CLI_FLAG('n', "dry-run", &dry_run,
		       "print the diff, the commit and the tag; change nothing"),
	DANDE_CLI_FLAG(0, "no-commit", &no_commit, "write the files only"),
	DANDE_CLI_FLAG(0, "no-tag", &no_tag, "commit, but no tag"),
	DANDE_CLI_FLAG(0, "allow-dirty", &allow_dirty,
		       "bump with other uncommitted changes"),
	DANDE_CLI_STRING(0, "test", &test_opt, "CMD",
			 "run CMD after writing; commit and tag only if it "
			 "passes (bump.test)"),
	DANDE_CLI_STRING('m', "message", &message, "FMT",
			 "the commit message ({old}, {new})"),
	DANDE_CLI_STRING('e', "entry", &entry, "MESSAGE",
			 "the bump's reason: a changelog entry under the "
			 "section its first word names (Added, Fixed...), "
			 "kept with the version"),
	DANDE_CLI_STRING(0, "pre-label", &pre_label, "LABEL",
			 "pre: the label (rc, beta...)"),
	DANDE_CLI_STRING(0, "set", &set, "X.Y.Z", "this version exactly"),
	DANDE_CLI_FLAG(0, "no-generate", &no_generate, "an empty [Unreleased] "
		       "is not filled from the commits since the last tag"),
	DANDE_CLI_FLAG(0, "allow-empty", &allow_empty, "release an empty "
		       "[Unreleased]"),
	DANDE_CLI_FLAG(0, "continue", &continue_, "complete a bump that was "
		       "killed half way (the version it was making)"),
	DANDE_CLI_FLAG(0, "force", &force, "--set: even when not greater; "
		       "bump even when 'bump check' fails"),
	DANDE_CLI_END
};

/* The flags over what dande_bump_config_load() read. */
static void flags(struct dande_bump_opts *o)
{
	if (message)
		o->message_format = message;
	o->commit = !no_commit;
	o->tag = !no_tag && !no_commit;
	o->allow_dirty = allow_dirty;
	o->set = set;
	o->force = force;
	o->pre_label = pre_label ? pre_label : "rc";
	o->generate = !no_generate;
	o->allow_empty = allow_empty;
}

static int cmd_show(struct dande_cli *cli, struct dande_bump_opts *o)
{
	struct dande_buf out = DANDE_BUF_INIT;

	return dande_cli_emit(cli, dande_bump_show(o, &out, cli->json), &out, 1,
			      DANDE_EXIT_OK);
}

static int settle(struct dande_cli *cli, int *completed, char *version);

static int cmd_check(struct dande_cli *cli, struct dande_bump_opts *o)
{
	struct dande_bump_lock lock = { NULL, -1, 0 };
	struct dande_buf out = DANDE_BUF_INIT;
	size_t n = 0;
	int r, completed;

	/* a bump killed half way is settled before it is checked */
	if (cli->repo && dande_repo_workdir(cli->repo)) {
		if ((r = dande_bump_lock(&lock, cli->repo)) < 0)
			return dande_cli_fail(cli, r);
		r = settle(cli, &completed, NULL);
		dande_bump_unlock(&lock);
		if (r)
			return r;
	}
	r = dande_bump_check(o, cli->repo != NULL, &out, &n);
	if (r == 0 && cli->json) {
		/* each problem is one line of the text */
		struct dande_buf doc = DANDE_BUF_INIT;
		struct dande_json j;
		const char *line, *nl;

		dande_json_init(&j, &doc, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "ok");
		dande_json_bool(&j, n == 0);
		dande_json_key(&j, "problems");
		dande_json_array_begin(&j);
		for (line = out.ptr; n && (nl = strchr(line, '\n'));
		     line = nl + 1)
			dande_json_string_len(&j, line, (size_t)(nl - line));
		dande_json_array_end(&j);
		dande_json_object_end(&j);
		dande_buf_release(&out);
		out = doc;
	}
	if (r == 0 && !cli->json)
		dande_cli_colour_lines(&out, n ? "bad" : "ok");
	return dande_cli_emit(cli, r, &out, 1, n ? DANDE_EXIT_NO :
			      DANDE_EXIT_OK);
}

static int do_bump(struct dande_cli *cli, struct dande_bump_opts *o);

static int cmd_bump(struct dande_cli *cli, struct dande_bump_opts *o)
{
	struct dande_bump_lock lock = { NULL, -1, 0 };
	char pending[DANDE_VER_STRMAX] = "";
	int r, completed = 0;

	o->level = cli->args.nr ? cli->args.v[0] : NULL;
	/* [LEVEL] [MESSAGE]: one argument with a space in it is the
	 * message ("dande bump 'Added export'"); a one-word one is a level,
	 * so that a mistyped level is not taken for a reason */
	if (cli->args.nr == 2 || (cli->args.nr == 1 &&
				  strpbrk(cli->args.v[0], " \t"))) {
		if (entry)
			return dande_cli_error(cli, DANDE_EXIT_USAGE, "a "
					       "MESSAGE or --entry, not both");
		o->entry = cli->args.v[cli->args.nr - 1];
		o->level = cli->args.nr == 2 ? cli->args.v[0] : NULL;
	} else {
		o->entry = entry;
	}
	if (o->entry && (!*o->entry || strpbrk(o->entry, "\r\n")))
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "the bump's "
				       "message is one line of text");
	if (o->level && set)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "a level or "
				       "--set, not both");
	if (continue_ && (o->level || set || dry_run))
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "--continue "
				       "takes no level, --set or --dry-run");
	if (!cli->repo)
		o->commit = o->tag = 0;
	else if (!dande_repo_workdir(cli->repo))
		return dande_cli_error(cli, DANDE_EXIT_ENV, "'%s' is a bare "
				       "repository: no working tree to bump",
				       dande_repo_gitdir(cli->repo));
	if (!dry_run && (r = dande_bump_lock(&lock, cli->repo)) < 0)
		return dande_cli_fail(cli, r);
	if (lock.stale && !cli->quiet)
		fprintf(stderr, "%s: note: took over the lock '%s' of a bump "
			"that died (pid %ld)\n", cli->prog, lock.path,
			lock.stale);
	/* settled by completing it: that was the bump asked for; rolled
	 * back: --continue makes the version it was making */
	r = dry_run ? 0 : settle(cli, &completed, pending);
	if (r == 0 && continue_ && !*pending)
		r = dande_cli_error(cli, DANDE_EXIT_NO, "no interrupted bump "
				    "to continue");
	else if (r == 0 && continue_ && !completed) {
		/* the version it was making, the changelog as it took it */
		o->set = pending;
		o->allow_empty = 1;
	}
	if (r == 0 && !completed)
		r = do_bump(cli, o);
	dande_bump_unlock(&lock);
	return r;
}

/* A bump killed half way is settled first, and said so; `completed`
 * when it was completed rather than rolled back. */
static int settle(struct dande_cli *cli, int *completed, char *version)
{
	struct dande_buf report = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int r;

	if (!cli->repo)
		return 0;
	if ((r = dande_cli_open_db(cli, 0, &db)) < 0)
		return dande_cli_fail(cli, r);
	r = dande_bump_recover(cli->repo, dande_repo_workdir(cli->repo), db,
			       &report, version);
	dande_db_close(db);
	if (r < 0) {
		dande_buf_release(&report);
		return dande_cli_fail(cli, r);
	}
	dande_cli_say(cli, &report);
	*completed = r == 2;
	return 0;
}

/* The bump itself, under the lock. */
static int do_bump(struct dande_cli *cli, struct dande_bump_opts *o)
{
	struct dande_bump_plan p;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char commit[DANDE_OID_BUFSZ];
	int r;

	if ((r = dande_bump_plan(&p, o)) < 0)
		return dande_cli_fail(cli, r);
	/* a bump starts from a consistent state: what `bump check` says */
	if (!force) {
		size_t n = 0;

		if ((r = dande_bump_check(o, cli->repo != NULL, &out, &n)) < 0)
			dande_error_clear();
		if (n) {
			fputs(out.ptr, stderr);
			dande_buf_release(&out);
			dande_bump_plan_release(&p);
			return dande_cli_error(cli, DANDE_EXIT_NO, "not bumping "
					       "from an inconsistent state: fix "
					       "what 'dande bump check' says "
					       "above (or --force)");
		}
		dande_buf_reset(&out);
	}
	if (!cli->quiet && !cli->json) {
		dande_bump_format_plan(&out, &p);
		fputs(out.ptr, stdout);
		dande_buf_reset(&out);
		if (p.note.len)
			fprintf(stderr, "%s: note: %s\n", cli->prog,
				p.note.ptr);
	}
	if (dry_run) {
		dande_bump_format_result(&out, &p, o, NULL, 1, cli->json);
		dande_bump_plan_release(&p);
		return dande_cli_emit(cli, 0, &out, 1, DANDE_EXIT_OK);
	}
	if ((r = dande_cli_open_db(cli, 0, &db)) == 0) {
		o->db = db;
		r = dande_bump_apply(&p, o, commit);
	}
	dande_db_close(db);
	if (r == 0)
		dande_bump_format_result(&out, &p, o, commit, 0, cli->json);
	dande_bump_plan_release(&p);
	/* 1: the tests said no */
	if (r == 1)
		return dande_cli_emit(cli, 0, &out, 0, dande_cli_error(cli,
				      DANDE_EXIT_NO, "%s",
				      dande_error_last()->message));
	return dande_cli_emit(cli, r, &out, cli->json || !cli->quiet,
			      DANDE_EXIT_OK);
}

typedef int (*bump_fn)(struct dande_cli *, struct dande_bump_opts *);

/* The options every command reads (configuration and flags), then fn. */
static int with_opts(struct dande_cli *cli, bump_fn fn)
{
	struct dande_bump_config c;
	int r;

	if ((r = dande_bump_config_load(&c, cli->config, cli->root.ptr,
					cli->repo, test_opt)) < 0) {
		r = dande_cli_fail(cli, r);
	} else {
		flags(&c.opts);
		r = fn(cli, &c.opts);
	}
	dande_bump_config_release(&c);
	return r;
}

static int run_bump(struct dande_cli *cli)
{
	return with_opts(cli, cmd_bump);
}

static int run_show(struct dande_cli *cli)
{
	return with_opts(cli, cmd_show);
}

static int run_check(struct dande_cli *cli)
{
	return with_opts(cli, cmd_check);
}

static const struct dande_command commands[] = {
	{ "", run_bump, bump_opts, "[LEVEL] [MESSAGE]", 0, 2,
	  "bump the version in VERSION and every file that carries it, "
	  "release the changelog, run the tests, commit and tag",
	  "dande bump\ndande bump minor --dry-run\n"
	  "dande bump minor \"Added export to CSV\"\n"
	  "dande bump --test 'make test-all'\ndande bump --set 2.0.0",
	  "{old, new, level, files: [path], commit, tag, dry_run, note}" },
	{ "show", run_show, NULL, NULL, 0, 0,
	  "the current version and what each level gives",
	  "dande bump show --json",
	  "{current, scheme, next: {nano, patch, minor, major, pre}}" },
	{ "check", run_check, NULL, NULL, 0, 0,
	  "every declared file, the changelog and the last tag agree with "
	  "VERSION; exit 1 with what differs",
	  "dande bump check",
	  "{ok, problems: [text]}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"bump", "Bump the version in VERSION and every file that carries it, "
	"release the changelog, run the tests, commit and tag, all or nothing.",
	commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

/*
 * dande-report: the tracking database as a page to look at.  `html`
 * writes one self-contained file (reports/dande/index.html by default):
 * quality per version and its change, trends, failures with their age,
 * flaky and slow tests, tests added and removed, coverage by file, TODO
 * debt.  It opens from file:// and from a CI artifact, with no request to
 * any network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/changelog.h"
#include "dande/cli.h"
#include "dande/config.h"
#include "dande/covgate.h"
#include "dande/db.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/json.h"
#include "dande/report.h"

static const char help[] =
"The page holds, from the tracking database:\n"
"  versions   each version's last run: tests, pass rate, failures,\n"
"             skipped, flaky, duration, line and branch coverage, the\n"
"             pyramid's shares, each with its change against the\n"
"             previous version, and the version's CHANGELOG.md section\n"
"  trends     pass rate, test count, duration, the pyramid, and line and\n"
"             branch coverage with coverage.threshold and the branch's\n"
"             ratchet floor drawn, over the last --runs runs\n"
"  failures   the open error fingerprints: message, how many runs, since\n"
"             which run, version and commit\n"
"  flaky      tests whose outcome changed in the window, one mark a run\n"
"  slowest    the last run's slowest tests, their duration over the window\n"
"  changes    tests added and removed between the last two versions\n"
"  coverage   the last measurement by file, against the previous version\n"
"  todos      open TODOs by age and by author\n"
"Charts are SVG drawn by dande; the page has no external script, font or\n"
"stylesheet, and reads the same with JavaScript off (with it, a click on\n"
"a table's header sorts it).  A database with no runs gives a page that\n"
"says what to run.\n"
"\n"
"`compare A B` takes on each side a version (1.3.0, or its tag v1.3.0:\n"
"the version's last run), a run id (#42), last, or previous (the last run\n"
"of the version before the last run's), and says what changed: tests\n"
"added, removed, newly failing, fixed and newly flaky; the duration and\n"
"its largest changes by test; coverage in total and by file (largest\n"
"drops first); TODOs added and resolved; the changelog in between.  A\n"
"report (exit 0), unless --fail-on drop: exit 1 when coverage dropped or\n"
"a test newly fails.\n";

static const char *output = "reports/dande", *since, *fail_on;
static int runs = 50, format = -1;
static const char *const formats[] = { "text", "json", "markdown", NULL };

static const struct dande_opt html_opts[] = {
	DANDE_CLI_STRING('o', "output", &output, "DIR",
			 "where index.html goes (reports/dande)"),
	DANDE_CLI_INT(0, "runs", &runs, "N", 1, 100000,
		      "the trends' window (50)"),
	DANDE_CLI_STRING(0, "since", &since, "VERSION",
			 "versions from this one on"),
	DANDE_CLI_END
};

static const struct dande_opt compare_opts[] = {
	DANDE_CLI_CHOICE(0, "format", &format, "FMT", formats,
			 "text, json or markdown"),
	DANDE_CLI_STRING(0, "fail-on", &fail_on, "drop",
			 "exit 1 when coverage dropped or a test newly fails"),
	DANDE_CLI_END
};

/* coverage.threshold, and the floor of the branch checked out. */
static int limits(struct dande_cli *cli, struct dande_db *db,
		  struct dande_report_opts *o)
{
	struct dande_repo_head head;
	struct dande_covgate_floor f;
	int r;

	o->floor = -1;
	if ((r = dande_config_get_percent_or(cli->config, "coverage.threshold",
					     85, &o->threshold)) < 0)
		return r;
	memset(&f, 0, sizeof(f));
	if (cli->repo && dande_repo_head(cli->repo, &head) == 0) {
		if (head.branch && dande_covgate_floor(db, head.branch, NULL,
						       0.1, &f) == 0 && f.known)
			o->floor = f.floor;
		dande_covgate_floor_release(&f);
		dande_repo_head_release(&head);
	}
	dande_error_clear();
	return 0;
}

/* The project's CHANGELOG.md, when it reads (NULL otherwise). */
static struct dande_changelog *changelog(struct dande_cli *cli)
{
	struct dande_changelog *cl = NULL;
	struct dande_buf path = DANDE_BUF_INIT;

	dande_fs_join(&path, cli->root.ptr, "CHANGELOG.md");
	if (dande_fs_exists(path.ptr) &&
	    dande_changelog_load(&cl, path.ptr, "CHANGELOG.md") < 0)
		cl = NULL;
	dande_error_clear();
	dande_buf_release(&path);
	return cl;
}

static int cmd_html(struct dande_cli *cli)
{
	struct dande_report_opts o;
	struct dande_report_stats st;
	struct dande_changelog *cl = NULL;
	struct dande_buf page = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int r;

	memset(&o, 0, sizeof(o));
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o.runs = runs;
	o.since = since;
	o.generated_at = now;
	o.project = strrchr(cli->root.ptr, '/') ?
		strrchr(cli->root.ptr, '/') + 1 : cli->root.ptr;
	o.changelog = cl = changelog(cli);
	dande_fs_join(&path, output, "index.html");
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0 &&
	    (r = limits(cli, db, &o)) == 0 &&
	    (r = dande_report_html(db, &o, &page, &st)) == 0 &&
	    (r = dande_fs_mkdir_p(output, 0755)) == 0)
		r = dande_fs_write_atomic(path.ptr, page.ptr, page.len);
	if (r == 0 && cli->json) {
		struct dande_json j;

		dande_json_init(&j, &out, 1);
		dande_json_object_begin(&j);
		dande_json_key(&j, "path");
		dande_json_string(&j, path.ptr);
		dande_json_key(&j, "bytes");
		dande_json_int(&j, (int64_t)page.len);
		dande_json_key(&j, "versions");
		dande_json_int(&j, (int64_t)st.versions);
		dande_json_key(&j, "runs");
		dande_json_int(&j, (int64_t)st.runs);
		dande_json_key(&j, "failures");
		dande_json_int(&j, (int64_t)st.failures);
		dande_json_key(&j, "flaky");
		dande_json_int(&j, (int64_t)st.flaky);
		dande_json_key(&j, "files");
		dande_json_int(&j, (int64_t)st.files);
		dande_json_key(&j, "todos");
		dande_json_int(&j, (int64_t)st.todos);
		dande_json_object_end(&j);
	} else if (r == 0) {
		dande_buf_addf(&out, "wrote %s (%zu KB): %zu version%s, %zu "
			       "run%s, %zu open failure%s, %zu flaky, %zu "
			       "file%s, %zu TODO%s\n", path.ptr,
			       (page.len + 1023) / 1024, st.versions,
			       st.versions == 1 ? "" : "s", st.runs,
			       st.runs == 1 ? "" : "s", st.failures,
			       st.failures == 1 ? "" : "s", st.flaky,
			       st.files, st.files == 1 ? "" : "s", st.todos,
			       st.todos == 1 ? "" : "s");
	}
	dande_db_close(db);
	dande_changelog_free(cl);
	dande_buf_release(&page);
	dande_buf_release(&path);
	return dande_cli_emit(cli, r, &out, !cli->quiet || cli->json,
			      DANDE_EXIT_OK);
}

static int cmd_compare(struct dande_cli *cli)
{
	struct dande_changelog *cl;
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int r, dropped = 0;

	if (fail_on && strcmp(fail_on, "drop"))
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "--fail-on takes "
				       "'drop', not '%s'", fail_on);
	cl = changelog(cli);
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0)
		r = dande_report_compare(db, cli->args.v[1], cli->args.v[2], cl,
					 cli->json ? 1 : format > 0 ? format :
					 0, &out, &dropped);
	dande_db_close(db);
	dande_changelog_free(cl);
	return dande_cli_emit(cli, r, &out, 1, fail_on && dropped ?
			      DANDE_EXIT_NO : DANDE_EXIT_OK);
}

static const struct dande_command commands[] = {
	{ "html", cmd_html, html_opts, NULL, 0, 0,
	  "write the report as one self-contained HTML page",
	  "dande report html\ndande report html -o public/quality --runs 200\n"
	  "dande report html --since 1.2.0",
	  "{path, bytes, versions, runs, failures, flaky, files, todos}" },
	{ "compare", cmd_compare, compare_opts, "A B", 2, 2,
	  "what changed from A to B (versions, tags, #run, last, previous)",
	  "dande report compare v1.2.0 v1.3.0\n"
	  "dande report compare previous last --format markdown\n"
	  "dande report compare 1.2.0 last --fail-on drop",
	  "{from, to, from_run, to_run, tests_added, tests_removed, new_failures, fixed, newly_flaky, todos_added, todos_resolved, duration_s_from, duration_s_to, durations, line_pct_from, line_pct_to, files, changelog}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"report", "See the record: the tracking database as a page, version "
	"against version.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

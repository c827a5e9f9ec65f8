/*
 * dande-cov: coverage reports into the tracking database, and the gate CI
 * runs on them: the threshold (85% by default), the ratchet, patch
 * coverage; reports, history and a badge.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/cli.h"
#include "dande/config.h"
#include "dande/covgate.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/provenance.h"

static const char help[] =
"Reports: Cobertura XML, LCOV, JaCoCo XML, gcov JSON (.gcov.json.gz too),\n"
"told apart by content.\n"
"\n"
"Configuration: coverage.threshold (85), coverage.branchThreshold,\n"
"coverage.fileThreshold, coverage.patchThreshold (the threshold),\n"
"coverage.tolerance (ratchet, 0.1 points), coverage.base (origin/main,\n"
"else main), coverage.exclude and coverage.include (globs, multi-valued).\n"
"\n"
"JSON keys (gate, patch, report): lines_valid, lines_covered, line_pct,\n"
"branches_valid, branches_covered, branch_pct (null without branch data),\n"
"threshold, passed; gate adds floor {pct, source, reason}; patch adds base,\n"
"changed_lines, changed_covered, patch_pct, uncovered [\"file:start-end\"];\n"
"report adds files [{file, lines_valid, lines_covered, line_pct, ...}].\n";

/* Percentages not given are -1: the configuration decides. */
static double min_pct = -1, branch_min_pct = -1, file_min_pct = -1;
static double tol_pct = -1;
static const char *base_opt, *diff_opt, *format, *output;
static const char *reason, *branch_opt;
static long run_opt;
static int ratchet;
static struct dande_strvec includes = DANDE_STRVEC_INIT;
static struct dande_strvec excludes = DANDE_STRVEC_INIT;

#define FILTERS \
	DANDE_CLI_LIST(0, "include", &includes, "GLOB", \
		       "only files matching"), \
	DANDE_CLI_LIST(0, "exclude", &excludes, "GLOB", \
		       "leave out files matching")

static const struct dande_opt ingest_opts[] = {
	DANDE_CLI_INT(0, "run", &run_opt, "ID", 1, 0,
		      "attach the measurement to test run ID"),
	FILTERS,
	DANDE_CLI_END
};

static const struct dande_opt gate_opts[] = {
	DANDE_CLI_PERCENT(0, "min", &min_pct, "PCT",
			  "line threshold (coverage.threshold, 85)"),
	DANDE_CLI_PERCENT(0, "branch-min", &branch_min_pct, "PCT",
			  "branch threshold (coverage.branchThreshold)"),
	DANDE_CLI_PERCENT(0, "file-min", &file_min_pct, "PCT",
			  "every file at least this (coverage.fileThreshold)"),
	DANDE_CLI_FLAG(0, "ratchet", &ratchet,
		       "fail a drop below the best figure of the branch"),
	DANDE_CLI_PERCENT(0, "tolerance", &tol_pct, "PCT",
			  "ratchet tolerance in points (coverage.tolerance, "
			  "0.1)"),
	DANDE_CLI_STRING(0, "base", &base_opt, "REF",
			 "ratchet: a new branch starts from the floor at its "
			 "merge-base with REF (coverage.base)"),
	DANDE_CLI_INT(0, "run", &run_opt, "ID", 1, 0,
		      "attach the measurement to test run ID"),
	FILTERS,
	DANDE_CLI_END
};

static const struct dande_opt patch_opts[] = {
	DANDE_CLI_PERCENT(0, "min", &min_pct, "PCT",
			  "patch threshold (coverage.patchThreshold, else "
			  "coverage.threshold)"),
	DANDE_CLI_STRING(0, "base", &base_opt, "REF",
			 "the branch to diff against (coverage.base)"),
	DANDE_CLI_STRING(0, "diff", &diff_opt, "FILE",
			 "read this unified diff instead"),
	FILTERS,
	DANDE_CLI_END
};

static const struct dande_opt report_opts[] = {
	DANDE_CLI_STRING(0, "format", &format, "FMT",
			 "text, json or markdown"),
	FILTERS,
	DANDE_CLI_END
};

static const struct dande_opt badge_opts[] = {
	DANDE_CLI_STRING('o', "output", &output, "FILE", "where to write it"),
	FILTERS,
	DANDE_CLI_END
};

static const struct dande_opt history_opts[] = {
	DANDE_CLI_STRING(0, "branch", &branch_opt, "BRANCH",
			 "this branch only"),
	DANDE_CLI_END
};

static const struct dande_opt floor_opts[] = {
	DANDE_CLI_STRING(0, "reason", &reason, "TEXT", "set: why"),
	DANDE_CLI_PERCENT(0, "tolerance", &tol_pct, "PCT",
			  "show: ratchet tolerance in points"),
	DANDE_CLI_STRING(0, "base", &base_opt, "REF",
			 "show: the branch a new branch inherits its floor from"),
	DANDE_CLI_END
};

struct ctx {
	struct dande_cli *cli;
	struct dande_provenance prov;
	struct dande_db *db;
	struct dande_cov *cov;
};

/* The option's value when given (>= 0), else the configuration's, else
 * `dflt`. */
static int percent(struct dande_cli *cli, const char *key, double given,
		   double dflt, double *out)
{
	if (given >= 0) {
		*out = given;
		return 0;
	}
	return dande_config_get_percent_or(cli->config, key, dflt, out);
}

static int open_db(struct ctx *x, int flags)
{
	return dande_cli_open_db(x->cli, flags, &x->db);
}

/* Load every report argument (files, directories of *.xml, globs) and
 * apply the include/exclude globs. */
static int load_reports(struct ctx *x, size_t first)
{
	struct dande_cli *cli = x->cli;
	struct dande_strvec files = DANDE_STRVEC_INIT;
	struct dande_strvec cfg_ex = DANDE_STRVEC_INIT;
	struct dande_strvec cfg_in = DANDE_STRVEC_INIT;
	size_t i;
	int r = 0;

	for (i = first; i < cli->args.nr && r == 0; i++) {
		r = strpbrk(cli->args.v[i], "*?[") ?
			dande_fs_expand(&files, cli->args.v[i]) :
			(dande_strvec_push(&files, cli->args.v[i]), 0);
		if (r == DANDE_ENOTFOUND)
			r = dande_error_set(DANDE_EUSAGE, "no report matches "
					    "'%s'", cli->args.v[i]);
	}
	dande_cov_new(&x->cov, cli->root.ptr);
	for (i = 0; r == 0 && i < files.nr; i++) {
		struct dande_cov_info info;

		r = dande_cov_load(x->cov, files.v[i], &info);
		if (r == 0 && cli->verbose) {
			fprintf(stderr, "%s: %s: %s, %lld files\n", cli->prog,
				files.v[i], info.format,
				(long long)info.files);
			if (info.declared_valid >= 0)
				fprintf(stderr, "%s: %s declares %lld/%lld "
					"lines (its own summary; dande "
					"recounts the lines)\n", cli->prog,
					files.v[i],
					(long long)info.declared_covered,
					(long long)info.declared_valid);
		}
	}
	if (r == 0) {
		if (dande_config_get_list(cli->config, "coverage.exclude",
					  &cfg_ex) < 0 ||
		    dande_config_get_list(cli->config, "coverage.include",
					  &cfg_in) < 0)
			dande_error_clear();
		dande_strvec_pushv(&cfg_ex, (const char *const *)excludes.v);
		dande_strvec_pushv(&cfg_in, (const char *const *)includes.v);
		dande_cov_filter(x->cov, &cfg_in, &cfg_ex);
	}
	dande_strvec_release(&files);
	dande_strvec_release(&cfg_ex);
	dande_strvec_release(&cfg_in);
	return r;
}

static int record(struct ctx *x)
{
	struct dande_covgate_record rec;
	int64_t run = 0;
	int r;

	memset(&rec, 0, sizeof(rec));
	rec.run_id = run_opt;
	rec.prov = &x->prov;
	rec.source = x->cli->args.nr > 1 ? x->cli->args.v[1] : NULL;
	if (!x->db && (r = open_db(x, 0)) < 0)
		return r;
	return dande_covgate_record(x->db, x->cov, &rec, &run);
}

/* The base to diff against or inherit a floor from: --base, then
 * coverage.base, then origin/main, then main. */
static const char *base_ref(struct ctx *x, char *commit)
{
	static const char *const fallbacks[] = { "origin/main", "main",
						 "master" };
	const char *ref = base_opt;
	size_t i;

	*commit = '\0';
	if (!x->cli->repo)
		return NULL;
	if (!ref)
		dande_config_get_string_or(x->cli->config, "coverage.base", NULL,
					   &ref);
	if (ref)
		return dande_repo_merge_base(x->cli->repo, ref, commit) == 0 ?
			ref : NULL;
	for (i = 0; i < 3; i++)
		if (dande_repo_merge_base(x->cli->repo, fallbacks[i],
					  commit) == 0)
			return fallbacks[i];
	dande_error_clear();
	return NULL;
}

static int cmd_gate(struct ctx *x, int gate)
{
	struct dande_cli *cli = x->cli;
	struct dande_covgate_result g;
	struct dande_covgate_floor floor_;
	struct dande_buf out = DANDE_BUF_INIT;
	double min, bmin, fmin, tol;
	char base[DANDE_OID_BUFSZ];
	int r;

	if ((r = percent(cli, "coverage.threshold", min_pct, 85, &min)) < 0 ||
	    (r = percent(cli, "coverage.branchThreshold", branch_min_pct, -1,
			 &bmin)) < 0 ||
	    (r = percent(cli, "coverage.fileThreshold", file_min_pct, -1,
			 &fmin)) < 0 ||
	    (r = percent(cli, "coverage.tolerance", tol_pct, 0.1, &tol)) < 0 ||
	    (r = load_reports(x, 1)) < 0 || (r = open_db(x, 0)) < 0)
		return dande_cli_fail(cli, r);
	memset(&floor_, 0, sizeof(floor_));
	if (gate && ratchet) {
		base_ref(x, base);
		if ((r = dande_covgate_floor(x->db, x->prov.branch, base, tol,
					     &floor_)) < 0)
			return dande_cli_fail(cli, r);
	}
	/* decided against the history before this measurement joins it */
	dande_covgate_decide(x->cov, min, bmin, fmin, gate && ratchet, &floor_,
			     &g);
	if ((r = record(x)) < 0)
		return dande_cli_fail(cli, r);
	if (!gate) {
		if (!cli->quiet || cli->json)
			dande_covgate_format(&out, x->cov, &g, cli->json);
		fputs(out.ptr, stdout);
		dande_buf_release(&out);
		return DANDE_EXIT_OK;
	}
	if (!cli->quiet || cli->json || !g.passed)
		dande_covgate_format(&out, x->cov, &g, cli->json);
	fputs(out.ptr, stdout);
	dande_buf_release(&out);
	return g.passed ? DANDE_EXIT_OK : DANDE_EXIT_NO;
}

static int cmd_patch(struct ctx *x)
{
	struct dande_cli *cli = x->cli;
	struct dande_buf diff = DANDE_BUF_INIT, out = DANDE_BUF_INIT;
	struct dande_buf desc = DANDE_BUF_INIT;
	struct dande_patch *p = NULL;
	struct dande_patch_result pr;
	struct dande_covgate_result g;
	const char *ref = NULL;
	double min, tmin;
	char base[DANDE_OID_BUFSZ];
	int r, passed, code;

	if ((r = percent(cli, "coverage.threshold", -1, 85, &tmin)) < 0 ||
	    (r = percent(cli, "coverage.patchThreshold", min_pct, tmin,
			 &min)) < 0 ||
	    (r = load_reports(x, 1)) < 0)
		return dande_cli_fail(cli, r);
	diff.max = (size_t)1 << 30;
	if (diff_opt) {
		if ((r = dande_buf_read_file(&diff, diff_opt)) < 0)
			return dande_cli_fail(cli, r == DANDE_ENOTFOUND ?
					      DANDE_EUSAGE : r);
		dande_buf_adds(&desc, diff_opt);
	} else {
		if (!cli->repo)
			return dande_cli_error(cli, DANDE_EXIT_ENV, "patch "
					       "coverage needs a git repository "
					       "(or --diff FILE)");
		ref = base_ref(x, base);
		if (!ref)
			return dande_cli_error(cli, DANDE_EXIT_ENV, "no base "
					       "to diff against: '%s' is not "
					       "there or shares no history with "
					       "HEAD (a shallow clone? fetch it, "
					       "or give --base or --diff)",
					       base_opt ? base_opt :
					       "origin/main");
		if ((r = dande_repo_diff(cli->repo, base, &diff)) < 0)
			return dande_cli_fail(cli, r);
		dande_buf_addf(&desc, "%s (merge-base %.12s)", ref, base);
	}
	if ((r = dande_patch_parse(&p, diff.ptr, diff.len,
				   diff_opt ? diff_opt : "diff")) < 0) {
		dande_buf_release(&diff);
		dande_buf_release(&desc);
		return dande_cli_fail(cli, r);
	}
	dande_patch_cover(p, x->cov, &pr);
	dande_covgate_decide(x->cov, tmin, -1, -1, 0, NULL, &g);
	passed = !(pr.changed_lines && floor(pr.patch_pct * 100 + 1e-9) <
		   floor(min * 100 + 1e-9));
	if ((r = record(x)) < 0) {
		code = dande_cli_fail(cli, r);
		goto done;
	}
	dande_patch_format(&out, &pr, &g, min, passed, cli->json, desc.ptr);
	if (!cli->quiet || cli->json || !passed)
		fputs(out.ptr, stdout);
	code = passed ? DANDE_EXIT_OK : DANDE_EXIT_NO;
done:
	dande_patch_result_release(&pr);
	dande_patch_free(p);
	dande_buf_release(&diff);
	dande_buf_release(&out);
	dande_buf_release(&desc);
	return code;
}

/* The measurement to show: the reports given, else the last recorded. */
static int measurement(struct ctx *x, size_t first)
{
	int r;

	if (x->cli->args.nr > first)
		return load_reports(x, first);
	if ((r = open_db(x, DANDE_DB_READONLY)) < 0)
		return r;
	dande_cov_new(&x->cov, x->cli->root.ptr);
	return dande_covgate_load_last(x->db, NULL, x->cov);
}

static int cmd_report(struct ctx *x)
{
	struct dande_buf out = DANDE_BUF_INIT;
	int fmt = x->cli->json ? 1 : 0, r;

	if (format && !x->cli->json) {
		if (!strcmp(format, "json"))
			fmt = 1;
		else if (!strcmp(format, "markdown"))
			fmt = 2;
		else if (strcmp(format, "text"))
			return dande_cli_error(x->cli, DANDE_EXIT_USAGE,
					       "unknown format '%s' (text, json "
					       "or markdown)", format);
	}
	if ((r = measurement(x, 1)) < 0)
		return dande_cli_fail(x->cli, r);
	dande_covgate_report(&out, x->cov, fmt);
	fputs(out.ptr, stdout);
	dande_buf_release(&out);
	return DANDE_EXIT_OK;
}

static int cmd_badge(struct ctx *x)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_cov_totals t;
	int r;

	if (!output)
		return dande_cli_error(x->cli, DANDE_EXIT_USAGE, "badge needs "
				       "-o FILE\ntry 'dande cov badge --help'");
	if ((r = measurement(x, 1)) < 0)
		return dande_cli_fail(x->cli, r);
	dande_cov_totals(x->cov, &t);
	dande_covgate_badge(&out, dande_cov_pct(t.lines_covered,
						t.lines_valid));
	r = dande_fs_write_atomic(output, out.ptr, out.len);
	dande_buf_release(&out);
	if (r < 0)
		return dande_cli_fail(x->cli, r);
	if (!x->cli->quiet)
		printf("wrote %s (%.0f%%)\n", output,
		       floor(dande_cov_pct(t.lines_covered, t.lines_valid)));
	return DANDE_EXIT_OK;
}

static int cmd_history(struct ctx *x)
{
	struct dande_buf out = DANDE_BUF_INIT;
	size_t n = 0;
	int r;

	if ((r = open_db(x, DANDE_DB_READONLY)) < 0 ||
	    (r = dande_covgate_history(x->db, branch_opt, &out, x->cli->json,
				       &n)) < 0) {
		dande_buf_release(&out);
		return dande_cli_fail(x->cli, r);
	}
	if (!n && !x->cli->json)
		dande_buf_adds(&out, "no coverage recorded yet\n");
	fputs(out.ptr, stdout);
	dande_buf_release(&out);
	return DANDE_EXIT_OK;
}

static int cmd_floor(struct ctx *x)
{
	struct dande_cli *cli = x->cli;
	struct dande_covgate_floor f;
	const char *branch = x->prov.branch;
	double pct, tol;
	char base[DANDE_OID_BUFSZ];
	int r;

	if (cli->args.nr >= 2 && !strcmp(cli->args.v[1], "show")) {
		if ((r = percent(cli, "coverage.tolerance", tol_pct, 0.1,
				 &tol)) < 0 ||
		    (r = open_db(x, DANDE_DB_READONLY)) < 0)
			return dande_cli_fail(cli, r);
		base_ref(x, base);
		if ((r = dande_covgate_floor(x->db, branch, base, tol, &f)) < 0)
			return dande_cli_fail(cli, r);
		if (!f.known)
			printf("no floor yet on %s: the absolute threshold "
			       "only\n", branch ? branch : "this branch");
		else
			printf("floor %.2f%% on %s (%s%s%s)\n", f.floor,
			       branch ? branch : "this branch", f.source,
			       *f.reason ? ": " : "", f.reason);
		return DANDE_EXIT_OK;
	}
	if (cli->args.nr != 3 || strcmp(cli->args.v[1], "set"))
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "floor takes "
				       "'set PCT --reason TEXT' or 'show'\n"
				       "try 'dande cov floor --help'");
	if (dande_config_parse_percent(&pct, cli->args.v[2]) < 0)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "floor set takes "
				       "a percentage from 0 to 100, not '%s'",
				       cli->args.v[2]);
	if (!reason || !*reason)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "floor set needs "
				       "--reason TEXT: say why coverage may "
				       "drop");
	if ((r = open_db(x, 0)) < 0 ||
	    (r = dande_covgate_floor_set(x->db, branch, pct, reason)) < 0)
		return dande_cli_fail(cli, r);
	if (!cli->quiet)
		printf("floor of %s set to %.2f%%: %s\n",
		       branch ? branch : "this branch", pct, reason);
	return DANDE_EXIT_OK;
}

/* Every command runs with the context: HEAD and the project's version. */
static int with_ctx(struct dande_cli *cli, int (*fn)(struct ctx *, int),
		    int arg)
{
	struct ctx x;
	int r;

	memset(&x, 0, sizeof(x));
	x.cli = cli;
	if ((r = dande_provenance_load(&x.prov, cli->repo, cli->root.ptr)) < 0)
		r = dande_cli_fail(cli, r);
	else
		r = fn(&x, arg);
	dande_db_close(x.db);
	dande_cov_free(x.cov);
	dande_provenance_release(&x.prov);
	dande_strvec_release(&includes);
	dande_strvec_release(&excludes);
	return r;
}

#define CTX_ONLY(name) \
	static int name##_(struct ctx *x, int arg) \
	{ \
		(void)arg; \
		return name(x); \
	}
CTX_ONLY(cmd_patch)
CTX_ONLY(cmd_report)
CTX_ONLY(cmd_badge)
CTX_ONLY(cmd_history)
CTX_ONLY(cmd_floor)

static int run_ingest(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_gate, 0);
}

static int run_gate(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_gate, 1);
}

static int run_patch(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_patch_, 0);
}

static int run_report(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_report_, 0);
}

static int run_badge(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_badge_, 0);
}

static int run_history(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_history_, 0);
}

static int run_floor(struct dande_cli *cli)
{
	return with_ctx(cli, cmd_floor_, 0);
}

static const struct dande_command commands[] = {
	{ "ingest", run_ingest, ingest_opts, "REPORT...", 1, -1,
	  "record a measurement (reports merged by file and line)",
	  "dande cov ingest coverage.xml --run 42" },
	{ "gate", run_gate, gate_opts, "REPORT...", 1, -1,
	  "record, then exit 1 under the thresholds",
	  "dande cov gate coverage.xml\n"
	  "dande cov gate lcov.info --min 90 --ratchet\n"
	  "dande cov gate 'build/*.gcov.json.gz' --file-min 50 "
	  "--exclude 'tests/*'" },
	{ "patch", run_patch, patch_opts, "REPORT...", 1, -1,
	  "coverage of the lines changed since the merge-base with --base (or "
	  "of --diff FILE); exit 1 under --min",
	  "dande cov patch coverage.xml --base origin/main\n"
	  "dande cov patch lcov.info --diff change.diff --min 80" },
	{ "report", run_report, report_opts, "[REPORT...]", 0, -1,
	  "the per-file table, worst first (default: the last recorded "
	  "measurement)",
	  "dande cov report\ndande cov report coverage.xml --format markdown" },
	{ "history", run_history, history_opts, NULL, 0, 0,
	  "total line coverage over time",
	  "dande cov history --branch main" },
	{ "floor", run_floor, floor_opts, "set PCT|show", 1, 2,
	  "the ratchet floor of this branch: show it, or lower it saying why",
	  "dande cov floor show\n"
	  "dande cov floor set 80 --reason 'vendored parser, tests next sprint'" },
	{ "badge", run_badge, badge_opts, "[REPORT...]", 0, -1,
	  "an SVG badge of line coverage",
	  "dande cov badge -o coverage.svg" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct dande_tool tool = {
	"cov", "Coverage reports into the tracking database, and the gate CI "
	"runs on them: the threshold (85% by default), the ratchet, patch "
	"coverage; reports, history and a badge.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}

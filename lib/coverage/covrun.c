/*
 * covrun.c: the coverage commands' steps over the measurement, the
 * configuration and the database (covrun.h); the tool only parses,
 * prints and maps the outcome to an exit code.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dande/config.h"
#include "dande/covrun.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/provenance.h"
#include "util/banned.h"

int dande_covrun_map_paths(struct dande_cov *cov,
			   const struct dande_config *cfg,
			   struct dande_strvec *unmatched)
{
	struct dande_strvec rules = DANDE_STRVEC_INIT;
	size_t i;
	int e;

	if ((e = dande_config_get_list(cfg, "coverage.paths", &rules)) ==
	    DANDE_ENOTFOUND) {
		dande_error_clear();
		e = 0;
	}
	for (i = 0; e == 0 && i < rules.nr; i++) {
		const char *colon = strrchr(rules.v[i], ':');

		if (!colon || colon == rules.v[i])
			e = dande_error_set(DANDE_EUSAGE, "coverage.paths: "
					    "'%s' is not FROM:TO",
					    rules.v[i]);
	}
	if (e == 0) {
		if (unmatched)
			dande_strvec_clear(unmatched);
		dande_cov_map_paths(cov, &rules, unmatched);
	}
	dande_strvec_release(&rules);
	return e;
}

int dande_covrun_filters(const struct dande_config *cfg,
			 struct dande_strvec *include,
			 struct dande_strvec *exclude)
{
	int e = dande_config_get_list(cfg, "coverage.exclude", exclude);

	if (e == DANDE_ENOTFOUND)
		e = 0;
	if (e == 0 && (e = dande_config_get_list(cfg, "coverage.include",
						 include)) == DANDE_ENOTFOUND)
		e = 0;
	if (e == 0)
		dande_error_clear();
	return e;
}

int dande_covrun_load(struct dande_covrun *r, const char *const *args,
		      size_t nargs)
{
	struct dande_strvec files = DANDE_STRVEC_INIT;
	struct dande_strvec ex = DANDE_STRVEC_INIT, in = DANDE_STRVEC_INIT;
	size_t i;
	int e = 0;

	for (i = 0; i < nargs && e == 0; i++) {
		e = strpbrk(args[i], "*?[") ? dande_fs_expand(&files, args[i]) :
			(dande_strvec_push(&files, args[i]), 0);
		/* what the user typed is not there: exit 2 either way */
		if (e == DANDE_ENOTFOUND)
			e = dande_error_set(DANDE_EUSAGE, "no report matches "
					    "'%s'", args[i]);
		else if (e == 0 && !strpbrk(args[i], "*?[") &&
			 !dande_fs_exists(args[i]))
			e = dande_error_set(DANDE_EUSAGE, "no such file '%s'",
					    args[i]);
	}
	dande_cov_free(r->cov);
	dande_cov_new(&r->cov, r->root);
	for (i = 0; e == 0 && i < files.nr; i++) {
		struct dande_cov_info info;

		if ((e = dande_cov_load(r->cov, files.v[i], &info)) == 0 &&
		    r->on_report)
			r->on_report(r->payload, files.v[i], &info);
	}
	if (e == 0)
		e = dande_covrun_map_paths(r->cov, r->cfg, &r->unmatched);
	if (e == 0) {
		const struct dande_cov_file *all;

		/* what `unmatched` is counted against: the reports' files
		 * before coverage.include and .exclude */
		r->report_files = dande_cov_files(r->cov, &all);
		e = dande_covrun_filters(r->cfg, &in, &ex);
	}
	if (e == 0) {
		if (r->exclude)
			dande_strvec_pushv(&ex,
					   (const char *const *)r->exclude->v);
		if (r->include)
			dande_strvec_pushv(&in,
					   (const char *const *)r->include->v);
		dande_cov_filter(r->cov, &in, &ex);
	}
	dande_strvec_release(&files);
	dande_strvec_release(&ex);
	dande_strvec_release(&in);
	return e;
}

int dande_covrun_load_last(struct dande_covrun *r, struct dande_db *db)
{
	dande_cov_free(r->cov);
	dande_cov_new(&r->cov, r->root);
	return dande_covgate_load_last(db, NULL, r->cov);
}

const char *dande_covrun_base(struct dande_covrun *r)
{
	static const char *const fallbacks[] = { "origin/main", "main",
						 "master" };
	const char *ref = r->base;
	size_t i;

	*r->base_commit = '\0';
	if (!r->repo)
		return NULL;
	if (!ref)
		dande_config_get_string_or(r->cfg, "coverage.base", NULL, &ref);
	if (ref) {
		if (dande_repo_merge_base(r->repo, ref, r->base_commit) == 0)
			return ref;
		dande_error_clear();
		return NULL;
	}
	for (i = 0; i < 3; i++)
		if (dande_repo_merge_base(r->repo, fallbacks[i],
					  r->base_commit) == 0)
			return fallbacks[i];
	dande_error_clear();
	return NULL;
}

/* Record the measurement, with a patch's figures when `pr` is one. */
static int record(struct dande_covrun *r, struct dande_db *db,
		  const struct dande_patch_result *pr)
{
	struct dande_covgate_record rec;
	int64_t run = 0;

	memset(&rec, 0, sizeof(rec));
	rec.run_id = r->run_id;
	rec.prov = r->prov;
	rec.source = r->source;
	rec.patch_lines = pr ? pr->changed_lines : -1;
	rec.patch_covered = pr ? pr->changed_covered : -1;
	return dande_covgate_record(db, r->cov, &rec, &run);
}

int dande_covrun_record(struct dande_covrun *r, struct dande_db *db)
{
	return record(r, db, NULL);
}

int dande_covrun_gate(struct dande_covrun *r, struct dande_db *db,
		      const struct dande_covrun_limits *lim,
		      struct dande_covgate_result *g)
{
	int e;

	/* per-file floors over files that are not the repository's would
	 * judge nothing of it */
	if (lim->file >= 0 && r->unmatched.nr &&
	    r->unmatched.nr == r->report_files)
		return dande_error_set(DANDE_EINVALID, "per-file floors: none "
				       "of the report's %zu files is in the "
				       "repository (such as '%s'): map them "
				       "with coverage.paths = FROM:TO",
				       r->report_files, r->unmatched.v[0]);
	dande_covgate_floor_release(&r->floor);
	if (lim->ratchet) {
		dande_covrun_base(r);
		if ((e = dande_covgate_floor(db, r->prov ? r->prov->branch :
					     NULL, r->base_commit,
					     lim->tolerance, &r->floor)) < 0)
			return e;
	}
	/* decided against the history before this measurement joins it */
	dande_covgate_decide(r->cov, lim->line, lim->branch, lim->file,
			     lim->ratchet, &r->floor, g);
	return dande_covrun_record(r, db);
}

int dande_covrun_patch(struct dande_covrun *r, struct dande_db *db,
		       const char *diff_file, double min, double total_min,
		       int json, struct dande_buf *text, int *passed)
{
	struct dande_buf diff = DANDE_BUF_INIT, desc = DANDE_BUF_INIT;
	struct dande_patch *p = NULL;
	struct dande_patch_result pr;
	struct dande_covgate_result g;
	const char *ref;
	int e;

	memset(&pr, 0, sizeof(pr));
	*passed = 0;
	diff.max = (size_t)1 << 30;
	if (diff_file) {
		if ((e = dande_buf_read_file(&diff, diff_file)) < 0) {
			if (e == DANDE_ENOTFOUND)
				e = dande_error_set(DANDE_EUSAGE, "%s",
						    dande_error_last()->message);
			goto done;
		}
		dande_buf_adds(&desc, diff_file);
	} else {
		if (!r->repo) {
			e = dande_error_set(DANDE_EEXTERNAL, "patch coverage "
					    "needs a git repository (or --diff "
					    "FILE)");
			goto done;
		}
		if (!(ref = dande_covrun_base(r))) {
			e = dande_error_set(DANDE_EEXTERNAL, "no base to diff "
					    "against: '%s' is not there or "
					    "shares no history with HEAD (a "
					    "shallow clone? fetch it, or give "
					    "--base or --diff)", r->base ?
					    r->base : "origin/main");
			goto done;
		}
		if ((e = dande_repo_diff(r->repo, r->base_commit, &diff)) < 0)
			goto done;
		dande_buf_addf(&desc, "%s (merge-base %.12s)", ref,
			       r->base_commit);
	}
	if ((e = dande_patch_parse(&p, diff.ptr, diff.len, diff_file ?
				   diff_file : "diff")) < 0)
		goto done;
	dande_patch_cover(p, r->cov, &pr);
	/* a report of another checkout matches no changed line: that is
	 * not 100%, it is a report that does not fit the repository */
	if (!pr.changed_lines && dande_patch_lines(p) && r->unmatched.nr) {
		e = dande_error_set(DANDE_EINVALID, "%zu of the report's %zu "
				    "files are not in the repository (such as "
				    "'%s'), and no changed line is in the "
				    "others: map them with coverage.paths = "
				    "FROM:TO", r->unmatched.nr,
				    r->report_files, r->unmatched.v[0]);
		goto done;
	}
	dande_covgate_decide(r->cov, total_min, -1, -1, 0, NULL, &g);
	*passed = !(pr.changed_lines && floor(pr.patch_pct * 100 + 1e-9) <
		    floor(min * 100 + 1e-9));
	if ((e = record(r, db, &pr)) < 0)
		goto done;
	dande_patch_format(text, &pr, &g, min, *passed, json, desc.ptr);
done:
	dande_patch_result_release(&pr);
	dande_patch_free(p);
	dande_buf_release(&diff);
	dande_buf_release(&desc);
	return e;
}

int dande_covrun_limits(struct dande_covrun_limits *lim,
			const struct dande_config *cfg)
{
	int e = 0;

	if (lim->line < 0)
		e = dande_config_get_percent_or(cfg, "coverage.threshold", 85,
						&lim->line);
	if (e == 0 && lim->branch < 0)
		e = dande_config_get_percent_or(cfg, "coverage.branchThreshold",
						-1, &lim->branch);
	if (e == 0 && lim->file < 0)
		e = dande_config_get_percent_or(cfg, "coverage.fileThreshold",
						-1, &lim->file);
	if (e == 0 && lim->tolerance < 0)
		e = dande_config_get_percent_or(cfg, "coverage.tolerance", 0.1,
						&lim->tolerance);
	if (e == 0 && lim->patch < 0)
		e = dande_config_get_percent_or(cfg, "coverage.patchThreshold",
						lim->line, &lim->patch);
	return e;
}

int dande_covrun_floor_show(struct dande_covrun *r, struct dande_db *db,
			    double tolerance, struct dande_buf *out)
{
	const char *branch = r->prov ? r->prov->branch : NULL;
	struct dande_covgate_floor *f = &r->floor;
	int e;

	dande_covgate_floor_release(f);
	dande_covrun_base(r);
	if ((e = dande_covgate_floor(db, branch, r->base_commit, tolerance,
				     f)) < 0)
		return e;
	if (!f->known)
		dande_buf_addf(out, "no floor yet on %s: the absolute threshold "
			       "only\n", branch ? branch : "this branch");
	else
		dande_buf_addf(out, "floor %.2f%% on %s (%s%s%s)\n", f->floor,
			       branch ? branch : "this branch", f->source,
			       f->reason ? ": " : "", f->reason ? f->reason :
			       "");
	return 0;
}

int dande_covrun_floor_set(struct dande_covrun *r, struct dande_db *db,
			   const char *pct, const char *reason,
			   struct dande_buf *out)
{
	const char *branch = r->prov ? r->prov->branch : NULL;
	double v;
	int e;

	if (dande_config_parse_percent(&v, pct) < 0)
		return dande_error_set(DANDE_EUSAGE, "floor set takes a "
				       "percentage from 0 to 100, not '%s'", pct);
	if (!reason || !*reason)
		return dande_error_set(DANDE_EUSAGE, "floor set needs --reason "
				       "TEXT: say why coverage may drop");
	if ((e = dande_covgate_floor_set(db, branch, v, reason)) < 0)
		return e;
	dande_buf_addf(out, "floor of %s set to %.2f%%: %s\n", branch ? branch :
		       "this branch", v, reason);
	return 0;
}

int dande_covrun_floor(struct dande_covrun *r, struct dande_db *db,
		       const char *const *args, size_t nargs, double tolerance,
		       const char *reason, struct dande_buf *out)
{
	if (nargs == 1 && !strcmp(args[0], "show"))
		return dande_covrun_floor_show(r, db, tolerance, out);
	if (nargs == 2 && !strcmp(args[0], "set"))
		return dande_covrun_floor_set(r, db, args[1], reason, out);
	return dande_error_set(DANDE_EUSAGE, "floor takes 'set PCT --reason "
			       "TEXT' or 'show'");
}

int dande_covrun_badge(struct dande_covrun *r, const char *path,
		       double threshold, struct dande_buf *svg, double *pct)
{
	struct dande_cov_totals t;

	dande_cov_totals(r->cov, &t);
	*pct = dande_cov_pct(t.lines_covered, t.lines_valid);
	dande_covgate_badge(svg, *pct, threshold);
	return path ? dande_fs_write_atomic(path, svg->ptr, svg->len) : 0;
}

void dande_covrun_release(struct dande_covrun *r)
{
	dande_cov_free(r->cov);
	r->cov = NULL;
	dande_strvec_release(&r->unmatched);
	dande_covgate_floor_release(&r->floor);
}

void dande_covrun_format_unmatched(struct dande_buf *out, const char *prog,
				   const struct dande_strvec *files)
{
	struct dande_printable pr = DANDE_PRINTABLE_INIT;
	size_t i;

	dande_buf_addf(out, "%s: warning: %zu file%s of the reports %s not in "
		       "the repository (map them with coverage.paths = "
		       "FROM:TO):\n", prog, files->nr, files->nr == 1 ? "" :
		       "s", files->nr == 1 ? "is" : "are");
	for (i = 0; i < dande_output_shown(files->nr); i++)
		dande_buf_addf(out, "  %s\n", dande_printable(&pr, files->v[i]));
	if (files->nr > dande_output_shown(files->nr))
		dande_buf_addf(out, "  and %zu more (--all lists every one)\n",
			       files->nr - dande_output_shown(files->nr));
	dande_printable_release(&pr);
}

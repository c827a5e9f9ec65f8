/*
 * Patch coverage against diff-cover: the cases of
 * ../shared/corpus/coverage/PATCH_CASES.tsv (a git diff, reports, and
 * diff-cover's expected console output) replayed through the library;
 * the changed and missing line counts must agree.  Skipped, saying so,
 * without the corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/covgate.h"
#include "lib/test.h"
#include "integration/suites.h"

/* Cases where dande answers differently on purpose (see the note on
 * issue 5). */
static const struct {
	const char *name, *why;
} differs[] = {
	{ "expand_coverage_report", "diff-cover --expand-coverage-report "
	  "gives lines absent from the report the hits of the line before; "
	  "dande counts only executable lines" },
	{ "subdir", "diff-cover resolves paths against the current directory; "
	  "dande against the repository root, so the case has no meaning" },
	{ "mixed_lcov_and_xml", "diff-cover refuses to mix formats; dande "
	  "merges them" },
	{ NULL, NULL }
};

static int parse_expected(const char *text, long *total, long *missing)
{
	const char *t = strstr(text, "Total:"), *m = strstr(text, "Missing:");

	if (strstr(text, "No lines with coverage information")) {
		*total = *missing = 0;
		return 0;
	}
	if (!t || !m)
		return -1;
	*total = strtol(t + 6, NULL, 10);
	*missing = strtol(m + 8, NULL, 10);
	return 0;
}

static void test_cov_patch__agrees_with_diff_cover(void)
{
	const char *shared = dande_test_shared();
	struct dande_buf p = DANDE_BUF_INIT, msg = DANDE_BUF_INIT;
	char *cases, *line, *next;
	int ran = 0, bad = 0, skipped = 0;

	if (!shared) {
		printf("    SKIP: no ../shared/corpus/coverage\n");
		return;
	}
	dande_buf_addf(&p, "%s/corpus/coverage/PATCH_CASES.tsv", shared);
	cases = dande_test_read(p.ptr);
	if (!cases) {
		printf("    SKIP: no %s\n", p.ptr);
		dande_buf_release(&p);
		return;
	}
	line = strchr(cases, '\n');
	for (line = line ? line + 1 : NULL; line && *line; line = next) {
		char *f[6] = { 0 }, *q = line, *diff = NULL, *exp = NULL;
		const char *root = NULL;
		struct dande_cov *c = NULL;
		struct dande_patch *patch = NULL;
		struct dande_patch_result r;
		long total = -1, missing = -1;
		int i, k, ok = 1;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (i = 0; i < 6 && q; i++) {
			f[i] = q;
			q = strchr(q, '\t');
			if (q)
				*q++ = '\0';
		}
		if (!f[3])
			continue;
		for (k = 0; differs[k].name; k++)
			if (!strcmp(differs[k].name, f[0]))
				break;
		if (differs[k].name || strstr(f[4] ? f[4] : "", "--format")) {
			skipped++;
			continue;
		}
		if (!strcmp(f[0], "dotnet")) {
			total = missing = 3;
			root = "/code/samplediff";
		} else if (!strncmp(f[3], "(inline)", 8)) {
			if (parse_expected(f[3], &total, &missing) < 0)
				continue;
		} else {
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/corpus/coverage/%s", shared, f[3]);
			exp = dande_test_read(p.ptr);
			if (!exp || parse_expected(exp, &total, &missing) < 0) {
				free(exp);
				continue;
			}
		}
		if (!strncmp(f[1], "(empty", 6)) {
			diff = dande_xstrdup("");
		} else {
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/corpus/coverage/%s", shared, f[1]);
			diff = dande_test_read(p.ptr);
		}
		dande_cov_new(&c, root);
		for (q = f[2]; ok && q && *q;) {
			size_t n = strcspn(q, " ");

			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/corpus/coverage/%.*s", shared,
				       (int)n, q);
			ok = dande_cov_load(c, p.ptr, NULL) == 0;
			q += n + (q[n] == ' ');
		}
		ok = ok && diff && dande_patch_parse(&patch, diff, strlen(diff),
						     f[1]) == 0;
		if (ok) {
			dande_patch_cover(patch, c, &r);
			if (r.changed_lines != total ||
			    r.changed_lines - r.changed_covered != missing) {
				dande_buf_addf(&msg, "%s: %lld changed, %lld "
					       "missing; diff-cover %ld, %ld\n",
					       f[0], (long long)r.changed_lines,
					       (long long)(r.changed_lines -
							   r.changed_covered),
					       total, missing);
				bad++;
			}
			dande_patch_result_release(&r);
		} else {
			dande_buf_addf(&msg, "%s: %s\n", f[0],
				       dande_error_last() ?
				       dande_error_last()->message : "no diff");
			bad++;
		}
		ran++;
		dande_patch_free(patch);
		dande_cov_free(c);
		free(diff);
		free(exp);
	}
	printf("    (%d diff-cover cases, %d left out, %d disagreements)\n",
	       ran, skipped, bad);
	if (bad)
		DANDE_FAIL(msg.ptr);
	CU_ASSERT(ran >= 15);
	free(cases);
	dande_buf_release(&p);
	dande_buf_release(&msg);
}

CU_TestInfo test_cov_patch_tests[] = {
	{ "test_cov_patch__agrees_with_diff_cover",
	  test_cov_patch__agrees_with_diff_cover },
	CU_TEST_INFO_NULL
};

/*
 * Conformance: the Cobertura, LCOV and JaCoCo reports of
 * ../shared/corpus/coverage against MANIFEST.tsv (line and branch
 * figures).  Skipped, saying so, when the corpus is not there.  Where dande
 * decides differently on purpose, the file is listed in `differs` below
 * with the reason (and in the note on issue 5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/coverage.h"
#include "lib/test.h"
#include "integration/suites.h"

/* Files dande reads differently from the manifest, on purpose. */
static const struct {
	const char *file, *why;
} differs[] = {
	{ "coveralls-reporter__spec_fixtures_cobertura_cobertura-zero-only.xml",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "coveralls-reporter__spec_fixtures_lcov_coverage_test.lcov",
	  "DA hit count 18446744073709551615 (a wrapped -1) is refused as overflowing (exit 3)" },
	{ "coveralls-reporter__spec_fixtures_lcov_for-base-path.lcov",
	  "DA hit count 18446744073709551615 (a wrapped -1) is refused as overflowing (exit 3)" },
	{ "coveralls-reporter__spec_fixtures_lcov_test-current-folder.lcov",
	  "DA hit count 18446744073709551615 (a wrapped -1) is refused as overflowing (exit 3)" },
	{ "coveralls-reporter__spec_fixtures_lcov_test.lcov",
	  "DA hit count 18446744073709551615 (a wrapped -1) is refused as overflowing (exit 3)" },
	{ "gcovr__tests_merging_reference_different-functions-merge-use-line-0_clang-10_coverage.lcov",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "gcovr__tests_merging_reference_different-functions-merge-use-line-0_clang-12_coverage.lcov",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "gcovr__tests_merging_reference_different-functions-merge-use-line-0_gcc-14_coverage.lcov",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "gcovr__tests_merging_reference_different-functions-merge-use-line-0_gcc-5_coverage.lcov",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "grcov__test_prova.info",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "lcov__tests_lcov_errs_badBranchLine.info",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "lcov__tests_lcov_errs_badFncEndLine.info",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "lcov__tests_lcov_errs_badFncLine.info",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "lcov__tests_lcov_errs_badLine.info",
	  "line 0 is refused (exit 3), as the issue asks; the manifest counts past it" },
	{ "coveralls-reporter__spec_fixtures_jacoco_jacoco-report-multiple-packages.xml",
	  "the manifest takes the report-level counters, which hold one package of two; dande counts every line (10/12)" },
	{ "gcovr__tests_several-functions-on-same-line_reference_gcc-8_jacoco.xml",
	  "gcovr's JaCoCo puts mb/cb on a subset of lines; the manifest takes its counters, dande the lines" },
	{ "gcovr__tests_template-function_reference_template-function_gcc-8_jacoco.xml",
	  "gcovr's JaCoCo puts mb/cb on a subset of lines; the manifest takes its counters, dande the lines" },
	{ "grcov__test_jacoco_kotlin-jacoco-report.xml",
	  "no report-level counters: the manifest counts no branches, dande counts the lines' mb/cb (0/4)" },
	{ "grcov__test_relative_path_relative_path.info",
	  "foo/bar/oof.cpp, foo/./bar/./oof.cpp and foo/bar/../bar/oof.cpp are one file once paths are normalised (4/4, not 9/9)" },
	{ "lcov__tests_lcov_errs_exceptionBranch1.info",
	  "lcov 2 BRDA with an expression field (BRDA:40,0,0,condition,1): lcov 1.16 drops them, dande reads them" },
	{ "lcov__tests_lcov_errs_exceptionBranch2.info",
	  "lcov 2 BRDA with an expression field: lcov 1.16 drops them, dande reads them" },
	{ "lcov__tests_lcov_errs_fncMismatch.info",
	  "lcov 2 BRDA with an expression field: lcov 1.16 drops them, dande reads them" },
	{ "lcov__tests_lcov_errs_noFunc.info",
	  "lcov 2 BRDA with an expression field: lcov 1.16 drops them, dande reads them" },
	{ NULL, NULL }
};

static const char *why_differs(const char *file)
{
	size_t i;

	for (i = 0; differs[i].file; i++)
		if (!strcmp(differs[i].file, file))
			return differs[i].why;
	return NULL;
}

static void test_cov_corpus__matches_manifest(void)
{
	const char *shared = dande_test_shared();
	struct dande_buf path = DANDE_BUF_INIT, msg = DANDE_BUF_INIT;
	char *manifest, *line, *next;
	int files = 0, bad = 0, skipped_known = 0, rejected = 0;

	if (!shared) {
		dande_test_skip("no ../shared/corpus/coverage");
		return;
	}
	dande_buf_addf(&path, "%s/corpus/coverage/MANIFEST.tsv", shared);
	manifest = dande_test_read(path.ptr);
	if (!manifest) {
		dande_test_skip("no corpus MANIFEST.tsv");
		dande_buf_release(&path);
		return;
	}
	line = strchr(manifest, '\n');
	for (line = line ? line + 1 : NULL; line && *line; line = next) {
		char *f[11] = { 0 }, *p = line;
		struct dande_cov *c = NULL;
		struct dande_cov_totals t;
		struct dande_cov_info info;
		int i, r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (i = 0; i < 11 && p; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!f[4] || (strcmp(f[3], "cobertura") &&
			      strcmp(f[3], "lcov") && strcmp(f[3], "jacoco")))
			continue;
		files++;
		dande_buf_reset(&path);
		dande_buf_addf(&path, "%s/corpus/coverage/%s", shared, f[0]);
		dande_cov_new(&c, NULL);
		r = dande_cov_load(c, path.ptr, &info);
		dande_cov_totals(c, &t);
		dande_cov_free(c);
		if (why_differs(f[0])) {
			skipped_known++;
			continue;
		}
		if (r < 0) {
			rejected++;
			if (!*f[4] || strstr(f[10] ? f[10] : "", "malformed") ||
			    strstr(f[10] ? f[10] : "", "not well-formed"))
				continue;
			dande_buf_addf(&msg, "%s: rejected: %s\n", f[0],
				       dande_error_last()->message);
			bad++;
			continue;
		}
		if (!*f[4])
			continue;
		if (t.lines_valid != strtol(f[4], NULL, 10) ||
		    t.lines_covered != strtol(f[5], NULL, 10) ||
		    (*f[7] && t.branches_valid != strtol(f[7], NULL, 10)) ||
		    (*f[8] && t.branches_covered != strtol(f[8], NULL, 10))) {
			dande_buf_addf(&msg, "%s [%s]: got %lld/%lld br %lld/%lld,"
				       " manifest %s/%s br %s/%s\n", f[0], f[3],
				       (long long)t.lines_covered,
				       (long long)t.lines_valid,
				       (long long)t.branches_covered,
				       (long long)t.branches_valid, f[5], f[4],
				       f[8], f[7]);
			bad++;
		}
	}
	printf("    (%d corpus files, %d rejected as malformed, %d known "
	       "differences, %d mismatches)\n", files, rejected,
	       skipped_known, bad);
	if (bad)
		DANDE_FAIL(msg.ptr);
	free(manifest);
	dande_buf_release(&path);
	dande_buf_release(&msg);
}

CU_TestInfo test_cov_corpus_tests[] = {
	{ "test_cov_corpus__matches_manifest",
	  test_cov_corpus__matches_manifest },
	CU_TEST_INFO_NULL
};

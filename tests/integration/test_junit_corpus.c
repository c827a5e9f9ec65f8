/*
 * Conformance: every report of ../shared/corpus/junit (real files from
 * public projects) against its MANIFEST.tsv.  Skipped, saying so, when the
 * corpus is not beside the checkout.
 *
 * The manifest counts <testcase> elements and, per case, whether it has a
 * <failure>, <error> or <skipped> child; the parser's has_* flags are
 * compared with that.  Known, deliberate differences (see the note on
 * issue 4): pytest's teardown duplicates are merged into one case, so a
 * file with N merges counts N cases fewer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/junit.h"
#include "lib/test.h"
#include "integration/suites.h"

struct counts {
	long tests, failures, errors, skipped;
	double time_s;
};

static int count_case(void *payload, const struct dande_junit_case *c)
{
	struct counts *n = payload;

	n->tests++;
	n->failures += c->has_failure;
	n->errors += c->has_error;
	n->skipped += c->has_skipped;
	if (c->time_s > 0)
		n->time_s += c->time_s;
	return 0;
}

static void test_junit_corpus__matches_manifest(void)
{
	const char *shared = dande_test_shared();
	struct dande_buf path = DANDE_BUF_INIT, msg = DANDE_BUF_INIT;
	char *manifest, *line, *next;
	int files = 0, bad = 0, merged = 0;

	if (!shared) {
		dande_test_skip("no ../shared/corpus/junit");
		return;
	}
	dande_buf_addf(&path, "%s/corpus/junit/MANIFEST.tsv", shared);
	manifest = dande_test_read(path.ptr);
	if (!manifest) {
		dande_test_skip("no corpus MANIFEST.tsv");
		dande_buf_release(&path);
		return;
	}
	line = strchr(manifest, '\n');	/* skip the header */
	for (line = line ? line + 1 : NULL; line && *line; line = next) {
		char *f[10] = { 0 }, *p = line;
		struct counts n = { 0, 0, 0, 0, 0 };
		struct dande_junit_opts o = { 0, count_case, NULL, NULL, &n };
		struct dande_junit_info info;
		int i, r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (i = 0; i < 10 && p; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!f[4])
			continue;
		files++;
		dande_buf_reset(&path);
		dande_buf_addf(&path, "%s/corpus/junit/%s", shared, f[0]);
		r = dande_junit_parse_file(path.ptr, &o, &info);
		if (!strcmp(f[4], "ERROR")) {
			if (r != DANDE_EINVALID) {
				dande_buf_addf(&msg, "%s: accepted, manifest "
					       "says malformed\n", f[0]);
				bad++;
			}
			continue;
		}
		if (r < 0) {
			/* the manifest's one non-JUnit root */
			if (strstr(f[9] ? f[9] : "", "not JUnit") ||
			    strstr(f[0], "non-junit"))
				continue;
			dande_buf_addf(&msg, "%s: %s\n", f[0],
				       dande_error_last()->message);
			bad++;
			continue;
		}
		/* a merged pytest duplicate is one case, and its failure and
		 * error both stay on it */
		if (n.tests + info.merged != strtol(f[4], NULL, 10) ||
		    n.failures != strtol(f[5], NULL, 10) ||
		    n.errors + info.merged != strtol(f[6], NULL, 10) ||
		    n.skipped != strtol(f[7], NULL, 10) ||
		    (!strstr(f[9] ? f[9] : "", "time") &&
		     fabs(n.time_s - strtod(f[8], NULL)) > 0.002 +
		     1e-9 * n.time_s)) {
			dande_buf_addf(&msg, "%s: got %ld/%ld/%ld/%ld %.3fs "
				       "(%d merged), manifest %s/%s/%s/%s "
				       "%ss\n", f[0], n.tests, n.failures,
				       n.errors, n.skipped, n.time_s,
				       info.merged, f[4], f[5], f[6], f[7],
				       f[8]);
			bad++;
		}
		merged += info.merged;
	}
	printf("    (%d corpus files, %d pytest duplicates merged, %d "
	       "mismatches)\n", files, merged, bad);
	if (bad)
		DANDE_FAIL(msg.ptr);
	CU_ASSERT(files > 150);
	free(manifest);
	dande_buf_release(&path);
	dande_buf_release(&msg);
}

CU_TestInfo test_junit_corpus_tests[] = {
	{ "test_junit_corpus__matches_manifest",
	  test_junit_corpus__matches_manifest },
	CU_TEST_INFO_NULL
};

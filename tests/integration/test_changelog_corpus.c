/*
 * Conformance on ../shared/corpus/changelog (41 real CHANGELOG.md files):
 * every file reads and renders back to its exact bytes, and in the
 * Keep-a-Changelog-style files the releases found (line, version, date,
 * yanked) are those of RELEASES.tsv.  Skipped, saying so, without the
 * corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/changelog.h"
#include "lib/test.h"
#include "integration/suites.h"

static char *read_corpus(const char *shared, const char *name, size_t *len)
{
	struct dande_buf p = DANDE_BUF_INIT, b = DANDE_BUF_INIT;

	dande_buf_addf(&p, "%s/corpus/changelog/%s", shared, name);
	b.max = (size_t)64 << 20;
	if (dande_buf_read_file(&b, p.ptr) < 0) {
		dande_buf_release(&p);
		dande_buf_release(&b);
		return NULL;
	}
	dande_buf_release(&p);
	return dande_buf_detach(&b, len);
}

static void test_changelog_corpus__round_trip_and_releases(void)
{
	const char *shared = dande_test_shared();
	char *manifest, *releases, *line, *next;
	struct dande_buf msg = DANDE_BUF_INIT;
	int files = 0, identical = 0, kac = 0, checked = 0, bad = 0;
	size_t mlen, rlen;

	if (!shared || !(manifest = read_corpus(shared, "MANIFEST.tsv",
						&mlen))) {
		dande_test_skip("no ../shared/corpus/changelog");
		return;
	}
	releases = read_corpus(shared, "RELEASES.tsv", &rlen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(releases);
	line = strchr(manifest, '\n');
	for (line = line ? line + 1 : NULL; line && *line; line = next) {
		char *tab = strchr(line, '\t'), *style, *data, *out;
		struct dande_changelog *cl = NULL;
		struct dande_buf rendered = DANDE_BUF_INIT;
		const struct dande_changelog_release *rel;
		size_t len, nrel, k;
		int col;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!tab)
			continue;
		*tab = '\0';
		for (style = tab + 1, col = 0; col < 2 && style; col++)
			style = strchr(style, '\t') ? strchr(style, '\t') + 1 :
				NULL;
		files++;
		data = read_corpus(shared, line, &len);
		if (!data || dande_changelog_parse(&cl, data, len, line) < 0) {
			dande_buf_addf(&msg, "%s: cannot read\n", line);
			bad++;
			free(data);
			continue;
		}
		rendered.max = (size_t)64 << 20;
		dande_changelog_render(cl, &rendered);
		if (rendered.len == len && !memcmp(rendered.ptr, data, len))
			identical++;
		else
			dande_buf_addf(&msg, "%s: rendering differs\n", line);
		if (style && !strncmp(style, "kac\t", 4)) {
			/* the RELEASES.tsv rows of this file, in order */
			kac++;
			nrel = dande_changelog_releases(cl, &rel);
			k = 0;
			for (out = releases; out && *out;) {
				char *e = strchr(out, '\n'), *f[9] = { 0 }, *q;
				int i;

				if (e)
					*e = '\0';
				for (q = out, i = 0; i < 9 && q; i++) {
					f[i] = q;
					q = strchr(q, '\t');
					if (q)
						*q++ = '\0';
				}
				if (f[8] && !strcmp(f[0], line)) {
					long ln = strtol(f[1], NULL, 10);

					checked++;
					if (k >= nrel || (long)rel[k].line != ln ||
					    (strcmp(f[3], "unreleased") &&
					     strcmp(rel[k].version, f[4]))) {
						dande_buf_addf(&msg, "%s:%ld: "
							       "want %s, got %s "
							       "(line %zu)\n",
							       line, ln, f[4],
							       k < nrel ?
							       rel[k].version :
							       "none",
							       k < nrel ?
							       rel[k].line : 0);
						bad++;
					}
					k++;
				}
				/* restore the tabs and newline we cut */
				for (i = 1; i < 9 && f[i]; i++)
					f[i][-1] = '\t';
				if (e)
					*e = '\n';
				out = e ? e + 1 : NULL;
			}
			if (k != nrel) {
				dande_buf_addf(&msg, "%s: %zu releases found, "
					       "RELEASES.tsv has %zu\n", line,
					       nrel, k);
				bad++;
			}
		}
		dande_buf_release(&rendered);
		dande_changelog_free(cl);
		free(data);
	}
	printf("    (%d files, %d byte-identical round trips; %d KaC files, "
	       "%d release headings checked, %d mismatches)\n", files,
	       identical, kac, checked, bad);
	CU_ASSERT_EQUAL(identical, files);
	if (bad)
		DANDE_FAIL(msg.ptr);
	free(manifest);
	free(releases);
	dande_buf_release(&msg);
}

CU_TestInfo test_changelog_corpus_tests[] = {
	{ "test_changelog_corpus__round_trip_and_releases",
	  test_changelog_corpus__round_trip_and_releases },
	CU_TEST_INFO_NULL
};

/*
 * gen_cov: write synthetic coverage reports shaped like
 * PEER-BASELINES.md's: F files x L lines, ~80% covered, branch data on
 * every tenth line; and a unified diff touching ~5% of those lines.
 * Usage: gen_cov F L cobertura.xml coverage.lcov change.diff
 */
#include <stdio.h>
#include <stdlib.h>

static int covered(long f, long l)
{
	return (f * 31 + l * 17) % 10 < 8;
}

int main(int argc, char **argv)
{
	long nf, nl, f, l;
	FILE *x, *lc, *d;

	if (argc != 6 || (nf = strtol(argv[1], NULL, 10)) <= 0 ||
	    (nl = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen_cov F L cobertura lcov diff\n");
		return 2;
	}
	x = fopen(argv[3], "w");
	lc = fopen(argv[4], "w");
	d = fopen(argv[5], "w");
	if (!x || !lc || !d) {
		perror("gen_cov");
		return 1;
	}
	fprintf(x, "<?xml version=\"1.0\" ?>\n<coverage version=\"7.0\" "
		"line-rate=\"0.8\" branch-rate=\"0.5\">\n  <sources>\n"
		"    <source>/src/project</source>\n  </sources>\n"
		"  <packages>\n    <package name=\"pkg\">\n      <classes>\n");
	for (f = 0; f < nf; f++) {
		fprintf(x, "        <class name=\"m%ld\" filename=\"pkg/d%ld/"
			"m%ld.py\" line-rate=\"0.8\">\n          <methods/>\n"
			"          <lines>\n", f, f % 100, f);
		fprintf(lc, "TN:\nSF:pkg/d%ld/m%ld.py\n", f % 100, f);
		for (l = 1; l <= nl; l++) {
			int c = covered(f, l);

			if (l % 10 == 0) {
				fprintf(x, "            <line number=\"%ld\" "
					"hits=\"%d\" branch=\"true\" condition-"
					"coverage=\"%d%% (%d/2)\"/>\n", l, c,
					c ? 50 : 0, c);
				fprintf(lc, "BRDA:%ld,0,0,%s\nBRDA:%ld,0,1,-\n",
					l, c ? "1" : "-", l);
			} else {
				fprintf(x, "            <line number=\"%ld\" "
					"hits=\"%d\"/>\n", l, c * 3);
			}
			fprintf(lc, "DA:%ld,%d\n", l, c * 3);
		}
		fprintf(x, "          </lines>\n        </class>\n");
		fprintf(lc, "LF:%ld\nend_of_record\n", nl);
		/* the diff: every 20th file gets its lines 1..nl changed, so
		 * about 5% of all lines */
		if (f % 20 == 0) {
			fprintf(d, "diff --git a/pkg/d%ld/m%ld.py b/pkg/d%ld/"
				"m%ld.py\n--- a/pkg/d%ld/m%ld.py\n+++ b/pkg/d%ld/"
				"m%ld.py\n@@ -1,%ld +1,%ld @@\n", f % 100, f,
				f % 100, f, f % 100, f, f % 100, f, nl, nl);
			for (l = 1; l <= nl; l++)
				fprintf(d, "-old %ld\n+new %ld\n", l, l);
		}
	}
	fprintf(x, "      </classes>\n    </package>\n  </packages>\n"
		"</coverage>\n");
	return fclose(x) | fclose(lc) | fclose(d) ? 1 : 0;
}

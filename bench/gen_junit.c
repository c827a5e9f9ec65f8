/*
 * gen_junit: write a synthetic JUnit report of N test cases, shaped like
 * PEER-BASELINES.md's inputs: N/50 suites, ~2% failures with multi-line
 * messages, 1% skipped, some system-out.  Deterministic.  With SEED, one
 * test in a thousand is flaky: it fails in about a third of the seeds.
 * Usage: gen_junit N FILE [SEED]
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n, i, seed = -1;
	FILE *f;

	if ((argc != 3 && argc != 4) || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen_junit N FILE [SEED]\n");
		return 2;
	}
	if (argc == 4)
		seed = strtol(argv[3], NULL, 10);
	if (!(f = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 1;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"bench\" tests=\"%ld\">\n", n);
	for (i = 0; i < n; i++) {
		long s = i / 50;

		if (i % 50 == 0)
			fprintf(f, "  <testsuite name=\"pkg%ld.Suite%ld\" "
				"tests=\"50\" timestamp=\"2026-11-22T04:00:00\">"
				"\n", s % 97, s);
		fprintf(f, "    <testcase classname=\"pkg%ld.Suite%ld\" "
			"name=\"test_case_%ld\" file=\"tests/unit/test_%ld.py\" "
			"line=\"%ld\" time=\"0.%03ld\"", s % 97, s, i, s,
			10 + i % 400, i % 997);
		if (i % 50 == 7 || (seed >= 0 && i % 1000 == 17 &&
				    (seed * 7 + i / 1000) % 3 == 0)) {
			fprintf(f, ">\n      <failure message=\"expected %ld but "
				"got %ld\" type=\"AssertionError\">Traceback "
				"(most recent call last):\n  File \"tests/unit/"
				"test_%ld.py\", line %ld, in test_case_%ld\n"
				"    assert value == %ld\nAssertionError: "
				"expected %ld but got %ld\n</failure>\n"
				"      <system-out>log line one\nlog line two "
				"for case %ld\n</system-out>\n    </testcase>\n",
				i, i + 1, s, 10 + i % 400, i, i, i, i + 1, i);
		} else if (i % 100 == 13) {
			fprintf(f, ">\n      <skipped message=\"not on this "
				"platform\"/>\n    </testcase>\n");
		} else if (i % 20 == 3) {
			fprintf(f, ">\n      <system-out>setting up fixture %ld"
				"\n</system-out>\n    </testcase>\n", i);
		} else {
			fprintf(f, "/>\n");
		}
		if (i % 50 == 49 || i == n - 1)
			fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	return fclose(f) == 0 ? 0 : 1;
}

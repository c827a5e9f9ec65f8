/*
 * The report's pieces: escaping what the database holds, and the SVG
 * charts (a gap in a series, reference lines, an empty series, the
 * strip's marks, stacked shares).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/report.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_report__escape(void)
{
	struct dande_buf out = DANDE_BUF_INIT;

	dande_report_escape(&out, "<a href=\"x\">'&'</a>\x1b[31m\tok\n");
	CU_ASSERT_STRING_EQUAL(out.ptr, "&lt;a href=&quot;x&quot;&gt;&#39;"
			       "&amp;&#39;&lt;/a&gt;\xef\xbf\xbd[31m\tok\n");
	dande_buf_reset(&out);
	dande_report_escape(&out, NULL);
	CU_ASSERT_EQUAL(out.len, 0);
	/* UTF-8 passes as it is */
	dande_report_escape(&out, "d\xc3\xa9j\xc3\xa0");
	CU_ASSERT_STRING_EQUAL(out.ptr, "d\xc3\xa9j\xc3\xa0");
	dande_buf_release(&out);
}

static void test_report__line_chart(void)
{
	struct dande_buf out = DANDE_BUF_INIT;
	double v[4] = { 80, NAN, 90, 95.5 };
	double ref[1] = { 85 };
	const char *names[1] = { "threshold" };

	dande_report_svg_line(&out, "line <coverage>", v, 4, "%", ref, names,
			      1);
	DANDE_ASSERT_CONTAINS(out.ptr, "<title>line &lt;coverage&gt;: last "
			      "95.5%</title>");
	DANDE_ASSERT_CONTAINS(out.ptr, "threshold 85%");
	/* the gap lifts the pen: two moves */
	{
		const char *d = strstr(out.ptr, "class=\"ln\" d=\"");
		const char *end = d ? strchr(d + 14, '"') : NULL;
		int moves = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		for (; d < end; d++)
			moves += *d == 'M';
		CU_ASSERT_EQUAL(moves, 2);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(out.ptr, "</svg>\n"));
	dande_buf_reset(&out);
	dande_report_svg_line(&out, "tests", v, 0, "", NULL, NULL, 0);
	DANDE_ASSERT_CONTAINS(out.ptr, "no figures yet");
	dande_buf_release(&out);
}

static void test_report__strip_spark_stack(void)
{
	struct dande_buf out = DANDE_BUF_INIT;
	double v[3] = { 1, 2, NAN };
	double parts[4] = { 0.5, 0.25, 0.75, 0 };
	const char *names[2] = { "unit", "e2e" };

	dande_report_svg_strip(&out, "pfk");
	DANDE_ASSERT_CONTAINS(out.ptr, "oldest to newest: pfk");
	DANDE_ASSERT_CONTAINS(out.ptr, "class=\"sp\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "class=\"sf\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "class=\"sk\"");
	dande_buf_reset(&out);
	dande_report_svg_spark(&out, v, 3);
	DANDE_ASSERT_CONTAINS(out.ptr, "<path d=\"M1.0 10.0L60.0 1.0\"/>");
	dande_buf_reset(&out);
	dande_report_svg_stack(&out, "pyramid", parts, 2, 2, names);
	DANDE_ASSERT_CONTAINS(out.ptr, "<title>unit 50%</title>");
	DANDE_ASSERT_CONTAINS(out.ptr, "<title>e2e 25%</title>");
	DANDE_ASSERT_CONTAINS(out.ptr, "<title>unit 75%</title>");
	/* a zero share draws nothing */
	CU_ASSERT_PTR_NULL(strstr(out.ptr, "e2e 0%"));
	dande_buf_release(&out);
}


/* A CI summary's chart: points without a figure left out, the flat line
 * beside them, the axis from a round number under the lowest; one point
 * is no trend. */
static void test_report__mermaid(void)
{
	struct dande_report_trend t;
	struct dande_buf out = DANDE_BUF_INIT;

	memset(&t, 0, sizeof(t));
	t.n = 4;
	t.run[0] = 7;
	t.v[0] = 91.25;
	t.run[1] = 8;
	t.v[1] = NAN;
	t.run[2] = 9;
	t.v[2] = 84;
	t.run[3] = 12;
	t.v[3] = 100;
	dande_report_mermaid(&out, "Line coverage", &t, 85, "the threshold");
	CU_ASSERT_STRING_EQUAL(out.ptr, "\n```mermaid\nxychart-beta\n"
			       "    title \"Line coverage\"\n"
			       "    x-axis [\"#7\", \"#9\", \"#12\"]\n"
			       "    y-axis \"%\" 80 --> 100\n"
			       "    line [91.2, 84.0, 100.0]\n"
			       "    line [85.0, 85.0, 85.0]\n```\n\n"
			       "_Line coverage, run by run, oldest first; the "
			       "flat line: the threshold._\n");
	dande_buf_reset(&out);
	t.n = 2;
	dande_report_mermaid(&out, "Pass rate", &t, NAN, NULL);
	CU_ASSERT_EQUAL(out.len, 0);
	dande_buf_release(&out);
}


/* The icicle: a directory as wide as its lines, coloured by its
 * coverage, its figures in the table; names from reports stay text;
 * nothing for no lines. */
static void test_report__icicle(void)
{
	static const char *const paths[] = {
		"lib/a/x.c", "lib/a/y.c", "lib/b.c", "main.c", "t/<s>.c"
	};
	static const int64_t valid[] = { 2, 1, 3, 1, 1 };
	static const int64_t covered[] = { 1, 1, 3, 1, 0 };
	struct dande_buf out = DANDE_BUF_INIT, table = DANDE_BUF_INIT;

	dande_report_svg_icicle(&out, &table, paths, valid, covered, 5, 85);
	/* three rows: top level, then lib/'s, then lib/a/'s */
	DANDE_ASSERT_CONTAINS(out.ptr, "viewBox=\"0 0 640 72\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "5 files, 75.0% of 8 lines</title>");
	DANDE_ASSERT_CONTAINS(out.ptr, "<rect x=\"0.0\" y=\"0\" width=\""
			      "480.0\" height=\"22\" fill=\"#9b2c2c\" "
			      "class=\"ic\"><title>lib/: 83.3% of 6 lines");
	DANDE_ASSERT_CONTAINS(out.ptr, "<title>lib/a/x.c: 50.0% of 2 lines");
	DANDE_ASSERT_CONTAINS(out.ptr, "fill=\"#9ae6b4\" class=\"ic\"><title>"
			      "lib/b.c: 100.0%");
	DANDE_ASSERT_CONTAINS(out.ptr, "t/&lt;s&gt;.c");
	CU_ASSERT_PTR_NULL(strstr(out.ptr, "<s>"));
	CU_ASSERT_STRING_EQUAL(table.ptr, "<tr><td><code>lib/</code></td><td "
			       "class=\"n\">6</td><td class=\"n\">83.3%</td>"
			       "</tr>\n<tr><td><code>t/</code></td><td class="
			       "\"n\">1</td><td class=\"n\">0.0%</td></tr>\n"
			       "<tr><td><code>lib/a/</code></td><td class=\"n\">"
			       "3</td><td class=\"n\">66.7%</td></tr>\n");
	dande_buf_reset(&out);
	dande_report_svg_icicle(&out, NULL, paths, covered + 4, covered + 4,
				1, 85);
	CU_ASSERT_EQUAL(out.len, 0);
	dande_buf_release(&out);
	dande_buf_release(&table);
}

CU_TestInfo test_report_tests[] = {
	{ "test_report__icicle", test_report__icicle },
	{ "test_report__mermaid", test_report__mermaid },
	{ "test_report__escape", test_report__escape },
	{ "test_report__line_chart", test_report__line_chart },
	{ "test_report__strip_spark_stack", test_report__strip_spark_stack },
	CU_TEST_INFO_NULL
};

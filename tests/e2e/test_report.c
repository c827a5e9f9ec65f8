/*
 * The report in a real browser: `dande report html` on a repository with
 * a few runs, opened by headless Chromium (Debian's `chromium`) from
 * file://, with no network (every host resolves to nothing): the page's
 * DOM after its script ran holds every section and chart, the script
 * raised nothing on the console, every chart is drawn with a size (its
 * bounding box measured in the page), the page without its script (JavaScript
 * off) holds the same, and it is drawn.  Reported skipped without Chromium.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dande/buf.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "e2e/suites.h"

static void junit(const char *dir, int fail)
{
	struct dande_buf x = DANDE_BUF_INIT;
	int i;

	dande_buf_adds(&x, "<testsuite name=\"unit.calc\">");
	for (i = 0; i < 30; i++)
		dande_buf_addf(&x, "<testcase classname=\"calc\" name=\"t%d\" "
			       "time=\"0.%d\">%s</testcase>", i, i % 10,
			       fail && i == 7 ? "<failure message=\"off by "
			       "one\"/>" : "");
	dande_buf_adds(&x, "</testsuite>\n");
	dande_test_write(dir, "junit.xml", x.ptr);
	dande_buf_release(&x);
}

/* Chromium with `what` (--dump-dom or --screenshot=...) on `url`;
 * `extra` one more flag or NULL. */
static int chromium(struct dande_proc_result *res, const char *what,
		    const char *extra, const char *url)
{
	const char *argv[] = { "chromium", "--headless", "--no-sandbox",
		"--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--enable-logging=stderr", "--v=0", "--window-size=1280,2400",
		what, extra ? extra : url, extra ? url : NULL, NULL };

	return dande_test_run(res, NULL, NULL, argv);
}

static void test_report__in_headless_chromium(void)
{
	const char *const probe[] = { "chromium", "--version", NULL };
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf url = DANDE_BUF_INIT, shot = DANDE_BUF_INIT;
	struct dande_repo *repo = NULL;
	struct stat st;
	char *dir;
	int i;

	if (dande_test_run(&res, NULL, NULL, probe) != 0) {
		dande_test_skip("no chromium (Debian: chromium; make test-all "
				"installs it as root)");
		dande_proc_result_release(&res);
		return;
	}
	dir = dande_test_tmpdir();
	DANDE_ASSERT_OK_FATAL(dande_repo_init(&repo, dir));
	dande_test_write(dir, "VERSION", "2.0.0\n");
	dande_test_write(dir, "src/calc.c", "int a;\n");
	dande_test_write(dir, ".gitignore", "data/\n*.xml\n*.lcov\nout/\n");
	DANDE_ASSERT_OK(dande_repo_commit_all(repo, "feat: calc\n", "Ada",
					      "ada@example.com", 1700000000,
					      NULL));
	for (i = 0; i < 6; i++) {
		if (i == 3)
			dande_test_write(dir, "VERSION", "2.1.0\n");
		junit(dir, i % 2);
		CU_ASSERT(dande_test_dande(&res, dir, "junit", "ingest", "-q",
					   "junit.xml", NULL) <= 1);
	}
	dande_test_write(dir, "c.lcov", "SF:src/calc.c\nDA:1,1\n"
			 "end_of_record\n");
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "cov", "ingest", "-q",
					 "c.lcov", NULL), 0);
	CU_ASSERT_EQUAL(dande_test_dande(&res, dir, "report", "html", "-o",
					 "out", NULL), 0);
	dande_buf_addf(&url, "file://%s/out/index.html", dir);

	/* the DOM after the script ran */
	CU_ASSERT_EQUAL(chromium(&res, "--dump-dom", NULL, url.ptr), 0);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<h2>Quality per version</h2>");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<b>2.1.0</b>");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<title>pass rate: last");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "oldest to newest: ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<code>calc::t7</code>");
	/* nothing went wrong in the page's script */
	CU_ASSERT_PTR_NULL(strstr(res.err.ptr, "Uncaught"));
	CU_ASSERT_PTR_NULL(strstr(res.err.ptr, "ERR_NAME_NOT_RESOLVED"));
	/* every chart is drawn with a size: the page measured by a script
	 * of the test's, added to a copy (folded details opened first) */
	{
		static const char measure[] = "<script>(function(){"
			"document.querySelectorAll('details').forEach("
			"function(d){d.open=true;});var s=document."
			"querySelectorAll('svg'),z=0;s.forEach(function(e){"
			"var r=e.getBoundingClientRect();if(!(r.width>0&&"
			"r.height>0))z++;});var p=document.createElement("
			"'pre');p.id='bbox';p.textContent='svg '+s.length+"
			"' empty '+z;document.body.appendChild(p);})();"
			"</script></body>";
		struct dande_buf p = DANDE_BUF_INIT, page = DANDE_BUF_INIT;
		struct dande_buf murl = DANDE_BUF_INIT;
		const char *got;

		dande_buf_addf(&p, "%s/out/index.html", dir);
		CU_ASSERT_EQUAL_FATAL(dande_buf_read_file(&page, p.ptr), 0);
		dande_test_replace(&page, "</body>", measure);
		dande_test_write(dir, "out/measured.html", page.ptr);
		dande_buf_addf(&murl, "file://%s/out/measured.html", dir);
		CU_ASSERT_EQUAL(chromium(&res, "--dump-dom", NULL, murl.ptr),
				0);
		got = strstr(res.out.ptr, "<pre id=\"bbox\">svg ");
		CU_ASSERT_PTR_NOT_NULL(got);
		/* the trends, the strips and sparklines, the icicle */
		if (got) {
			got += strlen("<pre id=\"bbox\">");
			CU_ASSERT(atoi(got + 4) >= 8);
			DANDE_ASSERT_CONTAINS(got, " empty 0</pre>");
		}
		dande_buf_release(&p);
		dande_buf_release(&page);
		dande_buf_release(&murl);
	}
	/* the page without its script (JavaScript off) reads the same */
	{
		struct dande_buf p = DANDE_BUF_INIT;
		char *page, *a, *b;

		dande_buf_addf(&p, "%s/out/index.html", dir);
		page = dande_test_read(p.ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(page);
		a = strstr(page, "<script>");
		b = a ? strstr(a, "</script>") : NULL;
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		memmove(a, b + 9, strlen(b + 9) + 1);
		dande_test_write(dir, "nojs.html", page);
		free(page);
		dande_buf_reset(&url);
		dande_buf_addf(&url, "file://%s/nojs.html", dir);
		dande_buf_release(&p);
	}
	CU_ASSERT_EQUAL(chromium(&res, "--dump-dom", NULL, url.ptr), 0);
	CU_ASSERT_PTR_NULL(strstr(res.out.ptr, "<script"));
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<h2>Coverage by file</h2>");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "<code>src/calc.c</code>");
	/* and drawn */
	dande_buf_addf(&shot, "--screenshot=%s/shot.png", dir);
	CU_ASSERT_EQUAL(chromium(&res, shot.ptr, NULL, url.ptr), 0);
	dande_buf_reset(&shot);
	dande_buf_addf(&shot, "%s/shot.png", dir);
	CU_ASSERT(stat(shot.ptr, &st) == 0 && st.st_size > 20000);
	/* kept beside the JUnit reports, for CI to keep as an artifact */
	if (getenv("DANDE_TEST_RESULTS")) {
		struct dande_buf png = DANDE_BUF_INIT, to = DANDE_BUF_INIT;

		/* the level may run alone, before any report is written */
		dande_fs_mkdir_p(getenv("DANDE_TEST_RESULTS"), 0755);
		dande_buf_addf(&to, "%s/report-screenshot.png",
			       getenv("DANDE_TEST_RESULTS"));
		if (dande_buf_read_file(&png, shot.ptr) == 0)
			CU_ASSERT_EQUAL(dande_fs_write_atomic(to.ptr, png.ptr,
							      png.len), 0);
		dande_buf_release(&png);
		dande_buf_release(&to);
	}
	dande_buf_release(&url);
	dande_buf_release(&shot);
	dande_proc_result_release(&res);
	dande_repo_free(repo);
	dande_test_rmtree(dir);
}

CU_TestInfo test_report_tests[] = {
	{ "test_report__in_headless_chromium",
	  test_report__in_headless_chromium },
	CU_TEST_INFO_NULL
};

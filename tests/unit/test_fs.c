/* Unit tests of lib/util/fs.c: atomic writes and path helpers. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dande/fs.h"
#include "lib/test.h"
#include "unit/suites.h"

/* Entries in `dir` other than . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void test_fs__write_atomic_new_file(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf p = DANDE_BUF_INIT;
	struct stat st;

	dande_fs_join(&p, dir, "f.txt");
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "hello\n", 6));
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "hello\n");
	CU_ASSERT_EQUAL(stat(p.ptr, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	free(got);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

static void test_fs__write_atomic_keeps_mode(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf p = DANDE_BUF_INIT;
	struct stat st;

	dande_fs_join(&p, dir, "run.sh");
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "old", 3));
	chmod(p.ptr, 0750);
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "new", 3));
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "new");
	stat(p.ptr, &st);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0750);
	free(got);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

static void test_fs__write_atomic_failure_changes_nothing(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf sub = DANDE_BUF_INIT, p = DANDE_BUF_INIT;

	dande_fs_join(&sub, dir, "ro");
	DANDE_ASSERT_OK(dande_fs_mkdir_p(sub.ptr, 0755));
	dande_fs_join(&p, sub.ptr, "f");
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "before", 6));
	chmod(sub.ptr, 0555);
	if (access(sub.ptr, W_OK) == 0) {
		/* root ignores the mode: use a path whose parent is a file */
		dande_buf_addch(&p, '/');
		dande_buf_adds(&p, "child");
	}
	DANDE_ASSERT_ERR(dande_fs_write_atomic(p.ptr, "after", 5),
			 DANDE_EEXTERNAL, "cannot create a temporary file");
	chmod(sub.ptr, 0755);
	dande_fs_join(&p, sub.ptr, "f");
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "before");
	CU_ASSERT_EQUAL(count_entries(sub.ptr), 1);
	free(got);
	dande_buf_release(&p);
	dande_buf_release(&sub);
	dande_test_rmtree(dir);
}

static void test_fs__atomic_abort_leaves_target(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf p = DANDE_BUF_INIT;
	struct dande_atomic *a;

	dande_fs_join(&p, dir, "f");
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "keep", 4));
	DANDE_ASSERT_OK_FATAL(dande_atomic_open(&a, p.ptr));
	DANDE_ASSERT_OK(dande_atomic_write(a, "part", 4));
	/* the file being written has no name yet (O_TMPFILE): a kill now
	 * leaves nothing */
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	dande_atomic_abort(a);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "keep");
	free(got);
	dande_atomic_abort(NULL);
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

/* A temp file a killed write left (its process gone) goes with the next
 * write of the same file; one of a live process stays. */
static void test_fs__stale_temps_go_with_the_next_write(void)
{
	char *dir = dande_test_tmpdir(), *got;
	struct dande_buf p = DANDE_BUF_INIT, live = DANDE_BUF_INIT;

	dande_fs_join(&p, dir, "f");
	dande_test_write(dir, "f.dande-tmp-999999999-Ab12Cd", "half");
	dande_buf_addf(&live, "f.dande-tmp-%ld-1", (long)getpid());
	dande_test_write(dir, live.ptr, "mine");
	dande_test_write(dir, "g.dande-tmp-999999999-Ab12Cd", "other file");
	DANDE_ASSERT_OK(dande_fs_write_atomic(p.ptr, "new", 3));
	CU_ASSERT_EQUAL(count_entries(dir), 3);
	dande_buf_reset(&p);
	dande_fs_join(&p, dir, "f.dande-tmp-999999999-Ab12Cd");
	CU_ASSERT(!dande_fs_exists(p.ptr));
	dande_buf_reset(&p);
	dande_fs_join(&p, dir, "f");
	got = dande_test_read(p.ptr);
	CU_ASSERT_STRING_EQUAL(got, "new");
	free(got);
	dande_buf_release(&p);
	dande_buf_release(&live);
	dande_test_rmtree(dir);
}

static void test_fs__write_to_non_regular_target_is_direct(void)
{
	/* /dev/null is a character device: written directly, not replaced. */
	DANDE_ASSERT_OK(dande_fs_write_atomic("/dev/null", "x", 1));
	DANDE_ASSERT_ERR(dande_fs_write_atomic("/dev/full", "x", 1),
			 DANDE_EEXTERNAL, "/dev/full");
}

static void test_fs__mkdir_p_and_remove_tree(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf p = DANDE_BUF_INIT;

	dande_fs_join(&p, dir, "a/b/c");
	DANDE_ASSERT_OK(dande_fs_mkdir_p(p.ptr, 0755));
	CU_ASSERT(dande_fs_is_dir(p.ptr));
	DANDE_ASSERT_OK(dande_fs_mkdir_p(p.ptr, 0755));
	dande_test_write(p.ptr, "f", "x");
	dande_fs_join(&p, dir, "a/b/c/f/g");
	DANDE_ASSERT_ERR(dande_fs_mkdir_p(p.ptr, 0755), DANDE_EEXTERNAL, NULL);
	dande_fs_join(&p, dir, "a");
	DANDE_ASSERT_OK(dande_fs_remove_tree(p.ptr));
	CU_ASSERT(!dande_fs_exists(p.ptr));
	DANDE_ASSERT_OK(dande_fs_remove_tree(p.ptr));
	dande_buf_release(&p);
	dande_test_rmtree(dir);
}

static void test_fs__paths(void)
{
	static const struct {
		const char *a, *b, *join;
	} joins[] = {
		{ "a", "b", "a/b" }, { "a/", "b", "a/b" }, { "a", "/b", "/b" },
		{ "", "b", "b" }, { "a", "", "a" },
	};
	static const struct {
		const char *in, *out;
	} dirs[] = {
		{ "a/b/c", "a/b" }, { "c", "." }, { "/c", "/" },
		{ "data/DandE.db", "data" },
	};
	struct dande_buf b = DANDE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
		dande_fs_join(&b, joins[i].a, joins[i].b);
		CU_ASSERT_STRING_EQUAL(b.ptr, joins[i].join);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		dande_fs_dirname(&b, dirs[i].in);
		CU_ASSERT_STRING_EQUAL(b.ptr, dirs[i].out);
	}
	dande_fs_absolute(&b, "/x/y");
	CU_ASSERT_STRING_EQUAL(b.ptr, "/x/y");
	dande_fs_absolute(&b, "./rel");
	CU_ASSERT(b.ptr[0] == '/');
	CU_ASSERT(strstr(b.ptr, "/rel") != NULL && !strstr(b.ptr, "./"));
	dande_buf_release(&b);
}

static void test_fs__expand_directories_and_globs(void)
{
	char *dir = dande_test_tmpdir(), *old = getcwd(NULL, 0);
	struct dande_strvec sv = DANDE_STRVEC_INIT;

	dande_test_write(dir, "reports/unit/a.xml", "x");
	dande_test_write(dir, "reports/unit/deep/b.xml", "x");
	dande_test_write(dir, "reports/it/c.xml", "x");
	dande_test_write(dir, "reports/notes.txt", "x");
	dande_test_write(dir, "top.xml", "x");
	CU_ASSERT_EQUAL_FATAL(chdir(dir), 0);
	DANDE_ASSERT_OK(dande_fs_expand(&sv, "reports"));
	CU_ASSERT_EQUAL_FATAL(sv.nr, 3);
	CU_ASSERT_STRING_EQUAL(sv.v[0], "reports/it/c.xml");
	CU_ASSERT_STRING_EQUAL(sv.v[2], "reports/unit/deep/b.xml");
	dande_strvec_clear(&sv);
	DANDE_ASSERT_OK(dande_fs_expand(&sv, "reports/**/*.xml"));
	CU_ASSERT_EQUAL(sv.nr, 3);
	dande_strvec_clear(&sv);
	DANDE_ASSERT_OK(dande_fs_expand(&sv, "reports/unit/*.xml"));
	CU_ASSERT_EQUAL(sv.nr, 2);
	dande_strvec_clear(&sv);
	DANDE_ASSERT_OK(dande_fs_expand(&sv, "*.xml"));
	CU_ASSERT_EQUAL_FATAL(sv.nr, 4);
	CU_ASSERT_STRING_EQUAL(sv.v[3], "top.xml");
	dande_strvec_clear(&sv);
	/* a plain name that is not there: as a glob that matches nothing,
	 * for the caller to make a usage error of */
	DANDE_ASSERT_ERR(dande_fs_expand(&sv, "missing.xml"), DANDE_ENOTFOUND,
			 "no such file 'missing.xml'");
	CU_ASSERT_EQUAL(sv.nr, 0);
	DANDE_ASSERT_OK(dande_fs_expand(&sv, "top.xml"));
	CU_ASSERT_STRING_EQUAL(sv.v[0], "top.xml");
	dande_strvec_clear(&sv);
	DANDE_ASSERT_ERR(dande_fs_expand(&sv, "nowhere/*.xml"),
			 DANDE_ENOTFOUND, "no report matches 'nowhere/*.xml'");
	CU_ASSERT_EQUAL(chdir(old), 0);
	free(old);
	dande_strvec_release(&sv);
	dande_test_rmtree(dir);
}

CU_TestInfo test_fs_tests[] = {
	{ "test_fs__expand_directories_and_globs",
	  test_fs__expand_directories_and_globs },
	{ "test_fs__write_atomic_new_file", test_fs__write_atomic_new_file },
	{ "test_fs__write_atomic_keeps_mode",
	  test_fs__write_atomic_keeps_mode },
	{ "test_fs__write_atomic_failure_changes_nothing",
	  test_fs__write_atomic_failure_changes_nothing },
	{ "test_fs__stale_temps_go_with_the_next_write",
	  test_fs__stale_temps_go_with_the_next_write },
	{ "test_fs__atomic_abort_leaves_target",
	  test_fs__atomic_abort_leaves_target },
	{ "test_fs__write_to_non_regular_target_is_direct",
	  test_fs__write_to_non_regular_target_is_direct },
	{ "test_fs__mkdir_p_and_remove_tree",
	  test_fs__mkdir_p_and_remove_tree },
	{ "test_fs__paths", test_fs__paths },
	CU_TEST_INFO_NULL
};

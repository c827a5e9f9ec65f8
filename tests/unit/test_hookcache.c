/* Unit tests of lib/repo/hookcache.c: the key, the record, staleness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dande/dande.h"
#include "dande/hookcache.h"
#include "lib/test.h"
#include "unit/suites.h"

static void test_hookcache__key_holds_what_steers(void)
{
	const char *envp[] = { "PATH=/bin", "SKIP=version", "DANDE_DB=x.db",
			       "DANDE_TRACE=1", "GIT_INDEX_FILE=.git/index.lock",
			       "HOME=/home/ann\nfiles", "CI=", NULL };
	struct dande_buf key = DANDE_BUF_INIT, want = DANDE_BUF_INIT;

	dande_hookcache_key(&key, "pre-commit", envp);
	dande_buf_addf(&want, "dande pre-commit pass 1\ndande %s\nhook "
		       "pre-commit\nenv CI=\nenv DANDE_DB=x.db\n"
		       "env HOME=/home/ann files\nenv SKIP=version\nfiles\n",
		       dande_version());
	CU_ASSERT_STRING_EQUAL(key.ptr, want.ptr);
	dande_buf_release(&key);
	dande_buf_release(&want);
}

static void test_hookcache__record_and_staleness(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf a = DANDE_BUF_INIT, b = DANDE_BUF_INIT;
	struct dande_buf rec = DANDE_BUF_INIT;
	const char *paths[2];
	const char *key = "dande pre-commit pass 1\nfiles\n";
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

	dande_buf_addf(&a, "%s/VERSION", dir);
	dande_buf_addf(&b, "%s/absent", dir);
	paths[0] = a.ptr;
	paths[1] = b.ptr;
	dande_test_write(dir, "VERSION", "1.0.0\n");
	/* changed within the second: no record */
	CU_ASSERT_EQUAL(dande_hookcache_encode(&rec, key, paths, 2,
					       time(NULL)), -1);
	/* ctime cannot be set back: a record "made" in the future */
	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, a.ptr, old, 0), 0);
	dande_buf_reset(&rec);
	DANDE_ASSERT_OK(dande_hookcache_encode(&rec, key, paths, 2,
					       time(NULL) + 10));
	CU_ASSERT(dande_hookcache_fresh(rec.ptr, key));
	CU_ASSERT(!dande_hookcache_fresh(rec.ptr, "another key\n"));
	/* a file that appears, or changes, makes it stale */
	dande_test_write(dir, "absent", "now here\n");
	CU_ASSERT(!dande_hookcache_fresh(rec.ptr, key));
	unlink(b.ptr);
	CU_ASSERT(dande_hookcache_fresh(rec.ptr, key));
	dande_test_write(dir, "VERSION", "1.0.1\n");
	CU_ASSERT(!dande_hookcache_fresh(rec.ptr, key));
	/* a damaged record is never fresh */
	CU_ASSERT(!dande_hookcache_fresh("dande pre-commit pass 1\nfiles\n"
					 "X nonsense\n", key));
	CU_ASSERT(!dande_hookcache_fresh("dande pre-commit pass 1\nfiles\n"
					 "- no newline", key));
	CU_ASSERT(dande_hookcache_fresh(key, key));
	/* a path with a newline cannot be recorded */
	paths[0] = "a\nF 1 2 3 4 5 6 /etc/passwd";
	dande_buf_reset(&rec);
	CU_ASSERT_EQUAL(dande_hookcache_encode(&rec, key, paths, 1,
					       time(NULL) + 10), -1);
	dande_buf_release(&a);
	dande_buf_release(&b);
	dande_buf_release(&rec);
	dande_test_rmtree(dir);
}

CU_TestInfo test_hookcache_tests[] = {
	{ "test_hookcache__key_holds_what_steers",
	  test_hookcache__key_holds_what_steers },
	{ "test_hookcache__record_and_staleness",
	  test_hookcache__record_and_staleness },
	CU_TEST_INFO_NULL
};

/*
 * bench_foundation: what every dande tool pays before doing its job.
 *
 *   startup   `dande-db --version` and `dande db --version` (the front
 *             door's extra exec), median wall time of many runs
 *   open      opening (and checking the schema of) an existing tracking
 *             database: median of many opens
 *   insert    N test_runs rows through dande_db_insert_run in one
 *             transaction: rows/s and peak RSS
 *   writers   4 processes inserting one row per transaction at once
 *             (the hook + make + CI case): rows/s, nothing lost
 *
 * Usage: bench_foundation BIN_DIR [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dande/dande.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/fs.h"
#include "dande/proc.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median wall time of running `argv` (NULL-terminated) in `cwd`. */
static void startup(const char *label, const char *cwd,
		    const char *const *argv)
{
	enum { RUNS = 200 };
	double t[RUNS];
	size_t i;

	for (i = 0; i < RUNS; i++) {
		struct dande_cmd cmd = DANDE_CMD_INIT;
		struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
		double t0 = now_s();

		dande_strvec_pushv(&cmd.args, argv);
		cmd.cwd = cwd;
		cmd.capture_out = 1;
		if (dande_proc_run(&cmd, &res) < 0 || res.exit_code != 0) {
			fprintf(stderr, "bench: %s failed\n", label);
			exit(1);
		}
		t[i] = now_s() - t0;
		dande_cmd_release(&cmd);
		dande_proc_result_release(&res);
	}
	printf("startup  %-30s median %6.2f ms over %d runs\n", label,
	       median(t, RUNS) * 1e3, RUNS);
}

static void fail(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, dande_error_last()->message);
	exit(1);
}

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : "build/bin";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 200000;
	char dir[] = "/tmp/dande-bench-XXXXXX", path[64];
	struct dande_db_run run = { 0 };
	struct dande_db *db = NULL;
	struct rusage ru;
	double t0, dt, opens[100];
	long i;
	int k, status;

	if (dande_init() < 0 || !mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/DandE.db", dir);

	{
		char dbtool[512], front[512];
		const char *t_true[] = { "true", NULL };
		const char *t_ver[] = { dbtool, "--version", NULL };
		const char *t_front[] = { front, "db", "--version", NULL };
		const char *t_status[] = { dbtool, "status", "--db", path,
					   NULL };

		snprintf(dbtool, sizeof(dbtool), "%s/dande-db", bin);
		snprintf(front, sizeof(front), "%s/dande", bin);
		if (dande_db_open(&db, path, 0, 0) < 0)
			fail("create");
		dande_db_close(db);
		startup("true (the floor)", NULL, t_true);
		startup("dande-db --version", NULL, t_ver);
		startup("dande db --version (front door)", NULL, t_front);
		startup("dande-db status (libgit2, db)", dir, t_status);
	}

	for (k = 0; k < 100; k++) {
		t0 = now_s();
		if (dande_db_open(&db, path, 0, 0) < 0)
			fail("open");
		dande_db_close(db);
		opens[k] = now_s() - t0;
	}
	printf("open     existing database        median %.3f ms over 100\n",
	       median(opens, 100) * 1e3);

	run.kind = "junit";
	run.branch = "main";
	run.commit = "0123456789abcdef0123456789abcdef01234567";
	run.version = "0.1.0";
	run.source = "build/test-results/unit.xml";
	run.duration_s = 1.5;
	if (dande_db_open(&db, path, 0, 0) < 0)
		fail("open");
	t0 = now_s();
	if (dande_db_begin(db) < 0)
		fail("begin");
	for (i = 0; i < n; i++) {
		run.tests = i;
		if (dande_db_insert_run(db, &run, NULL) < 0)
			fail("insert");
	}
	if (dande_db_commit(db) < 0)
		fail("commit");
	dt = now_s() - t0;
	dande_db_close(db);
	getrusage(RUSAGE_SELF, &ru);
	printf("insert   %ld rows, 1 transaction  %.2f s, %.0f rows/s, "
	       "peak RSS %ld MB\n", n, dt, (double)n / dt, ru.ru_maxrss / 1024);

	t0 = now_s();
	for (k = 0; k < 4; k++) {
		if (fork() == 0) {
			if (dande_db_open(&db, path, 0, 60000) < 0)
				_exit(1);
			for (i = 0; i < 500; i++)
				if (dande_db_begin(db) < 0 ||
				    dande_db_insert_run(db, &run, NULL) < 0 ||
				    dande_db_commit(db) < 0)
					_exit(1);
			dande_db_close(db);
			_exit(0);
		}
	}
	for (k = 0; k < 4; k++) {
		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "bench: a writer failed\n");
			return 1;
		}
	}
	dt = now_s() - t0;
	printf("writers  4 x 500 commits          %.2f s, %.0f commits/s, "
	       "none lost\n", dt, 2000 / dt);
	dande_fs_remove_tree(dir);
	dande_shutdown();
	return 0;
}

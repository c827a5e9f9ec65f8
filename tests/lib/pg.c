/*
 * pg.c: a real PostgreSQL server for the tests.  Started once per test
 * process, on first use, from Debian's binaries (/usr/lib/postgresql/N/
 * bin): initdb in a temporary directory, then postgres listening on a
 * unix socket in it and nothing else (no TCP port), durability off (the
 * tests need no crash safety of the server's own).  As root, the server
 * runs as the unprivileged `postgres` user (else `nobody`), through
 * runuser.  Each test gets a database of its own.  The server is shut
 * down and its directory removed when the process exits.  Without the
 * binaries the tests that need it are reported skipped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "dande/buf.h"
#include "lib/test.h"

static struct {
	int started, failed;
	char *dir;		/* socket and data directory */
	char bin[600];		/* the server's bin directory */
	pid_t pid;		/* runuser or postgres */
	unsigned ndb;
	char why[512];
} srv;

/* The newest /usr/lib/postgresql/N/bin holding initdb and postgres. */
static int find_bin(void)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	long best = -1;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[512];
		long n = strtol(e->d_name, NULL, 10);

		snprintf(path, sizeof(path), "/usr/lib/postgresql/%s/bin/initdb",
			 e->d_name);
		if (n > best && access(path, X_OK) == 0) {
			best = n;
			snprintf(srv.bin, sizeof(srv.bin),
				 "/usr/lib/postgresql/%s/bin", e->d_name);
		}
	}
	closedir(d);
	return best < 0 ? -1 : 0;
}

/* The user the server runs as when we are root. */
static const struct passwd *server_user(void)
{
	const struct passwd *pw = getpwnam("postgres");

	return pw ? pw : getpwnam("nobody");
}

/* Start argv (as the server user when root) with output to `log`. */
static pid_t spawn(const char *const *argv, const char *log)
{
	const char *runuser[32];
	const struct passwd *pw = getuid() == 0 ? server_user() : NULL;
	pid_t pid;
	size_t i, n = 0;

	if (pw) {
		runuser[n++] = "runuser";
		runuser[n++] = "-u";
		runuser[n++] = pw->pw_name;
		runuser[n++] = "--";
	}
	for (i = 0; argv[i] && n < 31; i++)
		runuser[n++] = argv[i];
	runuser[n] = NULL;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		setpgid(0, 0);
		if (pw)
			execvp("runuser", (char *const *)runuser);
		else
			execv(runuser[0], (char *const *)runuser);
		_exit(127);
	}
	return pid;
}

static int run_wait(const char *const *argv, const char *log)
{
	int status = 0;
	pid_t pid = spawn(argv, log);

	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void conninfo(struct dande_buf *out, const char *db)
{
	dande_buf_addf(out, "host=%s dbname=%s user=dande", srv.dir, db);
}

static void stop(void)
{
	struct dande_buf pidfile = DANDE_BUF_INIT;
	char *text;
	int i, status;

	if (!srv.started)
		return;
	dande_buf_addf(&pidfile, "%s/data/postmaster.pid", srv.dir);
	if ((text = dande_test_read(pidfile.ptr))) {
		pid_t pm = (pid_t)strtol(text, NULL, 10);

		if (pm > 0)
			kill(pm, SIGINT);	/* fast shutdown */
		free(text);
	}
	for (i = 0; i < 600 && waitpid(srv.pid, &status, WNOHANG) == 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	dande_buf_release(&pidfile);
	srv.started = 0;
}

static void stop_and_remove(void)
{
	stop();
	if (srv.dir) {
		dande_test_rmtree(srv.dir);
		srv.dir = NULL;
	}
}

/* Start the server on the data directory made before. */
static int start_server(void)
{
	struct dande_buf postgres = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	struct dande_buf log = DANDE_BUF_INIT, info = DANDE_BUF_INIT;
	int i, ok = 0;

	dande_buf_addf(&postgres, "%s/postgres", srv.bin);
	dande_buf_addf(&data, "%s/data", srv.dir);
	dande_buf_addf(&log, "%s/server.log", srv.dir);
	{
		const char *argv[] = { postgres.ptr, "-D", data.ptr, "-k",
				       srv.dir, "-c", "listen_addresses=",
				       "-c", "fsync=off", "-c",
				       "full_page_writes=off", "-c",
				       "synchronous_commit=off", "-c",
				       "max_connections=60", NULL };

		srv.pid = spawn(argv, log.ptr);
	}
	conninfo(&info, "postgres");
	for (i = 0; srv.pid > 0 && i < 600; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		int status;

		if (PQping(info.ptr) == PQPING_OK) {
			ok = 1;
			break;
		}
		if (waitpid(srv.pid, &status, WNOHANG) == srv.pid)
			break;
		nanosleep(&ts, NULL);
	}
	if (ok)
		srv.started = 1;
	else
		snprintf(srv.why, sizeof(srv.why), "the PostgreSQL server did "
			 "not start (see %s)", log.ptr);
	dande_buf_release(&postgres);
	dande_buf_release(&data);
	dande_buf_release(&log);
	dande_buf_release(&info);
	return ok ? 0 : -1;
}

static int start(void)
{
	struct dande_buf initdb = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	struct dande_buf log = DANDE_BUF_INIT;
	const struct passwd *pw;
	int r = -1;

	if (find_bin() < 0) {
		snprintf(srv.why, sizeof(srv.why), "no PostgreSQL server "
			 "binaries (Debian: postgresql)");
		return -1;
	}
	srv.dir = dande_test_tmpdir();
	if (getuid() == 0 && (pw = server_user()) &&
	    chown(srv.dir, pw->pw_uid, pw->pw_gid) < 0) {
		snprintf(srv.why, sizeof(srv.why), "cannot give %s to %s: %s",
			 srv.dir, pw->pw_name, strerror(errno));
		goto done;
	}
	dande_buf_addf(&initdb, "%s/initdb", srv.bin);
	dande_buf_addf(&data, "%s/data", srv.dir);
	dande_buf_addf(&log, "%s/initdb.log", srv.dir);
	{
		const char *argv[] = { initdb.ptr, "-D", data.ptr, "-A", "trust",
				       "-U", "dande", "-E", "UTF8",
				       "--locale=C", "--no-sync", NULL };

		if (run_wait(argv, log.ptr) != 0) {
			snprintf(srv.why, sizeof(srv.why), "initdb failed (see "
				 "%s)", log.ptr);
			goto done;
		}
	}
	if ((r = start_server()) == 0)
		atexit(stop_and_remove);
done:
	dande_buf_release(&initdb);
	dande_buf_release(&data);
	dande_buf_release(&log);
	return r;
}

/* DANDE_TEST_PG_SERVER: a server already running (dande's own test
 * environment's postgres service), as a URL without a database; the test
 * databases are made there, named by this process. */
static const char *external(void)
{
	const char *e = getenv("DANDE_TEST_PG_SERVER");

	return e && *e ? e : NULL;
}

int dande_test_pg_external(void)
{
	return external() != NULL;
}

int dande_test_pg(struct dande_buf *url)
{
	struct dande_buf info = DANDE_BUF_INIT, sql = DANDE_BUF_INIT;
	PGconn *c;
	PGresult *res;
	int r = -1;

	if (!external() && !srv.started && !srv.failed && !srv.dir &&
	    start() < 0)
		srv.failed = 1;
	if (srv.failed) {
		dande_test_skip(srv.why);
		return -1;
	}
	if (external())
		dande_buf_addf(&info, "%s/postgres", external());
	else
		conninfo(&info, "postgres");
	c = PQconnectdb(info.ptr);
	dande_buf_addf(&sql, "CREATE DATABASE t%ld_%u", (long)getpid(),
		       ++srv.ndb);
	res = PQexec(c, sql.ptr);
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		dande_buf_reset(url);
		if (external())
			dande_buf_addf(url, "%s/t%ld_%u", external(),
				       (long)getpid(), srv.ndb);
		else
			dande_buf_addf(url, "postgresql:///t%ld_%u?host=%s&"
				       "user=dande", (long)getpid(), srv.ndb,
				       srv.dir);
		r = 0;
	} else {
		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "cannot create a test database: %s",
			       PQerrorMessage(c));
		DANDE_FAIL(sql.ptr);
	}
	PQclear(res);
	PQfinish(c);
	dande_buf_release(&info);
	dande_buf_release(&sql);
	return r;
}

unsigned dande_test_pg_mark(void)
{
	return srv.ndb;
}

void dande_test_pg_drop_since(unsigned mark)
{
	struct dande_buf info = DANDE_BUF_INIT, sql = DANDE_BUF_INIT;
	PGconn *c;
	unsigned i;

	if (srv.ndb <= mark || (!external() && !srv.started))
		return;
	if (external())
		dande_buf_addf(&info, "%s/postgres", external());
	else
		conninfo(&info, "postgres");
	c = PQconnectdb(info.ptr);
	for (i = mark + 1; PQstatus(c) == CONNECTION_OK && i <= srv.ndb; i++) {
		PGresult *res;

		dande_buf_reset(&sql);
		dande_buf_addf(&sql, "DROP DATABASE IF EXISTS t%ld_%u%s",
			       (long)getpid(), i, PQserverVersion(c) >= 130000 ?
			       " WITH (FORCE)" : "");
		res = PQexec(c, sql.ptr);
		PQclear(res);	/* what cannot go goes with the server */
	}
	PQfinish(c);
	dande_buf_release(&info);
	dande_buf_release(&sql);
}

void dande_test_pg_stop(void)
{
	stop();
}

int dande_test_pg_restart(void)
{
	return srv.dir ? start_server() : -1;
}

int dande_test_pg_exec(const char *url, const char *sql, struct dande_buf *out)
{
	PGconn *c = PQconnectdb(url);
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	int r = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;

	if (out && r == 0 && PQntuples(res) && PQnfields(res))
		dande_buf_adds(out, PQgetvalue(res, 0, 0));
	else if (out && r < 0)
		dande_buf_adds(out, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return r;
}

/*
 * lib/http.c against a real TLS server on loopback (openssl s_server with
 * a self-signed certificate made here): verification is always on, a CA
 * file trusts a test certificate, and a closed port is a clear error.
 * Skips, saying so, when the openssl program is missing.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_int.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "integration/suites.h"

static void test_http__tls_verified_and_cacert(void)
{
	char *dir = dande_test_tmpdir();
	struct dande_buf key = DANDE_BUF_INIT, cert = DANDE_BUF_INIT;
	struct dande_buf url = DANDE_BUF_INIT, port = DANDE_BUF_INIT;
	struct dande_buf body = DANDE_BUF_INIT, closed = DANDE_BUF_INIT;
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_http_opts o = DANDE_HTTP_OPTS_INIT;
	int p = 20000 + (int)(getpid() % 20000), i, r = -1, status = 0;
	long st = 0;
	pid_t pid;

	dande_buf_addf(&key, "%s/key.pem", dir);
	dande_buf_addf(&cert, "%s/cert.pem", dir);
	{
		const char *mk[] = { "openssl", "req", "-x509", "-newkey",
			"rsa:2048", "-nodes", "-days", "1", "-subj",
			"/CN=localhost", "-addext",
			"subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
			key.ptr, "-out", cert.ptr, NULL };

		if (dande_test_run(&res, dir, NULL, mk) != 0) {
			dande_test_skip("no openssl program to make a test "
					"certificate");
			goto done;
		}
	}
	dande_buf_addf(&port, "%d", p);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		execlp("openssl", "openssl", "s_server", "-quiet", "-www",
		       "-accept", port.ptr, "-cert", cert.ptr, "-key", key.ptr,
		       (char *)NULL);
		_exit(127);
	}
	dande_buf_addf(&url, "https://localhost:%d/", p);
	o.cacert = cert.ptr;
	/* generous: under valgrind, loading the system's CA bundle for the
	 * refusal below takes seconds */
	o.connect_ms = 15000;
	o.total_ms = 30000;
	/* until the server listens */
	for (i = 0; i < 100 && r < 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		dande_buf_reset(&body);
		r = dande_http_request(url.ptr, &o, &st, &body);
		if (r < 0)
			nanosleep(&ts, NULL);
	}
	DANDE_ASSERT_OK(r);
	CU_ASSERT_EQUAL(st, 200);
	CU_ASSERT(body.len > 0);
	/* without the CA file the self-signed certificate is refused */
	o.cacert = NULL;
	DANDE_ASSERT_ERR(dande_http_request(url.ptr, &o, &st, NULL),
			 DANDE_EEXTERNAL, "certificate");
	CU_ASSERT_EQUAL(st, 0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	/* nothing listens any more */
	dande_buf_addf(&closed, "http://127.0.0.1:%d/", p);
	DANDE_ASSERT_ERR(dande_http_request(closed.ptr, &o, &st, NULL),
			 DANDE_EEXTERNAL, closed.ptr);
	/* only http and https */
	DANDE_ASSERT_ERR(dande_http_request("file:///etc/passwd", &o, &st,
					    NULL), DANDE_EEXTERNAL,
			 "file:///etc/passwd");
done:
	dande_buf_release(&key);
	dande_buf_release(&cert);
	dande_buf_release(&url);
	dande_buf_release(&port);
	dande_buf_release(&body);
	dande_buf_release(&closed);
	dande_proc_result_release(&res);
	dande_test_rmtree(dir);
}

CU_TestInfo test_http_tests[] = {
	{ "test_http__tls_verified_and_cacert",
	  test_http__tls_verified_and_cacert },
	CU_TEST_INFO_NULL
};

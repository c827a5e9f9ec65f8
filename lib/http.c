/*
 * http.c: libcurl, set up on first use (see dande.c for why lazily), for
 * health checks and the Docker Engine API.  The only file that includes
 * curl.
 */
#include <string.h>

#include <curl/curl.h>

#include "dande/error.h"
#include "http_int.h"
#include "dande_int.h"
#include "util/banned.h"

static int initialised;

static void teardown(void)
{
	curl_global_cleanup();
	initialised = 0;
}

static int init_once(void)
{
	if (initialised)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return dande_error_set(DANDE_EEXTERNAL,
				       "cannot initialise libcurl");
	initialised = 1;
	dande__at_shutdown(teardown);
	return 0;
}

static size_t on_body(char *p, size_t size, size_t n, void *payload)
{
	struct dande_buf *body = payload;

	/* A body over the buffer's cap keeps its head. */
	if (body)
		(void)dande_buf_add(body, p, size * n);
	return size * n;
}

int dande_http_request(const char *url, const struct dande_http_opts *o,
		       long *status, struct dande_buf *body)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *h;
	CURLcode rc;
	int r = 0;

	*status = 0;
	if ((r = init_once()) < 0)
		return r;
	if (!(h = curl_easy_init()))
		return dande_error_set(DANDE_EEXTERNAL, "cannot start libcurl");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			 o->connect_ms > 0 ? o->connect_ms : 10000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
			 o->total_ms > 0 ? o->total_ms : 30000L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "dande");
	if (o->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
	if (o->unix_socket)
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, o->unix_socket);
	if (o->method)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, o->method);
	rc = curl_easy_perform(h);
	/* over a unix socket curl's own text names "localhost port 80":
	 * say what failed instead */
	if (rc != CURLE_OK && o->unix_socket)
		r = dande_error_set(DANDE_EEXTERNAL, "%s: %s", url,
				    rc == CURLE_COULDNT_CONNECT ?
				    "cannot connect to the socket" :
				    curl_easy_strerror(rc));
	else if (rc != CURLE_OK)
		r = dande_error_set(DANDE_EEXTERNAL, "%s: %s", url,
				    errbuf[0] ? errbuf :
				    curl_easy_strerror(rc));
	else
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(h);
	return r;
}

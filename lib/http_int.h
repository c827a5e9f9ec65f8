/*
 * http_int.h: (internal to lib/) the one HTTP client, over libcurl: HTTP(S)
 * health checks from the host and the Docker Engine API over its unix
 * socket.
 *
 * TLS is always verified; a self-signed test certificate is trusted by
 * naming its CA file, never by turning verification off.
 */
#ifndef DANDE_HTTP_INT_H
#define DANDE_HTTP_INT_H

#include "dande/buf.h"

struct dande_http_opts {
	const char *method;		/* NULL: GET */
	const char *unix_socket;	/* NULL: TCP */
	const char *cacert;		/* NULL: the system's CA bundle */
	long connect_ms, total_ms;	/* 0: 10 s and 30 s */
};

#define DANDE_HTTP_OPTS_INIT { NULL, NULL, NULL, 0, 0 }

/*
 * One request.  `status` gets the HTTP status and `body` (may be NULL)
 * the answer, capped at the buffer's cap.  Returns 0 when an answer came
 * (whatever its status), DANDE_EEXTERNAL with curl's reason ("connection
 * refused", "timeout after 2000 ms", a TLS failure) when none did.
 */
int dande_http_request(const char *url, const struct dande_http_opts *o,
		       long *status, struct dande_buf *body);

#endif

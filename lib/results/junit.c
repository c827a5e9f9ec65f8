/*
 * junit.c: JUnit XML reports (and CUnit's CUnit-Run.xml) to test cases,
 * streamed through xml.c: one pass, one case in memory at a time (two,
 * briefly, to merge pytest's teardown duplicates).
 *
 * Status of a case, from its children: <error> > <failure> > <skipped>;
 * Surefire's <flakyFailure>/<flakyError> on a case with no failure make it
 * flaky (passed after reruns); <rerunFailure>/<rerunError> count reruns of
 * a case that failed every time.  pytest writes a test whose call failed
 * and whose teardown errored as two consecutive <testcase>s with the same
 * identity, the second's error message starting "failed on teardown":
 * they become one case, status error, both messages kept.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/junit.h"
#include "xml_int.h"
#include "util/banned.h"

const char *dande_junit_status_name(enum dande_junit_status s)
{
	static const char *const names[] = {
		"passed", "failed", "error", "skipped", "flaky"
	};

	return (unsigned)s < 5 ? names[s] : "unknown";
}

int dande_junit_parse_time(double *out, const char *s)
{
	char clean[64], *end;
	size_t n = 0;
	const char *p, *comma;
	double d, scale = 1;

	*out = -1;
	while (isspace((unsigned char)*s))
		s++;
	comma = strchr(s, ',');
	/* "1,234.5" and "1,234": thousands; "0,014" and "2,5": decimal. */
	for (p = s; *p && n + 1 < sizeof(clean); p++) {
		if (*p == ',') {
			int thousands = strchr(s, '.') != NULL ||
				(strspn(p + 1, "0123456789") == 3 &&
				 !(p - s == 1 && s[0] == '0'));

			if (!thousands && p == comma)
				clean[n++] = '.';
			continue;
		}
		clean[n++] = *p;
	}
	clean[n] = '\0';
	errno = 0;
	d = strtod(clean, &end);
	if (end == clean || errno == ERANGE || !isfinite(d))
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (!strcmp(end, "ms"))
		scale = 1e-3;
	else if (!strcmp(end, "us") || !strcmp(end, "\xc2\xb5s"))
		scale = 1e-6;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		scale = 60;
	else if (*end && strcmp(end, "s") && strcmp(end, "sec"))
		return -1;
	if (d < 0)
		return -1;
	*out = d * scale;
	return 0;
}

/* A case being read (or held back for the pytest merge), owning its
 * strings. */
struct pending {
	struct dande_buf suite, classname, name, file, type, message, out, err;
	size_t out_total, err_total;
	size_t msg_total, body_total;	/* of the failure text, cut or not */
	int line, reruns, flaky_runs;
	double time_s;
	unsigned has_failure : 1, has_error : 1, has_skipped : 1, not_run : 1;
	int active;
};

enum text_target { T_NONE, T_MESSAGE, T_OUT, T_ERR, T_CUNIT };

struct parser {
	const struct dande_junit_opts *opts;
	struct dande_junit_info *info;
	struct dande_xml *x;
	struct pending cur, held;
	struct dande_buf attr, scratch, suite;	/* suite: innermost name */
	struct dande_strvec suites;		/* the stack of suite names */
	enum text_target text;
	int in_case, in_properties, case_depth, result_depth;
	/* CUnit-Run.xml */
	int cunit;
	struct dande_buf cunit_field;
	const char *cunit_tag;
};

static void pending_init(struct pending *p, size_t cap)
{
	memset(p, 0, sizeof(*p));
	dande_buf_init(&p->suite, 4096);
	dande_buf_init(&p->classname, 4096);
	dande_buf_init(&p->name, 4096);
	dande_buf_init(&p->file, 4096);
	dande_buf_init(&p->type, 4096);
	/* its message attributes and its body, each up to the cap, and the
	 * marker that says what was cut */
	dande_buf_init(&p->message, 2 * DANDE_JUNIT_MESSAGE_CAP + 256);
	dande_buf_init(&p->out, cap ? cap : 1);
	dande_buf_init(&p->err, cap ? cap : 1);
	p->time_s = -1;
}

static void pending_reset(struct pending *p)
{
	dande_buf_reset(&p->suite);
	dande_buf_reset(&p->classname);
	dande_buf_reset(&p->name);
	dande_buf_reset(&p->file);
	dande_buf_reset(&p->type);
	dande_buf_reset(&p->message);
	dande_buf_reset(&p->out);
	dande_buf_reset(&p->err);
	p->out_total = p->err_total = 0;
	p->msg_total = p->body_total = 0;
	p->line = p->reruns = p->flaky_runs = 0;
	p->time_s = -1;
	p->has_failure = p->has_error = p->has_skipped = p->not_run = 0;
	p->active = 0;
}

static void pending_release(struct pending *p)
{
	dande_buf_release(&p->suite);
	dande_buf_release(&p->classname);
	dande_buf_release(&p->name);
	dande_buf_release(&p->file);
	dande_buf_release(&p->type);
	dande_buf_release(&p->message);
	dande_buf_release(&p->out);
	dande_buf_release(&p->err);
}

static void swap(struct pending *a, struct pending *b)
{
	struct pending t = *a;

	*a = *b;
	*b = t;
}

/* Append, keeping the head when the cap is reached. */
static void add_capped(struct dande_buf *b, const char *s, size_t len)
{
	if (b->len + len > b->max)
		len = b->max - b->len;
	dande_buf_add(b, s, len);
}

/* A part of a failure's text: message attributes and body text each keep
 * DANDE_JUNIT_MESSAGE_CAP bytes; `total` counts what was given. */
static void add_part(struct pending *p, size_t *total, const char *s,
		     size_t len)
{
	size_t room = *total < DANDE_JUNIT_MESSAGE_CAP ?
		DANDE_JUNIT_MESSAGE_CAP - *total : 0;

	*total += len;
	add_capped(&p->message, s, len < room ? len : room);
}

/* Say what was cut of the failure text, at its end. */
static void cut_marker(struct pending *p)
{
	char m[200];
	size_t cap = DANDE_JUNIT_MESSAGE_CAP;

	if (p->msg_total <= cap && p->body_total <= cap)
		return;
	snprintf(m, sizeof(m), "\n[dande: cut: %s of %zu bytes, %s of %zu "
		 "bytes; %zu KiB of each kept]", "message", p->msg_total,
		 "body", p->body_total, cap >> 10);
	add_capped(&p->message, m, strlen(m));
}

static enum dande_junit_status status_of(const struct pending *p)
{
	if (p->has_error)
		return DANDE_JUNIT_ERROR;
	if (p->has_failure)
		return DANDE_JUNIT_FAILED;
	if (p->has_skipped || p->not_run)
		return DANDE_JUNIT_SKIPPED;
	if (p->flaky_runs)
		return DANDE_JUNIT_FLAKY;
	return DANDE_JUNIT_PASSED;
}

static const char *opt(const struct dande_buf *b)
{
	return b->len ? b->ptr : NULL;
}

static void trim_marker(struct dande_buf *b, size_t total)
{
	char marker[96];
	int n;

	if (total <= b->len)
		return;
	n = snprintf(marker, sizeof(marker), "\n[dande: trimmed %zu of %zu "
		     "bytes]", total - b->len, total);
	if (n > 0 && b->len + (size_t)n <= b->max) {
		dande_buf_add(b, marker, (size_t)n);
	} else if (n > 0 && b->max > (size_t)n) {
		dande_buf_setlen(b, b->max - (size_t)n);
		dande_buf_add(b, marker, (size_t)n);
	}
}

static int emit(struct parser *ps, struct pending *p)
{
	struct dande_junit_case c;

	cut_marker(p);
	trim_marker(&p->out, p->out_total);
	trim_marker(&p->err, p->err_total);
	memset(&c, 0, sizeof(c));
	c.suite = opt(&p->suite);
	c.classname = opt(&p->classname);
	c.name = p->name.len ? p->name.ptr : "(unnamed)";
	c.file = opt(&p->file);
	c.line = p->line;
	c.status = status_of(p);
	c.time_s = p->time_s;
	c.failure_type = opt(&p->type);
	c.failure_message = opt(&p->message);
	c.out = opt(&p->out);
	c.err = opt(&p->err);
	c.reruns = p->reruns + p->flaky_runs;
	c.has_failure = p->has_failure;
	c.has_error = p->has_error;
	c.has_skipped = p->has_skipped;
	ps->info->cases++;
	if (ps->opts->on_progress && !(ps->info->cases & 511))
		ps->opts->on_progress(ps->opts->payload, dande_xml_bytes(ps->x));
	return ps->opts->on_case(ps->opts->payload, &c);
}

static int same_identity(const struct pending *a, const struct pending *b)
{
	return !strcmp(a->classname.ptr, b->classname.ptr) &&
		!strcmp(a->name.ptr, b->name.ptr) &&
		!strcmp(a->suite.ptr, b->suite.ptr);
}

/* The current case is complete: merge it into the held one (pytest's
 * teardown duplicate) or emit the held one and hold this one. */
static int case_done(struct parser *ps)
{
	int r = 0;

	if (ps->held.active && same_identity(&ps->held, &ps->cur) &&
	    ps->cur.has_error &&
	    !strncmp(ps->cur.message.ptr, "failed on teardown", 18)) {
		ps->held.has_error = 1;
		cut_marker(&ps->cur);
		add_capped(&ps->held.message, "\n", 1);
		add_capped(&ps->held.message, ps->cur.message.ptr,
			   ps->cur.message.len);
		if (ps->cur.time_s > 0)
			ps->held.time_s = ps->held.time_s < 0 ? ps->cur.time_s :
				ps->held.time_s + ps->cur.time_s;
		ps->info->merged++;
		pending_reset(&ps->cur);
		return 0;
	}
	if (ps->held.active)
		r = emit(ps, &ps->held);
	pending_reset(&ps->held);
	swap(&ps->held, &ps->cur);
	ps->held.active = 1;
	return r;
}

static int attr(struct parser *ps, const char *name)
{
	return dande_xml_attr(ps->x, name, &ps->attr);
}

static int64_t attr_count(struct parser *ps, const char *name)
{
	char *end;
	long long v;

	if (!attr(ps, name) || !ps->attr.len)
		return -1;
	v = strtoll(ps->attr.ptr, &end, 10);
	return *end || v < 0 ? -1 : (int64_t)v;
}

static void case_attr(void *payload, const char *name, const char *value)
{
	struct pending *p = payload;

	switch (name[0]) {
	case 'c':
		if (!strcmp(name, "classname"))
			add_capped(&p->classname, value, strlen(value));
		break;
	case 'n':
		if (!strcmp(name, "name"))
			add_capped(&p->name, value, strlen(value));
		break;
	case 'f':
		if (!strcmp(name, "file"))
			add_capped(&p->file, value, strlen(value));
		break;
	case 'l':
		if ((!strcmp(name, "line") || !strcmp(name, "lineno")) &&
		    p->line <= 0)
			p->line = (int)strtol(value, NULL, 10);
		break;
	case 't':
		if (!strcmp(name, "time"))
			dande_junit_parse_time(&p->time_s, value);
		break;
	/* GoogleTest marks a disabled test status="notrun" and
	 * result="suppressed", with no <skipped> child: it did not run */
	case 's':
		if (!strcmp(name, "status") && (!strcmp(value, "notrun") ||
						!strcmp(value, "disabled")))
			p->not_run = 1;
		break;
	case 'r':
		if (!strcmp(name, "result") && (!strcmp(value, "suppressed") ||
						!strcmp(value, "skipped")))
			p->not_run = 1;
		break;
	default:
		break;
	}
}

static void start_case(struct parser *ps, int depth)
{
	struct pending *p = &ps->cur;

	pending_reset(p);
	p->active = 1;
	ps->in_case = 1;
	ps->case_depth = depth;
	dande_buf_adds(&p->suite, ps->suite.ptr);
	if (!ps->cunit)
		dande_xml_attrs(ps->x, case_attr, p);
	if (p->line < 0)
		p->line = 0;
}

/* A <failure>, <error> or <skipped>: its type and message. */
static void start_result(struct parser *ps, const char *name, int depth)
{
	struct pending *p = &ps->cur;
	int is_error = !strcmp(name, "error");
	int is_failure = !strcmp(name, "failure");

	if (is_error)
		p->has_error = 1;
	else if (is_failure)
		p->has_failure = 1;
	else
		p->has_skipped = 1;
	/* the first result with a type names it; messages accumulate */
	if (attr(ps, "type") && !p->type.len)
		dande_buf_add(&p->type, ps->attr.ptr, ps->attr.len);
	if (p->message.len)
		add_capped(&p->message, "\n", 1);
	if (attr(ps, "message") && ps->attr.len) {
		add_part(p, &p->msg_total, ps->attr.ptr, ps->attr.len);
		add_capped(&p->message, "\n", 1);
	}
	ps->text = T_MESSAGE;
	ps->result_depth = depth;
}

static int on_start_junit(struct parser *ps, const struct dande_xml_event *ev)
{
	const char *n = ev->name;

	if (!strcmp(n, "testsuite")) {
		if (!attr(ps, "name"))
			dande_buf_reset(&ps->attr);
		dande_strvec_push(&ps->suites, ps->attr.ptr);
		dande_buf_reset(&ps->suite);
		dande_buf_adds(&ps->suite, ps->attr.ptr);
		if (ev->depth == 0 || (ev->depth == 1 &&
				       ps->info->declared_tests < 0)) {
			int64_t t = attr_count(ps, "tests");

			if (t >= 0) {
				if (ps->info->declared_tests < 0)
					ps->info->declared_tests = 0;
				ps->info->declared_tests += t;
			}
		}
		return 0;
	}
	if (!strcmp(n, "testcase")) {
		if (!ps->in_case)
			start_case(ps, ev->depth);
		return 0;
	}
	if (!strcmp(n, "properties")) {
		ps->in_properties = 1;
		return 0;
	}
	if (!strcmp(n, "property") && ps->in_properties && !ps->in_case) {
		struct dande_buf name = DANDE_BUF_INIT;
		int r = 0;

		if (attr(ps, "name")) {
			dande_buf_add(&name, ps->attr.ptr, ps->attr.len);
			if (!attr(ps, "value"))
				dande_buf_reset(&ps->attr);
			if (ps->opts->on_property)
				r = ps->opts->on_property(ps->opts->payload,
							  name.ptr,
							  ps->attr.ptr);
		}
		dande_buf_release(&name);
		return r;
	}
	if (!ps->in_case)
		return 0;
	if (ev->depth != ps->case_depth + 1)
		return 0;
	if (!strcmp(n, "failure") || !strcmp(n, "error") ||
	    !strcmp(n, "skipped")) {
		start_result(ps, n, ev->depth);
	} else if (!strcmp(n, "flakyFailure") || !strcmp(n, "flakyError")) {
		ps->cur.flaky_runs++;
	} else if (!strcmp(n, "rerunFailure") || !strcmp(n, "rerunError")) {
		ps->cur.reruns++;
	} else if (!strcmp(n, "system-out")) {
		ps->text = T_OUT;
		ps->result_depth = ev->depth;
	} else if (!strcmp(n, "system-err")) {
		ps->text = T_ERR;
		ps->result_depth = ev->depth;
	}
	return 0;
}

static int on_end_junit(struct parser *ps, const struct dande_xml_event *ev)
{
	const char *n = ev->name;

	if (ps->text != T_NONE && ev->depth == ps->result_depth) {
		ps->text = T_NONE;
		return 0;
	}
	if (!strcmp(n, "testcase") && ps->in_case &&
	    ev->depth == ps->case_depth) {
		ps->in_case = 0;
		return case_done(ps);
	}
	if (!strcmp(n, "testsuite")) {
		if (ps->suites.nr)
			free(ps->suites.v[--ps->suites.nr]);
		ps->suites.v[ps->suites.nr] = NULL;
		dande_buf_reset(&ps->suite);
		if (ps->suites.nr)
			dande_buf_adds(&ps->suite,
				       ps->suites.v[ps->suites.nr - 1]);
	} else if (!strcmp(n, "properties")) {
		ps->in_properties = 0;
	}
	return 0;
}

static void on_text(struct parser *ps, const struct dande_xml_event *ev)
{
	struct pending *p = &ps->cur;

	switch (ps->text) {
	case T_MESSAGE:
		add_part(p, &p->body_total, ev->text, ev->len);
		break;
	case T_OUT:
		p->out_total += ev->len;
		add_capped(&p->out, ev->text, ev->len);
		break;
	case T_ERR:
		p->err_total += ev->len;
		add_capped(&p->err, ev->text, ev->len);
		break;
	case T_CUNIT:
		add_capped(&ps->cunit_field, ev->text, ev->len);
		break;
	case T_NONE:
		break;
	}
}

/* Trim the spaces CUnit puts around every value. */
static void strip(struct dande_buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && isspace((unsigned char)b->ptr[start]))
		start++;
	while (end > start && isspace((unsigned char)b->ptr[end - 1]))
		end--;
	memmove(b->ptr, b->ptr + start, end - start);
	dande_buf_setlen(b, end - start);
}

/*
 * CUnit-Run.xml: CUNIT_RUN_SUITE_SUCCESS/FAILURE > SUITE_NAME,
 * CUNIT_RUN_TEST_RECORD > CUNIT_RUN_TEST_SUCCESS/FAILURE > TEST_NAME,
 * FILE_NAME, LINE_NUMBER, CONDITION.  A test with several failed
 * assertions has one record per assertion: consecutive records of one
 * test are one case.  A suite whose set-up failed is one error case.
 */
static int on_start_cunit(struct parser *ps, const struct dande_xml_event *ev)
{
	const char *n = ev->name;

	if (!strcmp(n, "CUNIT_RUN_TEST_SUCCESS") ||
	    !strcmp(n, "CUNIT_RUN_TEST_FAILURE")) {
		start_case(ps, ev->depth);
		if (n[15] == 'F')
			ps->cur.has_failure = 1;
		return 0;
	}
	if (!strcmp(n, "CUNIT_RUN_SUITE_FAILURE")) {
		start_case(ps, ev->depth);
		ps->cur.has_error = 1;
		dande_buf_adds(&ps->cur.name, "(suite set-up)");
		return 0;
	}
	if (!strcmp(n, "SUITE_NAME") || !strcmp(n, "TEST_NAME") ||
	    !strcmp(n, "FILE_NAME") || !strcmp(n, "LINE_NUMBER") ||
	    !strcmp(n, "CONDITION") || !strcmp(n, "FAILURE_REASON")) {
		dande_buf_reset(&ps->cunit_field);
		ps->text = T_CUNIT;
		ps->result_depth = ev->depth;
	}
	return 0;
}

static int on_end_cunit(struct parser *ps, const struct dande_xml_event *ev)
{
	const char *n = ev->name;
	struct pending *p = &ps->cur;

	if (ps->text == T_CUNIT && ev->depth == ps->result_depth) {
		ps->text = T_NONE;
		strip(&ps->cunit_field);
		if (!strcmp(n, "SUITE_NAME")) {
			dande_buf_reset(&ps->suite);
			dande_buf_add(&ps->suite, ps->cunit_field.ptr,
				      ps->cunit_field.len);
			if (ps->in_case) {
				dande_buf_reset(&p->suite);
				dande_buf_adds(&p->suite, ps->suite.ptr);
			}
		} else if (!strcmp(n, "TEST_NAME")) {
			dande_buf_reset(&p->name);
			dande_buf_add(&p->name, ps->cunit_field.ptr,
				      ps->cunit_field.len);
		} else if (!strcmp(n, "FILE_NAME")) {
			dande_buf_reset(&p->file);
			dande_buf_add(&p->file, ps->cunit_field.ptr,
				      ps->cunit_field.len);
		} else if (!strcmp(n, "LINE_NUMBER")) {
			p->line = (int)strtol(ps->cunit_field.ptr, NULL, 10);
		} else {
			if (p->message.len)
				add_capped(&p->message, "\n", 1);
			add_capped(&p->message, ps->cunit_field.ptr,
				   ps->cunit_field.len);
		}
		return 0;
	}
	if (!ps->in_case || ev->depth != ps->case_depth)
		return 0;
	if (!strcmp(n, "CUNIT_RUN_TEST_SUCCESS") ||
	    !strcmp(n, "CUNIT_RUN_TEST_FAILURE") ||
	    !strcmp(n, "CUNIT_RUN_SUITE_FAILURE")) {
		ps->in_case = 0;
		if (!strcmp(n, "CUNIT_RUN_TEST_FAILURE") && ps->held.active &&
		    ps->held.has_failure && same_identity(&ps->held, p)) {
			/* another failed assertion of the same test */
			cut_marker(p);
			add_capped(&ps->held.message, "\n", 1);
			add_capped(&ps->held.message, p->message.ptr,
				   p->message.len);
			pending_reset(p);
			return 0;
		}
		if (p->has_failure && !p->type.len)
			dande_buf_adds(&p->type, "assertion");
		return case_done(ps);
	}
	return 0;
}

static int parse(struct dande_xml *x, const struct dande_junit_opts *opts,
		 struct dande_junit_info *info)
{
	struct dande_junit_info dummy;
	struct parser ps;
	struct dande_xml_event ev;
	int r, root_seen = 0;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->declared_tests = info->declared_failures = -1;
	info->declared_errors = info->declared_skipped = -1;
	info->dialect = "junit";
	memset(&ps, 0, sizeof(ps));
	ps.opts = opts;
	ps.info = info;
	ps.x = x;
	pending_init(&ps.cur, opts->output_cap);
	pending_init(&ps.held, opts->output_cap);
	dande_buf_init(&ps.attr, 1 << 20);
	dande_buf_init(&ps.suite, 4096);
	dande_buf_init(&ps.cunit_field, DANDE_JUNIT_MESSAGE_CAP);
	dande_strvec_init(&ps.suites);

	while ((r = dande_xml_next(x, &ev)) > 0) {
		if (!root_seen && ev.type == DANDE_XML_START) {
			root_seen = 1;
			if (!strcmp(ev.name, "CUNIT_TEST_RUN_REPORT")) {
				ps.cunit = 1;
				info->dialect = "cunit";
				continue;
			}
			if (strcmp(ev.name, "testsuites") &&
			    strcmp(ev.name, "testsuite")) {
				r = dande_xml_error(x, "not a JUnit report "
						    "(root element <%s>)",
						    ev.name);
				break;
			}
			if (!strcmp(ev.name, "testsuites")) {
				info->declared_tests = attr_count(&ps, "tests");
				info->declared_failures =
					attr_count(&ps, "failures");
				info->declared_errors =
					attr_count(&ps, "errors");
				info->declared_skipped =
					attr_count(&ps, "skipped");
				continue;
			}
			info->declared_failures = attr_count(&ps, "failures");
			info->declared_errors = attr_count(&ps, "errors");
			info->declared_skipped = attr_count(&ps, "skipped");
		}
		if (ev.type == DANDE_XML_TEXT) {
			on_text(&ps, &ev);
			r = 0;
		} else if (ps.cunit)
			r = ev.type == DANDE_XML_START ?
				on_start_cunit(&ps, &ev) :
				on_end_cunit(&ps, &ev);
		else
			r = ev.type == DANDE_XML_START ?
				on_start_junit(&ps, &ev) :
				on_end_junit(&ps, &ev);
		if (r)
			break;
	}
	if (r == 0 && !root_seen)
		r = dande_xml_error(x, "empty document");
	if (r == 0 && ps.held.active)
		r = emit(&ps, &ps.held);
	pending_release(&ps.cur);
	pending_release(&ps.held);
	dande_buf_release(&ps.attr);
	dande_buf_release(&ps.suite);
	dande_buf_release(&ps.cunit_field);
	dande_strvec_release(&ps.suites);
	return r;
}

int dande_junit_parse_file(const char *path,
			   const struct dande_junit_opts *opts,
			   struct dande_junit_info *info)
{
	struct dande_xml *x = NULL;
	int r;

	if ((r = dande_xml_open(&x, path)) < 0)
		return r;
	r = parse(x, opts, info);
	dande_xml_free(x);
	return r;
}

int dande_junit_parse_memory(const char *data, size_t len, const char *name,
			     const struct dande_junit_opts *opts,
			     struct dande_junit_info *info)
{
	struct dande_xml *x = NULL;
	int r;

	if ((r = dande_xml_open_memory(&x, data, len, name)) < 0)
		return r;
	r = parse(x, opts, info);
	dande_xml_free(x);
	return r;
}

void dande_junit_info_describe(struct dande_buf *out, const char *prefix,
			       const char *path,
			       const struct dande_junit_info *info)
{
	dande_buf_addf(out, "%s%s: %lld cases (%s)%s\n", prefix, path,
		       (long long)info->cases, info->dialect, info->merged ?
		       ", pytest teardown duplicates merged" : "");
	if (info->declared_tests >= 0 &&
	    info->declared_tests != info->cases + info->merged)
		dande_buf_addf(out, "%swarning: '%s' declares %lld tests but "
			       "holds %lld test cases: counting the cases\n",
			       prefix, path, (long long)info->declared_tests,
			       (long long)(info->cases + info->merged));
}

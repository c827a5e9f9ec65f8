/*
 * coverage_read.c: the coverage report readers, each streaming its input
 * into a struct dande_cov: Cobertura and JaCoCo XML (through xml.c),
 * LCOV tracefiles and Go coverprofiles (a line reader), and gcov's and
 * gcovr's JSON (json_int.h, through zlib so that .gcov.json.gz needs no
 * separate step).  The format is told by content, never by file name.
 */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include <zlib.h>

#include "dande/coverage.h"
#include "dande/fs.h"
#include "xml_int.h"
#include "coverage_int.h"
#include "json_int.h"
#include "util/banned.h"


/* A hit count: a non-negative integer (or an integral float, as some
 * tools write), else -1 (negative) or -2 (overflowing or not a number). */
static int64_t parse_hits(const char *s)
{
	char *end;
	long long v;
	double d;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -2;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*end || isspace((unsigned char)*end)) {
		if (errno == ERANGE)
			return -2;
		return v < 0 ? -1 : (int64_t)v;
	}
	errno = 0;
	d = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(d))
		return -2;
	if (d < 0)
		return -1;
	if (d >= 9.2e18)
		return -2;
	return (int64_t)d;
}

static int parse_line_no(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || (*end && !isspace((unsigned char)*end)) || v <= 0 ||
	    v > DANDE_COV_MAX_LINE)
		return -1;
	return (int)v;
}

/* ---- Cobertura ------------------------------------------------------------ */

struct cob {
	struct dande_cov *c;
	struct dande_xml *x;
	const char *root;
	struct dande_strvec sources;
	struct dande_buf file, attr, path, text, method;
	int in_source, in_class, in_methods, class_lines;
	int64_t method_hits;
	/* method-level lines of the current class: used only when the
	 * class has no class-level lines */
	struct mline {
		int line, bv, bc;
		int64_t hits;
	} *ml;
	size_t nml, aml;
};

/* The path of a class's file: the first <source> under which it exists,
 * else the first <source>. */
static void cob_path(struct cob *s, const char *filename)
{
	size_t i;

	if (s->sources.nr == 0) {
		dande_cov_normalise(&s->file, s->root, NULL, filename);
		return;
	}
	for (i = 0; i < s->sources.nr; i++) {
		dande_cov_normalise(&s->path, NULL, s->sources.v[i], filename);
		if (dande_fs_exists(s->path.ptr)) {
			dande_cov_normalise(&s->file, s->root, s->sources.v[i],
					    filename);
			return;
		}
	}
	/* none is here (a report from another machine): the first root
	 * under ours, else the first absolute one; "--source" is noise */
	for (i = 0; i < s->sources.nr; i++) {
		size_t rl = s->root ? strlen(s->root) : 0;

		if (rl && !strncmp(s->sources.v[i], s->root, rl)) {
			dande_cov_normalise(&s->file, s->root, s->sources.v[i],
					    filename);
			return;
		}
	}
	for (i = 0; i < s->sources.nr; i++)
		if (s->sources.v[i][0] == '/') {
			dande_cov_normalise(&s->file, s->root, s->sources.v[i],
					    filename);
			return;
		}
	dande_cov_normalise(&s->file, s->root, s->sources.v[0], filename);
}

/* condition-coverage="50% (1/2)" */
static void conditions(const char *s, int *valid, int *covered)
{
	const char *p = strchr(s, '(');
	int a, b;

	*valid = *covered = 0;
	if (p && sscanf(p, "(%d/%d)", &a, &b) == 2 && b > 0 && a >= 0) {
		*valid = b;
		*covered = a > b ? b : a;
	}
}

struct line_attrs {
	const char *number, *hits, *branch, *cond;
};

static void line_attr(void *payload, const char *name, const char *value)
{
	struct line_attrs *a = payload;

	if (!strcmp(name, "number"))
		a->number = value;
	else if (!strcmp(name, "hits"))
		a->hits = value;
	else if (!strcmp(name, "branch"))
		a->branch = value;
	else if (!strcmp(name, "condition-coverage"))
		a->cond = value;
}

static int cob_line(struct cob *s)
{
	struct line_attrs a = { NULL, NULL, NULL, NULL };
	int line, bv = 0, bc = 0;
	int64_t hits;

	/* one pass over the attributes, no copies: the hot path */
	dande_xml_attrs(s->x, line_attr, &a);
	if (!a.number)
		return dande_xml_error(s->x, "<line> without a number");
	line = parse_line_no(a.number);
	if (line < 0)
		return dande_xml_error(s->x, "bad line number '%s'", a.number);
	if (!a.hits)
		return dande_xml_error(s->x, "<line number=\"%d\"> without "
				       "hits", line);
	hits = parse_hits(a.hits);
	if (hits == -1)
		return dande_xml_error(s->x, "negative hit count '%s'", a.hits);
	if (hits < 0)
		return dande_xml_error(s->x, "bad hit count '%s'", a.hits);
	if (a.branch && !strcasecmp(a.branch, "true") && a.cond)
		conditions(a.cond, &bv, &bc);
	if (s->in_methods) {
		if (hits > s->method_hits)
			s->method_hits = hits;
		if (s->nml == s->aml) {
			s->aml = s->aml ? s->aml * 2 : 64;
			s->ml = dande_xrealloc(s->ml, s->aml * sizeof(*s->ml));
		}
		s->ml[s->nml].line = line;
		s->ml[s->nml].hits = hits;
		s->ml[s->nml].bv = bv;
		s->ml[s->nml++].bc = bc;
		return 0;
	}
	s->class_lines++;
	dande_cov_add_line(s->c, s->file.ptr, line, hits);
	dande_cov_add_branches(s->c, s->file.ptr, line, bv, bc);
	return 0;
}

static int read_cobertura(struct dande_cov *c, struct dande_xml *x,
			  const char *root, struct dande_cov_info *info)
{
	struct cob s;
	struct dande_xml_event ev;
	int r;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.x = x;
	s.root = root;
	dande_strvec_init(&s.sources);
	dande_buf_init(&s.file, 0);
	dande_buf_init(&s.attr, 1 << 16);
	dande_buf_init(&s.path, 0);
	dande_buf_init(&s.text, 1 << 16);
	dande_buf_init(&s.method, 4096);
	info->format = "cobertura";
	/* the root element was read by the caller: its attributes first */
	if (dande_xml_attr(x, "lines-valid", &s.attr))
		info->declared_valid = parse_hits(s.attr.ptr);
	if (dande_xml_attr(x, "lines-covered", &s.attr))
		info->declared_covered = parse_hits(s.attr.ptr);
	while ((r = dande_xml_next(x, &ev)) > 0) {
		r = 0;
		if (ev.type == DANDE_XML_TEXT) {
			if (s.in_source)
				dande_buf_add(&s.text, ev.text, ev.len);
			continue;
		}
		if (ev.type == DANDE_XML_END) {
			if (!strcmp(ev.name, "source") && s.in_source) {
				s.in_source = 0;
				/* keep roots that are real directories */
				for (i = 0; i < s.text.len; i++)
					if (s.text.ptr[i] == '\\')
						s.text.ptr[i] = '/';
				while (s.text.len && isspace((unsigned char)
					s.text.ptr[s.text.len - 1]))
					dande_buf_setlen(&s.text, s.text.len - 1);
				if (s.text.len)
					dande_strvec_push(&s.sources,
							  s.text.ptr + strspn(
							  s.text.ptr, " \t\n"));
			} else if (!strcmp(ev.name, "methods")) {
				s.in_methods = 0;
			} else if (!strcmp(ev.name, "method") && s.in_class) {
				dande_cov_add_function(c, s.file.ptr,
						       s.method.ptr,
						       s.method_hits);
			} else if (!strcmp(ev.name, "class") && s.in_class) {
				if (!s.class_lines)
					for (i = 0; i < s.nml; i++) {
						dande_cov_add_line(c, s.file.ptr,
								   s.ml[i].line,
								   s.ml[i].hits);
						dande_cov_add_branches(c,
							s.file.ptr, s.ml[i].line,
							s.ml[i].bv, s.ml[i].bc);
					}
				s.in_class = 0;
			}
			continue;
		}
		if (!strcmp(ev.name, "source")) {
			s.in_source = 1;
			dande_buf_reset(&s.text);
		} else if (!strcmp(ev.name, "class")) {
			if (!dande_xml_attr(x, "filename", &s.attr)) {
				r = dande_xml_error(x, "<class> without a "
						    "filename");
				break;
			}
			cob_path(&s, s.attr.ptr);
			s.in_class = 1;
			s.class_lines = 0;
			s.nml = 0;
			info->files++;
		} else if (!strcmp(ev.name, "methods")) {
			s.in_methods = 1;
		} else if (!strcmp(ev.name, "method") && s.in_class) {
			dande_buf_reset(&s.method);
			if (dande_xml_attr(x, "name", &s.attr))
				dande_buf_adds(&s.method, s.attr.ptr);
			if (dande_xml_attr(x, "signature", &s.attr))
				dande_buf_adds(&s.method, s.attr.ptr);
			s.method_hits = 0;
		} else if (!strcmp(ev.name, "line") && s.in_class) {
			if ((r = cob_line(&s)) < 0)
				break;
		}
	}
	dande_strvec_release(&s.sources);
	dande_buf_release(&s.file);
	dande_buf_release(&s.attr);
	dande_buf_release(&s.path);
	dande_buf_release(&s.text);
	dande_buf_release(&s.method);
	free(s.ml);
	return r < 0 ? r : 0;
}

/* ---- JaCoCo ---------------------------------------------------------------- */

static int64_t attr_int(struct dande_xml *x, const char *name,
			struct dande_buf *b, int *present)
{
	int64_t v;

	*present = dande_xml_attr(x, name, b);
	if (!*present)
		return 0;
	v = parse_hits(b->ptr);
	return v;
}

static int read_jacoco(struct dande_cov *c, struct dande_xml *x,
		       struct dande_cov_info *info)
{
	struct dande_buf pkg = DANDE_BUF_INIT, file = DANDE_BUF_INIT;
	struct dande_buf attr = DANDE_BUF_INIT, method = DANDE_BUF_INIT;
	struct dande_buf cls_file = DANDE_BUF_INIT;
	struct dande_xml_event ev;
	int r, in_source = 0, in_method = 0, depth_src = -1, depth_report = 0;
	int p1, p2, p3, p4;

	info->format = "jacoco";
	while ((r = dande_xml_next(x, &ev)) > 0) {
		r = 0;
		if (ev.type == DANDE_XML_TEXT)
			continue;
		if (ev.type == DANDE_XML_END) {
			if (!strcmp(ev.name, "sourcefile"))
				in_source = 0;
			else if (!strcmp(ev.name, "method"))
				in_method = 0;
			continue;
		}
		if (!strcmp(ev.name, "package")) {
			dande_xml_attr(x, "name", &pkg);
		} else if (!strcmp(ev.name, "class")) {
			dande_buf_reset(&cls_file);
			if (dande_xml_attr(x, "sourcefilename", &attr)) {
				dande_buf_addf(&cls_file, "%s%s%s", pkg.ptr,
					       pkg.len ? "/" : "", attr.ptr);
			}
		} else if (!strcmp(ev.name, "method")) {
			in_method = 1;
			dande_buf_reset(&method);
			if (dande_xml_attr(x, "name", &attr))
				dande_buf_adds(&method, attr.ptr);
			if (dande_xml_attr(x, "desc", &attr))
				dande_buf_adds(&method, attr.ptr);
		} else if (!strcmp(ev.name, "sourcefile")) {
			in_source = 1;
			depth_src = ev.depth;
			dande_buf_reset(&file);
			dande_xml_attr(x, "name", &attr);
			dande_buf_addf(&file, "%s%s%s", pkg.ptr,
				       pkg.len ? "/" : "", attr.ptr);
			info->files++;
		} else if (!strcmp(ev.name, "line") && in_source) {
			int line, present;
			int64_t mi, ci, mb, cb;

			if (!dande_xml_attr(x, "nr", &attr) ||
			    (line = parse_line_no(attr.ptr)) < 0) {
				r = dande_xml_error(x, "bad line number");
				break;
			}
			mi = attr_int(x, "mi", &attr, &p1);
			ci = attr_int(x, "ci", &attr, &p2);
			mb = attr_int(x, "mb", &attr, &p3);
			cb = attr_int(x, "cb", &attr, &p4);
			(void)present;
			if (mi < 0 || ci < 0 || mb < 0 || cb < 0) {
				r = dande_xml_error(x, "bad counter on line "
						    "%d", line);
				break;
			}
			/* gcovr writes lines without mi/ci: only the
			 * counters say anything */
			if ((p1 || p2) && mi + ci > 0)
				dande_cov_add_line(c, file.ptr, line, ci);
			if (mb + cb > 0)
				dande_cov_add_branches(c, file.ptr, line,
						       (int)(mb + cb), (int)cb);
		} else if (!strcmp(ev.name, "counter")) {
			int64_t missed = attr_int(x, "missed", &attr, &p1);
			int64_t covered = attr_int(x, "covered", &attr, &p2);

			if (!dande_xml_attr(x, "type", &attr) || missed < 0 ||
			    covered < 0)
				continue;
			if (in_source && ev.depth == depth_src + 1 &&
			    !strcmp(attr.ptr, "LINE"))
				dande_cov__add_summary(c, file.ptr,
						       missed + covered,
						       covered);
			else if (in_method && cls_file.len &&
				 !strcmp(attr.ptr, "METHOD"))
				dande_cov_add_function(c, cls_file.ptr,
						       method.ptr, covered);
			else if (ev.depth == depth_report + 1 &&
				 !strcmp(attr.ptr, "LINE")) {
				info->declared_valid = missed + covered;
				info->declared_covered = covered;
			}
		}
	}
	dande_buf_release(&pkg);
	dande_buf_release(&file);
	dande_buf_release(&attr);
	dande_buf_release(&method);
	dande_buf_release(&cls_file);
	return r < 0 ? r : 0;
}

/* ---- LCOV ------------------------------------------------------------------ */

struct lines {
	FILE *f;
	const char *mem;
	size_t len, off;
	struct dande_buf line;
	int no;
};

/* The next line without its end of line: 1, 0 at the end, or -1 when it
 * is longer than the line buffer's cap (l->no is its number; the rest of
 * it is not read: memory stays bounded). */
static int next_line(struct lines *l)
{
	dande_buf_reset(&l->line);
	if (l->f) {
		int c, any = 0;

		while ((c = getc_unlocked(l->f)) != EOF) {
			any = 1;
			if (c == '\n')
				break;
			if (dande_buf_addch(&l->line, (char)c) < 0) {
				dande_error_clear();
				l->no++;
				return -1;
			}
		}
		if (!any)
			return 0;
	} else {
		size_t n;

		if (l->off >= l->len)
			return 0;
		/* bounded by the length: the bytes need not be terminated
		 * (found by fuzzing) */
		{
			const char *nl = memchr(l->mem + l->off, '\n',
						l->len - l->off);

			n = nl ? (size_t)(nl - (l->mem + l->off)) :
				l->len - l->off;
		}
		if (dande_buf_add(&l->line, l->mem + l->off, n) < 0) {
			dande_error_clear();
			l->no++;
			return -1;
		}
		l->off += n + 1;
	}
	if (l->line.len && l->line.ptr[l->line.len - 1] == '\r')
		dande_buf_setlen(&l->line, l->line.len - 1);
	l->no++;
	return 1;
}

struct brda {
	int file;	/* index into the reader's file names */
	int line;
	uint64_t id;	/* block and branch */
	int taken;
};

static int by_brda(const void *a, const void *b)
{
	const struct brda *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every branch of the tracefile, once each: a branch taken in any record
 * of a file is taken (a file's records are one file's runs). */
static void flush_branches(struct dande_cov *c,
			   const struct dande_strvec *files, struct brda *v,
			   size_t n)
{
	size_t i = 0;

	if (!n)
		return;
	qsort(v, n, sizeof(*v), by_brda);
	while (i < n) {
		int file = v[i].file, line = v[i].line, valid = 0, covered = 0;

		while (i < n && v[i].file == file && v[i].line == line) {
			uint64_t id = v[i].id;
			int taken = 0;

			while (i < n && v[i].file == file &&
			       v[i].line == line && v[i].id == id)
				taken |= v[i++].taken;
			valid++;
			covered += taken;
		}
		dande_cov_add_branches(c, files->v[file], line, valid,
				       covered);
	}
}

/* The end of a record: its branches, and for a record with no DA lines
 * (cargo-llvm-cov strips them) its LF/LH as the file's totals. */
static void end_record(struct dande_cov *c, const char *file,
		       int record_da, int64_t lf, int64_t lh)
{
	if (!record_da && lf > 0)
		dande_cov__add_summary(c, file, lf, lh < 0 ? 0 :
				       lh > lf ? lf : lh);
}

static int lcov_error(const char *name, int no, const char *fmt, ...)
	DANDE_PRINTF(3, 4);

static int lcov_error(const char *name, int no, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return dande_error_set(DANDE_EINVALID, "%s:%d: %s", name, no, msg);
}

static int read_lcov(struct dande_cov *c, struct lines *l, const char *name,
		     const char *root, struct dande_cov_info *info)
{
	struct dande_buf file = DANDE_BUF_INIT;
	struct dande_strvec names = DANDE_STRVEC_INIT;
	struct brda *br = NULL;
	size_t nbr = 0, abr = 0;
	int r = 0, in_record = 0, record_line = 0, got, record_da = 0;
	int64_t lf = -1, lh = -1, rec_lf = -1, rec_lh = -1;

	info->format = "lcov";
	while ((got = next_line(l)) > 0) {
		const char *s = l->line.ptr, *colon = strchr(s, ':');
		char key[8];
		size_t klen;

		if (!*s || *s == '#')
			continue;
		if (!strcmp(s, "end_of_record")) {
			if (in_record)
				end_record(c, file.ptr, record_da, rec_lf,
					   rec_lh);
			in_record = 0;
			continue;
		}
		if (!colon || (klen = (size_t)(colon - s)) >= sizeof(key))
			continue;
		memcpy(key, s, klen);
		key[klen] = '\0';
		s = colon + 1;
		if (!strcmp(key, "SF")) {
			if (in_record) {
				r = lcov_error(name, l->no, "SF before the "
					       "end_of_record of the record at "
					       "line %d", record_line);
				break;
			}
			dande_cov_normalise(&file, root, NULL, s);
			if (!names.nr || strcmp(names.v[names.nr - 1], file.ptr))
				dande_strvec_push(&names, file.ptr);
			in_record = 1;
			record_line = l->no;
			record_da = 0;
			rec_lf = rec_lh = -1;
			info->files++;
			continue;
		}
		if (!strcmp(key, "LF") || !strcmp(key, "LH")) {
			int64_t v = parse_hits(s);

			if (v >= 0 && key[1] == 'F') {
				lf = (lf < 0 ? 0 : lf) + v;
				rec_lf = v;
			} else if (v >= 0) {
				lh = (lh < 0 ? 0 : lh) + v;
				rec_lh = v;
			}
			continue;
		}
		if (strcmp(key, "DA") && strcmp(key, "BRDA") &&
		    strcmp(key, "FN") && strcmp(key, "FNDA") &&
		    strcmp(key, "FNA"))
			continue;	/* TN, VER, FNF, BRF, MCDC, FNL... */
		if (!in_record) {
			r = lcov_error(name, l->no, "%s outside a record (no "
				       "SF before it)", key);
			break;
		}
		if (!strcmp(key, "DA")) {
			const char *comma = strchr(s, ',');
			char num[32], *end;
			long line;
			int64_t hits;

			if (!comma || !comma[1]) {
				r = lcov_error(name, l->no, "truncated DA "
					       "record '%s'", l->line.ptr);
				break;
			}
			/* the hot path: no copies unless it is wrong */
			line = strtol(s, &end, 10);
			/* line 0: lcov accepts it (coverage.py writes it
			 * for the module's entry), and counts it */
			if (end != comma || line < 0 ||
			    line > DANDE_COV_MAX_LINE) {
				snprintf(num, sizeof(num), "%.*s",
					 (int)(comma - s), s);
				r = lcov_error(name, l->no, "bad line number "
					       "'%s'", num);
				break;
			}
			{
				long long v;

				errno = 0;
				v = strtoll(comma + 1, &end, 10);
				if ((*end == '\0' || *end == ',') &&
				    end != comma + 1 && errno != ERANGE)
					hits = v < 0 ? -1 : (int64_t)v;
				else {
					snprintf(num, sizeof(num), "%.*s",
						 (int)strcspn(comma + 1, ","),
						 comma + 1);
					hits = parse_hits(num);
				}
			}
			if (hits == -1) {
				snprintf(num, sizeof(num), "%.*s",
					 (int)strcspn(comma + 1, ","), comma + 1);
				r = lcov_error(name, l->no, "negative hit "
					       "count '%s'", num);
				break;
			}
			if (hits < 0) {
				snprintf(num, sizeof(num), "%.*s",
					 (int)strcspn(comma + 1, ","), comma + 1);
				r = lcov_error(name, l->no, "bad or overflowing "
					       "hit count '%s'", num);
				break;
			}
			dande_cov_add_line(c, file.ptr, (int)line, hits);
			record_da++;
		} else if (!strcmp(key, "BRDA")) {
			char a[32], blk[32], b[100];
			const char *t = strrchr(s, ','), *p1, *p2;
			int line;

			/* BRDA:line,block,branch,taken; lcov 2 may put an
			 * expression before taken: the id is all but the
			 * last field */
			p1 = strchr(s, ',');
			p2 = p1 ? strchr(p1 + 1, ',') : NULL;
			if (!p1 || !p2 || !t || t <= p2) {
				r = lcov_error(name, l->no, "truncated BRDA "
					       "record '%s'", l->line.ptr);
				break;
			}
			snprintf(a, sizeof(a), "%.*s", (int)(p1 - s), s);
			snprintf(blk, sizeof(blk), "%.*s", (int)(p2 - p1 - 1),
				 p1 + 1);
			t++;
			if ((line = strcmp(a, "0") ? parse_line_no(a) :
			     0) < 0) {
				r = lcov_error(name, l->no, "bad line number "
					       "'%s'", a);
				break;
			}
			/* lcov 2's exception branches (block "e0"): not
			 * decisions of the code, and lcov 1.x, gcovr's
			 * summaries and diff-cover leave them out */
			if (blk[0] == 'e')
				continue;
			snprintf(b, sizeof(b), "%.*s", (int)(t - 1 - p1 - 1),
				 p1 + 1);
			if (nbr == abr) {
				abr = abr ? abr * 2 : 64;
				br = dande_xrealloc(br, abr * sizeof(*br));
			}
			br[nbr].file = (int)names.nr - 1;
			br[nbr].line = line;
			br[nbr].id = dande_fnv1a_str(b);
			/* '-': the block never ran */
			br[nbr++].taken = strcmp(t, "-") && parse_hits(t) > 0;
			(void)blk;
		} else if (!strcmp(key, "FN")) {
			const char *fname = strrchr(s, ',');
			char num[32];
			int fline;

			snprintf(num, sizeof(num), "%.*s", (int)strcspn(s, ","),
				 s);
			fline = parse_line_no(num);

			if (fname)
				dande_cov_add_function(c, file.ptr, fname + 1,
						       0);
			/* the declaration line: executable for patch
			 * coverage, as diff-cover has it */
			if (fname && fline > 0)
				dande_cov__add_function_line(c, file.ptr, fline,
							     fname + 1);
		} else if (!strcmp(key, "FNDA")) {
			const char *comma = strchr(s, ',');
			char num[32];
			int64_t hits;

			if (!comma)
				continue;
			snprintf(num, sizeof(num), "%.*s", (int)(comma - s), s);
			hits = parse_hits(num);
			if (hits >= 0)
				dande_cov_add_function(c, file.ptr, comma + 1,
						       hits);
		} else {
			/* lcov 2: FNA:index,hits,name */
			const char *c1 = strchr(s, ','), *c2;
			char num[32];
			int64_t hits;

			if (!c1 || !(c2 = strchr(c1 + 1, ',')))
				continue;
			snprintf(num, sizeof(num), "%.*s", (int)(c2 - c1 - 1),
				 c1 + 1);
			hits = parse_hits(num);
			if (hits >= 0)
				dande_cov_add_function(c, file.ptr, c2 + 1,
						       hits);
		}
	}
	if (r == 0 && got < 0)
		r = lcov_error(name, l->no, "line too long");
	/* a last record without end_of_record is complete when its lines
	 * are: a cut line (DA:5902) was refused above */
	if (r == 0 && in_record)
		end_record(c, file.ptr, record_da, rec_lf, rec_lh);
	if (r == 0)
		flush_branches(c, &names, br, nbr);
	dande_strvec_release(&names);
	(void)record_line;
	info->declared_valid = lf;
	info->declared_covered = lh;
	free(br);
	dande_buf_release(&file);
	return r;
}

/* ---- Go coverprofile ------------------------------------------------------- */

/* The module path go.mod in `dir` declares, into `out` (empty: none). */
static void go_module(struct dande_buf *out, const char *dir)
{
	struct dande_buf p = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	const char *s;

	dande_buf_reset(out);
	dande_fs_join(&p, dir, "go.mod");
	dande_buf_init(&text, 1 << 20);
	if (dande_buf_read_file(&text, p.ptr) < 0) {
		dande_error_clear();	/* no go.mod: paths stay as written */
		goto done;
	}
	for (s = text.ptr; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 :
	     NULL) {
		size_t n;

		while (*s == ' ' || *s == '\t')
			s++;
		if (strncmp(s, "module", 6) || (s[6] != ' ' && s[6] != '\t'))
			continue;
		s += 7;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '"' || *s == '`')
			s++;
		n = strcspn(s, " \t\r\n\"`/");
		while (s[n] == '/' && s[n + 1] && !strchr(" \t\r\n\"`", s[n + 1]))
			n += 1 + strcspn(s + n + 1, " \t\r\n\"`/");
		dande_buf_add(out, s, n);
		break;
	}
done:
	dande_buf_release(&p);
	dande_buf_release(&text);
}

/* `file` with the module path `mod` (declared by go.mod in `dir`)
 * replaced by that directory; 0 when it is not in the module. */
static int go_in_module(struct dande_buf *out, const char *mod,
			const char *dir, const char *file)
{
	size_t n = strlen(mod);

	if (!n || strncmp(file, mod, n) || file[n] != '/')
		return 0;
	dande_buf_reset(out);
	dande_fs_join(out, dir, file + n + 1);
	return 1;
}

/*
 * go test -coverprofile: "mode: set|count|atomic", then one block a line,
 * "import/path/file.go:L1.C1,L2.C2 STATEMENTS COUNT".  Import paths become
 * repository paths through go.mod's module line (at the repository root,
 * else beside the report).
 */
static int read_gocov(struct dande_cov *c, struct lines *l, const char *name,
		      const char *root, struct dande_cov_info *info)
{
	struct dande_buf mod_root = DANDE_BUF_INIT, mod_here = DANDE_BUF_INIT;
	struct dande_buf here = DANDE_BUF_INIT, file = DANDE_BUF_INIT;
	struct dande_buf path = DANDE_BUF_INIT, last = DANDE_BUF_INIT;
	int got, r = 0;

	info->format = "go-coverprofile";
	if (root && *root)
		go_module(&mod_root, root);
	dande_fs_dirname(&here, name);
	go_module(&mod_here, here.ptr);
	while ((got = next_line(l)) > 0) {
		const char *s = l->line.ptr, *colon, *p;
		char *end;
		long v[4];
		long long stmts, count;
		int i;

		if (l->no == 1) {
			if (strcmp(s, "mode: set") && strcmp(s, "mode: count") &&
			    strcmp(s, "mode: atomic")) {
				r = lcov_error(name, l->no, "not a Go "
					       "coverprofile mode line");
				break;
			}
			continue;
		}
		if (!*s)
			continue;
		/* `go test` over several packages repeats the mode line */
		if (!strncmp(s, "mode: ", 6))
			continue;
		if (!(colon = strrchr(s, ':')) || colon == s) {
			r = lcov_error(name, l->no, "not a coverprofile block "
				       "(file:l.c,l.c stmts count)");
			break;
		}
		p = colon + 1;
		for (i = 0; i < 4; i++) {
			if (!isdigit((unsigned char)*p))
				break;
			errno = 0;
			v[i] = strtol(p, &end, 10);
			if (errno || v[i] > DANDE_COV_MAX_LINE)
				break;
			p = end;
			if (i < 3 && *p != (i == 1 ? ',' : '.'))
				break;
			if (i < 3)
				p++;
		}
		if (i < 4 || *p != ' ' || sscanf(p, " %lld %lld", &stmts,
						  &count) != 2 ||
		    stmts < 0 || stmts > INT32_MAX || count < 0 ||
		    v[0] < 1 || v[2] < v[0]) {
			r = lcov_error(name, l->no, "bad coverprofile block");
			break;
		}
		dande_buf_reset(&file);
		dande_buf_add(&file, s, (size_t)(colon - s));
		if (!last.ptr || strcmp(last.ptr, file.ptr)) {
			struct dande_buf local = DANDE_BUF_INIT;

			dande_buf_reset(&last);
			dande_buf_adds(&last, file.ptr);
			if (go_in_module(&local, mod_root.ptr ? mod_root.ptr :
					 "", root, file.ptr) ||
			    go_in_module(&local, mod_here.ptr ? mod_here.ptr :
					 "", here.ptr, file.ptr))
				dande_cov_normalise(&path, root, NULL,
						    local.ptr);
			else
				dande_cov_normalise(&path, root, NULL,
						    file.ptr);
			dande_buf_release(&local);
			info->files++;
		}
		dande_cov__add_block(c, path.ptr, (int)v[0], (int)v[1],
				     (int)v[2], (int)v[3], (int)stmts, count);
	}
	if (r == 0 && got < 0)
		r = lcov_error(name, l->no, "line too long");
	if (r == 0 && l->no == 0)
		r = lcov_error(name, 1, "empty file");
	dande_cov__merge_blocks(c);
	dande_buf_release(&mod_root);
	dande_buf_release(&mod_here);
	dande_buf_release(&here);
	dande_buf_release(&file);
	dande_buf_release(&path);
	dande_buf_release(&last);
	return r;
}

/* ---- gcov JSON ------------------------------------------------------------- */

/* Member `key` of `o` when it is an array (or absent: NULL); anything else
 * is a malformed report, naming the key. */
static int array_at(const struct dande_jv *o, const char *key,
		    const char *name, const char *file,
		    const struct dande_jv **out)
{
	*out = dande_json__get(o, key);
	if (*out && !dande_json__is_array(*out))
		return dande_error_set(DANDE_EINVALID, "%s: '%s': \"%s\" is "
				       "not an array", name, file, key);
	return 0;
}

/*
 * gcovr's --json-summary: per-file totals only ("filename", "line_total",
 * "line_covered", "branch_total", "branch_covered"), as gcovr counted
 * them (exclusions applied).  Files named relative to gcovr's root.
 */
static int read_gcovr_summary(struct dande_cov *c, const struct dande_jv *top,
			      const char *name, const char *root,
			      struct dande_cov_info *info)
{
	const struct dande_jv *files = dande_json__get(top, "files");
	struct dande_buf path = DANDE_BUF_INIT;
	size_t i, n = dande_json__len(files);
	int64_t v, cv;

	info->format = "gcovr-json-summary";
	if (!dande_json__is_array(files))
		return dande_error_set(DANDE_EINVALID, "%s: not a gcovr JSON "
				       "summary (no \"files\" array)", name);
	if (dande_json__int(dande_json__get(top, "line_total"), &v) == 0 &&
	    dande_json__int(dande_json__get(top, "line_covered"), &cv) == 0) {
		info->declared_valid = v;
		info->declared_covered = cv;
	}
	for (i = 0; i < n; i++) {
		const struct dande_jv *f = dande_json__at(files, i);
		const char *fname = dande_json__str(dande_json__get(f,
							"filename"));

		if (!fname)
			continue;
		if (dande_json__int(dande_json__get(f, "line_total"), &v) < 0 ||
		    dande_json__int(dande_json__get(f, "line_covered"),
				    &cv) < 0 || v < 0 || cv < 0 || cv > v) {
			dande_buf_release(&path);
			return dande_error_set(DANDE_EINVALID, "%s: '%s': no "
					       "line_total/line_covered, or "
					       "bad ones", name, fname);
		}
		dande_cov_normalise(&path, root, NULL, fname);
		info->files++;
		dande_cov__add_summary(c, path.ptr, v, cv);
		if (dande_json__int(dande_json__get(f, "branch_total"),
				    &v) == 0 &&
		    dande_json__int(dande_json__get(f, "branch_covered"),
				    &cv) == 0 && v > 0 && cv >= 0 && cv <= v)
			dande_cov__add_summary_branches(c, path.ptr, v, cv);
	}
	dande_buf_release(&path);
	return 0;
}

/*
 * gcov's own JSON (gcov --json-format) and gcovr's (gcovr --json, told by
 * its top-level "gcovr/format_version"): the same shape, but gcovr lists
 * every line of a file and marks those that are not code or excluded by
 * its markers ("gcovr/noncode", "gcovr/excluded"); those are not counted,
 * as gcovr does not count them.
 */
static int read_gcov_json(struct dande_cov *c, const char *data, size_t len,
			  const char *name, const char *root,
			  struct dande_cov_info *info)
{
	struct dande_jdoc *doc = NULL;
	const struct dande_jv *files, *top;
	struct dande_buf path = DANDE_BUF_INIT;
	const char *cwd;
	size_t i, nfiles;
	int r, gcovr;

	info->format = "gcov-json";
	if ((r = dande_json__parse(&doc, data, len, name)) < 0)
		goto done;
	top = dande_json__root(doc);
	if (dande_json__get(top, "gcovr/summary_format_version")) {
		r = read_gcovr_summary(c, top, name, root, info);
		goto done;
	}
	gcovr = dande_json__get(top, "gcovr/format_version") != NULL;
	if (gcovr)
		info->format = "gcovr-json";
	files = dande_json__get(top, "files");
	if (!dande_json__is_array(files)) {
		r = dande_error_set(DANDE_EINVALID, "%s: not a gcov JSON "
				    "report (no \"files\" array)", name);
		goto done;
	}
	cwd = dande_json__str(dande_json__get(dande_json__root(doc),
					      "current_working_directory"));
	nfiles = dande_json__len(files);
	for (i = 0; i < nfiles; i++) {
		const struct dande_jv *f = dande_json__at(files, i);
		const char *fname = dande_json__str(dande_json__get(f, "file"));
		const struct dande_jv *lines, *fns;
		size_t k, n;

		if (!fname)
			continue;
		dande_cov_normalise(&path, root, cwd, fname);
		info->files++;
		if ((r = array_at(f, "lines", name, fname, &lines)) < 0 ||
		    (r = array_at(f, "functions", name, fname, &fns)) < 0)
			goto done;
		n = dande_json__len(lines);
		for (k = 0; k < n; k++) {
			const struct dande_jv *ln = dande_json__at(lines, k);
			const struct dande_jv *brs;
			int64_t line, hits;

			if (dande_json__int(dande_json__get(ln, "line_number"),
					    &line) < 0 ||
			    dande_json__int(dande_json__get(ln, "count"),
					    &hits) < 0)
				continue;
			if (gcovr && (dande_json__true(dande_json__get(ln,
						"gcovr/noncode")) ||
				      dande_json__true(dande_json__get(ln,
						"gcovr/excluded"))))
				continue;
			if (line <= 0 || line > DANDE_COV_MAX_LINE || hits < 0) {
				r = dande_error_set(DANDE_EINVALID, "%s: '%s': "
						    "bad line %lld or count "
						    "%lld", name, path.ptr,
						    (long long)line,
						    (long long)hits);
				goto done;
			}
			dande_cov_add_line(c, path.ptr, (int)line, hits);
			if ((r = array_at(ln, "branches", name, fname,
					  &brs)) < 0)
				goto done;
			if (brs) {
				size_t b, nb = dande_json__len(brs);
				int cov = 0;

				for (b = 0; b < nb; b++) {
					int64_t bc;

					if (dande_json__int(dande_json__get(
						dande_json__at(brs, b), "count"),
						&bc) == 0 && bc > 0)
						cov++;
				}
				dande_cov_add_branches(c, path.ptr, (int)line,
						       (int)nb, cov);
			}
		}
		n = dande_json__len(fns);
		for (k = 0; k < n; k++) {
			const struct dande_jv *fo = dande_json__at(fns, k);
			const char *fn = dande_json__str(dande_json__get(fo,
								   "name"));
			int64_t ec;

			if (fn && dande_json__int(dande_json__get(fo,
					"execution_count"), &ec) == 0)
				dande_cov_add_function(c, path.ptr, fn, ec);
		}
	}
done:
	dande_json__free(doc);
	dande_buf_release(&path);
	return r;
}

/* ---- dispatch ---------------------------------------------------------------- */

/* Read a whole (possibly gzip'd) file; zlib reads plain files as they
 * are.  Coverage JSON is parsed whole, so it is capped. */
static int slurp(struct dande_buf *out, const char *path)
{
	gzFile gz;
	char chunk[65536];
	int n, fd, r;

	if ((r = dande_fs_open_input(path, &fd)) < 0)
		return r;
	if (!(gz = gzdopen(fd, "rb"))) {
		close(fd);
		return dande_error_set_os(DANDE_EEXTERNAL, "cannot read '%s'",
					  path);
	}
	while ((n = gzread(gz, chunk, sizeof(chunk))) > 0)
		if (dande_buf_add(out, chunk, (size_t)n) < 0) {
			gzclose(gz);
			return dande_error_set(DANDE_ETOOBIG, "'%s' is over "
					       "%zu bytes uncompressed", path,
					       out->max);
		}
	if (n < 0) {
		gzclose(gz);
		return dande_error_set(DANDE_EINVALID, "%s: truncated or "
				       "corrupt gzip data", path);
	}
	gzclose(gz);
	return 0;
}

enum kind { K_UNKNOWN, K_XML, K_JSON, K_GZIP, K_LCOV, K_GOCOV };

static enum kind sniff(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return K_GZIP;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < n && isspace(p[i]))
		i++;
	if (i < n && p[i] == '<')
		return K_XML;
	if (i < n && p[i] == '{')
		return K_JSON;
	if (n - i >= 6 && !strncmp((const char *)p + i, "mode: ", 6))
		return K_GOCOV;
	/* LCOV: a known record key at the start of a line */
	for (; i < n; i++) {
		if (i && p[i - 1] != '\n')
			continue;
		if (!strncmp((const char *)p + i, "TN:", 3) ||
		    !strncmp((const char *)p + i, "SF:", 3) ||
		    !strncmp((const char *)p + i, "VER:", 4))
			return K_LCOV;
	}
	return K_UNKNOWN;
}

static int read_xml(struct dande_cov *c, struct dande_xml *x,
		    const char *name, const char *root,
		    struct dande_cov_info *info)
{
	struct dande_xml_event ev;
	int r = dande_xml_next(x, &ev);

	if (r < 0)
		return r;
	if (r == 0)
		return dande_error_set(DANDE_EINVALID, "%s: empty document",
				       name);
	if (!strcmp(ev.name, "coverage"))
		return read_cobertura(c, x, root, info);
	if (!strcmp(ev.name, "report"))
		return read_jacoco(c, x, info);
	return dande_xml_error(x, "not a coverage report dande reads (root "
			       "element <%s>; Cobertura, JaCoCo, LCOV and gcov "
			       "JSON are)", ev.name);
}

static int load(struct dande_cov *c, const char *path, const char *data,
		size_t len, struct dande_cov_info *info)
{
	struct dande_cov_info dummy;
	struct dande_buf head = DANDE_BUF_INIT, whole = DANDE_BUF_INIT;
	struct dande_xml *x = NULL;
	const char *root = dande_cov__root(c);
	enum kind k;
	FILE *f = NULL;
	int r;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->declared_valid = info->declared_covered = -1;
	if (!data) {
		char buf[4096];
		size_t n;

		int fd;

		if ((r = dande_fs_open_input(path, &fd)) < 0)
			return r;
		if (!(f = fdopen(fd, "rb"))) {
			close(fd);
			return dande_error_set_os(DANDE_EEXTERNAL, "cannot "
						  "read '%s'", path);
		}
		n = fread(buf, 1, sizeof(buf), f);
		dande_buf_add(&head, buf, n);
		rewind(f);
	} else {
		dande_buf_add(&head, data, len < 4096 ? len : 4096);
	}
	k = sniff((const unsigned char *)head.ptr, head.len);
	if (k == K_GZIP) {
		dande_buf_init(&whole, (size_t)512 << 20);
		if ((r = slurp(&whole, path)) < 0)
			goto done;
		k = sniff((const unsigned char *)whole.ptr, whole.len);
		if (k != K_JSON) {
			r = dande_error_set(DANDE_EINVALID, "%s: gzip'd, but not "
					    "gcov JSON", path);
			goto done;
		}
		r = read_gcov_json(c, whole.ptr, whole.len, path, root, info);
	} else if (k == K_JSON) {
		dande_buf_init(&whole, (size_t)512 << 20);
		if (data)
			r = dande_buf_add(&whole, data, len);
		else
			r = slurp(&whole, path);
		if (r == 0)
			r = read_gcov_json(c, whole.ptr, whole.len, path, root,
					   info);
	} else if (k == K_XML) {
		r = data ? dande_xml_open_memory(&x, data, len, path) :
			dande_xml_open(&x, path);
		if (r == 0)
			r = read_xml(c, x, path, root, info);
	} else if (k == K_LCOV || k == K_GOCOV) {
		struct lines l;

		memset(&l, 0, sizeof(l));
		l.f = f;
		l.mem = data;
		l.len = len;
		dande_buf_init(&l.line, 1 << 20);
		r = k == K_LCOV ? read_lcov(c, &l, path, root, info) :
			read_gocov(c, &l, path, root, info);
		dande_buf_release(&l.line);
	} else {
		r = dande_error_set(DANDE_EINVALID, head.len ? "%s:1: unknown "
				    "coverage format (not Cobertura, JaCoCo, "
				    "LCOV, gcov/gcovr JSON or a Go "
				    "coverprofile)" : "%s:1: empty file",
				    path);
	}
done:
	if (f)
		fclose(f);
	dande_xml_free(x);
	dande_buf_release(&head);
	dande_buf_release(&whole);
	return r;
}

int dande_cov_load(struct dande_cov *c, const char *path,
		   struct dande_cov_info *info)
{
	return load(c, path, NULL, 0, info);
}

int dande_cov_load_memory(struct dande_cov *c, const char *data, size_t len,
			  const char *name, struct dande_cov_info *info)
{
	return load(c, name, data, len, info);
}

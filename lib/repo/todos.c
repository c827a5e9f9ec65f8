/*
 * todos.c: TODO comments found in the tracked files and kept in the
 * `todos` table.  A scan reads each file once, matches its lines, blames
 * only the lines it has not seen before, and changes the table in one
 * transaction.
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dande/buf.h"
#include "dande/db.h"
#include "store/sql_int.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/todos.h"
#include "util/banned.h"

const char *const dande_todo_default_tags[] = {
	"TODO", "FIXME", "XXX", "HACK", NULL
};

#define TEXT_MAX 500		/* bytes of text kept per TODO */
#define BINARY_PROBE 8000	/* a NUL in these first bytes: binary */

static int is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/*
 * Whether line[0, end) ends with a comment marker, blanks after it
 * allowed: the tag must open the comment ("// TODO", "# FIXME", " * XXX"),
 * so prose that mentions a TODO further on is not one.
 */
static int after_marker(const char *line, size_t end)
{
	while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	if (end == 0)
		return 0;
	switch (line[end - 1]) {
	case '#': case ';': case '%': case '*':
		return 1;
	case '/':
		return end >= 2 && line[end - 2] == '/';
	case '-':
		return end >= 2 && line[end - 2] == '-';
	default:
		return 0;
	}
}

int dande_todo_match(const char *line, size_t len, const char *const *tags,
		     struct dande_todo_hit *hit)
{
	size_t i, k;

	for (i = 0; i < len; i++) {
		if (i > 0 && is_word(line[i - 1]))
			continue;
		for (k = 0; tags[k]; k++) {
			size_t t = strlen(tags[k]), s, e;
			char after;

			if (i + t > len || memcmp(line + i, tags[k], t))
				continue;
			after = i + t < len ? line[i + t] : ' ';
			if (after != ':' && after != '(' && after != '!' &&
			    after != ' ' && after != '\t')
				continue;
			if (!after_marker(line, i))
				continue;
			s = i + t;
			while (s < len && (line[s] == ':' || line[s] == ' ' ||
					   line[s] == '\t' || line[s] == '!'))
				s++;
			e = len;
			while (e > s && (line[e - 1] == ' ' ||
					 line[e - 1] == '\t' ||
					 line[e - 1] == '\r'))
				e--;
			if (e >= s + 2 && !memcmp(line + e - 2, "*/", 2))
				e -= 2;
			else if (e >= s + 3 && !memcmp(line + e - 3, "-->", 3))
				e -= 3;
			while (e > s && (line[e - 1] == ' ' ||
					 line[e - 1] == '\t'))
				e--;
			if (e - s > TEXT_MAX) {
				e = s + TEXT_MAX;
				/* not in the middle of a UTF-8 sequence */
				while (e > s && ((unsigned char)line[e] & 0xC0)
						== 0x80)
					e--;
			}
			hit->tag = tags[k];
			hit->text = line + s;
			hit->text_len = e - s;
			return 1;
		}
	}
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Names followed by a number that are not issue keys: UTF-8, SHA-256. */
static int not_a_key(const char *word, size_t n)
{
	static const char *const names[] = {
		"UTF", "UCS", "ISO", "IEC", "SHA", "MD", "AES", "RSA", "ECMA",
		"TLS", "HTTP", "RFC", "PEP", "IPV", NULL
	};
	size_t k;

	for (k = 0; names[k]; k++)
		if (strlen(names[k]) == n && !memcmp(names[k], word, n))
			return 1;
	return 0;
}

int dande_todo_has_ref(const char *text, size_t len)
{
	size_t i, j;

	for (i = 0; i < len; i++) {
		if (text[i] == '#' && i + 1 < len && is_digit(text[i + 1]))
			return 1;
		if ((i + 7 <= len && !memcmp(text + i, "http://", 7)) ||
		    (i + 8 <= len && !memcmp(text + i, "https://", 8)))
			return 1;
		/* ABC-123, at the start of a word */
		if (text[i] >= 'A' && text[i] <= 'Z' &&
		    (i == 0 || !is_word(text[i - 1]))) {
			for (j = i; j < len && ((text[j] >= 'A' &&
						 text[j] <= 'Z') ||
						is_digit(text[j])); j++)
				;
			if (j - i >= 2 && j + 1 < len && text[j] == '-' &&
			    is_digit(text[j + 1]) && !not_a_key(text + i, j - i))
				return 1;
		}
	}
	return 0;
}

/* ---- the scan ---------------------------------------------------------- */

struct known {
	int64_t id;
	char *file, *tag, *text;
	int blamed;		/* has a commit */
	int seen;		/* matched by this scan */
};

struct scan {
	struct known *k;
	size_t nr, alloc;
};

static int known_cmp(const void *a, const void *b)
{
	const struct known *x = a, *y = b;
	int c;

	if ((c = strcmp(x->file, y->file)) || (c = strcmp(x->tag, y->tag)) ||
	    (c = strcmp(x->text, y->text)))
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int load_known(void *payload, size_t ncols, const char *const *names,
		      const struct dande_db_value *v)
{
	struct scan *s = payload;
	struct known *k;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	DANDE_GROW(s->k, s->nr, s->alloc, 64);
	k = &s->k[s->nr++];
	k->id = v[0].i;
	k->file = dande_xstrdup(v[1].s);
	k->tag = dande_xstrdup(v[2].s);
	k->text = dande_xstrdup(v[3].s ? v[3].s : "");
	k->blamed = v[4].type != DANDE_DB_NULL;
	k->seen = 0;
	return 0;
}

/* The first row for (file, tag, text) not yet seen by this scan. */
static struct known *find_known(struct scan *s, const char *file,
				const char *tag, const char *text)
{
	size_t lo = 0, hi = s->nr;
	struct known key;

	key.file = (char *)file;
	key.tag = (char *)tag;
	key.text = (char *)text;
	key.id = INT64_MIN;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (known_cmp(&s->k[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < s->nr; lo++) {
		struct known *k = &s->k[lo];

		if (strcmp(k->file, file) || strcmp(k->tag, tag) ||
		    strcmp(k->text, text))
			return NULL;
		if (!k->seen)
			return k;
	}
	return NULL;
}

static int in_scope(const char *path, const struct dande_strvec *paths)
{
	size_t i;

	if (!paths || !paths->nr)
		return 1;
	for (i = 0; i < paths->nr; i++) {
		const char *p = paths->v[i];
		size_t n = strlen(p);

		while (n > 0 && p[n - 1] == '/')
			n--;
		if (n == 0 || (n == 1 && p[0] == '.'))
			return 1;
		if (!strncmp(path, p, n) && (path[n] == '\0' || path[n] == '/'))
			return 1;
	}
	return 0;
}

static int wanted(const char *path, const struct dande_todos_opts *o)
{
	size_t i;
	int keep = !o->include || !o->include->nr;

	for (i = 0; !keep && i < o->include->nr; i++)
		keep = !fnmatch(o->include->v[i], path, 0);
	for (i = 0; keep && o->exclude && i < o->exclude->nr; i++)
		keep = fnmatch(o->exclude->v[i], path, 0) != 0;
	return keep;
}

/* A hit waiting for blame: a new row, or a known row never blamed. */
struct pending {
	size_t line;
	const char *tag;
	char *text;
	int64_t id;		/* 0: a new row */
};

static const char sql_known[] =
	"SELECT id, file, tag, text, commit_sha FROM todos "
	"WHERE resolved_at IS NULL";
static const char sql_seen[] =
	"UPDATE todos SET line = ?1, last_seen_at = ?2 WHERE id = ?3";
static const char sql_blame[] =
	"UPDATE todos SET commit_sha = ?1, author = ?2, authored_at = ?3 "
	"WHERE id = ?4";
static const char sql_insert[] =
	"INSERT INTO todos (file, line, tag, text, commit_sha, author, "
	"authored_at, first_seen_at, last_seen_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
static const char sql_resolve[] =
	"UPDATE todos SET resolved_at = ?1 WHERE id = ?2";

static void iso_time(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int flush_pending(struct dande_repo *repo, struct dande_db *db,
			 const char *path, const struct dande_buf *content,
			 struct pending *p, size_t n, const char *now,
			 struct dande_todos_result *out)
{
	struct dande_blame_line *b = dande_xcalloc(n ? n : 1, sizeof(*b));
	size_t *lines = dande_xcalloc(n ? n : 1, sizeof(*lines));
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		lines[i] = p[i].line;
	r = dande_repo_blame(repo, path, content->ptr, content->len, lines, n,
			     b);
	for (i = 0; r >= 0 && i < n; i++) {
		char when[32];
		int committed = b[i].commit[0] != '\0';

		if (committed)
			iso_time(when, sizeof(when), b[i].time);
		if (p[i].id) {
			struct dande_db_value v[4];

			if (!committed)
				continue;
			v[0] = dande_db_text(b[i].commit);
			v[1] = dande_db_text(b[i].author);
			v[2] = dande_db_text(when);
			v[3] = dande_db_int(p[i].id);
			r = dande_db_exec(db, sql_blame, v, 4);
		} else {
			struct dande_db_value v[8];

			v[0] = dande_db_text(path);
			v[1] = dande_db_int((int64_t)p[i].line);
			v[2] = dande_db_text(p[i].tag);
			v[3] = dande_db_text(p[i].text);
			v[4] = dande_db_text(committed ? b[i].commit : NULL);
			v[5] = dande_db_text(committed && b[i].author ?
					     b[i].author : NULL);
			v[6] = dande_db_text(committed ? when : NULL);
			v[7] = dande_db_text(now);
			r = dande_db_exec(db, sql_insert, v, 8);
			out->added++;
		}
	}
	dande_blame_lines_release(b, n);
	free(lines);
	free(b);
	return r < 0 ? r : 0;
}

static int scan_file(struct dande_repo *repo, struct dande_db *db,
		     struct scan *s, const char *path,
		     const struct dande_buf *content, const char *const *tags,
		     const char *now, struct dande_todos_result *out)
{
	struct pending *p = NULL;
	size_t np = 0, ap = 0, line = 0, i;
	const char *cur = content->ptr, *end = content->ptr + content->len;
	int r = 0;

	while (r >= 0 && cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		size_t len = nl ? (size_t)(nl - cur) : (size_t)(end - cur);
		struct dande_todo_hit hit;

		line++;
		if (dande_todo_match(cur, len, tags, &hit)) {
			char *text = dande_xstrndup(hit.text, hit.text_len);
			struct known *k = find_known(s, path, hit.tag, text);

			out->open++;
			if (k) {
				struct dande_db_value v[3];

				k->seen = 1;
				v[0] = dande_db_int((int64_t)line);
				v[1] = dande_db_text(now);
				v[2] = dande_db_int(k->id);
				r = dande_db_exec(db, sql_seen, v, 3);
			}
			if (k && k->blamed) {
				free(text);
			} else {
				if (np == ap) {
					ap = ap ? 2 * ap : 16;
					p = dande_xrealloc(p, ap * sizeof(*p));
				}
				p[np].line = line;
				p[np].tag = hit.tag;
				p[np].text = text;
				p[np].id = k ? k->id : 0;
				np++;
			}
		}
		cur = nl ? nl + 1 : end;
	}
	if (r >= 0 && np)
		r = flush_pending(repo, db, path, content, p, np, now, out);
	for (i = 0; i < np; i++)
		free(p[i].text);
	free(p);
	return r;
}

static int scan_files(struct dande_repo *repo, struct dande_db *db,
		      struct scan *s, const struct dande_todos_opts *o,
		      const char *now, struct dande_todos_result *out)
{
	const char *const *tags = o->tags ? o->tags : dande_todo_default_tags;
	struct dande_strvec tracked = DANDE_STRVEC_INIT;
	struct dande_buf path = DANDE_BUF_INIT, content = DANDE_BUF_INIT;
	size_t i;
	int r;

	if ((r = dande_repo_tracked(repo, &tracked)) < 0)
		goto done;
	for (i = 0; r >= 0 && i < tracked.nr; i++) {
		const char *rel = tracked.v[i];

		if (!in_scope(rel, o->paths) || !wanted(rel, o))
			continue;
		dande_buf_reset(&path);
		dande_fs_join(&path, dande_repo_workdir(repo), rel);
		dande_buf_reset(&content);
		if (dande_fs_is_dir(path.ptr) ||
		    dande_buf_read_file(&content, path.ptr) < 0) {
			dande_error_clear();	/* deleted, or a symlink */
			continue;
		}
		if (memchr(content.ptr, '\0', content.len < BINARY_PROBE ?
			   content.len : BINARY_PROBE) ||
		    dande_utf8_check(content.ptr, content.len))
			continue;
		out->files++;
		r = scan_file(repo, db, s, rel, &content, tags, now, out);
	}
done:
	dande_strvec_release(&tracked);
	dande_buf_release(&path);
	dande_buf_release(&content);
	return r;
}

struct scan_attempt {
	struct dande_repo *repo;
	const struct dande_todos_opts *o;
	struct dande_todos_result *out;
	char now[32];
};

static int scan_rows(struct dande_db *db, void *payload)
{
	struct scan_attempt *a = payload;
	struct dande_todos_result *out = a->out;
	struct scan s;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	r = dande_db_select(db, sql_known, NULL, 0, load_known, &s);
	if (r >= 0 && s.nr)
		qsort(s.k, s.nr, sizeof(*s.k), known_cmp);
	if (r >= 0)
		r = scan_files(a->repo, db, &s, a->o, a->now, out);
	for (i = 0; r >= 0 && i < s.nr; i++) {
		struct dande_db_value v[2];

		if (s.k[i].seen || !in_scope(s.k[i].file, a->o->paths))
			continue;
		v[0] = dande_db_text(a->now);
		v[1] = dande_db_int(s.k[i].id);
		r = dande_db_exec(db, sql_resolve, v, 2);
		out->resolved++;
	}
	for (i = 0; i < s.nr; i++) {
		free(s.k[i].file);
		free(s.k[i].tag);
		free(s.k[i].text);
	}
	free(s.k);
	return r < 0 ? r : 0;
}

int dande_todos_scan(struct dande_repo *repo, struct dande_db *db,
		     const struct dande_todos_opts *o,
		     struct dande_todos_result *out)
{
	struct scan_attempt a;

	memset(out, 0, sizeof(*out));
	if (!dande_repo_workdir(repo))
		return dande_error_set(DANDE_EEXTERNAL, "'%s' is a bare "
				       "repository: no files to scan",
				       dande_repo_gitdir(repo));
	a.repo = repo;
	a.o = o;
	a.out = out;
	dande_db_now(a.now, sizeof(a.now));
	return dande_db_transaction(db, scan_rows, &a);
}

/* ---- the TODOs a commit adds ------------------------------------------- */

struct staged {
	const struct dande_todos_opts *o;
	const char *const *tags;
	dande_todos_staged_fn fn;
	void *payload;
};

static int on_staged_line(void *payload, const char *path, int line,
			  const char *text, size_t len)
{
	struct staged *s = payload;
	struct dande_todo_hit hit;

	if (!wanted(path, s->o) || !dande_todo_match(text, len, s->tags, &hit))
		return 0;
	return s->fn(s->payload, path, line, &hit,
		     dande_todo_has_ref(hit.text, hit.text_len));
}

int dande_todos_staged(struct dande_repo *repo,
		       const struct dande_todos_opts *o,
		       dande_todos_staged_fn fn, void *payload)
{
	struct staged s;

	s.o = o;
	s.tags = o->tags ? o->tags : dande_todo_default_tags;
	s.fn = fn;
	s.payload = payload;
	return dande_repo_staged_lines(repo, on_staged_line, &s);
}

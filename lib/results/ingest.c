/*
 * ingest.c: JUnit reports into the compact test history, one transaction
 * per run.  The parser streams cases; each becomes an identity (found or
 * added in test_cases) and a result: a pass or a plain skip in the run's
 * blocks (test_blocks, store/blocks_int.h), anything else a narrow row of
 * test_results, with its message and output in test_messages when it did
 * not pass, and its error fingerprint in errors when it failed.  Memory
 * stays flat: identities and results are written in batches
 * (dande_db_bulk_insert: a multi-row statement, or COPY; a statement per
 * row was half the time) of the size the engine does best with
 * (dande_db_batch_rows), and nothing of the run is held beyond a batch
 * but the blocks not yet whole (blocks.c).
 *
 * Identities are looked up by name (test_cases_name) and compared whole.
 * Into a database that has none yet, the name index waits until the
 * end when the engine builds it faster then (SQLite: one sort, instead
 * of a million inserts at random into a tree several times its cache,
 * its pages evicted and read back), and the identities this ingest adds
 * are found by hash in memory (struct fresh); where the index stays
 * (PostgreSQL), a Bloom filter of them rules most lookups out.  Either
 * way a first ingest of a million cases does not look each one up in
 * vain.  New identities get their ids here (the largest plus one: the
 * transaction holds the write lock), so they can be batched too; a
 * pending batch is written before any lookup, which therefore sees every
 * identity added so far.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dande/db.h"
#include "store/blocks_int.h"
#include "store/sql_int.h"
#include "dande/fs.h"
#include "dande/results.h"
#include "results/results_int.h"
#include "dande/provenance.h"
#include "util/banned.h"

const char dande_results__sql_find_case[] =
	"SELECT id FROM test_cases WHERE name = ?1 AND classname = ?2 AND "
	"suite = ?3 AND file IS NOT DISTINCT FROM ?4 AND line IS NOT DISTINCT FROM ?5 AND layer = ?6";

static const char sql_last_case[] = "SELECT MAX(id) FROM test_cases";

/* The identities of the run before ?1, at most ?2 of them: those in its
 * blocks' ranges first, then its rows.  A few more than the run's (the
 * ids a block skips over) cost a slot of the map each; telling them
 * apart would cost PostgreSQL a walk of the block's text per id
 * (substr() counts characters), most of the query's time. */
#define PREV_RUN "(SELECT MAX(id) FROM test_runs WHERE kind = 'junit' AND " \
	"id < ?1)"
const char dande_results__sql_prev_cases[] =
	"SELECT c.id, c.suite, c.classname, c.name, c.file, c.line, c.layer "
	"FROM " DANDE_BLOCK_RANGES(PREV_RUN) " UNION ALL "
	"SELECT c.id, c.suite, c.classname, c.name, c.file, c.line, c.layer "
	"FROM test_results x JOIN test_cases c ON c.id = x.test_id WHERE "
	"x.run_id = " PREV_RUN " LIMIT ?2";

/* The bulk tables' columns, written a batch at a time
 * (dande_db_bulk_insert: a multi-row INSERT, or COPY). */
static const char *const case_cols[] = {
	"id", "suite", "classname", "name", "file", "line", "layer"
};
#define CASE_COLS 7

static const char *const result_cols[] = {
	"run_id", "seq", "test_id", "status", "duration_us", "reruns"
};
#define RESULT_COLS 6

static const char *const output_cols[] = {
	"id", "test_id", "failure_type", "failure_message", "stdout", "stderr"
};
#define OUTPUT_COLS 6

static const char *const message_cols[] = { "run_id", "seq", "output_id" };
#define MESSAGE_COLS 3

static const char sql_last_output[] = "SELECT MAX(id) FROM test_outputs";

/* The outputs a test had last (at most four each) of the tests ?1...:
 * the ones a new output is compared with (a test fails or is skipped
 * the same way run after run; one that prints a new message each time
 * is not compared with all its history). */
#define LAST_OUTPUTS_HEAD \
	"SELECT o.id, o.test_id, o.failure_type, o.failure_message, " \
	"o.stdout, o.stderr FROM test_outputs o WHERE (SELECT COUNT(*) FROM " \
	"(SELECT 1 FROM test_outputs p WHERE p.test_id = o.test_id AND p.id " \
	"> o.id LIMIT 4) AS newer) < 4 AND o.test_id IN ("

/* A batch of fingerprints, each once (a statement may not touch a row
 * twice on PostgreSQL): a new one inserted with its occurrences in this
 * run, one already there counts them. */
#define UPSERT_ERRORS_HEAD \
	"INSERT INTO errors (fingerprint, suite, classname, name, kind, type, " \
	"message, occurrences, first_run_id, last_run_id, first_commit, " \
	"last_commit, first_seen_at, last_seen_at) VALUES "
#define UPSERT_ERRORS_TAIL \
	" ON CONFLICT (fingerprint) DO UPDATE SET occurrences = " \
	"errors.occurrences + excluded.occurrences, last_run_id = " \
	"excluded.last_run_id, last_commit = excluded.last_commit, " \
	"last_seen_at = excluded.last_seen_at, resolved_at = NULL, " \
	"resolved_run_id = NULL"
static const char upsert_errors_head[] = UPSERT_ERRORS_HEAD;
static const char upsert_errors_tail[] = UPSERT_ERRORS_TAIL;
#define ERROR_COLS 14

/* One fingerprint, one occurrence (an environment that failed). */
static const char sql_upsert_error[] = UPSERT_ERRORS_HEAD
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8, ?9, ?9, ?10, ?10)"
	UPSERT_ERRORS_TAIL;

/* Messages and fingerprints wait in batches of SMALL_BATCH, or until
 * their text reaches SMALL_BYTES: a message may be 64 KiB a field. */
#define SMALL_BATCH 64
#define SMALL_BYTES ((size_t)1 << 20)

static const char sql_insert_property[] =
	"INSERT INTO run_properties (run_id, name, value) VALUES (?1, ?2, ?3)";

static const char sql_update_run[] =
	"UPDATE test_runs SET tests = ?2, passed = ?3, failed = ?4, "
	"errors = ?5, skipped = ?6, flaky = ?7, finished_at = ?8, "
	"duration_s = COALESCE(?9, duration_s) WHERE id = ?1";

/* Open errors of tests that passed in run ?1: by name, then by
 * (test_id, run_id), never a scan of the run. */
const char dande_results__sql_resolve[] =
	"UPDATE errors SET resolved_at = ?2, resolved_run_id = ?1 "
	"WHERE resolved_at IS NULL AND EXISTS (SELECT 1 FROM test_cases c "
	"WHERE c.name = errors.name AND c.classname = errors.classname "
	"AND c.suite = errors.suite AND (EXISTS (SELECT 1 FROM test_results x "
	"WHERE x.test_id = c.id AND x.run_id = ?1 AND (x.status = 0 OR "
	"x.status = 2)) OR " DANDE_BLOCK_LETTER("?1", "c.id") " = 'p'))";

/* The pyramid of the run: its cases counted by layer as they streamed by
 * (a query over the run's results was 6% of an ingest on PostgreSQL). */
static const char sql_pyramid[] =
	"INSERT INTO test_pyramid (run_id, unit, integration, e2e, unknown, "
	"unit_s, integration_s, e2e_s, unknown_s, unit_share, e2e_share, "
	"min_unit_share, max_e2e_share, healthy) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/* 2 MiB, three probes: 0.4% false positives at a million identities. */
#define BLOOM_BITS (1u << 24)

/*
 * The identities of the previous run, by a 128-bit hash of (suite,
 * classname, name, file, line, layer): most of a run's cases ran last
 * time too, and a hit costs no statement (on a server, no round trip).
 * At most MAP_MAX of them (6 MiB); the others are looked up.
 */
#define MAP_SLOTS (1u << 18)
#define MAP_MAX (MAP_SLOTS / 2)

struct ident {
	uint64_t h1, h2;
	int64_t id;		/* 0: an empty slot */
};

/*
 * The identities an ingest adds to an empty test_cases while its name
 * index waits (ids 1, 2, ...): a 32-bit hash each (hash[id - 1]) and an
 * open-addressed table of ids, at most half full, so 12 bytes an
 * identity at most.  A slot holds the id (FRESH_ID_BITS) under the top
 * bits of its hash: a probe reads the hash array only when those match
 * (a cache miss less a case: 4% of a million-case ingest).  A hit is
 * compared whole, with the pending batch or with its row: equal hashes
 * are not equal identities.  After FRESH_MAX of them (12 MiB) the index
 * is made, the Bloom filter filled from the table, and the rest are
 * looked up as in a database that had some.
 */
#define FRESH_ID_BITS 20
#define FRESH_ID_MASK ((1u << FRESH_ID_BITS) - 1)
#define FRESH_MAX ((size_t)FRESH_ID_MASK)
#define FRESH_FIRST ((size_t)1 << 12)
size_t dande_results__fresh_max = FRESH_MAX;

struct fresh {
	uint32_t *hash;		/* by id - 1 */
	uint32_t *slot;		/* hash's top bits | id; 0: empty */
	size_t n, alloc, bits;
	struct dande_buf index_sql;	/* makes test_cases_name again */
};

/* An identity waiting for its batch: its texts in the batch's buffer
 * (case_text: one allocation for all of them, not five a case), by
 * offset; NO_TEXT for no file. */
#define NO_TEXT ((size_t)-1)

struct pending_case {
	int64_t id;
	size_t suite, classname, name, file, layer;
	int64_t line;	/* 0: none */
};

struct pending_message {
	int64_t seq, test_id, output_id;
	char *type, *message, *out, *err;
};

/* An output a pending message may be: one of the test's last in the
 * database (owned copies), or one this batch adds (borrowed). */
struct known_output {
	int64_t id, test_id;
	char *type, *message, *out, *err;
	int owned;
};

struct known_outputs {
	struct known_output *v;
	size_t n, alloc;
};

struct pending_error {
	char fp[17];
	char *suite, *classname, *name, *type, *message;
	const char *kind;
	int64_t count;
};

struct pending_result {
	int64_t seq, test_id, status, reruns;
	int64_t duration_us;	/* < 0: none */
};

struct ingest {
	struct dande_db *db;
	const struct dande_results_opts *o;
	int64_t run_id, seq, next_id, last_output;
	int64_t tests, passed, failed, errors, skipped, flaky;
	double sum_s;
	/* by layer: unit, integration, e2e, unknown */
	int64_t layer_n[4], layer_us[4];
	uint64_t *bloom;	/* NULL: the database had identities */
	struct fresh *fresh;	/* the name index waits */
	struct ident *map;	/* NULL: no previous run */
	struct dande_blocks *blocks;	/* the run's passes and skips */
	size_t nmap;
	struct pending_case *cases;	/* batch of them */
	struct dande_buf case_text;	/* their texts */
	struct pending_result *results;
	size_t batch;
	size_t ncases, nresults;
	struct pending_message messages[SMALL_BATCH];
	struct pending_error errs[SMALL_BATCH];
	size_t nmessages, nerrs, message_bytes, error_bytes;
	/* the messages before the last batch of identities sent: their
	 * identities are all in the database once that batch is */
	size_t messages_sent;
	int behind;	/* dande_db_bulk_behind() */
	struct dande_db_value *params;	/* the widest batch's */
	/* the last case's layer: a report's cases share file and class */
	struct dande_buf last_key;
	/* LAST_OUTPUTS_HEAD with its SMALL_BATCH parameters, made once */
	struct dande_buf last_outputs_sql;
	const char *last_layer;
	char now[32];
	/* progress: the sizes of the files before this one, and of all */
	uint64_t bytes_before, bytes_total;
};

/* "HEAD (?1, ..., ?k), (...)" for `rows` rows of `cols` columns. */
static void batch_sql(struct dande_buf *sql, const char *head, size_t cols,
		      size_t rows)
{
	size_t r, c, k = 1;

	dande_buf_reset(sql);
	dande_buf_adds(sql, head);
	for (r = 0; r < rows; r++) {
		dande_buf_adds(sql, r ? ", (" : "(");
		for (c = 0; c < cols; c++)
			dande_buf_addf(sql, "%s?%zu", c ? ", " : "", k++);
		dande_buf_addch(sql, ')');
	}
}

static void drop_cases(struct ingest *in)
{
	in->ncases = 0;
	dande_buf_reset(&in->case_text);
}

/* A pending case's text (NULL for NO_TEXT). */
static const char *case_text(const struct ingest *in, size_t off)
{
	return off == NO_TEXT ? NULL : in->case_text.ptr + off;
}

static size_t keep_text(struct ingest *in, const char *s)
{
	size_t off = in->case_text.len;

	if (!s)
		return NO_TEXT;
	dande_buf_add(&in->case_text, s, strlen(s) + 1);
	return off;
}

static int flush_messages(struct ingest *in, size_t n);
static int flush_errors(struct ingest *in);

static int flush_cases(struct ingest *in)
{
	struct dande_db_value *p = in->params;
	size_t i, n = in->ncases;
	int r;

	if (!n)
		return 0;
	/* what waited goes first: the whole blocks and, where a statement
	 * waits for the bulk insert before it (PostgreSQL's COPY), the
	 * fingerprints and the messages whose identities went with the
	 * batch before.  So the server copies this batch while the next
	 * is read, not while this ingest waits for it; SQLite keeps its
	 * bigger batches of messages */
	if ((in->blocks && (r = dande_blocks_flush(in->blocks)) < 0) ||
	    (in->behind &&
	     ((r = flush_messages(in, in->messages_sent)) < 0 ||
	      (r = flush_errors(in)) < 0)))
		return r;
	for (i = 0; i < n; i++, p += CASE_COLS) {
		const struct pending_case *c = &in->cases[i];

		p[0] = dande_db_int(c->id);
		p[1] = dande_db_text(case_text(in, c->suite));
		p[2] = dande_db_text(case_text(in, c->classname));
		p[3] = dande_db_text(case_text(in, c->name));
		p[4] = dande_db_text(case_text(in, c->file));
		p[5] = c->line > 0 ? dande_db_int(c->line) : dande_db_null();
		p[6] = dande_db_text(case_text(in, c->layer));
	}
	r = dande_db_bulk_insert(in->db, "test_cases", case_cols, CASE_COLS,
				 in->params, n);
	drop_cases(in);
	in->messages_sent = in->nmessages;
	return r;
}

static int flush_results(struct ingest *in)
{
	struct dande_db_value *p = in->params;
	size_t i, n = in->nresults;

	if (!n)
		return 0;
	for (i = 0; i < n; i++, p += RESULT_COLS) {
		const struct pending_result *x = &in->results[i];

		p[0] = dande_db_int(in->run_id);
		p[1] = dande_db_int(x->seq);
		p[2] = dande_db_int(x->test_id);
		p[3] = dande_db_int(x->status);
		p[4] = x->duration_us >= 0 ? dande_db_int(x->duration_us) :
			dande_db_null();
		p[5] = dande_db_int(x->reruns);
	}
	in->nresults = 0;
	return dande_db_bulk_insert(in->db, "test_results", result_cols,
				    RESULT_COLS, in->params, n);
}

static size_t text_len(const char *s)
{
	return s ? strlen(s) : 0;
}

/* The first n messages gone, the rest moved to the front. */
static void drop_messages(struct ingest *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct pending_message *m = &in->messages[i];

		free(m->type);
		free(m->message);
		free(m->out);
		free(m->err);
	}
	memmove(in->messages, in->messages + n,
		(in->nmessages - n) * sizeof(*in->messages));
	in->nmessages -= n;
	in->messages_sent = in->messages_sent > n ? in->messages_sent - n : 0;
	in->message_bytes = 0;
	for (i = 0; i < in->nmessages; i++)
		in->message_bytes += text_len(in->messages[i].type) +
			text_len(in->messages[i].message) +
			text_len(in->messages[i].out) +
			text_len(in->messages[i].err);
}

static void drop_errors(struct ingest *in)
{
	size_t i;

	for (i = 0; i < in->nerrs; i++) {
		struct pending_error *e = &in->errs[i];

		free(e->suite);
		free(e->classname);
		free(e->name);
		free(e->type);
		free(e->message);
	}
	in->nerrs = 0;
	in->error_bytes = 0;
}

static char *value_dup(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_NULL ? NULL : dande_xstrndup(v->s, v->len);
}

static struct known_output *known_push(struct known_outputs *k)
{
	DANDE_GROW(k->v, k->n, k->alloc, 16);
	return &k->v[k->n++];
}

static int known_row(void *payload, size_t ncols, const char *const *names,
		     const struct dande_db_value *v)
{
	struct known_outputs *k = payload;
	struct known_output *o;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	o = known_push(k);
	o->id = v[0].i;
	o->test_id = v[1].i;
	o->type = value_dup(&v[2]);
	o->message = value_dup(&v[3]);
	o->out = value_dup(&v[4]);
	o->err = value_dup(&v[5]);
	o->owned = 1;
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

static void known_release(struct known_outputs *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (!k->v[i].owned)
			continue;
		free(k->v[i].type);
		free(k->v[i].message);
		free(k->v[i].out);
		free(k->v[i].err);
	}
	free(k->v);
}

/*
 * The first n messages: each one's output is found among its test's
 * last outputs (one query for the batch), else added with the next id;
 * then the new outputs, then the run's references to them.  Their
 * identities are in the database already: an output refers to one.
 */
static int flush_messages(struct ingest *in, size_t n)
{
	struct dande_db_value *p = in->params;
	struct known_outputs known = { NULL, 0, 0 };
	struct dande_buf *sql = &in->last_outputs_sql;
	size_t i, j, nnew = 0;
	int r;

	if (!n)
		return 0;
	/* always SMALL_BATCH ids (the last one again): one statement */
	if (!sql->len) {
		dande_buf_adds(sql, LAST_OUTPUTS_HEAD);
		for (i = 0; i < SMALL_BATCH; i++)
			dande_buf_addf(sql, "%s?%zu", i ? ", " : "", i + 1);
		dande_buf_addch(sql, ')');
	}
	for (i = 0; i < SMALL_BATCH; i++)
		p[i] = dande_db_int(in->messages[i < n ? i : n - 1].test_id);
	if ((r = dande_db_select(in->db, sql->ptr, p, SMALL_BATCH, known_row,
				 &known)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct pending_message *m = &in->messages[i];
		struct known_output *o = NULL;

		for (j = 0; j < known.n && !o; j++)
			if (known.v[j].test_id == m->test_id &&
			    same_text(known.v[j].type, m->type) &&
			    same_text(known.v[j].message, m->message) &&
			    same_text(known.v[j].out, m->out) &&
			    same_text(known.v[j].err, m->err))
				o = &known.v[j];
		if (o) {
			m->output_id = o->id;
			continue;
		}
		m->output_id = ++in->last_output;
		o = known_push(&known);
		o->id = m->output_id;
		o->test_id = m->test_id;
		o->type = m->type;
		o->message = m->message;
		o->out = m->out;
		o->err = m->err;
		o->owned = 0;
		p = in->params + nnew++ * OUTPUT_COLS;
		p[0] = dande_db_int(m->output_id);
		p[1] = dande_db_int(m->test_id);
		p[2] = dande_db_text(m->type);
		p[3] = dande_db_text(m->message);
		p[4] = dande_db_text(m->out);
		p[5] = dande_db_text(m->err);
	}
	if (nnew && (r = dande_db_bulk_insert(in->db, "test_outputs",
					      output_cols, OUTPUT_COLS,
					      in->params, nnew)) < 0)
		goto out;
	for (i = 0, p = in->params; i < n; i++, p += MESSAGE_COLS) {
		p[0] = dande_db_int(in->run_id);
		p[1] = dande_db_int(in->messages[i].seq);
		p[2] = dande_db_int(in->messages[i].output_id);
	}
	r = dande_db_bulk_insert(in->db, "test_messages", message_cols,
				 MESSAGE_COLS, in->params, n);
out:
	known_release(&known);
	drop_messages(in, n);
	return r;
}

static int flush_errors(struct ingest *in)
{
	struct dande_db_value *p = in->params;
	struct dande_buf sql = DANDE_BUF_INIT;
	const char *commit = in->o->prov ? in->o->prov->commit : NULL;
	size_t i, n = in->nerrs;
	int r;

	if (!n)
		return 0;
	for (i = 0; i < n; i++, p += ERROR_COLS) {
		const struct pending_error *e = &in->errs[i];

		p[0] = dande_db_text(e->fp);
		p[1] = dande_db_text(e->suite);
		p[2] = dande_db_text(e->classname);
		p[3] = dande_db_text(e->name);
		p[4] = dande_db_text(e->kind);
		p[5] = dande_db_text(e->type);
		p[6] = dande_db_text(e->message);
		p[7] = dande_db_int(e->count);
		p[8] = p[9] = dande_db_int(in->run_id);
		p[10] = p[11] = dande_db_text(commit);
		p[12] = p[13] = dande_db_text(in->now);
	}
	batch_sql(&sql, upsert_errors_head, ERROR_COLS, n);
	dande_buf_adds(&sql, upsert_errors_tail);
	r = dande_db_exec(in->db, sql.ptr, in->params, n * ERROR_COLS);
	dande_buf_release(&sql);
	drop_errors(in);
	return r;
}

/* Each small batch when it is full or heavy (or at the end: `all`); a
 * full batch of fingerprints is one statement prepared once. */
static int flush_small(struct ingest *in, int all)
{
	int r = 0;

	if (all || in->nmessages == SMALL_BATCH ||
	    in->message_bytes >= SMALL_BYTES) {
		if ((r = flush_cases(in)) == 0)
			r = flush_messages(in, in->nmessages);
	}
	if (r == 0 && (all || in->nerrs == SMALL_BATCH ||
		       in->error_bytes >= SMALL_BYTES)) {
		r = flush_errors(in);
	}
	return r;
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* Test the three bits of `h`, then set them; 1 when all were set. */
static int bloom_test_set(uint64_t *bits, uint64_t h)
{
	int i, all = 1;

	h = mix64(h);
	for (i = 0; i < 3; i++) {
		uint32_t b = (uint32_t)(h >> (i * 21)) & (BLOOM_BITS - 1);
		uint64_t m = 1ULL << (b & 63);

		if (!(bits[b >> 6] & m)) {
			all = 0;
			bits[b >> 6] |= m;
		}
	}
	return all;
}

/* A field into `h`, eight bytes at a time, closed by its length (so
 * "ab", "c" and "a", "bc" differ).  FNV-1a's byte at a time was 3% of a
 * million-case ingest. */
static uint64_t hash_field(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 31);
}

/* An identity's fields, as case_id() has them (suite and classname ""
 * when absent, file NULL, line 0 when absent). */
struct ident_key {
	const char *suite, *classname, *name, *file, *layer;
	int64_t line;
};

static const char *col_text(const struct dande_db_value *v)
{
	return v->type == DANDE_DB_TEXT ? v->s : NULL;
}

/* The identity in the six columns from `v` (suite, classname, name,
 * file, line, layer), as case_id() would have it; the texts borrowed
 * (both backends NUL-terminate them). */
static struct ident_key row_ident(const struct dande_db_value *v)
{
	struct ident_key k;

	k.suite = col_text(&v[0]) ? col_text(&v[0]) : "";
	k.classname = col_text(&v[1]) ? col_text(&v[1]) : "";
	k.name = col_text(&v[2]) ? col_text(&v[2]) : "";
	k.file = col_text(&v[3]);
	k.line = v[4].type == DANDE_DB_INTEGER ? v[4].i : 0;
	k.layer = col_text(&v[5]) ? col_text(&v[5]) : "";
	return k;
}

/* The hashes of an identity: `h1` (the Bloom filter's and the fresh
 * table's too), and `h2` when not NULL (the map's second half, FNV-1a:
 * another family than h1's). */
static void ident_hash(const struct ident_key *k, uint64_t *h1, uint64_t *h2)
{
	const char *f[] = { k->suite, k->classname, k->name };
	const char *file = k->file, *layer = k->layer;
	int64_t line = k->line;
	uint64_t a = 0x243f6a8885a308d3ULL, b = DANDE_FNV1A_INIT ^
		0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < 3; i++) {
		size_t n = strlen(f[i]);

		a = hash_field(a, f[i], n);
		if (h2)
			b = dande_fnv1a(b, f[i], n + 1);
	}
	a = hash_field(a ^ (file ? 1 : 2), file ? file : "",
		       file ? strlen(file) : 0);
	if (file && h2)
		b = dande_fnv1a(b, file, strlen(file));
	a = hash_field(a, &line, sizeof(line));
	*h1 = mix64(hash_field(a, layer, strlen(layer)));
	if (h2) {
		b = dande_fnv1a(dande_fnv1a(b, "", 1), &line, sizeof(line));
		*h2 = mix64(dande_fnv1a(b, layer, strlen(layer)));
	}
}

/* The slot of (h1, h2): its own, or the empty one it would take. */
static struct ident *map_slot(struct ident *map, uint64_t h1, uint64_t h2)
{
	size_t i = (size_t)(mix64(h1) & (MAP_SLOTS - 1));

	while (map[i].id && (map[i].h1 != h1 || map[i].h2 != h2))
		i = (i + 1) & (MAP_SLOTS - 1);
	return &map[i];
}

static void map_put(struct ingest *in, uint64_t h1, uint64_t h2, int64_t id)
{
	struct ident *e;

	if (!in->map || in->nmap >= MAP_MAX)
		return;
	e = map_slot(in->map, h1, h2);
	if (!e->id) {
		e->h1 = h1;
		e->h2 = h2;
		e->id = id;
		in->nmap++;
	}
}

/* A row of dande_results__sql_prev_cases into the map. */
static int on_prev_case(void *payload, size_t ncols, const char *const *names,
			const struct dande_db_value *v)
{
	struct ingest *in = payload;
	struct ident_key k;
	uint64_t h1, h2;

	(void)names;
	if (!v || ncols < 7 || v[0].type != DANDE_DB_INTEGER)
		return 0;
	k = row_ident(v + 1);
	ident_hash(&k, &h1, &h2);
	map_put(in, h1, h2, v[0].i);
	return 0;
}

/* The previous run's identities, when there was one. */
static int load_map(struct ingest *in)
{
	struct dande_db_value p[2];

	in->map = dande_xcalloc(MAP_SLOTS, sizeof(*in->map));
	p[0] = dande_db_int(in->run_id);
	p[1] = dande_db_int(MAP_MAX);
	return dande_db_select(in->db, dande_results__sql_prev_cases, p, 2,
			       on_prev_case, in);
}

static char *dup_or_null(const char *s)
{
	return s ? dande_xstrdup(s) : NULL;
}

static int same_ident(const struct ident_key *a, const struct ident_key *b)
{
	return !strcmp(a->name, b->name) &&
		!strcmp(a->classname, b->classname) &&
		!strcmp(a->suite, b->suite) && same_text(a->file, b->file) &&
		a->line == b->line && !strcmp(a->layer, b->layer);
}

static const char sql_case_by_id[] =
	"SELECT suite, classname, name, file, line, layer FROM test_cases "
	"WHERE id = ?1";

struct ident_check {
	const struct ident_key *key;
	int same;
};

static int on_case_row(void *payload, size_t ncols, const char *const *names,
		       const struct dande_db_value *v)
{
	struct ident_check *c = payload;
	struct ident_key k;

	(void)names;
	if (!v || ncols < 6)
		return 0;
	k = row_ident(v);
	c->same = same_ident(c->key, &k);
	return 0;
}

/* 1 when identity `id`, added by this ingest, is `k`; < 0 on error. */
static int fresh_same(struct ingest *in, int64_t id,
		      const struct ident_key *k)
{
	int64_t first = in->next_id - (int64_t)in->ncases + 1;
	struct ident_check c = { k, 0 };
	struct dande_db_value p;
	int r;

	if (in->ncases && id >= first) {
		const struct pending_case *pc = &in->cases[id - first];
		const struct ident_key pk = {
			case_text(in, pc->suite), case_text(in, pc->classname),
			case_text(in, pc->name), case_text(in, pc->file),
			case_text(in, pc->layer), pc->line
		};

		return same_ident(k, &pk);
	}
	p = dande_db_int(id);
	if ((r = dande_db_select(in->db, sql_case_by_id, &p, 1, on_case_row,
				 &c)) < 0)
		return r;
	return c.same;
}

static size_t fresh_index(uint32_t hash, size_t bits)
{
	return (size_t)((hash * 0x9e3779b1u) >> (32 - bits));
}

static void fresh_place(struct fresh *f, uint32_t id)
{
	size_t mask = ((size_t)1 << f->bits) - 1,
		i = fresh_index(f->hash[id - 1], f->bits);

	while (f->slot[i])
		i = (i + 1) & mask;
	f->slot[i] = (f->hash[id - 1] & ~FRESH_ID_MASK) | id;
}

/* The id of `k` (hash `hash`) when this ingest added it, else 0. */
static int fresh_find(struct ingest *in, uint32_t hash,
		      const struct ident_key *k, int64_t *id)
{
	struct fresh *f = in->fresh;
	size_t mask = ((size_t)1 << f->bits) - 1,
		i = fresh_index(hash, f->bits);
	uint32_t s, c;
	int r;

	*id = 0;
	for (; (s = f->slot[i]); i = (i + 1) & mask)
		if ((s & ~FRESH_ID_MASK) == (hash & ~FRESH_ID_MASK) &&
		    f->hash[(c = s & FRESH_ID_MASK) - 1] == hash) {
			if ((r = fresh_same(in, c, k)) < 0)
				return r;
			if (r) {
				*id = c;
				return 0;
			}
		}
	return 0;
}

/* Identity `id` (the next) with its hash; the table doubles at half
 * full. */
static void fresh_add(struct fresh *f, uint32_t hash, int64_t id)
{
	size_t i;

	DANDE_GROW(f->hash, f->n, f->alloc, FRESH_FIRST);
	f->hash[f->n++] = hash;
	if (f->n * 2 > (size_t)1 << f->bits) {
		free(f->slot);
		f->bits++;
		f->slot = dande_xcalloc((size_t)1 << f->bits,
					sizeof(*f->slot));
		for (i = 1; i < f->n; i++)
			fresh_place(f, (uint32_t)i);
	}
	fresh_place(f, (uint32_t)id);
}

static struct fresh *fresh_new(void)
{
	struct fresh *f = dande_xcalloc(1, sizeof(*f));
	const struct dande_buf empty = DANDE_BUF_INIT;

	f->index_sql = empty;
	f->bits = 13;	/* FRESH_FIRST identities, half full */
	f->slot = dande_xcalloc((size_t)1 << f->bits, sizeof(*f->slot));
	return f;
}

static void fresh_free(struct fresh *f)
{
	if (!f)
		return;
	free(f->hash);
	free(f->slot);
	dande_buf_release(&f->index_sql);
	free(f);
}

/* A row of test_cases into the Bloom filter. */
static int on_bloom_case(void *payload, size_t ncols, const char *const *names,
			 const struct dande_db_value *v)
{
	struct ingest *in = payload;
	struct ident_key k;
	uint64_t h1;

	(void)names;
	if (!v || ncols < 6)
		return 0;
	k = row_ident(v);
	ident_hash(&k, &h1, NULL);
	bloom_test_set(in->bloom, h1);
	return 0;
}

static const char sql_all_cases[] =
	"SELECT suite, classname, name, file, line, layer FROM test_cases";

/* The name index made again (the end of the ingest, or FRESH_MAX
 * identities); with `more`, lookups go on through it and the Bloom
 * filter, filled from the table. */
static int fresh_end(struct ingest *in, int more)
{
	int r;

	if (!in->fresh)
		return 0;
	if ((r = flush_cases(in)) < 0 ||
	    (r = dande_db_index_restore(in->db, &in->fresh->index_sql)) < 0)
		return r;
	fresh_free(in->fresh);
	in->fresh = NULL;
	if (!more)
		return 0;
	in->bloom = dande_xcalloc(BLOOM_BITS / 64, sizeof(*in->bloom));
	return dande_db_select(in->db, sql_all_cases, NULL, 0, on_bloom_case,
			       in);
}

/* The id of the case's identity, added when new. */
static int case_id(struct ingest *in, const struct dande_junit_case *c,
		   const char *layer, int64_t *id)
{
	const struct ident_key k = {
		c->suite ? c->suite : "", c->classname ? c->classname : "",
		c->name, c->file, layer, c->line > 0 ? c->line : 0
	};
	struct pending_case *pc;
	uint64_t h1, h2;
	int r, known = 1;

	h2 = 0;
	ident_hash(&k, &h1, in->map ? &h2 : NULL);
	if (in->fresh && in->fresh->n >= dande_results__fresh_max &&
	    (r = fresh_end(in, 1)) < 0)
		return r;
	if (in->fresh) {
		if ((r = fresh_find(in, (uint32_t)(h1 >> 32), &k, id)) < 0)
			return r;
		if (*id)
			return 0;
		known = 0;
	}
	if (in->map) {
		const struct ident *e = map_slot(in->map, h1, h2);

		if (e->id) {
			*id = e->id;
			return 0;
		}
	}
	if (in->bloom)
		known = bloom_test_set(in->bloom, h1);
	if (known) {
		struct dande_db_value p[6];

		*id = 0;
		if ((r = flush_cases(in)) < 0)
			return r;
		p[0] = dande_db_text(k.name);
		p[1] = dande_db_text(k.classname);
		p[2] = dande_db_text(k.suite);
		p[3] = dande_db_text(k.file);
		p[4] = k.line ? dande_db_int(k.line) : dande_db_null();
		p[5] = dande_db_text(k.layer);
		if ((r = dande_db_select(in->db,
					 dande_results__sql_find_case, p, 6,
					 dande_db_first_int, id)) < 0)
			return r;
		if (*id) {
			map_put(in, h1, h2, *id);
			return 0;
		}
	}
	pc = &in->cases[in->ncases++];
	pc->id = *id = ++in->next_id;
	map_put(in, h1, h2, *id);
	if (in->fresh)
		fresh_add(in->fresh, (uint32_t)(h1 >> 32), *id);
	pc->suite = keep_text(in, k.suite);
	pc->classname = keep_text(in, k.classname);
	pc->name = keep_text(in, k.name);
	pc->file = keep_text(in, k.file);
	pc->line = k.line;
	pc->layer = keep_text(in, k.layer);
	return in->ncases == in->batch ? flush_cases(in) : 0;
}

/* The status column's codes (see the schema). */
static int status_code(enum dande_junit_status s)
{
	switch (s) {
	case DANDE_JUNIT_PASSED: return 0;
	case DANDE_JUNIT_SKIPPED: return 1;
	case DANDE_JUNIT_FLAKY: return 2;
	case DANDE_JUNIT_FAILED: return 3;
	case DANDE_JUNIT_ERROR: break;
	}
	return 4;
}

/* The case's layer: the last one's when file, class and suite match. */
static const char *case_layer(struct ingest *in,
			      const struct dande_junit_case *c)
{
	const char *parts[3] = { c->file, c->classname, c->suite };
	struct dande_buf *k = &in->last_key;
	size_t i, at = 0;
	int same = in->last_layer != NULL;

	if (in->o->layer)
		return in->o->layer;
	for (i = 0; i < 3 && same; i++) {
		size_t n = parts[i] ? strlen(parts[i]) + 1 : 0;

		/* each part with its NUL, an absent one as a lone 0x01 */
		if (n ? at + n > k->len || memcmp(k->ptr + at, parts[i], n) :
		    at + 1 > k->len || k->ptr[at] != '\001')
			same = 0;
		at += n ? n : 1;
	}
	if (same && at == k->len)
		return in->last_layer;
	dande_buf_reset(k);
	for (i = 0; i < 3; i++) {
		if (parts[i])
			dande_buf_add(k, parts[i], strlen(parts[i]) + 1);
		else
			dande_buf_addch(k, '\001');
	}
	in->last_layer = dande_results_layer(in->o->layer_rules, c->file,
					     c->classname, c->suite);
	return in->last_layer;
}

static int on_property(void *payload, const char *name, const char *value)
{
	struct ingest *in = payload;
	struct dande_db_value p[3];

	p[0] = dande_db_int(in->run_id);
	p[1] = dande_db_text(name);
	p[2] = dande_db_text(value);
	return dande_db_exec(in->db, sql_insert_property, p, 3);
}

static void count_layer(struct ingest *in, const char *layer, double time_s)
{
	static const char *const layers[] = {
		"unit", "integration", "e2e"
	};
	size_t i;

	for (i = 0; i < 3 && strcmp(layer, layers[i]); i++)
		;
	in->layer_n[i]++;
	if (time_s >= 0)
		in->layer_us[i] += llround(time_s * 1e6);
}

static uint64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_size > 0 ? (uint64_t)st.st_size :
		0;
}

static void on_progress(void *payload, uint64_t bytes)
{
	struct ingest *in = payload;

	in->o->on_progress(in->o->payload, in->bytes_before + bytes,
			   in->bytes_total, (uint64_t)in->tests);
}

static int on_case(void *payload, const struct dande_junit_case *c)
{
	struct ingest *in = payload;
	struct pending_result *x;
	const char *layer = case_layer(in, c);
	int64_t test_id = 0, duration_us;
	int r, taken;

	in->tests++;
	switch (c->status) {
	case DANDE_JUNIT_PASSED: in->passed++; break;
	case DANDE_JUNIT_FAILED: in->failed++; break;
	case DANDE_JUNIT_ERROR: in->errors++; break;
	case DANDE_JUNIT_SKIPPED: in->skipped++; break;
	case DANDE_JUNIT_FLAKY: in->flaky++; break;
	}
	if (c->time_s > 0)
		in->sum_s += c->time_s;
	count_layer(in, layer, c->time_s);
	if ((r = case_id(in, c, layer, &test_id)) < 0)
		return r;
	duration_us = c->time_s >= 0 ? llround(c->time_s * 1e6) : -1;
	in->seq++;
	/* a pass, or a skip with nothing to say, goes into the run's
	 * blocks when one can take it */
	if (c->reruns == 0 && (c->status == DANDE_JUNIT_PASSED ||
			       (c->status == DANDE_JUNIT_SKIPPED &&
				!c->failure_type && !c->failure_message &&
				!c->out && !c->err))) {
		if ((r = dande_blocks_add(in->blocks, test_id,
					  c->status == DANDE_JUNIT_SKIPPED,
					  duration_us, &taken)) < 0)
			return r;
		if (taken)
			return flush_small(in, 0);
	}
	if ((r = dande_blocks_row(in->blocks, test_id)) < 0)
		return r;
	x = &in->results[in->nresults++];
	x->seq = in->seq;
	x->test_id = test_id;
	x->status = status_code(c->status);
	x->duration_us = duration_us;
	x->reruns = c->reruns;
	/* the identities first: a result refers to one (PostgreSQL checks
	 * each statement's references as it runs) */
	if (in->nresults == in->batch && ((r = flush_cases(in)) < 0 ||
				      (r = flush_results(in)) < 0))
		return r;
	/* what a passing test printed is not kept: a history of a million
	 * passes would be mostly their output */
	if (c->status != DANDE_JUNIT_PASSED &&
	    (c->failure_type || c->failure_message || c->out || c->err)) {
		struct pending_message *m = &in->messages[in->nmessages++];

		m->seq = in->seq;
		m->test_id = test_id;
		m->type = dup_or_null(c->failure_type);
		m->message = dup_or_null(c->failure_message);
		m->out = dup_or_null(c->out);
		m->err = dup_or_null(c->err);
		in->message_bytes += text_len(c->failure_type) +
			text_len(c->failure_message) + text_len(c->out) +
			text_len(c->err);
	}
	if (c->status == DANDE_JUNIT_FAILED || c->status == DANDE_JUNIT_ERROR) {
		const char *kind = c->status == DANDE_JUNIT_ERROR ? "error" :
			"failure";
		struct pending_error *e = NULL;
		char fp[17];
		size_t i;

		dande_results_fingerprint(fp, c->suite, c->classname, c->name,
					  kind, c->failure_type,
					  c->failure_message);
		for (i = 0; i < in->nerrs && !e; i++)
			if (!strcmp(in->errs[i].fp, fp))
				e = &in->errs[i];
		if (!e) {
			e = &in->errs[in->nerrs++];
			memcpy(e->fp, fp, sizeof(fp));
			e->suite = dande_xstrdup(c->suite ? c->suite : "");
			e->classname = dande_xstrdup(c->classname ?
						     c->classname : "");
			e->name = dande_xstrdup(c->name);
			e->kind = kind;
			e->type = dup_or_null(c->failure_type);
			e->message = dup_or_null(c->failure_message);
			e->count = 0;
			in->error_bytes += text_len(c->failure_message);
		}
		e->count++;
	}
	return flush_small(in, 0);
}

int dande_results_ingest_path(struct dande_db **out, const char *db_path,
			      int busy_ms, const char *const *files,
			      size_t nfiles, const struct dande_results_opts *o,
			      int64_t *run_id)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	int existed = dande_db_exists(db_path), dir_existed, r;

	*out = NULL;
	dande_fs_dirname(&dir, db_path);
	dir_existed = dande_fs_is_dir(dir.ptr);
	/* a database this ingest makes: its pages written once */
	if ((r = dande_db_open(out, db_path, 0, busy_ms)) >= 0) {
		int load = !existed && dande_db_load_begin(*out);

		r = dande_results_ingest(*out, files, nfiles, o, run_id);
		if (load)
			dande_db_load_end(*out);
	}
	if (r < 0) {
		dande_db_close(*out);
		*out = NULL;
		/* bad input changes nothing: not even a new, empty database */
		if (!existed) {
			dande_db_remove(db_path);
			if (!dir_existed)
				rmdir(dir.ptr);
		}
	}
	dande_buf_release(&dir);
	return r;
}

/* The shares leave out the cases of no known layer; a run of only
 * those is unhealthy, an empty one healthy. */
static int insert_pyramid(struct ingest *in)
{
	const struct dande_results_opts *o = in->o;
	int64_t u = in->layer_n[0], e = in->layer_n[2];
	int64_t known = u + in->layer_n[1] + e;
	double unit_share = known ? (double)u / (double)known : 0;
	double e2e_share = known ? (double)e / (double)known : 0;
	int healthy = known ? unit_share >= o->min_unit_share &&
		e2e_share <= o->max_e2e_share : in->layer_n[3] == 0;
	struct dande_db_value p[14];
	size_t i;

	p[0] = dande_db_int(in->run_id);
	for (i = 0; i < 4; i++) {
		p[1 + i] = dande_db_int(in->layer_n[i]);
		p[5 + i] = dande_db_real((double)in->layer_us[i] / 1e6);
	}
	p[9] = known ? dande_db_real(unit_share) : dande_db_null();
	p[10] = known ? dande_db_real(e2e_share) : dande_db_null();
	p[11] = dande_db_real(o->min_unit_share);
	p[12] = dande_db_real(o->max_e2e_share);
	p[13] = dande_db_int(healthy);
	return dande_db_exec(in->db, sql_pyramid, p, 14);
}

/* The run's rows after its cases: totals, resolved errors, pyramid. */
static int finish_run(struct ingest *in)
{
	const struct dande_results_opts *o = in->o;
	struct dande_db_value p[9];
	int r;

	if ((r = flush_cases(in)) < 0 || (r = flush_results(in)) < 0 ||
	    (r = dande_blocks_finish(in->blocks)) < 0 ||
	    (r = flush_small(in, 1)) < 0 || (r = fresh_end(in, 0)) < 0 ||
	    (r = dande_db_settle(in->db)) < 0)
		return r;
	p[0] = dande_db_int(in->run_id);
	p[1] = dande_db_int(in->tests);
	p[2] = dande_db_int(in->passed);
	p[3] = dande_db_int(in->failed);
	p[4] = dande_db_int(in->errors);
	p[5] = dande_db_int(in->skipped);
	p[6] = dande_db_int(in->flaky);
	p[7] = dande_db_text(in->now);
	p[8] = dande_db_real(o->wall_s >= 0 ? o->wall_s : in->sum_s);
	if ((r = dande_db_exec(in->db, sql_update_run, p, 9)) < 0)
		return r;
	p[1] = dande_db_text(in->now);
	if ((r = dande_db_exec(in->db, dande_results__sql_resolve, p, 2)) < 0)
		return r;
	return insert_pyramid(in);
}

/* One attempt at the ingest's transaction: everything it keeps is made
 * here again (dande_db_transaction may run it more than once). */
struct attempt {
	const char *const *files;
	size_t nfiles;
	const struct dande_results_opts *o;
	const char *source;
	unsigned n;
	int64_t run_id;
};

static void ingest_release(struct ingest *in)
{
	drop_cases(in);
	drop_messages(in, in->nmessages);
	drop_errors(in);
	free(in->bloom);
	dande_blocks_free(in->blocks);
	fresh_free(in->fresh);
	free(in->map);
	free(in->cases);
	free(in->results);
	free(in->params);
	dande_buf_release(&in->last_key);
	dande_buf_release(&in->last_outputs_sql);
	dande_buf_release(&in->case_text);
	free(in);
}

static int ingest_attempt(struct dande_db *db, void *payload)
{
	struct attempt *a = payload;
	const struct dande_results_opts *o = a->o;
	struct dande_db_run run;
	struct dande_junit_opts jo;
	struct dande_junit_info info;
	struct ingest *in = dande_xcalloc(1, sizeof(*in));
	const struct dande_buf empty = DANDE_BUF_INIT;
	size_t i;
	int r;

	a->n++;
	in->db = db;
	in->o = o;
	in->last_key = empty;
	in->last_outputs_sql = empty;
	in->case_text = empty;
	/* room for the widest batch */
	in->batch = dande_db_batch_rows(db);
	in->behind = dande_db_bulk_behind(db);
	in->cases = dande_xcalloc(in->batch, sizeof(*in->cases));
	in->results = dande_xcalloc(in->batch, sizeof(*in->results));
	in->params = dande_xcalloc(in->batch * CASE_COLS > SMALL_BATCH *
				   ERROR_COLS ? in->batch * CASE_COLS :
				   SMALL_BATCH * ERROR_COLS,
				   sizeof(*in->params));
	dande_db_now(in->now, sizeof(in->now));
	memset(&run, 0, sizeof(run));
	run.kind = "junit";
	run.started_at = o->started_at;
	run.duration_s = o->wall_s;
	dande_db_run_provenance(&run, o->prov);
	run.source = a->source;
	if ((r = dande_db_insert_run(db, &run, &in->run_id)) < 0 ||
	    (r = dande_db_select(db, sql_last_case, NULL, 0,
				 dande_db_first_int, &in->next_id)) < 0 ||
	    (r = dande_db_select(db, sql_last_output, NULL, 0,
				 dande_db_first_int, &in->last_output)) < 0)
		goto out;
	in->blocks = dande_blocks_new(db, in->run_id);
	if (!in->next_id) {
		in->fresh = fresh_new();
		if ((r = dande_db_index_defer(db, "test_cases_name",
					      &in->fresh->index_sql)) < 0)
			goto out;
		if (!r) {
			fresh_free(in->fresh);
			in->fresh = NULL;
			in->bloom = dande_xcalloc(BLOOM_BITS / 64,
						  sizeof(*in->bloom));
		}
	} else if ((r = load_map(in)) < 0) {
		goto out;
	}
	memset(&jo, 0, sizeof(jo));
	jo.output_cap = o->output_cap ? o->output_cap : DANDE_JUNIT_DEFAULT_CAP;
	jo.on_case = on_case;
	jo.on_property = on_property;
	jo.payload = in;
	if (o->on_progress) {
		jo.on_progress = on_progress;
		for (i = 0; i < a->nfiles; i++)
			in->bytes_total += file_size(a->files[i]);
	}
	for (i = 0; i < a->nfiles; i++) {
		if ((r = dande_junit_parse_file(a->files[i], &jo, &info)) < 0)
			goto out;
		in->bytes_before += o->on_progress ? file_size(a->files[i]) : 0;
		/* each file is told once, however many attempts */
		if (o->on_file && a->n == 1)
			o->on_file(o->payload, a->files[i], &info);
	}
	if ((r = finish_run(in)) == 0)
		a->run_id = in->run_id;
out:
	ingest_release(in);
	return r;
}

int dande_results_ingest(struct dande_db *db, const char *const *files,
			 size_t nfiles, const struct dande_results_opts *o,
			 int64_t *run_id)
{
	struct dande_buf source = DANDE_BUF_INIT;
	struct attempt a;
	size_t i;
	int r;

	for (i = 0; i < nfiles; i++) {
		if (i)
			dande_buf_addch(&source, ' ');
		dande_buf_adds(&source, files[i]);
	}
	memset(&a, 0, sizeof(a));
	a.files = files;
	a.nfiles = nfiles;
	a.o = o;
	a.source = source.ptr;
	/* every reference the ingest writes is to a row it wrote or read
	 * in its own transaction */
	if ((r = dande_db_foreign_keys(db, 0)) == 0) {
		r = dande_db_transaction(db, ingest_attempt, &a);
		/* on again whatever happened; a failure to is the
		 * connection's */
		if (dande_db_foreign_keys(db, 1) < 0 && r >= 0)
			r = DANDE_EEXTERNAL;
	}
	if (r == 0)
		*run_id = a.run_id;
	dande_buf_release(&source);
	return r;
}

struct infra {
	const struct dande_results_infra *x;
	const char *fp, *name;
	char now[32];
	int64_t id;
};

static int infra_rows(struct dande_db *db, void *payload)
{
	static const char errors_one[] =
		"UPDATE test_runs SET errors = 1, finished_at = ?2 "
		"WHERE id = ?1";
	struct infra *a = payload;
	const struct dande_results_infra *x = a->x;
	struct dande_db_run run;
	struct dande_db_value p[10];
	int64_t id = 0;
	int r;

	memset(&run, 0, sizeof(run));
	run.kind = "env";
	run.duration_s = x->duration_s;
	dande_db_run_provenance(&run, x->prov);
	run.tree = NULL;
	run.environment = x->environment;
	run.source = "dande env";
	if ((r = dande_db_insert_run(db, &run, &id)) < 0)
		return r;
	p[0] = dande_db_int(id);
	p[1] = dande_db_text(a->now);
	if ((r = dande_db_exec(db, errors_one, p, 2)) < 0)
		return r;
	p[0] = dande_db_text(a->fp);
	p[1] = dande_db_text("env");
	p[2] = dande_db_text(x->environment);
	p[3] = dande_db_text(a->name);
	p[4] = dande_db_text("infra");
	p[5] = dande_db_text(x->type);
	p[6] = dande_db_text(x->message);
	p[7] = dande_db_int(id);
	p[8] = dande_db_text(x->prov ? x->prov->commit : NULL);
	p[9] = dande_db_text(a->now);
	if ((r = dande_db_exec(db, sql_upsert_error, p, 10)) < 0)
		return r;
	a->id = id;
	return 0;
}

int dande_results_record_infra(struct dande_db *db,
			       const struct dande_results_infra *x,
			       int64_t *run_id)
{
	struct infra a;
	char fp[17];
	int r;

	a.x = x;
	a.name = x->service && *x->service ? x->service : "environment";
	a.id = 0;
	dande_db_now(a.now, sizeof(a.now));
	dande_results_fingerprint(fp, "env", x->environment, a.name, "infra",
				  x->type, x->message);
	a.fp = fp;
	if ((r = dande_db_transaction(db, infra_rows, &a)) == 0 && run_id)
		*run_id = a.id;
	return r;
}

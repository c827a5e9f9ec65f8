/*
 * blocks.c: packing a run's passed and skipped results into test_blocks
 * (blocks_int.h has the format), and schema 8's data steps.
 *
 * The builder holds the run's blocks in memory until the run is whole:
 * each is a fixed range of ids (id / DANDE_BLOCK_MAX), found by hash,
 * made on first use, so results in any order (a shuffled suite, shards,
 * a test added in the middle) land in their blocks.  At the end each is
 * written as one row or a few: split where more than DANDE_BLOCK_GAP ids
 * in a row are absent, trimmed at both ends.  A block whose every id the
 * run has shown (a result it holds, or one told by dande_blocks_row())
 * can take nothing more, and is written at the next dande_blocks_flush()
 * (or once DANDE_BLOCKS_DONE wait): a suite in id order (a first ingest
 * numbers its tests so) keeps a block or two in memory, not the whole
 * run.  Memory: five bytes an id of the ranges open at once (a
 * million tests, every one open: 5 MB), at most DANDE_BLOCKS_MEMORY;
 * past it a result is a row.
 */
#include <stdlib.h>
#include <string.h>

#include "dande/db.h"
#include "dande/error.h"
#include "blocks_int.h"
#include "sql_int.h"
#include "util/banned.h"

struct block {
	int64_t k;		/* ids [k * DANDE_BLOCK_MAX, + MAX); -1: free */
	unsigned char *mem;	/* MAX letters, then 4 * MAX duration bytes;
				 * NULL once written */
	size_t seen;		/* ids shown: 'p', 's' or ROW */
};

/* In memory only: an id whose result is a row (written as '-'). */
#define ROW 'r'

struct dande_blocks {
	struct dande_db *db;
	int64_t run_id;
	struct block *slots;
	size_t nslots, n;	/* slots, blocks made */
	size_t open;		/* blocks in memory */
	int64_t done[DANDE_BLOCKS_DONE];	/* whole, not yet written */
	size_t ndone;
};

#define BLOCK_BYTES (5 * DANDE_BLOCK_MAX)

static const char sql_insert[] =
	"INSERT INTO test_blocks (run_id, base, status, durations) "
	"VALUES (?1, ?2, ?3, ?4)";

static void slots_init(struct dande_blocks *b, size_t n)
{
	size_t i;

	b->slots = dande_xcalloc(n, sizeof(*b->slots));
	b->nslots = n;
	for (i = 0; i < n; i++)
		b->slots[i].k = -1;
}

struct dande_blocks *dande_blocks_new(struct dande_db *db, int64_t run_id)
{
	struct dande_blocks *b = dande_xcalloc(1, sizeof(*b));

	b->db = db;
	b->run_id = run_id;
	slots_init(b, 64);
	return b;
}

void dande_blocks_free(struct dande_blocks *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nslots; i++)
		free(b->slots[i].mem);
	free(b->slots);
	free(b);
}

static struct block *slot_of(struct block *slots, size_t nslots, int64_t k)
{
	uint64_t h = (uint64_t)k * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 32) & (nslots - 1);

	while (slots[i].k != -1 && slots[i].k != k)
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

/* Block k, made when `make` (NULL: none, or no room for another). */
static struct block *block_of(struct dande_blocks *b, int64_t k, int make)
{
	struct block *s = slot_of(b->slots, b->nslots, k);

	if (s->k == k || !make)
		return s->k == k ? s : NULL;
	if ((b->open + 1) * BLOCK_BYTES > DANDE_BLOCKS_MEMORY)
		return NULL;
	if (2 * (b->n + 1) > b->nslots) {
		struct block *old = b->slots;
		size_t i, n = b->nslots;

		slots_init(b, 2 * n);
		for (i = 0; i < n; i++)
			if (old[i].k != -1)
				*slot_of(b->slots, b->nslots, old[i].k) =
					old[i];
		free(old);
		s = slot_of(b->slots, b->nslots, k);
	}
	s->k = k;
	s->seen = 0;
	s->mem = dande_xmalloc(BLOCK_BYTES);
	memset(s->mem, '-', DANDE_BLOCK_MAX);
	memset(s->mem + DANDE_BLOCK_MAX, 0xff, 4 * DANDE_BLOCK_MAX);
	b->n++;
	b->open++;
	return s;
}

static void put_duration(unsigned char *d, int64_t us)
{
	uint32_t v = us < 0 ? DANDE_BLOCK_NO_DURATION : (uint32_t)us;

	d[0] = (unsigned char)v;
	d[1] = (unsigned char)(v >> 8);
	d[2] = (unsigned char)(v >> 16);
	d[3] = (unsigned char)(v >> 24);
}

int64_t dande_blocks_duration(const unsigned char *d, size_t i)
{
	uint32_t v;

	d += 4 * i;
	v = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
		(uint32_t)d[3] << 24;
	return v == DANDE_BLOCK_NO_DURATION ? -1 : (int64_t)v;
}

static int cmp_k(const void *a, const void *b)
{
	int64_t x = ((const struct block *)a)->k;
	int64_t y = ((const struct block *)b)->k;

	return (x > y) - (x < y);
}

/* Block s's ids [from, to) as one row. */
static int write_piece(struct dande_blocks *b, const struct block *s,
		       size_t from, size_t to)
{
	struct dande_db_value p[4];

	p[0] = dande_db_int(b->run_id);
	p[1] = dande_db_int(s->k * DANDE_BLOCK_MAX + (int64_t)from);
	p[2] = dande_db_text("");
	p[2].s = (const char *)s->mem + from;
	p[2].len = to - from;
	p[3] = p[2];
	p[3].type = DANDE_DB_BLOB;
	p[3].s = (const char *)s->mem + DANDE_BLOCK_MAX + 4 * from;
	p[3].len = 4 * (to - from);
	return dande_db_exec(b->db, sql_insert, p, 4);
}

/* Block s as rows (one a run of ids without a long gap), then freed. */
static int write_block(struct dande_blocks *b, struct block *s)
{
	size_t at, from, gap;
	int r = 0;

	for (at = 0; at < DANDE_BLOCK_MAX; at++)
		if (s->mem[at] == ROW)
			s->mem[at] = '-';
	at = 0;
	while (r == 0 && at < DANDE_BLOCK_MAX) {
		while (at < DANDE_BLOCK_MAX && s->mem[at] == '-')
			at++;
		if (at == DANDE_BLOCK_MAX)
			break;
		from = at;
		for (gap = 0; at < DANDE_BLOCK_MAX && gap <= DANDE_BLOCK_GAP;
		     at++)
			gap = s->mem[at] == '-' ? gap + 1 : 0;
		r = write_piece(b, s, from, at - gap);
	}
	free(s->mem);
	s->mem = NULL;
	b->open--;
	return r;
}

int dande_blocks_flush(struct dande_blocks *b)
{
	struct block *s;
	size_t i;
	int r = 0;

	for (i = 0; i < b->ndone && r == 0; i++)
		if ((s = block_of(b, b->done[i], 0)) && s->mem)
			r = write_block(b, s);
	b->ndone = 0;
	return r;
}

/* One more id of block s shown: when that was its last (id 0, in block
 * 0, is never one), the block is whole, written at the next flush. */
static int shown(struct dande_blocks *b, struct block *s)
{
	if (++s->seen < DANDE_BLOCK_MAX - (s->k == 0))
		return 0;
	b->done[b->ndone++] = s->k;
	return b->ndone == DANDE_BLOCKS_DONE ? dande_blocks_flush(b) : 0;
}

int dande_blocks_add(struct dande_blocks *b, int64_t test_id, int skipped,
		     int64_t duration_us, int *taken)
{
	struct block *s;
	size_t off;

	*taken = 0;
	if (test_id <= 0 || duration_us >= (int64_t)DANDE_BLOCK_NO_DURATION)
		return 0;
	if (!(s = block_of(b, test_id / DANDE_BLOCK_MAX, 1)) || !s->mem)
		return 0;
	off = (size_t)(test_id % DANDE_BLOCK_MAX);
	if (s->mem[off] != '-')
		return 0;	/* its second result in the run: a row */
	s->mem[off] = skipped ? 's' : 'p';
	put_duration(s->mem + DANDE_BLOCK_MAX + 4 * off, duration_us);
	*taken = 1;
	return shown(b, s);
}

int dande_blocks_row(struct dande_blocks *b, int64_t test_id)
{
	struct block *s;
	size_t off;

	if (test_id <= 0 ||
	    !(s = block_of(b, test_id / DANDE_BLOCK_MAX, 1)) || !s->mem)
		return 0;
	off = (size_t)(test_id % DANDE_BLOCK_MAX);
	if (s->mem[off] != '-')
		return 0;
	s->mem[off] = ROW;
	return shown(b, s);
}

int dande_blocks_finish(struct dande_blocks *b)
{
	size_t i, n = 0;
	int r = 0;

	/* the blocks in id order, in the front of the table */
	for (i = 0; i < b->nslots; i++)
		if (b->slots[i].k != -1)
			b->slots[n++] = b->slots[i];
	qsort(b->slots, n, sizeof(*b->slots), cmp_k);
	for (i = 0; i < n && r == 0; i++)
		if (b->slots[i].mem)
			r = write_block(b, &b->slots[i]);
	/* written: the builder is empty again */
	for (i = 0; i < n; i++)
		free(b->slots[i].mem);
	free(b->slots);
	b->n = b->open = b->ndone = 0;
	slots_init(b, 64);
	return r;
}

/* ---- schema 8's data ---------------------------------------------------- */

/* A run's rows a block can hold, by test id then seq: passed or skipped,
 * no rerun, no message, a duration that fits. */
#define MOVABLE \
	"x.status <= 1 AND x.reruns = 0 AND (x.duration_us IS NULL OR " \
	"x.duration_us < 4294967295) AND NOT EXISTS (SELECT 1 FROM " \
	"test_messages m WHERE m.run_id = x.run_id AND m.seq = x.seq)"

struct movable {
	int64_t *v;		/* test_id, status, duration (-1: none) */
	size_t n, alloc;
};

static int on_id(void *payload, size_t ncols, const char *const *names,
		 const struct dande_db_value *v)
{
	struct movable *m = payload;

	(void)names;
	if (!v)
		return 0;
	if (m->n + ncols > m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 3 * 1024;
		m->v = dande_xrealloc(m->v, m->alloc * sizeof(*m->v));
	}
	m->v[m->n++] = v[0].i;
	if (ncols > 1) {
		m->v[m->n++] = v[1].i;
		m->v[m->n++] = v[2].type == DANDE_DB_INTEGER ? v[2].i : -1;
	}
	return 0;
}

/* (seq, test_id) pairs into `payload` (struct movable). */
static int on_pair(void *payload, size_t ncols, const char *const *names,
		   const struct dande_db_value *v)
{
	struct movable *m = payload;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	if (m->n + 2 > m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 2 * 1024;
		m->v = dande_xrealloc(m->v, m->alloc * sizeof(*m->v));
	}
	m->v[m->n++] = v[0].i;
	m->v[m->n++] = v[1].i;
	return 0;
}

/* Up: each run's movable rows, a test's first of them, into blocks (by
 * id: the run's blocks are as few as its ids allow), then out of
 * test_results; the `tests` view shows the same cases. */
int dande_blocks_migrate_up(struct dande_db *db)
{
	static const char sql_runs[] =
		"SELECT DISTINCT run_id FROM test_results ORDER BY run_id";
	static const char sql_rows[] =
		"SELECT x.test_id, x.status, x.duration_us FROM test_results x "
		"WHERE x.run_id = ?1 AND " MOVABLE " ORDER BY x.test_id, x.seq";
	/* a test's first movable row, where a block holds it (one that
	 * found no room stays) */
	static const char sql_delete[] =
		"DELETE FROM test_results WHERE run_id = ?1 AND seq IN "
		"(SELECT MIN(x.seq) FROM test_results x WHERE x.run_id = ?1 "
		"AND " MOVABLE " GROUP BY x.test_id) AND "
		DANDE_BLOCK_LETTER_PLAIN("?1", "test_results.test_id") " IN ('p', "
		"'s')";
	struct movable runs = { NULL, 0, 0 }, rows = { NULL, 0, 0 };
	size_t i, k;
	int r;

	if ((r = dande_db_select(db, sql_runs, NULL, 0, on_id, &runs)) < 0)
		goto out;
	for (i = 0; i < runs.n && r == 0; i++) {
		struct dande_db_value p = dande_db_int(runs.v[i]);
		struct dande_blocks *b;
		int64_t prev = 0;
		int taken;

		rows.n = 0;
		if ((r = dande_db_select(db, sql_rows, &p, 1, on_id,
					 &rows)) < 0)
			break;
		b = dande_blocks_new(db, runs.v[i]);
		for (k = 0; k < rows.n && r == 0; k += 3) {
			if (rows.v[k] == prev)
				continue;	/* a second result: a row */
			prev = rows.v[k];
			r = dande_blocks_add(b, rows.v[k], rows.v[k + 1] == 1,
					     rows.v[k + 2], &taken);
		}
		if (r == 0)
			r = dande_blocks_finish(b);
		dande_blocks_free(b);
		if (r == 0)
			r = dande_db_exec(db, sql_delete, &p, 1);
	}
out:
	free(runs.v);
	free(rows.v);
	return r;
}

/* A block's entries into `payload` (struct movable: id, status,
 * duration), read whole before any row is written: PostgreSQL streams a
 * result, and nothing else runs on the connection meanwhile. */
static int on_block(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *v)
{
	struct movable *m = payload;
	size_t i;

	(void)ncols;
	(void)names;
	if (!v)
		return 0;
	if (v[1].len * 4 != v[2].len)
		return dande_error_set(DANDE_EINVALID, "test_blocks: base "
				       "%lld: %zu letters, %zu duration bytes",
				       (long long)v[0].i, v[1].len, v[2].len);
	for (i = 0; i < v[1].len; i++) {
		if (v[1].s[i] != 'p' && v[1].s[i] != 's')
			continue;
		if (m->n + 3 > m->alloc) {
			m->alloc = m->alloc ? 2 * m->alloc : 3 * 1024;
			m->v = dande_xrealloc(m->v, m->alloc * sizeof(*m->v));
		}
		m->v[m->n++] = v[0].i + (int64_t)i;
		m->v[m->n++] = v[1].s[i] == 's';
		m->v[m->n++] = dande_blocks_duration(
			(const unsigned char *)v[2].s, i);
	}
	return 0;
}

/* Down: each block's entries as rows again, and the run's cases
 * numbered anew, its rows and entries merged by test id (identities are
 * numbered in report order: that is the order they had, and what
 * schema 3 numbers identities by if the schema goes further down).  The
 * rows' and messages' seqs move out of the way first. */
#define SEQ_AWAY ((int64_t)1 << 40)
int dande_blocks_migrate_down(struct dande_db *db)
{
	static const char sql_runs[] =
		"SELECT DISTINCT run_id FROM test_blocks ORDER BY run_id";
	static const char sql_rows[] =
		"SELECT seq, test_id FROM test_results WHERE run_id = ?1 "
		"ORDER BY seq";
	static const char sql_blocks[] =
		"SELECT base, status, durations FROM test_blocks WHERE "
		"run_id = ?1 ORDER BY base";
	/* a case's seq, in its row and its message alike */
#define AWAY(t) "UPDATE " t " SET seq = seq + ?2 WHERE run_id = ?1"
#define BACK(t) "UPDATE " t " SET seq = ?3 WHERE run_id = ?1 AND seq = ?2"
	static const char sql_away[] = AWAY("test_results");
	static const char sql_away_m[] = AWAY("test_messages");
	static const char sql_back[] = BACK("test_results");
	static const char sql_back_m[] = BACK("test_messages");
#undef AWAY
#undef BACK
	static const char sql_row[] =
		"INSERT INTO test_results (run_id, seq, test_id, status, "
		"duration_us, reruns) VALUES (?1, ?2, ?3, ?4, ?5, 0)";
	struct movable runs = { NULL, 0, 0 }, rows = { NULL, 0, 0 };
	struct movable ents = { NULL, 0, 0 };
	size_t i;
	int r;

	if ((r = dande_db_select(db, sql_runs, NULL, 0, on_id, &runs)) < 0)
		goto out;
	for (i = 0; i < runs.n && r == 0; i++) {
		struct dande_db_value p[5];
		size_t a = 0, b = 0;
		int64_t seq = 0;

		p[0] = dande_db_int(runs.v[i]);
		p[1] = dande_db_int(SEQ_AWAY);
		rows.n = ents.n = 0;
		if ((r = dande_db_select(db, sql_rows, p, 1, on_pair,
					 &rows)) < 0 ||
		    (r = dande_db_select(db, sql_blocks, p, 1, on_block,
					 &ents)) < 0 ||
		    (r = dande_db_exec(db, sql_away, p, 2)) < 0 ||
		    (r = dande_db_exec(db, sql_away_m, p, 2)) < 0)
			break;
		while (r == 0 && (a < rows.n || b < ents.n)) {
			p[2] = dande_db_int(++seq);
			if (b < ents.n && (a == rows.n ||
					   ents.v[b] < rows.v[a + 1])) {
				p[1] = p[2];
				p[2] = dande_db_int(ents.v[b]);
				p[3] = dande_db_int(ents.v[b + 1]);
				p[4] = ents.v[b + 2] < 0 ? dande_db_null() :
					dande_db_int(ents.v[b + 2]);
				r = dande_db_exec(db, sql_row, p, 5);
				b += 3;
				continue;
			}
			p[1] = dande_db_int(rows.v[a] + SEQ_AWAY);
			if ((r = dande_db_exec(db, sql_back, p, 3)) == 0)
				r = dande_db_exec(db, sql_back_m, p, 3);
			a += 2;
		}
	}
out:
	free(runs.v);
	free(rows.v);
	free(ents.v);
	return r;
}

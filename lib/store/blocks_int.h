/*
 * blocks_int.h: a run's passed and skipped results, packed (schema 8).
 *
 * Most of a history is tests passing.  A row per passed case and run was
 * 21 bytes on SQLite (a record header, the key, the cell), a fifth of the
 * XML it came from; here a run's results sit in test_blocks, each block a
 * range of test ids from `base`: `status`, one letter per id ('p'
 * passed, 's' skipped, '-' not in this block), and `durations`, four
 * bytes per id (microseconds, little-endian; FFFFFFFF: none).  Five
 * bytes a case.  A test's result in a run is one probe of the key
 * (run_id, base <= id, the largest) and a letter at a known place.
 *
 * What a block cannot say stays a row of test_results, as before:
 * anything not passed or skipped, a rerun, a skip with a message, a
 * duration over 71 minutes, a test's second result in the same run, an
 * id that comes after a block past it was closed.  A test's results in a
 * run are its rows and its letter, together; a block's entries have no
 * seq (their order is the ids': identities are numbered in the order
 * reports first showed them).
 */
#ifndef DANDE_BLOCKS_INT_H
#define DANDE_BLOCKS_INT_H

#include <stddef.h>
#include <stdint.h>

struct dande_db;

/* Ids a block holds at most (a block's row stays within a 4 KiB page),
 * the run of absent ids a block takes in before it is split, and the
 * memory a run's blocks take while it is read. */
#define DANDE_BLOCK_MAX 790
#define DANDE_BLOCK_GAP 32
#define DANDE_BLOCKS_MEMORY ((size_t)16 << 20)
#define DANDE_BLOCKS_DONE 16
#define DANDE_BLOCK_NO_DURATION 0xffffffffu

struct dande_blocks;

/* A builder of run `run_id`'s blocks, written by dande_blocks_finish()
 * in the caller's transaction. */
struct dande_blocks *dande_blocks_new(struct dande_db *db, int64_t run_id);
/* Test `test_id`'s result: *taken 1 when a block holds it, 0 when the
 * caller writes it as a row. */
int dande_blocks_add(struct dande_blocks *b, int64_t test_id, int skipped,
		     int64_t duration_us, int *taken);
/* Test `test_id`'s result in the run is a row (the caller writes it): a
 * block whose ids have all been shown is written before the end. */
int dande_blocks_row(struct dande_blocks *b, int64_t test_id);
/* The blocks whole so far written: the caller says when (PostgreSQL:
 * before it sends a COPY, not while the server works on one). */
int dande_blocks_flush(struct dande_blocks *b);
/* Every block written (the builder is empty again). */
int dande_blocks_finish(struct dande_blocks *b);
void dande_blocks_free(struct dande_blocks *b);

/* The duration at position `i` of a block's durations (-1: none). */
int64_t dande_blocks_duration(const unsigned char *durations, size_t i);

/* Schema 8's data steps, both engines: the rows a block can hold moved
 * into blocks, and back. */
int dande_blocks_migrate_up(struct dande_db *db);
int dande_blocks_migrate_down(struct dande_db *db);

/*
 * SQL, for every engine.  dande_duration_us(durations, i) and
 * dande_letter(status, i) are the library's functions on both (SQLite:
 * registered on each connection; PostgreSQL: in the schema, step 9):
 * position i's duration, NULL for none, and its letter, '' past the
 * end.  Both read a byte where it is: substr() counts characters from
 * the start of the text on both engines, a block's length a letter.
 */
/* The letter of test T in block b. */
#define DANDE_BLOCK_AT(T) "dande_letter(b.status, " T " - b.base)"
/* The letter of test T in run R ('p', 's'; '-', '' or NULL: none). */
#define DANDE_BLOCK_LETTER_OF(F, R, T) \
	"(SELECT " F " FROM test_blocks bk WHERE bk.run_id = " R " AND " \
	"bk.base <= " T " ORDER BY bk.base DESC LIMIT 1)"
#define DANDE_BLOCK_LETTER(R, T) \
	DANDE_BLOCK_LETTER_OF("dande_letter(bk.status, " T " - bk.base)", R, T)
/* The same in plain SQL, for schema 8's own step (dande_letter() comes
 * with step 9 on PostgreSQL; PostgreSQL's substr() takes an int). */
#define DANDE_BLOCK_LETTER_PLAIN(R, T) \
	DANDE_BLOCK_LETTER_OF("substr(bk.status, CAST(" T " - bk.base + 1 " \
			      "AS INTEGER), 1)", R, T)
/* With `b` a row of test_blocks of run R and T a test id: b is the
 * block of T in R (one probe of the key), and holds a result of it. */
#define DANDE_BLOCK_HOLDS(R, T) \
	"b.run_id = " R " AND b.base = (SELECT MAX(b2.base) FROM " \
	"test_blocks b2 WHERE b2.run_id = " R " AND b2.base <= " T ") AND " \
	DANDE_BLOCK_AT(T) " IN ('p', 's')"
/* Its status code (0 passed, 1 skipped) and duration in microseconds. */
#define DANDE_BLOCK_STATUS(T) \
	"CASE " DANDE_BLOCK_AT(T) " WHEN 'p' THEN 0 ELSE 1 END"
#define DANDE_BLOCK_DURATION(T) "dande_duration_us(b.durations, " T \
	" - b.base)"
/* The identities in run R's blocks' ranges, b the block, c each (the
 * blocks first: CROSS JOIN keeps SQLite from reading them once per
 * identity); the few a block does not hold ('-') among them. */
#define DANDE_BLOCK_RANGES(R) \
	"test_blocks b CROSS JOIN test_cases c WHERE b.run_id = " R " AND " \
	"c.id >= b.base AND c.id < b.base + length(b.status)"
/* Run R's block entries: the identities its blocks hold. */
#define DANDE_BLOCK_ENTRIES(R) \
	DANDE_BLOCK_RANGES(R) " AND " DANDE_BLOCK_AT("c.id") " <> '-'"

#endif

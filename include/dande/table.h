/*
 * table.h: write result rows (from dande_db_query/export) as aligned
 * text, CSV (RFC 4180) or a JSON array of objects, to the caller's stream
 * or, through an atomic write, to a file.
 */
#ifndef DANDE_TABLE_H
#define DANDE_TABLE_H

#include <stdio.h>

#include "dande/buf.h"
#include "dande/db.h"
#include "dande/json.h"

enum dande_table_format {
	DANDE_TABLE_TEXT,
	DANDE_TABLE_CSV,
	DANDE_TABLE_JSON
};

struct dande_atomic;

struct dande_table_writer {
	enum dande_table_format fmt;
	struct dande_atomic *file;	/* NULL: to `stream` */
	FILE *stream;
	struct dande_buf out;		/* pending output */
	struct dande_json json;
	struct dande_strvec names;	/* column names */
	struct dande_strvec cells;	/* TEXT: every cell, row-major */
	int failed;
};

/* Start writing in `fmt` to the file `path`, atomically, or to `stream`
 * when `path` is NULL.  Returns 0 or DANDE_EEXTERNAL when the file cannot
 * be created. */
int dande_table_writer_open(struct dande_table_writer *w,
			    enum dande_table_format fmt, const char *path,
			    FILE *stream);

/* A dande_db_row_fn: `payload` is the writer. */
int dande_table_row(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *values);

/* Finish: when `status` is 0, write what is pending and commit the file;
 * otherwise discard the file.  Returns `status`, or the write error. */
int dande_table_writer_close(struct dande_table_writer *w, int status);

/* Append `s` to `out` as one CSV field, quoted when it must be. */
void dande_table_csv_field(struct dande_buf *out, const char *s, size_t len);

#endif

/*
 * table.c: result rows as aligned text, CSV or JSON.  CSV and JSON stream
 * (memory flat in the number of rows); aligned text must see every row to
 * size its columns, so it keeps them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/fs.h"
#include "dande/table.h"
#include "util/banned.h"

#define FLUSH_AT (64 * 1024)

int dande_table_writer_open(struct dande_table_writer *w,
			    enum dande_table_format fmt, const char *path,
			    FILE *stream)
{
	int r;

	memset(w, 0, sizeof(*w));
	w->fmt = fmt;
	w->stream = stream;
	dande_buf_init(&w->out, 0);
	dande_strvec_init(&w->names);
	dande_strvec_init(&w->cells);
	if (path && (r = dande_atomic_open(&w->file, path)) < 0)
		return r;
	if (fmt == DANDE_TABLE_JSON) {
		dande_json_init(&w->json, &w->out, 1);
		dande_json_array_begin(&w->json);
	}
	return 0;
}

static int flush(struct dande_table_writer *w)
{
	int r = 0;

	if (w->out.len == 0)
		return 0;
	if (w->file)
		r = dande_atomic_write(w->file, w->out.ptr, w->out.len);
	else if (fwrite(w->out.ptr, 1, w->out.len, w->stream) != w->out.len)
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot write the "
				       "rows");
	dande_buf_reset(&w->out);
	return r;
}

void dande_table_csv_field(struct dande_buf *out, const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (strcspn(s, ",\"\r\n") >= len && s[0] != ' ' &&
			 s[len - 1] != ' ')) {
		dande_buf_add(out, s, len);
		return;
	}
	dande_buf_addch(out, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			dande_buf_addch(out, '"');
		dande_buf_addch(out, s[i]);
	}
	dande_buf_addch(out, '"');
}

/* The text form of a value into `out` (reset first). */
static void value_text(struct dande_buf *out, const struct dande_db_value *v,
		       const char *null)
{
	size_t i;

	dande_buf_reset(out);
	switch (v->type) {
	case DANDE_DB_NULL:
		dande_buf_adds(out, null);
		break;
	case DANDE_DB_INTEGER:
		dande_buf_addf(out, "%lld", (long long)v->i);
		break;
	case DANDE_DB_REAL: {
		char tmp[64];

		dande_json_format_double(tmp, sizeof(tmp), v->d);
		dande_buf_adds(out, tmp);
		break;
	}
	case DANDE_DB_TEXT:
		dande_buf_add(out, v->s, v->len);
		break;
	case DANDE_DB_BLOB:
		dande_buf_adds(out, "x'");
		for (i = 0; i < v->len; i++)
			dande_buf_addf(out, "%02x", (unsigned char)v->s[i]);
		dande_buf_addch(out, '\'');
		break;
	}
}

int dande_table_row(void *payload, size_t ncols, const char *const *names,
		    const struct dande_db_value *values)
{
	struct dande_table_writer *w = payload;
	struct dande_buf cell = DANDE_BUF_INIT;
	size_t i;

	if (!values) {
		for (i = 0; i < ncols; i++)
			dande_strvec_push(&w->names, names[i]);
		if (w->fmt == DANDE_TABLE_CSV) {
			for (i = 0; i < ncols; i++) {
				if (i)
					dande_buf_addch(&w->out, ',');
				dande_table_csv_field(&w->out, names[i],
						      strlen(names[i]));
			}
			dande_buf_addch(&w->out, '\n');
		}
		return 0;
	}
	for (i = 0; i < ncols; i++) {
		const struct dande_db_value *v = &values[i];

		switch (w->fmt) {
		case DANDE_TABLE_TEXT:
			value_text(&cell, v, "NULL");
			dande_strvec_push(&w->cells, cell.ptr);
			break;
		case DANDE_TABLE_CSV:
			if (i)
				dande_buf_addch(&w->out, ',');
			value_text(&cell, v, "");
			dande_table_csv_field(&w->out, cell.ptr, cell.len);
			break;
		case DANDE_TABLE_JSON:
			if (i == 0)
				dande_json_object_begin(&w->json);
			dande_json_key(&w->json, names[i]);
			if (v->type == DANDE_DB_INTEGER)
				dande_json_int(&w->json, v->i);
			else if (v->type == DANDE_DB_REAL)
				dande_json_double(&w->json, v->d);
			else if (v->type == DANDE_DB_NULL)
				dande_json_null(&w->json);
			else if (v->type == DANDE_DB_TEXT)
				dande_json_string_len(&w->json, v->s, v->len);
			else {
				value_text(&cell, v, "");
				dande_json_string(&w->json, cell.ptr);
			}
			if (i + 1 == ncols)
				dande_json_object_end(&w->json);
			break;
		}
	}
	if (w->fmt == DANDE_TABLE_CSV)
		dande_buf_addch(&w->out, '\n');
	dande_buf_release(&cell);
	if (w->out.len >= FLUSH_AT)
		return flush(w);
	return 0;
}

/* Display width: code points, with control characters shown as one
 * space each (see render). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void pad_cell(struct dande_buf *out, const char *s, size_t w, int last)
{
	const char *p;

	for (p = s; *p; p++)
		dande_buf_addch(out, (unsigned char)*p < 0x20 ? ' ' : *p);
	if (!last)
		dande_buf_addf(out, "%*s", (int)(w - width(s) + 2), "");
}

static void render_text(struct dande_table_writer *w)
{
	size_t ncols = w->names.nr, i, k, *wid;

	if (ncols == 0)
		return;
	wid = dande_xcalloc(ncols, sizeof(*wid));
	for (i = 0; i < ncols; i++)
		wid[i] = width(w->names.v[i]);
	for (k = 0; k < w->cells.nr; k++)
		if (width(w->cells.v[k]) > wid[k % ncols])
			wid[k % ncols] = width(w->cells.v[k]);
	for (i = 0; i < ncols; i++)
		pad_cell(&w->out, w->names.v[i], wid[i], i + 1 == ncols);
	dande_buf_addch(&w->out, '\n');
	for (i = 0; i < ncols; i++) {
		for (k = 0; k < wid[i]; k++)
			dande_buf_addch(&w->out, '-');
		if (i + 1 < ncols)
			dande_buf_adds(&w->out, "  ");
	}
	dande_buf_addch(&w->out, '\n');
	for (k = 0; k < w->cells.nr; k++) {
		pad_cell(&w->out, w->cells.v[k], wid[k % ncols],
			 k % ncols + 1 == ncols);
		if (k % ncols + 1 == ncols)
			dande_buf_addch(&w->out, '\n');
	}
	free(wid);
}

int dande_table_writer_close(struct dande_table_writer *w, int status)
{
	int r = status;

	if (r == 0) {
		if (w->fmt == DANDE_TABLE_TEXT)
			render_text(w);
		else if (w->fmt == DANDE_TABLE_JSON)
			dande_json_array_end(&w->json);
		r = flush(w);
	}
	if (w->file) {
		if (r == 0)
			r = dande_atomic_commit(w->file);
		else
			dande_atomic_abort(w->file);
		w->file = NULL;
	}
	dande_buf_release(&w->out);
	dande_strvec_release(&w->names);
	dande_strvec_release(&w->cells);
	return r;
}

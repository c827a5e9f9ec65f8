/*
 * cli_int.h: what the parts of lib/cli/ share.
 */
#ifndef DANDE_CLI_INT_H
#define DANDE_CLI_INT_H

#include "dande/cli.h"

/* The common options (common.c), indexed by these. */
enum { C_DIR, C_DB, C_JSON, C_QUIET, C_VERBOSE, C_COLOR, C_LIMIT, C_ALL,
	C_HELP, C_VERSION };

extern const struct dande_opt dande_cli__common[];
#define DANDE_CLI__NCOMMON (C_VERSION + 1)

/* `text` wrapped at 79 columns, continuation lines indented by `indent`
 * (the first line starts at column `col`). */
void dande_cli__wrap(struct dande_buf *out, const char *text, size_t col,
		     size_t indent);

/* A help row's text: from column 24 of the row begun at out->len ==
 * `start` (on the next line when the row's left part is wider), wrapped.
 * The options' and the commands' lists alike. */
void dande_cli__help_column(struct dande_buf *out, size_t start,
			    const char *text);

/*
 * Complete the last of argv[0..argc) (the words after the tool's name,
 * the last one being completed, possibly "") from the tool's tables and
 * `common`, into `out`: "words", "files" or "dirs" on the first line,
 * then the candidates one per line.  The configuration and database of
 * `cli` give environment and test names when loaded.
 */
int dande_cli_complete(struct dande_cli *cli, const struct dande_tool *tool,
		       const struct dande_opt *common, int argc, char **argv,
		       struct dande_buf *out);

/* Manual pages (man.c). */
/* .TH and NAME of page `name`(`section`): "name \- what". */
void dande_man_header(struct dande_buf *out, const char *name, int section,
		      const char *what);
/* Free text: paragraphs at blank lines, indented lines kept as written. */
void dande_man_text(struct dande_buf *out, const char *text);
/* dande-TOOL(1) from the tool's tables and the common options. */
void dande_cli_format_man(struct dande_buf *out, const struct dande_tool *tool,
			  const struct dande_opt *common);
/* dande(1) from the tools' list and the common options; dande-config(5)
 * from the configuration keys; dandedb(7) from the schema of `db`. */
void dande_man_dande(struct dande_buf *out);
void dande_config_man(struct dande_buf *out);
struct dande_db;
int dande_db_man(struct dande_buf *out, struct dande_db *db);
/* One of the pages above by name: "dande", "config" or "schema" (read
 * from a new database in a temp dir).  DANDE_EUSAGE for another name. */
int dande_cli_man_page(struct dande_buf *out, const char *page);

#endif

/*
 * cli_int.h: what the parts of lib/cli/ share.
 */
#ifndef DANDE_CLI_INT_H
#define DANDE_CLI_INT_H

#include "dande/cli.h"

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

#endif

/*
 * config.h: layered settings, read through libgit2's config API.
 *
 * Layers, lowest first: built-in defaults < .dande.conf at the repository
 * root < `dande.`-prefixed keys in the repository's .git/config (per-clone
 * overrides: `[dande "coverage"] threshold = 80`) < DANDE_* environment
 * variables (key upper-cased, '.' as '_': DANDE_COVERAGE_THRESHOLD; lists
 * comma-separated) < values set from the command line.
 *
 * Keys are "section.name" or "section.subsection.name"; section and name
 * are case-insensitive, as in git.  A malformed value gives DANDE_EUSAGE
 * with a message naming the key, the value and where it came from.
 */
#ifndef DANDE_CONFIG_H
#define DANDE_CONFIG_H

#include <stdint.h>

#include "dande/buf.h"

struct dande_config;

#define DANDE_CONFIG_FILE ".dande.conf"

/*
 * Load the layers.  `root` is the directory holding .dande.conf (NULL:
 * none), `gitdir` the repository's git directory (NULL: none), `envp` the
 * environment to read DANDE_* from (NULL: none).  Returns 0,
 * DANDE_EUSAGE when a file does not parse (the message names file and
 * line), or DANDE_EEXTERNAL when it cannot be read.
 */
/* Set `key` ("env.dev.cacert") to `value` in the git-config file `path`
 * (made when missing), the rest of the file kept; the file is replaced
 * whole.  DANDE_EUSAGE naming the file when libgit2 cannot. */
int dande_config_file_set(const char *path, const char *key,
			  const char *value);

int dande_config_load(struct dande_config **out, const char *root,
		      const char *gitdir, const char *const *envp);
void dande_config_free(struct dande_config *cfg);

/* Set `key` on the command-line layer (highest).  Several calls for one
 * key make a list. */
void dande_config_set(struct dande_config *cfg, const char *key,
		      const char *value);

/* The winning value of `key`, borrowed; DANDE_ENOTFOUND when no layer
 * and no default has it. */
int dande_config_get_string(const struct dande_config *cfg, const char *key,
			    const char **out);
/* Integers accept git's k/m/g suffixes. */
int dande_config_get_int(const struct dande_config *cfg, const char *key,
			 int64_t *out);
/* true/false/yes/no/on/off/1/0, as git. */
int dande_config_get_bool(const struct dande_config *cfg, const char *key,
			  int *out);
/* "85", "85%", "85.5": a number from 0 to 100. */
int dande_config_get_percent(const struct dande_config *cfg, const char *key,
			     double *out);
/* Every value of the highest layer that has the key, in order, appended
 * to `out`. */
int dande_config_get_list(const struct dande_config *cfg, const char *key,
			  struct dande_strvec *out);
/* Where the winning value of `key` comes from, into `out`: "default",
 * a file path, "environment DANDE_X" or "command line". */
int dande_config_origin(const struct dande_config *cfg, const char *key,
			struct dande_buf *out);
/* The distinct subsections of `section` ("env" gives "dev", "test"), in
 * order of first appearance across the file layers, appended to `out`. */
int dande_config_subsections(const struct dande_config *cfg,
			     const char *section, struct dande_strvec *out);

/* The same, with `dflt` when no layer has the key (no error recorded):
 * errors only for a malformed value. */
int dande_config_get_string_or(const struct dande_config *cfg,
			       const char *key, const char *dflt,
			       const char **out);
int dande_config_get_int_or(const struct dande_config *cfg, const char *key,
			    int64_t dflt, int64_t *out);
int dande_config_get_bool_or(const struct dande_config *cfg, const char *key,
			     int dflt, int *out);
int dande_config_get_percent_or(const struct dande_config *cfg,
				const char *key, double dflt, double *out);

/* Every key dande reads: its type, built-in default and what it is.
 * Subsection keys are written "env.<name>.compose". */
enum dande_config_type {
	DANDE_CONFIG_STRING,
	DANDE_CONFIG_INT,
	DANDE_CONFIG_BOOL,
	DANDE_CONFIG_PERCENT,
	DANDE_CONFIG_LIST
};

struct dande_config_key {
	const char *key;
	enum dande_config_type type;
	const char *dflt;	/* NULL: none */
	const char *doc;
};

/* The table, ended by a NULL key. */
extern const struct dande_config_key dande_config_keys[];

/* The entry for `key` ("env.dev.compose" finds env.<name>.compose), or
 * NULL for a key dande does not read. */
const struct dande_config_key *dande_config_key_find(const char *key);

/* The table as text (0: dande help config), a Markdown table (1: the
 * README) or roff tagged paragraphs (2: dande-config(5)). */
void dande_config_keys_format(struct dande_buf *out, int markdown);

/* Parsers behind the getters, exposed for reuse (flags, tests). */
int dande_config_parse_percent(double *out, const char *value);

#endif

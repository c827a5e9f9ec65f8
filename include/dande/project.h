/*
 * project.h: set a repository up for dande (what `dande init` does), and
 * the ecosystems it recognises.
 */
#ifndef DANDE_PROJECT_H
#define DANDE_PROJECT_H

struct dande_buf;
struct dande_config;
struct dande_repo;

/* An ecosystem: the file that marks it, the test command that writes its
 * reports, and where they are (NULL: none by default). */
struct dande_ecosystem {
	const char *marker;	/* NULL: the fallback (make test-all) */
	const char *name;	/* NULL for the fallback */
	const char *test, *junit, *coverage;
};

/* The first ecosystem whose marker is at `root`, else the fallback. */
const struct dande_ecosystem *dande_ecosystem_detect(const char *root);

struct dande_project_opts {
	const char *root;		/* the working tree */
	struct dande_repo *repo;
	const struct dande_config *config;
	const char *version;		/* NULL: what the files hold, else
					   0.1.0 */
	const char *scheme;		/* "nano" or "semver"; NULL: semver
					   for npm, Python, Rust and Go
					   projects and where a tag has a
					   part over 9, else nano */
	const char *dande;		/* the shims' dande, NULL: on PATH */
	int force;			/* replace files, keeping FILE.bak */
	int hooks;			/* install the git hooks */
	int env;			/* the Docker environments too */
};

/*
 * Write .dande.conf (the version files found, the ecosystem's test
 * command and reports), VERSION and CHANGELOG.md, each unless it exists
 * (with `force`: kept as FILE.bak), install the hooks and the
 * environments when asked; a line per step into `report`.
 * DANDE_EUSAGE for a bad version, DANDE_EEXTERNAL without a working tree
 * or when a file cannot be written.
 */
int dande_project_init(const struct dande_project_opts *o,
		       struct dande_buf *report);

#endif

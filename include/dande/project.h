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
/*
 * An ecosystem's test command and the reports it writes.  `test` writes
 * `junit` and `coverage` when the project has the reporters (`probe`
 * says which); otherwise `plain` is the command, and each report it does
 * not write comes with the hint that makes it.
 */
struct dande_ecosystem {
	const char *marker;	/* NULL: the fallback (make test-all) */
	const char *name;	/* NULL for the fallback */
	const char *test, *junit, *coverage;
	const char *plain;	/* without the reporters (NULL: `test`) */
	const char *junit_hint, *coverage_hint;
};

/* The first ecosystem whose marker is at `root`, else the fallback. */
const struct dande_ecosystem *dande_ecosystem_detect(const char *root);

/* What init configures for `eco` at `root`: the command, and the reports
 * it writes (NULL: not written; then the hint says how). */
struct dande_ecosystem_setup {
	const char *test, *junit, *coverage;
	const char *junit_hint, *coverage_hint;
	const char *why;	/* the reporters found, or "" */
};
void dande_ecosystem_setup(const char *root,
			   const struct dande_ecosystem *eco,
			   struct dande_ecosystem_setup *out);

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

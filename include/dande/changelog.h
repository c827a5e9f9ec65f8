/*
 * changelog.h: CHANGELOG.md in the Keep a Changelog 1.1.0 format, kept
 * losslessly: the document is its lines, byte for byte (line endings, a
 * BOM, a missing final newline included), with the structure found on
 * them.  An edit splices lines, so untouched bytes stay as they were.
 */
#ifndef DANDE_CHANGELOG_H
#define DANDE_CHANGELOG_H

#include <stddef.h>

#include "dande/buf.h"

struct dande_changelog;

/* One release (or the Unreleased section) of the document. */
struct dande_changelog_release {
	int unreleased;
	char *version;		/* without brackets or a leading 'v' */
	char *date;		/* as written, NULL when none */
	int yanked;
	size_t line;		/* 1-based line of the heading */
	size_t end;		/* the line after the section's last */
	int level;		/* heading level */
};

/* Parse `len` bytes (`name` for messages).  Never fails on content: what
 * it does not understand stays as prose; lint says what is wrong. */
int dande_changelog_parse(struct dande_changelog **out, const char *data,
			  size_t len, const char *name);
void dande_changelog_free(struct dande_changelog *cl);

/* The document's bytes (after any edits) into `out`. */
void dande_changelog_render(const struct dande_changelog *cl,
			    struct dande_buf *out);

size_t dande_changelog_releases(const struct dande_changelog *cl,
				const struct dande_changelog_release **out);

/* Add a bullet under [Unreleased] ### TYPE (created where missing, the
 * section in Keep a Changelog's order).  `type` is one of added, changed,
 * deprecated, removed, fixed, security (any case).  DANDE_EUSAGE for an
 * unknown type, DANDE_EINVALID when the file has two Unreleased sections.
 * 0, or DANDE_EEXISTS when the same bullet is there already (nothing
 * changed). */
int dande_changelog_add(struct dande_changelog *cl, const char *type,
			const char *text);

/* dande_changelog_add() for many bullets of one type at once (generate):
 * one pass over the document whatever their number.  Bullets there
 * already, or repeated in `texts`, are left out; `added` gets how many
 * went in.  Errors as dande_changelog_add(). */
int dande_changelog_add_many(struct dande_changelog *cl, const char *type,
			     const char *const *texts, size_t n,
			     size_t *added);

/* Turn [Unreleased] into "## [VERSION] - DATE", the commit and branch on
 * a comment line below it ("<!-- dande: commit abc123def456, branch
 * main -->", when the commit is known), a fresh empty [Unreleased] above,
 * and the compare links at the bottom updated when the file has them.
 * DANDE_EINVALID: no Unreleased section, or it is empty and !allow_empty,
 * or VERSION is there already. */
int dande_changelog_release(struct dande_changelog *cl, const char *version,
			    const char *date, const char *commit,
			    const char *branch, int allow_empty);

/* A paragraph `text` (one line) at the top of release `version`'s
 * section, below its heading and dande's commit line; one starting with
 * the same word and colon ("Quality:") is replaced.  DANDE_ENOTFOUND when
 * no such release. */
int dande_changelog_note(struct dande_changelog *cl, const char *version,
			 const char *text);

/* The body of a section (between its heading and the next release), blank
 * lines around it trimmed.  `which`: a version, "unreleased" or "latest".
 * DANDE_ENOTFOUND when there is none. */
int dande_changelog_show(const struct dande_changelog *cl, const char *which,
			 struct dande_buf *out, int json);

/* Every problem as "NAME:LINE: problem\n" into `out`; the count. */
size_t dande_changelog_lint(const struct dande_changelog *cl,
			    struct dande_buf *out);

/* ---- Conventional Commits ------------------------------------------------- */

struct dande_commit_msg {
	char *type;		/* lower case */
	char *scope;		/* "" when none */
	int breaking;		/* '!' or a BREAKING CHANGE footer */
	char *description;
};

/* Parse the first line (and footers) of a commit message: 0, or
 * DANDE_EINVALID with the reason recorded ("line 1: ...").  The strings
 * are the caller's: dande_commit_msg_release() frees them (also after a
 * failure). */
int dande_commit_msg_parse(struct dande_commit_msg *out, const char *msg);
void dande_commit_msg_release(struct dande_commit_msg *m);

/* Lint a commit message file's contents as git would see it (comment
 * lines dropped); merge, revert, fixup!/squash!/amend! messages pass.
 * 0, or DANDE_EINVALID with "line N: reason". */
int dande_commit_msg_lint(const char *msg);

/* The commit message style a project asks for (hooks.commitMsg):
 * Conventional Commits (the default), Keep a Changelog verbs ("Added new
 * feature", "Fixed login"), or no check. */
enum dande_msg_style {
	DANDE_MSG_CONVENTIONAL,
	DANDE_MSG_KEEPACHANGELOG,
	DANDE_MSG_OFF
};

/* "conventional", "keepachangelog" or "off" (NULL: the default);
 * DANDE_EUSAGE naming hooks.commitMsg otherwise. */
int dande_msg_style_parse(const char *s, enum dande_msg_style *out);

/* dande_commit_msg_lint in `style`: keepachangelog wants a subject whose
 * first word is a Keep a Changelog verb (Added, Changed, Deprecated,
 * Removed, Fixed, Security; Add, Change, Fix, ... too, any case) and
 * more after it; off accepts anything. */
int dande_commit_msg_lint_as(const char *msg, enum dande_msg_style style);

/* The section a Keep a Changelog subject files under ("Fixed" for "Fix
 * login"), *rest where the words after the verb start; NULL when the
 * first word is no such verb or nothing follows it. */
const char *dande_kac_section(const char *subject, const char **rest);

/* The Keep a Changelog section of a conventional type ("Added" for feat),
 * or NULL when such commits are left out (chore, docs, ...). */
const char *dande_commit_msg_section(const struct dande_commit_msg *m);

/* Read the changelog at `path` (`name` in messages) / write it back
 * atomically. */
int dande_changelog_load(struct dande_changelog **out, const char *path,
			 const char *name);
int dande_changelog_save(const struct dande_changelog *cl, const char *path);

/* Conventional types left out of generated entries by default
 * (changelog.skip): chore, docs, test, ci, style, build. */
extern const char *const dande_changelog_default_skip[];

struct dande_changelog_gen {
	size_t added;		/* entries that went in (not there before) */
	int kept, skipped;	/* commits used, commits left out */
	struct dande_buf boundary;	/* where the range began ("" from the
					   root); dande_changelog_gen_release() */
};

/*
 * Entries under [Unreleased] from the conventional commits `from`..`to`
 * (NULL: since the last release tag, to HEAD): feat to Added, fix to
 * Fixed, ..., breaking changes marked, types in `skip` (NULL: the
 * defaults) left out, others to Changed; a line per entry that went in
 * into `preview`.  `kac` (hooks.commitMsg = keepachangelog): a message
 * that starts with a Keep a Changelog verb ("Fixed login") files under
 * its section too, the verb left out ("Login").
 */
struct dande_repo;
int dande_changelog_generate(struct dande_changelog *cl,
			     struct dande_repo *repo, const char *from,
			     const char *to, const char *const *skip, int kac,
			     struct dande_buf *preview,
			     struct dande_changelog_gen *out);
void dande_changelog_gen_release(struct dande_changelog_gen *g);

/*
 * Every release of the history (generate --all): a section per version
 * tag HEAD reaches that the changelog has not ("## [VERSION] - DATE", the
 * date the tagged commit's, its entries from the commits since the
 * previous version tag, or from the root), spliced in version order among
 * the sections there (a section written by hand stays as it is), then
 * [Unreleased] from the commits since the newest tag, into a new
 * document `*result` (dande_changelog_free()); `cl` is left as it was.
 */
struct dande_changelog_all {
	size_t sections, entries, unreleased;
};
int dande_changelog_generate_all(const struct dande_changelog *cl,
				 struct dande_repo *repo,
				 const char *const *skip, int kac,
				 struct dande_changelog **result,
				 struct dande_changelog_all *out);

/* A new changelog: the title, the format line and an empty
 * [Unreleased] (what generate --all fills where there is no file). */
int dande_changelog_new(struct dande_changelog **out);

/* What generate says it did: with --all, the sections and entries it
 * added; else the entries since the boundary, then `preview`. */
void dande_changelog_all_format(struct dande_buf *out,
				const struct dande_changelog_all *a);
void dande_changelog_gen_format(struct dande_buf *out,
				const struct dande_changelog_gen *g,
				const struct dande_buf *preview);

/* dande_changelog_release() dated `date` (NULL: today, UTC), its release
 * line naming HEAD's commit and branch in `repo` (none when NULL). */
int dande_changelog_release_here(struct dande_changelog *cl,
				 struct dande_repo *repo, const char *version,
				 const char *date, int allow_empty);

#endif

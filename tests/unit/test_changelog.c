/*
 * Unit tests of lib/release/changelog.c: the lossless model, add, release, show
 * and lint against before/after files in tests/data/changelog/, and the
 * Conventional Commits parser and linter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/changelog.h"
#include "lib/test.h"
#include "unit/suites.h"

static struct dande_changelog *load(const char *name, char **text)
{
	struct dande_buf p = DANDE_BUF_INIT;
	struct dande_changelog *cl = NULL;

	dande_buf_addf(&p, "%s/changelog/%s", dande_test_data(), name);
	*text = dande_test_read(p.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*text);
	DANDE_ASSERT_OK(dande_changelog_parse(&cl, *text, strlen(*text),
					      "CHANGELOG.md"));
	dande_buf_release(&p);
	return cl;
}

static void expect_render(struct dande_changelog *cl, const char *name)
{
	struct dande_buf out = DANDE_BUF_INIT, p = DANDE_BUF_INIT;
	char *want;

	dande_buf_addf(&p, "%s/changelog/%s", dande_test_data(), name);
	want = dande_test_read(p.ptr);
	dande_changelog_render(cl, &out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	if (strcmp(out.ptr, want)) {
		struct dande_buf msg = DANDE_BUF_INIT;

		dande_buf_addf(&msg, "%s differs:\n%s", name, out.ptr);
		DANDE_FAIL(msg.ptr);
		dande_buf_release(&msg);
	}
	free(want);
	dande_buf_release(&out);
	dande_buf_release(&p);
}

static void test_changelog__round_trip_and_structure(void)
{
	static const char *const files[] = { "basic.md", "broken.md",
		"crlf-no-final-newline.md", "add-expected.md" };
	const struct dande_changelog_release *r;
	struct dande_changelog *cl;
	char *text;
	size_t i;

	for (i = 0; i < 4; i++) {
		cl = load(files[i], &text);
		expect_render(cl, files[i]);
		dande_changelog_free(cl);
		free(text);
	}
	cl = load("basic.md", &text);
	CU_ASSERT_EQUAL_FATAL(dande_changelog_releases(cl, &r), 3);
	CU_ASSERT(r[0].unreleased);
	CU_ASSERT_EQUAL(r[0].line, 5);
	CU_ASSERT_STRING_EQUAL(r[1].version, "1.0.0");
	CU_ASSERT_STRING_EQUAL(r[1].date, "2026-01-02");
	CU_ASSERT_EQUAL(r[2].yanked, 1);
	dande_changelog_free(cl);
	free(text);
}

static void test_changelog__add_in_canonical_order(void)
{
	struct dande_changelog *cl;
	char *text;

	cl = load("basic.md", &text);
	DANDE_ASSERT_OK(dande_changelog_add(cl, "fixed", "A leak on exit."));
	DANDE_ASSERT_OK(dande_changelog_add(cl, "Added", "Streaming input."));
	CU_ASSERT_EQUAL(dande_changelog_add(cl, "fixed", "A leak on exit."),
			DANDE_EEXISTS);
	DANDE_ASSERT_ERR(dande_changelog_add(cl, "improved", "x"),
			 DANDE_EUSAGE, "unknown change type 'improved'");
	expect_render(cl, "add-expected.md");
	dande_changelog_free(cl);
	free(text);
}

static void test_changelog__release(void)
{
	struct dande_changelog *cl;
	char *text;

	cl = load("basic.md", &text);
	DANDE_ASSERT_ERR(dande_changelog_release(cl, "1.0.0", "2026-11-22",
						 NULL, NULL, 0),
			 DANDE_EINVALID, "version 1.0.0 is released already");
	DANDE_ASSERT_OK(dande_changelog_release(cl, "1.1.0", "2026-11-22",
		"0123456789abcdef0123456789abcdef01234567", "main", 0));
	expect_render(cl, "release-expected.md");
	/* the new [Unreleased] is empty: nothing more to release */
	DANDE_ASSERT_ERR(dande_changelog_release(cl, "1.2.0", "2026-11-23",
						 NULL, NULL, 0),
			 DANDE_EINVALID, ":5: [Unreleased] is empty");
	DANDE_ASSERT_OK(dande_changelog_release(cl, "1.2.0", "2026-11-23",
						NULL, NULL, 1));
	dande_changelog_free(cl);
	free(text);
}

static void test_changelog__crlf_and_missing_newline(void)
{
	struct dande_changelog *cl;
	struct dande_buf out = DANDE_BUF_INIT;
	char *text;

	cl = load("crlf-no-final-newline.md", &text);
	DANDE_ASSERT_OK(dande_changelog_add(cl, "fixed", "Two."));
	dande_changelog_render(cl, &out);
	CU_ASSERT_STRING_EQUAL(out.ptr, "# Changelog\r\n\r\n## [Unreleased]"
			       "\r\n\r\n### Fixed\r\n\r\n- Two.\r\n\r\n"
			       "## [1.0.0] - 2026-01-02\r\n\r\n### Added\r\n"
			       "\r\n- One.");
	dande_buf_release(&out);
	dande_changelog_free(cl);
	free(text);
}

static void test_changelog__show(void)
{
	struct dande_changelog *cl;
	struct dande_buf out = DANDE_BUF_INIT;
	char *text;

	cl = load("basic.md", &text);
	DANDE_ASSERT_OK(dande_changelog_show(cl, "unreleased", &out, 0));
	CU_ASSERT_STRING_EQUAL(out.ptr, "### Fixed\n\n- A crash on empty "
			       "input.\n");
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_changelog_show(cl, "latest", &out, 1));
	DANDE_ASSERT_CONTAINS(out.ptr, "\"version\": \"1.0.0\"");
	DANDE_ASSERT_CONTAINS(out.ptr, "\"Added\": [\n      \"The first "
			      "release.\"\n    ]");
	dande_buf_reset(&out);
	DANDE_ASSERT_OK(dande_changelog_show(cl, "v0.9.0", &out, 0));
	CU_ASSERT_STRING_EQUAL(out.ptr, "### Added\n\n- A preview.\n");
	DANDE_ASSERT_ERR(dande_changelog_show(cl, "3.0.0", &out, 0),
			 DANDE_ENOTFOUND, "no release '3.0.0'");
	dande_buf_release(&out);
	dande_changelog_free(cl);
	free(text);
}

static void test_changelog__lint(void)
{
	struct dande_changelog *cl;
	struct dande_buf out = DANDE_BUF_INIT;
	char *text;

	cl = load("basic.md", &text);
	CU_ASSERT_EQUAL(dande_changelog_lint(cl, &out), 0);
	dande_changelog_free(cl);
	free(text);
	cl = load("broken.md", &text);
	CU_ASSERT_EQUAL(dande_changelog_lint(cl, &out), 11);
	CU_ASSERT_STRING_EQUAL(out.ptr,
		"CHANGELOG.md:3: invalid date '2026-13-01' (YYYY-MM-DD)\n"
		"CHANGELOG.md:3: [1.2.0] has no link reference\n"
		"CHANGELOG.md:5: unknown section 'Improved' (Added, Changed, "
		"Deprecated, Removed, Fixed, Security)\n"
		"CHANGELOG.md:9: Unreleased below a release (first release at "
		"line 3)\n"
		"CHANGELOG.md:9: [Unreleased] has no link reference\n"
		"CHANGELOG.md:11: empty section 'Fixed'\n"
		"CHANGELOG.md:13: version 1.3.0 is not lower than 1.2.0 above it "
		"(line 3)\n"
		"CHANGELOG.md:15: release 1.0.0 has no date\n"
		"CHANGELOG.md:15: [1.0.0] has no link reference\n"
		"CHANGELOG.md:19: version 1.0.0 is there already (line 15)\n"
		"CHANGELOG.md:19: [1.0.0] has no link reference\n");
	/* two Unreleased sections: adding is refused */
	dande_changelog_free(cl);
	free(text);
	dande_buf_release(&out);
}

static void test_changelog__two_unreleased_refuse_edits(void)
{
	static const char doc[] = "## [Unreleased]\n\n- a\n\n## [Unreleased]\n";
	struct dande_changelog *cl = NULL;

	DANDE_ASSERT_OK(dande_changelog_parse(&cl, doc, sizeof(doc) - 1,
					      "CHANGELOG.md"));
	DANDE_ASSERT_ERR(dande_changelog_add(cl, "added", "x"), DANDE_EINVALID,
			 "CHANGELOG.md:5: a second Unreleased section");
	dande_changelog_free(cl);
	DANDE_ASSERT_ERR(dande_changelog_parse(&cl, "a\nb\0c", 5, "bin.md"),
			 DANDE_EINVALID, "bin.md:2: a NUL byte");
}

static void test_changelog__commit_messages(void)
{
	static const struct {
		const char *msg;
		int ok;
		const char *why;
	} cases[] = {
		{ "feat: add streaming", 1, NULL },
		{ "fix(parser): handle CRLF\n\nLong body.\n", 1, NULL },
		{ "feat(api)!: drop v1\n", 1, NULL },
		{ "refactor: x\n\nBREAKING CHANGE: renamed\n", 1, NULL },
		{ "# comment only\n\nchore: tidy\n# more\n", 1, NULL },
		{ "Merge branch 'x'\n", 1, NULL },
		{ "fixup! feat: add streaming\n", 1, NULL },
		{ "Revert \"feat: add streaming\"\n", 1, NULL },
		{ "added streaming", 0, "line 1: the type 'added streaming' is "
		  "not a word" },
		{ "Added streaming: now", 0, "not a word" },
		{ "feat:missing space", 0, "': ' must follow" },
		{ "feat: ", 0, "line 1: the description is empty" },
		{ "feat(: x", 0, "a scope must be '(name)'" },
		{ "feat: subject\nbody right away\n", 0,
		  "line 2: leave a blank line" },
		{ "", 0, "line 1: the message is empty" },
		{ "# only comments\n", 0, "the message is empty" },
		{ "fe at: x", 0, "not a word" },
	};
	struct dande_commit_msg m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = dande_commit_msg_lint(cases[i].msg);

		if (cases[i].ok)
			DANDE_ASSERT_OK(r);
		else
			DANDE_ASSERT_ERR(r, DANDE_EINVALID, cases[i].why);
	}
	DANDE_ASSERT_OK(dande_commit_msg_parse(&m, "feat(api)!: drop v1"));
	CU_ASSERT_STRING_EQUAL(m.type, "feat");
	CU_ASSERT_STRING_EQUAL(m.scope, "api");
	CU_ASSERT_EQUAL(m.breaking, 1);
	CU_ASSERT_STRING_EQUAL(dande_commit_msg_section(&m), "Added");
	dande_commit_msg_release(&m);
	DANDE_ASSERT_OK(dande_commit_msg_parse(&m, "chore: tidy"));
	CU_ASSERT_PTR_NULL(dande_commit_msg_section(&m));
	dande_commit_msg_release(&m);
	DANDE_ASSERT_OK(dande_commit_msg_parse(&m, "fix(security): escape"));
	CU_ASSERT_STRING_EQUAL(dande_commit_msg_section(&m), "Security");
	dande_commit_msg_release(&m);
	/* a long description is kept whole */
	{
		struct dande_buf msg = DANDE_BUF_INIT;
		size_t k;

		dande_buf_adds(&msg, "feat: ");
		for (k = 0; k < 100; k++)
			dande_buf_adds(&msg, "0123456789");
		DANDE_ASSERT_OK(dande_commit_msg_parse(&m, msg.ptr));
		CU_ASSERT_EQUAL(strlen(m.description), 1000);
		dande_commit_msg_release(&m);
		dande_buf_release(&msg);
	}
}


/* A note under a release's heading: after dande's commit line, a blank
 * line around it; a second one of the same kind replaces the first;
 * a release without a blank line below its heading gets them; lint
 * accepts the result. */
static void test_changelog__note(void)
{
	static const char text[] = "# Changelog\n\n## [Unreleased]\n\n"
		"## [1.1.0] - 2026-01-02\n<!-- dande: commit 0123456789ab -->"
		"\n\n### Added\n\n- Two.\n\n## [1.0.0] - 2026-01-01\n"
		"### Added\n\n- One.\n";
	struct dande_changelog *cl = NULL;
	struct dande_buf out = DANDE_BUF_INIT;

	DANDE_ASSERT_OK_FATAL(dande_changelog_parse(&cl, text, strlen(text),
						    "CHANGELOG.md"));
	DANDE_ASSERT_OK(dande_changelog_note(cl, "1.1.0", "Quality: 3 tests."));
	DANDE_ASSERT_OK(dande_changelog_note(cl, "1.1.0", "Quality: 4 tests."));
	DANDE_ASSERT_OK(dande_changelog_note(cl, "1.0.0", "Quality: 1 test."));
	DANDE_ASSERT_ERR(dande_changelog_note(cl, "2.0.0", "Quality: none."),
			 DANDE_ENOTFOUND, "CHANGELOG.md: no release 2.0.0");
	dande_changelog_render(cl, &out);
	CU_ASSERT_STRING_EQUAL(out.ptr, "# Changelog\n\n## [Unreleased]\n\n"
		"## [1.1.0] - 2026-01-02\n<!-- dande: commit 0123456789ab -->"
		"\n\nQuality: 4 tests.\n\n### Added\n\n- Two.\n\n"
		"## [1.0.0] - 2026-01-01\n\nQuality: 1 test.\n\n### Added\n"
		"\n- One.\n");
	dande_buf_reset(&out);
	CU_ASSERT_EQUAL(dande_changelog_lint(cl, &out), 0);
	dande_buf_release(&out);
	dande_changelog_free(cl);
}


/* hooks.commitMsg = keepachangelog: a subject starting with a verb of
 * the format, filed under its section; off takes anything; an unknown
 * style is a usage error naming the key. */
static void test_changelog__message_styles(void)
{
	static const struct {
		const char *msg, *section, *rest;
	} cases[] = {
		{ "Added new feature", "Added", "new feature" },
		{ "fixed login\n\nWith an empty password.\n", "Fixed",
		  "login\n\nWith an empty password.\n" },
		{ "Removed: the v1 API", "Removed", "the v1 API" },
		{ "Deprecates the flag", "Deprecated", "the flag" },
		{ "Security fix for CVE-1", "Security", "fix for CVE-1" },
		{ "Changes\tthe default", "Changed", "the default" },
		{ "Added", NULL, NULL },
		{ "Fixed  \nbody", NULL, NULL },
		{ "feat: x", NULL, NULL },
		{ "Addition of x", NULL, NULL },
	};
	enum dande_msg_style style;
	const char *rest;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = dande_kac_section(cases[i].msg, &rest);

		if (!cases[i].section) {
			CU_ASSERT_PTR_NULL(got);
			DANDE_ASSERT_ERR(dande_commit_msg_lint_as(cases[i].msg,
					 DANDE_MSG_KEEPACHANGELOG),
					 DANDE_EINVALID, "line 1: the subject "
					 "starts with no Keep a Changelog verb");
			continue;
		}
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		CU_ASSERT_STRING_EQUAL(got, cases[i].section);
		CU_ASSERT_STRING_EQUAL(rest, cases[i].rest);
		DANDE_ASSERT_OK(dande_commit_msg_lint_as(cases[i].msg,
			DANDE_MSG_KEEPACHANGELOG));
	}
	/* merges pass, a body needs its blank line, in this style too */
	DANDE_ASSERT_OK(dande_commit_msg_lint_as("Merge branch 'x'\n",
						 DANDE_MSG_KEEPACHANGELOG));
	DANDE_ASSERT_ERR(dande_commit_msg_lint_as("Fixed x\nbody\n",
			 DANDE_MSG_KEEPACHANGELOG), DANDE_EINVALID,
			 "line 2: leave a blank line");
	/* off: anything; conventional: as before */
	DANDE_ASSERT_OK(dande_commit_msg_lint_as("whatever", DANDE_MSG_OFF));
	DANDE_ASSERT_OK(dande_commit_msg_lint_as("", DANDE_MSG_OFF));
	DANDE_ASSERT_ERR(dande_commit_msg_lint_as("Added x",
			 DANDE_MSG_CONVENTIONAL), DANDE_EINVALID, "line 1:");
	DANDE_ASSERT_OK(dande_msg_style_parse(NULL, &style));
	CU_ASSERT_EQUAL(style, DANDE_MSG_CONVENTIONAL);
	DANDE_ASSERT_OK(dande_msg_style_parse("keepachangelog", &style));
	CU_ASSERT_EQUAL(style, DANDE_MSG_KEEPACHANGELOG);
	DANDE_ASSERT_OK(dande_msg_style_parse("off", &style));
	CU_ASSERT_EQUAL(style, DANDE_MSG_OFF);
	DANDE_ASSERT_ERR(dande_msg_style_parse("angular", &style), DANDE_EUSAGE,
			 "hooks.commitMsg is conventional, keepachangelog or "
			 "off, not 'angular'");
}

CU_TestInfo test_changelog_tests[] = {
	{ "test_changelog__message_styles", test_changelog__message_styles },
	{ "test_changelog__note", test_changelog__note },
	{ "test_changelog__round_trip_and_structure",
	  test_changelog__round_trip_and_structure },
	{ "test_changelog__add_in_canonical_order",
	  test_changelog__add_in_canonical_order },
	{ "test_changelog__release", test_changelog__release },
	{ "test_changelog__crlf_and_missing_newline",
	  test_changelog__crlf_and_missing_newline },
	{ "test_changelog__show", test_changelog__show },
	{ "test_changelog__lint", test_changelog__lint },
	{ "test_changelog__two_unreleased_refuse_edits",
	  test_changelog__two_unreleased_refuse_edits },
	{ "test_changelog__commit_messages", test_changelog__commit_messages },
	CU_TEST_INFO_NULL
};

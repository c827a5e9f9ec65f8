/*
 * config_keys.c: every configuration key dande reads, with its type, its
 * built-in default and one line of documentation.  The one place a
 * default is set: config.c answers absent keys from here, and `dande
 * help config` and the README's configuration section are printed from
 * here, so the three cannot drift.  Depends on libc alone, so the front
 * door can print it without loading libgit2.
 */
#include <string.h>
#include <strings.h>

#include "dande/buf.h"
#include "dande/config.h"
#include "util/banned.h"

/* Subsection keys are written section.<name>.key. */
const struct dande_config_key dande_config_keys[] = {
	{ "db.path", DANDE_CONFIG_STRING, "data/DandE.db",
	  "the tracking database, relative to the repository root (env "
	  "DANDE_DB)" },
	{ "db.busyTimeout", DANDE_CONFIG_INT, "5000",
	  "milliseconds to wait for a busy database" },
	{ "version.scheme", DANDE_CONFIG_STRING, "nano", "nano | semver" },
	{ "version.rollover", DANDE_CONFIG_INT, "10",
	  "nano: a part that reaches this rolls over into the next" },
	{ "bump.file", DANDE_CONFIG_LIST, NULL,
	  "files that carry the version (pyproject.toml, package.json, "
	  "Cargo.toml, setup.cfg, CMakeLists.txt, ...)" },
	{ "bump.<path>.define", DANDE_CONFIG_STRING, NULL,
	  "the C #define NAME in <path> that holds the version" },
	{ "bump.<path>.pattern", DANDE_CONFIG_STRING, NULL,
	  "a line pattern with {version} in <path>" },
	{ "bump.tagFormat", DANDE_CONFIG_STRING, "v{version}",
	  "the release tag" },
	{ "bump.message", DANDE_CONFIG_STRING,
	  "chore(release): {version}",
	  "the release commit's message" },
	{ "bump.test", DANDE_CONFIG_STRING, NULL,
	  "a command run after the files are written: commit and tag only "
	  "when it passes" },
	{ "changelog.quality", DANDE_CONFIG_BOOL, "false",
	  "a release's section gets a quality line (tests, coverage, flaky) "
	  "from the last run" },
	{ "changelog.skip", DANDE_CONFIG_LIST,
	  "chore, docs, test, ci, style, build",
	  "conventional types generate leaves out" },
	{ "coverage.threshold", DANDE_CONFIG_PERCENT, "85",
	  "line coverage the gate asks for" },
	{ "coverage.branchThreshold", DANDE_CONFIG_PERCENT, NULL,
	  "branch coverage the gate asks for" },
	{ "coverage.fileThreshold", DANDE_CONFIG_PERCENT, NULL,
	  "line coverage every file needs" },
	{ "coverage.patchThreshold", DANDE_CONFIG_PERCENT, NULL,
	  "patch coverage dande cov patch asks for (default: threshold)" },
	{ "coverage.tolerance", DANDE_CONFIG_PERCENT, "0.1",
	  "ratchet tolerance, in percentage points" },
	{ "coverage.base", DANDE_CONFIG_STRING, NULL,
	  "patch and ratchet base (default origin/main, else main)" },
	{ "coverage.paths", DANDE_CONFIG_LIST, NULL,
	  "FROM:TO rewrites of report paths made elsewhere (FROM a glob)" },
	{ "coverage.include", DANDE_CONFIG_LIST, NULL,
	  "only files matching these globs" },
	{ "coverage.exclude", DANDE_CONFIG_LIST, NULL,
	  "leave out files matching these globs" },
	{ "junit.failOn", DANDE_CONFIG_STRING, "any", "any | new | none" },
	{ "junit.outputCap", DANDE_CONFIG_INT, "65536",
	  "bytes of system-out/-err kept per test" },
	{ "pyramid.minUnitShare", DANDE_CONFIG_PERCENT, "50",
	  "unit tests' share of the layered tests, at least" },
	{ "pyramid.maxE2eShare", DANDE_CONFIG_PERCENT, "20",
	  "end-to-end tests' share, at most" },
	{ "layer.<name>.pattern", DANDE_CONFIG_LIST, NULL,
	  "globs on file, classname or suite for layer unit, integration "
	  "or e2e" },
	{ "todos.tag", DANDE_CONFIG_LIST, "TODO, FIXME, XXX, HACK",
	  "the tags looked for" },
	{ "todos.include", DANDE_CONFIG_LIST, NULL, "only files matching" },
	{ "todos.exclude", DANDE_CONFIG_LIST, NULL, "leave out files matching" },
	{ "todos.base", DANDE_CONFIG_STRING, "HEAD",
	  "what a new TODO is measured against" },
	{ "todos.max", DANDE_CONFIG_INT, NULL,
	  "gate: at most this many open" },
	{ "todos.noNew", DANDE_CONFIG_BOOL, "false", "gate: no new one" },
	{ "todos.requireRef", DANDE_CONFIG_BOOL, "false",
	  "gate: new ones cite an issue (also the pre-commit check)" },
	{ "hooks.preCommit", DANDE_CONFIG_LIST, NULL,
	  "commands pre-commit runs, each an argv" },
	{ "hooks.prePush", DANDE_CONFIG_STRING, "make test-all",
	  "the tests pre-push runs" },
	{ "hooks.junitReports", DANDE_CONFIG_LIST, NULL,
	  "reports pre-push ingests after the tests" },
	{ "hooks.coverageReports", DANDE_CONFIG_LIST, NULL,
	  "reports pre-push gates after the tests" },
	{ "hooks.commitMsg", DANDE_CONFIG_STRING, "conventional",
	  "commit-msg checks the message: conventional | keepachangelog "
	  "(Added/Changed/Deprecated/Removed/Fixed/Security ...) | off" },
	{ "hooks.changelog", DANDE_CONFIG_STRING, "always",
	  "pre-commit lints CHANGELOG.md: always | staged | never" },
	{ "hooks.runInCI", DANDE_CONFIG_BOOL, "false",
	  "run the hooks when CI is set" },
	{ "hooks.passCache", DANDE_CONFIG_BOOL, "true",
	  "a pre-commit whose inputs did not change passes at once" },
	{ "hooks.<name>.run", DANDE_CONFIG_STRING, NULL,
	  "a named command (SKIP=<name> skips it)" },
	{ "hooks.<name>.hook", DANDE_CONFIG_STRING, "pre-commit",
	  "when the named command runs: pre-commit | pre-push" },
	{ "env.tool", DANDE_CONFIG_STRING, "auto",
	  "auto | docker | docker-compose | podman" },
	{ "env.project", DANDE_CONFIG_STRING, NULL,
	  "the Compose project's base name (default: the repository's "
	  "directory)" },
	{ "env.<name>.compose", DANDE_CONFIG_LIST, NULL,
	  "the environment's Compose files, in order" },
	{ "env.<name>.envFile", DANDE_CONFIG_STRING, NULL,
	  "its env file" },
	{ "env.<name>.health", DANDE_CONFIG_LIST, NULL,
	  "URLs that must answer 2xx before it is ready" },
	{ "env.<name>.service", DANDE_CONFIG_STRING, NULL,
	  "the test runner service (dande env test)" },
	{ "env.<name>.command", DANDE_CONFIG_STRING, NULL,
	  "the tests, run in the runner" },
	{ "env.<name>.unit", DANDE_CONFIG_STRING, NULL,
	  "env test --layer unit: the runner's command for that layer" },
	{ "env.<name>.integration", DANDE_CONFIG_STRING, NULL,
	  "env test --layer integration: the runner's command" },
	{ "env.<name>.e2e", DANDE_CONFIG_STRING, NULL,
	  "env test --layer e2e: the runner's command" },
	{ "env.<name>.init", DANDE_CONFIG_STRING, NULL,
	  "run once the stack is ready: by test before the tests (a test "
	  "database only), by up (require checked)" },
	{ "env.<name>.reports", DANDE_CONFIG_STRING, NULL,
	  "where the runner writes JUnit and coverage reports" },
	{ "env.<name>.databaseUrl", DANDE_CONFIG_STRING, NULL,
	  "the database the tests use (its name must say test)" },
	{ "env.<name>.require", DANDE_CONFIG_LIST, NULL,
	  "NAME=VALUE the env file must hold before init and the tests" },
	{ "env.<name>.cacert", DANDE_CONFIG_STRING, NULL,
	  "CA certificate for the health URLs" },
	{ "env.<name>.timeout", DANDE_CONFIG_INT, "120",
	  "seconds to wait until healthy" },
	{ NULL, DANDE_CONFIG_STRING, NULL, NULL }
};

static const char *const type_names[] = {
	[DANDE_CONFIG_STRING] = "string",
	[DANDE_CONFIG_INT] = "integer",
	[DANDE_CONFIG_BOOL] = "boolean",
	[DANDE_CONFIG_PERCENT] = "percent",
	[DANDE_CONFIG_LIST] = "list",
};

/* `a` and `b` name the same key: section and name case-insensitive,
 * a subsection (between the first and last dot) exactly. */
static int same_key(const char *a, const char *b)
{
	const char *a1 = strchr(a, '.'), *a2 = strrchr(a, '.');
	const char *b1 = strchr(b, '.'), *b2 = strrchr(b, '.');

	if (!a1 || !b1 || a1 - a != b1 - b || a2 - a1 != b2 - b1)
		return 0;
	return !strncasecmp(a, b, (size_t)(a1 - a)) &&
		!strncmp(a1, b1, (size_t)(a2 - a1)) && !strcasecmp(a2, b2);
}

/* `pattern` (with <name> or <path> as its subsection) matches `key`. */
static int matches(const char *pattern, const char *key)
{
	const char *p1 = strchr(pattern, '.'), *p2 = strrchr(pattern, '.');
	const char *k1 = strchr(key, '.'), *k2 = strrchr(key, '.');

	if (p1 == p2 || p1[1] != '<')
		return same_key(pattern, key);
	return k1 && k1 != k2 && p1 - pattern == k1 - key &&
		!strncasecmp(pattern, key, (size_t)(p1 - pattern)) &&
		!strcasecmp(p2, k2);
}

const struct dande_config_key *dande_config_key_find(const char *key)
{
	const struct dande_config_key *k;

	for (k = dande_config_keys; k->key; k++)
		if (matches(k->key, key))
			return k;
	return NULL;
}

/* `s` in a Markdown table cell: '|' escaped. */
static void cell(struct dande_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			dande_buf_addch(out, '\\');
		dande_buf_addch(out, *s);
	}
}

void dande_config_keys_format(struct dande_buf *out, int markdown)
{
	const struct dande_config_key *k;

	if (markdown)
		dande_buf_adds(out, "| key | type | default | what it is |\n"
			       "| --- | --- | --- | --- |\n");
	for (k = dande_config_keys; k->key; k++) {
		if (markdown == 2) {
			/* roff: a tagged paragraph per key */
			dande_buf_adds(out, ".TP\n.B ");
			dande_buf_add_roff(out, k->key, strlen(k->key));
			dande_buf_addf(out, "\n%s", type_names[k->type]);
			if (k->dflt) {
				dande_buf_adds(out, ", default ");
				dande_buf_add_roff(out, k->dflt, strlen(k->dflt));
			}
			dande_buf_adds(out, ".\n");
			dande_buf_add_roff(out, k->doc, strlen(k->doc));
			dande_buf_addch(out, '\n');
			continue;
		}
		if (markdown) {
			dande_buf_addf(out, "| `%s` | %s | ", k->key,
				       type_names[k->type]);
			if (k->dflt) {
				dande_buf_addch(out, '`');
				cell(out, k->dflt);
				dande_buf_addch(out, '`');
			}
			dande_buf_adds(out, " | ");
			cell(out, k->doc);
			dande_buf_adds(out, " |\n");
			continue;
		}
		dande_buf_addf(out, "%s (%s%s%s)\n    %s\n", k->key,
			       type_names[k->type], k->dflt ? ", default " : "",
			       k->dflt ? k->dflt : "", k->doc);
	}
}

/*
 * db_schema.c: the tracking database's schema, as numbered forward-only
 * migrations.  A migration, once released, is never edited: a change to
 * the schema is a new entry at the end, with a fixture of the schema it
 * migrates from in tests/data/db/.
 *
 * CHECK constraints on enumerations are written as OR chains, not IN
 * lists: SQLite 3.40 builds an ephemeral index for an IN list on every
 * row it checks, which made a bulk ingest several times slower.
 *
 * Conventions: timestamps are RFC 3339 UTC text ("2026-11-22T03:49:43Z");
 * commits are full 40-hex ids; durations are seconds (REAL); enumerations
 * carry CHECK constraints; child rows reference their run with
 * ON DELETE CASCADE.
 */
#include "blocks_int.h"
#include "db_int.h"
#include "util/banned.h"

#define NOW "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"

/* The seed's `tests` table as a view over the compact history (step 3:
 * one row per case and run); step 5 adds COMPLETED, the documents'
 * `completed_at`. */
#define TESTS_VIEW(completed) TESTS_VIEW_OF("m", completed, "")
/* The view's text, the texts read from `t` ("m": test_messages, before
 * step 7; "o": test_outputs, joined by `outputs`). */
#define TESTS_VIEW_OF(t, completed, outputs) \
	"CREATE VIEW tests AS\n" TESTS_ROWS_OF(t, completed, outputs) ";\n"
/* Its SELECT: each row of test_results with its identity and texts. */
#define TESTS_ROWS_OF(t, completed, outputs) \
	"  SELECT r.run_id, r.seq, c.suite, c.classname, c.name, c.file,\n" \
	"         c.line,\n" \
	"         CASE r.status WHEN 0 THEN 'passed' WHEN 1 THEN 'skipped'\n" \
	"                       WHEN 2 THEN 'flaky' WHEN 3 THEN 'failed'\n" \
	"                       ELSE 'error' END AS status,\n" \
	"         r.duration_us / 1e6 AS duration_s, r.reruns, " t \
	".failure_type,\n" \
	"         " t ".failure_message, " t ".stdout, " t ".stderr, c.layer, " \
	"r.test_id" completed "\n" \
	"  FROM test_results r JOIN test_cases c ON c.id = r.test_id\n" \
	"  LEFT JOIN test_messages m ON m.run_id = r.run_id AND m.seq = r.seq" \
	outputs
#define COMPLETED ",\n         (SELECT COALESCE(u.finished_at, u.started_at)\n" \
	"          FROM test_runs u WHERE u.id = r.run_id) AS completed_at"

static const char schema_1[] =
"PRAGMA application_id = 1147235909;\n"

/* One row per ingested run: JUnit reports, coverage measurements and
 * hook/test-all runs.  tree_sha is the code the run tested: HEAD's git
 * tree id, with "+CHANGES" (a hash of the working tree's tracked changes)
 * when they differ; flakiness compares runs of the same code by it. */
"CREATE TABLE test_runs (\n"
"  id           INTEGER PRIMARY KEY,\n"
"  kind         TEXT NOT NULL DEFAULT 'junit'\n"
"               CHECK (kind = 'junit' OR kind = 'coverage' OR\n"
"                      kind = 'test-all' OR kind = 'env'),\n"
"  started_at   TEXT NOT NULL DEFAULT " NOW ",\n"
"  finished_at  TEXT,\n"
"  duration_s   REAL CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  commit_sha   TEXT,\n"
"  branch       TEXT,\n"
"  tree_sha     TEXT,\n"
"  version      TEXT,\n"
"  environment  TEXT,\n"
"  source       TEXT,\n"
"  tests        INTEGER NOT NULL DEFAULT 0 CHECK (tests >= 0),\n"
"  passed       INTEGER NOT NULL DEFAULT 0 CHECK (passed >= 0),\n"
"  failed       INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),\n"
"  errors       INTEGER NOT NULL DEFAULT 0 CHECK (errors >= 0),\n"
"  skipped      INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),\n"
"  flaky        INTEGER NOT NULL DEFAULT 0 CHECK (flaky >= 0)\n"
");\n"
"CREATE INDEX test_runs_branch ON test_runs (branch, id);\n"
"CREATE INDEX test_runs_commit ON test_runs (commit_sha);\n"
"CREATE INDEX test_runs_tree ON test_runs (tree_sha);\n"
"CREATE INDEX test_runs_version ON test_runs (version);\n"

/* <properties> of a report, per run. */
"CREATE TABLE run_properties (\n"
"  run_id  INTEGER NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  name    TEXT NOT NULL,\n"
"  value   TEXT\n"
");\n"
"CREATE INDEX run_properties_run ON run_properties (run_id);\n"

/* One row per test case per run.  tests_identity answers "this test in
 * that run" (previous run, resolutions) and, run_id first, is filled in
 * report order during an ingest, which keeps its inserts local. */
"CREATE TABLE tests (\n"
"  id               INTEGER PRIMARY KEY,\n"
"  run_id           INTEGER NOT NULL\n"
"                   REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  suite            TEXT NOT NULL DEFAULT '',\n"
"  classname        TEXT NOT NULL DEFAULT '',\n"
"  name             TEXT NOT NULL,\n"
"  file             TEXT,\n"
"  line             INTEGER CHECK (line IS NULL OR line > 0),\n"
"  status           TEXT NOT NULL\n"
"                   CHECK (status = 'passed' OR status = 'failed' OR\n"
"                          status = 'error' OR status = 'skipped' OR\n"
"                          status = 'flaky'),\n"
"  duration_s       REAL CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  reruns           INTEGER NOT NULL DEFAULT 0 CHECK (reruns >= 0),\n"
"  failure_type     TEXT,\n"
"  failure_message  TEXT,\n"
"  stdout           TEXT,\n"
"  stderr           TEXT,\n"
"  layer            TEXT NOT NULL DEFAULT 'unknown'\n"
"                   CHECK (layer = 'unit' OR layer = 'integration' OR\n"
"                          layer = 'e2e' OR layer = 'unknown')\n"
");\n"
"CREATE INDEX tests_run ON tests (run_id, status);\n"
"CREATE INDEX tests_identity ON tests (run_id, classname, name);\n"

/* Failures and errors, deduplicated by fingerprint (test identity, type
 * and normalised message). */
"CREATE TABLE errors (\n"
"  id              INTEGER PRIMARY KEY,\n"
"  fingerprint     TEXT NOT NULL UNIQUE,\n"
"  suite           TEXT NOT NULL DEFAULT '',\n"
"  classname       TEXT NOT NULL DEFAULT '',\n"
"  name            TEXT NOT NULL,\n"
"  kind            TEXT NOT NULL CHECK (kind = 'failure' OR kind = 'error'),\n"
"  type            TEXT,\n"
"  message         TEXT,\n"
"  occurrences     INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),\n"
"  first_run_id    INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  last_run_id     INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  first_commit    TEXT,\n"
"  last_commit     TEXT,\n"
"  first_seen_at   TEXT NOT NULL DEFAULT " NOW ",\n"
"  last_seen_at    TEXT NOT NULL DEFAULT " NOW ",\n"
"  resolved_at     TEXT,\n"
"  resolved_run_id INTEGER REFERENCES test_runs (id) ON DELETE SET NULL\n"
");\n"
"CREATE INDEX errors_test ON errors (classname, name);\n"
"CREATE INDEX errors_open ON errors (resolved_at);\n"
"CREATE INDEX errors_last_run ON errors (last_run_id);\n"

/* The test pyramid of a run: counts, shares and time per layer. */
"CREATE TABLE test_pyramid (\n"
"  run_id          INTEGER PRIMARY KEY\n"
"                  REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  unit            INTEGER NOT NULL DEFAULT 0 CHECK (unit >= 0),\n"
"  integration     INTEGER NOT NULL DEFAULT 0 CHECK (integration >= 0),\n"
"  e2e             INTEGER NOT NULL DEFAULT 0 CHECK (e2e >= 0),\n"
"  unknown         INTEGER NOT NULL DEFAULT 0 CHECK (unknown >= 0),\n"
"  unit_s          REAL NOT NULL DEFAULT 0,\n"
"  integration_s   REAL NOT NULL DEFAULT 0,\n"
"  e2e_s           REAL NOT NULL DEFAULT 0,\n"
"  unknown_s       REAL NOT NULL DEFAULT 0,\n"
"  unit_share      REAL CHECK (unit_share BETWEEN 0 AND 1),\n"
"  e2e_share       REAL CHECK (e2e_share BETWEEN 0 AND 1),\n"
"  min_unit_share  REAL NOT NULL,\n"
"  max_e2e_share   REAL NOT NULL,\n"
"  healthy         INTEGER NOT NULL CHECK (healthy = 0 OR healthy = 1)\n"
");\n"

/* Coverage measurements: one total row (file NULL) and one row per file,
 * linked to a run (kind 'coverage', or the JUnit run of the same
 * test-all). */
"CREATE TABLE test_coverage (\n"
"  id                 INTEGER PRIMARY KEY,\n"
"  run_id             INTEGER NOT NULL\n"
"                     REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  file               TEXT,\n"
"  lines_valid        INTEGER NOT NULL CHECK (lines_valid >= 0),\n"
"  lines_covered      INTEGER NOT NULL\n"
"                     CHECK (lines_covered BETWEEN 0 AND lines_valid),\n"
"  branches_valid     INTEGER CHECK (branches_valid >= 0),\n"
"  branches_covered   INTEGER CHECK (branches_covered >= 0),\n"
"  functions_valid    INTEGER CHECK (functions_valid >= 0),\n"
"  functions_covered  INTEGER CHECK (functions_covered >= 0),\n"
"  commit_sha         TEXT,\n"
"  branch             TEXT,\n"
"  version            TEXT,\n"
"  recorded_at        TEXT NOT NULL DEFAULT " NOW "\n"
");\n"
"CREATE INDEX test_coverage_run ON test_coverage (run_id, file);\n"
"CREATE INDEX test_coverage_branch ON test_coverage (branch, file, id);\n"

/* Explicitly lowered coverage floors (dande cov floor set), with why;
 * `after` is the last test_coverage id when it was set: only figures
 * recorded after it can raise the floor again. */
"CREATE TABLE coverage_floors (\n"
"  id      INTEGER PRIMARY KEY,\n"
"  branch  TEXT,\n"
"  floor   REAL NOT NULL CHECK (floor >= 0 AND floor <= 100),\n"
"  reason  TEXT NOT NULL CHECK (length(reason) > 0),\n"
"  set_at  TEXT NOT NULL DEFAULT " NOW ",\n"
"  after   INTEGER NOT NULL DEFAULT 0\n"
");\n"
"CREATE INDEX coverage_floors_branch ON coverage_floors (branch, id);\n"

/* Every version dande-bump made. */
"CREATE TABLE versions (\n"
"  id          INTEGER PRIMARY KEY,\n"
"  version     TEXT NOT NULL,\n"
"  previous    TEXT,\n"
"  scheme      TEXT NOT NULL CHECK (scheme = 'nano' OR scheme = 'semver'),\n"
"  level       TEXT NOT NULL\n"
"              CHECK (level = 'nano' OR level = 'patch' OR\n"
"                     level = 'minor' OR level = 'major' OR\n"
"                     level = 'pre' OR level = 'auto' OR level = 'set'),\n"
"  commit_sha  TEXT,\n"
"  branch      TEXT,\n"
"  tag         TEXT,\n"
"  created_at  TEXT NOT NULL DEFAULT " NOW "\n"
");\n"
"CREATE INDEX versions_version ON versions (version);\n"

/* Trial runs: a feature tried with a test command (a bump's --test). */
"CREATE TABLE trial_runs (\n"
"  id          INTEGER PRIMARY KEY,\n"
"  feature     TEXT NOT NULL,\n"
"  command     TEXT,\n"
"  outcome     TEXT NOT NULL\n"
"              CHECK (outcome = 'passed' OR outcome = 'failed' OR\n"
"                     outcome = 'error' OR outcome = 'timeout'),\n"
"  exit_code   INTEGER,\n"
"  duration_s  REAL CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  commit_sha  TEXT,\n"
"  branch      TEXT,\n"
"  version     TEXT,\n"
"  started_at  TEXT NOT NULL DEFAULT " NOW "\n"
");\n"
"CREATE INDEX trial_runs_feature ON trial_runs (feature, id);\n"

/* TODO/FIXME comments found in tracked files, with blame. */
"CREATE TABLE todos (\n"
"  id             INTEGER PRIMARY KEY,\n"
"  file           TEXT NOT NULL,\n"
"  line           INTEGER NOT NULL CHECK (line > 0),\n"
"  tag            TEXT NOT NULL,\n"
"  text           TEXT NOT NULL,\n"
"  commit_sha     TEXT,\n"
"  author         TEXT,\n"
"  authored_at    TEXT,\n"
"  first_seen_at  TEXT NOT NULL DEFAULT " NOW ",\n"
"  last_seen_at   TEXT NOT NULL DEFAULT " NOW ",\n"
"  resolved_at    TEXT\n"
");\n"
"CREATE INDEX todos_file ON todos (file, line);\n"
"CREATE INDEX todos_open ON todos (resolved_at, authored_at);\n";

/* dande env records an environment that failed (unhealthy, timed out,
 * exited) as an error of kind 'infra', never as a test failure.  SQLite
 * cannot change a CHECK constraint in place: the table is rebuilt, rows
 * and ids kept. */
static const char schema_2[] =
"CREATE TABLE errors_2 (\n"
"  id              INTEGER PRIMARY KEY,\n"
"  fingerprint     TEXT NOT NULL UNIQUE,\n"
"  suite           TEXT NOT NULL DEFAULT '',\n"
"  classname       TEXT NOT NULL DEFAULT '',\n"
"  name            TEXT NOT NULL,\n"
"  kind            TEXT NOT NULL CHECK (kind = 'failure' OR kind = 'error' "
"OR kind = 'infra'),\n"
"  type            TEXT,\n"
"  message         TEXT,\n"
"  occurrences     INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),\n"
"  first_run_id    INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  last_run_id     INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  first_commit    TEXT,\n"
"  last_commit     TEXT,\n"
"  first_seen_at   TEXT NOT NULL DEFAULT " NOW ",\n"
"  last_seen_at    TEXT NOT NULL DEFAULT " NOW ",\n"
"  resolved_at     TEXT,\n"
"  resolved_run_id INTEGER REFERENCES test_runs (id) ON DELETE SET NULL\n"
");\n"
"INSERT INTO errors_2 SELECT * FROM errors;\n"
"DROP TABLE errors;\n"
"ALTER TABLE errors_2 RENAME TO errors;\n"
"CREATE INDEX errors_test ON errors (classname, name);\n"
"CREATE INDEX errors_open ON errors (resolved_at);\n"
"CREATE INDEX errors_last_run ON errors (last_run_id);\n";

/* The compact test history.  A test's identity (suite, classname, name,
 * file, line, layer) is stored once, in test_cases, found by name (the
 * index an ingest looks identities up by, and the one that joins a test
 * across runs when its line moved).  Each run adds one narrow row per
 * test case to test_results, clustered by run and report order (run_id,
 * seq): status as a small integer (0 passed, 1 skipped, 2 flaky, 3
 * failed, 4 error: "noteworthy" is status >= 2, "bad" status >= 3), the
 * duration in microseconds.  Messages, bodies and output are in
 * test_messages, kept only for outcomes other than passed.
 * test_results_test answers one test's history and whether a run holds
 * a test; test_results_noteworthy, partial, finds the few rows
 * flakiness, failures and new failures start from; both cover what
 * those queries read.  `tests` stays, as a view with the columns it had,
 * seq in place of id (a run's cases in report order; the migrated rows
 * keep their old id as seq).  Durations are rounded to the microsecond
 * on the way: the old rows carry three decimals. */
static const char schema_3[] =
"CREATE TABLE test_cases (\n"
"  id         INTEGER PRIMARY KEY,\n"
"  suite      TEXT NOT NULL DEFAULT '',\n"
"  classname  TEXT NOT NULL DEFAULT '',\n"
"  name       TEXT NOT NULL,\n"
"  file       TEXT,\n"
"  line       INTEGER CHECK (line IS NULL OR line > 0),\n"
"  layer      TEXT NOT NULL DEFAULT 'unknown'\n"
"             CHECK (layer = 'unit' OR layer = 'integration' OR\n"
"                    layer = 'e2e' OR layer = 'unknown')\n"
");\n"
"CREATE INDEX test_cases_name ON test_cases (name, classname, suite);\n"
"CREATE TABLE test_results (\n"
"  run_id       INTEGER NOT NULL\n"
"               REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  seq          INTEGER NOT NULL,\n"
"  test_id      INTEGER NOT NULL REFERENCES test_cases (id),\n"
"  status       INTEGER NOT NULL CHECK (status >= 0 AND status <= 4),\n"
"  duration_us  INTEGER CHECK (duration_us IS NULL OR duration_us >= 0),\n"
"  reruns       INTEGER NOT NULL DEFAULT 0 CHECK (reruns >= 0),\n"
"  PRIMARY KEY (run_id, seq)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX test_results_test ON test_results (test_id, run_id,\n"
"  status);\n"
"CREATE INDEX test_results_noteworthy ON test_results (run_id, test_id,\n"
"  status) WHERE status >= 2;\n"
"CREATE TABLE test_messages (\n"
"  run_id           INTEGER NOT NULL\n"
"                   REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  seq              INTEGER NOT NULL,\n"
"  failure_type     TEXT,\n"
"  failure_message  TEXT,\n"
"  stdout           TEXT,\n"
"  stderr           TEXT,\n"
"  PRIMARY KEY (run_id, seq)\n"
");\n"
/* every old row's facts: identities in first-seen order, the old id as
 * seq, messages and output wherever a row had any */
"INSERT INTO test_cases (suite, classname, name, file, line, layer)\n"
"  SELECT suite, classname, name, file, line, layer FROM tests\n"
"  GROUP BY suite, classname, name, file, line, layer ORDER BY MIN(id);\n"
"INSERT INTO test_results (run_id, seq, test_id, status, duration_us,\n"
"                          reruns)\n"
"  SELECT t.run_id, t.id, c.id,\n"
"         CASE t.status WHEN 'passed' THEN 0 WHEN 'skipped' THEN 1\n"
"                       WHEN 'flaky' THEN 2 WHEN 'failed' THEN 3 ELSE 4 END,\n"
"         CAST(round(t.duration_s * 1000000) AS INTEGER), t.reruns\n"
"  FROM tests t JOIN test_cases c\n"
"    ON c.name = t.name AND c.classname = t.classname\n"
"   AND c.suite = t.suite AND c.file IS t.file AND c.line IS t.line\n"
"   AND c.layer = t.layer;\n"
"INSERT INTO test_messages\n"
"  SELECT run_id, id, failure_type, failure_message, stdout, stderr\n"
"  FROM tests WHERE failure_type IS NOT NULL OR\n"
"    failure_message IS NOT NULL OR stdout IS NOT NULL OR\n"
"    stderr IS NOT NULL;\n"
"DROP TABLE tests;\n"
TESTS_VIEW("");

/* Each step back.  1: every table goes.  2: errors loses 'infra' (the
 * rows of that kind go).  3: `tests` is a table again, one row per case
 * and run, numbered in run and report order.  4: schema_migrations
 * goes (user_version still says the step). */
static const char schema_1_down[] =
"DROP TABLE todos;\n"
"DROP TABLE trial_runs;\n"
"DROP TABLE versions;\n"
"DROP TABLE coverage_floors;\n"
"DROP TABLE test_coverage;\n"
"DROP TABLE test_pyramid;\n"
"DROP TABLE errors;\n"
"DROP TABLE tests;\n"
"DROP TABLE run_properties;\n"
"DROP TABLE test_runs;\n";

static const char schema_2_down[] =
"CREATE TABLE errors_1 (\n"
"  id              INTEGER PRIMARY KEY,\n"
"  fingerprint     TEXT NOT NULL UNIQUE,\n"
"  suite           TEXT NOT NULL DEFAULT '',\n"
"  classname       TEXT NOT NULL DEFAULT '',\n"
"  name            TEXT NOT NULL,\n"
"  kind            TEXT NOT NULL CHECK (kind = 'failure' OR kind = 'error'),\n"
"  type            TEXT,\n"
"  message         TEXT,\n"
"  occurrences     INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),\n"
"  first_run_id    INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  last_run_id     INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  first_commit    TEXT,\n"
"  last_commit     TEXT,\n"
"  first_seen_at   TEXT NOT NULL DEFAULT " NOW ",\n"
"  last_seen_at    TEXT NOT NULL DEFAULT " NOW ",\n"
"  resolved_at     TEXT,\n"
"  resolved_run_id INTEGER REFERENCES test_runs (id) ON DELETE SET NULL\n"
");\n"
"INSERT INTO errors_1 SELECT * FROM errors WHERE kind != 'infra';\n"
"DROP TABLE errors;\n"
"ALTER TABLE errors_1 RENAME TO errors;\n"
"CREATE INDEX errors_test ON errors (classname, name);\n"
"CREATE INDEX errors_open ON errors (resolved_at);\n"
"CREATE INDEX errors_last_run ON errors (last_run_id);\n";

static const char schema_3_down[] =
"CREATE TABLE tests_2 (\n"
"  id               INTEGER PRIMARY KEY,\n"
"  run_id           INTEGER NOT NULL\n"
"                   REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  suite            TEXT NOT NULL DEFAULT '',\n"
"  classname        TEXT NOT NULL DEFAULT '',\n"
"  name             TEXT NOT NULL,\n"
"  file             TEXT,\n"
"  line             INTEGER CHECK (line IS NULL OR line > 0),\n"
"  status           TEXT NOT NULL\n"
"                   CHECK (status = 'passed' OR status = 'failed' OR\n"
"                          status = 'error' OR status = 'skipped' OR\n"
"                          status = 'flaky'),\n"
"  duration_s       REAL CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  reruns           INTEGER NOT NULL DEFAULT 0 CHECK (reruns >= 0),\n"
"  failure_type     TEXT,\n"
"  failure_message  TEXT,\n"
"  stdout           TEXT,\n"
"  stderr           TEXT,\n"
"  layer            TEXT NOT NULL DEFAULT 'unknown'\n"
"                   CHECK (layer = 'unit' OR layer = 'integration' OR\n"
"                          layer = 'e2e' OR layer = 'unknown')\n"
");\n"
"INSERT INTO tests_2 (id, run_id, suite, classname, name, file, line,\n"
"                     status, duration_s, reruns, failure_type,\n"
"                     failure_message, stdout, stderr, layer)\n"
"  SELECT row_number() OVER (ORDER BY run_id, seq), run_id, suite,\n"
"         classname, name, file, line, status, duration_s, reruns,\n"
"         failure_type, failure_message, stdout, stderr, layer\n"
"  FROM tests ORDER BY run_id, seq;\n"
"DROP VIEW tests;\n"
"DROP TABLE test_messages;\n"
"DROP TABLE test_results;\n"
"DROP TABLE test_cases;\n"
"ALTER TABLE tests_2 RENAME TO tests;\n"
"CREATE INDEX tests_run ON tests (run_id, status);\n"
"CREATE INDEX tests_identity ON tests (run_id, classname, name);\n";

/* Every schema step applied, with when and by which dande (the steps
 * before this one: when unknown). */
static const char schema_4[] =
"CREATE TABLE schema_migrations (\n"
"  version        INTEGER PRIMARY KEY,\n"
"  name           TEXT NOT NULL,\n"
"  applied_at     TEXT DEFAULT " NOW ",\n"
"  dande_version  TEXT\n"
");\n"
"INSERT INTO schema_migrations (version, name, applied_at) VALUES\n"
"  (1, 'initial schema', NULL), (2, 'infra errors', NULL),\n"
"  (3, 'compact test history', NULL);\n";

static const char schema_4_down[] = "DROP TABLE schema_migrations;\n";

/* Step 5: the patch coverage `cov patch` measured, on its total row
 * (the changed lines it judged and how many of them ran), and the
 * `tests` view gains the design documents' `completed_at` (when the
 * case's run finished, else when it started), so their queries run as
 * written.  Both engines take the same statements. */
static const char schema_5[] =
"ALTER TABLE test_coverage ADD COLUMN patch_lines INTEGER\n"
"  CHECK (patch_lines IS NULL OR patch_lines >= 0);\n"
"ALTER TABLE test_coverage ADD COLUMN patch_covered INTEGER\n"
"  CHECK (patch_covered IS NULL OR patch_covered >= 0);\n"
"DROP VIEW tests;\n"
TESTS_VIEW(COMPLETED);

static const char schema_5_down[] =
"DROP VIEW tests;\n"
TESTS_VIEW("")
"ALTER TABLE test_coverage DROP COLUMN patch_covered;\n"
"ALTER TABLE test_coverage DROP COLUMN patch_lines;\n";

/* Step 6: a bump's reason (`dande bump minor "Added export"`), kept with
 * the version it made. */
static const char schema_6[] =
"ALTER TABLE versions ADD COLUMN message TEXT;\n";
static const char schema_6_down[] =
"ALTER TABLE versions DROP COLUMN message;\n";

/*
 * Step 7: a test's history without an index of its own, and each test's
 * outputs once.
 *
 * test_results is clustered by (run_id, test_id, seq): a run's rows stay
 * together (the ingest appends, a report reads one range), and one
 * test's row in a run is one probe of the key, so a test's history is a
 * probe per run (200 runs: 200 probes) and test_results_test, as large
 * as the table (15 of the 36 bytes a passed case-run took), goes.  The
 * columns keep their order; seq still numbers a run's cases in report
 * order.
 *
 * A test that fails or is skipped fails the same way run after run:
 * test_outputs keeps each test's distinct outputs (type, message and
 * body, system-out, system-err) once, numbered in first-seen order, and
 * test_messages becomes a run's reference to one (run_id, seq,
 * output_id).  The ingest looks an output up among the test's last few.
 * The `tests` view reads the same columns as before.
 *
 * test_results_noteworthy is by (run_id, seq): a run's failures come in
 * report order straight from it (by test_id, as before, the list was
 * sorted with its messages: memory grew with the failures).
 */
#define OUTPUTS_JOIN "\n  LEFT JOIN test_outputs o ON o.id = m.output_id"
#define TESTS_VIEW_7 TESTS_VIEW_OF("o", COMPLETED, OUTPUTS_JOIN)
#define RESULT_COLS(type) \
	"INTEGER NOT NULL CHECK (status >= 0 AND status <= 4),\n" \
	"  duration_us  " type " CHECK (duration_us IS NULL OR " \
	"duration_us >= 0),\n" \
	"  reruns       " type " NOT NULL DEFAULT 0 CHECK (reruns >= 0),\n"
#define SQLITE_RUN "INTEGER NOT NULL\n" \
	"               REFERENCES test_runs (id) ON DELETE CASCADE"
/* the few rows other than passed and skipped, in report order: a run's
 * failures are listed in that order without sorting their messages (its
 * entries carry test_id too, the key's) */
#define NOTEWORTHY \
	"CREATE INDEX test_results_noteworthy ON test_results (run_id, " \
	"seq,\n  status) WHERE status >= 2;\n"
#define NOTEWORTHY_6 \
	"CREATE INDEX test_results_noteworthy ON test_results (run_id, " \
	"test_id,\n  status) WHERE status >= 2;\n"
/* Both engines: test_outputs filled from test_messages_6 (the old
 * messages; test_results still keyed by (run_id, seq)), then the new
 * test_messages from both.  ids in first-seen order, given, so that
 * both engines number alike. */
#define OUTPUTS_FROM_6 \
	"INSERT INTO test_outputs (id, test_id, failure_type,\n" \
	"                          failure_message, stdout, stderr)\n" \
	"  SELECT ROW_NUMBER() OVER (ORDER BY MIN(m.run_id * 4294967296 +\n" \
	"         m.seq)), x.test_id, m.failure_type, m.failure_message,\n" \
	"         m.stdout, m.stderr\n" \
	"  FROM test_messages_6 m JOIN test_results x\n" \
	"    ON x.run_id = m.run_id AND x.seq = m.seq\n" \
	"  GROUP BY x.test_id, m.failure_type, m.failure_message, m.stdout,\n" \
	"    m.stderr;\n" \
	"CREATE INDEX test_outputs_test ON test_outputs (test_id, id);\n" \
	"INSERT INTO test_messages (run_id, seq, output_id)\n" \
	"  SELECT m.run_id, m.seq, o.id FROM test_messages_6 m\n" \
	"  JOIN test_results x ON x.run_id = m.run_id AND x.seq = m.seq\n" \
	"  JOIN test_outputs o ON o.test_id = x.test_id\n" \
	"   AND o.failure_type IS NOT DISTINCT FROM m.failure_type\n" \
	"   AND o.failure_message IS NOT DISTINCT FROM m.failure_message\n" \
	"   AND o.stdout IS NOT DISTINCT FROM m.stdout\n" \
	"   AND o.stderr IS NOT DISTINCT FROM m.stderr;\n"
/* and back: each run's message with its output's texts */
#define MESSAGES_FROM_7 \
	"INSERT INTO test_messages (run_id, seq, failure_type,\n" \
	"                           failure_message, stdout, stderr)\n" \
	"  SELECT m.run_id, m.seq, o.failure_type, o.failure_message,\n" \
	"         o.stdout, o.stderr\n" \
	"  FROM test_messages_7 m JOIN test_outputs o ON o.id = m.output_id;\n"
#define MESSAGES_6(id, run) \
	"CREATE TABLE test_messages (\n" \
	"  run_id           " run ",\n" \
	"  seq              " id " NOT NULL,\n" \
	"  failure_type     TEXT,\n" \
	"  failure_message  TEXT,\n" \
	"  stdout           TEXT,\n" \
	"  stderr           TEXT,\n" \
	"  PRIMARY KEY (run_id, seq)\n" \
	");\n"
#define OUTPUTS_TABLE(id) \
	"CREATE TABLE test_outputs (\n" \
	"  id               " id " PRIMARY KEY,\n" \
	"  test_id          " id " NOT NULL REFERENCES test_cases (id),\n" \
	"  failure_type     TEXT,\n" \
	"  failure_message  TEXT,\n" \
	"  stdout           TEXT,\n" \
	"  stderr           TEXT\n" \
	");\n"

static const char schema_7[] =
"DROP VIEW tests;\n"
OUTPUTS_TABLE("INTEGER")
"ALTER TABLE test_messages RENAME TO test_messages_6;\n"
"CREATE TABLE test_messages (\n"
"  run_id     " SQLITE_RUN ",\n"
"  seq        INTEGER NOT NULL,\n"
"  output_id  INTEGER NOT NULL REFERENCES test_outputs (id),\n"
"  PRIMARY KEY (run_id, seq)\n"
") WITHOUT ROWID;\n"
OUTPUTS_FROM_6
"DROP TABLE test_messages_6;\n"
"ALTER TABLE test_results RENAME TO test_results_6;\n"
"CREATE TABLE test_results (\n"
"  run_id       " SQLITE_RUN ",\n"
"  seq          INTEGER NOT NULL,\n"
"  test_id      INTEGER NOT NULL REFERENCES test_cases (id),\n"
"  status       " RESULT_COLS("INTEGER")
"  PRIMARY KEY (run_id, test_id, seq)\n"
") WITHOUT ROWID;\n"
"INSERT INTO test_results (run_id, seq, test_id, status, duration_us,\n"
"                          reruns)\n"
"  SELECT run_id, seq, test_id, status, duration_us, reruns\n"
"  FROM test_results_6 ORDER BY run_id, test_id, seq;\n"
"DROP TABLE test_results_6;\n"
NOTEWORTHY
TESTS_VIEW_7;

static const char schema_7_down[] =
"DROP VIEW tests;\n"
"ALTER TABLE test_results RENAME TO test_results_7;\n"
"CREATE TABLE test_results (\n"
"  run_id       " SQLITE_RUN ",\n"
"  seq          INTEGER NOT NULL,\n"
"  test_id      INTEGER NOT NULL REFERENCES test_cases (id),\n"
"  status       " RESULT_COLS("INTEGER")
"  PRIMARY KEY (run_id, seq)\n"
") WITHOUT ROWID;\n"
"INSERT INTO test_results SELECT run_id, seq, test_id, status,\n"
"  duration_us, reruns FROM test_results_7 ORDER BY run_id, seq;\n"
"DROP TABLE test_results_7;\n"
"CREATE INDEX test_results_test ON test_results (test_id, run_id,\n"
"  status);\n"
NOTEWORTHY_6
"ALTER TABLE test_messages RENAME TO test_messages_7;\n"
MESSAGES_6("INTEGER", SQLITE_RUN)
MESSAGES_FROM_7
"DROP TABLE test_messages_7;\n"
"DROP TABLE test_outputs;\n"
TESTS_VIEW(COMPLETED);

/*
 * Step 8: passed and skipped results packed, a run's in blocks of test
 * ids (blocks_int.h has the format): five bytes a case where a row took
 * 21.  What a block cannot hold stays a row of test_results.  The rows
 * move in C (dande_blocks_migrate_up: SQLite's SQL cannot make the
 * bytes), after the statements; back, before them.  `tests` shows both:
 * a block's cases have no seq.  SQLite's view reads the durations in
 * plain SQL (any client can read it); PostgreSQL's, and the library's
 * own statements on both, through dande_duration_us().
 */
#define BLOCKS_TABLE(run, id, blob) \
	"CREATE TABLE test_blocks (\n" \
	"  run_id     " run ",\n" \
	"  base       " id " NOT NULL CHECK (base > 0),\n" \
	"  status     TEXT NOT NULL,\n" \
	"  durations  " blob " NOT NULL,\n" \
	"  PRIMARY KEY (run_id, base)\n" \
	");\n"
/* The view's second half: each block's entries (e: the block's run, the
 * identity, its letter and `bytes`, its duration's (SQLite: as hex) or
 * the block's durations, which `duration` reads). */
#define TESTS_VIEW_8(bytes, duration) \
	TESTS_VIEW_8_BY("substr(b.status, CAST(c.id - b.base + 1 AS " \
			"INTEGER),\n                      1)", bytes, duration)
#define TESTS_VIEW_8_BY(letter, bytes, duration) \
	"CREATE VIEW tests AS\n" \
	TESTS_ROWS_OF("o", COMPLETED, OUTPUTS_JOIN) "\n" \
"  UNION ALL\n" \
	"  SELECT e.run_id, NULL, e.suite, e.classname, e.name, e.file, e.line,\n" \
	"         CASE e.letter WHEN 'p' THEN 'passed' ELSE 'skipped' END,\n" \
	"         " duration " / 1e6, 0, NULL, NULL, NULL, NULL, e.layer, e.id,\n" \
	"         (SELECT COALESCE(u.finished_at, u.started_at)\n" \
	"          FROM test_runs u WHERE u.id = e.run_id)\n" \
	"  FROM (SELECT b.run_id, c.id, c.suite, c.classname, c.name, c.file,\n" \
	"               c.line, c.layer, b.base,\n" \
	"               " letter " AS letter,\n" \
	"               " bytes " AS h\n" \
	"        FROM test_blocks b JOIN test_cases c\n" \
	"          ON c.id >= b.base AND c.id < b.base + length(b.status)) e\n" \
	"  WHERE e.letter <> '-';\n"
#define ENTRY_BYTES "hex(substr(b.durations, 4 * (c.id - b.base) + 1, 4))"
/* four bytes, little-endian, from their hex, in SQLite's plain SQL */
#define SQLITE_DURATION "NULLIF(" \
	SQLITE_U32 ", 4294967295)"
#define HEX_NIB(k) "(instr('0123456789ABCDEF', substr(e.h, " #k ", 1)) - 1)"
#define HEX_BYTE(a, b) "(" HEX_NIB(a) " * 16 + " HEX_NIB(b) ")"
#define SQLITE_U32 HEX_BYTE(1, 2) " + " HEX_BYTE(3, 4) " * 256 +\n" \
	"         " HEX_BYTE(5, 6) " * 65536 +\n" \
	"         " HEX_BYTE(7, 8) " * 16777216"

/* A step with nothing to do on one engine but record its number. */
const char dande_db__schema_nothing[] = "SELECT 1;\n";
#define schema_nothing dande_db__schema_nothing

static const char schema_8[] =
"DROP VIEW tests;\n"
BLOCKS_TABLE(SQLITE_RUN, "INTEGER", "BLOB")
TESTS_VIEW_8(ENTRY_BYTES, SQLITE_DURATION);

static const char schema_8_down[] =
"DROP VIEW tests;\n"
"DROP TABLE test_blocks;\n"
TESTS_VIEW_7;

const struct dande_db__migration dande_db__migrations[] = {
	{ 1, "initial schema", schema_1, schema_1_down, NULL, NULL },
	{ 2, "infra errors", schema_2, schema_2_down, NULL, NULL },
	{ 3, "compact test history", schema_3, schema_3_down, NULL,
	  NULL },
	{ 4, "schema migrations", schema_4, schema_4_down, NULL, NULL },
	{ 5, "patch coverage, tests.completed_at", schema_5, schema_5_down,
	  NULL, NULL },
	{ 6, "bump messages", schema_6, schema_6_down, NULL, NULL },
	{ 7, "results by test, outputs once", schema_7, schema_7_down, NULL,
	  NULL },
	{ 8, "passed results in blocks", schema_8, schema_8_down,
	  dande_blocks_migrate_up, dande_blocks_migrate_down },
	/* PostgreSQL's step; SQLite's dande_letter() is registered on
	 * each connection and its blocks are kept in place already */
	{ 9, "block reads in place", schema_nothing, schema_nothing, NULL,
	  NULL },
};

const size_t dande_db__nmigrations =
	sizeof(dande_db__migrations) / sizeof(dande_db__migrations[0]);

/*
 * PostgreSQL: the same logical model at schema 3, in one step (there was
 * no PostgreSQL database before it).  Engine types: BIGINT, DOUBLE
 * PRECISION for REAL.  Ids are numbered as SQLite numbers a rowid: the
 * largest plus one (a trigger, under the write lock every writer holds),
 * not by a sequence, which a rolled-back transaction would leave holes
 * in: the same history gets the same ids on both engines.
 *
 * test_results, the one table a run adds a row to per case, carries no
 * foreign keys here: PostgreSQL checks one per row with a query of its
 * own, which was 60% of an ingest's time on the server (SQLite's ingest
 * turns them off for its transaction too).  Its one writer, the ingest,
 * refers only to the run it made and identities it read or wrote in the
 * same transaction; prune deletes a run's results itself; `dande db
 * check` looks for results without their run or identity.  Timestamps stay RFC 3339
 * UTC text and flags stay 0/1 integers, as in SQLite, so every report and
 * `db export` reads the same on both engines and `db copy` moves rows
 * between them unchanged.  schema_migrations records each step: when,
 * and by which dande.
 */
#define PG_NOW "(to_char(now() AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
#define PG_ID "BIGINT PRIMARY KEY"
#define PG_RUN "BIGINT NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE"

/* A row inserted without an id gets the largest plus one (a function per
 * table: static SQL, planned once); one given its id runs nothing. */
#define PG_NUMBERED(t) \
	"CREATE FUNCTION " t "_next_id() RETURNS trigger AS $$\n" \
	"BEGIN\n" \
	"  SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id FROM " t ";\n" \
	"  RETURN NEW;\n" \
	"END $$ LANGUAGE plpgsql;\n" \
	"CREATE TRIGGER " t "_id BEFORE INSERT ON " t " FOR EACH ROW\n" \
	"  WHEN (NEW.id IS NULL) EXECUTE FUNCTION " t "_next_id();\n"

static const char pg_schema_3[] =

"CREATE TABLE schema_migrations (\n"
"  version        INTEGER PRIMARY KEY,\n"
"  name           TEXT NOT NULL,\n"
"  applied_at     TEXT DEFAULT " PG_NOW ",\n"
"  dande_version  TEXT\n"
");\n"
"CREATE TABLE test_runs (\n"
"  id           " PG_ID ",\n"
"  kind         TEXT NOT NULL DEFAULT 'junit'\n"
"               CHECK (kind IN ('junit', 'coverage', 'test-all', 'env')),\n"
"  started_at   TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  finished_at  TEXT,\n"
"  duration_s   DOUBLE PRECISION\n"
"               CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  commit_sha   TEXT,\n"
"  branch       TEXT,\n"
"  tree_sha     TEXT,\n"
"  version      TEXT,\n"
"  environment  TEXT,\n"
"  source       TEXT,\n"
"  tests        BIGINT NOT NULL DEFAULT 0 CHECK (tests >= 0),\n"
"  passed       BIGINT NOT NULL DEFAULT 0 CHECK (passed >= 0),\n"
"  failed       BIGINT NOT NULL DEFAULT 0 CHECK (failed >= 0),\n"
"  errors       BIGINT NOT NULL DEFAULT 0 CHECK (errors >= 0),\n"
"  skipped      BIGINT NOT NULL DEFAULT 0 CHECK (skipped >= 0),\n"
"  flaky        BIGINT NOT NULL DEFAULT 0 CHECK (flaky >= 0)\n"
");\n"
"CREATE INDEX test_runs_branch ON test_runs (branch, id);\n"
"CREATE INDEX test_runs_commit ON test_runs (commit_sha);\n"
"CREATE INDEX test_runs_tree ON test_runs (tree_sha);\n"
"CREATE INDEX test_runs_version ON test_runs (version);\n"
"CREATE TABLE run_properties (\n"
"  run_id  " PG_RUN ",\n"
"  name    TEXT NOT NULL,\n"
"  value   TEXT\n"
");\n"
"CREATE INDEX run_properties_run ON run_properties (run_id);\n"
"CREATE TABLE test_cases (\n"
"  id         " PG_ID ",\n"
"  suite      TEXT NOT NULL DEFAULT '',\n"
"  classname  TEXT NOT NULL DEFAULT '',\n"
"  name       TEXT NOT NULL,\n"
"  file       TEXT,\n"
"  line       BIGINT CHECK (line IS NULL OR line > 0),\n"
"  layer      TEXT NOT NULL DEFAULT 'unknown'\n"
"             CHECK (layer IN ('unit', 'integration', 'e2e', 'unknown'))\n"
");\n"
"CREATE INDEX test_cases_name ON test_cases (name, classname, suite);\n"
"CREATE TABLE test_results (\n"
"  run_id       BIGINT NOT NULL,\n"
"  seq          BIGINT NOT NULL,\n"
"  test_id      BIGINT NOT NULL,\n"
"  status       SMALLINT NOT NULL CHECK (status >= 0 AND status <= 4),\n"
"  duration_us  BIGINT CHECK (duration_us IS NULL OR duration_us >= 0),\n"
"  reruns       BIGINT NOT NULL DEFAULT 0 CHECK (reruns >= 0),\n"
"  PRIMARY KEY (run_id, seq)\n"
");\n"
"CREATE INDEX test_results_test ON test_results (test_id, run_id,\n"
"  status);\n"
"CREATE INDEX test_results_noteworthy ON test_results (run_id, test_id,\n"
"  status) WHERE status >= 2;\n"
"CREATE TABLE test_messages (\n"
"  run_id           " PG_RUN ",\n"
"  seq              BIGINT NOT NULL,\n"
"  failure_type     TEXT,\n"
"  failure_message  TEXT,\n"
"  stdout           TEXT,\n"
"  stderr           TEXT,\n"
"  PRIMARY KEY (run_id, seq)\n"
");\n"
TESTS_VIEW("")
"CREATE TABLE errors (\n"
"  id              " PG_ID ",\n"
"  fingerprint     TEXT NOT NULL UNIQUE,\n"
"  suite           TEXT NOT NULL DEFAULT '',\n"
"  classname       TEXT NOT NULL DEFAULT '',\n"
"  name            TEXT NOT NULL,\n"
"  kind            TEXT NOT NULL\n"
"                  CHECK (kind IN ('failure', 'error', 'infra')),\n"
"  type            TEXT,\n"
"  message         TEXT,\n"
"  occurrences     BIGINT NOT NULL DEFAULT 1 CHECK (occurrences >= 1),\n"
"  first_run_id    BIGINT REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  last_run_id     BIGINT REFERENCES test_runs (id) ON DELETE SET NULL,\n"
"  first_commit    TEXT,\n"
"  last_commit     TEXT,\n"
"  first_seen_at   TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  last_seen_at    TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  resolved_at     TEXT,\n"
"  resolved_run_id BIGINT REFERENCES test_runs (id) ON DELETE SET NULL\n"
");\n"
"CREATE INDEX errors_test ON errors (classname, name);\n"
"CREATE INDEX errors_open ON errors (resolved_at);\n"
"CREATE INDEX errors_last_run ON errors (last_run_id);\n"
"CREATE TABLE test_pyramid (\n"
"  run_id          BIGINT PRIMARY KEY\n"
"                  REFERENCES test_runs (id) ON DELETE CASCADE,\n"
"  unit            BIGINT NOT NULL DEFAULT 0 CHECK (unit >= 0),\n"
"  integration     BIGINT NOT NULL DEFAULT 0 CHECK (integration >= 0),\n"
"  e2e             BIGINT NOT NULL DEFAULT 0 CHECK (e2e >= 0),\n"
"  unknown         BIGINT NOT NULL DEFAULT 0 CHECK (unknown >= 0),\n"
"  unit_s          DOUBLE PRECISION NOT NULL DEFAULT 0,\n"
"  integration_s   DOUBLE PRECISION NOT NULL DEFAULT 0,\n"
"  e2e_s           DOUBLE PRECISION NOT NULL DEFAULT 0,\n"
"  unknown_s       DOUBLE PRECISION NOT NULL DEFAULT 0,\n"
"  unit_share      DOUBLE PRECISION CHECK (unit_share BETWEEN 0 AND 1),\n"
"  e2e_share       DOUBLE PRECISION CHECK (e2e_share BETWEEN 0 AND 1),\n"
"  min_unit_share  DOUBLE PRECISION NOT NULL,\n"
"  max_e2e_share   DOUBLE PRECISION NOT NULL,\n"
"  healthy         SMALLINT NOT NULL CHECK (healthy = 0 OR healthy = 1)\n"
");\n"
"CREATE TABLE test_coverage (\n"
"  id                 " PG_ID ",\n"
"  run_id             " PG_RUN ",\n"
"  file               TEXT,\n"
"  lines_valid        BIGINT NOT NULL CHECK (lines_valid >= 0),\n"
"  lines_covered      BIGINT NOT NULL\n"
"                     CHECK (lines_covered BETWEEN 0 AND lines_valid),\n"
"  branches_valid     BIGINT CHECK (branches_valid >= 0),\n"
"  branches_covered   BIGINT CHECK (branches_covered >= 0),\n"
"  functions_valid    BIGINT CHECK (functions_valid >= 0),\n"
"  functions_covered  BIGINT CHECK (functions_covered >= 0),\n"
"  commit_sha         TEXT,\n"
"  branch             TEXT,\n"
"  version            TEXT,\n"
"  recorded_at        TEXT NOT NULL DEFAULT " PG_NOW "\n"
");\n"
"CREATE INDEX test_coverage_run ON test_coverage (run_id, file);\n"
"CREATE INDEX test_coverage_branch ON test_coverage (branch, file, id);\n"
"CREATE TABLE coverage_floors (\n"
"  id      " PG_ID ",\n"
"  branch  TEXT,\n"
"  floor   DOUBLE PRECISION NOT NULL CHECK (floor >= 0 AND floor <= 100),\n"
"  reason  TEXT NOT NULL CHECK (length(reason) > 0),\n"
"  set_at  TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  after   BIGINT NOT NULL DEFAULT 0\n"
");\n"
"CREATE INDEX coverage_floors_branch ON coverage_floors (branch, id);\n"
"CREATE TABLE versions (\n"
"  id          " PG_ID ",\n"
"  version     TEXT NOT NULL,\n"
"  previous    TEXT,\n"
"  scheme      TEXT NOT NULL CHECK (scheme IN ('nano', 'semver')),\n"
"  level       TEXT NOT NULL CHECK (level IN ('nano', 'patch', 'minor',\n"
"                                   'major', 'pre', 'auto', 'set')),\n"
"  commit_sha  TEXT,\n"
"  branch      TEXT,\n"
"  tag         TEXT,\n"
"  created_at  TEXT NOT NULL DEFAULT " PG_NOW "\n"
");\n"
"CREATE INDEX versions_version ON versions (version);\n"
"CREATE TABLE trial_runs (\n"
"  id          " PG_ID ",\n"
"  feature     TEXT NOT NULL,\n"
"  command     TEXT,\n"
"  outcome     TEXT NOT NULL\n"
"              CHECK (outcome IN ('passed', 'failed', 'error', 'timeout')),\n"
"  exit_code   BIGINT,\n"
"  duration_s  DOUBLE PRECISION\n"
"              CHECK (duration_s IS NULL OR duration_s >= 0),\n"
"  commit_sha  TEXT,\n"
"  branch      TEXT,\n"
"  version     TEXT,\n"
"  started_at  TEXT NOT NULL DEFAULT " PG_NOW "\n"
");\n"
"CREATE INDEX trial_runs_feature ON trial_runs (feature, id);\n"
"CREATE TABLE todos (\n"
"  id             " PG_ID ",\n"
"  file           TEXT NOT NULL,\n"
"  line           BIGINT NOT NULL CHECK (line > 0),\n"
"  tag            TEXT NOT NULL,\n"
"  text           TEXT NOT NULL,\n"
"  commit_sha     TEXT,\n"
"  author         TEXT,\n"
"  authored_at    TEXT,\n"
"  first_seen_at  TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  last_seen_at   TEXT NOT NULL DEFAULT " PG_NOW ",\n"
"  resolved_at    TEXT\n"
");\n"
"CREATE INDEX todos_file ON todos (file, line);\n"
"CREATE INDEX todos_open ON todos (resolved_at, authored_at);\n"
PG_NUMBERED("test_runs") PG_NUMBERED("test_cases") PG_NUMBERED("errors")
PG_NUMBERED("test_coverage") PG_NUMBERED("coverage_floors")
PG_NUMBERED("versions") PG_NUMBERED("trial_runs") PG_NUMBERED("todos");

/* Back to an empty database: everything goes. */
static const char pg_schema_3_down[] =
"DROP VIEW tests;\n"
"DROP TABLE todos, trial_runs, versions, coverage_floors, test_coverage,\n"
"  test_pyramid, errors, test_messages, test_results, test_cases,\n"
"  run_properties, test_runs, schema_migrations;\n"
"DROP FUNCTION test_runs_next_id(), test_cases_next_id(),\n"
"  errors_next_id(), test_coverage_next_id(), coverage_floors_next_id(),\n"
"  versions_next_id(), trial_runs_next_id(), todos_next_id();\n";

/* Step 7 on PostgreSQL: the same key (the server's tables are heaps:
 * what goes is the index (test_id, run_id, status)), and the same
 * outputs once.  The old messages' key is renamed out of the new one's
 * way (an index's name is the schema's). */
static const char pg_schema_7[] =
"DROP VIEW tests;\n"
OUTPUTS_TABLE("BIGINT")
"ALTER TABLE test_messages RENAME TO test_messages_6;\n"
"ALTER TABLE test_messages_6 RENAME CONSTRAINT test_messages_pkey\n"
"  TO test_messages_6_pkey;\n"
"CREATE TABLE test_messages (\n"
"  run_id     " PG_RUN ",\n"
"  seq        BIGINT NOT NULL,\n"
"  output_id  BIGINT NOT NULL REFERENCES test_outputs (id),\n"
"  PRIMARY KEY (run_id, seq)\n"
");\n"
OUTPUTS_FROM_6
"DROP TABLE test_messages_6;\n"
"ALTER TABLE test_results DROP CONSTRAINT test_results_pkey;\n"
"ALTER TABLE test_results ADD PRIMARY KEY (run_id, test_id, seq);\n"
"DROP INDEX test_results_test;\n"
"DROP INDEX test_results_noteworthy;\n"
NOTEWORTHY
PG_NUMBERED("test_outputs")
TESTS_VIEW_7;

static const char pg_schema_7_down[] =
"DROP VIEW tests;\n"
"ALTER TABLE test_results DROP CONSTRAINT test_results_pkey;\n"
"ALTER TABLE test_results ADD PRIMARY KEY (run_id, seq);\n"
"CREATE INDEX test_results_test ON test_results (test_id, run_id,\n"
"  status);\n"
"DROP INDEX test_results_noteworthy;\n"
NOTEWORTHY_6
"ALTER TABLE test_messages RENAME TO test_messages_7;\n"
"ALTER TABLE test_messages_7 RENAME CONSTRAINT test_messages_pkey\n"
"  TO test_messages_7_pkey;\n"
MESSAGES_6("BIGINT", PG_RUN)
MESSAGES_FROM_7
"DROP TABLE test_messages_7;\n"
"DROP TABLE test_outputs;\n"
"DROP FUNCTION test_outputs_next_id();\n"
TESTS_VIEW(COMPLETED);

/* The library's function that reads a duration out of a block: plain
 * SQL; `how` its attributes, `pre` and `post` around its expression
 * (step 9 drops STRICT, which kept the planner from inlining it: the
 * body is not strict; and reads NULL past the end, as SQLite's does). */
#define PG_DURATION_US(create, how, pre, post) \
	create " FUNCTION dande_duration_us(d bytea, i bigint) RETURNS " \
	"bigint\n" \
	"  LANGUAGE sql " how " AS $$\n" \
	"  SELECT " pre "NULLIF(get_byte(d, 4 * i::int) +\n" \
	"                get_byte(d, 4 * i::int + 1) * 256 +\n" \
	"                get_byte(d, 4 * i::int + 2) * 65536 +\n" \
	"                get_byte(d, 4 * i::int + 3)::bigint * 16777216,\n" \
	"                4294967295)" post "\n" \
	"$$;\n"
/* one expression, no WHERE: the planner inlines only that */
#define PG_IN_RANGE "CASE WHEN i >= 0 AND 4 * i + 4 <= length(d) THEN\n  "
#define PG_IN_RANGE_END " END"

/* PostgreSQL's tests view of step 8 */
#define PG_TESTS_VIEW_8 \
	TESTS_VIEW_8("b.durations", "dande_duration_us(e.h, e.id - e.base)")

/* Step 8 on PostgreSQL: the same blocks (bytea), and the library's
 * function that reads a duration out of them. */
static const char pg_schema_8[] =
"DROP VIEW tests;\n"
PG_DURATION_US("CREATE", "IMMUTABLE STRICT", "", "")
BLOCKS_TABLE(PG_RUN, "BIGINT", "BYTEA")
PG_TESTS_VIEW_8;

static const char pg_schema_8_down[] =
"DROP VIEW tests;\n"
"DROP TABLE test_blocks;\n"
"DROP FUNCTION dande_duration_us(bytea, bigint);\n"
TESTS_VIEW_7;

/* Step 9 on PostgreSQL: block reads in place.  dande_letter(status, i)
 * reads a byte (substr() walks the characters before it: most of a
 * report's time on a large run); dande_duration_us() inlined; a block's
 * columns kept in its row, uncompressed (PLAIN: a block is at most 5
 * bytes a test of 790, so a row fits a page), not fetched and
 * decompressed for each test read out of it, and the blocks there
 * rewritten so.  textsend() gives the text's bytes: the letters are
 * ASCII in every client encoding. */
static const char pg_schema_9[] =
"DROP VIEW tests;\n"
PG_DURATION_US("CREATE OR REPLACE", "IMMUTABLE", PG_IN_RANGE,
	       PG_IN_RANGE_END)
"CREATE FUNCTION dande_letter(s text, i bigint) RETURNS text\n"
"  LANGUAGE sql STABLE AS $$\n"
"  SELECT CASE WHEN s IS NULL OR i IS NULL THEN NULL\n"
"              WHEN i >= 0 AND i < octet_length(s)\n"
"              THEN chr(get_byte(textsend(s), i::int)) ELSE '' END\n"
"$$;\n"
"ALTER TABLE test_blocks ALTER COLUMN status SET STORAGE PLAIN,\n"
"  ALTER COLUMN durations SET STORAGE PLAIN;\n"
"UPDATE test_blocks SET status = status || '',\n"
"  durations = durations || ''::bytea;\n"
TESTS_VIEW_8_BY("dande_letter(b.status, c.id - b.base)", "b.durations",
		"dande_duration_us(e.h, e.id - e.base)");

static const char pg_schema_9_down[] =
"DROP VIEW tests;\n"
"ALTER TABLE test_blocks ALTER COLUMN status SET STORAGE EXTENDED,\n"
"  ALTER COLUMN durations SET STORAGE EXTENDED;\n"
"DROP FUNCTION dande_letter(text, bigint);\n"
PG_DURATION_US("CREATE OR REPLACE", "IMMUTABLE STRICT", "", "")
PG_TESTS_VIEW_8;

const struct dande_db__migration dande_db__pg_migrations[] = {
	{ 3, "compact test history", pg_schema_3, pg_schema_3_down, NULL,
	  NULL },
	/* SQLite's step 4 adds schema_migrations, which PostgreSQL had
	 * from its first step: nothing to do but record the number, so
	 * that one schema version means the same tables on both */
	{ 4, "schema migrations", schema_nothing, schema_nothing, NULL,
	  NULL },
	{ 5, "patch coverage, tests.completed_at", schema_5, schema_5_down,
	  NULL, NULL },
	{ 6, "bump messages", schema_6, schema_6_down, NULL, NULL },
	{ 7, "results by test, outputs once", pg_schema_7,
	  pg_schema_7_down, NULL, NULL },
	{ 8, "passed results in blocks", pg_schema_8,
	  pg_schema_8_down, dande_blocks_migrate_up,
	  dande_blocks_migrate_down },
	{ 9, "block reads in place", pg_schema_9, pg_schema_9_down, NULL,
	  NULL },
};

const size_t dande_db__pg_nmigrations =
	sizeof(dande_db__pg_migrations) / sizeof(dande_db__pg_migrations[0]);

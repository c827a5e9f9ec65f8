-- A tracking database at schema version 9 (a step with nothing to do on
-- SQLite: PostgreSQL's block reads in place): made from v8.sql with
-- dande-db init (migration 9), sqlite3 .dump.
PRAGMA application_id = 1147235909;
PRAGMA user_version = 9;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE test_runs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL DEFAULT 'junit'
               CHECK (kind = 'junit' OR kind = 'coverage' OR
                      kind = 'test-all' OR kind = 'env'),
  started_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  finished_at  TEXT,
  duration_s   REAL CHECK (duration_s IS NULL OR duration_s >= 0),
  commit_sha   TEXT,
  branch       TEXT,
  tree_sha     TEXT,
  version      TEXT,
  environment  TEXT,
  source       TEXT,
  tests        INTEGER NOT NULL DEFAULT 0 CHECK (tests >= 0),
  passed       INTEGER NOT NULL DEFAULT 0 CHECK (passed >= 0),
  failed       INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
  errors       INTEGER NOT NULL DEFAULT 0 CHECK (errors >= 0),
  skipped      INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
  flaky        INTEGER NOT NULL DEFAULT 0 CHECK (flaky >= 0)
);
INSERT INTO test_runs VALUES(1,'junit','2026-11-01T10:00:00Z','2026-11-01T10:00:05Z',5.0,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb','0.1.0',NULL,'build/test-results/unit.xml',3,1,1,0,1,0);
INSERT INTO test_runs VALUES(2,'coverage','2026-11-01T10:01:00Z',NULL,NULL,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main',NULL,'0.1.0',NULL,'coverage.xml',0,0,0,0,0,0);
CREATE TABLE run_properties (
  run_id  INTEGER NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  value   TEXT
);
INSERT INTO run_properties VALUES(1,'python','3.11');
CREATE TABLE test_pyramid (
  run_id          INTEGER PRIMARY KEY
                  REFERENCES test_runs (id) ON DELETE CASCADE,
  unit            INTEGER NOT NULL DEFAULT 0 CHECK (unit >= 0),
  integration     INTEGER NOT NULL DEFAULT 0 CHECK (integration >= 0),
  e2e             INTEGER NOT NULL DEFAULT 0 CHECK (e2e >= 0),
  unknown         INTEGER NOT NULL DEFAULT 0 CHECK (unknown >= 0),
  unit_s          REAL NOT NULL DEFAULT 0,
  integration_s   REAL NOT NULL DEFAULT 0,
  e2e_s           REAL NOT NULL DEFAULT 0,
  unknown_s       REAL NOT NULL DEFAULT 0,
  unit_share      REAL CHECK (unit_share BETWEEN 0 AND 1),
  e2e_share       REAL CHECK (e2e_share BETWEEN 0 AND 1),
  min_unit_share  REAL NOT NULL,
  max_e2e_share   REAL NOT NULL,
  healthy         INTEGER NOT NULL CHECK (healthy = 0 OR healthy = 1)
);
INSERT INTO test_pyramid VALUES(1,2,0,0,1,0.0030000000000000000624,0.0,0.0,0.0,0.66669999999999995932,0.0,0.5,0.2000000000000000111,1);
CREATE TABLE test_coverage (
  id                 INTEGER PRIMARY KEY,
  run_id             INTEGER NOT NULL
                     REFERENCES test_runs (id) ON DELETE CASCADE,
  file               TEXT,
  lines_valid        INTEGER NOT NULL CHECK (lines_valid >= 0),
  lines_covered      INTEGER NOT NULL
                     CHECK (lines_covered BETWEEN 0 AND lines_valid),
  branches_valid     INTEGER CHECK (branches_valid >= 0),
  branches_covered   INTEGER CHECK (branches_covered >= 0),
  functions_valid    INTEGER CHECK (functions_valid >= 0),
  functions_covered  INTEGER CHECK (functions_covered >= 0),
  commit_sha         TEXT,
  branch             TEXT,
  version            TEXT,
  recorded_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
, patch_lines INTEGER
  CHECK (patch_lines IS NULL OR patch_lines >= 0), patch_covered INTEGER
  CHECK (patch_covered IS NULL OR patch_covered >= 0));
INSERT INTO test_coverage VALUES(1,2,NULL,100,86,20,15,10,9,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main','0.1.0','2026-11-01T10:01:00Z',NULL,NULL);
INSERT INTO test_coverage VALUES(2,2,'src/calc.c',100,86,20,15,10,9,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main','0.1.0','2026-11-01T10:01:00Z',NULL,NULL);
CREATE TABLE coverage_floors (
  id      INTEGER PRIMARY KEY,
  branch  TEXT,
  floor   REAL NOT NULL CHECK (floor >= 0 AND floor <= 100),
  reason  TEXT NOT NULL CHECK (length(reason) > 0),
  set_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  after   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO coverage_floors VALUES(1,'main',80.0,'vendored parser without tests','2026-11-01T11:00:00Z',0);
CREATE TABLE versions (
  id          INTEGER PRIMARY KEY,
  version     TEXT NOT NULL,
  previous    TEXT,
  scheme      TEXT NOT NULL CHECK (scheme = 'nano' OR scheme = 'semver'),
  level       TEXT NOT NULL
              CHECK (level = 'nano' OR level = 'patch' OR
                     level = 'minor' OR level = 'major' OR
                     level = 'pre' OR level = 'auto' OR level = 'set'),
  commit_sha  TEXT,
  branch      TEXT,
  tag         TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
, message TEXT);
INSERT INTO versions VALUES(1,'0.1.0','0.0.9','nano','nano','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main','v0.1.0','2026-11-01T09:00:00Z','Added the first release');
CREATE TABLE trial_runs (
  id          INTEGER PRIMARY KEY,
  feature     TEXT NOT NULL,
  command     TEXT,
  outcome     TEXT NOT NULL
              CHECK (outcome = 'passed' OR outcome = 'failed' OR
                     outcome = 'error' OR outcome = 'timeout'),
  exit_code   INTEGER,
  duration_s  REAL CHECK (duration_s IS NULL OR duration_s >= 0),
  commit_sha  TEXT,
  branch      TEXT,
  version     TEXT,
  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
INSERT INTO trial_runs VALUES(1,'bump 0.0.9 → 0.1.0','make test-all','passed',0,12.5,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','main','0.0.9','2026-11-01T08:59:00Z');
CREATE TABLE todos (
  id             INTEGER PRIMARY KEY,
  file           TEXT NOT NULL,
  line           INTEGER NOT NULL CHECK (line > 0),
  tag            TEXT NOT NULL,
  text           TEXT NOT NULL,
  commit_sha     TEXT,
  author         TEXT,
  authored_at    TEXT,
  first_seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  last_seen_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  resolved_at    TEXT
);
INSERT INTO todos VALUES(1,'src/calc.c',12,'TODO','handle overflow','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','Ann Example','2026-10-01T00:00:00Z','2026-11-01T10:00:00Z','2026-11-01T10:00:00Z',NULL);
CREATE TABLE IF NOT EXISTS "errors" (
  id              INTEGER PRIMARY KEY,
  fingerprint     TEXT NOT NULL UNIQUE,
  suite           TEXT NOT NULL DEFAULT '',
  classname       TEXT NOT NULL DEFAULT '',
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind = 'failure' OR kind = 'error' OR kind = 'infra'),
  type            TEXT,
  message         TEXT,
  occurrences     INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  first_run_id    INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,
  last_run_id     INTEGER REFERENCES test_runs (id) ON DELETE SET NULL,
  first_commit    TEXT,
  last_commit     TEXT,
  first_seen_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  last_seen_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  resolved_at     TEXT,
  resolved_run_id INTEGER REFERENCES test_runs (id) ON DELETE SET NULL
);
INSERT INTO errors VALUES(1,'f00d','calc','unit.calc','test_div','failure','assertion','expected N, got N',1,1,1,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','2026-11-01T10:00:05Z','2026-11-01T10:00:05Z',NULL,NULL);
INSERT INTO errors VALUES(2,'00000000000000ee','env','test','db','infra','unhealthy','service db is unhealthy',1,1,1,NULL,NULL,'2026-11-22T06:40:20Z','2026-11-22T06:40:20Z',NULL,NULL);
CREATE TABLE test_cases (
  id         INTEGER PRIMARY KEY,
  suite      TEXT NOT NULL DEFAULT '',
  classname  TEXT NOT NULL DEFAULT '',
  name       TEXT NOT NULL,
  file       TEXT,
  line       INTEGER CHECK (line IS NULL OR line > 0),
  layer      TEXT NOT NULL DEFAULT 'unknown'
             CHECK (layer = 'unit' OR layer = 'integration' OR
                    layer = 'e2e' OR layer = 'unknown')
);
INSERT INTO test_cases VALUES(1,'calc','unit.calc','test_add','tests/test_calc.c',10,'unit');
INSERT INTO test_cases VALUES(2,'calc','unit.calc','test_div','tests/test_calc.c',20,'unit');
INSERT INTO test_cases VALUES(3,'calc','unit.calc','test_big',NULL,NULL,'unknown');
CREATE TABLE schema_migrations (
  version        INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  applied_at     TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  dande_version  TEXT
);
INSERT INTO schema_migrations VALUES(1,'initial schema',NULL,NULL);
INSERT INTO schema_migrations VALUES(2,'infra errors',NULL,NULL);
INSERT INTO schema_migrations VALUES(3,'compact test history',NULL,NULL);
INSERT INTO schema_migrations VALUES(4,'schema migrations','2026-12-02T00:18:07Z','0.1.3');
INSERT INTO schema_migrations VALUES(5,'patch coverage, tests.completed_at','2026-12-02T06:00:04Z','0.1.5');
INSERT INTO schema_migrations VALUES(6,'bump messages','2026-12-02T06:27:46Z','0.1.5');
INSERT INTO schema_migrations VALUES(7,'results by test, outputs once','2026-12-02T12:58:48Z','0.1.8');
INSERT INTO schema_migrations VALUES(8,'passed results in blocks','2026-12-03T02:21:22Z','0.1.9');
INSERT INTO schema_migrations VALUES(9,'block reads in place','2026-12-03T07:42:00Z','0.2.0');
CREATE TABLE test_outputs (
  id               INTEGER PRIMARY KEY,
  test_id          INTEGER NOT NULL REFERENCES test_cases (id),
  failure_type     TEXT,
  failure_message  TEXT,
  stdout           TEXT,
  stderr           TEXT
);
INSERT INTO test_outputs VALUES(1,2,'assertion','expected 2, got 3',NULL,NULL);
CREATE TABLE test_messages (
  run_id     INTEGER NOT NULL
               REFERENCES test_runs (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  output_id  INTEGER NOT NULL REFERENCES test_outputs (id),
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
INSERT INTO test_messages VALUES(1,2,1);
CREATE TABLE test_results (
  run_id       INTEGER NOT NULL
               REFERENCES test_runs (id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  test_id      INTEGER NOT NULL REFERENCES test_cases (id),
  status       INTEGER NOT NULL CHECK (status >= 0 AND status <= 4),
  duration_us  INTEGER CHECK (duration_us IS NULL OR duration_us >= 0),
  reruns       INTEGER NOT NULL DEFAULT 0 CHECK (reruns >= 0),
  PRIMARY KEY (run_id, test_id, seq)
) WITHOUT ROWID;
INSERT INTO test_results VALUES(1,2,2,3,2000,0);
CREATE TABLE test_blocks (
  run_id     INTEGER NOT NULL
               REFERENCES test_runs (id) ON DELETE CASCADE,
  base       INTEGER NOT NULL CHECK (base > 0),
  status     TEXT NOT NULL,
  durations  BLOB NOT NULL,
  PRIMARY KEY (run_id, base)
);
INSERT INTO test_blocks VALUES(1,1,'p-s',X'e8030000ffffffffffffffff');
CREATE INDEX test_runs_branch ON test_runs (branch, id);
CREATE INDEX test_runs_commit ON test_runs (commit_sha);
CREATE INDEX test_runs_tree ON test_runs (tree_sha);
CREATE INDEX test_runs_version ON test_runs (version);
CREATE INDEX run_properties_run ON run_properties (run_id);
CREATE INDEX test_coverage_run ON test_coverage (run_id, file);
CREATE INDEX test_coverage_branch ON test_coverage (branch, file, id);
CREATE INDEX coverage_floors_branch ON coverage_floors (branch, id);
CREATE INDEX versions_version ON versions (version);
CREATE INDEX trial_runs_feature ON trial_runs (feature, id);
CREATE INDEX todos_file ON todos (file, line);
CREATE INDEX todos_open ON todos (resolved_at, authored_at);
CREATE INDEX errors_test ON errors (classname, name);
CREATE INDEX errors_open ON errors (resolved_at);
CREATE INDEX errors_last_run ON errors (last_run_id);
CREATE INDEX test_cases_name ON test_cases (name, classname, suite);
CREATE INDEX test_outputs_test ON test_outputs (test_id, id);
CREATE INDEX test_results_noteworthy ON test_results (run_id, seq,
  status) WHERE status >= 2;
CREATE VIEW tests AS
  SELECT r.run_id, r.seq, c.suite, c.classname, c.name, c.file,
         c.line,
         CASE r.status WHEN 0 THEN 'passed' WHEN 1 THEN 'skipped'
                       WHEN 2 THEN 'flaky' WHEN 3 THEN 'failed'
                       ELSE 'error' END AS status,
         r.duration_us / 1e6 AS duration_s, r.reruns, o.failure_type,
         o.failure_message, o.stdout, o.stderr, c.layer, r.test_id,
         (SELECT COALESCE(u.finished_at, u.started_at)
          FROM test_runs u WHERE u.id = r.run_id) AS completed_at
  FROM test_results r JOIN test_cases c ON c.id = r.test_id
  LEFT JOIN test_messages m ON m.run_id = r.run_id AND m.seq = r.seq
  LEFT JOIN test_outputs o ON o.id = m.output_id
  UNION ALL
  SELECT e.run_id, NULL, e.suite, e.classname, e.name, e.file, e.line,
         CASE e.letter WHEN 'p' THEN 'passed' ELSE 'skipped' END,
         NULLIF(((instr('0123456789ABCDEF', substr(e.h, 1, 1)) - 1) * 16 + (instr('0123456789ABCDEF', substr(e.h, 2, 1)) - 1)) + ((instr('0123456789ABCDEF', substr(e.h, 3, 1)) - 1) * 16 + (instr('0123456789ABCDEF', substr(e.h, 4, 1)) - 1)) * 256 +
         ((instr('0123456789ABCDEF', substr(e.h, 5, 1)) - 1) * 16 + (instr('0123456789ABCDEF', substr(e.h, 6, 1)) - 1)) * 65536 +
         ((instr('0123456789ABCDEF', substr(e.h, 7, 1)) - 1) * 16 + (instr('0123456789ABCDEF', substr(e.h, 8, 1)) - 1)) * 16777216, 4294967295) / 1e6, 0, NULL, NULL, NULL, NULL, e.layer, e.id,
         (SELECT COALESCE(u.finished_at, u.started_at)
          FROM test_runs u WHERE u.id = e.run_id)
  FROM (SELECT b.run_id, c.id, c.suite, c.classname, c.name, c.file,
               c.line, c.layer, b.base,
               substr(b.status, CAST(c.id - b.base + 1 AS INTEGER),
                      1) AS letter,
               hex(substr(b.durations, 4 * (c.id - b.base) + 1, 4)) AS h
        FROM test_blocks b JOIN test_cases c
          ON c.id >= b.base AND c.id < b.base + length(b.status)) e
  WHERE e.letter <> '-';
COMMIT;

-- A tracking database at schema version 2 with a history: four JUnit
-- runs over two commits (failures, an error, a skip, a flip, a rerun
-- flaky, a fixed test, a new failure, a removed test), two coverage
-- measurements and a lowered floor.  Made by make.sh in
-- v2-history/ with dande at 4c63f68 (schema 2); *.out there are its
-- reports.
PRAGMA application_id = 1147235909;
PRAGMA user_version = 2;
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
INSERT INTO test_runs VALUES(1,'junit','2026-12-01T23:27:02Z','2026-12-01T23:27:02Z',(8865335866478821 * 1.0 / (1 << 51)),'ec18cd39e10dd1897f622c36ec677995d7ab0483','main','2df7c3786f904cd5c5b9bee66770899fcd07e4d9','0.1.3',NULL,'/tmp/v2-history-GsVGc0/r1.xml',8,4,2,1,1,0);
INSERT INTO test_runs VALUES(2,'junit','2026-12-01T23:27:02Z','2026-12-01T23:27:02Z',(8865335866478821 * 1.0 / (1 << 51)),'ec18cd39e10dd1897f622c36ec677995d7ab0483','main','2df7c3786f904cd5c5b9bee66770899fcd07e4d9','0.1.3',NULL,'/tmp/v2-history-GsVGc0/r2.xml',8,6,1,0,1,0);
INSERT INTO test_runs VALUES(3,'junit','2026-12-01T23:27:03Z','2026-12-01T23:27:03Z',(2286702710797369 * 1.0 / (1 << 49)),'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','4f98fdb1d43532db4c4744c63c5b7116aa3b2fae','0.1.3',NULL,'/tmp/v2-history-GsVGc0/r3.xml',8,4,2,0,1,1);
INSERT INTO test_runs VALUES(4,'junit','2026-12-01T23:27:03Z','2026-12-01T23:27:03Z',(2286702710797369 * 1.0 / (1 << 49)),'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','4f98fdb1d43532db4c4744c63c5b7116aa3b2fae','0.1.3',NULL,'/tmp/v2-history-GsVGc0/r4.xml',8,4,2,0,1,1);
INSERT INTO test_runs VALUES(5,'coverage','2026-12-01T23:27:03Z',NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','4f98fdb1d43532db4c4744c63c5b7116aa3b2fae','0.1.3',NULL,'/tmp/v2-history-GsVGc0/a.lcov',0,0,0,0,0,0);
INSERT INTO test_runs VALUES(6,'coverage','2026-12-01T23:27:03Z',NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','4f98fdb1d43532db4c4744c63c5b7116aa3b2fae','0.1.3',NULL,'/tmp/v2-history-GsVGc0/b.lcov',0,0,0,0,0,0);
CREATE TABLE run_properties (
  run_id  INTEGER NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  value   TEXT
);
INSERT INTO run_properties VALUES(1,'python','3.11.2');
INSERT INTO run_properties VALUES(2,'python','3.11.2');
CREATE TABLE tests (
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL
                   REFERENCES test_runs (id) ON DELETE CASCADE,
  suite            TEXT NOT NULL DEFAULT '',
  classname        TEXT NOT NULL DEFAULT '',
  name             TEXT NOT NULL,
  file             TEXT,
  line             INTEGER CHECK (line IS NULL OR line > 0),
  status           TEXT NOT NULL
                   CHECK (status = 'passed' OR status = 'failed' OR
                          status = 'error' OR status = 'skipped' OR
                          status = 'flaky'),
  duration_s       REAL CHECK (duration_s IS NULL OR duration_s >= 0),
  reruns           INTEGER NOT NULL DEFAULT 0 CHECK (reruns >= 0),
  failure_type     TEXT,
  failure_message  TEXT,
  stdout           TEXT,
  stderr           TEXT,
  layer            TEXT NOT NULL DEFAULT 'unknown'
                   CHECK (layer = 'unit' OR layer = 'integration' OR
                          layer = 'e2e' OR layer = 'unknown')
);
INSERT INTO tests VALUES(1,1,'unit','tests.unit.test_math','test_add','tests/unit/test_math.py',3,'passed',(3458764513820541 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(2,1,'unit','tests.unit.test_math','test_div','tests/unit/test_math.py',9,'failed',(1152921504606847 * 1.0 / (1 << 58)),0,'ZeroDivisionError',replace('ZeroDivisionError: division by zero\nTraceback (most recent call last):\n  File "tests/unit/test_math.py", line 11, in test_div\n    1 / 0\nZeroDivisionError: division by zero','\n',char(10)),'dividing 1 by 0',NULL,'unit');
INSERT INTO tests VALUES(3,1,'unit','tests.unit.test_math','test_flip','tests/unit/test_math.py',20,'failed',(5404319552844595 * 1.0 / (1 << 55)),0,'AssertionError',replace('timing: 151 ms > 150 ms\nassert 151 <= 150','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(4,1,'unit','tests.unit.test_io','test_read','tests/unit/test_io.py',5,'passed',(5764607523034235 * 1.0 / (1 << 58)),0,NULL,NULL,'opened /tmp/x',NULL,'unit');
INSERT INTO tests VALUES(5,1,'unit','tests.unit.test_io','test_windows','tests/unit/test_io.py',30,'skipped',0.0,0,NULL,replace('only on Windows\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(6,1,'unit','tests.unit.test_io','test_gone','tests/unit/test_io.py',40,'passed',(1152921504606847 * 1.0 / (1 << 60)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(7,1,'e2e','tests.e2e.test_login','test_login','tests/e2e/test_login.py',7,'passed',2.5,0,NULL,NULL,NULL,NULL,'e2e');
INSERT INTO tests VALUES(8,1,'e2e','tests.e2e.test_login','test_db','tests/e2e/test_login.py',19,'error',1.25,0,'ConnectionRefusedError',replace('ConnectionRefusedError: [Errno 111]\nconnect to 127.0.0.1:5432 failed','\n',char(10)),NULL,'retrying 3 times','e2e');
INSERT INTO tests VALUES(9,2,'unit','tests.unit.test_math','test_add','tests/unit/test_math.py',3,'passed',(3458764513820541 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(10,2,'unit','tests.unit.test_math','test_div','tests/unit/test_math.py',9,'failed',(1152921504606847 * 1.0 / (1 << 58)),0,'ZeroDivisionError',replace('ZeroDivisionError: division by zero\nTraceback (most recent call last):\n  File "tests/unit/test_math.py", line 11, in test_div\n    1 / 0\nZeroDivisionError: division by zero','\n',char(10)),'dividing 1 by 0',NULL,'unit');
INSERT INTO tests VALUES(11,2,'unit','tests.unit.test_math','test_flip','tests/unit/test_math.py',20,'passed',(5404319552844595 * 1.0 / (1 << 55)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(12,2,'unit','tests.unit.test_io','test_read','tests/unit/test_io.py',5,'passed',(5764607523034235 * 1.0 / (1 << 58)),0,NULL,NULL,'opened /tmp/x',NULL,'unit');
INSERT INTO tests VALUES(13,2,'unit','tests.unit.test_io','test_windows','tests/unit/test_io.py',30,'skipped',0.0,0,NULL,replace('only on Windows\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(14,2,'unit','tests.unit.test_io','test_gone','tests/unit/test_io.py',40,'passed',(1152921504606847 * 1.0 / (1 << 60)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(15,2,'e2e','tests.e2e.test_login','test_login','tests/e2e/test_login.py',7,'passed',2.5,0,NULL,NULL,NULL,NULL,'e2e');
INSERT INTO tests VALUES(16,2,'e2e','tests.e2e.test_login','test_db','tests/e2e/test_login.py',19,'passed',1.25,0,NULL,NULL,NULL,'retrying 3 times','e2e');
INSERT INTO tests VALUES(17,3,'unit','tests.unit.test_math','test_add','tests/unit/test_math.py',3,'passed',(3170534137668829 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(18,3,'unit','tests.unit.test_math','test_div','tests/unit/test_math.py',9,'passed',(3458764513820541 * 1.0 / (1 << 60)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(19,3,'unit','tests.unit.test_math','test_flip','tests/unit/test_math.py',20,'failed',(5476377146882523 * 1.0 / (1 << 55)),0,'AssertionError',replace('timing: 152 ms > 150 ms\nassert 152 <= 150','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(20,3,'unit','tests.unit.test_io','test_read','tests/unit/test_io.py',5,'passed',(5476377146882523 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(21,3,'unit','tests.unit.test_io','test_windows','tests/unit/test_io.py',30,'skipped',0.0,0,NULL,replace('only on Windows\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(22,3,'unit','tests.unit.test_io','test_new','tests/unit/test_io.py',50,'failed',(1152921504606847 * 1.0 / (1 << 59)),0,'AssertionError',replace('expected 2 got 3\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(23,3,'e2e','tests.e2e.test_login','test_login','tests/e2e/test_login.py',7,'flaky',2.75,1,NULL,NULL,NULL,NULL,'e2e');
INSERT INTO tests VALUES(24,3,'e2e','tests.e2e.test_login','test_db','tests/e2e/test_login.py',19,'passed',1.125,0,NULL,NULL,NULL,NULL,'e2e');
INSERT INTO tests VALUES(25,4,'unit','tests.unit.test_math','test_add','tests/unit/test_math.py',3,'passed',(3170534137668829 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(26,4,'unit','tests.unit.test_math','test_div','tests/unit/test_math.py',9,'passed',(3458764513820541 * 1.0 / (1 << 60)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(27,4,'unit','tests.unit.test_math','test_flip','tests/unit/test_math.py',20,'failed',(5476377146882523 * 1.0 / (1 << 55)),0,'AssertionError',replace('timing: 152 ms > 150 ms\nassert 152 <= 150','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(28,4,'unit','tests.unit.test_io','test_read','tests/unit/test_io.py',5,'passed',(5476377146882523 * 1.0 / (1 << 58)),0,NULL,NULL,NULL,NULL,'unit');
INSERT INTO tests VALUES(29,4,'unit','tests.unit.test_io','test_windows','tests/unit/test_io.py',30,'skipped',0.0,0,NULL,replace('only on Windows\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(30,4,'unit','tests.unit.test_io','test_new','tests/unit/test_io.py',50,'failed',(1152921504606847 * 1.0 / (1 << 59)),0,'AssertionError',replace('expected 2 got 3\n','\n',char(10)),NULL,NULL,'unit');
INSERT INTO tests VALUES(31,4,'e2e','tests.e2e.test_login','test_login','tests/e2e/test_login.py',7,'flaky',2.75,1,NULL,NULL,NULL,NULL,'e2e');
INSERT INTO tests VALUES(32,4,'e2e','tests.e2e.test_login','test_db','tests/e2e/test_login.py',19,'passed',1.125,0,NULL,NULL,NULL,NULL,'e2e');
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
INSERT INTO test_pyramid VALUES(1,6,0,2,0,(3368692521273131 * 1.0 / (1 << 54)),0.0,3.75,0.0,0.75,0.25,0.5,(3602879701896397 * 1.0 / (1 << 54)),0);
INSERT INTO test_pyramid VALUES(2,6,0,2,0,(6737385042546261 * 1.0 / (1 << 55)),0.0,3.75,0.0,0.75,0.25,0.5,(3602879701896397 * 1.0 / (1 << 54)),0);
INSERT INTO test_pyramid VALUES(3,6,0,2,0,(3368692521273131 * 1.0 / (1 << 54)),0.0,3.875,0.0,0.75,0.25,0.5,(3602879701896397 * 1.0 / (1 << 54)),0);
INSERT INTO test_pyramid VALUES(4,6,0,2,0,(3368692521273131 * 1.0 / (1 << 54)),0.0,3.875,0.0,0.75,0.25,0.5,(3602879701896397 * 1.0 / (1 << 54)),0);
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
);
INSERT INTO test_coverage VALUES(1,5,NULL,4,3,NULL,NULL,NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','0.1.3','2026-12-01T23:27:03Z');
INSERT INTO test_coverage VALUES(2,5,'f.c',4,3,NULL,NULL,NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','0.1.3','2026-12-01T23:27:03Z');
INSERT INTO test_coverage VALUES(3,6,NULL,4,3,2,1,NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','0.1.3','2026-12-01T23:27:03Z');
INSERT INTO test_coverage VALUES(4,6,'f.c',4,3,2,1,NULL,NULL,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','main','0.1.3','2026-12-01T23:27:03Z');
CREATE TABLE coverage_floors (
  id      INTEGER PRIMARY KEY,
  branch  TEXT,
  floor   REAL NOT NULL CHECK (floor >= 0 AND floor <= 100),
  reason  TEXT NOT NULL CHECK (length(reason) > 0),
  set_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  after   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO coverage_floors VALUES(1,'main',60.0,'flaky lab machine','2026-12-01T23:27:03Z',4);
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
);
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
INSERT INTO errors VALUES(1,'fc001454cecb1fae','unit','tests.unit.test_math','test_div','failure','ZeroDivisionError',replace('ZeroDivisionError: division by zero\nTraceback (most recent call last):\n  File "tests/unit/test_math.py", line 11, in test_div\n    1 / 0\nZeroDivisionError: division by zero','\n',char(10)),2,1,2,'ec18cd39e10dd1897f622c36ec677995d7ab0483','ec18cd39e10dd1897f622c36ec677995d7ab0483','2026-12-01T23:27:02Z','2026-12-01T23:27:02Z','2026-12-01T23:27:03Z',3);
INSERT INTO errors VALUES(2,'3f2fe2e39bd6fdb6','unit','tests.unit.test_math','test_flip','failure','AssertionError',replace('timing: 151 ms > 150 ms\nassert 151 <= 150','\n',char(10)),3,1,4,'ec18cd39e10dd1897f622c36ec677995d7ab0483','28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','2026-12-01T23:27:02Z','2026-12-01T23:27:03Z',NULL,NULL);
INSERT INTO errors VALUES(3,'5a095a9e9e44ca95','e2e','tests.e2e.test_login','test_db','error','ConnectionRefusedError',replace('ConnectionRefusedError: [Errno 111]\nconnect to 127.0.0.1:5432 failed','\n',char(10)),1,1,1,'ec18cd39e10dd1897f622c36ec677995d7ab0483','ec18cd39e10dd1897f622c36ec677995d7ab0483','2026-12-01T23:27:02Z','2026-12-01T23:27:02Z','2026-12-01T23:27:02Z',2);
INSERT INTO errors VALUES(4,'c18d0ae441fc24b2','unit','tests.unit.test_io','test_new','failure','AssertionError',replace('expected 2 got 3\n','\n',char(10)),2,3,4,'28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','28bc9517b17941fc1b686a0f52c3c8ae8242d0b9','2026-12-01T23:27:03Z','2026-12-01T23:27:03Z',NULL,NULL);
CREATE INDEX test_runs_branch ON test_runs (branch, id);
CREATE INDEX test_runs_commit ON test_runs (commit_sha);
CREATE INDEX test_runs_tree ON test_runs (tree_sha);
CREATE INDEX test_runs_version ON test_runs (version);
CREATE INDEX run_properties_run ON run_properties (run_id);
CREATE INDEX tests_run ON tests (run_id, status);
CREATE INDEX tests_identity ON tests (run_id, classname, name);
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
COMMIT;

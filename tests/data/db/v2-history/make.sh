#!/bin/sh
# make.sh BIN_DIR: regenerate ../v2-history.sql and the expected reports in
# this directory with a dande whose schema is version 2 (0.1.3's tools:
# `git worktree add /tmp/v013 v0.1.3 && make -C /tmp/v013`, then
# `sh make.sh /tmp/v013/build/bin`).  Durations are binary fractions
# where they add up (2.75 + 1.125), and exact-reals.py writes the dump's
# long REALs as exact binary fractions: SQLite reads a literal such as
# 3.8000000000000003 with long double arithmetic, which valgrind runs as
# double, one ulp off (make valgrind).  The migration test loads the dump
# into a file, lets the current build migrate it, runs the same commands
# and expects the same output, byte for byte.
set -eu
bin=${1:?usage: make.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/v2-history-XXXXXX")
trap 'rm -rf "$w"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_AUTHOR_DATE='2026-11-01T10:00:00Z' GIT_COMMITTER_DATE='2026-11-01T10:00:00Z'
git init -q -b main "$w/repo"
cd "$w/repo"
echo 0.1.3 > VERSION
printf 'int f(void) { return 1; }\n' > f.c
git add -A && git commit -qm "feat: first"
db="$w/DandE.db"

# report NAME: a JUnit report from stdin
report() { cat > "$w/$1.xml"; }

report r1 <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="unit" tests="6">
    <properties><property name="python" value="3.11.2"/></properties>
    <testcase classname="tests.unit.test_math" name="test_add" file="tests/unit/test_math.py" line="3" time="0.012"/>
    <testcase classname="tests.unit.test_math" name="test_div" file="tests/unit/test_math.py" line="9" time="0.004">
      <failure message="ZeroDivisionError: division by zero" type="ZeroDivisionError">Traceback (most recent call last):
  File "tests/unit/test_math.py", line 11, in test_div
    1 / 0
ZeroDivisionError: division by zero</failure>
      <system-out>dividing 1 by 0</system-out>
    </testcase>
    <testcase classname="tests.unit.test_math" name="test_flip" file="tests/unit/test_math.py" line="20" time="0.150">
      <failure message="timing: 151 ms &gt; 150 ms" type="AssertionError">assert 151 &lt;= 150</failure>
    </testcase>
    <testcase classname="tests.unit.test_io" name="test_read" file="tests/unit/test_io.py" line="5" time="0.020">
      <system-out>opened /tmp/x</system-out>
    </testcase>
    <testcase classname="tests.unit.test_io" name="test_windows" file="tests/unit/test_io.py" line="30" time="0">
      <skipped message="only on Windows"/>
    </testcase>
    <testcase classname="tests.unit.test_io" name="test_gone" file="tests/unit/test_io.py" line="40" time="0.001"/>
  </testsuite>
  <testsuite name="e2e" tests="2">
    <testcase classname="tests.e2e.test_login" name="test_login" file="tests/e2e/test_login.py" line="7" time="2.5"/>
    <testcase classname="tests.e2e.test_login" name="test_db" file="tests/e2e/test_login.py" line="19" time="1.25">
      <error message="ConnectionRefusedError: [Errno 111]" type="ConnectionRefusedError">connect to 127.0.0.1:5432 failed</error>
      <system-err>retrying 3 times</system-err>
    </testcase>
  </testsuite>
</testsuites>
X
# the same code again: test_flip passes now (a flip), test_db passes
sed -e 's|<failure message="timing[^/]*/failure>||' \
    -e 's|<error message="Conn[^/]*/error>||' "$w/r1.xml" > "$w/r2.xml"
# a new commit: test_div is fixed, test_gone is removed, test_new fails,
# test_flip fails again, test_login passed after a rerun (flaky)
report r3 <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="unit" tests="6">
    <testcase classname="tests.unit.test_math" name="test_add" file="tests/unit/test_math.py" line="3" time="0.011"/>
    <testcase classname="tests.unit.test_math" name="test_div" file="tests/unit/test_math.py" line="9" time="0.003"/>
    <testcase classname="tests.unit.test_math" name="test_flip" file="tests/unit/test_math.py" line="20" time="0.152">
      <failure message="timing: 152 ms &gt; 150 ms" type="AssertionError">assert 152 &lt;= 150</failure>
    </testcase>
    <testcase classname="tests.unit.test_io" name="test_read" file="tests/unit/test_io.py" line="5" time="0.019"/>
    <testcase classname="tests.unit.test_io" name="test_windows" file="tests/unit/test_io.py" line="30" time="0">
      <skipped message="only on Windows"/>
    </testcase>
    <testcase classname="tests.unit.test_io" name="test_new" file="tests/unit/test_io.py" line="50" time="0.002">
      <failure message="expected 2 got 3" type="AssertionError"/>
    </testcase>
  </testsuite>
  <testsuite name="e2e" tests="2">
    <testcase classname="tests.e2e.test_login" name="test_login" file="tests/e2e/test_login.py" line="7" time="2.75">
      <flakyFailure message="timeout after 2 s" type="TimeoutError">waited 2 s for the page</flakyFailure>
    </testcase>
    <testcase classname="tests.e2e.test_login" name="test_db" file="tests/e2e/test_login.py" line="19" time="1.125"/>
  </testsuite>
</testsuites>
X
report r4 < "$w/r3.xml"

ingest() { "$bin/dande-junit" ingest "$@" --db "$db" -q --fail-on none >/dev/null; }
ingest "$w/r1.xml"
ingest "$w/r2.xml"
printf 'int f(void) { return 2; }\n' > f.c
export GIT_COMMITTER_DATE='2026-11-02T10:00:00Z' GIT_AUTHOR_DATE='2026-11-02T10:00:00Z'
git commit -qam "fix: division"
ingest "$w/r3.xml"
ingest "$w/r4.xml"

printf 'SF:f.c\nDA:1,1\nDA:2,0\nDA:3,1\nDA:4,1\nend_of_record\n' > "$w/a.lcov"
printf 'SF:f.c\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nBRDA:1,0,0,1\nBRDA:1,0,1,0\nend_of_record\n' > "$w/b.lcov"
"$bin/dande-cov" ingest "$w/a.lcov" --db "$db" -q >/dev/null
"$bin/dande-cov" ingest "$w/b.lcov" --db "$db" -q >/dev/null
"$bin/dande-cov" floor set 60 --reason "flaky lab machine" --db "$db" -q >/dev/null

# the expected output of every report over this history
out="$here"
run() { name=$1; shift; "$@" --db "$db" > "$out/$name.out" 2>&1 || true; }
for n in 1 2 3 4; do
	run report-$n "$bin/dande-junit" report --run $n
	run report-$n-json "$bin/dande-junit" report --run $n --json
done
run flaky "$bin/dande-junit" flaky --window 10
run flaky-json "$bin/dande-junit" flaky --window 10 --json
run history-flip "$bin/dande-junit" history tests.unit.test_math::test_flip
run history-login-json "$bin/dande-junit" history test_login --json
run history-dotted "$bin/dande-junit" history tests.unit.test_io.test_gone
run pyramid-json "$bin/dande-junit" pyramid --json
run cov-history "$bin/dande-cov" history
run cov-floor "$bin/dande-cov" floor show
for t in errors test_pyramid run_properties; do
	run export-$t "$bin/dande-db" export $t --format csv
done

{
	echo "-- A tracking database at schema version 2 with a history: four JUnit"
	echo "-- runs over two commits (failures, an error, a skip, a flip, a rerun"
	echo "-- flaky, a fixed test, a new failure, a removed test), two coverage"
	echo "-- measurements and a lowered floor.  Made by make.sh in"
	echo "-- v2-history/ with dande at 4c63f68 (schema 2); *.out there are its"
	echo "-- reports."
	echo "PRAGMA application_id = $(sqlite3 "$db" 'PRAGMA application_id');"
	echo "PRAGMA user_version = $(sqlite3 "$db" 'PRAGMA user_version');"
	sqlite3 "$db" .dump | python3 "$here/exact-reals.py"
} > "$here/../v2-history.sql"

#!/bin/sh
# demo.sh: dande's main job, end to end, on the bundled example project.
# Run by `make demo` as: sh examples/demo.sh BUILD_DIR
# The example is copied to a temp dir, made a git repository, tested, and
# its results tracked in its own data/DandE.db.  The temp dir is removed
# at the end unless DANDE_DEMO_KEEP=1.
set -eu
build=${1:?usage: demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dande-demo-XXXXXX")
[ "${DANDE_DEMO_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT INT TERM
PATH="$build/bin:$PATH"
NO_COLOR=1
export PATH NO_COLOR

step() { printf '\n=== %s\n' "$*"; }

step "the example project: a tiny C library with CUnit tests"
cp -R "$here/calc" "$work/calc"
cd "$work/calc"
"$build/tests/mkrepo" . "Initial import of calc 1.0.8"
ls -A

step "the tracking database: dande db init"
dande db init

step "a bug slips in: calc_sub adds; make test fails"
cp src/calc.c "$work/calc.c.good"
sed -i 's/return a - b;/return a + b;/' src/calc.c
"$build/tests/mkrepo" . "Refactor calc_sub" >/dev/null
make --no-print-directory test || true

step "dande junit ingest build/calc-Results.xml (exit 1: a test failed)"
dande junit ingest build/calc-Results.xml || echo "(exit $?)"

step "the fix; make test passes"
cp "$work/calc.c.good" src/calc.c
"$build/tests/mkrepo" . "Fix calc_sub" >/dev/null
make --no-print-directory test

step "dande junit ingest: the failure is fixed, compared with the last run"
dande junit ingest build/calc-Results.xml

step "dande junit history calc::test_sub"
dande junit history calc::test_sub

step "dande junit report --format markdown (for a CI job summary)"
dande junit report --format markdown

step "coverage of a quick test run: dande cov gate fails under 85%"
CALC_QUICK=1 make --no-print-directory -s coverage
dande cov gate build/cov/calc.gcov.json.gz || echo "(exit $?)"

step "every test: dande cov gate passes, and the ratchet holds"
make --no-print-directory -s coverage
dande cov gate build/cov/calc.gcov.json.gz --ratchet

step "dande cov report (worst first) and history"
dande cov report
dande cov history

step "the changelog: dande changelog add, then lint"
printf '[user]\n\tname = dande demo\n\temail = demo@example.invalid\n' \
	>> .git/config
dande changelog add --type fixed "calc_sub subtracts again"
dande changelog lint && echo "CHANGELOG.md: ok"

step "dande bump show"
dande bump show

step "dande bump --test 'make test': files, changelog, tests, commit, tag"
dande bump --test "make -s test"
cat VERSION
grep CALC_VERSION include/calc.h
dande changelog show latest

step "dande bump check (the pre-commit drift check)"
dande bump check && echo "every version agrees with VERSION"

step "dande todos scan: the TODO comments, with who added them"
dande todos scan

step "dande hooks install, then the pre-commit and commit-msg checks"
dande hooks install
dande hooks status
CI= dande hooks run pre-commit -v
printf 'Added a thing\n' > "$work/message"
CI= dande hooks run commit-msg "$work/message" || echo "(refused, as it should be)"

step "Docker environments: dande env check lints the compose files"
dande env check || echo "(the dev environment's .env is missing, as it says)"
cp .env.example .env
dande env check

if dande env status >/dev/null 2>&1; then
	step "dande env up dev: the dev stack, waited on until healthy"
	make --no-print-directory -s build/test_calc.static
	dande env up dev
	dande env status

	step "dande env test test: beside dev, a fresh test stack; the tests in a throw-away container; the report recorded; torn down"
	dande env test test
	dande env status
	dande junit report

	step "dande env down dev --volumes"
	dande env down dev --volumes
else
	step "no Docker engine answers: the environment steps are skipped"
	dande env status || true
	echo "(start one, e.g. tests/e2e/engine.sh as root, and run make demo again)"
fi

step "dande db status"
dande db status

step "dande report html: the record as one page, version by version"
dande report html -o build/report
echo "open file://$PWD/build/report/index.html"

step "dande bump check: every file agrees with VERSION"
dande bump check && echo "every version agrees with VERSION"

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
export PATH

step() { printf '\n=== %s\n' "$*"; }

step "the example project: a tiny C library with CUnit tests"
cp -R "$here/calc" "$work/calc"
cd "$work/calc"
"$build/tests/mkrepo" . "Initial import of calc 1.0.8"
ls -A

step "its own tests (make test)"
make --no-print-directory test

step "the tracking database: dande db init"
dande db init

step "dande db status"
dande db status

step "dande db query (read-only SQL)"
dande db query "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"

step "dande db check"
dande db check

step "dande db export versions --format json"
dande db export versions --format json

step "what comes next"
cat <<'MSG'
Tools still to come (see README.md): dande bump, dande changelog,
dande junit, dande cov and dande env, each extending this demo.
MSG

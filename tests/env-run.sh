#!/bin/sh
# The runner of dande's own test environment (docker-compose.test.yml):
# the sources are read-only at /src, so the build goes to /tmp/w/build,
# with /tmp/w/templates pointing at /src/templates (the tools find their
# templates two levels above their binaries, as in a checkout); the unit
# and integration levels run with --coverage (the PostgreSQL pass on the
# stack's postgres service, DANDE_TEST_PG_SERVER); their JUnit reports and
# gcov's JSON go to $1, which the host's `dande env test` records.
set -eu
out=${1:-/reports}
rm -f "$out"/*.xml "$out"/*.gcov.json.gz
mkdir -p /tmp/w
ln -sfn /src/templates /tmp/w/templates
exec make -C /src --no-print-directory O=/tmp/w/build ENV_REPORTS="$out" \
	env-run

#!/bin/sh
# Regenerate with gotestsum's JUnit output (Debian: gotestsum, golang-go).
cd "$(dirname "$0")"
GOFLAGS=-mod=mod GOCACHE="${TMPDIR:-/tmp}/dande-gocache" \
	gotestsum --junitfile report.xml --format standard-quiet \
	-- ./... > summary.txt 2>&1
exit 0

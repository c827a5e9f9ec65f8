#!/bin/sh
# Regenerate package-lock.json with npm (Debian: nodejs, npm; offline: the
# only dependency is the local ./util).
set -e
cd "$(dirname "$0")"
rm -f package-lock.json
npm install --package-lock-only --offline --no-audit --no-fund >/dev/null

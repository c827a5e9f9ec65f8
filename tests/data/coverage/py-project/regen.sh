#!/bin/sh
# Regenerate the Python coverage fixtures with coverage.py (Debian:
# python3-coverage 6.5): Cobertura XML and LCOV, branch coverage on.
set -e
cd "$(dirname "$0")"
export COVERAGE_FILE="${TMPDIR:-/tmp}/dande-pycov"
/usr/bin/python3 -m coverage run --branch --include=calc.py run.py
/usr/bin/python3 -m coverage xml -o coverage.xml
/usr/bin/python3 -m coverage lcov -o coverage.lcov
/usr/bin/python3 -m coverage report > tool-output.txt
rm -f "$COVERAGE_FILE"
sed -i "s#$(pwd)#.#g" coverage.xml coverage.lcov

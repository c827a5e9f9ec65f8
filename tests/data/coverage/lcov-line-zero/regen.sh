#!/bin/sh
# module-entry.lcov is written by hand in the shape coverage.py 7's
# `coverage lcov` gives a module's entry arc (BRDA:0,...; Debian's
# coverage.py 6.5 does not write it); tool-output.txt is what lcov 1.16
# (Debian: lcov) makes of it, and expected.tsv keeps those totals.
set -e
cd "$(dirname "$0")"
lcov --summary module-entry.lcov --rc lcov_branch_coverage=1 \
	> tool-output.txt 2>&1

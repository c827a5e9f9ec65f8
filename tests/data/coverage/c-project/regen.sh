#!/bin/sh
# Regenerate the C coverage fixtures with the real tools (Debian: gcc's
# gcov, gcovr 5.2, lcov 1.16), from calc.c and main.c.  expected.tsv keeps
# the totals each tool printed.
set -e
cd "$(dirname "$0")"
b=$(mktemp -d)
cp calc.c main.c "$b"
(cd "$b" && gcc -O0 --coverage -c calc.c main.c &&
	gcc --coverage -o t calc.o main.o && ./t &&
	gcov -b --json-format calc.c >/dev/null && \
	gcov -b -n calc.c > gcov-summary.txt && \
	gcovr -r . --xml cobertura.xml --print-summary > summary.txt &&
	lcov -q -c -d . -o coverage.lcov --rc lcov_branch_coverage=1 \
		--no-external >/dev/null 2>&1 &&
	lcov --summary coverage.lcov --rc lcov_branch_coverage=1 \
		> lcov-summary.txt 2>&1)
cp "$b/calc.gcov.json.gz" "$b/cobertura.xml" "$b/coverage.lcov" .
sed -i "s#$b/##g; s#$b#.#g" cobertura.xml coverage.lcov
cat "$b/gcov-summary.txt" "$b/summary.txt" "$b/lcov-summary.txt" \
	> tool-output.txt
rm -rf "$b"

#!/bin/sh
# Regenerate with Catch2's JUnit reporter (Debian: catch2, v2).
cd "$(dirname "$0")"
b=$(mktemp -d)
g++ -std=c++17 sample_test.cpp -o "$b/t"
"$b/t" --reporter junit --out report.xml > /dev/null 2>&1
"$b/t" > summary.txt 2>&1
rm -rf "$b"
exit 0

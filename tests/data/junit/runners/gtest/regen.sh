#!/bin/sh
# Regenerate with GoogleTest's XML output (Debian: libgtest-dev).
cd "$(dirname "$0")"
b=$(mktemp -d)
g++ -std=c++17 sample_test.cc -o "$b/t" -lgtest -lgtest_main -pthread
"$b/t" --gtest_output=xml:report.xml > summary.txt 2>&1
rm -rf "$b"
exit 0

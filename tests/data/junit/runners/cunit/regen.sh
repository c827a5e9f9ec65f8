#!/bin/sh
# Regenerate with CUnit 2.1-3's automated interface (Debian: libcunit1-dev).
cd "$(dirname "$0")"
b=$(mktemp -d)
gcc suite.c -o "$b/run" -lcunit && "$b/run"
mv CUnit-Run-Results.xml CUnit-Run.xml
gcc suite-junit.c -o "$b/junit" -lcunit && "$b/junit"
mv CUnit-junit-Results.xml CUnit-junit.xml
rm -f CUnit-Run-Listing.xml CUnit-junit-Listing.xml
rm -rf "$b"

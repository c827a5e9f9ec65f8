#!/bin/sh
# Regenerate the gcovr fixtures with the real tools (Debian: gcc's gcov,
# gcovr 5.2): gcovr's JSON (every line, with "gcovr/noncode" and
# "gcovr/excluded" marks; lib.c has GCOVR_EXCL markers) and its JSON
# summary, and the summary gcovr printed (tool-output.txt).
set -e
cd "$(dirname "$0")"
b=$(mktemp -d)
cp lib.c main.c "$b"
(cd "$b" && gcc -O0 --coverage -c lib.c main.c &&
	gcc --coverage -o t lib.o main.o && ./t &&
	gcovr -r . --json gcovr.json --json-summary gcovr-summary.json \
		--print-summary > tool-output.txt)
cp "$b/gcovr.json" "$b/gcovr-summary.json" "$b/tool-output.txt" .
rm -rf "$b"

#!/bin/sh
# Regenerate with vitest's JUnit reporter, from npm (in a scratch
# directory: npm install vitest@3; then NODE_MODULES=that/node_modules).
cd "$(dirname "$0")"
"$NODE_MODULES/.bin/vitest" run --root . --reporter=junit \
	--outputFile=report.xml > /dev/null 2>&1
"$NODE_MODULES/.bin/vitest" run --root . > summary.txt 2>&1
exit 0

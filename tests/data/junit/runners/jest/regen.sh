#!/bin/sh
# Regenerate with jest and jest-junit, from npm (in a scratch directory:
# npm install jest@30 jest-junit@17; then NODE_MODULES=that/node_modules).
cd "$(dirname "$0")"
JEST_JUNIT_OUTPUT_NAME=report.xml "$NODE_MODULES/.bin/jest" --ci \
	--config "{\"rootDir\": \".\"}" --reporters=default \
	--reporters="$NODE_MODULES/jest-junit" \
	> summary.txt 2>&1
exit 0

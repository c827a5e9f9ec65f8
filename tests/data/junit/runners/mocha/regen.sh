#!/bin/sh
# Regenerate with mocha and mocha-junit-reporter, from npm (in a scratch
# directory: npm install mocha@10 mocha-junit-reporter@2: mocha 12 breaks
# the reporter; then
# NODE_MODULES=that/node_modules).
cd "$(dirname "$0")"
NODE_PATH="$NODE_MODULES" "$NODE_MODULES/.bin/mocha" sample.test.js \
	--reporter "$NODE_MODULES/mocha-junit-reporter" \
	--reporter-options mochaFile=report.xml > /dev/null 2>&1
NODE_PATH="$NODE_MODULES" "$NODE_MODULES/.bin/mocha" sample.test.js \
	> summary.txt 2>&1
exit 0

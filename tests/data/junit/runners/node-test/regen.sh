#!/bin/sh
# Regenerate with node's own JUnit reporter (node >= 20).
cd "$(dirname "$0")"
node --test --test-reporter=junit --test-reporter-destination=report.xml \
	--test-reporter=spec --test-reporter-destination=summary.txt \
	sample.test.mjs
exit 0

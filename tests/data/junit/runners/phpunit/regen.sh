#!/bin/sh
# Regenerate with PHPUnit's JUnit logger (Debian: phpunit, 9.6).
cd "$(dirname "$0")"
phpunit --log-junit report.xml tests > summary.txt 2>&1
exit 0

# The e2e runner: writes a JUnit report with one failure and exits 1;
# with "slow", says it started and waits to be interrupted; with
# "badcov", passes but writes a malformed coverage report; with "unit"
# (the unit layer's command), one passing unit test.
if [ "${1:-}" = slow ]; then
	touch /reports/started
	exec sleep 120
fi
if [ "${1:-}" = unit ]; then
	echo '<testsuite name="unit.app" tests="1"><testcase classname="unit.app" name="adds"/></testsuite>' \
		> /reports/junit.xml
	echo "unit: 1 passed"
	exit 0
fi
if [ "${1:-}" = badcov ]; then
	echo '<testsuite name="e2e" tests="1"><testcase name="ok"/></testsuite>' \
		> /reports/junit.xml
	printf 'SF:src/app.c\nDA:one,1\nend_of_record\n' > /reports/lcov.info
	exit 0
fi
cat > /reports/junit.xml <<'XML'
<testsuite name="e2e" tests="2" failures="1">
  <testcase classname="e2e" name="ok" time="0.1"/>
  <testcase classname="e2e" name="bad" time="0.2">
    <failure message="boom">expected 1, got 2</failure>
  </testcase>
</testsuite>
XML
printf 'SF:src/app.c\nDA:1,1\nDA:2,1\nDA:3,0\nend_of_record\n' \
	> /reports/lcov.info
echo "e2e: 1 of 2 failed"
exit 1

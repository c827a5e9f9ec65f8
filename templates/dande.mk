# dande.mk: dande's test-and-release loop for any project's Makefile.
#
#   include path/to/dande.mk          (installed: PREFIX/share/dande/templates)
#
# Targets: test-all (your tests, then the JUnit and coverage gates),
# coverage-gate, bump (LEVEL=nano|patch|minor|major, test-all as the
# bump's test: commit and tag only when green), hooks (install the git
# hooks), env-up, env-test, env-down (the Docker environments declared in
# .dande.conf: ENV=dev for up and down, DANDE_TEST_ENV=test for env-test).
# Set these before the include, or on the command line:
DANDE ?= dande
DANDE_TEST ?= $(MAKE) test
# reports your tests write (globs are fine); empty: that gate is skipped
DANDE_JUNIT ?=
DANDE_COVERAGE ?=
LEVEL ?= nano
ENV ?= dev
DANDE_TEST_ENV ?= test

.PHONY: test-all coverage-gate bump hooks env-up env-test env-down

# Every step runs even when one fails, so the database records the run;
# the exit status is non-zero when any did.
test-all:
	@rc=0; $(DANDE_TEST) || rc=1; \
	if [ -n "$(DANDE_JUNIT)" ]; then \
	  $(DANDE) junit ingest $(DANDE_JUNIT) || rc=1; \
	else echo "dande.mk: no DANDE_JUNIT reports, JUnit gate skipped"; fi; \
	$(MAKE) --no-print-directory coverage-gate || rc=1; \
	exit $$rc

coverage-gate:
	@if [ -n "$(DANDE_COVERAGE)" ]; then \
	  $(DANDE) cov gate $(DANDE_COVERAGE); \
	else echo "dande.mk: no DANDE_COVERAGE reports, coverage gate skipped"; fi

bump:
	$(DANDE) bump $(LEVEL) --test "$(MAKE) --no-print-directory test-all"

hooks:
	$(DANDE) hooks install

# The environments (dande env): up waits until healthy; env-test runs the
# whole cycle in a throw-away test stack and always tears it down.
env-up:
	$(DANDE) env up $(ENV)

env-test:
	$(DANDE) env test $(DANDE_TEST_ENV)

env-down:
	$(DANDE) env down $(ENV)

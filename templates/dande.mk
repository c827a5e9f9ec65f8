# dande.mk: dande's test-and-release loop for any project's Makefile.
#
#   include path/to/dande.mk          (installed: PREFIX/share/dande/templates)
#
# Targets: test-all (your tests, then the JUnit and coverage gates),
# coverage-gate, bump (LEVEL=nano|patch|minor|major, test-all as the
# bump's test: commit and tag only when green), hooks (install the git
# hooks), env-up, env-test, env-down (the Docker environments declared in
# .dande.conf: ENV=dev for up and down, DANDE_TEST_ENV=test for env-test).
#
# The dual environment, as the design documents drive it (each target
# prints the dande command it runs): setup (the environments' files,
# linted), build, up, down, logs, status, shell (DANDE_SHELL in the
# DANDE_SHELL_SERVICE service of ENV), test-setup (a fresh test stack, up
# and initialised), test-unit, test-integration, test-e2e (the whole test
# cycle with that layer's command: [env "test"] unit = ..., integration
# = ..., e2e = ...), test-clean (the test stack and its volumes gone, then
# a sweep), clean (both stacks and their volumes).  A Makefile of your own
# that has some of these names: set DANDE_ENV_TARGETS = no before the
# include (env-up, env-test and env-down stay).
#
# Set these before the include, or on the command line:
DANDE ?= dande
DANDE_TEST ?= $(MAKE) test
# reports your tests write (globs are fine); empty: that gate is skipped
DANDE_JUNIT ?=
DANDE_COVERAGE ?=
LEVEL ?= nano
ENV ?= dev
DANDE_TEST_ENV ?= test
DANDE_SHELL_SERVICE ?= app
DANDE_SHELL ?= sh
DANDE_ENV_TARGETS ?= yes

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

ifneq ($(DANDE_ENV_TARGETS),no)
.PHONY: setup build up down logs status shell test-setup test-unit \
	test-integration test-e2e test-clean clean

# what `make setup` means here: the environments' files (dande env init
# writes the ones missing, never overwriting), then their lint
setup:
	$(DANDE) env init
	$(DANDE) env check

build:
	$(DANDE) env build $(ENV)

up:
	$(DANDE) env up $(ENV)

down:
	$(DANDE) env down $(ENV)

logs:
	$(DANDE) env logs $(ENV)

status:
	$(DANDE) env status

shell:
	$(DANDE) env run $(ENV) $(DANDE_SHELL_SERVICE) -- $(DANDE_SHELL)

# a fresh test stack, waited on and initialised (its init command), left
# up: for running tests by hand against it
test-setup:
	$(DANDE) env down $(DANDE_TEST_ENV) --volumes
	$(DANDE) env up $(DANDE_TEST_ENV)

test-unit:
	$(DANDE) env test $(DANDE_TEST_ENV) --layer unit

test-integration:
	$(DANDE) env test $(DANDE_TEST_ENV) --layer integration

test-e2e:
	$(DANDE) env test $(DANDE_TEST_ENV) --layer e2e

test-clean:
	$(DANDE) env down $(DANDE_TEST_ENV) --volumes
	$(DANDE) env sweep

clean:
	$(DANDE) env down $(ENV) --volumes
	$(DANDE) env down $(DANDE_TEST_ENV) --volumes
endif

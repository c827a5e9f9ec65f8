#!/bin/sh
# Regenerate the Go coverage fixtures with the real tools (Debian:
# golang-go 1.19): a coverprofile in set mode and one in count mode, and
# what `go tool cover -func` printed (tool-output.txt).  expected.tsv keeps
# the totals it printed, in statements.
set -e
cd "$(dirname "$0")"
export GOFLAGS=-mod=mod GOCACHE="${TMPDIR:-/tmp}/dande-gocache" \
	GOPATH="${TMPDIR:-/tmp}/dande-gopath"
go test -coverprofile=cover.out ./... >/dev/null
go test -covermode=count -coverprofile=count.out ./... >/dev/null
go tool cover -func=cover.out > tool-output.txt

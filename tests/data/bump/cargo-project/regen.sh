#!/bin/sh
# Regenerate Cargo.lock with cargo (offline: the only dependency is the
# local ./util crate, whose [[package]] comes first in the lock).
set -e
cd "$(dirname "$0")"
rm -f Cargo.lock
cargo generate-lockfile --offline 2>/dev/null

#!/bin/sh
# coverage-summary.sh BUILD_DIR: line coverage of lib/ and tools/ from the
# gcov data of an instrumented build (make coverage), per file and in
# total, with gcc's own gcov (no gcovr or lcov needed).  It reports; the
# gate on the figure belongs to dande's coverage tool.
set -eu
O=${1:?usage: coverage-summary.sh BUILD_DIR}
total=0
covered=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for src in lib/*.c lib/util/*.c tools/*.c; do
	obj="$O/obj/${src%.c}.gcno"
	[ -f "$obj" ] || continue
	# without a .gcda (never run) gcov counts every line as missed
	gcov -n -o "$(dirname "$obj")" "$src" 2>/dev/null >"$out" || continue
	awk -v want="$src" '
		/^File / { f = $2; gsub(/\x27/, "", f); next }
		/^Lines executed:/ && f == want {
			split($2, a, ":"); pct = a[2]; sub(/%/, "", pct)
			n = $4; printf "%s %d %d\n", f, n, int(pct * n / 100 + 0.5)
			f = ""
		}' "$out"
done | {
	while read -r f n c; do
		total=$((total + n))
		covered=$((covered + c))
		awk -v f="$f" -v n="$n" -v c="$c" 'BEGIN {
			printf "%-28s %6.1f%%  %5d/%d\n", f,
				n ? 100 * c / n : 100, c, n }'
	done
	awk -v n="$total" -v c="$covered" 'BEGIN {
		printf "%-28s %6.1f%%  %5d/%d lines\n", "TOTAL",
			n ? 100 * c / n : 100, c, n }'
}

#!/bin/sh
# run.sh BUILD_DIR: dande's benchmarks (make bench).  Figures, not
# pass/fail: compare them with ../shared/PEER-BASELINES.md.  Wall time and
# peak RSS come from GNU time (/usr/bin/time -v), median of 3 runs.
set -eu
O=${1:?usage: run.sh BUILD_DIR}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dande-bench-XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

# measure LABEL CMD...: median wall seconds and the peak RSS of 3 runs
measure() {
	label=$1; shift
	for i in 1 2 3; do
		rm -f "$scratch"/bench.db*
		/usr/bin/time -f "%e %M" -o "$scratch/t$i" "$@" >/dev/null 2>&1 || true
	done
	sort -n "$scratch"/t1 "$scratch"/t2 "$scratch"/t3 | sed -n 2p >"$scratch/med"
	read -r secs kb <"$scratch/med"
	echo "$label $secs $kb"
}

echo "== foundation: startup, database open, inserts, concurrent writers"
"$O/bench/bench_foundation" "$O/bin" "${DANDE_BENCH_ROWS:-200000}"

echo
echo "== junit: ingest of generated reports into a fresh database, side by side"
echo "   with its floor: xmllint --stream (the parse) + sqlite3 .import of one"
echo "   row per case (suite, classname, name, file, line, status, duration)"
echo "   into a table without indexes (the insert); and the peer, junitparser"
echo "   (Debian's python3-junitparser) reading every case's outcome"
printf '%-8s %7s %9s %8s %9s %9s %9s %7s %9s %8s %7s\n' cases MB dande \
	"RSS MB" xmllint import floor ratio junitpars "RSS MB" "jp/dnd"
# the peer: every case of every suite, its outcome counted
jp_script='import sys
from junitparser import JUnitXml
n = {}
for suite in JUnitXml.fromfile(sys.argv[1]):
    for case in suite:
        k = type(case.result[0]).__name__ if case.result else "Passed"
        n[k] = n.get(k, 0) + 1
print(n)'
python=$(command -v /usr/bin/python3 python3 | head -n 1)
if [ -z "$python" ] || ! "$python" -c 'import junitparser' 2>/dev/null; then
	python=""
	echo "(junitparser missing: Debian python3-junitparser)"
fi
for n in ${DANDE_BENCH_JUNIT:-10000 100000 1000000}; do
	f="$scratch/junit-$n.xml"
	"$O/bench/gen_junit" "$n" "$f"
	bytes=$(stat -c %s "$f")
	set -- $(measure ingest "$O/bin/dande-junit" ingest "$f" \
		--db "$scratch/bench.db" -q --fail-on none)
	secs=$2 kb=$3
	if command -v xmllint >/dev/null 2>&1 &&
	   command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 -csv "$scratch/bench.db" "SELECT suite, classname, name, \
			file, line, status, duration_s FROM tests" >"$scratch/rows.csv"
		set -- $(measure xmllint xmllint --stream --noout "$f")
		parse=$2
		set -- $(measure import sh -c 'rm -f "$1"; sqlite3 "$1" \
			"CREATE TABLE t (suite, classname, name, file, line, \
			status, duration_s)" ".import --csv $2 t"' sh \
			"$scratch/floor.db" "$scratch/rows.csv")
		insert=$2
		rm -f "$scratch/floor.db" "$scratch/rows.csv"
	else
		parse=0 insert=0
		echo "(xmllint or sqlite3 missing: Debian libxml2-utils, sqlite3)"
	fi
	jp=0 jpkb=0
	if [ -n "$python" ]; then
		set -- $(measure junitparser "$python" -c "$jp_script" "$f")
		jp=$2 jpkb=$3
	fi
	awk -v n="$n" -v b="$bytes" -v s="$secs" -v kb="$kb" -v p="$parse" \
	    -v i="$insert" -v jp="$jp" -v jpkb="$jpkb" 'BEGIN {
		f = p + i; if (f <= 0) f = 0.01;
		printf "%-8d %7.1f %8.2fs %8.1f %8.2fs %8.2fs %8.2fs %6.2fx",
		n, b / 1048576, s, kb / 1024, p, i, f, s / f;
		if (jp > 0)
			printf " %8.2fs %8.1f %6.2fx", jp, jpkb / 1024, jp / s;
		printf "\n" }'
	rm -f "$f"
done

echo
echo "== junit: 100,000 cases into PostgreSQL (a server started here, on a unix"
echo "   socket, durability off as in the tests) side by side with SQLite: a"
echo "   first ingest, then the same report again (identities known)"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
	pgdir="$scratch/pg"
	mkdir -p "$pgdir"
	chmod 711 "$scratch"
	as=""
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$pgdir" 2>/dev/null || chown nobody "$pgdir"
		as="runuser -u $(stat -c %U "$pgdir") --"
	fi
	$as "$pgbin/initdb" -D "$pgdir/data" -A trust -U dande -E UTF8 \
		--locale=C --no-sync >/dev/null
	$as "$pgbin/postgres" -D "$pgdir/data" -k "$pgdir" \
		-c listen_addresses= -c fsync=off -c full_page_writes=off \
		-c synchronous_commit=off >"$scratch/pg.log" 2>&1 &
	pgpid=$!
	i=0
	until "$pgbin/pg_isready" -q -h "$pgdir" || [ $i -ge 100 ]; do
		sleep 0.1; i=$((i + 1)); done
	"$O/bench/gen_junit" 100000 "$scratch/pg.xml"
	printf '%-10s %10s %10s %8s\n' engine first again "RSS MB"
	# three rounds, engines alternating: the medians are compared (the
	# client and the server share two cores here; single runs vary 20%)
	for round in 1 2 3; do
	for engine in sqlite postgresql; do
		if [ $engine = sqlite ]; then
			db="$scratch/pgside.db"; rm -f "$db" "$db-wal" "$db-shm"
		else
			PGOPTIONS="-c client_min_messages=warning" \
			"$pgbin/psql" -q -h "$pgdir" -U dande -d postgres \
				-c "DROP DATABASE IF EXISTS b" -c "CREATE DATABASE b"
			db="postgresql:///b?host=$pgdir&user=dande"
		fi
		"$O/bin/dande-db" --db "$db" init -q
		/usr/bin/time -f "%e %M" -o "$scratch/p1" "$O/bin/dande-junit" \
			--db "$db" -q ingest "$scratch/pg.xml" --fail-on none
		/usr/bin/time -f "%e %M" -o "$scratch/p2" "$O/bin/dande-junit" \
			--db "$db" -q ingest "$scratch/pg.xml" --fail-on none
		read -r s1 k1 <"$scratch/p1"; read -r s2 k2 <"$scratch/p2"
		printf '%-10s %9ss %9ss %8d\n' $engine "$s1" "$s2" \
			$(( (k1 > k2 ? k1 : k2) / 1024 ))
		echo "$engine $s1 $s2" >>"$scratch/pgside"
	done
	done
	awk '{ n[$1]++; f[$1, n[$1]] = $2; a[$1, n[$1]] = $3 }
	function med(x, e,   i, j, t, v) {
		for (i = 1; i <= 3; i++) v[i] = x[e, i]
		for (i = 1; i <= 3; i++) for (j = i + 1; j <= 3; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return v[2] }
	END { printf "median: PostgreSQL/SQLite %.2fx first, %.2fx again " \
		"(the issue asks at most 2x)\n",
		med(f, "postgresql") / med(f, "sqlite"),
		med(a, "postgresql") / med(a, "sqlite") }' "$scratch/pgside"
	# the last round's two runs: their report, and the HTML one
	for engine in sqlite postgresql; do
		if [ $engine = sqlite ]; then
			db="$scratch/pgside.db"
		else
			db="postgresql:///b?host=$pgdir&user=dande"
		fi
		set -- $(measure report "$O/bin/dande-junit" --db "$db" report)
		r1=$2
		set -- $(measure html "$O/bin/dande" report html --db "$db" \
			-o "$scratch/html-$engine" -q)
		echo "$engine: junit report ${r1}s, report html ${2}s"
	done
	kill -INT "$(head -n 1 "$pgdir/data/postmaster.pid")" 2>/dev/null || true
	wait "$pgpid" 2>/dev/null || true
else
	echo "(no PostgreSQL server binaries: Debian postgresql)"
fi

echo
echo "== junit: a history of ${DANDE_BENCH_RUNS:-200} runs x ${DANDE_BENCH_CASES:-10000} cases (2% failing, 0.1% flaky)"
runs=${DANDE_BENCH_RUNS:-200} cases=${DANDE_BENCH_CASES:-10000}
h="$scratch/history.db"
rm -f "$h"*
xml=0
i=1
while [ "$i" -le "$runs" ]; do
	"$O/bench/gen_junit" "$cases" "$scratch/run.xml" "$i"
	xml=$((xml + $(stat -c %s "$scratch/run.xml")))
	"$O/bin/dande-junit" ingest "$scratch/run.xml" --db "$h" -q \
		--fail-on none
	i=$((i + 1))
done
set -- $(measure history "$O/bin/dande-junit" history \
	pkg17.Suite17::test_case_867 --db "$h")
hist=$2
set -- $(measure flaky "$O/bin/dande-junit" flaky --window 200 --db "$h")
flaky=$2
set -- $(measure report "$O/bin/dande-junit" report --db "$h")
report=$2
# one more run (three, the median), timed, into the full history
set -- $(measure ingest "$O/bin/dande-junit" ingest "$scratch/run.xml" \
	--db "$h" -q --fail-on none)
last=$2
if command -v sqlite3 >/dev/null 2>&1; then
	# the results' tables and indexes over every case-run (schema 8:
	# the passes in blocks, the rest in rows)
	sqlite3 "$h" "SELECT (SELECT SUM(pgsize) FROM dbstat WHERE name IN \
		('test_results', 'test_results_noteworthy', 'test_blocks', \
		'sqlite_autoindex_test_blocks_1')) * 1.0 / SUM(tests), \
		(SELECT page_count * page_size FROM pragma_page_count, \
		pragma_page_size) FROM test_runs" | tr '|' ' ' >"$scratch/size"
	read -r per total <"$scratch/size"
else
	per=0 total=$(stat -c %s "$h")
fi
awk -v per="$per" -v total="$total" -v xml="$xml" -v n="$((runs * cases))" \
    -v last="$last" -v hist="$hist" -v flaky="$flaky" -v rep="$report" \
    'BEGIN {
	printf "%-44s %s\n", "measure", "figure (target)"
	printf "%-44s %.1f bytes (<= 60)\n", "a case-run (results + indexes)", per
	printf "%-44s %.1f MB, %.0f bytes a case-run\n", "database", total / 1048576, total / n
	printf "%-44s %.1f MB (database: %.2f of it)\n", "the reports (XML)", xml / 1048576, total / xml
	printf "%-44s %.3f s\n", "ingest of one more run into it", last
	printf "%-44s %.3f s (<= 0.05)\n", "junit history TEST", hist
	printf "%-44s %.3f s (<= 0.2)\n", "junit flaky --window 200", flaky
	printf "%-44s %.3f s\n", "junit report (last run, compared)", rep
    }'
rm -f "$h"* "$scratch/run.xml"

echo
echo "== cov: gate of generated reports, ${DANDE_BENCH_COV_FILES:-20000} files x 100 lines"
files=${DANDE_BENCH_COV_FILES:-20000}
"$O/bench/gen_cov" "$files" 100 "$scratch/cobertura.xml" "$scratch/cov.lcov" \
	"$scratch/change.diff"
printf '%-28s %9s %10s %10s %9s\n' input MB seconds MB/s "RSS MB"
for what in cobertura lcov patch; do
	case $what in
	cobertura) f="$scratch/cobertura.xml"; cmd="gate $f" ;;
	lcov) f="$scratch/cov.lcov"; cmd="gate $f" ;;
	patch) f="$scratch/cov.lcov"; cmd="patch $f --diff $scratch/change.diff" ;;
	esac
	bytes=$(stat -c %s "$f")
	# shellcheck disable=SC2086
	# (in the scratch directory: no repository there to match the
	# generated report's paths against, the diff is given)
	set -- $(cd "$scratch" && measure "$what" "$O/bin/dande-cov" $cmd \
		--db "$scratch/bench.db" -q --min 0)
	awk -v w="$what" -v b="$bytes" -v s="$2" -v kb="$3" 'BEGIN {
		if (s <= 0) s = 0.01;
		printf "%-28s %9.1f %10.2f %10.1f %9.1f\n", w, b / 1048576, s,
			b / 1048576 / s, kb / 1024 }'
done
# patch coverage of a change to 5,000 files (30 added lines each), side by
# side with its floor: reading the same report alone (dande cov report)
awk '/^SF:/ && n < 5000 { f = substr($0, 4); n++;
	printf "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1,0 +1,30 @@\n",
		f, f, f, f; for (i = 1; i <= 30; i++) print "+x" }' \
	"$scratch/cov.lcov" > "$scratch/big.diff"
set -- $(cd "$scratch" && measure patch5000 "$O/bin/dande-cov" patch \
	"$scratch/cov.lcov" --diff "$scratch/big.diff" --db "$scratch/bench.db" \
	-q --min 0)
p5=$2
set -- $(measure floor "$O/bin/dande-cov" report "$scratch/cov.lcov" -q)
awk -v p="$p5" -v f="$2" 'BEGIN { if (f <= 0) f = 0.01;
	printf "patch, 5,000 changed files: %.2f s; the report read alone: " \
	"%.2f s (%.1fx)\n", p, f, p / f }'
if command -v xmllint >/dev/null 2>&1; then
	set -- $(measure xmllint xmllint --stream --noout "$scratch/cobertura.xml")
	echo "xmllint --stream --noout on the Cobertura file: $2 s, $(($3 / 1024)) MB"
fi

echo
n=${DANDE_BENCH_COMMITS:-50000}
echo "== changelog generate over $n conventional commits, and a full bump"
"$O/bench/gen_repo" "$scratch/repo" "$n"
# the walk covers every commit: from the root, not since the last tag
set -- $(measure generate "$O/bin/dande-changelog" -C "$scratch/repo" generate \
	--from v0.1.0)
awk -v n="$n" -v s="$2" -v kb="$3" 'BEGIN { if (s <= 0) s = 0.01;
	printf "generate  %d commits: %.2f s, %.0f commits/s, peak RSS %.1f MB\n",
	n - 100, s, (n - 100) / s, kb / 1024 }'
# every release at once (a section per tag), against git log's own walk
set -- $(measure all "$O/bin/dande-changelog" -C "$scratch/repo" generate \
	--all -q)
all=$2
set -- $(measure gitlog git -C "$scratch/repo" log --format='%H %s')
awk -v a="$all" -v g="$2" -v t="$(git -C "$scratch/repo" tag | wc -l)" \
	'BEGIN { if (g <= 0) g = 0.01;
	printf "generate --all, %d tags: %.2f s; git log: %.2f s (%.1fx)\n",
	t, a, g, a / g }'
# a bump: files + changelog + commit + tag, on a fresh clone each time
t0=$(date +%s%N)
for i in 1 2 3 4 5; do
	"$O/bin/dande-bump" -C "$scratch/repo" -q --allow-dirty --allow-empty \
		--db "$scratch/bump.db" || exit 1
done
t1=$(date +%s%N)
echo "bump      files + changelog + commit + tag: $(( (t1 - t0) / 5000000 )) ms per bump (5 bumps)"

echo
echo "== a pre-commit hook run (version drift + changelog lint) vs a plain sh hook"
"$O/bench/gen_repo" "$scratch/small" 20 >/dev/null
printf '#!/bin/sh\ntrue\n' >"$scratch/true-hook"
chmod +x "$scratch/true-hook"
per_run() {
	t0=$(date +%s%N)
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		"$@" >/dev/null 2>&1 || true
	done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 20000 ))
}
# a pass is recorded only for files older than a second
sleep 2
plain=$(cd "$scratch/small" && per_run "$scratch/true-hook")
full=$(unset CI; cd "$scratch/small" && DANDE_HOOKS_PASSCACHE=false \
	per_run "$O/bin/dande" hooks run pre-commit)
(unset CI; cd "$scratch/small" && "$O/bin/dande" hooks run pre-commit)
hook=$(unset CI; cd "$scratch/small" && per_run "$O/bin/dande" hooks run pre-commit)
echo "hooks     sh 'true' hook: $plain us; dande hooks run pre-commit: $full us (checks run), $hook us (nothing they read changed since they passed)"

echo
echo "== env: dande env check on a generated compose file, and status over the Engine API"
n=${DANDE_BENCH_SERVICES:-2000}
mkdir -p "$scratch/envb"
awk -v n="$n" 'BEGIN {
	print "services:";
	for (i = 0; i < n; i++) {
		printf "  svc%d:\n    image: busybox:local\n", i;
		printf "    ports:\n      - \"127.0.0.1:%d:80\"\n", 20000 + i;
		printf "    environment:\n      MODE: bench\n      TOKEN: ${TOKEN}\n";
		printf "    volumes:\n      - ./data%d:/data\n", i;
		printf "    healthcheck:\n      test: [\"CMD\", \"true\"]\n";
		if (i) printf "    depends_on: [svc%d]\n", i - 1;
	}
}' >"$scratch/envb/docker-compose.yml"
printf '[env "dev"]\n\tcompose = docker-compose.yml\n' >"$scratch/envb/.dande.conf"
bytes=$(stat -c %s "$scratch/envb/docker-compose.yml")
set -- $(cd "$scratch/envb" && measure check "$O/bin/dande-env" check)
echo "check     $n services ($((bytes / 1024)) KB): $2 s, $(($3 / 1024)) MB"
if command -v docker-compose >/dev/null 2>&1; then
	set -- $(cd "$scratch/envb" && measure compose docker-compose -f \
		docker-compose.yml config -q)
	echo "          docker-compose config -q on the same file: $2 s, $(($3 / 1024)) MB"
fi
if "$O/bin/dande" env status >/dev/null 2>&1; then
	mkdir -p "$scratch/envs"
	cat >"$scratch/envs/docker-compose.yml" <<'YML'
services:
  a:
    image: busybox:local
    command: ["sleep", "600"]
    stop_signal: SIGKILL
  b:
    image: busybox:local
    command: ["sleep", "600"]
    stop_signal: SIGKILL
YML
	printf '[env "dev"]\n\tcompose = docker-compose.yml\n' >"$scratch/envs/.dande.conf"
	(cd "$scratch/envs" && "$O/bin/dande" env -q up dev)
	st=$(cd "$scratch/envs" && per_run "$O/bin/dande" env status dev)
	ps=$(cd "$scratch/envs" && per_run docker-compose -p envs-dev ps)
	dps=$(per_run docker ps)
	echo "status    dande env status: $st us; docker-compose ps: $ps us; docker ps: $dps us"
	up=$(date +%s%N)
	(cd "$scratch/envs" && "$O/bin/dande" env -q down dev)
	down=$(date +%s%N)
	echo "          dande env down of that 2-service stack: $(( (down - up) / 1000000 )) ms"
else
	echo "status    (no Docker engine answers: skipped)"
fi

echo
echo "== hooks: per commit, dande's as installed vs a 'true' shell hook"
h="$scratch/hookrepo"
git init -q "$h"
(cd "$h" && git config user.name bench && git config user.email b@e &&
	echo 1.0.0 > VERSION && printf '# Changelog\n\n## [Unreleased]\n' \
	> CHANGELOG.md && printf 'data/\n' > .gitignore && git add . &&
	git commit -q --no-verify -m "feat: start" &&
	"$O/bin/dande" hooks install -q >/dev/null &&
	touch -d '1 minute ago' .git/config &&
	sleep 2 && git commit -q --allow-empty -m "feat: warm" &&
	git commit -q --allow-empty -m "feat: warm")
commits() {
	t0=$(date +%s%N)
	for i in $(seq 50); do
		git -C "$h" commit -q --allow-empty -m "feat: $1 $i"
	done
	echo $(( ($(date +%s%N) - t0) / 50000 ))
}
with_dande=$(commits dande)
for n in pre-commit commit-msg; do
	mv "$h/.git/hooks/$n" "$h/.git/hooks/$n.dande"
	printf '#!/bin/sh\ntrue\n' > "$h/.git/hooks/$n"
	chmod +x "$h/.git/hooks/$n"
done
with_true=$(commits true)
echo "git commit: with dande's hooks $with_dande us, with 'true' hooks" \
	"$with_true us: dande adds $(( with_dande - with_true )) us"

echo
echo "== report: dande report html on 1,000 runs of 10,000 tests (10M results,"
echo "   200 files' coverage a run, a patch measurement every 10th, 2,000"
echo "   TODOs), made with sqlite3 in schema 7's rows, then packed by dande's"
echo "   migration to schema 8; the issue asks under 2 s and 5 MB of HTML"
r="$scratch/report.db"
rm -f "$r"
"$O/bin/dande-db" --db "$r" init -q
"$O/bin/dande-db" --db "$r" migrate --to 7 -q
sqlite3 "$r" "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000)
INSERT INTO test_runs (id, kind, started_at, duration_s, commit_sha, branch,
 version, tests, passed, failed, errors, skipped, flaky)
SELECT i, 'junit', printf('2026-%02d-%02dT10:00:00Z', 1 + i / 90 % 12,
 1 + i % 28), 300 + i % 17, printf('%040x', i), 'main',
 printf('1.%d.%d', i / 100, (i / 10) % 10), 10000, 9990 - i % 7, i % 7, 0,
 10, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 10000)
INSERT INTO test_cases (id, suite, classname, name, layer)
SELECT i, 's', printf('pkg.mod%d', i / 50), printf('test_%d', i),
 CASE WHEN i % 10 < 7 THEN 'unit' WHEN i % 10 < 9 THEN 'integration'
 ELSE 'e2e' END FROM n;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r WHERE i < 1000),
 t(j) AS (SELECT 1 UNION ALL SELECT j+1 FROM t WHERE j < 10000)
INSERT INTO test_results (run_id, seq, test_id, status, duration_us, reruns)
SELECT i, j, j, CASE WHEN (i * 7 + j) % 997 = 0 THEN 3 WHEN j % 1000 = 5
 THEN 1 ELSE 0 END, (j * 37) % 100000, 0 FROM r, t;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r WHERE i < 1000),
 f(j) AS (SELECT 0 UNION ALL SELECT j+1 FROM f WHERE j < 200)
INSERT INTO test_coverage (run_id, file, lines_valid, lines_covered,
 commit_sha, branch, version)
SELECT i, CASE WHEN j = 0 THEN NULL ELSE printf('src/mod%03d.c', j) END,
 CASE WHEN j = 0 THEN 20000 ELSE 100 END, CASE WHEN j = 0 THEN 17000 + i % 500
 ELSE 70 + (i + j) % 31 END, printf('%040x', i), 'main',
 printf('1.%d.%d', i / 100, (i / 10) % 10) FROM r, f;
UPDATE test_coverage SET patch_lines = 400, patch_covered = 300 + run_id % 100
 WHERE file IS NULL AND run_id % 10 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000)
INSERT INTO todos (file, line, tag, text, author, authored_at, first_seen_at,
 last_seen_at, resolved_at)
SELECT printf('src/mod%03d.c', i % 200), 1 + i, 'TODO', printf('debt %d', i),
 printf('dev%d', i % 12), printf('2025-%02d-01T00:00:00Z', 1 + i % 12),
 printf('2026-%02d-%02dT09:00:00Z', 1 + i / 170 % 12, 1 + i % 28),
 '2026-12-01T00:00:00Z', CASE WHEN i % 3 = 0 THEN
 printf('2026-%02d-%02dT11:00:00Z', 1 + (i / 170 + 2) % 12, 1 + i % 28) END
 FROM n;
COMMIT;" >/dev/null
"$O/bin/dande-db" --db "$r" init -q
rm -f "$r".bak-*
sqlite3 "$r" "VACUUM"
/usr/bin/time -f "%e %M" -o "$scratch/rt" "$O/bin/dande" report html \
	--db "$r" -o "$scratch/report" -q
read -r s k <"$scratch/rt"
echo "dande report html: ${s}s, $((k / 1024)) MB peak, $(( $(stat -c %s \
	"$scratch/report/index.html") / 1024 )) KB of HTML (database \
$(( $(stat -c %s "$r") / 1048576 )) MB, no statistics gathered)"
rm -f "$r"

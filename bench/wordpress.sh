#!/usr/bin/env bash
# WordPress import benchmark (issue 24): generates a realistic export of N
# posts (bench/gen_wxr.py, with its uploads folder), imports it RUNS times
# into a fresh site made by `gazette init` (its example content removed)
# with the release binary under /usr/bin/time -v, and reports the median
# wall time and peak memory against the criterion (<= 10 s, <= 500 MB).
# Then builds the last imported site and runs `gazette check`, which must
# find no broken internal link (links the export had to posts that are not
# published stay absolute URLs to the old site, as they were).
# Creating ~30,000 files is most of the time, so the figures depend on the
# file system and on what else writes to the disk: TMPDIR picks where the
# site is made (TMPDIR=/dev/shm measures the importer without the disk).
# Usage: bench/wordpress.sh [N]   (default 10000; RUNS=3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
runs=${RUNS:-3}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin gazette
bin=$repo/target/release/gazette

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gazette-wp-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$repo/bench/gen_wxr.py" "$n" "$tmp/export.xml" "$tmp/uploads"
echo "export: $n posts, $(du -m "$tmp/export.xml" | cut -f1) MB, $(find "$tmp/uploads" -type f | wc -l) upload files"

for run in $(seq "$runs"); do
  rm -rf "$tmp/site"
  "$bin" init "$tmp/site" >/dev/null
  rm -rf "$tmp/site/content" && mkdir "$tmp/site/content"
  # The last run's files reach the disk before this one is timed: otherwise
  # their write-back throttles this run's writes (runs got slower in turn).
  sync
  /usr/bin/time -v "$bin" --root "$tmp/site" import wordpress "$tmp/export.xml" \
    --uploads "$tmp/uploads" >"$tmp/import.out" 2>"$tmp/time.txt"
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:03.21"
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp/time.txt" >>"$tmp/walls"
  awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$tmp/time.txt" >>"$tmp/rss"
  awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/time.txt" >>"$tmp/cpu"
done
cat "$tmp/import.out"
wall=$(median <"$tmp/walls")
rss=$(median <"$tmp/rss")
cpu=$(median <"$tmp/cpu")
printf 'import of %d posts: median of %d runs: %.2f s wall, %.2f s CPU (user + system), %.0f MB peak RSS (wall per run: %s s)\n' \
  "$n" "$runs" "$wall" "$cpu" "$rss" "$(paste -sd' ' "$tmp/walls")"
verdict=pass
awk -v w="$wall" -v r="$rss" 'BEGIN {exit !(w <= 10 && r <= 500)}' || verdict=FAIL
echo "criterion (<= 10 s, <= 500 MB): $verdict"

start=$(date +%s.%N)
"$bin" --root "$tmp/site" build >"$tmp/build.out" 2>"$tmp/build.err" || {
  cat "$tmp/build.err"
  echo "build: FAIL"
  exit 1
}
echo "build: $(tail -1 "$tmp/build.out") ($(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s)"
status=0
"$bin" --root "$tmp/site" check >"$tmp/check.out" 2>"$tmp/check.err" || status=$?
broken=$(grep -c 'broken link\|broken anchor' "$tmp/check.err" || true)
echo "check: $(tail -1 "$tmp/check.out"); broken internal links: $broken (exit $status)"
if [ "$broken" -ne 0 ] || [ "$status" -ne 0 ]; then
  grep -A1 '^error' "$tmp/check.err" | head -20
  verdict=FAIL
fi
[ "$verdict" = pass ]

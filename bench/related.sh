#!/usr/bin/env bash
# Related-articles benchmark. For each corpus size: the median wall time of
# the related stage alone (RUNS calls of gazette::site::related::compute, by
# examples/related_quality.rs --time-only), and its share of a full build
# (median over RUNS full `gazette build --timings` of the `related` stage's
# time over the build's total). The stage-alone runs of all sizes alternate
# in one process (one run of each size per round), so that a machine whose
# speed drifts slows every size alike; each size's ratio to the size before is
# given as the ratio of the medians and the median of the rounds' ratios.
# Then precision@5 against the corpus's planted topics on 2,000 articles,
# Gazette's method and the tag-overlap baseline.
# Usage: bench/related.sh [SIZES...]   (default: 1000 10000 50000; RUNS=5)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
sizes=${*:-1000 10000 50000}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin gazette --example related_quality
bin=$repo/target/release/gazette
harness=$repo/target/release/examples/related_quality

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sites=()
for n in $sizes; do
  sites+=("$("$repo/bench/corpus.sh" "$n")")
done
"$harness" "${sites[@]}" --time-only --runs "$runs" >"$tmp/alone"
# One median per size, in the order of the sizes.
mapfile -t alones < <(sed -n 's/^RESULT articles=[0-9]* related_ms_median=//p' "$tmp/alone")

printf '%-8s %14s %14s %10s\n' articles "related (ms)" "build (ms)" share
k=0
for n in $sizes; do
  site=${sites[$k]}
  alone=${alones[$k]}
  k=$((k + 1))
  : >"$tmp/shares"
  for run in $(seq "$runs"); do
    # A full build into a new output folder (a rebuild would take unchanged
    # pages from the old output): the related stage and the build's total
    # come from the same run.
    "$bin" --root "$site" build --output "$tmp/output-$n-$run" --timings >"$tmp/out" 2>"$tmp/err"
    # Deleted now rather than all at exit, when removing some 500,000 files
    # kept a core busy for minutes after the script had returned.
    rm -rf "$tmp/output-$n-$run"
    rel=$(awk '$1 == "related" {print $2}' "$tmp/err")
    total=$(awk '$3 == "ms" {s += $2} END {print s}' "$tmp/err")
    echo "$rel $total" >>"$tmp/shares"
  done
  in_build=$(awk '{print $2}' "$tmp/shares" | median)
  share=$(awk '{print $1 / $2}' "$tmp/shares" | median)
  printf '%-8s %14.1f %14.0f %9.1f%%\n' "$n" "$alone" "$in_build" "$(awk -v s="$share" 'BEGIN {print s * 100}')"
done
echo
grep '^ratio' "$tmp/alone" || true
echo
"$harness" "$("$repo/bench/corpus.sh" 2000)" --runs 1 | grep -v '^RESULT'

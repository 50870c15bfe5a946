#!/usr/bin/env bash
# Related-articles benchmark. For each corpus size: the median wall time of
# the related stage alone (RUNS calls of gazette::site::related::compute, by
# examples/related_quality.rs --time-only), its time inside a full build and
# its share of that build (medians over RUNS full `gazette build --timings`).
# The stage-alone runs of all sizes alternate in one process (one run of each
# size per round), and the builds alternate sizes too, so that a machine
# whose speed drifts slows every size alike; each size's ratio to the size
# before is given as the ratio of the medians (alone, also the median of the
# rounds' ratios).
# Then precision@5 against the corpus's planted topics on 2,000 articles,
# Gazette's method and the tag-overlap baseline.
# Usage: bench/related.sh [SIZES...]   (default: 1000 10000 50000; RUNS=5)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
read -r -a sizes <<<"${*:-1000 10000 50000}"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin gazette --example related_quality
bin=$repo/target/release/gazette
harness=$repo/target/release/examples/related_quality

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sites=()
for n in "${sizes[@]}"; do
  sites+=("$("$repo/bench/corpus.sh" "$n")")
done
"$harness" "${sites[@]}" --time-only --runs "$runs" >"$tmp/alone"
# One median per size, in the order of the sizes.
mapfile -t alones < <(sed -n 's/^RESULT articles=[0-9]* related_ms_median=//p' "$tmp/alone")

# Full builds, the sizes alternating as in the harness, each into a new
# output folder (a rebuild would take unchanged pages from the old output):
# the related stage's time in the build and the build's total come from the
# same run.
for run in $(seq "$runs"); do
  for k in "${!sizes[@]}"; do
    n=${sizes[k]}
    site=${sites[k]}
    "$bin" --root "$site" build --output "$tmp/output-$n-$run" --timings >"$tmp/out" 2>"$tmp/err"
    # Deleted now rather than all at exit, when removing some 500,000 files
    # kept a core busy for minutes after the script had returned.
    rm -rf "$tmp/output-$n-$run"
    rel=$(awk '$1 == "related" {print $2}' "$tmp/err")
    total=$(awk '$3 == "ms" {s += $2} END {print s}' "$tmp/err")
    echo "$rel $total" >>"$tmp/builds-$n"
  done
done

printf '%-8s %12s %12s %12s %8s\n' articles "alone (ms)" "in build" "build (ms)" share
in_builds=()
for k in "${!sizes[@]}"; do
  n=${sizes[k]}
  in_build=$(awk '{print $1}' "$tmp/builds-$n" | median)
  build=$(awk '{print $2}' "$tmp/builds-$n" | median)
  share=$(awk '{print $1 / $2}' "$tmp/builds-$n" | median)
  printf '%-8s %12.1f %12.1f %12.0f %7.1f%%\n' "$n" "${alones[k]}" "$in_build" "$build" "$(awk -v s="$share" 'BEGIN {print s * 100}')"
  in_builds+=("$n $in_build")
done
echo
# The stage inside a build reads inputs the load stage left cold, on memory
# the allocator has not used yet; alone, it runs warm. Both ratios, since
# they differ (docs/related.md).
printf '%s\n' "${in_builds[@]}" | awk 'NR > 1 {
  printf "in build    %s / %s articles: %.2fx of the medians\n", $1, n, $2 / t
} {n = $1; t = $2}'
echo
grep '^ratio' "$tmp/alone" || true
echo
"$harness" "$("$repo/bench/corpus.sh" 2000)" --runs 1 | grep -v '^RESULT'

#!/usr/bin/env bash
# Related-articles stage, counted rather than timed: instructions, and cache
# misses in a simulated cache, per run of the stage, at each corpus size, and
# each size's ratio to the size before. Unlike wall time on a shared host,
# these counts are the same from one run to the next, so a change in how the
# stage scales shows at once (docs/related.md).
#
# One thread, under valgrind's callgrind. The harness loads each corpus from
# an inputs cache and runs the stage once, then three times; the difference
# of the two totals, halved, is one run of the stage without the loading.
# The simulated cache is this host's: 32 KB L1 data, 1 MB L2 (set D1 and LL
# to change it, in valgrind's SIZE,WAYS,LINE form).
# Needs valgrind (Debian package `valgrind`); about 3 minutes for the default
# sizes.
# Usage: bench/related_count.sh [SIZES...]   (default: 10000 50000)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=${*:-10000 50000}
d1=${D1:-32768,8,64}
ll=${LL:-1048576,16,64}
command -v valgrind >/dev/null || {
  echo "bench/related_count.sh needs valgrind (apt-get install valgrind)" >&2
  exit 1
}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --example related_quality
harness=$repo/target/release/examples/related_quality

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The `Collected` line of callgrind: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw.
counts() {
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --cache-sim=yes --D1="$d1" --LL="$ll" \
    --callgrind-out-file=/dev/null "$harness" "$1" --inputs-cache "$2" --time-only --runs "$3" \
    2>&1 >/dev/null | sed -n 's/^==[0-9]*== Collected : //p'
}

printf '%-8s %16s %12s %14s %14s\n' articles "instructions" "per article" "L1d misses" "L2 misses"
for n in $sizes; do
  site=$("$repo/bench/corpus.sh" "$n")
  # Written outside valgrind, so that both counted runs only read it.
  "$harness" "$site" --inputs-cache "$tmp/inputs-$n" --time-only --runs 1 >/dev/null
  read -r -a once <<<"$(counts "$site" "$tmp/inputs-$n" 1)"
  read -r -a thrice <<<"$(counts "$site" "$tmp/inputs-$n" 3)"
  ir=$(((thrice[0] - once[0]) / 2))
  d1miss=$(((thrice[4] + thrice[5] - once[4] - once[5]) / 2))
  llmiss=$(((thrice[7] + thrice[8] - once[7] - once[8]) / 2))
  printf '%-8s %16d %12d %14d %14d\n' "$n" "$ir" $((ir / n)) "$d1miss" "$llmiss"
  echo "$n $ir $d1miss $llmiss" >>"$tmp/rows"
done
echo
awk 'NR > 1 {
  printf "ratio       %s / %s articles: instructions %.2fx, L1d misses %.2fx, L2 misses %.2fx\n",
    $1, n, $2 / ir, $3 / d1, $4 / ll
} {n = $1; ir = $2; d1 = $3; ll = $4}' "$tmp/rows"

#!/usr/bin/env bash
# Two gazette binaries on one corpus, in alternation (A, B, A, B, ...), so
# that the drift of a shared machine weighs on both alike: the median of
# RUNS full builds each (a new output folder every run), wall time, peak
# memory and each stage of `--timings`, and B's ratio to A. Outputs are
# deleted only at the end: deleting one right before the next build makes
# that build's writes several times slower on ext4 (see bench/build.sh).
# Usage: bench/compare.sh OLD_BINARY NEW_BINARY [ARTICLES]   (default 10000; RUNS=5)
# SITE=DIR builds that site instead of bench/corpus.sh's (which carries the
# repository's current theme: an older binary may need the theme of its day);
# OLD_SITE=DIR gives the old binary a site of its own (the same corpus with
# the theme of its day), for the cost of a theme change.
# Example: build the commit to compare with in a worktree
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
#   bench/compare.sh /tmp/old/target/release/gazette target/release/gazette
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
old=$1
new=$2
n=${3:-10000}
runs=${RUNS:-5}
site=${SITE:-$("$repo/bench/corpus.sh" "$n")}
old_site=${OLD_SITE:-$site}
work=$(mktemp -d "${TMPDIR:-/tmp}/gazette-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One full build: appends "wall_ms peak_kb" to $work/<label>.runs and the
# stage lines of --timings to $work/<label>.stages.
run() { # label binary index site
  local out=$work/out-$1-$3
  sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/time" "$2" --root "$4" build --output "$out" --timings \
    2>"$work/stderr" >/dev/null
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(tail -n 1 "$work/time")" >>"$work/$1.runs"
  grep -E '^  [a-z+]+ +[0-9.]+ ms$' "$work/stderr" >>"$work/$1.stages" || true
}

for i in $(seq 1 "$runs"); do
  run old "$old" "$i" "$old_site"
  run new "$new" "$i" "$site"
done

echo "$n articles, median of $runs full builds each, run in alternation"
printf '%-14s %10s %10s %7s\n' "" old new ratio
row() { # name old new
  printf '%-14s %10s %10s %7.3f\n' "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)"
}
row "wall ms" "$(cut -d' ' -f1 "$work/old.runs" | median)" "$(cut -d' ' -f1 "$work/new.runs" | median)"
row "peak MiB" "$(($(cut -d' ' -f2 "$work/old.runs" | median) / 1024))" \
  "$(($(cut -d' ' -f2 "$work/new.runs" | median) / 1024))"
for stage in $(awk '{print $1}' "$work/new.stages" | awk '!seen[$0]++'); do
  o=$(awk -v s="$stage" '$1 == s {print $2}' "$work/old.stages" | median)
  m=$(awk -v s="$stage" '$1 == s {print $2}' "$work/new.stages" | median)
  [ -n "$o" ] && [ -n "$m" ] && row "  $stage ms" "$o" "$m"
done

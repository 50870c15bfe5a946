#!/usr/bin/env bash
# Image benchmark (issue 25): N photos of 3000x2000 (default 1,000), each
# the lead image of its own article, processed cold (no cache, no output):
# wall time, CPU time (user+sys) and peak memory (/usr/bin/time -v); then
# the median of RUNS no-change rebuilds of that site against the same site
# without its images, the cost of the cache look-ups.
# Usage: bench/images.sh [N]   (RUNS=5; GAZETTE=binary, default the release build;
#        AVIF=1 turns on images.avif, to measure what AVIF variants cost)
#
# The photos are made by crates/imaging/examples/bench_photos.rs (colour
# fields with grain: detail that JPEG and WebP cannot compress away), 20
# distinct ones, each copied N/20 times with a few bytes of its own after the
# image data, so that every file has a content hash of its own and is
# processed on its own (about 1 GB of photos for N=1000). The
# machine's load is printed before and after: on a shared machine, read the
# CPU time rather than the wall time.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000}
runs=${RUNS:-5}
bin=${GAZETTE:-$repo/target/release/gazette}
[[ -x $bin ]] || cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
work=${BENCH_DIR:-$repo/target/bench-images}
photos=$work/photos-3000x2000
mkdir -p "$photos"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cargo run --quiet --manifest-path "$repo/Cargo.toml" -p gazette-imaging --example bench_photos -- "$photos" 20

# Two sites, one with the photos and one without, the same otherwise.
make_site() { # dir with_images
  local dir=$1 with=$2
  rm -rf "$dir"
  mkdir -p "$dir/content/photos"
  cp -r "$repo/themes" "$dir/"
  printf 'title: Image bench\nbase_url: https://bench.example.org\ntheme: broadsheet\nrelated: {count: 0}\n' >"$dir/site.yaml"
  if [[ ${AVIF:-0} == 1 ]]; then printf 'images: {avif: true}\n' >>"$dir/site.yaml"; fi
  for i in $(seq -w 1 "$n"); do
    local fm=""
    if [[ $with == 1 ]]; then
      k=$(printf '%02d' $(((10#$i % 20) + 1)))
      { cat "$photos/p$k.jpg"; printf 'copy %s' "$i"; } >"$dir/content/photos/p$i.jpg"
      fm=$'image: p'$i$'.jpg\nextra: {image_alt: "Plasma"}'
    fi
    printf -- '---\ntitle: Photo %s\ndate: 2024-05-01\n%s\n---\n\nA story with a photo.\n' "$i" "$fm" \
      >"$dir/content/photos/p$i.md"
  done
}
make_site "$work/with" 1
make_site "$work/without" 0

# Runs gazette build in $1 under /usr/bin/time -v; prints "wall_s cpu_s peak_mb".
timed() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$bin" --root "$1" build --timings >"$log.out" 2>"$log" || {
    cat "$log"
    exit 1
  }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 }
    /Maximum resident/ { rss = $2 }
    END { printf "%.2f %.2f %.0f\n", wall, user + sys, rss / 1024 }' "$log"
  grep -h 'images:' "$log" >&2 || true
  rm -f "$log" "$log.out"
}

echo "load before: $(uptime)"
rm -rf "$work/with/output" "$work/with/.output.state" "$work/with/.output.staging"
read -r wall cpu rss < <(timed "$work/with")
echo "cold: $n photos 3000x2000: wall ${wall} s, CPU ${cpu} s, peak ${rss} MB"

for site in with without; do
  timed "$work/$site" >/dev/null # the first rebuild after a full build
  for _ in $(seq "$runs"); do timed "$work/$site"; done | awk '{print $1}' | median >"$work/$site.median"
done
w=$(cat "$work/with.median")
wo=$(cat "$work/without.median")
echo "no-change rebuild, median of $runs: with images ${w} s, without ${wo} s, difference $(echo "$w - $wo" | bc) s"
echo "load after: $(uptime)"
du -sh "$work/with/output" "$work/with/.output.state/images" | sed 's/^/size: /'

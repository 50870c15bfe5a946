#!/usr/bin/env bash
# Build benchmark: for each corpus size, the median of RUNS full builds (no
# previous output) and of RUNS no-change rebuilds: wall time, pages written
# per second, peak memory (/usr/bin/time -v), and the median time of each
# stage (`gazette build --timings`).
# Usage: bench/build.sh [SIZES...]   (default: 1000 10000 100000; RUNS=5)
#
# Each full build writes a new output folder, and the old ones are deleted
# only when the benchmark ends: on ext4 without a journal (this machine's
# disk) every new inode is allocated after a scan past the inodes freed in
# the last minutes, so `rm -rf output` right before a build makes its writes
# several times slower; that measures the deletion, not the build. Likewise
# every run starts with `sync` (not timed): a build pays for
# writing back its own output when it outgrows the kernel's dirty-page
# threshold (a 100,000-article build does, a 10,000-article one does not),
# never for the output of the run before it.
#
# BENCH_OUTPUTS=DIR puts the outputs (full builds and the rebuilt one) under
# DIR instead of target/. The state of the filesystem still weighs on the
# figures: on a journaled ext4 (a loop device with direct I/O, so that pages
# are not cached twice), the same 100,000-article build took 21.3 s on a
# fresh filesystem, 24.4 s after four such outputs, 25.5 s once they had
# been deleted. BENCH_FRESH_FS=1 (as root) therefore gives every full build,
# and each size's series of rebuilds, a filesystem of its own, made just
# before (not timed): ext4 with its inode tables written at once, in a
# sparse image under target/, on a loop device with direct I/O.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
sizes=${*:-1000 10000 100000}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin=$repo/target/release/gazette

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# A new, empty ext4 for the next runs, mounted at $outs (BENCH_FRESH_FS=1).
fresh_fs() { # articles
  drop_fs
  truncate -s 64G "$image"
  mkfs.ext4 -q -F -N $(($1 * 8 + 100000)) -E lazy_itable_init=0,lazy_journal_init=0 "$image"
  loopdev=$(losetup --direct-io=on -f --show "$image")
  mount "$loopdev" "$outs"
}
drop_fs() {
  if [ -n "${loopdev:-}" ]; then umount "$outs" && losetup -d "$loopdev"; loopdev=; fi
  rm -f "$image"
}

fresh=0
run_one() { # site, mode -> "wall_s rss_kb files" and stage lines in $tmp/stages
  local site=$1 mode=$2 out=$outs/rebuilt-$(basename "$1")/output
  if [ "$mode" = full ]; then
    fresh=$((fresh + 1)); out=$outs/$fresh/output
    if [ -n "$fresh_fs" ]; then fresh_fs "$(basename "$site")" >&2; fi
  fi
  sync
  /usr/bin/time -v "$bin" --root "$site" build --output "$out" --timings >"$tmp/out" 2>"$tmp/err"
  local wall rss files
  wall=$(grep "Elapsed (wall clock)" "$tmp/err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$tmp/err" | awk '{print $NF}')
  files=$(grep -o '[0-9]* files' "$tmp/out" | awk '{print $1}')
  grep -E '^  [a-z+]+ +[0-9.]+ ms' "$tmp/err" >>"$tmp/stages.$mode"
  echo "$wall $rss $files"
}

tmp=$(mktemp -d)
outs=$(mktemp -d "${BENCH_OUTPUTS:-$repo/target}/bench-outputs.XXXXXX")
fresh_fs=${BENCH_FRESH_FS:+1} image=$repo/target/bench-fs.img loopdev=
trap 'drop_fs; rm -rf "$tmp" "$outs"' EXIT
if [ -n "$fresh_fs" ] && [ "$(id -u)" != 0 ]; then
  echo "BENCH_FRESH_FS=1 needs root (losetup, mount)" >&2; exit 2
fi
printf '%-8s %-9s %10s %12s %12s   %s\n' articles mode "wall (s)" "pages/s" "peak MB" "stages (median ms)"
for n in $sizes; do
  site=$("$repo/bench/corpus.sh" "$n")
  for mode in full rebuild; do
    : >"$tmp/results"; : >"$tmp/stages.$mode"
    if [ "$mode" = rebuild ]; then
      if [ -n "$fresh_fs" ]; then fresh_fs "$n" >&2; fi
      # Two warm-up builds: the output and the staging folder both current.
      run_one "$site" rebuild >/dev/null; run_one "$site" rebuild >/dev/null
      : >"$tmp/stages.$mode"
    fi
    for _ in $(seq "$runs"); do run_one "$site" "$mode" >>"$tmp/results"; done
    wall=$(awk '{print $1}' "$tmp/results" | median)
    rss=$(awk '{print $2}' "$tmp/results" | median)
    files=$(awk '{print $3}' "$tmp/results" | median)
    stages=$(awk '{print $1}' "$tmp/stages.$mode" | sort -u | while read -r s; do
      printf '%s=%s ' "$s" "$(awk -v s="$s" '$1==s {print $2}' "$tmp/stages.$mode" | median)"; done)
    printf '%-8s %-9s %10.2f %12.0f %12.0f   %s\n' "$n" "$mode" "$wall" "$(awk -v f="$files" -v w="$wall" 'BEGIN{print f/w}')" "$(awk -v r="$rss" 'BEGIN{print r/1024}')" "$stages"
  done
done

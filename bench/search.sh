#!/usr/bin/env bash
# Site search's cost (issue 28), on the generated corpora:
#  1. full build: the same release binary with `search: false` and with
#     search on, in alternation (RUNS each), CPU time (user+sys), wall time
#     and peak memory; and the index's file count and size;
#  2. serve: the rebuild time after an article body edit, with search off
#     and on, in one process (examples/search_serve_cost.rs, EDITS edits);
#  3. the browser: the bytes, files and time of a first query on a fresh
#     page, and the same query again (headless Chromium, tests/browser_search.rs
#     `bench_first_query`), over the output served as static files.
# Sizes: N (default 10000) gets 1-3; BIG (default 100000, 0 to skip) gets
# 1 (one run each) and 3. Corpora come from bench/corpus.sh's cache, read
# only: the sites here link to their content/ (serve gets a copy, since it
# edits files); BIG is generated under $WORK when not cached, and $WORK is
# deleted at the end unless KEEP=1.
# Usage: bench/search.sh [N] [BIG]      (RUNS=3 EDITS=10 WORK=/tmp/search-bench SERVE=1)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
big=${2:-100000}
runs=${RUNS:-3}
edits=${EDITS:-10}
work=${WORK:-/tmp/search-bench}
bin=$repo/target/release/gazette
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
# The example's release build unifies dev-dependency features: a long
# first build; SERVE=0 skips part 2.
[ "${SERVE:-1}" = 0 ] || cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --example search_serve_cost
cargo build --quiet --manifest-path "$repo/Cargo.toml" --test integration

# The content of an N-article corpus: the cache's if there, else generated.
corpus() { # n
  local cached=$repo/target/bench-corpora/$1
  if [ -f "$cached/truth.tsv" ]; then
    echo "$cached"
  else
    [ -f "$work/corpus-$1/truth.tsv" ] || python3 "$gen" "$1" "$work/corpus-$1" >/dev/null
    echo "$work/corpus-$1"
  fi
}

# A site over a corpus's content with search on or off: site.yaml and the
# current theme of its own, content linked (or copied with COPY=1).
site() { # n on|off -> dir
  local dir=$work/site-$1-$2 src
  src=$(corpus "$1")
  rm -rf "$dir"
  mkdir -p "$dir/themes"
  if [ "${COPY:-0}" = 1 ]; then cp -r "$src/content" "$dir/content"; else ln -s "$src/content" "$dir/content"; fi
  cp -r "$repo/themes/broadsheet" "$dir/themes/"
  printf 'title: Bench\nbase_url: https://bench.example.com\n' >"$dir/site.yaml"
  [ "$2" = off ] && echo 'search: false' >>"$dir/site.yaml"
  echo "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

build_cost() { # n runs
  local on off
  on=$(site "$1" on)
  off=$(site "$1" off)
  for i in $(seq 1 "$2"); do
    for mode in off on; do
      local dir=$work/site-$1-$mode out=$work/out-$1-$mode-$i
      sync
      /usr/bin/time -f '%U %S %e %M' -o "$work/time" "$bin" --root "$dir" build --output "$out" >/dev/null 2>&1
      read -r user sys wall rss <"$work/time"
      echo "$(echo "$user + $sys" | bc -l) $wall $rss" >>"$work/$1-$mode.runs"
      # Only the output with search is looked at; disk is limited at 100,000.
      [ "$mode" = off ] && rm -rf "$out"
    done
    [ "$i" -lt "$2" ] && rm -rf "$work"/out-"$1"-*-"$i"
  done
  echo "== $1 articles: full build, median of $2 in alternation (uptime:$(uptime | sed 's/.*load/ load/'))"
  printf '%-10s %10s %10s %10s\n' search "cpu s" "wall s" "peak MiB"
  for mode in off on; do
    printf '%-10s %10s %10s %10s\n' "$mode" \
      "$(cut -d' ' -f1 "$work/$1-$mode.runs" | median)" \
      "$(cut -d' ' -f2 "$work/$1-$mode.runs" | median)" \
      "$(($(cut -d' ' -f3 "$work/$1-$mode.runs" | median) / 1024))"
  done
  local out=$work/out-$1-on-$2
  echo "index: $(find "$out/search" -type f | wc -l) files, $(du -sk "$out/search" | cut -f1) KiB" \
    "($(find "$out/search/t" -type f | wc -l) shards, $(find "$out/search/d" -type f | wc -l) chunks);" \
    "whole output $(find "$out" -type f | wc -l) files"
  echo "largest shard $(ls -S "$out/search/t" | head -1): $(stat -c %s "$out/search/t/$(ls -S "$out/search/t" | head -1)") bytes;" \
    "median shard $(stat -c %s "$out"/search/t/*.json | median) bytes; median chunk $(stat -c %s "$out"/search/d/*.json | median) bytes"
}

# Queries: a topic word from an article title, it with the title's first
# word, and a word of the general prose that nearly every article has.
queries() { # n
  local title
  title=$(grep -m1 '^title:' "$(find "$(corpus "$1")/content" -name '*.md' | sort | head -1)" | sed 's/^title: "\(.*\)"$/\1/')
  local first second
  first=$(echo "$title" | awk '{print tolower($1)}')
  second=$(echo "$title" | awk '{print $2}')
  echo "$second|$first $second|government"
}

browser() { # n
  local out=$work/out-$1-on-${runs}
  [ -d "$out" ] || out=$work/out-$1-on-1
  echo "== $1 articles: first query on a fresh page (headless Chromium, uncompressed)"
  SEARCH_BENCH_OUTPUT=$out SEARCH_BENCH_QUERIES=$(queries "$1") \
    cargo test --quiet --manifest-path "$repo/Cargo.toml" --test integration browser_search::bench_first_query \
    -- --ignored --nocapture 2>/dev/null | grep -v '^running\|^test \|^$\|test result'
}

serve_cost() { # n
  echo "== $1 articles: serve (examples/search_serve_cost.rs: two sessions, search on and off)"
  local on off
  on=$(COPY=1 site "$1" on)
  off=$(site "$1" off)
  rm "$off/content" && ln -s "$on/content" "$off/content"
  cargo run --release --quiet --manifest-path "$repo/Cargo.toml" --example search_serve_cost -- "$on" "$off" "$edits"
  rm -rf "$on" "$off"
}

build_cost "$n" "$runs"
browser "$n"
[ "${SERVE:-1}" = 0 ] || serve_cost "$n"
if [ "$big" != 0 ]; then
  build_cost "$big" 1
  browser "$big"
fi

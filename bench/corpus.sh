#!/usr/bin/env bash
# Generates (once) an N-article corpus from ../shared/bench/gen_corpus.py as a
# buildable site: target/bench-corpora/N/ with site.yaml and the default theme.
# Usage: bench/corpus.sh N   (prints the site folder)
set -euo pipefail
n=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
dir=$repo/target/bench-corpora/$n
if [ ! -f "$dir/truth.tsv" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 "$gen" "$n" "$dir" >/dev/null
fi
printf 'title: Bench\nbase_url: https://bench.example.com\n' > "$dir/site.yaml"
rm -rf "$dir/themes"
mkdir -p "$dir/themes"
cp -r "$repo/themes/broadsheet" "$dir/themes/"
echo "$dir"

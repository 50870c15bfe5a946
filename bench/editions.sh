#!/usr/bin/env bash
# The cost of editions (issue 29): the same N-article corpus built as one
# English site and split over three languages (every third article moved
# to a `kk` edition, every third to an `ru` one, by renaming `x.md` to
# `x.kk.md`), with one binary, in alternation, through bench/compare.sh
# ("old" is the one-language site, "new" the three editions).
# Usage: bench/editions.sh BINARY [ARTICLES]   (default 10000; RUNS=5)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
n=${2:-10000}
single=$("$repo/bench/corpus.sh" "$n")
split=$repo/target/bench-corpora/$n-editions
rm -rf "$split"
mkdir -p "$split"
# Hard links: renaming the copies leaves the one-language corpus as it is.
cp -al "$single/content" "$split/content"
cp -r "$single/themes" "$split/themes"
cp "$single/site.yaml" "$split/site.yaml"
printf 'languages:\n  kk:\n    title: Bench KK\n  ru:\n    title: Bench RU\n' >>"$split/site.yaml"
find "$split/content" -name '*.md' ! -name '_index*' | sort | awk '
  NR % 3 == 1 { sub(/\.md$/, "", $0); printf "%s.md\t%s.kk.md\n", $0, $0 }
  NR % 3 == 2 { sub(/\.md$/, "", $0); printf "%s.md\t%s.ru.md\n", $0, $0 }' |
  while IFS=$'\t' read -r from to; do mv "$from" "$to"; done
echo "one language: $single; three editions: $split" >&2
OLD_SITE=$single SITE=$split "$repo/bench/compare.sh" "$bin" "$bin" "$n"

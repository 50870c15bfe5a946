#!/usr/bin/env bash
# The cost of build-time syntax highlighting (issue 30): bench/corpus.sh's
# N-article corpus, copied, with two fenced code blocks (Rust and Python,
# 14 and 11 lines) added to one article in five, built by OLD (a binary
# without highlighting, which writes the same blocks plain) and NEW, with
# bench/compare.sh. The criterion: NEW at most 10% slower.
# Usage: bench/highlight.sh OLD_BINARY NEW_BINARY [N]   (default 10000; RUNS=5)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
old=$1
new=$2
n=${3:-10000}
plain=$("$repo/bench/corpus.sh" "$n")
site=$repo/target/bench-corpora/$n-code
rm -rf "$site"
cp -r "$plain" "$site"
python3 - "$site/content" <<'PY'
import pathlib, sys
rust = '''```rust
use std::collections::HashMap;

/// Counts the words of a text, case-folded.
fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

fn main() {
    println!("{:?}", word_counts("the cat and the hat"));
}
```
'''
python = '''```python
import csv
from statistics import median

def load(path):
    """Rows of a CSV file as dictionaries."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

rows = load("turnout.csv")
print(f"median turnout: {median(float(r['turnout']) for r in rows):.1f}%")
```
'''
files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*.md") if p.name != "_index.md")
for i, p in enumerate(files):
    if i % 5 == 0:
        text = p.read_text()
        p.write_text(text.rstrip("\n") + "\n\nThe method, in code:\n\n" + rust + "\nAnd the analysis:\n\n" + python)
print(f"{(len(files) + 4) // 5} of {len(files)} articles with two code blocks", file=sys.stderr)
PY
SITE=$site "$repo/bench/compare.sh" "$old" "$new" "$n"

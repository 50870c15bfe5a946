#!/usr/bin/env bash
# serve benchmark: edit-to-served latency on a 10,000-article corpus (median
# of 10 edits each: an article body, its tags, the article template).
# Usage: bench/serve.sh [N] [EDITS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
site=$("$repo/bench/corpus.sh" "${1:-10000}")
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
cargo run --release --quiet --manifest-path "$repo/Cargo.toml" --example serve_latency -- "$site" "${2:-10}"

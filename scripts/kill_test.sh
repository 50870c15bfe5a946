#!/usr/bin/env bash
# Kills `gazette build` at random points and checks that output/ survives.
#
# Generates a site of N articles (default 10,000) with
# ../shared/bench/gen_corpus.py and the default theme, builds it once to
# measure the build time T, then ROUNDS times (default 20):
#   1. changes the site (site.yaml's description, which every page shows,
#      and a few articles), so that the build rewrites every page;
#   2. starts `gazette build` and sends it SIGKILL after a random delay in
#      [0, T];
#   3. checks output/: it exists, has index.html and a manifest (in
#      .output.state/manifests/, under the folder's device and inode),
#      and every file the manifest lists exists with the listed size (so the
#      output is a whole site, the old one or the new one, never half of each);
#   4. runs `gazette build` to the end: it must succeed (no staging debris
#      may break it), and output/ is checked again.
# Then kills `gazette deploy` of the same site to a folder DEPLOY_ROUNDS times
# (default 10; 0 to skip) with scripts/kill_deploy_test.sh, which checks that
# the target holds the old or the new version of each file and that a re-run
# leaves exactly the new site.
# Prints one line per round and a summary; exits 1 if any round failed.
#
# Usage: scripts/kill_test.sh [N] [ROUNDS]
# Environment: GAZETTE (binary; default target/release/gazette, built if
# missing), GEN_CORPUS (generator script), WORK (folder to use; default a
# new temporary one), KEEP=1 (keep the folder), DEPLOY_ROUNDS.
set -uo pipefail

n=${1:-10000}
rounds=${2:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py
gazette=${GAZETTE:-$repo/target/release/gazette}
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gazette-kill.XXXXXX")}
site=$work/site

if [ ! -x "$gazette" ]; then
  echo "building $gazette"
  (cd "$repo" && cargo build --release --quiet) || exit 1
fi

now_ms() { date +%s%3N; }

echo "copying the $n-article corpus (bench/corpus.sh) to $site"
corpus=$(GEN_CORPUS=$gen "$repo/bench/corpus.sh" "$n") || { echo "FAIL: corpus generator"; exit 1; }
rm -rf "$site"
cp -r "$corpus" "$site"
write_config() {
  printf 'title: Bench\nbase_url: https://bench.example.com\ntheme: broadsheet\ndescription: "Round %s"\n' "$1" > "$site/site.yaml"
}
write_config 0

# Checks output/ as a finished build must leave it; prints what is wrong.
check_output() {
  python3 - "$site/output" <<'EOF'
import os, sys
out = sys.argv[1]
problems = []
if not os.path.isdir(out) or os.path.islink(out):
    problems.append("output/ is missing or not a folder")
else:
    if not os.path.isfile(os.path.join(out, "index.html")):
        problems.append("output/index.html is missing")
    # Filed under the output folder's identity: device-inode[-creation].
    st = os.stat(out)
    manifests = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".state", "manifests")
    key = "%x-%x" % (st.st_dev, st.st_ino)
    found = [n for n in (os.listdir(manifests) if os.path.isdir(manifests) else [])
             if (n == key or n.startswith(key + "-")) and not n.endswith(".part")]
    if len(found) != 1:
        problems.append("output/ has %d manifests in %s" % (len(found), manifests))
    else:
        manifest = os.path.join(manifests, found[0])
        listed = 0
        with open(manifest, encoding="utf-8") as f:
            # A header line, then `hash size fingerprint path`.
            if not f.readline().startswith("#gazette-manifest 2\t"):
                problems.append("the manifest has no header line")
            for line in f:
                parts = line.rstrip("\n").split("\t", 3)
                if len(parts) != 4:
                    problems.append("bad manifest line: %r" % line)
                    continue
                _, size, _, rel = parts
                listed += 1
                p = os.path.join(out, rel)
                try:
                    st = os.lstat(p)
                except FileNotFoundError:
                    problems.append("listed but missing: " + rel)
                    continue
                if st.st_size != int(size):
                    problems.append("%s: %d bytes, the manifest says %s" % (rel, st.st_size, size))
        if listed < 1000:
            problems.append("the manifest lists only %d files" % listed)
for p in problems[:10]:
    print(p)
sys.exit(1 if problems else 0)
EOF
}

echo "first build"
start=$(now_ms)
if ! "$gazette" --root "$site" build >"$work/build0.log" 2>&1; then
  echo "FAIL: the first build failed:"; tail -20 "$work/build0.log"; exit 1
fi
build_ms=$(( $(now_ms) - start ))
echo "first build: ${build_ms} ms; $(tail -1 "$work/build0.log")"
check_output || { echo "FAIL: output of the first build"; exit 1; }

# A second, unchanged build is the cheapest kind; measure the full kind.
write_config warmup
start=$(now_ms)
"$gazette" --root "$site" build >"$work/build1.log" 2>&1 || { echo "FAIL: second build"; exit 1; }
build_ms=$(( $(now_ms) - start ))
echo "full rebuild: ${build_ms} ms (kills are drawn in [0, ${build_ms}] ms)"

passed=0; failed=0; killed=0; finished=0
articles=( $(cd "$site" && find content -name '*.md' ! -name '_index.md' | sort | head -50) )
for round in $(seq 1 "$rounds"); do
  write_config "$round"
  # Touch a few articles too, so that some pages change twice.
  for k in 0 1 2; do
    a=${articles[$(( (round * 3 + k) % ${#articles[@]} ))]}
    printf '\nRound %s addendum.\n' "$round" >> "$site/$a"
  done
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % (build_ms + 1) ))
  "$gazette" --root "$site" build >"$work/round$round.log" 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  { wait "$pid"; status=$?; } 2>/dev/null  # no "Killed" notice from bash
  if [ "$status" -eq 137 ]; then what="killed after ${delay_ms} ms"; killed=$((killed + 1));
  else what="finished (exit $status) before the kill at ${delay_ms} ms"; finished=$((finished + 1)); fi

  problems=$(check_output)
  ok=1
  if [ -n "$problems" ]; then ok=0; fi
  if ! "$gazette" --root "$site" build >"$work/after$round.log" 2>&1; then
    ok=0; problems="$problems
the next build failed: $(tail -5 "$work/after$round.log")"
  else
    more=$(check_output)
    if [ -n "$more" ]; then ok=0; problems="$problems
after the next build: $more"; fi
    if ! grep -q "Round $round<" "$site/output/atom.xml"; then
      ok=0; problems="$problems
the next build did not publish round $round"
    fi
  fi
  if [ "$ok" -eq 1 ]; then
    passed=$((passed + 1)); echo "round $round: ok ($what)"
  else
    failed=$((failed + 1)); echo "round $round: FAIL ($what)"; echo "$problems" | sed 's/^/    /'
  fi
done

echo "kill test: $rounds rounds on $n articles: $passed passed, $failed failed ($killed killed mid-build, $finished finished first)"

deploy_status=0
if [ "${DEPLOY_ROUNDS:-10}" -gt 0 ]; then
  SITE=$site WORK=$work/deploy GAZETTE=$gazette KEEP=1 \
    "$repo/scripts/kill_deploy_test.sh" "$n" "${DEPLOY_ROUNDS:-10}" | grep -v '^kept '
  deploy_status=${PIPESTATUS[0]}
fi
if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
[ "$failed" -eq 0 ] && [ "$deploy_status" -eq 0 ]

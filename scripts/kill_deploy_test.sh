#!/usr/bin/env bash
# Kills `gazette deploy` to a folder (file://) at random points and checks
# that the target is never half a file and that a re-run finishes the job.
#
# Uses a site made like scripts/kill_test.sh makes one (SITE=folder), or
# generates one of N articles (default 2,000) with
# ../shared/bench/gen_corpus.py and the default theme. Builds and deploys it
# once, measures a full deploy (every page changed) to get its time T, then
# ROUNDS times (default 10):
#   1. keeps a copy of output/ (what the target holds: the old site);
#   2. changes the site (site.yaml's description, which every page shows;
#      a new article; the previous round's new article removed, so that the
#      deploy also deletes) and builds it (the new site);
#   3. starts `gazette deploy` and sends it SIGKILL after a random delay in
#      [0, T];
#   4. checks the target file by file: each file is whole, equal to the old
#      or the new version (a file both sites have is never missing); nothing
#      is there that neither site has except deploy's own temporary files;
#   5. runs `gazette deploy` again: it must succeed, and the target must then
#      be exactly the new site, with no temporary file left.
# Prints one line per round and a summary; exits 1 if any round failed.
#
# Usage: scripts/kill_deploy_test.sh [N] [ROUNDS]
# Environment: GAZETTE (binary; default target/release/gazette, built if
# missing), GEN_CORPUS (generator script), SITE (use this site folder; it
# is changed), WORK (folder to use; default a new temporary one), KEEP=1
# (keep the folder).
set -uo pipefail

n=${1:-2000}
rounds=${2:-10}
repo=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py
gazette=${GAZETTE:-$repo/target/release/gazette}
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gazette-kill-deploy.XXXXXX")}
mkdir -p "$work"
site=${SITE:-$work/site}
www=$work/www
old=$work/old

if [ ! -x "$gazette" ]; then
  echo "building $gazette"
  (cd "$repo" && cargo build --release --quiet) || exit 1
fi

now_ms() { date +%s%3N; }

write_config() {
  printf 'title: Bench\nbase_url: https://bench.example.com\ntheme: broadsheet\ndescription: "Deploy round %s"\n' "$1" > "$site/site.yaml"
}

if [ -z "${SITE:-}" ]; then
  echo "copying the $n-article corpus (bench/corpus.sh) to $site"
  corpus=$(GEN_CORPUS=$gen "$repo/bench/corpus.sh" "$n") || { echo "FAIL: corpus generator"; exit 1; }
  rm -rf "$site"
  cp -r "$corpus" "$site"
fi
write_config 0

build() { "$gazette" --root "$site" build >"$work/build.log" 2>&1 || { echo "FAIL: build"; tail -20 "$work/build.log"; exit 1; }; }
deploy() { "$gazette" --root "$site" deploy --target "file://$www" >"$1" 2>&1; }

# Checks the target against the old and the new site. With "final": it must
# be exactly the new site, without temporary files. Prints what is wrong.
check_target() {
  python3 - "$www" "$old" "$site/output" "$1" <<'EOF'
import os, sys
www, old, new, mode = sys.argv[1:5]
def files(root):
    out = {}
    for d, dirs, names in os.walk(root):
        for name in names:
            p = os.path.join(d, name)
            if os.path.islink(p):
                continue
            out[os.path.relpath(p, root)] = p
    return out
def read(p):
    with open(p, "rb") as f:
        return f.read()
skip = {".gazette-manifest", ".gazette-deploy-manifest"}
target = {k: v for k, v in files(www).items() if k not in skip}
before = {k: v for k, v in files(old).items() if k not in skip}
after = {k: v for k, v in files(new).items() if k not in skip}
problems, temps = [], 0
for rel, p in sorted(target.items()):
    if os.path.basename(rel).endswith(".gazette-tmp") and os.path.basename(rel).startswith("."):
        temps += 1
        if mode == "final":
            problems.append("temporary file left: " + rel)
        continue
    if rel not in before and rel not in after:
        problems.append("on the target but in neither site: " + rel)
        continue
    data = read(p)
    if mode == "final":
        if rel not in after:
            problems.append("not deleted: " + rel)
        elif data != read(after[rel]):
            problems.append("not the new version: " + rel)
        continue
    if not ((rel in before and data == read(before[rel])) or (rel in after and data == read(after[rel]))):
        problems.append("neither the old nor the new version: %s (%d bytes)" % (rel, len(data)))
for rel in sorted(after):
    if rel not in target:
        if mode == "final":
            problems.append("missing: " + rel)
        elif rel in before:
            problems.append("missing although both sites have it: " + rel)
if not os.path.isfile(os.path.join(www, ".gazette-deploy-manifest")):
    problems.append("no deploy manifest on the target")
for p in problems[:10]:
    print(p)
if len(problems) > 10:
    print("... and %d more" % (len(problems) - 10))
if mode != "final" and temps:
    print("(info) %d temporary files" % temps, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}

echo "first build and deploy"
build
rm -rf "$www"
deploy "$work/deploy0.log" || { echo "FAIL: the first deploy failed:"; tail -20 "$work/deploy0.log"; exit 1; }
rm -rf "$old"; cp -r "$site/output" "$old"
problems=$(check_target final) || { echo "FAIL: after the first deploy:"; echo "$problems"; exit 1; }

# Every page changes: the longest kind of deploy.
write_config warmup
build
start=$(now_ms)
deploy "$work/deploy1.log" || { echo "FAIL: second deploy"; tail -20 "$work/deploy1.log"; exit 1; }
deploy_ms=$(( $(now_ms) - start ))
echo "full deploy: ${deploy_ms} ms (kills are drawn in [0, ${deploy_ms}] ms); $(tail -1 "$work/deploy1.log")"

template=$(cd "$site" && find content -name '*.md' ! -name '_index.md' | sort | head -1)
passed=0; failed=0; killed=0; finished=0
for round in $(seq 1 "$rounds"); do
  rm -rf "$old"; cp -r "$site/output" "$old"
  write_config "$round"
  rm -f "$site/content/kill-deploy-round-$((round - 1)).md"
  sed "s/^title: .*/title: \"Kill deploy round $round\"/" "$site/$template" > "$site/content/kill-deploy-round-$round.md"
  build
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % (deploy_ms + 1) ))
  # The binary itself in the background (not a shell function, whose
  # subshell would be killed instead).
  "$gazette" --root "$site" deploy --target "file://$www" >"$work/round$round.log" 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  { wait "$pid"; status=$?; } 2>/dev/null  # no "Killed" notice from bash
  if [ "$status" -eq 137 ]; then what="killed after ${delay_ms} ms"; killed=$((killed + 1));
  else what="finished (exit $status) before the kill at ${delay_ms} ms"; finished=$((finished + 1)); fi

  ok=1
  problems=$(check_target partial 2>"$work/info$round.log") || ok=0
  info=$(cat "$work/info$round.log")
  if ! deploy "$work/after$round.log"; then
    ok=0; problems="$problems
the re-run failed: $(tail -5 "$work/after$round.log")"
  else
    more=$(check_target final) || { ok=0; problems="$problems
after the re-run: $more"; }
  fi
  if [ "$ok" -eq 1 ]; then
    passed=$((passed + 1)); echo "round $round: ok ($what${info:+; $info})"
  else
    failed=$((failed + 1)); echo "round $round: FAIL ($what)"; echo "$problems${info:+
$info}" | sed 's/^/    /'
  fi
done

echo "kill deploy test: $rounds rounds: $passed passed, $failed failed ($killed killed mid-deploy, $finished finished first)"
if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; elif [ -z "${WORK:-}" ]; then rm -rf "$work"; fi
[ "$failed" -eq 0 ]

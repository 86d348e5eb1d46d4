#!/usr/bin/env bash
# bench_secrets.sh — secrets detection on a planted tree: envscan against
# secretlint (its recommended preset), time, recall and precision; called
# by run.sh, or alone:
#
#   bash bench/bench_secrets.sh [BUILD_DIR]        (default ./build)
#
# Two trees come from datasets' gen_secrets (every secrets rule's format
# planted N times under varied keys, with look-alikes, false samples and
# placeholders, and a manifest of what is and is not a secret): "planted",
# where every line is one of those, and "typical", where F ordinary
# settings (ports, hosts, URLs, UUIDs...) follow each rule's lines, as in
# a real env file, where secrets are a few lines among many. Both tools
# scan the whole tree; bench/secrets_score.mjs scores each one's JSON
# report against the manifest the same way (tests/engine/
# test_secrets_quality.c is the test; this only measures). Times are the
# best of N after one warm-up, both tools in this run on the same tree;
# envscan is timed writing SARIF, which like secretlint's report holds
# the findings only (its JSON also lists every variable), once as it
# scans by default and once for secrets only (--no-lint --no-analysis).
#
# Read the recall with its bias in mind: the planted formats are envscan's
# own rules, so secretlint is asked for formats it never claimed to know.
# Its precision (look-alikes and placeholders it reports) has no such bias.
#
# secretlint is installed once, pinned (bench/secretlint/package.json and
# its lock file), into BUILD_DIR/bench/secretlint with npm; without npm or
# node, or with ENVSCAN_BENCH_SECRETLINT set empty, the comparison is
# skipped. ENVSCAN_BENCH_SECRETLINT may also name a secretlint to use.
#
# Knobs: ENVSCAN_BENCH_SECRETS_COPIES (20), ENVSCAN_BENCH_SECRETS_FILLER (30),
# ENVSCAN_BENCH_RUNS (5; secretlint
# gets at most 3), ENVSCAN_BENCH_RESULTS (bench/results).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh" # fdiv, jstr, clock, best_ns, use_build
die() { echo "bench_secrets.sh: $*" >&2; exit 2; }
use_build bench_secrets.sh "${1:-build}" envscan datasets/gen_secrets
envscan=$build/envscan
gen=$build/datasets/gen_secrets
copies=${ENVSCAN_BENCH_SECRETS_COPIES:-20}
filler=${ENVSCAN_BENCH_SECRETS_FILLER:-30}
runs=${ENVSCAN_BENCH_RUNS:-5}
results=${ENVSCAN_BENCH_RESULTS:-$here/results}
command -v node >/dev/null || die "node is needed to score the reports"

# secretlint: the one named, or ours pinned (installed on first use)
secretlint=${ENVSCAN_BENCH_SECRETLINT-auto}
if [ "$secretlint" = auto ]; then
  secretlint=
  sl=$build/bench/secretlint
  if [ ! -x "$sl/node_modules/.bin/secretlint" ] && command -v npm >/dev/null; then
    mkdir -p "$sl" && cp "$here/secretlint/package.json" "$here/secretlint/package-lock.json" "$sl/" &&
      (cd "$sl" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
      echo "   (could not install secretlint with npm: the comparison is skipped)"
  fi
  [ -x "$sl/node_modules/.bin/secretlint" ] && secretlint=$sl/node_modules/.bin/secretlint
fi

tmp=$(mktemp -d /tmp/envscan-secrets-bench.XXXXXX) || die "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

field() { printf '%s' "$1" | grep -o "\"$2\":[0-9.]*" | sed 's/.*://'; }
ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }

# run_tree NAME FILLER: plant, scan with both, score, time; appends to $json
json="{"
run_tree() {
  local name=$1 filler=$2 dir=$tmp/$1
  "$gen" --copies "$copies" --filler "$filler" "$dir" || die "gen_secrets failed"
  local tree=$dir/tree manifest=$dir/manifest.tsv files bytes e_score e_ns e2_ns s_score=null s_ns=null
  files=$(find "$tree" -type f | wc -l)
  bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  echo "   $name tree: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $filler ordinary settings after each rule's lines"
  "$envscan" --no-timing -f json "$tree" >"$dir/envscan.json" 2>/dev/null
  e_score=$(node "$here/secrets_score.mjs" "$manifest" "$tree" envscan "$dir/envscan.json") ||
    die "scoring envscan failed"
  e_ns=$(best_ns "$envscan" --no-timing -f sarif "$tree")
  e2_ns=$(best_ns "$envscan" --no-timing --no-lint --no-analysis -f sarif "$tree")
  if [ -n "$secretlint" ]; then
    (cd "$tree" && "$secretlint" --secretlintrc "$here/secretlint/.secretlintrc.json" \
      --format json '**/*' >"$dir/secretlint.json" 2>/dev/null)
    s_score=$(node "$here/secrets_score.mjs" "$manifest" "$tree" secretlint "$dir/secretlint.json") ||
      die "scoring secretlint failed"
    s_ns=$(cd "$tree" && runs=$sruns best_ns "$secretlint" --secretlintrc \
      "$here/secretlint/.secretlintrc.json" --format json '**/*')
  fi
  printf '     %-22s %10s %10s %10s %12s\n' tool "best (ms)" recall precision "false alarms"
  printf '     %-22s %10s %10s %10s %12s\n' envscan "$(ms "$e_ns")" "$(field "$e_score" recall)" \
    "$(field "$e_score" precision)" "$(field "$e_score" false_alarms)"
  printf '     %-22s %10s\n' "envscan, secrets only" "$(ms "$e2_ns")"
  if [ "$s_score" != null ]; then
    printf '     %-22s %10s %10s %10s %12s\n' "secretlint $s_version" "$(ms "$s_ns")" \
      "$(field "$s_score" recall)" "$(field "$s_score" precision)" "$(field "$s_score" false_alarms)"
    echo "     secretlint's time over envscan's: $(awk -v a="$s_ns" -v b="$e_ns" 'BEGIN { printf "%.0f", a / b }')x (whole scan), $(awk -v a="$s_ns" -v b="$e2_ns" 'BEGIN { printf "%.0f", a / b }')x (secrets only)"
  fi
  [ "$json" = "{" ] || json+=","
  json+=$'\n'"  \"$name\": {\"files\": $files, \"bytes\": $bytes, \"filler\": $filler,"
  json+=" \"envscan_seconds\": $(fdiv "$e_ns" 1e9), \"envscan_secrets_only_seconds\": $(fdiv "$e2_ns" 1e9), \"envscan\": $e_score,"
  json+=" \"secretlint_seconds\": $( [ "$s_ns" = null ] && echo null || fdiv "$s_ns" 1e9), \"secretlint\": $s_score,"
  json+=" \"speedup_vs_secretlint\": $( [ "$s_ns" = null ] && echo null || fdiv "$s_ns" "$e_ns"),"
  json+=" \"speedup_vs_secretlint_secrets_only\": $( [ "$s_ns" = null ] && echo null || fdiv "$s_ns" "$e2_ns")}"
  rm -rf "$dir"
}

s_version=null
[ -n "$secretlint" ] && s_version=$("$secretlint" --version 2>/dev/null | head -n 1)
sruns=$((runs < 3 ? runs : 3))
echo "== secrets: planted trees ($copies copies of each rule's format), best of $runs (secretlint: of $sruns)"
run_tree planted 0
run_tree typical "$filler"
echo "   timed: envscan --no-timing -f sarif TREE (the whole default scan; SARIF holds the findings"
echo "   only, as secretlint's report does), envscan --no-timing --no-lint --no-analysis -f sarif TREE"
echo "   (secrets only), (cd TREE && secretlint --secretlintrc bench/secretlint/.secretlintrc.json"
echo "   --format json '**/*'); scored: envscan's -f json report and secretlint's"
json+=","$'\n'"  \"copies\": $copies, \"runs\": $runs, \"secretlint_version\": $( [ "$s_version" = null ] && echo null || jstr "$s_version")"$'\n'"}"
mkdir -p "$results" || die "cannot create $results"
printf '%s\n' "$json" >"$results/secrets.json"
echo "== wrote $results/secrets.json"

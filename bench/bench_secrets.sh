#!/usr/bin/env bash
# bench_secrets.sh — secrets detection on a planted tree: envscan against
# secretlint (its recommended preset), time, recall and precision; called
# by run.sh, or alone:
#
#   bash bench/bench_secrets.sh [BUILD_DIR]        (default ./build)
#
# The tree comes from datasets' gen_secrets (every secrets rule's format
# planted N times under varied keys, with look-alikes, false samples and
# placeholders, and a manifest of what is and is not a secret). Both tools
# scan the whole tree and report JSON; bench/secrets_score.mjs scores each
# report against the manifest the same way (tests/engine/
# test_secrets_quality.c is the test; this only measures). Times are the
# best of N after one warm-up, both tools in this run on the same tree.
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
# Knobs: ENVSCAN_BENCH_SECRETS_COPIES (20), ENVSCAN_BENCH_RUNS (5; secretlint
# gets at most 3), ENVSCAN_BENCH_RESULTS (bench/results).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh" # fdiv, jstr, clock, best_ns, use_build
die() { echo "bench_secrets.sh: $*" >&2; exit 2; }
use_build bench_secrets.sh "${1:-build}" envscan datasets/gen_secrets
envscan=$build/envscan
gen=$build/datasets/gen_secrets
copies=${ENVSCAN_BENCH_SECRETS_COPIES:-20}
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
"$gen" --copies "$copies" "$tmp/planted" || die "gen_secrets failed"
tree=$tmp/planted/tree
manifest=$tmp/planted/manifest.tsv
files=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "== secrets: planted tree of $files files ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $copies copies of each rule's format), best of $runs"

"$envscan" --no-timing -f json "$tree" >"$tmp/envscan.json" 2>/dev/null
e_score=$(node "$here/secrets_score.mjs" "$manifest" "$tree" envscan "$tmp/envscan.json") ||
  die "scoring envscan failed"
e_ns=$(best_ns "$envscan" --no-timing -f json "$tree")

s_score=null s_ns=null s_version=null
if [ -n "$secretlint" ]; then
  s_version=$("$secretlint" --version 2>/dev/null | head -n 1)
  (cd "$tree" && "$secretlint" --secretlintrc "$here/secretlint/.secretlintrc.json" \
    --format json '**/*' >"$tmp/secretlint.json" 2>/dev/null)
  s_score=$(node "$here/secrets_score.mjs" "$manifest" "$tree" secretlint "$tmp/secretlint.json") ||
    die "scoring secretlint failed"
  sruns=$((runs < 3 ? runs : 3))
  s_ns=$(cd "$tree" && runs=$sruns best_ns "$secretlint" --secretlintrc "$here/secretlint/.secretlintrc.json" --format json '**/*')
fi

field() { printf '%s' "$1" | grep -o "\"$2\":[0-9.]*" | sed 's/.*://'; }
printf '   %-22s %10s %10s %10s %12s\n' tool "best (ms)" recall precision "false alarms"
printf '   %-22s %10s %10s %10s %12s\n' "envscan" "$(awk -v n="$e_ns" 'BEGIN { printf "%.1f", n / 1e6 }')" \
  "$(field "$e_score" recall)" "$(field "$e_score" precision)" "$(field "$e_score" false_alarms)"
if [ "$s_score" != null ]; then
  printf '   %-22s %10s %10s %10s %12s\n' "secretlint $s_version" "$(awk -v n="$s_ns" 'BEGIN { printf "%.1f", n / 1e6 }')" \
    "$(field "$s_score" recall)" "$(field "$s_score" precision)" "$(field "$s_score" false_alarms)"
  echo "   envscan is $(awk -v a="$s_ns" -v b="$e_ns" 'BEGIN { printf "%.0f", a / b }')x faster (secretlint's time over envscan's)"
fi
echo "   commands: envscan --no-timing -f json TREE; (cd TREE && secretlint --secretlintrc bench/secretlint/.secretlintrc.json --format json '**/*')"
mkdir -p "$results" || die "cannot create $results"
{
  printf '{\n  "files": %s, "bytes": %s, "copies": %s, "runs": %s,\n' "$files" "$bytes" "$copies" "$runs"
  printf '  "envscan_seconds": %s, "envscan": %s,\n' "$(fdiv "$e_ns" 1e9)" "$e_score"
  printf '  "secretlint_version": %s, "secretlint_seconds": %s, "secretlint": %s,\n' \
    "$( [ "$s_version" = null ] && echo null || jstr "$s_version")" \
    "$( [ "$s_ns" = null ] && echo null || fdiv "$s_ns" 1e9)" "$s_score"
  printf '  "speedup_vs_secretlint": %s\n}\n' "$( [ "$s_ns" = null ] && echo null || fdiv "$s_ns" "$e_ns")"
} >"$results/secrets.json"
echo "== wrote $results/secrets.json"

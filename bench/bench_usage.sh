#!/usr/bin/env bash
# bench_usage.sh — usages of environment variables in a polyglot source
# tree, against ripgrep; called by run.sh, or alone:
#
#   bash bench/bench_usage.sh [BUILD_DIR]        (default ./build)
#
# Two trees are generated under /tmp by datasets' gen_polyglot from a fixed
# seed (JS, Python, Go, Java, C#, Ruby, PHP, Rust, C files of 1-8 KiB):
#   - "mixed": 5% of the files hold 1-3 usages each (the manifest counts
#     them; the count envscan reports is checked against it and recorded);
#   - "clean": no file holds a usage — the case the anchor prefilter is
#     for: a source file without a usage should cost about what a grep
#     costs. The target (from the issue): envscan at >= 80% of the speed
#     of `rg -c getenv` on it.
# Figures: usages/s and MB/s of envscan, and rg's time over envscan's
# ("speed vs rg": 1.0 = as fast as rg, above = faster), at 1 thread and
# at all threads, each the best of N runs after one warm-up, all in this
# run on the same trees. A benchmark asserts nothing: it only says.
#
# Knobs: ENVSCAN_BENCH_USAGE_FILES (20000), ENVSCAN_BENCH_SEED (1),
# ENVSCAN_BENCH_RUNS (5), ENVSCAN_BENCH_RESULTS (bench/results),
# ENVSCAN_BENCH_RG (default: rg on PATH; empty skips the comparison).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "bench_usage.sh: $*" >&2; exit 2; }
build=${1:-build}
[ -d "$build" ] || die "no build directory '$build'"
build=$(cd "$build" && pwd)
files=${ENVSCAN_BENCH_USAGE_FILES:-20000}
seed=${ENVSCAN_BENCH_SEED:-1}
runs=${ENVSCAN_BENCH_RUNS:-5}
results=${ENVSCAN_BENCH_RESULTS:-$here/results}
envscan=$build/envscan
gen=$build/datasets/gen_polyglot
for b in "$envscan" "$gen"; do
  [ -x "$b" ] || die "missing $b (build the envscan_cli and gen_polyglot targets)"
done
rg=${ENVSCAN_BENCH_RG-$(command -v rg || true)}
threads=$(nproc)
tmp=$(mktemp -d /tmp/envscan-usage-bench.XXXXXX) || die "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

. "$here/lib.sh" # fdiv, jnum, clock, best_ns

json="{"
echo "== usages in code: $files source files per tree, seed $seed, best of $runs"
for kind in mixed clean; do
  ratio=0.05
  [ "$kind" = clean ] && ratio=0
  tree=$tmp/$kind
  "$gen" --files "$files" --seed "$seed" --usage-ratio "$ratio" --manifest "$tmp/$kind.json" "$tree" ||
    die "gen_polyglot failed"
  bytes=$(jnum bytes <"$tmp/$kind.json")
  truth=$(jnum usages <"$tmp/$kind.json")
  "$envscan" --no-timing -f json "$tree" >"$tmp/scan.json" 2>/dev/null
  got=$(grep -o '"usages":[0-9]*' "$tmp/scan.json" | sed 's/.*://')
  got=${got:-0}
  match=false
  [ "$got" = "$truth" ] && match=true
  e1=$(best_ns "$envscan" --no-timing -f json -j 1 "$tree")
  ea=$(best_ns "$envscan" --no-timing -f json -j 0 "$tree")
  r1=null ra=null
  if [ -n "$rg" ]; then
    r1=$(best_ns "$rg" -c getenv --no-ignore --hidden -j 1 "$tree")
    ra=$(best_ns "$rg" -c getenv --no-ignore --hidden "$tree")
  fi
  echo "   $kind tree: $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), manifest $truth usages, envscan reports $got ($( $match && echo matches || echo MISMATCH))"
  printf '   %-28s %10s %12s %10s %14s\n' command "best (ms)" "usages/s" "MB/s" "speed vs rg"
  row() { # name ns rg_ns
    local ms ups mbs vs
    ms=$(awk -v n="$2" 'BEGIN { printf "%.1f", n / 1e6 }')
    ups=$(awk -v u="$got" -v n="$2" 'BEGIN { printf "%.0f", u / (n / 1e9) }')
    mbs=$(awk -v b="$bytes" -v n="$2" 'BEGIN { printf "%.0f", b / 1e6 / (n / 1e9) }')
    vs=$( [ "$3" = null ] && echo - || fdiv "$3" "$2")
    printf '   %-28s %10s %12s %10s %14s\n' "$1" "$ms" "$ups" "$mbs" "$vs"
  }
  row "envscan -j 1" "$e1" "$r1"
  row "envscan -j 0 ($threads threads)" "$ea" "$ra"
  if [ -n "$rg" ]; then
    printf '   %-28s %10s\n' "rg -c getenv -j 1" "$(awk -v n="$r1" 'BEGIN { printf "%.1f", n / 1e6 }')"
    printf '   %-28s %10s\n' "rg -c getenv ($threads threads)" "$(awk -v n="$ra" 'BEGIN { printf "%.1f", n / 1e6 }')"
  fi
  [ "$json" = "{" ] || json+=","
  json+=$'\n'"  \"$kind\": {\"files\": $files, \"bytes\": $bytes, \"manifest_usages\": $truth, \"envscan_usages\": $got, \"matches\": $match,"
  json+=" \"envscan_j1_seconds\": $(fdiv "$e1" 1e9), \"envscan_all_seconds\": $(fdiv "$ea" 1e9),"
  json+=" \"rg_j1_seconds\": $( [ "$r1" = null ] && echo null || fdiv "$r1" 1e9), \"rg_all_seconds\": $( [ "$ra" = null ] && echo null || fdiv "$ra" 1e9),"
  json+=" \"speed_vs_rg_j1\": $( [ "$r1" = null ] && echo null || fdiv "$r1" "$e1"), \"speed_vs_rg_all\": $( [ "$ra" = null ] && echo null || fdiv "$ra" "$ea")}"
  rm -rf "$tree"
done
json+=","$'\n'"  \"threads\": $threads, \"runs\": $runs, \"rg\": \"$( [ -n "$rg" ] && "$rg" --version | sed -n 1p)\""$'\n'"}"
echo "   commands: envscan --no-timing -f json -j N TREE; rg -c getenv --no-ignore --hidden [-j 1] TREE"
mkdir -p "$results" || die "cannot create $results"
printf '%s\n' "$json" >"$results/usage.json"
echo "== wrote $results/usage.json"

#!/usr/bin/env bash
# run.sh — envscan's benchmark suite: tree scan against ripgrep, then the
# per-core parse benchmark; prints a table and writes bench/results/latest.json.
#
#   bash bench/run.sh [BUILD_DIR]        (default ./build)
#
# Why it is shaped this way:
#   - It builds nothing: it measures the binaries of the build you name, so
#     a figure always belongs to a known build (cmake --build BUILD --target
#     bench builds them first, then calls this script).
#   - The tree is generated fresh under /tmp by datasets' gen_tree from a
#     fixed seed, so every machine scans the same bytes, and it is removed
#     afterwards. Its manifest is the ground truth: the number of
#     definitions envscan reports is checked against it and the result
#     recorded (a benchmark asserts nothing, it only says).
#   - The baseline is `rg -c '=' --hidden --no-ignore`: ripgrep walks the
#     same tree and reads every file, the cost a naive grep-based audit
#     pays. envscan reads only env files, so the ratio shows what skipping
#     by name is worth; it is not a claim that the two do the same work.
#   - All commands are timed in the same run of this script, on the same
#     tree, each the best of N after one warm-up run: the warm-up fills the
#     page cache, and the best run is the one least disturbed by the rest
#     of the machine. hyperfine is used when installed; otherwise a bash
#     loop.
#
# Knobs (environment): ENVSCAN_BENCH_FILES (20000), ENVSCAN_BENCH_DIRS
# (files/20), ENVSCAN_BENCH_SEED (1), ENVSCAN_BENCH_ENV_RATIO (0.05),
# ENVSCAN_BENCH_RUNS (5), ENVSCAN_BENCH_PARSE_BYTES (256M),
# ENVSCAN_BENCH_RESULTS (bench/results), ENVSCAN_BENCH_RG (the rg to compare
# with; default: rg on PATH; set it empty to skip the comparison).
# The tree's source files are read for usages of variables in code too;
# bench_usage.sh, run next, measures that on trees of its own; then
# bench_secrets.sh compares secrets detection with secretlint.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

die() { echo "bench/run.sh: $*" >&2; exit 2; }

build=${1:-build}
[ -d "$build" ] || die "no build directory '$build' (configure and build first, e.g. cmake -S . -B build && cmake --build build)"
build=$(cd "$build" && pwd)

files=${ENVSCAN_BENCH_FILES:-20000}
dirs=${ENVSCAN_BENCH_DIRS:-$((files / 20))}
seed=${ENVSCAN_BENCH_SEED:-1}
ratio=${ENVSCAN_BENCH_ENV_RATIO:-0.05}
runs=${ENVSCAN_BENCH_RUNS:-5}
parse_bytes=${ENVSCAN_BENCH_PARSE_BYTES:-256M}
results=${ENVSCAN_BENCH_RESULTS:-$here/results}

envscan=$build/envscan
gen_tree=$build/datasets/gen_tree
bench_parse=$build/bench/bench_parse
for b in "$envscan" "$gen_tree" "$bench_parse"; do
  [ -x "$b" ] || die "missing $b (build the envscan_cli, gen_tree and bench_parse targets)"
done
rg=${ENVSCAN_BENCH_RG-$(command -v rg || true)}
hyperfine=$(command -v hyperfine || true)
threads=$(nproc)

# the load when we start: figures taken on a busy machine say so
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
tmp=$(mktemp -d /tmp/envscan-bench.XXXXXX) || die "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
tree=$tmp/tree

# ---------------------------------------------------------------- helpers

# fdiv, jstr, jnum, clock, best_ns
. "$here/lib.sh"

# --------------------------------------------------------------- the tree

echo "== machine: $threads CPUs, load average $loadavg at start"
echo "== tree: $files files, $dirs dirs, env ratio $ratio, seed $seed (in $tmp)"
clock; t0=$T
"$gen_tree" --files "$files" --dirs "$dirs" --seed "$seed" --env-ratio "$ratio" \
  --manifest "$tmp/manifest.json" "$tree" || die "gen_tree failed"
clock; gen_ns=$((T - t0))
manifest=$(cat "$tmp/manifest.json")
truth_vars=$(jnum variables <<<"$manifest")
truth_envs=$(jnum env_files <<<"$manifest")
printf '   generated in %.2f s: %s env files holding %s variables, %s other files\n' \
  "$(fdiv "$gen_ns" 1e9)" "$truth_envs" "$truth_vars" "$(jnum source_files <<<"$manifest")"

# One checked run: does envscan find exactly what the generator wrote?
"$envscan" --no-timing -f json "$tree" >"$tmp/scan.json" 2>"$tmp/scan.err"
scan_status=$?
stats=$(grep -o '"stats":{[^}]*}' "$tmp/scan.json" | sed 's/:/: /g')
# the manifest counts as a dotenv reader would; .envrc files are read as
# shell (where `export A=b c` also exports c), so they are left out of the
# comparison; files_scanned counts source files too: count by format
truth_envs=$((truth_envs - $(jnum envrc_files <<<"$manifest")))
truth_vars=$((truth_vars - $(jnum envrc_variables <<<"$manifest")))
got_vars=$(grep -o '"format":"dotenv","kind":"definition"' "$tmp/scan.json" | wc -l)
got_envs=$(grep -o '"format":"dotenv","size"' "$tmp/scan.json" | wc -l)
seen=$(jnum files_seen <<<"$stats")
if [ "$got_vars" = "$truth_vars" ] && [ "$got_envs" = "$truth_envs" ]; then
  match=true
  echo "   envscan reports $got_envs env files and $got_vars definitions: matches the manifest"
else
  match=false
  echo "   MISMATCH: envscan reports ${got_envs:-?} env files and ${got_vars:-?} definitions" \
       "(exit $scan_status); the manifest says $truth_envs and $truth_vars"
  head -n 5 "$tmp/scan.err" | sed 's/^/   /'
fi

# ------------------------------------------------------------- the timing

# Commands are kept as shell-quoted strings: hyperfine wants strings, and
# the bash loop runs the same strings through eval, so both time the same
# argv even when a path holds a space.
q() { local s; s=$(printf '%q ' "$@"); printf '%s' "${s% }"; }
names=("envscan -j 1" "envscan -j 0 ($threads threads)")
cmds=("$(q "$envscan" --no-timing -f json -j 1 "$tree")"
      "$(q "$envscan" --no-timing -f json -j 0 "$tree")")
if [ -n "$rg" ]; then
  names+=("rg -j 1" "rg ($threads threads)")
  cmds+=("$(q "$rg" -c '=' --hidden --no-ignore -j 1 "$tree")"
         "$(q "$rg" -c '=' --hidden --no-ignore "$tree")")
else
  echo "   rg not found (not on PATH, or ENVSCAN_BENCH_RG is empty): the comparison with ripgrep is skipped"
fi

secs=()
if [ -n "$hyperfine" ]; then
  method=hyperfine
  hf_args=()
  for i in "${!cmds[@]}"; do hf_args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  "$hyperfine" --warmup 1 --runs "$runs" --ignore-failure --style basic \
    --export-json "$tmp/hyperfine.json" "${hf_args[@]}" >"$tmp/hyperfine.out" 2>&1 ||
    { cat "$tmp/hyperfine.out" >&2; die "hyperfine failed"; }
  mapfile -t secs < <(grep -o '"min": *[0-9.eE+-]*' "$tmp/hyperfine.json" | sed 's/.*: *//')
else
  method=bash-loop
  for c in "${cmds[@]}"; do
    ns=$(best_ns eval "$c")
    secs+=("$(fdiv "$ns" 1e9)")
  done
fi
[ "${#secs[@]}" -eq "${#cmds[@]}" ] || die "could not read the timings"

echo
echo "== tree scan, best of $runs after a warm-up ($method), $seen files seen"
printf '   %-30s %12s %14s\n' command "best (ms)" "files/s"
for i in "${!names[@]}"; do
  printf '   %-30s %12.1f %14.0f\n' "${names[$i]}" \
    "$(awk -v s="${secs[$i]}" 'BEGIN { print s * 1000 }')" "$(fdiv "$seen" "${secs[$i]}")"
done
ratio_j1=null
ratio_all=null
if [ -n "$rg" ]; then
  ratio_j1=$(fdiv "${secs[0]}" "${secs[2]}")
  ratio_all=$(fdiv "${secs[1]}" "${secs[3]}")
  printf '   ratio envscan/rg (time; below 1 = envscan faster): %.3f at 1 thread, %.3f at %s threads\n' \
    "$ratio_j1" "$ratio_all" "$threads"
fi
echo "   commands (stdout to /dev/null):"
for c in "${cmds[@]}"; do echo "     ${c/$tmp/\$tmp}"; done

# ------------------------------------------------------------- the parser

echo
echo "== parse: $parse_bytes of typical dotenv in memory, one thread (the parser: --lint off --secrets off)"
"$bench_parse" --bytes "$parse_bytes" --lint off --secrets off --json "$tmp/parse.json" | sed 's/^/   /'
parse_status=${PIPESTATUS[0]}
parse_json=null
if [ "$parse_status" -eq 0 ] && [ -s "$tmp/parse.json" ]; then
  parse_json=$(sed 's/^/  /' "$tmp/parse.json" | sed '1s/^  //')
else
  echo "   bench_parse failed (exit $parse_status)"
fi
# what a default scan costs: the parser plus the default lint rules and
# secrets detection
echo
echo "== parse with the default .env lint rules and secrets detection (what envscan does by default)"
"$bench_parse" --bytes "$parse_bytes" --lint default --secrets on --runs 3 --json "$tmp/parse_lint.json" |
  sed 's/^/   /'
lint_json=null
if [ "${PIPESTATUS[0]}" -eq 0 ] && [ -s "$tmp/parse_lint.json" ]; then
  lint_json=$(sed 's/^/  /' "$tmp/parse_lint.json" | sed '1s/^  //')
fi

# ------------------------------------------------------------- the record

cpu=$(grep -m1 -E '^(model name|Model|Hardware|cpu model)' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//')
[ -n "$cpu" ] || cpu=$(uname -m)
mem_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
commit=$(git -C "$repo" rev-parse --verify -q HEAD 2>/dev/null || echo none)
dirty=null
if [ "$commit" != none ]; then
  # --no-optional-locks: reading the status must not rewrite the index
  if [ -n "$(git -C "$repo" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    dirty=true
  else
    dirty=false
  fi
fi
json_secs() { if [ -n "${secs[$1]:-}" ]; then echo "${secs[$1]}"; else echo null; fi; }

mkdir -p "$results" || die "cannot create $results"
out=$results/latest.json
{
  echo "{"
  echo "  \"schema\": 1,"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"machine\": {\"nproc\": $threads, \"cpu\": $(jstr "$cpu"), \"kernel\": $(jstr "$(uname -sr)"), \"memory_kib\": ${mem_kib:-null}, \"loadavg_at_start\": $(jstr "$loadavg")},"
  echo "  \"git\": {\"commit\": $(jstr "$commit"), \"dirty\": $dirty},"
  echo "  \"envscan\": $(jstr "$("$envscan" --version 2>/dev/null)"),"
  echo "  \"build_dir\": $(jstr "$build"),"
  echo "  \"tree\": {\"manifest\": $(tr -d '\n' <"$tmp/manifest.json" | sed 's/  */ /g'), \"generate_seconds\": $(fdiv "$gen_ns" 1e9)},"
  echo "  \"tree_scan\": {"
  echo "    \"method\": \"$method\", \"runs\": $runs, \"warmup_runs\": 1, \"files_seen\": ${seen:-null},"
  echo "    \"envscan_definitions\": ${got_vars:-null}, \"envscan_env_files\": ${got_envs:-null}, \"matches_ground_truth\": $match,"
  echo "    \"envscan_j1_seconds\": $(json_secs 0),"
  echo "    \"envscan_all_seconds\": $(json_secs 1), \"envscan_all_threads\": $threads,"
  echo "    \"rg\": $(if [ -n "$rg" ]; then jstr "$("$rg" --version | sed -n 1p)"; else echo null; fi),"
  echo "    \"rg_j1_seconds\": $(json_secs 2),"
  echo "    \"rg_all_seconds\": $(json_secs 3),"
  echo "    \"ratio_envscan_over_rg_j1\": $ratio_j1,"
  echo "    \"ratio_envscan_over_rg_all\": $ratio_all,"
  printf '    "commands": ['
  for i in "${!cmds[@]}"; do printf '%s%s' "$([ "$i" -gt 0 ] && echo ', ')" "$(jstr "${cmds[$i]/$tmp/\$tmp}")"; done
  echo "]"
  echo "  },"
  echo "  \"parse\": $parse_json,"
  echo "  \"parse_lint_default\": $lint_json"
  echo "}"
} >"$out"
echo
echo "== wrote $out"

# usages in source code, against `rg -c getenv` (its own trees and record)
echo
bash "$here/bench_usage.sh" "$build"
bash "$here/bench_secrets.sh" "$build"

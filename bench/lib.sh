# lib.sh — helpers shared by the benchmark scripts (sourced, not run):
# fdiv, jstr, jnum, clock, best_ns, use_build. best_ns reads $runs.

# a / b with six decimals, or null when b is 0 (for the table and the JSON).
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.6f", a / b; else print "null" }'; }

# A JSON string literal.
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\n\r')"; }

# The value of "name": in a flat JSON text (the manifest, a stats object).
jnum() { grep -o "\"$1\": *[0-9.]*" | head -n 1 | sed 's/.*: *//'; }

# clock: the time in nanoseconds, into $T. bash 5's EPOCHREALTIME needs no
# fork, so it adds nothing to a 10 ms measurement; `date +%s%N` (a fork
# and an exec, about a millisecond) is the fallback for older shells.
if [ -n "${EPOCHREALTIME:-}" ]; then
  clock() { T=${EPOCHREALTIME/[.,]/}000; }
else
  clock() { T=$(date +%s%N); }
fi

# best_ns CMD... : one warm-up run, then the best of $runs, in nanoseconds.
# Output is discarded as `> /dev/null` would; the exit status is ignored
# (envscan exits 1 when it has findings, which is not a failure here).
best_ns() {
  local best="" t0 i
  "$@" >/dev/null 2>&1
  for ((i = 0; i < runs; i++)); do
    clock; t0=$T
    "$@" >/dev/null 2>&1
    clock
    if [ -z "$best" ] || [ $((T - t0)) -lt "$best" ]; then best=$((T - t0)); fi
  done
  echo "$best"
}

# use_build SCRIPT DIR TOOL...: the build directory DIR, made absolute,
# into $build, and each TOOL's path (envscan, or datasets/NAME) checked to
# be there; dies naming SCRIPT otherwise.
use_build() {
  local script=$1 dir=$2 t p
  shift 2
  [ -d "$dir" ] || { echo "$script: no build directory '$dir'" >&2; exit 2; }
  build=$(cd "$dir" && pwd)
  for t in "$@"; do
    p=$build/$t
    [ -x "$p" ] || { echo "$script: missing $p (build it first)" >&2; exit 2; }
  done
}

#!/usr/bin/env bash
# Golden CLI tests. Each folder in CASES holds:
#   setup.sh  builds the input tree in an empty temporary directory (cwd);
#             shared trees are in $GOLDEN_TREES (trees/ beside CASES);
#             $ENVSCAN_BIN is the program under test
#   args      the command line after `envscan`, one argument per line
#   stdout, stderr, exit   exactly what envscan must print and return
# Set GOLDEN_UPDATE=1 to rewrite the expectations (then read the diff!).
# Usage: run.sh ENVSCAN_BIN CASES_DIR [KERNEL]
set -u
bin=$(realpath "$1") cases=$(realpath "$2") kernel=${3:-}
if [ -n "$kernel" ]; then
  # a failing probe is a failure, not a reason to skip
  list=$("$bin" kernels) || { echo "envscan kernels failed"; exit 1; }
  grep -qx "$kernel\( (default)\)\?" <<<"$list" || { echo "kernel $kernel not supported here: skip"; exit 77; }
  export ENVSCAN_KERNELS=$kernel
fi
export NO_COLOR=1 LC_ALL=C GOLDEN_TREES="$(dirname "$cases")/trees" ENVSCAN_BIN="$bin"
pass=0 fail=0
for c in "$cases"/*/; do
  name=$(basename "$c")
  tmp=$(mktemp -d)
  (cd "$tmp" && bash "$c/setup.sh") >/dev/null 2>&1 || { echo "FAIL $name: setup"; fail=$((fail+1)); rm -rf "$tmp"; continue; }
  mapfile -t args < "$c/args"
  (cd "$tmp" && timeout 60 "$bin" "${args[@]}" >"$tmp.out" 2>"$tmp.err" </dev/null); code=$?
  if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
    cp "$tmp.out" "$c/stdout"; cp "$tmp.err" "$c/stderr"; echo "$code" > "$c/exit"
  fi
  if cmp -s "$tmp.out" "$c/stdout" && cmp -s "$tmp.err" "$c/stderr" && [ "$code" = "$(cat "$c/exit")" ]; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL $name (exit $code, want $(cat "$c/exit"))"
    diff -u "$c/stdout" "$tmp.out" | head -30; diff -u "$c/stderr" "$tmp.err" | head -10
  fi
  chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp" "$tmp.out" "$tmp.err"
done
echo "golden: $pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]

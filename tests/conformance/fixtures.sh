#!/usr/bin/env bash
# Conformance: for every fixture F with a reference F.node.json (node dotenv
# parse(), see fixtures/README.md), `envscan parse F --format json` must be
# byte-identical to it. With FIXTURE_DIALECT=python the parse runs with
# --dialect python and the reference is F.python.json (python-dotenv's
# dotenv_values()) where it exists, else F.node.json (the fixtures hold a
# python file only where the two differ). Prints one line per failure with
# a diff, and a closing count. FIXTURE_ARGS adds envscan options (e.g.
# --expand).
# Usage: fixtures.sh ENVSCAN_BIN FIXTURE_DIR [KERNEL]
set -u
bin=$1 dir=$2 kernel=${3:-}
if [ -n "$kernel" ]; then
  # a failing probe is a failure, not a reason to skip
  list=$("$bin" kernels) || { echo "envscan kernels failed"; exit 1; }
  grep -qx "$kernel\( (default)\)\?" <<<"$list" || { echo "kernel $kernel not supported here: skip"; exit 77; }
  export ENVSCAN_KERNELS=$kernel
fi
cmp_bytes() { cmp -s "$1" "$2"; }
# equal as JSON objects, key order aside (any python3 reads JSON)
cmp_maps() {
  python3 -c 'import json, sys; a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:]); sys.exit(a != b)' "$1" "$2"
}
pass=0 fail=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
while IFS= read -r -d '' ref; do
  f=${ref%.node.json}
  args=${FIXTURE_ARGS:-} same=cmp_bytes
  if [ "${FIXTURE_DIALECT:-node}" = python ]; then
    args="$args --dialect python"
    # F.node.json stands for python's output where the two maps are equal
    # as maps; python lists keys in file order, so compare those as maps
    if [ -e "$f.python.json" ]; then ref=$f.python.json; else same=cmp_maps; fi
  fi
  # shellcheck disable=SC2086
  if "$bin" parse $args "$f" --format json >"$tmp" 2>/dev/null && $same "$tmp" "$ref"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: ${f#$dir/}"
    diff -u "$ref" "$tmp" | head -20
  fi
done < <(find "$dir" -name '*.node.json' -print0 | sort -z)
echo "fixtures: $pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]

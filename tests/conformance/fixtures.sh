#!/usr/bin/env bash
# Conformance: for every fixture F with a reference F.node.json (node dotenv
# parse(), see fixtures/README.md), `envscan parse F --format json` must be
# byte-identical to it. Prints one line per failure with a diff, and a
# closing count. FIXTURE_ARGS adds envscan options (e.g. --expand).
# Usage: fixtures.sh ENVSCAN_BIN FIXTURE_DIR [KERNEL]
set -u
bin=$1 dir=$2 kernel=${3:-}
if [ -n "$kernel" ]; then
  # a failing probe is a failure, not a reason to skip
  list=$("$bin" kernels) || { echo "envscan kernels failed"; exit 1; }
  grep -qx "$kernel\( (default)\)\?" <<<"$list" || { echo "kernel $kernel not supported here: skip"; exit 77; }
  export ENVSCAN_KERNELS=$kernel
fi
pass=0 fail=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
while IFS= read -r -d '' ref; do
  f=${ref%.node.json}
  # shellcheck disable=SC2086
  if "$bin" parse ${FIXTURE_ARGS:-} "$f" --format json >"$tmp" 2>/dev/null && cmp -s "$tmp" "$ref"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: ${f#$dir/}"
    diff -u "$ref" "$tmp" | head -20
  fi
done < <(find "$dir" -name '*.node.json' -print0 | sort -z)
echo "fixtures: $pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]

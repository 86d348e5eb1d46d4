#!/usr/bin/env bash
# Report formats checked by real parsers and validators (docs/reports.md):
# SARIF against the official SARIF 2.1.0 JSON schema
# (sarif-2.1.0-rtm.5.json as shipped in the npm package
# @microsoft/jest-sarif) with ajv + ajv-draft-04 + ajv-formats, installed
# from the npm registry into the build tree once, plus the checks the
# schema cannot make (validate_sarif.js); CSV, JUnit XML, GitHub commands
# and Markdown with /usr/bin/python3's csv and xml.etree
# (check_formats.py). Trees: the golden trees with findings of many
# rules, paths that need escaping, diagnostics about no file; and a tree
# with more findings than the Markdown report shows.
# Skips (77) only when node/npm are absent or the packages cannot be had.
# Usage: validate.sh ENVSCAN_BIN WORK_DIR GOLDEN_TREES_DIR
set -u
bin=$(realpath "$1") work=$2 trees=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
export NO_COLOR=1 LC_ALL=C
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm absent: skip"; exit 77; }
pkgs=(ajv@8.17.1 ajv-draft-04@1.0.0 ajv-formats@3.0.1 @microsoft/jest-sarif@1.0.0-beta.0)
mkdir -p "$work"
work=$(realpath "$work")
schema="$work/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$schema" ] || [ ! -d "$work/node_modules/ajv-draft-04" ] || [ ! -d "$work/node_modules/ajv-formats" ]; then
  (cd "$work" && npm install --silent --no-audit --no-fund --no-save "${pkgs[@]}" >/dev/null 2>&1) ||
    { echo "cannot install ${pkgs[*]} from npm: skip"; exit 77; }
fi
[ -f "$schema" ] || { echo "FAIL: the SARIF schema is not in @microsoft/jest-sarif"; exit 1; }
grep -q '"title": "Static Analysis Results Format (SARIF) Version 2.1.0' "$schema" ||
  { echo "FAIL: $schema is not the SARIF 2.1.0 schema"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# many findings: more than the Markdown report shows (600 duplicate keys)
mkdir -p "$tmp/many"
for i in $(seq 1 600); do printf 'K%d=1\nK%d=2\n' "$i" "$i"; done > "$tmp/many/.env"
checked=0
for tree in repo lint-mixed analysis-missing analysis-drift links reports many; do
  dir="$tmp/$tree"
  if [ "$tree" != many ]; then
    mkdir -p "$dir" && (cd "$dir" && bash "$trees/$tree.sh") >/dev/null 2>&1 ||
      { echo "FAIL: $tree: setup"; fail=1; continue; }
  fi
  args=(--no-timing --lint=all --fail-on none .)
  (cd "$dir" && "$bin" -f json "${args[@]}" >"$tmp/$tree.json" 2>/dev/null) ||
    { echo "FAIL: $tree: json report"; fail=1; continue; }
  for f in sarif csv junit github markdown; do
    (cd "$dir" && "$bin" -f $f "${args[@]}" >"$tmp/$tree.$f" 2>/dev/null) ||
      { echo "FAIL: $tree: $f report"; fail=1; continue; }
  done
  node "$here/validate_sarif.js" "$work/node_modules" "$schema" "$tmp/$tree.sarif" \
    "$tmp/$tree.json" || fail=1
  for f in csv junit github markdown; do
    /usr/bin/python3 "$here/check_formats.py" $f "$tmp/$tree.$f" "$tmp/$tree.json" || fail=1
  done
  checked=$((checked + 1))
done
[ "$checked" -eq 7 ] || { echo "FAIL: $checked of 7 trees checked"; fail=1; }
grep -q '^\.\.\. and [0-9]* more' "$tmp/many.markdown" ||
  { echo "FAIL: the Markdown report of 600 findings is not capped"; fail=1; }
grep -q '"uri":"odd%20dir%2C%20%22q%22/.env"' "$tmp/reports.sarif" ||
  { echo "FAIL: the path with a space, a comma and quotes is not percent-encoded"; fail=1; }
# the validator can fail: broken SARIF documents are refused
node "$here/validate_sarif.js" "$work/node_modules" "$schema" --selftest "$tmp/reports.sarif" || fail=1
[ $fail -eq 0 ] && echo "report formats: $checked trees valid"
exit $fail

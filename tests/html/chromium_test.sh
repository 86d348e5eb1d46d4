#!/usr/bin/env bash
# The HTML report in a real browser: envscan writes the report of the
# golden tree html-drift (env files with drift, a template, hostile key,
# path and values), and tests/html/cdp_check.js opens it in headless
# Chromium through the DevTools protocol: rendering, sort, filter, URL
# fragments, no console error, no request, no executed markup, and that
# these checks catch injected faults. Screenshots stay in OUTDIR.
# Skips (77) only when chromium is not installed; .ci/packages.txt has it.
# Usage: chromium_test.sh ENVSCAN_BIN TREES_DIR OUTDIR
set -u
bin=$(realpath "$1") trees=$(realpath "$2") out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium is not installed: skip"; exit 77; }
command -v node >/dev/null || { echo "node is missing (.ci/packages.txt lists it)"; exit 1; }
mkdir -p "$out" && out=$(realpath "$out")
rm -rf "$out/tree" && mkdir "$out/tree" || exit 1
(cd "$out/tree" && bash "$trees/html-drift.sh") || { echo "tree setup failed"; exit 1; }
# the page as people get it (with timings), and the matrix as JSON
(cd "$out/tree" && "$bin" --dialect python -f html . >"$out/report.html" 2>/dev/null)
[ $? -le 1 ] || { echo "envscan -f html failed"; exit 1; }
(cd "$out/tree" && "$bin" --dialect python --no-timing -f json . >"$out/report.json" 2>/dev/null)
[ $? -le 1 ] || { echo "envscan -f json failed"; exit 1; }
# the same page with faults the checks must catch
sed 's|</body>|<script>console.error("injected")</script><script>throw new Error("injected")</script><img src=x onerror=alert(1)></body>|' \
  "$out/report.html" >"$out/tampered.html"
grep -q 'console.error("injected")' "$out/tampered.html" || { echo "could not tamper"; exit 1; }
timeout 150 node "$here/cdp_check.js" "$chromium" "$out"

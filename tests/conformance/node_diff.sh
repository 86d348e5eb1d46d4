#!/usr/bin/env bash
# Differential conformance against node's dotenv itself: installs dotenv
# from the npm registry into the build tree (once), generates random
# structured inputs with their reference outputs (node_diff.js), and checks
# `envscan parse --format json` gives the same bytes for every one.
# Skips (77) when node or the package cannot be had here.
# Usage: node_diff.sh ENVSCAN_BIN WORK_DIR [COUNT] [SEED]
set -u
bin=$1 work=$2 count=${3:-3000} seed=${4:-20261122}
here=$(cd "$(dirname "$0")" && pwd)
version=16.4.7
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm absent: skip"; exit 77; }
mkdir -p "$work"
if [ ! -f "$work/node_modules/dotenv/package.json" ] ||
   ! grep -q "\"version\": \"$version\"" "$work/node_modules/dotenv/package.json"; then
  (cd "$work" && npm install --silent --no-audit --no-fund --no-save "dotenv@$version" >/dev/null 2>&1) ||
    { echo "cannot install dotenv@$version from npm: skip"; exit 77; }
fi
cases="$work/cases-$seed-$count"
rm -rf "$cases"
node "$here/node_diff.js" "$work" "$cases" "$count" "$seed" || { echo "generator failed"; exit 1; }
"$here/fixtures.sh" "$bin" "$cases" | tail -40
rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] && rm -rf "$cases"
exit $rc

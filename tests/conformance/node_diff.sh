#!/usr/bin/env bash
# Differential conformance against node's dotenv itself: installs dotenv
# (and dotenv-expand) from the npm registry into the build tree (once),
# generates random structured inputs with their reference outputs
# (node_diff.js), and checks `envscan parse --format json` gives the same
# bytes for every one. MODE "expand" checks `--expand` against
# dotenv-expand. Skips (77) when node or the packages cannot be had here.
# Usage: node_diff.sh ENVSCAN_BIN WORK_DIR [COUNT] [SEED] [MODE]
set -u
bin=$1 work=$2 count=${3:-3000} seed=${4:-20261122} mode=${5:-parse}
here=$(cd "$(dirname "$0")" && pwd)
version=16.4.7 expand_version=12.0.1
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm absent: skip"; exit 77; }
mkdir -p "$work"
has() { grep -q "\"version\": \"$2\"" "$work/node_modules/$1/package.json" 2>/dev/null; }
if ! has dotenv "$version" || ! has dotenv-expand "$expand_version"; then
  (cd "$work" && npm install --silent --no-audit --no-fund --no-save \
     "dotenv@$version" "dotenv-expand@$expand_version" >/dev/null 2>&1) ||
    { echo "cannot install dotenv@$version and dotenv-expand@$expand_version from npm: skip"; exit 77; }
fi
cases="$work/cases-$mode-$seed-$count"
rm -rf "$cases"
node "$here/node_diff.js" "$work" "$cases" "$count" "$seed" "$mode" || { echo "generator failed"; exit 1; }
[ "$mode" = expand ] && export FIXTURE_ARGS=--expand
"$here/fixtures.sh" "$bin" "$cases" | tail -40
rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] && rm -rf "$cases"
exit $rc

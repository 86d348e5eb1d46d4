#!/usr/bin/env bash
# Our copy of the reference fixtures must equal ../shared/fixtures/dotenv
# when that folder is present (the team's source of truth); otherwise skip.
set -u
ours=$1 theirs=$2
[ -d "$theirs" ] || { echo "no $theirs here: skip"; exit 77; }
if diff -r "$theirs" "$ours" >/dev/null; then echo "fixtures up to date"; exit 0; fi
echo "tests/conformance/fixtures differs from $theirs:"; diff -rq "$theirs" "$ours"; exit 1

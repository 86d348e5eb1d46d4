#!/usr/bin/env bash
# The shared library exports exactly the functions envscan.h declares:
# every dynamic symbol starts with envscan_, and the two lists are equal.
set -u
lib=$1 header=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TW]$/ {print $3}' | sed 's/@.*//' | sort -u)
declared=$(grep -A3 '^ENVSCAN_API' "$header" | tr '\n' ' ' | grep -o 'envscan_[a-z_]*(' | tr -d '(' | sort -u)
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TWDBR]$/ {print $3}' | sed 's/@.*//' | grep -v '^envscan_' | grep -v '^ENVSCAN_' || true)
rc=0
if [ -n "$bad" ]; then echo "symbols outside the envscan_ prefix:"; echo "$bad"; rc=1; fi
if [ "$exported" != "$declared" ]; then
  echo "exported and declared functions differ (< exported, > declared):"
  diff <(echo "$exported") <(echo "$declared"); rc=1
fi
n=$(echo "$exported" | wc -l)
[ "$n" -ge 30 ] || { echo "only $n symbols exported"; rc=1; }
[ $rc -eq 0 ] && echo "abi: $n envscan_* functions exported, all declared in envscan.h"
exit $rc

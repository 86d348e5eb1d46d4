#!/bin/bash
# Run the Python binding's tests with one interpreter:
#   run.sh PYTHON LABEL [OTHER_PYTHON] [unittest arguments...]
# Exits 77 (ctest: skipped), saying why, when PYTHON is not there, or when
# it is the same interpreter as OTHER_PYTHON (that entry runs it already).
py=$1 label=$2 other=$3
shift 3
if [ -z "$py" ] || ! command -v "$py" >/dev/null 2>&1; then
    echo "skipped: no Python interpreter for $label (${py:-none found})"
    exit 77
fi
real=$("$py" -c 'import os, sys; print(os.path.realpath(sys.executable))') || exit 1
if [ -n "$other" ] && command -v "$other" >/dev/null 2>&1; then
    other_real=$("$other" -c 'import os, sys; print(os.path.realpath(sys.executable))')
    if [ "$real" = "$other_real" ]; then
        echo "skipped: $label is $real, the interpreter of the other entry"
        exit 77
    fi
fi
echo "$label: $real ($("$py" --version 2>&1))"
cd "$(dirname "$0")/.." || exit 1
exec "$py" -m unittest "$@"

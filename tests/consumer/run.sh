#!/usr/bin/env bash
# Install the build into a temporary prefix, then build and run a consumer
# with find_package(envscan) and, separately, with pkg-config.
# Usage: run.sh BUILD_DIR CONSUMER_SRC C_COMPILER
set -eu
build=$1 src=$2 cc=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(dirname "$(find "$tmp/prefix" -name 'libenvscan.so' | head -1)")
test -f "$tmp/prefix/include/envscan.h"
test -f "$libdir/pkgconfig/envscan.pc"
test -f "$libdir/cmake/envscan/envscanConfig.cmake"
cmake -S "$src" -B "$tmp/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/b" >/dev/null
LD_LIBRARY_PATH=$libdir "$tmp/b/consumer"
# pkg-config, with the prefix the .pc file was generated for swapped in
sed -i "s|^prefix=.*|prefix=$tmp/prefix|" "$libdir/pkgconfig/envscan.pc"
PKG_CONFIG_PATH=$libdir/pkgconfig "$cc" -o "$tmp/pc" "$src/main.c" \
  $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs envscan)
LD_LIBRARY_PATH=$libdir "$tmp/pc"
echo "install consumer: find_package and pkg-config both work"

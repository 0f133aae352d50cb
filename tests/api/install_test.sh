#!/usr/bin/env bash
# After `meson install`, a C program compiles with #include <esent.h> and links with
# `pkg-config --cflags --libs jetstore`; so does a C++ one using <jetstore/jetstore.hpp>.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pc=$(dirname "$(find "$dest" -name jetstore.pc | head -1)")
export PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$dest
libdir=$(dirname "$(find "$dest" -name 'libjetstore.so' | head -1)")
cc -std=c99 -Wall -Werror "$src/tests/api/readme_example.c" $(pkg-config --cflags --libs jetstore) -o "$dest/example"
cd "$dest" && LD_LIBRARY_PATH=$libdir ./example
# The README's embedding example, cut out of the README itself.
awk '/^```c$/ {on=1; next} /^```$/ {if (on) exit} on' "$src/README.md" > "$dest/readme.c"
cc -std=c99 -Wall -Werror "$dest/readme.c" $(pkg-config --cflags --libs jetstore) -o "$dest/readme"
out=$(cd "$dest" && LD_LIBRARY_PATH=$libdir ./readme)
[ "$out" = "JetTerm: 0" ] || { echo "README example printed: $out" >&2; exit 1; }
cat > "$dest/wrap.cc" <<'CPP'
#include <jetstore/jetstore.hpp>
int main() { return sizeof(jetstore::JetError) > 0 ? 0 : 1; }
CPP
c++ -std=c++20 -Wall -Werror "$dest/wrap.cc" $(pkg-config --cflags --libs jetstore) -o "$dest/wrap"
LD_LIBRARY_PATH=$libdir "$dest/wrap"
# libesent.so beside libjetstore.so, with esent-windows-abi.pc for C programs in esent.dll's layout.
if [ -n "$(find "$dest" -name esent-windows-abi.pc | head -1)" ]; then
  [ -n "$(find "$dest" -name 'libesent.so' | head -1)" ] || { echo "libesent.so is not installed" >&2; exit 1; }
  cc -std=c11 -Wall -Werror "$src/tests/api/esent_abi_guard.c" $(pkg-config --cflags --libs esent-windows-abi) -o "$dest/guard"
  (cd "$dest" && LD_LIBRARY_PATH=$libdir ./guard "$dest/guard.d")
fi
echo "install ok"

#!/usr/bin/env bash
# The .NET client test (issue 11): EsentClient.cs, compiled with mono's mcs, declares esent.dll's
# functions and structures as bindings do and runs with mono, esent.dll mapped to libesent.so by a
# dllmap. The negative control maps esent.dll to libjetstore.so (the C types) and must fail.
# Usage: dotnet_test.sh MCS MONO SOURCE_DIR LIBESENT LIBJETSTORE WORK_DIR
set -euo pipefail
mcs=$1 mono=$2 src=$3 libesent=$4 libjetstore=$5 work=$6
rm -rf "$work" && mkdir -p "$work"
"$mcs" -nologo -warnaserror -out:"$work/EsentClient.exe" "$src/EsentClient.cs"
sed "s|@LIBESENT@|$libesent|" "$src/EsentClient.exe.config.in" > "$work/EsentClient.exe.config"
"$mono" "$work/EsentClient.exe" "$work/data"

# The negative control: the same program against libjetstore.so.
mkdir -p "$work/neg"
cp "$work/EsentClient.exe" "$work/neg/"
sed "s|@LIBESENT@|$libjetstore|" "$src/EsentClient.exe.config.in" > "$work/neg/EsentClient.exe.config"
if "$mono" "$work/neg/EsentClient.exe" "$work/neg/data" > "$work/neg.log" 2>&1; then
  echo "FAIL: the client passed against libjetstore.so (its checks cannot see the layout)" >&2
  exit 1
fi
grep -q "4-byte out-parameter" "$work/neg.log" || { echo "FAIL: the negative control failed for another reason" >&2; cat "$work/neg.log" >&2; exit 1; }
echo "dotnet_test: ok"

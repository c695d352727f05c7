#!/usr/bin/env bash
# Publishes the agent as the NativeAOT linux-x64 executable that ships (settings in NodeStorageAgent.csproj):
#
#   scripts/publish-aot.sh [DIR]      # default DIR: artifacts/aot; prints DIR/node-storage-agent on its last line
#
# DIR then holds node-storage-agent and libMonoPosixHelper.so, exactly what the RPM installs. Used by
# scripts/test.sh (integration tests run this binary), scripts/sandbox.sh and the benchmarks (NSA_AGENT=...).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/artifacts/aot}
mkdir -p "$out"
out=$(cd "$out" && pwd)
dotnet publish "$repo/src/NodeStorageAgent" -c Release -r linux-x64 -o "$out" --nologo -v q >&2
for f in node-storage-agent libMonoPosixHelper.so; do
  [ -f "$out/$f" ] || { echo "publish-aot: $out/$f missing" >&2; exit 1; }
done
echo "$out/node-storage-agent"

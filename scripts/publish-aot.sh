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

# The method order (src/NodeStorageAgent/method-order.txt) names symbols; the compiler ignores names it does not know,
# so after a framework or package update the layout would quietly go stale. The object file still has every symbol:
# fail when fewer than 90% of the names are in this build, and say how to measure them again.
order=$repo/src/NodeStorageAgent/method-order.txt
object=$repo/src/NodeStorageAgent/obj/Release/net10.0/linux-x64/native/node-storage-agent.o
[ -f "$object" ] || { echo "publish-aot: $object missing: cannot check the method order" >&2; exit 1; }
listed=$(LC_ALL=C sort -u "$order" | wc -l)
# nm -P (POSIX format: the name first) rather than --format=just-symbols, which binutils before 2.37 lacks.
found=$(nm -P --defined-only "$object" | cut -d' ' -f1 | LC_ALL=C sort -u \
  | LC_ALL=C comm -12 - <(LC_ALL=C sort -u "$order") | wc -l)
echo "publish-aot: method order: $found of $listed names are in this build" >&2
if [ "$listed" -eq 0 ] || [ $((found * 10)) -lt $((listed * 9)) ]; then
  echo "publish-aot: the method order is stale: run scripts/method-order.py (as root) and commit $order" >&2
  exit 1
fi
echo "$out/node-storage-agent"

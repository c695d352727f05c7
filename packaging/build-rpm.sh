#!/usr/bin/env bash
# Builds the release tarball and the binary RPM of node-storage-agent (docs/packaging.md).
#
#   packaging/build-rpm.sh [--output DIR] [--publish-dir DIR]
#
#   --output DIR       where the tarball and the RPM go (default: artifacts/rpm)
#   --publish-dir DIR  reuse an existing `dotnet publish -r linux-x64` output (scripts/publish-aot.sh) instead of
#                      publishing again
#
# Steps: dotnet publish (NativeAOT linux-x64 executable + libMonoPosixHelper.so; settings in NodeStorageAgent.csproj)
# -> man page from docs/man/*.md (packaging/md2man.py) -> reproducible release tarball -> rpmbuild -bb.
# Prints the path of the RPM as the last line.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
name=node-storage-agent
rid=linux-x64
output="$repo/artifacts/rpm"
publish_dir=""

while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    --publish-dir) publish_dir=$2; shift 2 ;;
    *) echo "usage: $0 [--output DIR] [--publish-dir DIR]" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/src/NodeStorageAgent/NodeStorageAgent.csproj" | head -n1)
[ -n "$version" ] || { echo "build-rpm: no <Version> in NodeStorageAgent.csproj" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$output"
output=$(cd "$output" && pwd)

if [ -z "$publish_dir" ]; then
  publish_dir="$work/publish"
  dotnet publish "$repo/src/NodeStorageAgent" -c Release -r "$rid" -o "$publish_dir" --nologo -v q >&2
fi
for f in "$name" libMonoPosixHelper.so; do
  [ -f "$publish_dir/$f" ] || { echo "build-rpm: $publish_dir/$f missing (publish output incomplete)" >&2; exit 1; }
done

# Release tarball: exactly what the spec installs.
stage="$work/$name-$version"
mkdir -p "$stage/bin" "$stage/systemd" "$stage/tmpfiles.d" "$stage/man" "$stage/greenboot"
cp "$publish_dir/$name" "$publish_dir/libMonoPosixHelper.so" "$stage/bin/"
chmod 0755 "$stage/bin/"*
cp "$repo/systemd/$name.service" "$stage/systemd/"
cp "$repo/packaging/tmpfiles.d/$name.conf" "$stage/tmpfiles.d/"
cp "$repo/packaging/desired-state.toml" "$stage/desired-state.toml"
cp "$repo/packaging/greenboot/35_node_storage_agent_check.sh" "$stage/greenboot/"
cp "$repo/README.md" "$stage/README.md"
python3 "$repo/packaging/md2man.py" "$repo/docs/man/$name.8.md" "$version" > "$stage/man/$name.8"

tarball="$output/$name-$version-$rid.tar.gz"
# Reproducible: fixed order, owner and timestamp (the last commit's, when there is one).
mtime=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name-$version" \
  | gzip -n > "$tarball"

topdir="$work/rpmbuild"
mkdir -p "$topdir/SOURCES"
cp "$tarball" "$topdir/SOURCES/"
rpmbuild -bb --nodeps --quiet \
  --define "_topdir $topdir" \
  --define "version_override $version" \
  "$repo/rpm/$name.spec" >&2

rpm_file=$(find "$topdir/RPMS" -name "$name-$version-*.rpm" | head -n1)
[ -n "$rpm_file" ] || { echo "build-rpm: rpmbuild produced no RPM" >&2; exit 1; }
cp "$rpm_file" "$output/"
echo "$output/$(basename "$rpm_file")"

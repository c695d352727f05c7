#!/usr/bin/env bash
# Installs the real components the integration tests drive (see docs/node-findings.md):
# FUSE (bindfs, fusepy chaos fixture, squashfuse), containers/storage consumers (podman, containers-storage),
# RPM tooling and systemd-analyze, ignition-validate (checks the Ignition configs machineconfig prints), the Prometheus
# tools the metrics tests check the agent's textfile and alert rules with (promtool; node-exporter itself), the native
# toolchain the NativeAOT publish links with, and the real lazy-pulling stack (stargz-store built from Debian's Go
# sources, a loopback registry, skopeo, runc: scripts/build-stargz-store.sh). Idempotent; needs root.
set -euo pipefail

packages=(
  fuse3 bindfs squashfuse squashfs-tools python3-fusepy
  podman containers-storage uidmap
  rpm rpmlint man-db
  systemd ignition
  util-linux procps psmisc
  prometheus prometheus-node-exporter
  gcc libc6-dev zlib1g-dev   # the NativeAOT publish (scripts/publish-aot.sh) links with gcc; the tests run that binary
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# fusectl gives /sys/fs/fuse/connections/<minor>/{waiting,abort}: the probe's non-blocking hang signal, and the way
# tests release a request a FUSE daemon holds forever (docs/node-findings.md §1.2).
modprobe fuse 2>/dev/null || true
if [ -d /sys/fs/fuse/connections ] && ! mountpoint -q /sys/fs/fuse/connections; then
  mount -t fusectl fusectl /sys/fs/fuse/connections || echo "warning: cannot mount fusectl" >&2
fi
bash "$(dirname "$0")/build-stargz-store.sh"
echo "test dependencies ready"

#!/usr/bin/env bash
# Runs the agent's main job in a local sandbox — no CRI-O, no reboot, nothing outside the sandbox touched:
#   a --root directory with a storage.conf and crio.conf.d, three stores (a podman-built image store, a real bindfs
#   FUSE layer store when run as root, an artifact store), and a CRI-O stand-in whose restart runs the real
#   containers/storage parser on the rendered storage.conf (packaging/sandbox/systemctl).
# It then shows the agent at work: configure, a store failing and the agent falling back, the store recovering.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ! command -v containers-storage >/dev/null || ! command -v podman >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    say "installing podman, containers-storage, fuse3, bindfs (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman containers-storage fuse3 bindfs >/dev/null
  else
    echo "needs podman and containers-storage (apt-get install podman containers-storage fuse3 bindfs)" >&2; exit 1
  fi
fi

say "publishing the NativeAOT binary (what the RPM ships)"
agent=$(bash "$repo/scripts/publish-aot.sh" "$repo/artifacts/aot" | tail -n1)

sandbox=$(mktemp -d /tmp/nsa-sandbox.XXXXXX)
root="$sandbox/root"
bin="$sandbox/bin"
agent_pid=""
fuse_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  [ -n "$fuse_pid" ] && { kill -CONT "$fuse_pid" 2>/dev/null; fusermount3 -u "$root/var/lib/stargz-store/store" 2>/dev/null || umount -l "$root/var/lib/stargz-store/store" 2>/dev/null; kill "$fuse_pid" 2>/dev/null; } || true
  grep -o " $sandbox/[^ ]*" /proc/self/mountinfo 2>/dev/null | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done || true
  # --one-file-system: a mount that would not go away is left alone rather than emptied.
  if [ "${NSA_SANDBOX_KEEP:-0}" = 1 ]; then echo "sandbox kept in $sandbox"; else rm -rf --one-file-system "$sandbox" 2>/dev/null || true; fi
}
trap cleanup EXIT

mkdir -p "$root/etc/containers" "$root/etc/crio/crio.conf.d" "$root/etc/node-storage-agent" "$bin" \
         "$root/mnt/ssd-artifacts/artifacts" "$root/var/lib/stargz-store/store" "$sandbox/stargz-source"
cp packaging/sandbox/storage.conf "$root/etc/containers/storage.conf"
cp packaging/sandbox/00-default "$root/etc/crio/crio.conf.d/00-default"
cp packaging/sandbox/systemctl "$bin/systemctl"
export NSA_SANDBOX_ROOT="$root"

driver=overlay
[ "$(id -u)" = 0 ] || driver=vfs   # rootless overlay needs more than this sandbox sets up
sed -i "s/^driver = .*/driver = \"$driver\"/" "$root/etc/containers/storage.conf"

say "image store: importing a tiny image into $root/mnt/nfs-images with podman ($driver)"
mkdir -p "$sandbox/rootfs" && echo "hello from an additional image store" > "$sandbox/rootfs/hello"
tar -C "$sandbox/rootfs" -cf "$sandbox/tiny.tar" .
podman --root "$root/mnt/nfs-images" --runroot "$sandbox/podman-run" --storage-driver "$driver" \
  import "$sandbox/tiny.tar" localhost/tiny:1 >/dev/null

if [ "$(id -u)" = 0 ] && command -v bindfs >/dev/null && [ -e /dev/fuse ]; then
  say "layer store: a real FUSE mount (bindfs) at /var/lib/stargz-store/store"
  setsid bindfs -f "$sandbox/stargz-source" "$root/var/lib/stargz-store/store" & fuse_pid=$!
  for _ in $(seq 50); do grep -q " $root/var/lib/stargz-store/store " /proc/self/mountinfo && break; sleep 0.1; done
else
  say "layer store: a plain directory (run as root with bindfs for a real FUSE mount)"
fi

cat > "$root/etc/node-storage-agent/desired-state.toml" <<TOML
# Same vocabulary as OpenShift's ContainerRuntimeConfig.
[[additionalLayerStores]]
path = "/var/lib/stargz-store/store"

[[additionalImageStores]]
path = "/mnt/nfs-images"

[[additionalArtifactStores]]
path = "/mnt/ssd-artifacts"

[apply]
action = "restart"
TOML
chmod 644 "$root/etc/node-storage-agent/desired-state.toml"
cp "$root/etc/containers/storage.conf" "$sandbox/storage.conf.before"

say "plan (what apply would write)"
"$agent" plan --root "$root" || true

say "starting the agent: node-storage-agent run --root $root"
"$agent" run --root "$root" --systemctl "$bin/systemctl" --probe-interval 1s --probe-timeout 1s \
  --restart-quiet-period 500ms --restart-min-interval 0s --crio-poll-interval 200ms --boot-wait 5s \
  > "$sandbox/agent.log" 2>&1 &
agent_pid=$!

wait_for() { # wait_for SECONDS COMMAND...: poll until the command succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.2; done
}
wait_for 30 "$agent" status --root "$root"
"$agent" status --root "$root" || true
say "storage.conf: only the keys the agent owns changed"
diff -u "$sandbox/storage.conf.before" "$root/etc/containers/storage.conf" || true
say "our CRI-O drop-in"
cat "$root/etc/crio/crio.conf.d/99-node-storage-agent.conf"
say "podman sees the image through the rendered storage.conf"
sed -E "s#\"(/[^\"]*)\"#\"$root\\1\"#g" "$root/etc/containers/storage.conf" > "$sandbox/storage.conf.mapped"
CONTAINERS_STORAGE_CONF="$sandbox/storage.conf.mapped" podman images --format '{{.Repository}}:{{.Tag}} read-only={{.ReadOnly}}' || true
grep -o " $root/[^ ]*overlay " /proc/self/mountinfo 2>/dev/null | while read -r m; do umount -l "$m" 2>/dev/null; done || true

if [ -n "$fuse_pid" ]; then
  say "the layer store's FUSE daemon dies (SIGKILL): its mount now answers ENOTCONN"
  kill -KILL "$fuse_pid"; wait "$fuse_pid" 2>/dev/null || true; fuse_pid=""
else
  say "the image store disappears"
  mv "$root/mnt/nfs-images" "$sandbox/nfs-images.away"
fi
# `status` exits 1 while degraded: read its JSON whatever the exit code (pipefail would see the 1).
left_out() { { "$agent" status --root "$root" -o json || true; } | grep -q '"inConfig": false'; }
wait_for 30 left_out
sleep 2
"$agent" status --root "$root" || true
say "storage.conf now (the dead store is out, so CRI-O can start)"
# Whole arrays, from the key to its closing bracket, however many entries they hold.
awk '/^additional(image|layer)stores/ { p = 1 } p { print } p && /\]/ { p = 0 }' "$root/etc/containers/storage.conf"

say "the store comes back"
if grep -q " $root/var/lib/stargz-store/store " /proc/self/mountinfo; then
  fusermount3 -u "$root/var/lib/stargz-store/store" 2>/dev/null || umount -l "$root/var/lib/stargz-store/store"
  setsid bindfs -f "$sandbox/stargz-source" "$root/var/lib/stargz-store/store" & fuse_pid=$!
  for _ in $(seq 50); do grep -q " $root/var/lib/stargz-store/store " /proc/self/mountinfo && break; sleep 0.1; done
else
  mv "$sandbox/nfs-images.away" "$root/mnt/nfs-images"
fi
all_in() { ! left_out; }
wait_for 30 all_in
sleep 2
"$agent" status --root "$root" || true

say "CRI-O stand-in log (each restart ran the real containers/storage on the rendered storage.conf)"
cat "$bin/crio.log"
say "agent log"
cat "$sandbox/agent.log"
echo
echo "(NSA_SANDBOX_KEEP=1 keeps the sandbox directory for a look around)"

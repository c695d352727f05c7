#!/usr/bin/env bash
# The agent with the real lazy-pulling layer store, in a local sandbox (needs root; nothing outside the sandbox is
# changed except empty mount-point directories): our stargz-store build (scripts/build-stargz-store.sh) mounted at
# /var/lib/stargz-store/store under a --root directory, a docker-registry on 127.0.0.1 with two eStargz images,
# and podman reading the storage.conf the agent wrote (in a private mount namespace with the sandbox's node paths).
# It shows: a lazy pull (the layer's diff lives in the store, a fraction of the image fetched), stargz-store
# killed and the agent falling back (a normal pull works), stargz-store restarted and lazy pulls resuming.
# First run on a fresh machine: installing the Go source packages and building take a few minutes; later ~1 min.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "needs root (FUSE, mount namespaces, podman with overlay)" >&2; exit 1; }

say "building stargz-store and estargz-image (our Go code, offline), and the agent"
bash scripts/install-test-deps.sh >/dev/null
tools=$(bash scripts/build-stargz-store.sh | tail -1)
dotnet build src/NodeStorageAgent -c Release --nologo -v q >/dev/null
agent="$repo/src/NodeStorageAgent/bin/Release/net10.0/node-storage-agent"

sandbox=$(mktemp -d /tmp/nsa-sandbox-stargz.XXXXXX)
root="$sandbox/root"
mnt="$root/var/lib/stargz-store/store"
agent_pid="" store_pid="" registry_pid=""
stop_store() {
  if [ -n "$store_pid" ]; then kill -CONT "$store_pid" 2>/dev/null || true; fi
  if grep -q " $mnt " /proc/self/mountinfo; then fusermount3 -u "$mnt" 2>/dev/null || umount -l "$mnt" || true; fi
  if [ -n "$store_pid" ]; then kill "$store_pid" 2>/dev/null || true; wait "$store_pid" 2>/dev/null || true; fi
  store_pid=""
}
cleanup() {
  if [ -n "$agent_pid" ]; then kill -TERM "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true; fi
  stop_store
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
say "registry: docker-registry on 127.0.0.1:$port with two eStargz images (a 128 MiB model, a small one)"
printf 'version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
  "$sandbox/registry" "$port" > "$sandbox/registry.yml"
docker-registry serve "$sandbox/registry.yml" > "$sandbox/registry.log" 2>&1 & registry_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
mkdir -p "$sandbox/rootfs" && echo "hello from a normally pulled image" > "$sandbox/rootfs/hello.txt"
"$tools/estargz-image" build -layout "$sandbox/model" -self /bin/nsa-tool -random /model.bin=128 -- /bin/nsa-tool read /model.bin
"$tools/estargz-image" build -layout "$sandbox/small" -self /bin/nsa-tool -rootfs "$sandbox/rootfs" -- /bin/nsa-tool cat /hello.txt
skopeo copy --quiet --dest-tls-verify=false "oci:$sandbox/model:latest" "docker://127.0.0.1:$port/model:1"
skopeo copy --quiet --dest-tls-verify=false "oci:$sandbox/small:latest" "docker://127.0.0.1:$port/small:1"
served() { awk '{for (i = 1; i < NF; i++) if ($i ~ /^HTTP\/1\.[01]"$/) s += $(i + 2)} END {printf "%.0f\n", s}' "$sandbox/registry.log"; }

start_store() {
  setsid "$tools/stargz-store" -root "$root/var/lib/stargz-store" -no-background-fetch -log-level warn "$mnt" >> "$sandbox/stargz-store.log" 2>&1 &
  store_pid=$!
  for _ in $(seq 100); do grep -q " $mnt .* stargzstore " /proc/self/mountinfo && return; sleep 0.1; done
  echo "stargz-store did not mount" >&2; exit 1
}
say "layer store: the real stargz-store mounted at /var/lib/stargz-store/store"
mkdir -p "$root/etc/containers" "$root/etc/crio/crio.conf.d" "$root/etc/node-storage-agent" "$sandbox/bin"
cp packaging/sandbox/storage.conf "$root/etc/containers/storage.conf"
cp packaging/sandbox/00-default "$root/etc/crio/crio.conf.d/00-default"
cp packaging/sandbox/systemctl "$sandbox/bin/systemctl"
export NSA_SANDBOX_ROOT="$root"
start_store
grep " $mnt " /proc/self/mountinfo

printf '[[additionalLayerStores]]\npath = "/var/lib/stargz-store/store"\n\n[apply]\naction = "restart"\n' \
  > "$root/etc/node-storage-agent/desired-state.toml"
chmod 644 "$root/etc/node-storage-agent/desired-state.toml"
say "starting the agent: node-storage-agent run --root $root"
"$agent" run --root "$root" --systemctl "$sandbox/bin/systemctl" --probe-interval 1s --probe-timeout 1s \
  --restart-quiet-period 500ms --restart-min-interval 0s --crio-poll-interval 200ms --boot-wait 5s \
  > "$sandbox/agent.log" 2>&1 & agent_pid=$!
wait_for() { local deadline=$((SECONDS + $1)); shift; until "$@" >/dev/null 2>&1; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.2; done; }
listed() { grep -q 'stargz-store/store:ref' "$root/etc/containers/storage.conf"; }
unlisted() { ! listed; }
wait_for 30 listed
"$agent" status --root "$root" || true
grep -A2 additionallayerstores "$root/etc/containers/storage.conf"

mkdir -p /var/lib/stargz-store /var/lib/containers/storage /run/containers/storage /run/libpod
podman_node() { # podman_node STATE ARGS...: podman on the agent's storage.conf, node paths from the sandbox
  local state="$sandbox/podman-$1"; shift
  mkdir -p "$state/graph" "$state/run" "$state/libpod"
  CONTAINERS_STORAGE_CONF="$root/etc/containers/storage.conf" unshare -m --propagation private sh -c '
    mount --rbind "$1/var/lib/stargz-store" /var/lib/stargz-store
    mount --bind "$2/graph" /var/lib/containers/storage
    mount --bind "$2/run" /run/containers/storage
    mount --bind "$2/libpod" /run/libpod
    shift 2; exec timeout 120 podman "$@"' sh "$root" "$state" "$@"
}
pull_and_show() { # pull_and_show STATE IMAGE
  local before; before=$(served)
  podman_node "$1" pull --quiet --tls-verify=false "127.0.0.1:$port/$2" >/dev/null
  echo "fetched from the registry: $(( ($(served) - before) / 1024 )) KiB"
  for d in "$sandbox/podman-$1"/graph/overlay/*/diff; do
    if [ -L "$d" ]; then echo "layer diff -> $(readlink "$d")   (served by stargz-store)"; else echo "layer diff: a local directory (normal pull)"; fi
  done
}

say "lazy pull of the 128 MiB model image through the agent's storage.conf"
pull_and_show lazy model:1
podman_node lazy --runtime runc run --rm --quiet --net=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  "127.0.0.1:$port/model:1" 4096

say "stargz-store dies (SIGKILL): its mount answers ENOTCONN; the agent leaves it out"
kill -KILL "$store_pid"; wait "$store_pid" 2>/dev/null || true
wait_for 30 unlisted
"$agent" status --root "$root" || true
say "a normal pull still works through the agent's config"
pull_and_show fallback small:1
podman_node fallback --runtime runc run --rm --quiet --net=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "127.0.0.1:$port/small:1"

say "stargz-store restarted: back in the config after 3 good probes, lazy pulls resume"
stop_store; start_store
wait_for 30 listed
"$agent" status --root "$root" || true
pull_and_show again model:1

say "CRI-O stand-in log (each restart ran the real containers/storage on the rendered storage.conf)"
cat "$sandbox/bin/crio.log" 2>/dev/null || true
say "agent log"
cat "$sandbox/agent.log"
echo
echo "sandbox kept in $sandbox"

#!/usr/bin/env bash
# Time from `podman run` to the container's first output for a large eStargz "model" image, three ways, all from
# the same loopback registry (docker-registry on 127.0.0.1, bytes counted from its access log):
#   lazy      layers served by the real stargz-store through the storage.conf the agent wrote (fresh store cache)
#   full      a normal pull: no layer store configured
#   fallback  the store's daemon killed; the agent (apply --once) leaves it out; a normal pull through that config
# Each run starts from an empty graphroot; podman runs in a private mount namespace with the sandbox's node paths
# bound in (as tests/NodeStorageAgent.IntegrationTests/Stargz/NodePodman.cs does). The container prints "started",
# then reads the whole model (total time and bytes reported too). Needs root.
#   bash bench/stargz-lazy-pull.sh [RUNS (5)] [MODEL_MB (256)]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
model_mb=${2:-256}

bin=$(bash "$repo/scripts/build-stargz-store.sh" | tail -1)
if [ -z "${NSA_AGENT:-}" ]; then
  dotnet build "$repo/src/NodeStorageAgent" -c Release --nologo -v q >/dev/null
  NSA_AGENT="$repo/src/NodeStorageAgent/bin/Release/net10.0/node-storage-agent"
fi

t=$(mktemp -d /tmp/nsa-bench-stargz.XXXXXX)
root="$t/root"
registry_pid="" store_pid=""
stop_store() {
  [ -n "$store_pid" ] || return 0
  kill -CONT "$store_pid" 2>/dev/null || true
  if grep -q " $root/var/lib/stargz-store/store " /proc/self/mountinfo; then
    fusermount3 -u "$root/var/lib/stargz-store/store" 2>/dev/null || umount -l "$root/var/lib/stargz-store/store"
  fi
  kill "$store_pid" 2>/dev/null || true
  wait "$store_pid" 2>/dev/null || true
  store_pid=""
}
cleanup() {
  stop_store
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$t"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$t/registry.yml" <<YML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $t/registry}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$t/registry.yml" > "$t/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

"$bin/estargz-image" build -layout "$t/layout" -tag 1 -self /bin/nsa-tool -random "/model.bin=$model_mb" -- /bin/nsa-tool read /model.bin > "$t/built"
skopeo copy --quiet --dest-tls-verify=false "oci:$t/layout:1" "docker://127.0.0.1:$port/model:1"
rm -rf "$t/layout"
image="127.0.0.1:$port/model:1"
layer_size=$(awk '{print $4}' "$t/built")

# Bytes the registry has sent so far: the size field after the status code in its access log (%.0f: mawk's %d
# stops at 2^31-1).
served() { awk '{for (i = 1; i < NF; i++) if ($i ~ /^HTTP\/1\.[01]"$/) s += $(i + 2)} END {printf "%.0f\n", s}' "$t/registry.log"; }

mkdir -p "$root/etc/containers" "$root/etc/node-storage-agent" "$root/var/lib/stargz-store"
cat > "$root/etc/containers/storage.conf" <<TOML
[storage]
driver = "overlay"
graphroot = "/var/lib/containers/storage"
runroot = "/run/containers/storage"
TOML
printf '[[additionalLayerStores]]\npath = "/var/lib/stargz-store/store"\n\n[apply]\naction = "none"\n' > "$root/etc/node-storage-agent/desired-state.toml"
chmod 644 "$root/etc/node-storage-agent/desired-state.toml"
plain="$t/plain-storage.conf"
cp "$root/etc/containers/storage.conf" "$plain"

start_store() {
  rm -rf "$root/var/lib/stargz-store/cache"
  setsid "$bin/stargz-store" -root "$root/var/lib/stargz-store/cache" -no-background-fetch -log-level warn "$root/var/lib/stargz-store/store" > "$t/store.log" 2>&1 &
  store_pid=$!
  for _ in $(seq 100); do grep -q " $root/var/lib/stargz-store/store .* stargzstore " /proc/self/mountinfo && return; sleep 0.1; done
  echo "stargz-store did not mount" >&2; exit 1
}
apply() { "$NSA_AGENT" apply --once --root "$root" --systemctl /bin/true --probe-timeout 1s > "$t/apply.log" 2>&1 || true; }

mkdir -p /var/lib/stargz-store /var/lib/containers/storage /run/containers/storage /run/libpod
# one_run MODE CONF: prints "MODE first_ms total_ms bytes_at_first bytes_total"
one_run() {
  local mode=$1 conf=$2 state="$t/state-$1-$RANDOM"
  mkdir -p "$state/graph" "$state/run" "$state/libpod"
  local before first_ms="" first_bytes="" start end line
  before=$(served)
  start=$(date +%s%N)
  while IFS= read -r line; do
    if [ -z "$first_ms" ]; then first_ms=$((($(date +%s%N) - start) / 1000000)); first_bytes=$(($(served) - before)); fi
    printf '%s\n' "$line" >> "$t/output-$mode"
  done < <(CONTAINERS_STORAGE_CONF=$conf unshare -m --propagation private sh -c '
      mount --rbind "$1/var/lib/stargz-store" /var/lib/stargz-store
      mount --bind "$2/graph" /var/lib/containers/storage
      mount --bind "$2/run" /run/containers/storage
      mount --bind "$2/libpod" /run/libpod
      exec timeout 300 podman --runtime runc run --quiet --rm --net=none --tls-verify=false \
        --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$3"' sh "$root" "$state" "$image")
  end=$((($(date +%s%N) - start) / 1000000))
  grep -q "^read $((model_mb << 20)) bytes" "$t/output-$mode" || { echo "$mode: the container did not read the model" >&2; cat "$t/output-$mode" >&2; exit 1; }
  rm -f "$t/output-$mode"
  rm -rf "$state"
  echo "$mode $first_ms $end $first_bytes $(($(served) - before))"
}

results="$t/results"
for _ in $(seq "$runs"); do
  start_store; apply
  grep -q 'stargz-store/store:ref' "$root/etc/containers/storage.conf" || { echo "agent did not configure the store" >&2; cat "$t/apply.log" >&2; exit 1; }
  one_run lazy "$root/etc/containers/storage.conf" >> "$results"
  one_run full "$plain" >> "$results"
  kill -KILL "$store_pid"; wait "$store_pid" 2>/dev/null || true; apply
  ! grep -q 'stargz-store/store:ref' "$root/etc/containers/storage.conf" || { echo "agent kept the dead store" >&2; exit 1; }
  one_run fallback "$root/etc/containers/storage.conf" >> "$results"
  stop_store
done

echo "per run: mode first_output_ms full_read_ms bytes_at_first_output bytes_total"
cat "$results"
echo "model: ${model_mb} MiB of random bytes, layer ${layer_size} bytes; $runs runs each; medians:"
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print(f"{'mode':9} {'first output ms':>16} {'full read ms':>13} {'MB at first output':>19} {'MB total':>9}")
for mode in ("lazy", "full", "fallback"):
    r = [list(map(int, x[1:])) for x in rows if x[0] == mode]
    med = [statistics.median(c) for c in zip(*r)]
    print(f"{mode:9} {med[0]:16.0f} {med[1]:13.0f} {med[2] / 1e6:19.1f} {med[3] / 1e6:9.1f}")
PY

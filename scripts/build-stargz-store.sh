#!/usr/bin/env bash
# Builds the real lazy-pulling parts the stargz integration tests and benchmark drive (docs/node-findings.md §9): our
# stargz-store main (tests/tools/stargz-store) around the packaged store package of containerd/stargz-snapshotter,
# and our eStargz image maker (tests/tools/estargz-image) on its estargz package. Both are our own Go code, built
# offline in GOPATH mode against Debian's Go source packages; nothing is downloaded. Installs the Debian packages
# first when they are missing (needs root then). A binary newer than its sources is kept (cached between runs).
# Prints the bin directory on its last line. Output: artifacts/stargz/bin (or $NSA_STARGZ_BIN).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${NSA_STARGZ_BIN:-$repo/artifacts/stargz/bin}

packages=(golang-go golang-github-containerd-stargz-snapshotter-dev docker-registry skopeo runc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]} (the Go source packages pull about 160 more)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export GOPATH="$repo/artifacts/stargz/gopath:/usr/share/gocode" GO111MODULE=off GOPROXY=off GOFLAGS=
export GOCACHE=${GOCACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/go-build}
mkdir -p "$bin" "$repo/artifacts/stargz/gopath"

# build NAME CGO: skipped when bin/NAME is newer than every file of tests/tools/NAME.
build() {
  local name=$1 cgo=$2 src="$repo/tests/tools/$1"
  if [ -x "$bin/$name" ] && [ -z "$(find "$src" -newer "$bin/$name" -print -quit)" ]; then
    echo "$name: up to date"
    return
  fi
  echo "building $name"
  (cd "$src" && CGO_ENABLED=$cgo go build -o "$bin/$name.tmp" .)
  mv "$bin/$name.tmp" "$bin/$name"
}
build stargz-store 1
# Static: the same binary is copied into the test images as their workload (they have no libc).
build estargz-image 0
echo "$bin"

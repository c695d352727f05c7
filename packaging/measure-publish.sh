#!/usr/bin/env bash
# Measures a published node-storage-agent binary for docs/benchmarks.md: file size, `--help` wall time
# (median of 10 runs after one warm-up) and peak RSS (/usr/bin/time -v).
#
#   packaging/measure-publish.sh [PUBLISH_DIR]     (default: publishes to a temp dir first)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  dotnet publish "$repo/src/NodeStorageAgent" -c Release -r linux-x64 -o "$dir" --nologo -v q >&2
fi
bin="$dir/node-storage-agent"

size=$(stat -c %s "$bin")
"$bin" --help >/dev/null   # warm-up (page cache)
times=() cpus=()
for _ in $(seq 10); do
  # wall and CPU (user+sys) in ms; CPU time is the figure that stays meaningful on a loaded build machine.
  read -r wall user sys < <(/usr/bin/time -f '%e %U %S' "$bin" --help 2>&1 >/dev/null | tail -n1)
  times+=("$(echo "$wall * 1000 / 1" | bc)")
  cpus+=("$(echo "($user + $sys) * 1000 / 1" | bc)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (a[5]+a[6])/2}'; }
rss_kb=$(/usr/bin/time -v "$bin" --help 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')

printf 'binary          %s bytes (%.1f MB)\n' "$size" "$(echo "$size / 1000000" | bc -l)"
printf 'native libs     %s\n' "$(cd "$dir" && ls -- *.so 2>/dev/null | tr '\n' ' ')"
printf -- '--help median  %s ms wall, %s ms CPU (10 runs, wall: %s)\n' "$(median "${times[@]}")" "$(median "${cpus[@]}")" "${times[*]}"
printf 'load average    %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'max RSS         %s KiB (%.1f MiB)\n' "$rss_kb" "$(echo "$rss_kb / 1024" | bc -l)"

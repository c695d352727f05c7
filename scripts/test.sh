#!/usr/bin/env bash
# Runs every test: unit, TOML conformance corpus, property tests, and integration tests on real FUSE mounts,
# podman/containers-storage, rpmbuild and systemd-analyze. Integration tests need root (as CI runs them).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore NodeStorageAgent.sln --nologo -v q
dotnet build NodeStorageAgent.sln --nologo -v q --no-restore -c Release
# The integration tests drive the binary that ships: the NativeAOT publish (about 90 s on 2 cores), also reused by
# the RPM build test (NSA_PUBLISH_DIR) instead of publishing a second time.
NSA_AGENT=$(bash scripts/publish-aot.sh artifacts/aot | tail -n1)
export NSA_AGENT NSA_PUBLISH_DIR=$(dirname "$NSA_AGENT")

results=$(mktemp -d)
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # The integration tests take minutes: print one line per finished test so a run shows progress.
  verbosity=minimal
  case "$name" in *IntegrationTests) verbosity=normal ;; esac
  echo "=== $name ($(date -u +%H:%M:%S))"
  dotnet test "$project" --nologo --no-build -c Release \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=$verbosity" || status=1
done

# One plain summary line over all projects ("N passed, N failed"), read from the TRX files.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error"))
    skipped += int(c.get("notExecuted"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status

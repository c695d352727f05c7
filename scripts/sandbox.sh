#!/usr/bin/env bash
set -euo pipefail
echo "The sandbox run arrives with the daemon (issue: reconcile loop). For now: build only."
cd "$(dirname "$0")/.." && dotnet build NodeStorageAgent.sln --nologo -v q

#!/bin/bash
# greenboot required health check: is CRI-O's container storage safe after this boot?
#
# Installed as /etc/greenboot/check/required.d/35_node_storage_agent_check.sh. greenboot runs the scripts in
# required.d at every boot; when one exits non-zero the boot is declared failed (red), the system reboots, and after
# GREENBOOT_MAX_BOOT_ATTEMPTS (/etc/greenboot/greenboot.conf) it rolls the rpm-ostree deployment back
# (github.com/fedora-iot/greenboot, README.md, "Health checks with bash scripts", "How does it work").
# MicroShift installs its own check in the same directory (40_microshift_running_check.sh, microshift-greenboot
# RPM); the scripts run in alphabetical order (Red Hat build of MicroShift docs, "How greenboot uses directories to
# run scripts"), so "35_" runs ours first and the journal names storage as the cause before MicroShift's check
# times out.
#
# The boot is red when, within the wait:
#   - the agent does not run (status exit 3) or is still starting;
#   - a store is in CRI-O's config and unhealthy (CRI-O would fail to start or hang on it: the agent must never
#     leave it there);
#   - the agent reports errors (invalid desired state, a failed write, a config CRI-O did not start with).
# A store that is down and left out of the config is NOT a red boot: the config is safe, and rolling the OS back
# does not bring an NFS server or a FUSE plugin back. It is printed as a warning (greenboot logs our output).
#
# Environment (for tests and tuning): NSA_AGENT (default /usr/bin/node-storage-agent),
# NSA_GREENBOOT_WAIT_SECONDS (default 300: the agent's boot gate waits up to 30 s for stores, then CRI-O
# restarts), NSA_GREENBOOT_INTERVAL_SECONDS (default 5).
set -u

agent=${NSA_AGENT:-/usr/bin/node-storage-agent}
wait_seconds=${NSA_GREENBOOT_WAIT_SECONDS:-300}
interval=${NSA_GREENBOOT_INTERVAL_SECONDS:-5}
me="node-storage-agent health check"

# The status JSON is written by the agent's own serializer, indented, one property per line; read the fields
# we judge by with awk (greenboot checks run before much of the system is up: no jq or python needed).
judge() {
  awk '
    /"health": "Starting"/ { starting = 1 }
    /"stores": \[/ { in_stores = 1 }
    in_stores && /"path": / { path = $0; sub(/.*"path": "/, "", path); sub(/".*/, "", path) }
    in_stores && /"health": / { health = $0; sub(/.*"health": "/, "", health); sub(/".*/, "", health) }
    in_stores && /"inConfig": true/ && health == "unhealthy" { unsafe = unsafe " " path }
    in_stores && /"inConfig": false/ { left_out = left_out " " path }
    in_stores && /^  \]/ { in_stores = 0 }
    /"errors": \[$/ { in_errors = 1; next }
    in_errors && /^  \]/ { in_errors = 0 }
    in_errors { line = $0; sub(/^ *"/, "", line); sub(/",?$/, "", line); errors = errors "\n  " line }
    END {
      if (starting) { print "starting"; exit }
      if (unsafe != "") { print "unsafe: unhealthy store(s) in CRI-O'"'"'s config:" unsafe; exit }
      if (errors != "") { print "errors: the agent reports:" errors; exit }
      if (left_out != "") { print "ok-left-out: store(s) left out of the config (the config is safe):" left_out; exit }
      print "ok"
    }'
}

deadline=$(( $(date +%s) + wait_seconds ))
while :; do
  json=$("$agent" status -o json 2>/dev/null)
  rc=$?
  verdict=""
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
    verdict=$(printf '%s\n' "$json" | judge)
    case "$verdict" in
      ok) echo "$me: healthy"; exit 0 ;;
      ok-left-out:*) echo "$me: warning: ${verdict#ok-left-out: }"; exit 0 ;;
    esac
  else
    verdict="not running (status exit $rc)"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "$me: FAILED after ${wait_seconds}s: $verdict" >&2
    "$agent" status >&2 2>&1 || :
    exit 1
  fi
  sleep "$interval"
done

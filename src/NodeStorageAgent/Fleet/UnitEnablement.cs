namespace NodeStorageAgent.Fleet;

/// <summary>Who enables <c>node-storage-agent.service</c> on the pool's nodes.</summary>
/// <remarks>
/// The choice decides whether the first rollout reboots the pool. The Machine Config Daemon matches every changed
/// systemd unit of a MachineConfig update against the nodeDisruptionPolicy's <c>units</c> by name and reboots when
/// none matches (openshift/machine-config-operator <c>pkg/daemon/update.go</c>,
/// <c>calculatePostConfigChangeNodeDisruptionActionFromMCDiffs</c>; the changed units come from
/// <c>pkg/controller/common/helpers.go</c>, <c>GetChangedConfigUnitsByType</c>, which counts an added unit entry).
/// A MachineConfig that only adds our file is covered by the file policy alone.
/// </remarks>
public enum UnitEnablement
{
    /// <summary>The node image enables the unit (packaging/rhcos/Containerfile runs <c>systemctl enable</c>); the
    /// MachineConfig has no <c>systemd</c> section, so the first rollout is a file change only: no reboot.</summary>
    Image,

    /// <summary>The MachineConfig enables the unit (<c>systemd.units[].enabled: true</c>), for images that ship the
    /// RPM without enabling it. The unit entry is a unit change no file policy covers: the first rollout reboots
    /// each node once, which also starts the agent.</summary>
    MachineConfig,
}

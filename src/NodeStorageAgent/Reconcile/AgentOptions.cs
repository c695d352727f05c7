using NodeStorageAgent.Activation;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>How the daemon runs. Defaults are the production values; tests and the sandbox shorten the intervals.</summary>
public sealed record AgentOptions
{
    public required NodeRoot Root { get; init; }

    public string DesiredStatePath { get; init; } = NodePaths.DesiredState;

    /// <summary>How often every desired store is probed. A dead store leaves the config within about
    /// <see cref="ProbeOptions.Timeout"/> + this (with the default hysteresis of two failures).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Full reconcile even when nothing was noticed (level-triggered safety net).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An editor's save is several inotify events; they count as one change after this quiet time.</summary>
    public TimeSpan DebounceWindow { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>At boot (CRI-O not running yet) the first reconcile waits this long for stores to come up, e.g. for
    /// stargz-store to mount, before it writes a config without them.</summary>
    public TimeSpan BootStoreWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A restart waits until the config has been unchanged this long, so a burst of changes costs one restart.</summary>
    public TimeSpan RestartQuietPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Minimum time between two CRI-O restarts (each also restarts kubelet: docs/upstream.md §6).</summary>
    public TimeSpan RestartMinInterval { get; init; } = TimeSpan.FromMinutes(5);

    public ProbeOptions Probe { get; init; } = new();

    public HysteresisPolicy Hysteresis { get; init; } = new();

    public SystemctlOptions Systemctl { get; init; } = new();

    public CrioActivatorOptions Crio { get; init; } = new();

    /// <summary>The node-exporter textfile export; off unless <c>run</c> turns it on (a one-shot verb's counters would
    /// overwrite the daemon's).</summary>
    public MetricsOptions Metrics { get; init; } = MetricsOptions.Disabled;
}

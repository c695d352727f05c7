using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Probing;

public sealed record ProbeOptions
{
    /// <summary>Longest wait for a probe of a store on a FUSE or network mount. Default 2 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a timed-out child gets to die after SIGKILL before it is abandoned as stuck. Default 100 ms.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A probe child that timed out is left running as the store's one outstanding probe (the store is Hung
    /// meanwhile, with no new probe started: a second failed round costs no second timeout). After this long it gets
    /// SIGKILL. Default 60 s.</summary>
    public TimeSpan OverdueKillAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Stores probed at once (each costs at most one child process, never a blocked thread). Default 8.</summary>
    public int MaxParallelProbes { get; init; } = 8;

    /// <summary>GNU find, run in the child process.</summary>
    public string FindPath { get; init; } = "/usr/bin/find";

    public string MountInfoPath { get; init; } = "/proc/self/mountinfo";

    /// <summary>fusectl: <c>&lt;minor&gt;/waiting</c> is readable while the mount hangs (docs/node-findings.md §1.2).</summary>
    public string FuseConnectionsDir { get; init; } = "/sys/fs/fuse/connections";

    /// <summary>Node paths a symlinked store must not resolve into.</summary>
    public IReadOnlyList<string> ForbiddenNodePaths { get; init; } = ForbiddenAreas.Default;

    /// <summary>A successful probe slower than this gets a "slow" hint. Default: half the timeout.</summary>
    public TimeSpan? SlowThreshold { get; init; }

    internal TimeSpan EffectiveSlowThreshold => SlowThreshold ?? Timeout / 2;

    /// <summary>Throws for values that make no sense (configuration errors fail fast).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(KillGrace, TimeSpan.Zero, nameof(KillGrace));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OverdueKillAfter, TimeSpan.Zero, nameof(OverdueKillAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelProbes, 1, nameof(MaxParallelProbes));
        ArgumentException.ThrowIfNullOrEmpty(FindPath, nameof(FindPath));
    }
}

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// What <c>/run/node-storage-agent/status.json</c> holds: written after every reconcile (and on a heartbeat) by the
/// daemon, read by <c>node-storage-agent status</c>.
/// </summary>
public sealed record AgentStatus
{
    public int Version { get; init; } = 1;

    public int Pid { get; init; }

    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>Refreshed on every loop turn; a stale heartbeat means the agent is wedged or gone.</summary>
    public DateTimeOffset HeartbeatUtc { get; init; }

    public AgentHealth Health { get; init; } = AgentHealth.Starting;

    /// <summary>One line, the same text as systemd's STATUS=.</summary>
    public string Summary { get; init; } = "";

    public long Generation { get; init; }

    public string? AppliedDigest { get; init; }

    public DateTimeOffset? LastReconcileUtc { get; init; }

    public string? LastTrigger { get; init; }

    public DateTimeOffset? LastCrioRestartUtc { get; init; }

    public string ApplyAction { get; init; } = "restart";

    public IReadOnlyList<StoreStatus> Stores { get; init; } = [];

    /// <summary>E.g. "restart crio.service at 14:07 (rate limit)", "restart pending (apply action none)".</summary>
    public IReadOnlyList<string> PendingActions { get; init; } = [];

    /// <summary>Errors (desired state with file:line:column, write failures with path and errno).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The stores CRI-O and podman see, computed by <c>status</c> from the node's files when it runs; the
    /// daemon does not write it (left out of status.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Rendering.StoreViews? EffectiveStores { get; init; }
}

namespace NodeStorageAgent.Reconcile;

/// <summary>The agent's overall state, as <c>status</c> and <c>systemctl status</c> show it.</summary>
public enum AgentHealth
{
    /// <summary>First reconcile not finished yet.</summary>
    Starting,

    /// <summary>Every desired store is in the config and CRI-O runs the applied config (or no restart is due).</summary>
    Healthy,

    /// <summary>The config is safe, but something needs attention: a store left out, a restart pending or rolled back,
    /// an invalid desired-state file (the last applied config stays), a write that failed.</summary>
    Degraded,
}

using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Activation;

/// <summary>What an activation did.</summary>
/// <param name="State">The agent state to keep from now on (new last-known-good, restart time, failed digest,
/// reboot record). Only the reboot path has already saved it (it must be durable before the reboot); save it.</param>
public sealed record ActivationOutcome(ActivationStatus Status, string Summary, AgentState State, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The node is running the configuration we wanted, or will be after a planned restart/reboot.</summary>
    public bool IsHealthy => Status is ActivationStatus.Restarted or ActivationStatus.NotRunningFilesOnly
        or ActivationStatus.Pending or ActivationStatus.RebootRequested or ActivationStatus.RebootPending;
}

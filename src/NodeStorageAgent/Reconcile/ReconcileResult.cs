using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Probing.Hysteresis;

namespace NodeStorageAgent.Reconcile;

/// <summary>What one reconcile pass saw and did.</summary>
/// <param name="Desired">The desired state used (the last valid one when the file is currently invalid).</param>
/// <param name="Decisions">Per desired store: in the config or not, and the latest probe.</param>
/// <param name="Written">Node paths whose bytes this pass changed.</param>
/// <param name="Diagnostics">Errors (the config was left as it was) and warnings.</param>
public sealed record ReconcileResult(
    ReconcileTrigger Trigger,
    DesiredStateSpec? Desired,
    IReadOnlyList<StoreDecision> Decisions,
    IReadOnlyList<HealthTransition> Transitions,
    IReadOnlyList<string> Written,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

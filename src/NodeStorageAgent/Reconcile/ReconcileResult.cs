using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Reconcile;

/// <summary>What one pass of <see cref="ReconcilePipeline"/> saw and decided.</summary>
/// <param name="Desired">The desired state used (the last valid one when the file is currently invalid).</param>
/// <param name="Decisions">Per desired store: in the config or not, and the latest probe.</param>
/// <param name="Probes">The probes this pass ran (empty when it reused the last round's).</param>
/// <param name="Plan">The rendered files next to the node's current ones; null when nothing may be written.</param>
/// <param name="Written">Node paths whose bytes this pass changed (filled in by the loop).</param>
/// <param name="Diagnostics">Errors (the config was left as it was) and warnings.</param>
public sealed record ReconcileResult(
    ReconcileTrigger Trigger,
    DesiredStateSpec? Desired,
    IReadOnlyList<StoreDecision> Decisions,
    IReadOnlyList<HealthTransition> Transitions,
    IReadOnlyList<StoreProbeResult> Probes,
    RenderPlan? Plan,
    IReadOnlyList<string> Written,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, ExpectedFile>? Observed = null)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The configuration to hand to the state machine; null when the pass found a reason not to write.</summary>
    public RenderedConfig? Config => Plan is { Succeeded: true } plan && !HasErrors ? RenderedConfig.From(plan, Observed) : null;
}

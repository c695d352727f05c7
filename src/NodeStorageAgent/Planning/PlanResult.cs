using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Planning;

/// <summary>Everything one planning pass found: the desired state (or why it is unusable), the rendered files, and
/// every diagnostic on the way. <see cref="Plan"/> is null when nothing may be written.</summary>
public sealed record PlanResult(DesiredStateSpec? Desired, RenderPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Plan is not null && Plan.Succeeded && !Diagnostics.Any(d => d.IsError);
}

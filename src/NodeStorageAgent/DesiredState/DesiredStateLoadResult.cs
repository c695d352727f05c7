using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.DesiredState;

/// <summary>The desired state, or why it could not be used. Warnings may accompany a valid spec.</summary>
public sealed record DesiredStateLoadResult(DesiredStateSpec? Spec, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Spec is not null;

    public static DesiredStateLoadResult Invalid(params Diagnostic[] diagnostics) => new(null, diagnostics);
}

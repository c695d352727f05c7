using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Apply;

/// <summary>What an apply (or a rollback) did to the node files.</summary>
/// <param name="Changed">Node paths whose bytes changed, in the order written.</param>
/// <param name="Compensated">After a failure: node paths put back to their previous bytes, in the order undone
/// (the reverse of <paramref name="Changed"/>).</param>
/// <param name="Diagnostics">The original failure first, then any compensation failures, then warnings.</param>
public sealed record ApplyOutcome(
    bool Succeeded,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Compensated,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool AnyChanged => Changed.Count > 0;

    /// <summary>A failure whose undo also failed: the node files are a mix of old and new.</summary>
    public bool CompensationFailed => Diagnostics.Any(d => d.Code == ApplyDiagnostics.CompensationFailed);

    /// <summary>A file changed between the read it was rendered from and the write (an admin's edit): nothing of it
    /// was overwritten; render again from the new bytes.</summary>
    public bool Conflicted => Diagnostics.Count > 0 && Diagnostics[0].Code == ApplyDiagnostics.WriteConflict;
}

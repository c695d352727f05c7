using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Apply;

/// <summary>What <see cref="BackupStore.RestoreOriginals"/> did, by node path.</summary>
public sealed record RestoreResult(IReadOnlyList<string> Restored, IReadOnlyList<string> Deleted, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Apply;

/// <summary>The current bytes of some node files; <see cref="Succeeded"/> is false when one could not be read.</summary>
public sealed record SnapshotResult(IReadOnlyList<NodeFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Diagnostics.Count == 0;
}

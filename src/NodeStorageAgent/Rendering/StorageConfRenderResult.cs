using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// The storage.conf the node should have. <see cref="Content"/> null means "no /etc/containers/storage.conf is
/// needed" (there is none and we have nothing to add). When <see cref="Diagnostics"/> holds an error, nothing may be
/// written.
/// </summary>
public sealed record StorageConfRenderResult(byte[]? Content, StorageOwnership Ownership, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

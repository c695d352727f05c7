using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Rendering;

/// <summary>The result of rendering: every managed file (rendered from the bytes the node had), the new ownership
/// record, and what to tell the admin.
/// When <see cref="Succeeded"/> is false, nothing may be written.</summary>
public sealed record RenderPlan(IReadOnlyList<RenderedFile> Files, StorageOwnership Ownership, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);

    public bool HasChanges => Files.Any(f => f.Changed);

    public IEnumerable<RenderedFile> ChangedFiles => Files.Where(f => f.Changed);
}

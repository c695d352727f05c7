using NodeStorageAgent.Apply;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.StateMachine;

/// <summary>A configuration the pipeline rendered: every managed file as it should be, those of them whose bytes
/// differ from the node's now, the digest of the whole set, and the storage.conf entries it makes ours.</summary>
public sealed record RenderedConfig(IReadOnlyList<RenderedFile> Files, IReadOnlyList<RenderedFile> Changed, string Digest, StorageOwnership Ownership)
{
    public bool HasChanges => Changed.Count > 0;

    public IReadOnlyList<NodeFileSnapshot> Snapshots => [.. Files.Select(f => new NodeFileSnapshot(f.NodePath, f.Content))];

    public static RenderedConfig From(RenderPlan plan)
    {
        var files = plan.Files.Select(f => new RenderedFile(f.NodePath, f.Desired, f.Staged)).ToList();
        var changed = plan.ChangedFiles.Select(f => new RenderedFile(f.NodePath, f.Desired, f.Staged)).ToList();
        return new RenderedConfig(files, changed, RenderedFileDigest.Compute(files), plan.Ownership);
    }
}

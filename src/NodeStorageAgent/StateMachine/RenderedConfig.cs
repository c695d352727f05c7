using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.StateMachine;

/// <summary>A configuration the pipeline rendered: every managed file as it should be, those of them whose bytes
/// differ from the node's now, the digest of the whole set, and the storage.conf entries it makes ours.</summary>
public sealed record RenderedConfig(IReadOnlyList<RenderedFile> Files, IReadOnlyList<RenderedFile> Changed, string Digest, StorageOwnership Ownership)
{
    public bool HasChanges => Changed.Count > 0;

    public IReadOnlyList<NodeFile> Snapshots => [.. Files.Select(f => f.Desired)];

    /// <param name="observed">The files as they were read for this rendering, with their identity (the compare-and-swap
    /// expectation).</param>
    public static RenderedConfig From(RenderPlan plan, IReadOnlyDictionary<string, ExpectedFile>? observed = null)
    {
        // The files as read, with their identity, replace the renderer's bytes-only expectation.
        RenderedFile File(RenderedFile f) => observed?.GetValueOrDefault(f.NodePath) is { } read ? f with { RenderedFrom = read } : f;
        var files = plan.Files.Select(File).ToList();
        return new RenderedConfig(files, [.. plan.ChangedFiles.Select(File)], RenderedFileDigest.Compute(files), plan.Ownership);
    }
}

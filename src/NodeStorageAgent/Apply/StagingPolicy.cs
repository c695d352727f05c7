using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Apply;

/// <summary>Which node files must be staged outside their directory.</summary>
public static class StagingPolicy
{
    /// <summary>True for anything below <see cref="NodePaths.CrioConfDir"/>: CRI-O parses every file there,
    /// recursively, whatever its name (docs/upstream.md §2.4), so a temp file may never appear in it.</summary>
    public static bool RequiresStaging(string nodePath) =>
        nodePath.StartsWith(NodePaths.CrioConfDir + "/", StringComparison.Ordinal);

    /// <summary>Write options for a node file: staged when <paramref name="staged"/> or when the policy requires it.</summary>
    public static AtomicWriteOptions OptionsFor(NodeRoot root, string nodePath, bool staged = false, FileMetadata? metadata = null) =>
        new()
        {
            StagingDirectory = staged || RequiresStaging(nodePath) ? root.Resolve(NodePaths.CrioStagingDir) : null,
            Metadata = metadata,
        };
}

using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: undoes our change to storage.conf on the file as it is now. Our entries become exactly the target's; every
/// byte an admin changed since (an entry, <c>mountopt</c>, a comment) stays. Only a file still exactly as we last wrote
/// it gets the target's bytes whole. Rollback (target: the last-known-good) and uninstall (target: the original,
/// owning nothing) both go through here.
/// </summary>
public static class OwnedEntriesReverter
{
    /// <param name="current">storage.conf now (null: absent).</param>
    /// <param name="owned">Every entry of ours the file may hold.</param>
    /// <param name="target">The entries of ours the file should hold afterwards.</param>
    /// <param name="targetBytes">The target's whole file, for a file nobody else touched since our last write.</param>
    /// <param name="ourLastWrite">The bytes we last wrote (null: we last left it absent).</param>
    public static StorageConfRenderResult Revert(byte[]? current, StorageOwnership owned, StorageOwnership target, byte[]? targetBytes, byte[]? ourLastWrite)
    {
        if (Same(current, ourLastWrite))
        {
            return new(targetBytes, target, []);
        }

        if (current is null)
        {
            // Deleted by someone since our last write: nothing of ours is left in it, and it is not ours to recreate.
            return new(null, StorageOwnership.None, []);
        }

        var document = TomlDocument.Parse(current, NodePaths.StorageConf);
        if (document.HasErrors)
        {
            return new(null, owned, [.. document.Diagnostics.Select(d => Diagnostic.Error(RenderingCodes.StorageConfInvalid,
                $"cannot edit storage.conf: {d.Message}", NodePaths.StorageConf, d.Position.Line, d.Position.Column))]);
        }

        return StorageConfRenderer.RenderEntries(document, NodePaths.StorageConf, owned, target.ImageStores, target.LayerStores);
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}

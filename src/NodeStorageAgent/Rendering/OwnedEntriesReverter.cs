using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: undoes our change to storage.conf on the file as it is now. Our entries become exactly the target's; every
/// byte an admin changed since (an entry, <c>mountopt</c>, a comment) stays, even one our own later writes carried
/// along. Rollback (target: the last-known-good) and uninstall (target: the original,
/// owning nothing) both go through here. A file whose only difference from the target is our entries gets the
/// target's bytes whole.
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
        if (current is null)
        {
            // Deleted by someone since our last write: nothing of ours is left in it, and it is not ours to recreate.
            return new(null, StorageOwnership.None, []);
        }

        if (targetBytes is null && Same(current, ourLastWrite))
        {
            // We created the file and nobody touched it since: it goes again.
            return new(null, StorageOwnership.None, []);
        }

        var document = TomlDocument.Parse(current, NodePaths.StorageConf);
        if (document.HasErrors)
        {
            return new(null, owned, [.. document.Diagnostics.Select(d => Diagnostic.Error(RenderingCodes.StorageConfInvalid,
                $"cannot edit storage.conf: {d.Message}", NodePaths.StorageConf, d.Position.Line, d.Position.Column))]);
        }

        var stripped = StorageConfRenderer.RenderEntries(document, NodePaths.StorageConf, owned, target.ImageStores, target.LayerStores);
        if (!stripped.Succeeded || targetBytes is null)
        {
            return stripped;
        }

        // The target's own bytes, whole, when the file is exactly what rendering our present entries onto the target
        // gives: it differs from the target by our entries alone, so nothing an admin changed since is lost (and our
        // layout edits, such as an array we created, are undone too).
        var forward = StorageConfRenderer.RenderEntries(TomlDocument.Parse(targetBytes, NodePaths.StorageConf), NodePaths.StorageConf, target,
            Ours(document, StorageConfKeys.AdditionalImageStores, owned.ImageStores), Ours(document, StorageConfKeys.AdditionalLayerStores, owned.LayerStores));
        return forward.Succeeded && Same(forward.Content, current) ? new(targetBytes, target, []) : stripped;
    }

    private static List<string> Ours(TomlDocument document, string key, IReadOnlyList<string> owned) =>
        [.. (StorageConfReader.StringArray(document.Root, key, out _) ?? []).Where(owned.Contains)];

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}

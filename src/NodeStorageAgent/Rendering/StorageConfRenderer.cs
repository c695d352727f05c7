using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: current storage.conf bytes + what we owned + the stores that are safe to use → the new storage.conf bytes.
/// Only <c>[storage.options] additionalimagestores</c> and <c>additionallayerstores</c> are touched, and in them only
/// the entries we own (<see cref="StorageOwnership"/>); every other byte stays.
/// </summary>
public static class StorageConfRenderer
{
    /// <summary>What we write when the node has neither /etc nor /usr/share storage.conf: containers/storage needs
    /// driver, runroot and graphroot (an empty file fails with "runroot must be set": docs/node-findings.md §2.5).</summary>
    public const string MinimalStorageConf =
        "# Created by node-storage-agent: this node had no storage.conf.\n" +
        "[storage]\n" +
        "driver = \"overlay\"\n" +
        "runroot = \"/run/containers/storage\"\n" +
        "graphroot = \"/var/lib/containers/storage\"\n";

    /// <param name="current">The file containers/storage reads today (/etc, else /usr/share), or null if none.</param>
    /// <param name="sourceName">Its node path, for diagnostics.</param>
    /// <param name="owned">The entries we added before (from the state file).</param>
    /// <param name="imageStores">Safe image-store paths, in desired order.</param>
    /// <param name="layerStores">Safe layer-store paths (without <c>:ref</c>), in desired order.</param>
    public static StorageConfRenderResult Render(
        byte[]? current, string sourceName, StorageOwnership owned, IReadOnlyList<string> imageStores, IReadOnlyList<string> layerStores) =>
        Render(current is null ? null : TomlDocument.Parse(current, sourceName), sourceName, owned, imageStores, layerStores);

    /// <summary>As above, on a document already parsed (a pass parses storage.conf once:
    /// <see cref="NodeConfigSnapshot.StorageConfDocument"/>).</summary>
    public static StorageConfRenderResult Render(
        TomlDocument? current, string sourceName, StorageOwnership owned, IReadOnlyList<string> imageStores, IReadOnlyList<string> layerStores) =>
        RenderEntries(current, sourceName, owned, imageStores, layerStores.Select(StorageConfKeys.LayerEntry).ToList());

    /// <summary>Puts exactly these entries of ours in the arrays (layer entries already with <c>:ref</c>, as
    /// <see cref="StorageOwnership"/> records them): a rollback renders the last-known-good's entries this way.</summary>
    public static StorageConfRenderResult RenderEntries(
        TomlDocument? current, string sourceName, StorageOwnership owned, IReadOnlyList<string> imageStores, IReadOnlyList<string> layerEntries)
    {
        var diagnostics = new List<Diagnostic>();
        var nothingToAdd = imageStores.Count == 0 && layerEntries.Count == 0;
        if (current is null && nothingToAdd)
        {
            return new(null, StorageOwnership.None, diagnostics);
        }

        var document = current ?? TomlDocument.Parse(System.Text.Encoding.UTF8.GetBytes(MinimalStorageConf), sourceName);
        if (document.HasErrors)
        {
            // c/storage refuses a file with a syntax error too, so CRI-O would not start either: say exactly where.
            return new(null, owned, document.Diagnostics
                .Select(d => Diagnostic.Error(RenderingCodes.StorageConfInvalid, $"cannot edit storage.conf: {d.Message}", sourceName, d.Position.Line, d.Position.Column))
                .ToList());
        }

        var driver = StorageConfReader.Driver(document.Root);
        if (layerEntries.Count > 0 && driver is not ("" or "overlay" or "overlay2"))
        {
            // "vfs driver does not support vfs.additionallayerstore options": containers/storage would fail to start.
            diagnostics.Add(Diagnostic.Warning(RenderingCodes.LayerStoresNeedOverlay,
                $"additional layer stores need the overlay driver, but storage.conf sets driver = \"{driver}\"; leaving them out", sourceName));
            layerEntries = [];
        }

        var imageEdit = EditKey(document, StorageConfKeys.AdditionalImageStores, owned.ImageStores, imageStores, sourceName, diagnostics);
        if (imageEdit.Document is null)
        {
            return new(null, owned, diagnostics);
        }

        var layerEdit = EditKey(imageEdit.Document, StorageConfKeys.AdditionalLayerStores, owned.LayerStores, layerEntries, sourceName, diagnostics);
        if (layerEdit.Document is null)
        {
            return new(null, owned, diagnostics);
        }

        var ownership = new StorageOwnership(imageEdit.Owned, layerEdit.Owned);
        var bytes = layerEdit.Document.ToUtf8Bytes();
        return new(bytes, ownership, diagnostics);
    }

    private sealed record KeyEdit(TomlDocument? Document, IReadOnlyList<string> Owned);

    private static KeyEdit EditKey(
        TomlDocument document, string key, IReadOnlyList<string> previouslyOwned, IReadOnlyList<string> desired, string sourceName, List<Diagnostic> diagnostics)
    {
        var existing = StorageConfReader.StringArray(document.Root, key, out var problem);
        if (problem is not null)
        {
            diagnostics.Add(Diagnostic.Error(RenderingCodes.StorageConfUneditable, $"cannot edit storage.options.{key}: {problem}", sourceName));
            return new(null, previouslyOwned);
        }

        var current = existing ?? [];
        var admin = current.Where(e => !previouslyOwned.Contains(e)).ToList();
        var ours = desired.Where(e => !admin.Contains(e)).Distinct().ToList();
        var wanted = admin.Concat(ours).ToList();

        if (wanted.SequenceEqual(current) && (existing is not null || wanted.Count == 0))
        {
            return new(document, ours);
        }

        var edit = TomlEditor.SetStringArray(document, StorageConfKeys.OptionsTable, key, wanted);
        if (!edit.Succeeded)
        {
            diagnostics.AddRange(edit.Diagnostics.Select(d =>
                Diagnostic.Error(RenderingCodes.StorageConfUneditable, $"cannot edit storage.options.{key}: {d.Message}", sourceName, d.Position.Line, d.Position.Column)));
            return new(null, previouslyOwned);
        }

        return new(edit.Document, ours);
    }
}

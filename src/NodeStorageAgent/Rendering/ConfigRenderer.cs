using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: desired state + the stores that are safe now + the node's current files → the files the node should have.
/// Deterministic and idempotent: rendering on top of its own output changes nothing.
/// </summary>
public static class ConfigRenderer
{
    /// <param name="mode">The effective storage mode (never <see cref="StorageMode.Auto"/>: resolve it first).</param>
    public static RenderPlan Render(
        DesiredStateSpec desired, Func<StoreSpec, bool> isSafe, NodeConfigSnapshot node, StorageOwnership owned, StorageMode mode = StorageMode.StorageConf)
    {
        IReadOnlyList<string> Safe(IReadOnlyList<StoreSpec> stores) => stores.Where(isSafe).Select(s => s.Path).ToList();

        var viaStorageConf = mode != StorageMode.CrioStorageOption;
        var images = Safe(desired.ImageStores);
        var layers = Safe(desired.LayerStores);
        var etcExists = node.EtcStorageConf is not null;
        var source = node.StorageConfDocument;
        var sourceName = node.StorageConfSourceName;

        // In crio-storage-option mode storage.conf keeps none of our entries (rendering with empty lists removes any
        // we added in the other mode, and changes nothing otherwise).
        var storage = StorageConfRenderer.Render(source, sourceName, owned, viaStorageConf ? images : [], viaStorageConf ? layers : []);
        var diagnostics = storage.Diagnostics.ToList();

        var storageDesired = storage.Content;
        if (!etcExists && storage.Ownership.IsEmpty)
        {
            // containers/storage falls back to /usr/share when /etc is absent: with nothing of ours to add, keep it so.
            storageDesired = null;
        }

        IReadOnlyList<string> storageOptions = [];
        if (!viaStorageConf && storage.Succeeded)
        {
            var driver = source is null ? "" : StorageConfReader.Driver(source.Root);
            if (layers.Count > 0 && driver is not ("" or "overlay" or "overlay2"))
            {
                diagnostics.Add(Diagnostic.Warning(RenderingCodes.LayerStoresNeedOverlay,
                    $"additional layer stores need the overlay driver, but storage.conf sets driver = \"{driver}\"; leaving them out", sourceName));
                layers = [];
            }

            storageOptions = CrioDropInRenderer.StorageOptions(driver, images, layers);
        }

        var before = CrioSettingsBeforeOurs.From(node.CrioMain, node.CrioDropIns);
        var dropIn = CrioDropInRenderer.Render(Safe(desired.ArtifactStores), storageOptions, before);
        diagnostics.AddRange(CrioConfigInspector.Inspect(node.CrioMain, node.CrioDropIns, dropIn is not null));

        var files = new[]
        {
            Planned(NodePaths.StorageConf, node.EtcStorageConf, storage.Succeeded ? storageDesired : node.EtcStorageConf, staged: false),
            Planned(NodePaths.CrioDropIn, node.CrioDropIn, storage.Succeeded ? dropIn : node.CrioDropIn, staged: true),
        };
        return new RenderPlan(files, storage.Succeeded ? storage.Ownership : owned, diagnostics);
    }

    private static RenderedFile Planned(string nodePath, byte[]? current, byte[]? desired, bool staged) =>
        new(new NodeFile(nodePath, desired), staged, ExpectedFile.OfBytes(current));
}

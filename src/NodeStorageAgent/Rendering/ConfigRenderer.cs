using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: desired state + the stores that are safe now + the node's current files → the files the node should have.
/// Deterministic and idempotent: rendering on top of its own output changes nothing.
/// </summary>
public static class ConfigRenderer
{
    public static RenderPlan Render(DesiredStateSpec desired, Func<StoreSpec, bool> isSafe, NodeConfigSnapshot node, StorageOwnership owned)
    {
        IReadOnlyList<string> Safe(IReadOnlyList<StoreSpec> stores) => stores.Where(isSafe).Select(s => s.Path).ToList();

        var etcExists = node.EtcStorageConf is not null;
        var source = etcExists ? node.EtcStorageConf : node.DefaultStorageConf;
        var sourceName = etcExists || node.DefaultStorageConf is null ? NodePaths.StorageConf : NodePaths.StorageConfDefault;
        var storage = StorageConfRenderer.Render(source, sourceName, owned, Safe(desired.ImageStores), Safe(desired.LayerStores));

        var storageDesired = storage.Content;
        if (!etcExists && storage.Ownership.IsEmpty)
        {
            // containers/storage falls back to /usr/share when /etc is absent: with nothing of ours to add, keep it so.
            storageDesired = null;
        }

        var artifacts = Safe(desired.ArtifactStores);
        var dropIn = CrioDropInRenderer.Render(artifacts);
        var diagnostics = storage.Diagnostics
            .Concat(CrioConfigInspector.Inspect(node.CrioMain, node.CrioDropIns, dropIn is not null))
            .ToList();

        var files = new[]
        {
            new PlannedFile(NodePaths.StorageConf, node.EtcStorageConf, storage.Succeeded ? storageDesired : node.EtcStorageConf, Staged: false),
            new PlannedFile(NodePaths.CrioDropIn, node.CrioDropIn, dropIn, Staged: true),
        };
        return new RenderPlan(files, storage.Succeeded ? storage.Ownership : owned, diagnostics);
    }
}

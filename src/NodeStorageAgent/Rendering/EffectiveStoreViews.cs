using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>The additional stores one consumer of containers/storage ends up with on this node.</summary>
public sealed record EffectiveStores(IReadOnlyList<string> ImageStores, IReadOnlyList<string> LayerStores, IReadOnlyList<string> ArtifactStores);

/// <summary>The stores CRI-O and podman each see on the node; they differ when the stores are in CRI-O's drop-in.</summary>
public sealed record StoreViews(EffectiveStores Crio, EffectiveStores Podman);

/// <summary>
/// Pure: what CRI-O and what podman (or any other reader of storage.conf alone: buildah, skopeo) see on this node.
/// They differ in <c>storageMode = "crio-storage-option"</c>, which <c>auto</c> picks on MCO nodes: the stores are in
/// our CRI-O drop-in, which podman does not read (its storage settings come from storage.conf alone,
/// containers/storage <c>docs/containers-storage.conf.5.md</c>), so podman on such a node sees none of them.
/// </summary>
/// <remarks>
/// CRI-O's view: storage.conf's lists, then every <c>&lt;driver&gt;.imagestore=</c> and
/// <c>&lt;driver&gt;.additionallayerstore=</c> of <c>crio.storage_option</c> in crio.conf and the drop-ins in CRI-O's
/// order, appended and de-duplicated (cri-o/cri-o <c>pkg/config/config.go</c>, <c>UpdateFromDropInFile</c> and
/// <c>removeDupStorageOpts</c>; CRI-O seeds its storage options from storage.conf in <c>DefaultConfig</c>);
/// <c>crio.runtime.additional_artifact_stores</c> from the last file that sets it (a later file's array replaces an
/// earlier one: BurntSushi/toml decodes each file into the config decoded so far, cri-o <c>docs/crio.conf.d.5.md</c>).
/// Files that do not parse are skipped (CRI-O would not start; <c>plan</c> reports them). Layer stores are shown as
/// configured, with their <c>:ref</c> suffix.
/// </remarks>
public static class EffectiveStoreViews
{
    public static StoreViews Read(NodeConfigSnapshot node)
    {
        var storageConf = node.EtcStorageConf ?? node.DefaultStorageConf;
        var document = storageConf is null ? null : TomlDocument.Parse(storageConf);
        var root = document is { HasErrors: false } ? document.Root : null;
        var images = root is null ? [] : StorageConfReader.StringArray(root, StorageConfKeys.AdditionalImageStores, out _) ?? [];
        var layers = root is null ? [] : StorageConfReader.StringArray(root, StorageConfKeys.AdditionalLayerStores, out _) ?? [];
        var podman = new EffectiveStores(images, layers, []);

        var crioImages = new List<string>(images);
        var crioLayers = new List<string>(layers);
        IReadOnlyList<string> artifacts = [];
        var crioFiles = (node.CrioMain is null ? [] : new[] { node.CrioMain }).Concat(node.CrioDropIns);
        foreach (var file in crioFiles)
        {
            var crio = TomlDocument.Parse(file.Bytes, file.NodePath);
            if (crio.HasErrors || !crio.Root.TryGetValue("crio", out var section) || section is not TomlTable table)
            {
                continue;
            }

            foreach (var option in Strings(table, "storage_option"))
            {
                var (key, value) = SplitOption(option);
                if (key.EndsWith(".imagestore", StringComparison.Ordinal) || key.EndsWith(".additionalimagestore", StringComparison.Ordinal))
                {
                    crioImages.Add(value);
                }
                else if (key.EndsWith(".additionallayerstore", StringComparison.Ordinal))
                {
                    crioLayers.Add(value);
                }
            }

            if (table.TryGetValue("runtime", out var runtime) && runtime is TomlTable runtimeTable
                && runtimeTable.ContainsKey("additional_artifact_stores"))
            {
                artifacts = Strings(runtimeTable, "additional_artifact_stores");
            }
        }

        return new StoreViews(new EffectiveStores([.. crioImages.Distinct()], [.. crioLayers.Distinct()], artifacts), podman);
    }

    private static (string Key, string Value) SplitOption(string option)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (option, "") : (option[..equals].Trim(), option[(equals + 1)..].Trim());
    }

    private static IReadOnlyList<string> Strings(TomlTable table, string key) =>
        table.TryGetValue(key, out var value) && value is TomlArray array
            ? [.. array.OfType<TomlString>().Select(s => s.Value)]
            : [];
}

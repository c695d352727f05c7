using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: the store paths the node's files actually give containers/storage and CRI-O — storage.conf's arrays, every
/// CRI-O file's <c>storage_option</c> (appended across files) and the <c>additional_artifact_stores</c> list of the last
/// file that sets it (arrays are replaced, docs/upstream.md §2.4). "In config" in <c>status</c> is read from here, so it
/// agrees with the files even when a decision to include a store was not written (a held config, a layer store the
/// driver cannot take).
/// </summary>
public sealed class ConfiguredStores
{
    private readonly HashSet<string> _images = new(StringComparer.Ordinal);
    private readonly HashSet<string> _layers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _artifacts = new(StringComparer.Ordinal);

    private ConfiguredStores()
    {
    }

    public static ConfiguredStores From(NodeConfigSnapshot node)
    {
        var found = new ConfiguredStores();
        var storage = node.EtcStorageConf ?? node.DefaultStorageConf;
        if (storage is not null && TomlDocument.Parse(storage) is { HasErrors: false } document)
        {
            found._images.UnionWith(StorageConfReader.StringArray(document.Root, StorageConfKeys.AdditionalImageStores, out _) ?? []);
            found._layers.UnionWith(StorageConfReader.StringArray(document.Root, StorageConfKeys.AdditionalLayerStores, out _) ?? []);
        }

        var crioFiles = (node.CrioMain is null ? [] : new[] { node.CrioMain }).Concat(node.CrioDropIns);
        IReadOnlyList<string> artifacts = [];
        foreach (var file in crioFiles)
        {
            var crio = TomlDocument.Parse(file.Bytes, file.NodePath);
            if (crio.HasErrors || !crio.Root.TryGetValue("crio", out var c) || c is not TomlTable table)
            {
                continue;
            }

            if (table.TryGetValue("runtime", out var r) && r is TomlTable runtime && runtime.TryGetValue("additional_artifact_stores", out var list) && list is TomlArray array)
            {
                artifacts = array.OfType<TomlString>().Select(s => s.Value).ToList();
            }

            if (table.TryGetValue("storage_option", out var o) && o is TomlArray options)
            {
                foreach (var option in options.OfType<TomlString>().Select(s => s.Value))
                {
                    var equals = option.IndexOf('=', StringComparison.Ordinal);
                    var key = equals < 0 ? option : option[..equals];
                    var value = equals < 0 ? "" : option[(equals + 1)..];
                    if (key.EndsWith(".imagestore", StringComparison.Ordinal) || key.EndsWith(".additionalimagestore", StringComparison.Ordinal))
                    {
                        found._images.Add(value);
                    }
                    else if (key.EndsWith(".additionallayerstore", StringComparison.Ordinal))
                    {
                        found._layers.Add(value);
                    }
                }
            }
        }

        found._artifacts.UnionWith(artifacts);
        return found;
    }

    /// <param name="kind">"image", "layer" or "artifact", as status.json spells it.</param>
    public bool Contains(string kind, string path) => kind switch
    {
        "image" => _images.Contains(path),
        "layer" => _layers.Contains(StorageConfKeys.LayerEntry(path)) || _layers.Contains(path),
        "artifact" => _artifacts.Contains(path),
        _ => false,
    };
}

using System.Text;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: the safe artifact stores → our CRI-O drop-in (<see cref="NodePaths.CrioDropIn"/>), or null when no artifact
/// store is wanted, in which case the drop-in is removed entirely.
/// </summary>
/// <remarks>
/// <c>additional_artifact_stores</c> lives in <c>[crio.runtime]</c>, not <c>[crio.image]</c> (docs/upstream.md §2.1).
/// A later drop-in's array replaces ours rather than merging (§2.4), which <see cref="CrioConfigInspector"/> reports;
/// what earlier files set for our keys is carried into ours, so it survives.
/// </remarks>
public static class CrioDropInRenderer
{
    public const string Header =
        "Managed by node-storage-agent; changes here are overwritten.\n" +
        "Edit " + NodePaths.DesiredState + " instead.";

    /// <param name="artifactStores">Safe artifact-store paths.</param>
    /// <param name="storageOptions">Driver options for CRI-O only (<c>[crio] storage_option</c>), in the
    /// crio-storage-option mode; empty otherwise.</param>
    /// <param name="before">What crio.conf and earlier drop-ins set for the same keys: carried ahead of ours, because
    /// our later file's array would otherwise replace theirs (<see cref="CrioSettingsBeforeOurs"/>).</param>
    public static byte[]? Render(IReadOnlyList<string> artifactStores, IReadOnlyList<string>? storageOptions = null, CrioSettingsBeforeOurs? before = null)
    {
        storageOptions ??= [];
        before ??= CrioSettingsBeforeOurs.None;
        if (artifactStores.Count == 0 && storageOptions.Count == 0)
        {
            return null;
        }

        // Only keys we set carry theirs; a key we leave out is left to the earlier files as it is.
        if (artifactStores.Count > 0)
        {
            artifactStores = CrioSettingsBeforeOurs.Merge(before.ArtifactStores, artifactStores);
        }

        if (storageOptions.Count > 0)
        {
            storageOptions = CrioSettingsBeforeOurs.KeepLastAppearance([.. before.StorageOptions, .. storageOptions]);
        }

        var crio = new List<KeyValuePair<string, TomlValue>>();
        if (storageOptions.Count > 0)
        {
            // CRI-O appends every drop-in's storage_option to storage.conf's options, de-duplicated (docs/upstream.md §2.4).
            crio.Add(new("storage_option", Strings(storageOptions)));
        }

        if (artifactStores.Count > 0)
        {
            crio.Add(new("runtime", new TomlTable([new("additional_artifact_stores", Strings(artifactStores))])));
        }

        var root = new TomlTable([new("crio", new TomlTable(crio))]);
        return Encoding.UTF8.GetBytes(TomlSerializer.Serialize(root, Header));
    }

    /// <summary>containers/storage's driver options for the stores (types/options.go: <c>&lt;driver&gt;.imagestore</c>,
    /// <c>&lt;driver&gt;.additionallayerstore</c>), for the crio-storage-option mode.</summary>
    public static IReadOnlyList<string> StorageOptions(string driver, IReadOnlyList<string> imageStores, IReadOnlyList<string> layerStores)
    {
        var prefix = driver is "" or "overlay2" ? "overlay" : driver;
        return imageStores.Select(p => $"{prefix}.imagestore={p}")
            .Concat(layerStores.Select(p => $"{prefix}.additionallayerstore={StorageConfKeys.LayerEntry(p)}"))
            .ToList();
    }

    private static TomlArray Strings(IEnumerable<string> values) => new(values.Select(v => (TomlValue)new TomlString(v)));
}

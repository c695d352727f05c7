using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: what CRI-O has for the keys our drop-in sets once it has read every file that sorts before ours
/// (<c>crio.conf</c>, then <c>crio.conf.d</c> in CRI-O's order), so our drop-in can carry it and CRI-O ends with
/// theirs plus ours — the way our storage.conf edits keep the admin's entries ahead of ours.
/// </summary>
/// <remarks>
/// CRI-O decodes each file over the config so far, so a later file's array replaces an earlier one (BurntSushi/toml
/// <c>unifySlice</c>, docs/upstream.md §2.4): our 99- drop-in would otherwise hide the MCO's
/// <c>01-ctrcfg-additionalArtifactStores</c> completely. <c>storage_option</c> is the exception: CRI-O appends it across
/// files and keeps the last appearance of a duplicate (cri-o <c>pkg/config/config.go</c> <c>UpdateFromDropInFile</c>,
/// <c>removeDupStorageOpts</c>), so carrying the earlier values ahead of ours leaves CRI-O's result unchanged and makes
/// our file say what CRI-O will use. Files that do not parse are skipped here (CRI-O refuses them; the inspector warns).
/// </remarks>
/// <param name="ArtifactStores">The <c>crio.runtime.additional_artifact_stores</c> list in effect before ours, or empty.</param>
/// <param name="StorageOptions">The <c>crio.storage_option</c> values in effect before ours, in CRI-O's order.</param>
public sealed record CrioSettingsBeforeOurs(IReadOnlyList<string> ArtifactStores, IReadOnlyList<string> StorageOptions)
{
    public static CrioSettingsBeforeOurs None { get; } = new([], []);

    /// <param name="dropIns">Every file under crio.conf.d in CRI-O's order (ours, if present, is skipped).</param>
    public static CrioSettingsBeforeOurs From(NodeFile? mainFile, IReadOnlyList<NodeFile> dropIns)
    {
        IReadOnlyList<string> artifacts = [];
        var options = new List<string>();
        var earlier = (mainFile is null ? [] : new[] { mainFile })
            .Concat(dropIns.Where(f => CrioDropInOrder.Compare(f.NodePath, NodePaths.CrioDropIn) < 0));
        foreach (var file in earlier)
        {
            var document = TomlDocument.Parse(file.Bytes, file.NodePath);
            if (document.HasErrors)
            {
                continue;
            }

            if (Strings(document.Root, "crio", "runtime", "additional_artifact_stores") is { } list)
            {
                artifacts = list;
            }

            if (Strings(document.Root, "crio", "storage_option") is { } more)
            {
                options.AddRange(more);
            }
        }

        return new(artifacts, KeepLastAppearance(options));
    }

    /// <summary>Theirs first, then ours not already among theirs (a directory counts once, however spelled).</summary>
    public static IReadOnlyList<string> Merge(IReadOnlyList<string> theirs, IReadOnlyList<string> ours)
    {
        var merged = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in theirs.Concat(ours))
        {
            if (seen.Add(value.Length > 1 ? value.TrimEnd('/') : value))
            {
                merged.Add(value);
            }
        }

        return merged;
    }

    /// <summary>CRI-O's de-duplication of storage options: a repeated option keeps its last position.</summary>
    public static IReadOnlyList<string> KeepLastAppearance(IReadOnlyList<string> options)
    {
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            last[options[i]] = i;
        }

        return options.Where((option, i) => last[option] == i).ToList();
    }

    private static List<string>? Strings(TomlTable root, params string[] path)
    {
        TomlValue current = root;
        foreach (var segment in path)
        {
            if (current is not TomlTable table || !table.TryGetValue(segment, out var next))
            {
                return null;
            }

            current = next;
        }

        return current is TomlArray array ? array.OfType<TomlString>().Select(s => s.Value).ToList() : null;
    }
}

namespace NodeStorageAgent.Rendering;

/// <summary>storage.conf keys the agent owns (docs/upstream.md §3.1). Lower-case, as containers/storage spells them.</summary>
public static class StorageConfKeys
{
    public static readonly IReadOnlyList<string> OptionsTable = ["storage", "options"];

    public const string AdditionalImageStores = "additionalimagestores";

    /// <summary>Undocumented but read by c/storage (<c>AdditionalLayerStores</c>, "experimental").</summary>
    public const string AdditionalLayerStores = "additionallayerstores";

    /// <summary>The MCO appends <c>:ref</c> to every layer-store path (docs/upstream.md §4.1): look layers up by image
    /// reference, the layout stargz-store and nydus serve.</summary>
    public const string LayerReferenceSuffix = ":ref";

    public static string LayerEntry(string path) =>
        path.EndsWith(LayerReferenceSuffix, StringComparison.Ordinal) ? path : path + LayerReferenceSuffix;
}

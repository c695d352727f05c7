namespace NodeStorageAgent.Probing.Observation;

/// <summary>Names inside a store that the probe looks at.</summary>
public static class StoreEntryNames
{
    /// <summary>containers/storage overlay root layout (upstream-facts §5.3.4).</summary>
    public const string OverlayImages = "overlay-images";

    public const string OverlayLayers = "overlay-layers";

    /// <summary>CRI-O reads <c>&lt;path&gt;/artifacts/</c> (upstream-facts §2.1).</summary>
    public const string Artifacts = "artifacts";

    /// <summary>stargz-store answers a lookup of <c>pool</c> with a symlink: a cheap daemon round trip (upstream-facts §5.1).</summary>
    public const string StargzPool = "pool";

    /// <summary>Where stargz-store and nydus-store mount below their root dir (upstream-facts §5.1, §5.2).</summary>
    public const string PluginMountSubdir = "store";

    public static IReadOnlyList<string> InDirectory { get; } = [OverlayImages, OverlayLayers, Artifacts];
}

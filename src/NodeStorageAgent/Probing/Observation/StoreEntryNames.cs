namespace NodeStorageAgent.Probing.Observation;

/// <summary>Names inside a store that the probe looks at.</summary>
public static class StoreEntryNames
{
    /// <summary>containers/storage overlay root layout (docs/upstream.md §5.3.4).</summary>
    public const string OverlayImages = "overlay-images";

    public const string OverlayLayers = "overlay-layers";

    /// <summary>CRI-O reads <c>&lt;path&gt;/artifacts/</c> (docs/upstream.md §2.1).</summary>
    public const string Artifacts = "artifacts";

    /// <summary>stargz-store answers a lookup of <c>pool</c> with a symlink: a cheap daemon round trip (docs/upstream.md §5.1).</summary>
    public const string StargzPool = "pool";

    /// <summary>Where stargz-store and nydus-store mount below their root dir (docs/upstream.md §5.1, §5.2).</summary>
    public const string PluginMountSubdir = "store";

    /// <summary>
    /// What containers/storage (1.43) opens in an additional image store and creates when missing: the
    /// <c>&lt;driver&gt;-images</c> and <c>&lt;driver&gt;-layers</c> directories and their lock files (containers/storage
    /// <c>images.go</c> <c>newROImageStore</c>, <c>layers.go</c> <c>newROLayerStore</c>). On a read-only mount it cannot,
    /// and fails to start ("mkdir …/overlay-images: read-only file system", "open …/images.lock: read-only file
    /// system"); the JSON files may be absent (an empty store). Checked against the real binary in
    /// Safety/ReadOnlyImageStoreTests.
    /// </summary>
    public static IReadOnlyList<string> RequiredOnReadOnlyImageStore { get; } =
        [OverlayImages + "/images.lock", OverlayLayers + "/layers.lock"];

    public static IReadOnlyList<string> InDirectory { get; } = [OverlayImages, OverlayLayers, Artifacts];
}

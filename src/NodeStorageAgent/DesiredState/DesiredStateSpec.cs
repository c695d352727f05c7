namespace NodeStorageAgent.DesiredState;

/// <summary>The validated desired state: the three store lists (in the admin's order) and the apply action.</summary>
public sealed record DesiredStateSpec(
    IReadOnlyList<StoreSpec> LayerStores,
    IReadOnlyList<StoreSpec> ImageStores,
    IReadOnlyList<StoreSpec> ArtifactStores,
    ApplyAction Action,
    StorageMode StorageMode = StorageMode.Auto)
{
    /// <summary>"No additional stores": what an empty or absent desired-state file means.</summary>
    public static DesiredStateSpec Empty { get; } = new([], [], [], ApplyAction.Restart);

    public IEnumerable<StoreSpec> AllStores => LayerStores.Concat(ImageStores).Concat(ArtifactStores);

    public bool IsEmpty => LayerStores.Count == 0 && ImageStores.Count == 0 && ArtifactStores.Count == 0;

    public IReadOnlyList<StoreSpec> Stores(StoreKind kind) => kind switch
    {
        StoreKind.Layer => LayerStores,
        StoreKind.Image => ImageStores,
        StoreKind.Artifact => ArtifactStores,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

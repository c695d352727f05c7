namespace NodeStorageAgent.DesiredState;

/// <summary>The ContainerRuntimeConfig API's field names and limits per store kind (docs/upstream.md §1.1, §1.2).</summary>
public static class StoreKindNames
{
    public static string FieldName(StoreKind kind) => kind switch
    {
        StoreKind.Layer => "additionalLayerStores",
        StoreKind.Image => "additionalImageStores",
        StoreKind.Artifact => "additionalArtifactStores",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>+kubebuilder:validation:MaxItems</c>: 5 layer stores, 10 image or artifact stores.</summary>
    public static int MaxItems(StoreKind kind) => kind == StoreKind.Layer ? 5 : 10;

    public static StoreKind? FromFieldName(string field) => field switch
    {
        "additionalLayerStores" => StoreKind.Layer,
        "additionalImageStores" => StoreKind.Image,
        "additionalArtifactStores" => StoreKind.Artifact,
        _ => null,
    };

    public static readonly StoreKind[] All = [StoreKind.Layer, StoreKind.Image, StoreKind.Artifact];
}

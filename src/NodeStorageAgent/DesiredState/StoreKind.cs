namespace NodeStorageAgent.DesiredState;

/// <summary>The three kinds of additional store of the ContainerRuntimeConfig API (docs/upstream.md §1).</summary>
public enum StoreKind
{
    /// <summary><c>additionalLayerStores</c>: a lazy-pulling FUSE layer store (stargz-store, nydus); rendered into
    /// storage.conf <c>additionallayerstores</c> with <c>:ref</c> appended.</summary>
    Layer,

    /// <summary><c>additionalImageStores</c>: a read-only containers/storage root; storage.conf
    /// <c>additionalimagestores</c>.</summary>
    Image,

    /// <summary><c>additionalArtifactStores</c>: CRI-O <c>[crio.runtime] additional_artifact_stores</c>.</summary>
    Artifact,
}

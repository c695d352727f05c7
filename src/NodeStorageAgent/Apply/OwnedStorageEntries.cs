namespace NodeStorageAgent.Apply;

/// <summary>The storage.conf array entries we added, per key, exactly as written.</summary>
public sealed record OwnedStorageEntries
{
    /// <summary>Ours in <c>[storage.options] additionalimagestores</c>.</summary>
    public IReadOnlyList<string> AdditionalImageStores { get; init => field = value ?? []; } = [];

    /// <summary>Ours in <c>[storage.options] additionallayerstores</c> (with any <c>:ref</c> suffix).</summary>
    public IReadOnlyList<string> AdditionalLayerStores { get; init => field = value ?? []; } = [];
}

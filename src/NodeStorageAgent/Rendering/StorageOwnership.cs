namespace NodeStorageAgent.Rendering;

/// <summary>
/// The entries of storage.conf's store arrays that the agent added, exactly as written (layer entries with
/// <c>:ref</c>). Remembered in the agent's state file.
/// </summary>
/// <remarks>
/// Ownership rule: the agent only ever adds or removes entries it owns. Entries an admin (or the OS package, or the
/// MCO) put there stay where they are, in their order, ahead of ours. A desired store that an admin already listed by
/// hand stays the admin's: we neither duplicate it nor take it over, so removing it from the desired state leaves it.
/// </remarks>
public sealed record StorageOwnership(IReadOnlyList<string> ImageStores, IReadOnlyList<string> LayerStores)
{
    // A state file with "null" in it (hand-edited, or a future writer) reads as "owns nothing", never as a crash.
    public IReadOnlyList<string> ImageStores { get; init; } = ImageStores ?? [];

    public IReadOnlyList<string> LayerStores { get; init; } = LayerStores ?? [];

    public static StorageOwnership None { get; } = new([], []);

    public bool IsEmpty => ImageStores.Count == 0 && LayerStores.Count == 0;

    /// <summary>Every entry either record owns: what the state claims while the files move between two versions
    /// (write-ahead), so a crash in between never leaves an entry of ours looking like an admin's.</summary>
    public StorageOwnership Union(StorageOwnership other) =>
        new([.. ImageStores.Union(other.ImageStores, StringComparer.Ordinal)], [.. LayerStores.Union(other.LayerStores, StringComparer.Ordinal)]);

    public bool Equals(StorageOwnership? other) =>
        other is not null && ImageStores.SequenceEqual(other.ImageStores) && LayerStores.SequenceEqual(other.LayerStores);

    public override int GetHashCode() => HashCode.Combine(ImageStores.Count, LayerStores.Count);
}

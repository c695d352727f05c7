namespace NodeStorageAgent.Probing.Observation;

/// <summary>
/// The raw facts about a store directory, gathered in-process (local filesystems) or by a child process (mounts that
/// can block); <see cref="Classification.StoreClassifier"/> turns them into a verdict.
/// </summary>
/// <param name="StatErrno"><c>stat</c> of the directory failed (nothing else was looked at).</param>
/// <param name="ReadDirErrno">Opening or reading the directory failed.</param>
/// <param name="EntryCount">Entries other than <c>.</c> and <c>..</c>.</param>
/// <param name="Entries">The well-known entries that exist (or failed to be examined), by name.</param>
public sealed record DirectoryObservation(
    string? StatErrno,
    bool IsDirectory,
    bool Readable,
    bool Searchable,
    string? ReadDirErrno,
    int EntryCount,
    IReadOnlyDictionary<string, EntryObservation> Entries)
{
    public static DirectoryObservation StatFailed(string errno) =>
        new(errno, false, false, false, null, 0, new Dictionary<string, EntryObservation>());

    public static DirectoryObservation NotADirectory { get; } =
        new(null, false, false, false, null, 0, new Dictionary<string, EntryObservation>());
}

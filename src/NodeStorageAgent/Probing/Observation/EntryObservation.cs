namespace NodeStorageAgent.Probing.Observation;

/// <summary>What was seen of one well-known entry of a store (<c>overlay-images</c>, <c>artifacts</c>, <c>pool</c>).</summary>
/// <param name="Type"><c>d</c> directory, <c>f</c> regular file, <c>l</c> symlink, ... (find(1) <c>%y</c> letters);
/// null when it could not be examined.</param>
/// <param name="Errno">Examining it failed with this errno name.</param>
public sealed record EntryObservation(char? Type, bool Readable, bool Searchable, string? Errno = null)
{
    public bool IsDirectory => Type == 'd';

    public static EntryObservation Failed(string errno) => new(null, false, false, errno);
}

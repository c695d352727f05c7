namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// What a write was rendered from: the bytes read and the identity of the file they came from, or the file's absence.
/// <see cref="AtomicFileWriter"/> replaces the target only while it still is exactly this (compare-and-swap), so an
/// edit made between our read and our write is never overwritten (<see cref="FileWriteStatus.Conflict"/>).
/// </summary>
/// <param name="Content">Null: the file did not exist.</param>
/// <param name="Identity">The read's <c>fstat</c>; null when absent.</param>
public sealed record ExpectedFile(byte[]? Content, FileIdentity? Identity)
{
    public static ExpectedFile Absent { get; } = new(null, null);

    public bool IsAbsent => Content is null;

    public static ExpectedFile Of(byte[] content, PosixFileStatus status) => new(content, status.Identity);

    /// <summary>Known by its bytes only (no identity): null content, absent.</summary>
    public static ExpectedFile OfBytes(byte[]? content) => content is null ? Absent : new(content, null);

    /// <summary>Reads <paramref name="path"/> as <see cref="PosixFileSystem.ReadAllNoFollow"/> does, with identity.</summary>
    public static PosixError? Read(string path, out ExpectedFile expected)
    {
        var error = PosixFileSystem.ReadRegular(path, followSymlink: false, ReadLimits.StateFileBytes, out var content, out var status);
        expected = error is null ? Of(content, status) : error.Value.Errno == Mono.Unix.Native.Errno.ENOENT ? Absent : null!;
        return error?.Errno == Mono.Unix.Native.Errno.ENOENT ? null : error;
    }
}

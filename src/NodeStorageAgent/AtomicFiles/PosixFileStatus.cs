namespace NodeStorageAgent.AtomicFiles;

/// <summary>What <c>lstat(2)</c> says about a path (the link itself for a symlink, never its target).</summary>
/// <param name="Permissions">The permission bits (<c>st_mode &amp; 07777</c>).</param>
/// <param name="ModifiedNanoseconds">mtime in nanoseconds since the epoch.</param>
/// <param name="ChangedNanoseconds">ctime in nanoseconds since the epoch (no user can set it).</param>
public sealed record PosixFileStatus(
    PosixFileKind Kind,
    uint Permissions,
    uint Uid,
    uint Gid,
    ulong Device,
    ulong Inode,
    long Size,
    long ModifiedNanoseconds,
    long ChangedNanoseconds = 0)
{
    public FileMetadata Metadata => new(Permissions, Uid, Gid);

    /// <summary>What <c>st_mode</c>'s type says, for diagnostics ("fifo", "character device", ...).</summary>
    public string TypeName { get; init; } = Kind.ToString().ToLowerInvariant();

    public FileIdentity Identity => new(Device, Inode, Size, ModifiedNanoseconds, ChangedNanoseconds);
}

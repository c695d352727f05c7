namespace NodeStorageAgent.Apply;

/// <summary>What <c>lstat(2)</c> says about a path (the link itself for a symlink, never its target).</summary>
/// <param name="Permissions">The permission bits (<c>st_mode &amp; 07777</c>).</param>
/// <param name="ModifiedNanoseconds">mtime in nanoseconds since the epoch.</param>
public sealed record PosixFileStatus(
    PosixFileKind Kind,
    uint Permissions,
    uint Uid,
    uint Gid,
    ulong Device,
    ulong Inode,
    long Size,
    long ModifiedNanoseconds)
{
    public FileMetadata Metadata => new(Permissions, Uid, Gid);
}

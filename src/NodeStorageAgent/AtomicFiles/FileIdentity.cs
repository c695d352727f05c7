namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// Which file a read saw, as <c>stat(2)</c> tells it: the inode (<c>st_dev</c>, <c>st_ino</c>) and what changes with
/// every write or replacement of it (size, mtime, ctime). Used to notice that a file changed between our read and
/// our write (<see cref="ExpectedFile"/>).
/// </summary>
public sealed record FileIdentity(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds, long ChangedNanoseconds);

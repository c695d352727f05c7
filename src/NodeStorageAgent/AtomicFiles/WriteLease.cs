namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// A write lease on a file only we have open (<c>fcntl(2)</c> <c>F_SETLEASE</c>, <c>F_WRLCK</c>): while it is held,
/// anyone else's <c>open(2)</c> or <c>truncate(2)</c> of that file waits in the kernel (at most
/// <c>/proc/sys/fs/lease-break-time</c>, 45 s by default) until we release it. <see cref="AtomicFileWriter"/> holds
/// one on its new file for the few syscalls during which that file may stand at the target before the
/// compare-and-swap knows it may stay there, so no reader can build on it meanwhile.
/// </summary>
/// <remarks>
/// A lease breaker is announced to the lease's owner by SIGIO, whose default action ends the process; taking the
/// lease makes us the owner, so the owner is cleared at once (<c>F_SETOWN</c> 0: no signal is sent at all; fcntl(2),
/// "Leases"). For a break in between those two calls the signal is first made SIGURG (<c>F_SETSIG</c>), which is
/// ignored by default and which .NET does not use. Where leases are refused (NFS, <c>fs.leases-enable = 0</c>,
/// another opener: EINVAL, EAGAIN, EACCES) the caller goes on without one: <see cref="Held"/> is false.
/// </remarks>
internal readonly partial struct WriteLease : IDisposable
{
    private const int FSetOwn = 8;
    private const int FSetSig = 10;
    private const int SigUrg = 23;
    private const int FSetLease = 1024;
    private const int FWriteLock = 1;
    private const int FUnlock = 2;

    private readonly int _fd;

    private WriteLease(int fd) => (_fd, Held) = (fd, true);

    /// <summary>True when the lease is held (and is released by <see cref="Dispose"/>).</summary>
    public bool Held { get; }

    public static WriteLease TryTake(int fd)
    {
        if (Fcntl(fd, FSetSig, SigUrg) != 0 || Fcntl(fd, FSetLease, FWriteLock) != 0)
        {
            return default;
        }

        if (Fcntl(fd, FSetOwn, 0) != 0)
        {
            _ = Fcntl(fd, FSetLease, FUnlock);
            return default;
        }

        return new WriteLease(fd);
    }

    /// <summary>Releases the lease: waiting openers go on, with the file as it is now.</summary>
    public void Dispose()
    {
        if (Held)
        {
            _ = Fcntl(_fd, FSetLease, FUnlock);
        }
    }

    // fcntl is variadic; its one integer argument is passed as an int in a register on linux-x64 and linux-arm64 alike.
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}

using Mono.Unix.Native;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// The few system calls the apply path needs, over Mono.Posix, with failures returned as <see cref="PosixError"/>
/// values. Used instead of System.IO where System.IO cannot express the call (directory fsync, <c>O_EXCL|O_NOFOLLOW</c>,
/// <c>fchown</c>) or silently does something else (<c>File.Move</c> copies and deletes on <c>EXDEV</c>: dotnet/runtime <c>FileSystem.Unix.cs</c> <c>MoveFile</c>, docs/upstream.md §9.3).
/// </summary>
/// <remarks>Every call retries <c>EINTR</c>. Every descriptor is opened <c>O_CLOEXEC</c> so the children we spawn
/// (<c>systemctl</c>) never inherit a half-written temp file.</remarks>
public static partial class PosixFileSystem
{
    private const int ReadChunk = 64 * 1024;

    /// <summary><c>lstat(2)</c>: never follows a symlink. A missing path is an error with <see cref="Errno.ENOENT"/>.</summary>
    public static PosixError? Lstat(string path, out PosixFileStatus status)
    {
        Stat st = default;
        var error = Call(() => Syscall.lstat(path, out st), "lstat", path);
        status = error is null ? ToStatus(st) : null!;
        return error;
    }

    /// <summary>Reads a whole regular file without following a symlink at its last component, up to
    /// <see cref="ReadLimits.StateFileBytes"/> (see <see cref="ReadRegular"/>).</summary>
    public static PosixError? ReadAllNoFollow(string path, out byte[] content) =>
        ReadRegular(path, followSymlink: false, ReadLimits.StateFileBytes, out content, out _);

    /// <summary>
    /// Reads a whole regular file, never blocking on what is not one: opened <c>O_NONBLOCK</c> (opening a FIFO for
    /// reading blocks until a writer comes, fifo(7)), then <c>fstat</c> on the descriptor refuses anything but a
    /// regular file (FIFO, device such as <c>/dev/zero</c>, socket, directory) with <see cref="Errno.EINVAL"/>, and more
    /// than <paramref name="maxBytes"/> is refused with <see cref="Errno.EFBIG"/>. <paramref name="status"/> is the
    /// opened file's <c>fstat</c> (its <see cref="PosixFileStatus.Identity"/> is what the bytes were read from).
    /// </summary>
    /// <param name="followSymlink">False adds <c>O_NOFOLLOW</c>: a symlink at the last component fails with ELOOP.</param>
    public static PosixError? ReadRegular(string path, bool followSymlink, int maxBytes, out byte[] content, out PosixFileStatus status)
    {
        content = [];
        status = null!;
        var flags = OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC | (followSymlink ? 0 : OpenFlags.O_NOFOLLOW);
        var fd = -1;
        var openError = Call(() => fd = Syscall.open(path, flags), "open", path);
        // A non-blocking open of a file under another writer's lease fails with EAGAIN instead of waiting; such a
        // lease lasts a few syscalls (WriteLease), so try again briefly rather than report the file unreadable.
        const int leaseRetries = 100;
        for (var i = 0; i < leaseRetries && openError is { Errno: Errno.EAGAIN }; i++)
        {
            Thread.Sleep(1);
            openError = Call(() => fd = Syscall.open(path, flags), "open", path);
        }

        if (openError is not null)
        {
            return openError;
        }

        try
        {
            if (Fstat(fd, path, out status) is { } statError)
            {
                return statError;
            }

            if (status.Kind != PosixFileKind.Regular)
            {
                return new PosixError(Errno.EINVAL, "open", path, $"a {KindName(status)}, not a regular file: refused, not read");
            }

            return ReadCapped(fd, path, maxBytes, out content);
        }
        finally
        {
            _ = Syscall.close(fd); // read-only descriptor: a failing close loses nothing
        }
    }

    private static PosixError? ReadCapped(int fd, string path, int maxBytes, out byte[] content)
    {
        content = [];
        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunk];
        while (true)
        {
            long n = 0;
            if (Call(() => (int)(n = Read(fd, chunk)), "read", path) is { } readError)
            {
                return readError;
            }

            if (n == 0)
            {
                content = buffer.ToArray();
                return null;
            }

            if (buffer.Length + n > maxBytes)
            {
                return new PosixError(Errno.EFBIG, "read", path, $"more than {maxBytes / 1024} KiB: refused (files this large are not config)");
            }

            buffer.Write(chunk, 0, (int)n);
        }
    }

    /// <summary>The file type for a diagnostic: fifo, character device, socket, ...</summary>
    private static string KindName(PosixFileStatus status) => status.Kind switch
    {
        PosixFileKind.Directory => "directory",
        PosixFileKind.Symlink => "symlink",
        _ => status.TypeName,
    };

    /// <summary>Creates a new file that must not exist yet (<c>O_CREAT|O_EXCL|O_NOFOLLOW|O_WRONLY|O_CLOEXEC</c>),
    /// with mode 0600 until the caller sets the final mode.</summary>
    public static PosixError? CreateExclusive(string path, out int fd)
    {
        const OpenFlags flags = OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW | OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
        var created = -1;
        var error = Call(() => created = Syscall.open(path, flags, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR), "open(O_CREAT|O_EXCL)", path);
        fd = created;
        return error;
    }

    /// <summary>Writes every byte (a short write, e.g. on a nearly full disk, is continued until it fails).</summary>
    public static PosixError? WriteAll(int fd, ReadOnlySpan<byte> content, string pathForErrors)
    {
        unsafe
        {
            fixed (byte* start = content)
            {
                var written = 0;
                while (written < content.Length)
                {
                    var n = Syscall.write(fd, start + written, (ulong)(content.Length - written));
                    if (n < 0)
                    {
                        var errno = Stdlib.GetLastError(); // read once: reading it resets it (Mono.Posix)
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return new PosixError(errno, "write", pathForErrors);
                    }

                    written += (int)n;
                }
            }
        }

        return null;
    }

    /// <summary>Makes the open file hold exactly <paramref name="content"/>: written from offset 0, then cut to its
    /// length.</summary>
    public static PosixError? Overwrite(int fd, ReadOnlySpan<byte> content, string pathForErrors)
    {
        long length = content.Length;
        return Call(() => (int)Syscall.lseek(fd, 0, SeekFlags.SEEK_SET), "lseek", pathForErrors)
            ?? WriteAll(fd, content, pathForErrors)
            ?? Call(() => Syscall.ftruncate(fd, length), "ftruncate", pathForErrors);
    }

    public static PosixError? Fsync(int fd, string pathForErrors) =>
        Call(() => Syscall.fsync(fd), "fsync", pathForErrors);

    public static PosixError? Fstat(int fd, string pathForErrors, out PosixFileStatus status)
    {
        Stat st = default;
        var error = Call(() => Syscall.fstat(fd, out st), "fstat", pathForErrors);
        status = error is null ? ToStatus(st) : null!;
        return error;
    }

    /// <summary>Sets owner then mode, in that order: <c>chown</c> may clear set-id bits that the mode restores.</summary>
    public static PosixError? SetMetadata(int fd, FileMetadata metadata, string pathForErrors)
    {
        if (Fstat(fd, pathForErrors, out var current) is { } statError)
        {
            return statError;
        }

        // Skipped when already right, so a non-root sandbox can write files it owns.
        if ((current.Uid != metadata.Uid || current.Gid != metadata.Gid)
            && Call(() => Syscall.fchown(fd, metadata.Uid, metadata.Gid), "fchown", pathForErrors) is { } chownError)
        {
            return chownError;
        }

        return Call(() => Syscall.fchmod(fd, (FilePermissions)metadata.Permissions), "fchmod", pathForErrors);
    }

    /// <summary><c>close(2)</c>, never retried: on Linux the descriptor is gone even when close reports EINTR.</summary>
    public static PosixError? Close(int fd, string pathForErrors) =>
        Syscall.close(fd) < 0 ? new PosixError(Stdlib.GetLastError(), "close", pathForErrors) : null;

    /// <summary><c>rename(2)</c>: atomic on one filesystem, <see cref="Errno.EXDEV"/> across filesystems (never a
    /// copy fallback).</summary>
    public static PosixError? Rename(string from, string to) =>
        Call(() => Syscall.rename(from, to), "rename", $"{from} -> {to}");

    /// <summary><c>renameat2(RENAME_EXCHANGE)</c>: swaps two names atomically (both must exist). EINVAL when the
    /// filesystem cannot (rename(2)).</summary>
    public static PosixError? RenameExchange(string a, string b) => Renameat2(a, b, RenameExchangeFlag, "renameat2(RENAME_EXCHANGE)");

    /// <summary><c>renameat2(RENAME_NOREPLACE)</c>: EEXIST instead of replacing an existing target; EINVAL when the
    /// filesystem cannot.</summary>
    public static PosixError? RenameNoReplace(string from, string to) => Renameat2(from, to, RenameNoReplaceFlag, "renameat2(RENAME_NOREPLACE)");

    public static PosixError? Unlink(string path) =>
        Call(() => Syscall.unlink(path), "unlink", path);

    public static PosixError? Mkdir(string path, uint permissions) =>
        Call(() => Syscall.mkdir(path, (FilePermissions)permissions), "mkdir", path);

    /// <summary>
    /// fsyncs a directory so a rename or unlink in it survives power loss. fsync(2): fsync on a file "does not
    /// necessarily ensure that the entry in the directory containing the file has also reached disk". Managed
    /// <c>File.OpenHandle</c> cannot open a directory on Linux (docs/upstream.md §9.4), hence <c>open(O_DIRECTORY)</c>.
    /// </summary>
    public static PosixError? FsyncDirectory(string directory)
    {
        var fd = -1;
        if (Call(() => fd = Syscall.open(directory, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC), "open(O_DIRECTORY)", directory) is { } openError)
        {
            return openError;
        }

        var error = Fsync(fd, directory);
        _ = Syscall.close(fd); // the fsync result above is what counts; close of a directory fd reports nothing new
        return error;
    }

    /// <summary>Free bytes for an unprivileged writer (<c>f_bavail * f_frsize</c>).</summary>
    public static PosixError? AvailableBytes(string path, out ulong available)
    {
        Statvfs vfs = default;
        var error = Call(() => Syscall.statvfs(path, out vfs), "statvfs", path);
        available = error is null ? vfs.f_bavail * vfs.f_frsize : 0;
        return error;
    }

    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;
    private const uint RenameExchangeFlag = 2;

    private static PosixError? Renameat2(string from, string to, uint flags, string operation)
    {
        while (NativeRenameat2(AtFdCwd, from, AtFdCwd, to, flags) != 0)
        {
            var errno = NativeConvert.ToErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            if (errno != Errno.EINTR)
            {
                return new PosixError(errno, operation, $"{from} -> {to}");
            }
        }

        return null;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int NativeRenameat2(int oldDirectoryFd, string oldPath, int newDirectoryFd, string newPath, uint flags);

    private static unsafe long Read(int fd, byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            return Syscall.read(fd, p, (ulong)buffer.Length);
        }
    }

    private static PosixFileStatus ToStatus(Stat st)
    {
        var type = st.st_mode & FilePermissions.S_IFMT;
        var kind = type switch
        {
            FilePermissions.S_IFREG => PosixFileKind.Regular,
            FilePermissions.S_IFDIR => PosixFileKind.Directory,
            FilePermissions.S_IFLNK => PosixFileKind.Symlink,
            _ => PosixFileKind.Other,
        };
        return new PosixFileStatus(
            kind,
            (uint)st.st_mode & 0xFFF,
            st.st_uid,
            st.st_gid,
            st.st_dev,
            st.st_ino,
            st.st_size,
            (st.st_mtime * 1_000_000_000L) + st.st_mtime_nsec,
            (st.st_ctime * 1_000_000_000L) + st.st_ctime_nsec)
        {
            TypeName = TypeNameOf(type),
        };
    }

    private static string TypeNameOf(FilePermissions type) => type switch
    {
        FilePermissions.S_IFREG => "regular file",
        FilePermissions.S_IFDIR => "directory",
        FilePermissions.S_IFLNK => "symlink",
        FilePermissions.S_IFIFO => "fifo",
        FilePermissions.S_IFCHR => "character device",
        FilePermissions.S_IFBLK => "block device",
        FilePermissions.S_IFSOCK => "socket",
        _ => "file of unknown type",
    };

    /// <summary>Runs a call that returns -1 and sets errno on failure, retrying EINTR.</summary>
    /// <remarks>errno is read exactly once per failure: Mono.Posix's <see cref="Stdlib.GetLastError"/> converts it
    /// through another P/Invoke, which resets the saved value, so a second read returns 0 (seen here).</remarks>
    private static PosixError? Call(Func<int> call, string operation, string path)
    {
        while (true)
        {
            if (call() >= 0)
            {
                return null;
            }

            var errno = Stdlib.GetLastError();
            if (errno != Errno.EINTR)
            {
                return new PosixError(errno, operation, path);
            }
        }
    }

}

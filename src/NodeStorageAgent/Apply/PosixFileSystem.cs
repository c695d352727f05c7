using Mono.Unix.Native;

namespace NodeStorageAgent.Apply;

/// <summary>
/// The few system calls the apply path needs, over Mono.Posix, with failures returned as <see cref="PosixError"/>
/// values. Used instead of System.IO where System.IO cannot express the call (directory fsync, <c>O_EXCL|O_NOFOLLOW</c>,
/// <c>fchown</c>) or silently does something else (<c>File.Move</c> copies and deletes on <c>EXDEV</c>: style §5.5).
/// </summary>
/// <remarks>Every call retries <c>EINTR</c>. Every descriptor is opened <c>O_CLOEXEC</c> so the children we spawn
/// (<c>systemctl</c>) never inherit a half-written temp file.</remarks>
public static class PosixFileSystem
{
    private const int ReadChunk = 64 * 1024;

    /// <summary><c>lstat(2)</c>: never follows a symlink. A missing path is an error with <see cref="Errno.ENOENT"/>.</summary>
    public static PosixError? Lstat(string path, out PosixFileStatus status)
    {
        int rc;
        Stat st;
        do
        {
            rc = Syscall.lstat(path, out st);
        }
        while (rc < 0 && Stdlib.GetLastError() == Errno.EINTR);

        if (rc < 0)
        {
            status = null!;
            return PosixError.Last("lstat", path);
        }

        status = ToStatus(st);
        return null;
    }

    /// <summary>Reads a whole regular file without following a symlink at its last component.</summary>
    public static PosixError? ReadAllNoFollow(string path, out byte[] content)
    {
        content = [];
        var fd = Retry(() => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC));
        if (fd < 0)
        {
            return PosixError.Last("open", path);
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[ReadChunk];
            while (true)
            {
                var n = Read(fd, chunk);

                if (n < 0)
                {
                    return PosixError.Last("read", path);
                }

                if (n == 0)
                {
                    break;
                }

                buffer.Write(chunk, 0, (int)n);
            }

            content = buffer.ToArray();
            return null;
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    /// <summary>Creates a new file that must not exist yet (<c>O_CREAT|O_EXCL|O_NOFOLLOW|O_WRONLY|O_CLOEXEC</c>),
    /// with mode 0600 until the caller sets the final mode.</summary>
    public static PosixError? CreateExclusive(string path, out int fd)
    {
        const OpenFlags flags = OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW | OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
        fd = Retry(() => Syscall.open(path, flags, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        return fd < 0 ? PosixError.Last("open(O_CREAT|O_EXCL)", path) : null;
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
                        if (Stdlib.GetLastError() == Errno.EINTR)
                        {
                            continue;
                        }

                        return PosixError.Last("write", pathForErrors);
                    }

                    written += (int)n;
                }
            }
        }

        return null;
    }

    public static PosixError? Fsync(int fd, string pathForErrors) =>
        Retry(() => Syscall.fsync(fd)) < 0 ? PosixError.Last("fsync", pathForErrors) : null;

    public static PosixError? Fstat(int fd, string pathForErrors, out PosixFileStatus status)
    {
        int rc;
        Stat st;
        do
        {
            rc = Syscall.fstat(fd, out st);
        }
        while (rc < 0 && Stdlib.GetLastError() == Errno.EINTR);

        status = rc < 0 ? null! : ToStatus(st);
        return rc < 0 ? PosixError.Last("fstat", pathForErrors) : null;
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
            && Retry(() => Syscall.fchown(fd, metadata.Uid, metadata.Gid)) < 0)
        {
            return PosixError.Last("fchown", pathForErrors);
        }

        return Retry(() => Syscall.fchmod(fd, (FilePermissions)metadata.Permissions)) < 0
            ? PosixError.Last("fchmod", pathForErrors)
            : null;
    }

    public static PosixError? Close(int fd, string pathForErrors) =>
        Syscall.close(fd) < 0 ? PosixError.Last("close", pathForErrors) : null;

    /// <summary><c>rename(2)</c>: atomic on one filesystem, <see cref="Errno.EXDEV"/> across filesystems (never a
    /// copy fallback).</summary>
    public static PosixError? Rename(string from, string to) =>
        Retry(() => Syscall.rename(from, to)) < 0 ? PosixError.Last("rename", $"{from} -> {to}") : null;

    public static PosixError? Unlink(string path) =>
        Retry(() => Syscall.unlink(path)) < 0 ? PosixError.Last("unlink", path) : null;

    public static PosixError? Mkdir(string path, uint permissions) =>
        Retry(() => Syscall.mkdir(path, (FilePermissions)permissions)) < 0 ? PosixError.Last("mkdir", path) : null;

    /// <summary>
    /// fsyncs a directory so a rename or unlink in it survives power loss. fsync(2): fsync on a file "does not
    /// necessarily ensure that the entry in the directory containing the file has also reached disk". Managed
    /// <c>File.OpenHandle</c> cannot open a directory on Linux (style §5.5), hence <c>open(O_DIRECTORY)</c>.
    /// </summary>
    public static PosixError? FsyncDirectory(string directory)
    {
        var fd = Retry(() => Syscall.open(directory, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC));
        if (fd < 0)
        {
            return PosixError.Last("open(O_DIRECTORY)", directory);
        }

        var error = Fsync(fd, directory);
        Syscall.close(fd);
        return error;
    }

    /// <summary>Free bytes for an unprivileged writer (<c>f_bavail * f_frsize</c>).</summary>
    public static PosixError? AvailableBytes(string path, out ulong available)
    {
        int rc;
        Statvfs vfs;
        do
        {
            rc = Syscall.statvfs(path, out vfs);
        }
        while (rc < 0 && Stdlib.GetLastError() == Errno.EINTR);

        available = rc < 0 ? 0 : vfs.f_bavail * vfs.f_frsize;
        return rc < 0 ? PosixError.Last("statvfs", path) : null;
    }

    private static unsafe long Read(int fd, byte[] buffer)
    {
        long n;
        fixed (byte* p = buffer)
        {
            do
            {
                n = Syscall.read(fd, p, (ulong)buffer.Length);
            }
            while (n < 0 && Stdlib.GetLastError() == Errno.EINTR);
        }

        return n;
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
            (st.st_mtime * 1_000_000_000L) + st.st_mtime_nsec);
    }

    private static int Retry(Func<int> call)
    {
        int rc;
        do
        {
            rc = call();
        }
        while (rc < 0 && Stdlib.GetLastError() == Errno.EINTR);

        return rc;
    }

}

using System.Runtime.InteropServices;
using Mono.Unix.Native;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary>
/// One writer at a time: the daemon holds exclusive <c>flock(2)</c> locks while it runs, and the verbs that write
/// (<c>apply --once</c>, <c>rollback</c>, <c>uninstall</c>) take the same locks, so they never race the daemon over
/// the files and the state. The kernel drops the locks when the process dies.
/// </summary>
/// <remarks>
/// Two locks, both <c>LOCK_EX|LOCK_NB</c>:
/// <list type="bullet">
/// <item><c>/run/node-storage-agent/lock/</c>, a 0700 directory: the lock that counts. Unlinking a lock file makes
/// the next opener create and lock a fresh inode while the old holder still runs (two daemons); a directory cannot
/// be unlinked, only removed once empty, and 0700 keeps other users from opening it to hold the lock themselves
/// (<c>flock</c> needs no write access).</item>
/// <item><c>/run/node-storage-agent/agent.lock</c>, 0600: what agents before the lock directory took, kept so an
/// old and a new agent exclude each other during a package upgrade. After locking it, the path must still name the
/// locked inode (else someone replaced it between our open and our flock: retry).</item>
/// </list>
/// </remarks>
internal sealed partial class AgentLock : IDisposable
{
    public const string NodePath = NodePaths.RunDir + "/agent.lock";
    public const string DirectoryNodePath = NodePaths.RunDir + "/lock";

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int FileAttempts = 4;

    private int _directoryFd;
    private int _fileFd;

    private AgentLock(int directoryFd, int fileFd)
    {
        _directoryFd = directoryFd;
        _fileFd = fileFd;
    }

    public static AgentLock? TryAcquire(NodeRoot root, out string? problem)
    {
        var busy = $"another node-storage-agent holds {NodePath} (is the service running? stop it first: systemctl stop node-storage-agent)";
        try
        {
            Directory.CreateDirectory(root.Resolve(NodePaths.RunDir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot create {NodePaths.RunDir}: {e.Message}";
            return null;
        }

        var directoryFd = LockDirectory(root.Resolve(DirectoryNodePath), busy, out problem);
        if (directoryFd < 0)
        {
            return null;
        }

        var fileFd = LockFile(root.Resolve(NodePath), busy, out problem);
        if (fileFd < 0)
        {
            _ = Syscall.close(directoryFd);
            return null;
        }

        return new AgentLock(directoryFd, fileFd);
    }

    public void Dispose()
    {
        foreach (var fd in new[] { Interlocked.Exchange(ref _fileFd, -1), Interlocked.Exchange(ref _directoryFd, -1) })
        {
            if (fd >= 0)
            {
                _ = Syscall.close(fd);
            }
        }
    }

    private static int LockDirectory(string path, string busy, out string? problem)
    {
        if (Syscall.mkdir(path, FilePermissions.S_IRWXU) != 0 && Stdlib.GetLastError() is var mkdirErrno && mkdirErrno != Errno.EEXIST)
        {
            problem = $"cannot create {DirectoryNodePath}: {mkdirErrno}";
            return -1;
        }

        var fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            problem = $"cannot open {DirectoryNodePath}: {Stdlib.GetLastError()} (it must be a directory, not a symlink)";
            return -1;
        }

        // An existing directory someone else made or loosened: only we may open it (see the remarks).
        if (Syscall.fstat(fd, out var st) != 0 || st.st_uid != Syscall.geteuid()
            || (((uint)st.st_mode & 0x3F) != 0 && Syscall.fchmod(fd, FilePermissions.S_IRWXU) != 0))
        {
            _ = Syscall.close(fd);
            problem = $"refusing {DirectoryNodePath}: not a directory of ours that only we can open";
            return -1;
        }

        return TryFlock(fd, busy, DirectoryNodePath, out problem) ? fd : -1;
    }

    private static int LockFile(string path, string busy, out string? problem)
    {
        for (var attempt = 0; attempt < FileAttempts; attempt++)
        {
            var fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC,
                FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
            if (fd < 0)
            {
                problem = $"cannot open {NodePath}: {Stdlib.GetLastError()}";
                return -1;
            }

            if (!TryFlock(fd, busy, NodePath, out problem))
            {
                return -1;
            }

            if (Syscall.fstat(fd, out var held) == 0 && Syscall.lstat(path, out var named) == 0
                && held.st_dev == named.st_dev && held.st_ino == named.st_ino)
            {
                return fd;
            }

            _ = Syscall.close(fd); // replaced or unlinked between open and flock: lock what the path names now
        }

        problem = $"{NodePath} keeps being replaced while we lock it";
        return -1;
    }

    /// <summary>Closes <paramref name="fd"/> when the lock is not ours.</summary>
    private static bool TryFlock(int fd, string busy, string nodePath, out string? problem)
    {
        problem = null;
        while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == (int)NativeConvert.FromErrno(Errno.EINTR))
            {
                continue;
            }

            _ = Syscall.close(fd);
            problem = errno == (int)NativeConvert.FromErrno(Errno.EWOULDBLOCK) ? busy : $"cannot lock {nodePath}: errno {errno}";
            return false;
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}

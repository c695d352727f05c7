using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Reads the desired-state file so that what is checked is what is read: every directory on the way is resolved by
/// hand (symlinks included, absolute targets inside the node root) and must be writable only by the trusted owner,
/// then the file is opened once (<c>O_NOFOLLOW</c>), checked on the descriptor (<c>fstat</c>, <c>fstatfs</c>) and read
/// from that descriptor.
/// </summary>
/// <remarks>
/// Checking by path and then opening by path again can be raced by anyone who can rename entries in a directory on
/// the way (<c>renameat2(RENAME_EXCHANGE)</c> swaps two names atomically). When every directory from the root down is
/// owned by root (or the trusted owner) and not group/world-writable, nobody else can change any name on the path
/// after we looked at it, so the walk plus the descriptor checks leave no window. Directories above a sandbox's
/// <c>--root</c> are the sandbox owner's business and are not checked.
/// </remarks>
internal sealed class TrustedFileReader(NodeRoot root, uint trustedOwner, bool checkDirectories)
{
    /// <summary>Linux's own limit on symlinks followed in one resolution (MAXSYMLINKS, fs/namei.c).</summary>
    private const int MaxSymlinks = 40;

    public sealed record Result(byte[]? Bytes, Diagnostic? Problem);

    public Result Read(string nodePath, int maxBytes)
    {
        var rootHost = root.HostPath.TrimEnd('/');
        if (checkDirectories && CheckDirectory(root.HostPath, nodePath) is { } rootProblem)
        {
            return new(null, rootProblem);
        }

        var pending = new List<string>(Components(nodePath));
        var resolved = new List<string>();
        var symlinks = 0;
        var via = "";
        while (pending.Count > 0)
        {
            var name = pending[0];
            pending.RemoveAt(0);
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var nodeSoFar = "/" + string.Join('/', resolved.Append(name));
            var host = rootHost + nodeSoFar;
            if (Syscall.lstat(host, out var st) != 0)
            {
                var errno = Stdlib.GetLastError();
                return new(null, errno == Errno.ENOENT ? Missing(nodePath, nodeSoFar, via) : IoError("cannot stat", nodePath, host, errno));
            }

            if ((st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFLNK)
            {
                if (++symlinks > MaxSymlinks)
                {
                    return new(null, IoError("cannot resolve", nodePath, host, Errno.ELOOP));
                }

                var target = new FileInfo(host).LinkTarget ?? "";
                via = $" (via symlink {nodeSoFar} -> {target})";
                if (target.StartsWith('/'))
                {
                    // An absolute target is a node path: resolve it under the root, as the agent reads every file.
                    resolved.Clear();
                }

                pending.InsertRange(0, Components(target));
                continue;
            }

            if (pending.Any(p => p is not ("" or ".")))
            {
                if ((st.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFDIR)
                {
                    return new(null, IoError("cannot resolve", nodePath, host, Errno.ENOTDIR));
                }

                if (checkDirectories && CheckDirectory(host, nodePath, st) is { } dirProblem)
                {
                    return new(null, dirProblem);
                }

                resolved.Add(name);
                continue;
            }

            if ((st.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
            {
                return new(null, Diagnostic.Error(DesiredStateCodes.FileNotRegular, $"desired-state file is not a regular file{via}", nodePath));
            }

            return ReadOpened(host, nodePath, via, maxBytes);
        }

        return new(null, Diagnostic.Error(DesiredStateCodes.FileNotRegular, $"desired-state file is not a regular file{via}", nodePath));
    }

    private Result ReadOpened(string host, string display, string via, int maxBytes)
    {
        // O_NONBLOCK: had the name become a FIFO since lstat, open must not wait for a writer.
        var fd = Syscall.open(host, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Stdlib.GetLastError();
            return new(null, errno == Errno.ENOENT ? Missing(display, display, via) : IoError("cannot open", display, host, errno));
        }

        try
        {
            if (Syscall.fstat(fd, out var st) != 0)
            {
                return new(null, IoError("cannot fstat", display, host, Stdlib.GetLastError()));
            }

            if (CheckFile(st, display, via) is { } problem)
            {
                return new(null, problem);
            }

            if (PseudoFileSystems.KernelTreeOf(fd) is { } kernelTree)
            {
                return new(null, Diagnostic.Error(DesiredStateCodes.FileNotRegular,
                    $"desired-state file is a {kernelTree} file{via}, not a file an admin wrote", display));
            }

            return ReadAll(fd, host, display, maxBytes);
        }
        finally
        {
            _ = Syscall.close(fd);
        }
    }

    private static unsafe Result ReadAll(int fd, string host, string display, int maxBytes)
    {
        // Read one byte past the limit: st_size is not trusted (it can grow, and is 0 for some kernel files).
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            long n;
            fixed (byte* p = &buffer[total])
            {
                n = Syscall.read(fd, p, (ulong)(buffer.Length - total));
            }

            if (n < 0)
            {
                var errno = Stdlib.GetLastError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                return new(null, IoError("cannot read", display, host, errno));
            }

            if (n == 0)
            {
                break;
            }

            total += (int)n;
        }

        if (total > maxBytes)
        {
            return new(null, Diagnostic.Error(DesiredStateCodes.FileTooLarge,
                $"desired-state file is larger than {maxBytes} bytes; a desired state is a few hundred", display));
        }

        return new(buffer[..total], null);
    }

    private Diagnostic? CheckFile(Stat st, string display, string via)
    {
        if ((st.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
        {
            return Diagnostic.Error(DesiredStateCodes.FileNotRegular, $"desired-state file is not a regular file{via}", display);
        }

        if (st.st_uid != trustedOwner)
        {
            return Diagnostic.Error(DesiredStateCodes.FileOwner,
                $"refusing desired-state file owned by uid {st.st_uid}{via}: it decides what the node trusts as container storage and must be owned by uid {trustedOwner} (chown {trustedOwner} {display})",
                display);
        }

        if ((st.st_mode & (FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)) != 0)
        {
            return Diagnostic.Error(DesiredStateCodes.FilePermissions,
                $"refusing desired-state file with mode {Mode(st)}{via}: it must not be writable by group or others (chmod go-w {display})",
                display);
        }

        return null;
    }

    private Diagnostic? CheckDirectory(string host, string display)
    {
        if (Syscall.stat(host, out var st) != 0)
        {
            return IoError("cannot stat", display, host, Stdlib.GetLastError());
        }

        return CheckDirectory(host, display, st);
    }

    private Diagnostic? CheckDirectory(string host, string display, Stat st)
    {
        var shownDirectory = root.ToNodePath(host) ?? host;
        if (st.st_uid != 0 && st.st_uid != trustedOwner)
        {
            return Diagnostic.Error(DesiredStateCodes.FileDirectoryUntrusted,
                $"refusing desired-state file: directory {shownDirectory} on its path is owned by uid {st.st_uid}, who could swap the file; every directory on the path must be owned by uid {trustedOwner}",
                display) with { Path = host };
        }

        if ((st.st_mode & (FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)) != 0)
        {
            return Diagnostic.Error(DesiredStateCodes.FileDirectoryUntrusted,
                $"refusing desired-state file: directory {shownDirectory} on its path has mode {Mode(st)}, so others could swap the file (chmod go-w {shownDirectory})",
                display) with { Path = host };
        }

        return null;
    }

    private static Diagnostic Missing(string display, string missingNode, string via) =>
        Diagnostic.Error(DesiredStateCodes.FileMissing,
            $"desired-state file does not exist ({missingNode} is missing{via}); the last applied config stays in place. " +
            "For no additional stores, write a file that lists none", display);

    private static string[] Components(string path) => path.Split('/');

    private static string Mode(Stat st) => Convert.ToString((int)st.st_mode & 0xFFF, 8);

    private static Diagnostic IoError(string what, string display, string hostPath, Errno errno) =>
        Diagnostic.Error(DesiredStateCodes.FileUnreadable, $"{what} desired-state file: {Syscall.strerror(errno)}", display) with { Path = hostPath, Errno = errno.ToString() };
}

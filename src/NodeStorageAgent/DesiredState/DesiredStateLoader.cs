using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Reads the desired-state file from the node (through <see cref="NodeRoot"/>) after checking that it can be trusted,
/// then hands the bytes to the pure <see cref="DesiredStateParser"/>.
/// </summary>
/// <remarks>
/// The file decides what the node trusts as container storage, so it must be owned by <paramref name="trustedOwner"/>
/// (root on a node; the invoking user in a <c>--root</c> sandbox) and writable by nobody else. A symlink is resolved
/// and its target checked the same way. An absent or empty file means "no additional stores".
/// </remarks>
public sealed class DesiredStateLoader(NodeRoot root, uint trustedOwner)
{
    /// <summary>The owner a desired-state file must have under <paramref name="root"/>.</summary>
    public static uint DefaultTrustedOwner(NodeRoot root) => root.IsSystemRoot ? 0 : Syscall.geteuid();

    public static DesiredStateLoader For(NodeRoot root) => new(root, DefaultTrustedOwner(root));

    public DesiredStateLoadResult Load(string nodePath, ContainerStorageRoots roots)
    {
        var hostPath = root.Resolve(nodePath);
        var display = nodePath;

        // stat follows symlinks: the target is what we trust or refuse.
        if (Syscall.stat(hostPath, out var st) != 0)
        {
            var errno = Stdlib.GetLastError();
            if (errno == Errno.ENOENT)
            {
                return new(DesiredStateSpec.Empty, []);
            }

            return DesiredStateLoadResult.Invalid(IoError(DesiredStateCodes.FileUnreadable, $"cannot stat desired-state file", display, hostPath, errno));
        }

        var trust = CheckTrust(st, display);
        if (trust is not null)
        {
            return DesiredStateLoadResult.Invalid(trust);
        }

        byte[] bytes;
        try
        {
            using var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.None);
            if (stream.Length > DesiredStateParser.MaxFileBytes)
            {
                return DesiredStateLoadResult.Invalid(Diagnostic.Error(DesiredStateCodes.FileTooLarge,
                    $"desired-state file is {stream.Length} bytes; the limit is {DesiredStateParser.MaxFileBytes}", display));
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DesiredStateLoadResult.Invalid(Diagnostic.Error(DesiredStateCodes.FileUnreadable, $"cannot read desired-state file: {e.Message}", display) with { Path = hostPath });
        }

        return DesiredStateParser.Parse(bytes, display, roots);
    }

    private Diagnostic? CheckTrust(Stat st, string display)
    {
        if ((st.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
        {
            return Diagnostic.Error(DesiredStateCodes.FileNotRegular, "desired-state file is not a regular file", display);
        }

        if (st.st_uid != trustedOwner)
        {
            return Diagnostic.Error(DesiredStateCodes.FileOwner,
                $"refusing desired-state file owned by uid {st.st_uid}: it decides what the node trusts as container storage and must be owned by uid {trustedOwner} (chown {trustedOwner} {display})",
                display);
        }

        if ((st.st_mode & (FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)) != 0)
        {
            var mode = Convert.ToString((int)st.st_mode & 0x1FF, 8);
            return Diagnostic.Error(DesiredStateCodes.FilePermissions,
                $"refusing desired-state file with mode {mode}: it must not be writable by group or others (chmod go-w {display})",
                display);
        }

        return null;
    }

    private static Diagnostic IoError(string code, string message, string display, string hostPath, Errno errno) =>
        Diagnostic.Error(code, $"{message}: {Syscall.strerror(errno)}", display) with { Path = hostPath, Errno = errno.ToString() };
}

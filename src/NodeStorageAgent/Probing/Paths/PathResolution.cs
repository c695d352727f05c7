using NodeStorageAgent.Probing.Mounts;

namespace NodeStorageAgent.Probing.Paths;

/// <summary>Where a store path leads, as far as it could be followed without touching a mount that can block.</summary>
/// <param name="NodePath">The resolved node path (symlinks followed); when <see cref="StoppedAt"/> is set, the
/// remainder below that mount is taken literally.</param>
/// <param name="HostPath">Host path of <see cref="NodePath"/> (for I/O).</param>
/// <param name="FollowedSymlink">At least one symlink was followed on the way.</param>
/// <param name="StoppedAt">The walk reached a FUSE or network mount and left the rest to a child process.</param>
/// <param name="Errno">Resolution failed here (e.g. ENOENT, ENOTDIR, EACCES, ELOOP) at <see cref="FailedAt"/>.</param>
public sealed record PathResolution(
    string NodePath,
    string HostPath,
    bool FollowedSymlink,
    MountInfoEntry? StoppedAt,
    string? Errno = null,
    string? FailedAt = null)
{
    public bool Failed => Errno is not null;
}

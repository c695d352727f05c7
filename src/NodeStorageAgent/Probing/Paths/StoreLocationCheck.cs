using Mono.Unix.Native;
using NodeStorageAgent.Probing.Classification;
using NodeStorageAgent.Probing.Mounts;

namespace NodeStorageAgent.Probing.Paths;

/// <summary>
/// What a store's path name cannot tell: whether the directory it resolves to is a kernel pseudo-filesystem, or the
/// node's own graphroot or runroot (equal, inside, or containing it) reached by a bind mount or a symlink. An
/// additional image store that is the graphroot makes containers/storage list every image twice; one inside it
/// corrupts it. Only for stores whose resolved path lies on mounts that cannot block (the caller checks).
/// </summary>
public static class StoreLocationCheck
{
    /// <summary>An Unhealthy verdict when the store must not be used, else null.</summary>
    public static Verdict? Problem(string hostPath, string nodePath, MountTable mounts, IReadOnlyList<StorageRootIdentity> roots)
    {
        var mount = mounts.Containing(hostPath);
        var pseudo = mount is not null && KernelFilesystems.IsPseudo(mount.FsType) ? mount.FsType : KernelFilesystems.Statfs(hostPath);
        if (pseudo is not null)
        {
            var where = mount is null ? "" : $" (mount {mount.MountPoint}, source {mount.Source})";
            return Verdict.Unhealthy(ProbeReason.PseudoFilesystem, null,
                $"{nodePath} is on the kernel's {pseudo} filesystem{where}, not container storage");
        }

        if (mount is null || Syscall.stat(hostPath, out var st) != 0)
        {
            return null;
        }

        var inFilesystem = StorageRootIdentity.FilesystemPathOf(hostPath, mount);
        foreach (var root in roots)
        {
            var relation = st.st_dev == root.Device && st.st_ino == root.Inode
                ? "is"
                : mount.Major != root.Major || mount.Minor != root.Minor
                    ? null
                    : MountTable.IsAtOrBelow(inFilesystem, root.FilesystemPath)
                        ? inFilesystem == root.FilesystemPath ? "is" : "is inside"
                        : MountTable.IsAtOrBelow(root.FilesystemPath, inFilesystem) ? "contains" : null;
            if (relation is not null)
            {
                return Verdict.Unhealthy(ProbeReason.StorageRootOverlap, null,
                    $"{nodePath} {relation} the node's {root.Name} {root.NodePath} (same filesystem, device {mount.Major}:{mount.Minor}, {inFilesystem}): containers/storage would use it twice; use a separate directory");
            }
        }

        return null;
    }
}

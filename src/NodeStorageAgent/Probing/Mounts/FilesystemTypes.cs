namespace NodeStorageAgent.Probing.Mounts;

/// <summary>Which filesystem types are served by something that can stop answering.</summary>
public static class FilesystemTypes
{
    // Network, cluster and user-space filesystems, plus autofs (a lookup may trigger a mount that hangs).
    private static readonly HashSet<string> s_blocking = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "9p", "afs", "lustre", "gpfs", "ncpfs",
        "virtiofs", "autofs", "davfs", "ocfs2", "gfs2", "beegfs",
    };

    public static bool IsFuse(string fsType) =>
        fsType is "fuse" or "fuseblk" || fsType.StartsWith("fuse.", StringComparison.Ordinal);

    public static bool CanBlock(string fsType) => IsFuse(fsType) || s_blocking.Contains(fsType);
}

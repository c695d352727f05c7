namespace NodeStorageAgent.Probing.Classification;

/// <summary>Maps a failed call's errno onto the reason a store is left out.</summary>
public static class ErrnoClassifier
{
    public static ProbeReason ReasonFor(string errno) => errno switch
    {
        "ENOENT" => ProbeReason.Missing,
        "ENOTDIR" => ProbeReason.NotADirectory,
        "EACCES" or "EPERM" => ProbeReason.PermissionDenied,
        "ELOOP" => ProbeReason.SymlinkLoop,
        "ETIMEDOUT" => ProbeReason.Hung,

        // A crashed FUSE daemon gives ENOTCONN (docs/node-findings.md §1.3); a restarted one ESTALE (docs/upstream.md §5.1);
        // EIO is what a sick FUSE daemon or NFS server answers; the rest are network filesystems losing their server.
        "ENOTCONN" or "ESTALE" or "EIO" or "ECONNABORTED" or "ECONNREFUSED" or "ECONNRESET" or "EHOSTDOWN"
            or "EHOSTUNREACH" or "ENETDOWN" or "ENETUNREACH" or "ENODEV" or "ENXIO" or "ESHUTDOWN" or "EREMOTEIO" => ProbeReason.DeadMount,
        _ => ProbeReason.IoError,
    };

    public static string HintFor(ProbeReason reason, string what) => reason switch
    {
        ProbeReason.Missing => $"{what} does not exist",
        ProbeReason.NotADirectory => $"{what} is not a directory",
        ProbeReason.PermissionDenied => $"{what} is not accessible (permission denied)",
        ProbeReason.SymlinkLoop => $"{what}: too many levels of symbolic links",
        ProbeReason.DeadMount => $"{what} is on a dead mount (FUSE daemon or server gone); restart the plugin, then unmount the stale mount (fusermount3 -u / umount -l)",
        ProbeReason.Hung => $"{what} did not answer in time",
        _ => $"{what} failed",
    };
}

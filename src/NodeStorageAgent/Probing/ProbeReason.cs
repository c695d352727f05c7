namespace NodeStorageAgent.Probing;

/// <summary>Why a store got its <see cref="StoreHealth"/>. Rendered kebab-case (<c>dead-mount</c>) in reports.</summary>
public enum ProbeReason
{
    Ok,

    // Degraded (kept, with a warning).

    /// <summary>Layer store is a plain directory: its FUSE plugin has not mounted (yet). c/storage stats it fine,
    /// finds no layers and pulls normally (docs/upstream.md §5.3.1).</summary>
    PluginNotMounted,

    /// <summary>Layer store is a plain directory but <c>&lt;path&gt;/store</c> is the plugin's FUSE mount: the path
    /// is probably one level too high (docs/upstream.md §4.1, §5.1).</summary>
    MountInStoreSubdir,

    /// <summary>Image store is an empty directory.</summary>
    EmptyImageStore,

    /// <summary>Image store without <c>overlay-images/</c> + <c>overlay-layers/</c>, or stargz-store without
    /// <c>pool</c>.</summary>
    UnexpectedLayout,

    /// <summary>Artifact store without <c>artifacts/</c>: CRI-O creates it if it can (docs/upstream.md §2.2).</summary>
    NoArtifactsDir,

    // Unhealthy (left out).

    Missing,
    NotADirectory,
    PermissionDenied,

    /// <summary>ENOTCONN, ESTALE, EIO and friends: the FUSE daemon or server is gone.</summary>
    DeadMount,

    /// <summary>No answer within the timeout, or a previous probe is still stuck in the kernel.</summary>
    Hung,

    /// <summary>Layer store mounted, but not as FUSE.</summary>
    WrongFilesystemType,

    /// <summary>Layer store path below the mount point of a plugin whose root names are image references
    /// (stargz-store answers EINVAL): the plugin is mounted one level too high, configure its mount point.</summary>
    InsidePluginMount,

    /// <summary>A symlink leads into /proc, /sys, /dev or CRI-O's graphroot/runroot.</summary>
    SymlinkEscape,

    SymlinkLoop,

    /// <summary>An image store on a read-only mount without what containers/storage must find there because it cannot
    /// create it: <c>overlay-images/images.lock</c> and <c>overlay-layers/layers.lock</c>.</summary>
    ReadOnlyIncomplete,

    /// <summary>The store resolves to a kernel pseudo-filesystem (proc, sysfs, devtmpfs, ...), e.g. a bind mount of
    /// /proc, whatever its path name.</summary>
    PseudoFilesystem,

    /// <summary>The store is, is inside or contains the graphroot or runroot storage.conf sets, by inode or by place
    /// in the same filesystem (a bind mount or a symlink under another name).</summary>
    StorageRootOverlap,

    /// <summary>Another errno.</summary>
    IoError,

    /// <summary>The probe itself could not run (e.g. the probe tool is missing); left out because nothing is known.</summary>
    ProbeFailed,
}

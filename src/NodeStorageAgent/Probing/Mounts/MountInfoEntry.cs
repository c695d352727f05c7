namespace NodeStorageAgent.Probing.Mounts;

/// <summary>One line of <c>/proc/self/mountinfo</c> (proc(5)), with escapes already decoded.</summary>
/// <param name="MountPoint">Host path (mountinfo knows nothing of <c>--root</c>).</param>
/// <param name="Minor">Minor device number: names the FUSE connection under <c>/sys/fs/fuse/connections</c>.</param>
public sealed record MountInfoEntry(
    int MountId,
    int ParentId,
    int Major,
    int Minor,
    string Root,
    string MountPoint,
    string MountOptions,
    IReadOnlyList<string> OptionalFields,
    string FsType,
    string Source,
    string SuperOptions)
{
    /// <summary><c>fuse</c> (e.g. bindfs or go-fuse without a subtype, docs/upstream.md §5.1), <c>fuse.&lt;subtype&gt;</c>
    /// or <c>fuseblk</c> (docs/node-findings.md §1.1).</summary>
    public bool IsFuse => FilesystemTypes.IsFuse(FsType);

    /// <summary>A call on this filesystem may block indefinitely (FUSE daemon, network server, automounter).</summary>
    public bool CanBlock => FilesystemTypes.CanBlock(FsType);
}

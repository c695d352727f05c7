namespace NodeStorageAgent.Probing.Mounts;

/// <summary>A snapshot of the mount table, in mountinfo order (later entries are mounted on top of earlier ones).</summary>
public sealed class MountTable
{
    public MountTable(IReadOnlyList<MountInfoEntry> entries) => Entries = entries;

    public static MountTable Empty { get; } = new([]);

    public IReadOnlyList<MountInfoEntry> Entries { get; }

    /// <summary>The visible mount whose mount point is exactly <paramref name="hostPath"/>, or null.</summary>
    public MountInfoEntry? At(string hostPath)
    {
        var path = Normalize(hostPath);
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].MountPoint == path)
            {
                return Entries[i];
            }
        }

        return null;
    }

    /// <summary>The mount a lookup of <paramref name="hostPath"/> ends on: the longest mount point that is the path
    /// itself or one of its ancestors (the topmost one when several are stacked).</summary>
    public MountInfoEntry? Containing(string hostPath)
    {
        var path = Normalize(hostPath);
        MountInfoEntry? best = null;
        foreach (var entry in Entries)
        {
            if (IsAtOrBelow(path, entry.MountPoint) && (best is null || entry.MountPoint.Length >= best.MountPoint.Length))
            {
                best = entry;
            }
        }

        return best;
    }

    /// <summary>Whether a call on <paramref name="entry"/> may block: its own type can (FUSE, NFS, ...), or it is an
    /// overlay with a layer on a mount that may block (checked through stacked overlays, up to a depth past which we
    /// assume the worst).</summary>
    public bool MayBlock(MountInfoEntry entry) => MayBlock(entry, 0);

    private bool MayBlock(MountInfoEntry entry, int depth)
    {
        if (entry.CanBlock)
        {
            return true;
        }

        if (entry.FsType != "overlay")
        {
            return false;
        }

        if (depth >= MaxOverlayDepth)
        {
            return true;
        }

        return OverlayLayers.Parse(entry.SuperOptions)
            .Any(layer => Containing(layer) is { } below && !ReferenceEquals(below, entry) && MayBlock(below, depth + 1));
    }

    /// <summary>The kernel stacks at most two overlays (FILESYSTEM_MAX_STACK_DEPTH in linux include/linux/fs.h).</summary>
    private const int MaxOverlayDepth = 4;

    internal static bool IsAtOrBelow(string path, string ancestor) =>
        path == ancestor
        || ancestor == "/"
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path.Length > ancestor.Length && path[ancestor.Length] == '/');

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}

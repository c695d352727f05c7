using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.Probing.Observation;
using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Probing.Classification;

/// <summary>
/// Pure verdict from observations. The rule behind Degraded vs Unhealthy: a store is kept exactly when
/// containers/storage's start-up <c>stat</c>/open of it would succeed promptly (docs/upstream.md §3.3, §5.3).
/// </summary>
public static class StoreClassifier
{
    public static Verdict Classify(StoreSpec store, StoreObservation seen, MountTable mounts, IReadOnlyList<string> forbidden)
    {
        var resolution = seen.Resolution;
        if (resolution.Failed)
        {
            var reason = ErrnoClassifier.ReasonFor(resolution.Errno!);
            return Verdict.Unhealthy(reason, resolution.Errno, ErrnoClassifier.HintFor(reason, resolution.FailedAt!));
        }

        if (resolution.FollowedSymlink && ForbiddenAreas.Find(resolution.NodePath, forbidden) is { } area)
        {
            return Verdict.Unhealthy(ProbeReason.SymlinkEscape, null, $"resolves to {resolution.NodePath}, inside {area}");
        }

        if (seen.Refused is { } refused)
        {
            return refused;
        }

        if (seen.Timeout != ProbeTimeout.None)
        {
            return Hung(seen, resolution);
        }

        if (seen.ProbeError is not null || seen.Directory is null)
        {
            return Verdict.Unhealthy(ProbeReason.ProbeFailed, null, $"probe failed: {seen.ProbeError ?? "no result"}");
        }

        if (store.Kind == StoreKind.Layer && InsideStargzMount(seen) is { } inside)
        {
            return inside;
        }

        return ClassifyDirectory(seen.Directory) ?? store.Kind switch
        {
            StoreKind.Layer => ClassifyLayerStore(seen, mounts),
            StoreKind.Image => ReadOnlyIncomplete(seen) ?? ClassifyImageStore(seen.Directory),
            StoreKind.Artifact => ClassifyArtifactStore(seen.Directory),
            _ => throw new ArgumentOutOfRangeException(nameof(store), store.Kind, "unknown store kind"),
        };
    }

    private static Verdict Hung(StoreObservation seen, PathResolution resolution)
    {
        var mount = seen.Resolution.StoppedAt is { } m ? $" on {m.FsType} mount {m.MountPoint}" : "";
        var waiting = seen.FuseWaiting is > 0 ? $"; {seen.FuseWaiting} FUSE request(s) waiting" : "";
        var hint = seen.Timeout == ProbeTimeout.EarlierProbeStuck
            ? $"an earlier probe of {resolution.NodePath}{mount} is still stuck in the kernel{waiting}; no new probe started"
            : $"no answer from {resolution.NodePath}{mount} within the timeout{waiting}; the FUSE daemon or server hangs";
        return Verdict.Unhealthy(ProbeReason.Hung, null, hint);
    }

    /// <summary>Checks every kind shares: a readable, searchable, listable directory. Null when all pass.</summary>
    private static Verdict? ClassifyDirectory(DirectoryObservation dir)
    {
        if (dir.StatErrno is { } statErrno)
        {
            return FromErrno(statErrno, "store path");
        }

        if (!dir.IsDirectory)
        {
            return Verdict.Unhealthy(ProbeReason.NotADirectory, "ENOTDIR", "store path is not a directory");
        }

        // A listing that failed for another reason than permissions explains the failed access checks too: right
        // after a FUSE daemon dies, stat is still answered from the kernel's attribute cache (stargz-store: 1 s,
        // containerd/stargz-snapshotter store/fs.go) while access(2) and readdir already get ENOTCONN.
        if (dir.ReadDirErrno is { } readErrno && readErrno is not ("EACCES" or "EPERM"))
        {
            return FromErrno(readErrno, "listing the store directory");
        }

        if (!dir.Readable || !dir.Searchable)
        {
            return Verdict.Unhealthy(ProbeReason.PermissionDenied, "EACCES", "store directory is not readable and searchable");
        }

        return dir.ReadDirErrno is { } deniedErrno ? FromErrno(deniedErrno, "listing the store directory") : null;
    }

    private static Verdict ClassifyLayerStore(StoreObservation seen, MountTable mounts)
    {
        var host = seen.Resolution.HostPath;
        var mount = mounts.At(host);
        if (mount is null)
        {
            if (mounts.Containing(host) is { IsFuse: true } outer)
            {
                return Verdict.Healthy($"inside {outer.FsType} mount {outer.MountPoint} ({outer.Source})");
            }

            var below = host.TrimEnd('/') + "/" + StoreEntryNames.PluginMountSubdir;
            if (mounts.At(below) is { IsFuse: true } sub)
            {
                return Verdict.Degraded(ProbeReason.MountInStoreSubdir,
                    $"not a mount, but {seen.Resolution.NodePath.TrimEnd('/')}/{StoreEntryNames.PluginMountSubdir} is a {sub.FsType} mount ({sub.Source}): configure that path instead");
            }

            return Verdict.Degraded(ProbeReason.PluginNotMounted,
                "plain directory, no FUSE mount yet: containers/storage finds no layers here and pulls normally");
        }

        if (!mount.IsFuse)
        {
            return Verdict.Unhealthy(ProbeReason.WrongFilesystemType, null,
                $"mounted as {mount.FsType} ({mount.Source}), expected a FUSE layer-store plugin (fuse, fuse.*, fuseblk)");
        }

        if (IsStargz(mount) && seen.Pool is { } pool)
        {
            if (pool.Errno is { } errno)
            {
                return ErrnoClassifier.ReasonFor(errno) is ProbeReason.DeadMount or ProbeReason.Hung
                    ? FromErrno(errno, "stargz-store pool")
                    : Verdict.Degraded(ProbeReason.UnexpectedLayout, $"stargz-store answered lstat pool with {errno}");
            }
        }

        return Verdict.Healthy($"{mount.FsType} mount ({mount.Source}) answers");
    }

    private static Verdict? ReadOnlyIncomplete(StoreObservation seen) =>
        seen.ReadOnlyMissing is { Count: > 0 } missing
            ? Verdict.Unhealthy(ProbeReason.ReadOnlyIncomplete, "EROFS",
                $"on a read-only mount without {string.Join(" and ", missing)}: containers/storage must create them and cannot, so CRI-O would not start; add them at the source (empty files will do) or mount it read-write")
            : null;

    private static Verdict ClassifyImageStore(DirectoryObservation dir)
    {
        if (dir.EntryCount == 0)
        {
            return Verdict.Degraded(ProbeReason.EmptyImageStore,
                "empty directory: no images yet (containers/storage will try to create overlay-images/ and overlay-layers/ here)");
        }

        var images = dir.Entries.GetValueOrDefault(StoreEntryNames.OverlayImages);
        var layers = dir.Entries.GetValueOrDefault(StoreEntryNames.OverlayLayers);
        foreach (var (name, entry) in new[] { (StoreEntryNames.OverlayImages, images), (StoreEntryNames.OverlayLayers, layers) })
        {
            if (entry is not null && EntryProblem(entry, name) is { } problem)
            {
                return problem;
            }
        }

        return images is not null && layers is not null
            ? Verdict.Healthy("containers/storage overlay root")
            : Verdict.Degraded(ProbeReason.UnexpectedLayout,
                "no overlay-images/ and overlay-layers/: not an overlay containers/storage root, CRI-O will list no images from it");
    }

    private static Verdict ClassifyArtifactStore(DirectoryObservation dir)
    {
        if (dir.Entries.GetValueOrDefault(StoreEntryNames.Artifacts) is not { } artifacts)
        {
            return Verdict.Degraded(ProbeReason.NoArtifactsDir,
                "no artifacts/ subdirectory: CRI-O creates it (index.json, lock) in this read-only store if it can, else skips the store");
        }

        return EntryProblem(artifacts, StoreEntryNames.Artifacts) ?? Verdict.Healthy("artifacts/ present");
    }

    private static Verdict? EntryProblem(EntryObservation entry, string name)
    {
        if (entry.Errno is { } errno)
        {
            return FromErrno(errno, name + "/");
        }

        if (!entry.IsDirectory)
        {
            return Verdict.Unhealthy(ProbeReason.NotADirectory, "ENOTDIR", $"{name} is not a directory");
        }

        return entry.Readable && entry.Searchable
            ? null
            : Verdict.Unhealthy(ProbeReason.PermissionDenied, "EACCES", $"{name}/ is not readable and searchable");
    }

    private static Verdict FromErrno(string errno, string what)
    {
        var reason = ErrnoClassifier.ReasonFor(errno);
        return Verdict.Unhealthy(reason, errno, ErrnoClassifier.HintFor(reason, what));
    }

    /// <summary>
    /// The store path is below stargz-store's mount point, which answered EINVAL: its root decodes every name as
    /// base64 of an image reference (containerd/stargz-snapshotter store/fs.go, rootnode.Lookup), so
    /// <c>&lt;mount&gt;/store</c> is no directory at all and c/storage's stat of it would fail the same way.
    /// </summary>
    private static Verdict? InsideStargzMount(StoreObservation seen)
    {
        var resolution = seen.Resolution;
        if (seen.Directory?.StatErrno != "EINVAL" || resolution.StoppedAt is not { } mount || !IsStargz(mount)
            || mount.MountPoint.Length >= resolution.HostPath.Length)
        {
            return null;
        }

        var below = resolution.HostPath.Length - mount.MountPoint.TrimEnd('/').Length;
        var nodeMountPoint = resolution.NodePath[..^below];
        return Verdict.Unhealthy(ProbeReason.InsidePluginMount, "EINVAL",
            $"inside the stargz-store mount at {nodeMountPoint}, whose names are image references: configure {nodeMountPoint} instead (or mount the plugin at {resolution.NodePath})");
    }

    /// <summary>stargz-store mounts with go-fuse <c>FsName: "stargzstore"</c> (docs/upstream.md §5.1).</summary>
    public static bool IsStargz(MountInfoEntry mount) => mount.IsFuse && mount.Source == "stargzstore";
}

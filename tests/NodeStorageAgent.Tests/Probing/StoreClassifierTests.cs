using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Classification;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.Probing.Observation;
using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Tests.Probing;

/// <summary>Verdicts on observations recorded from the real stargz-store (tests/tools/stargz-store, issue 14).</summary>
public sealed class StoreClassifierTests
{
    // stargz-store mounted at its root dir instead of <root>/store, as mountinfo shows our build of it (go-fuse
    // names the type fuse.rawBridge).
    private static readonly MountTable s_mounts = MountInfoParser.Parse(
        "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n" +
        "45 1 0:40 / /node/var/lib/stargz-store rw,nodev,relatime - fuse.rawBridge stargzstore rw,user_id=0,group_id=0,allow_other\n");

    [Fact]
    public void LayerStoreInsideTheStargzMount_IsUnhealthyWithTheMountPointAsHint()
    {
        // The real plugin answers a lookup of "store" in its root with EINVAL: every name there is decoded as
        // base64(image ref) (containerd/stargz-snapshotter store/fs.go, rootnode.Lookup). c/storage's stat of the
        // configured path would fail the same way, so the store must stay out; the fix is the mount point itself.
        var mount = s_mounts.At("/node/var/lib/stargz-store")!;
        var resolution = new PathResolution("/var/lib/stargz-store/store", "/node/var/lib/stargz-store/store", false, mount);
        var seen = new StoreObservation(resolution, DirectoryObservation.StatFailed("EINVAL"), InChildProcess: true);

        var verdict = StoreClassifier.Classify(new StoreSpec(StoreKind.Layer, "/var/lib/stargz-store/store"), seen, s_mounts, ForbiddenAreas.Default);

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.InsidePluginMount, "EINVAL"), (verdict.Health, verdict.Reason, verdict.Errno));
        Assert.Contains("configure /var/lib/stargz-store", verdict.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void StargzStoreKilledWithinItsAttributeCacheTime_IsADeadMountNotPermissionDenied()
    {
        // GNU find's real output right after SIGKILL of stargz-store: the kernel still answers stat from its 1 s
        // attribute cache (store/fs.go AttrTimeout), but access(2) and readdir go to the dead daemon, so the root
        // record reads "--" (neither readable nor searchable) and the listing fails with ENOTCONN.
        var mounts = MountInfoParser.Parse(
            "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n" +
            "46 1 0:41 / /node/var/lib/stargz-store/store rw,nodev,relatime - fuse.rawBridge stargzstore rw,user_id=0,group_id=0,allow_other\n");
        const string host = "/node/var/lib/stargz-store/store";
        var parsed = FindOutputParser.Parse(
            $"0\0d\0--\0{host}/.\0\0",
            $"/usr/bin/find: '{host}/.': Transport endpoint is not connected\n/usr/bin/find: '{host}/pool': Transport endpoint is not connected\n",
            host);
        var resolution = new PathResolution("/var/lib/stargz-store/store", host, false, mounts.At(host));
        var seen = new StoreObservation(resolution, parsed.Directory, parsed.Pool, InChildProcess: true);

        var verdict = StoreClassifier.Classify(new StoreSpec(StoreKind.Layer, "/var/lib/stargz-store/store"), seen, mounts, ForbiddenAreas.Default);

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.DeadMount, "ENOTCONN"), (verdict.Health, verdict.Reason, verdict.Errno));
    }

    [Fact]
    public void ImageStoreWithEinvalOnABindfsMount_StaysAnIoError()
    {
        var bindfs = MountInfoParser.Parse("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n50 1 0:99 / /node/mnt/fuse rw - fuse bindfs rw\n");
        var resolution = new PathResolution("/mnt/fuse/images", "/node/mnt/fuse/images", false, bindfs.At("/node/mnt/fuse"));
        var seen = new StoreObservation(resolution, DirectoryObservation.StatFailed("EINVAL"), InChildProcess: true);

        var verdict = StoreClassifier.Classify(new StoreSpec(StoreKind.Image, "/mnt/fuse/images"), seen, bindfs, ForbiddenAreas.Default);

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.IoError), (verdict.Health, verdict.Reason));
    }
}

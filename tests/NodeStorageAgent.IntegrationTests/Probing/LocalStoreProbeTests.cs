using NodeStorageAgent.DesiredState;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Probing;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Probing;

/// <summary>Real node paths (no sandbox root, the real mount table): permissions as a non-root prober, and the
/// layer-store mistakes around a real FUSE mount.</summary>
public sealed class LocalStoreProbeTests
{
    private static async Task<StoreProbeResult> ProbeAsync(StoreSpec store)
    {
        using var prober = new StoreProber(NodeRoot.System, new ProbeOptions(), TimeProvider.System);
        return (await prober.ProbeAsync([store], TestContext.Current.CancellationToken)).Single();
    }

    [Fact]
    public void Mode000Directory_AsProberWithoutDacOverride_IsPermissionDenied()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("setpriv");
        var dir = Directory.CreateTempSubdirectory("nsa-perm-");
        try
        {
            var store = Directory.CreateDirectory(Path.Combine(dir.FullName, "locked")).FullName;
            Assert.Equal(0, Mono.Unix.Native.Syscall.chmod(store, 0));
            const string caps = "-dac_override,-dac_read_search";
            using var host = new ProbeHostProcess([$"image:{store}"], "setpriv", $"--inh-caps={caps}", $"--bounding-set={caps}");

            var result = host.ReadRound(TimeSpan.FromSeconds(20))!.Results.Single();

            Assert.Equal(("Unhealthy", "PermissionDenied", "EACCES"), (result.Health, result.Reason, result.Errno));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ParentOfBindfsStoreMount_IsDegradedWithStoreSubdirHint()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs(mountPointName: "store");

        var result = await ProbeAsync(new StoreSpec(StoreKind.Layer, mount.Dir));

        Assert.Equal((StoreHealth.Degraded, ProbeReason.MountInStoreSubdir), (result.Health, result.Reason));
        Assert.Contains(mount.MountPoint, result.Hint);
    }

    [Fact]
    public async Task ParentOfHungStoreMount_IsStillProbedPromptly()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs(mountPointName: "store");
        mount.Stop();

        var result = await ProbeAsync(new StoreSpec(StoreKind.Layer, mount.Dir));

        Assert.Equal(ProbeReason.MountInStoreSubdir, result.Reason);
        Assert.True(result.Elapsed < TimeSpan.FromMilliseconds(100), $"took {result.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task PlainDirectoryWhereFuseExpected_IsDegradedPluginNotMounted_AfterUnmount()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs();
        var store = new StoreSpec(StoreKind.Layer, mount.MountPoint);
        Assert.Equal(StoreHealth.Healthy, (await ProbeAsync(store)).Health);

        mount.KillDaemon();
        Assert.Equal(ProbeReason.DeadMount, (await ProbeAsync(store)).Reason);
        mount.Unmount();

        var result = await ProbeAsync(store);
        Assert.Equal((StoreHealth.Degraded, ProbeReason.PluginNotMounted), (result.Health, result.Reason));
    }

    [Fact]
    public async Task SymlinkToBindfsMount_IsFollowedThroughToTheFuseRoundTrip()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs(src => Directory.CreateDirectory(Path.Combine(src, "artifacts")));
        var link = Path.Combine(mount.Dir, "link");
        File.CreateSymbolicLink(link, mount.MountPoint);

        var healthy = await ProbeAsync(new StoreSpec(StoreKind.Artifact, link));
        mount.KillDaemon();
        var dead = await ProbeAsync(new StoreSpec(StoreKind.Artifact, link));

        Assert.Equal((StoreHealth.Healthy, mount.MountPoint), (healthy.Health, healthy.ResolvedPath));
        Assert.Equal((ProbeReason.DeadMount, "ENOTCONN"), (dead.Reason, dead.Errno));
    }
}

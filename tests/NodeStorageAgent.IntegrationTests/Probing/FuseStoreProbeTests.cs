using System.Diagnostics;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Probing;

/// <summary>The prober against real FUSE mounts (bindfs, fusepy chaos FS) in healthy, hung, dead and failing states.</summary>
public sealed class FuseStoreProbeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    private static StoreProber CreateProber(TimeSpan? timeout = null) =>
        new(NodeRoot.System, new ProbeOptions { Timeout = timeout ?? s_timeout }, TimeProvider.System);

    private static async Task<StoreProbeResult> ProbeOneAsync(StoreProber prober, StoreSpec store) =>
        (await prober.ProbeAsync([store], TestContext.Current.CancellationToken)).Single();

    [Fact]
    public async Task HealthyMount_IsHealthy()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs(mountPointName: "mnt with space");
        using var prober = CreateProber();
        var store = new StoreSpec(StoreKind.Layer, mount.MountPoint);

        var first = await ProbeOneAsync(prober, store);
        var second = await ProbeOneAsync(prober, store);

        Assert.Equal((StoreHealth.Healthy, ProbeReason.Ok), (first.Health, first.Reason));
        Assert.Equal(StoreHealth.Healthy, second.Health);
    }

    [Fact]
    public async Task KilledDaemon_IsDeadMountWithEnotconn()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Bindfs();
        using var prober = CreateProber();
        var store = new StoreSpec(StoreKind.Image, mount.MountPoint);
        Assert.NotEqual(StoreHealth.Unhealthy, (await ProbeOneAsync(prober, store)).Health);

        mount.KillDaemon();
        var result = await ProbeOneAsync(prober, store);

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.DeadMount, "ENOTCONN"), (result.Health, result.Reason, result.Errno));
    }

    [Fact]
    public async Task StoppedDaemon_IsHung_WithinTimeout_OtherStoreStaysFast_AndRecoversAfterThreeSuccesses()
    {
        Prerequisites.RequireFuse();
        using var hung = FuseMount.Bindfs();
        using var healthy = FuseMount.Bindfs();
        using var prober = CreateProber();
        var tracker = new StoreHealthTracker(HysteresisPolicy.Default);
        var hungStore = new StoreSpec(StoreKind.Layer, hung.MountPoint);
        var healthyStore = new StoreSpec(StoreKind.Layer, healthy.MountPoint);
        StoreSpec[] stores = [hungStore, healthyStore];
        Assert.True(tracker.Update(await prober.ProbeAsync(stores, TestContext.Current.CancellationToken)).Decisions.All(d => d.IsIncluded));

        hung.Stop();
        for (var round = 1; round <= 2; round++)
        {
            var results = await prober.ProbeAsync(stores, TestContext.Current.CancellationToken);
            Assert.Equal((StoreHealth.Unhealthy, ProbeReason.Hung), (results[0].Health, results[0].Reason));
            Assert.True(round == 1 || results[0].Elapsed == TimeSpan.Zero, "a second round must not start a second probe");
            Assert.Equal(StoreHealth.Healthy, results[1].Health);
            var update = tracker.Update(results);
            Assert.Equal(round == 2, update.Transitions.Any(t => t.Store == hungStore && t.To == StoreInclusion.Excluded));
        }

        Assert.False(tracker.IsIncluded(hungStore));
        Assert.Equal(1, prober.StuckCount);   // the first round's child stays the one outstanding probe: no second one
        hung.Continue();
        for (var success = 1; success <= 3; success++)
        {
            var update = tracker.Update(await prober.ProbeAsync(stores, TestContext.Current.CancellationToken));
            Assert.Equal(StoreHealth.Healthy, update.Decisions[0].Latest.Health);
            Assert.Equal(success == 3, tracker.IsIncluded(hungStore));
        }
    }

    [Fact]
    public void StoppedDaemon_RepeatedRounds_DoNotGrowThreadCount()
    {
        Prerequisites.RequireFuse();
        using var hung = FuseMount.Bindfs();
        using var healthy = FuseMount.Bindfs();
        hung.Stop();
        using var host = new ProbeHostProcess(["--timeout-ms", "300", "--rounds", "6", $"layer:{hung.MountPoint}", $"layer:{healthy.MountPoint}"]);

        var rounds = Enumerable.Range(0, 6).Select(_ => host.ReadRound(TimeSpan.FromSeconds(10))!).ToList();

        Assert.All(rounds, r => Assert.Equal("Hung", r.Results[0].Reason));
        Assert.All(rounds, r => Assert.Equal("Healthy", r.Results[1].Health));
        Assert.True(rounds[^1].Threads <= rounds[1].Threads, "threads per round: " + string.Join(',', rounds.Select(r => r.Threads)));
    }

    [Fact]
    public async Task ChaosEio_IsDeadMountWithEio()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Chaos(src => Directory.CreateDirectory(Path.Combine(src, "artifacts")));
        using var prober = CreateProber();
        var store = new StoreSpec(StoreKind.Artifact, mount.MountPoint);
        Assert.Equal(StoreHealth.Healthy, (await ProbeOneAsync(prober, store)).Health);

        mount.SetMode("eio");
        var result = await ProbeOneAsync(prober, store);

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.DeadMount, "EIO"), (result.Health, result.Reason, result.Errno));
    }

    [Fact]
    public async Task ChaosSlow_BelowTimeoutIsHealthy_AboveTimeoutIsHungAndNotReprobedWhileStuck()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Chaos(src => Directory.CreateDirectory(Path.Combine(src, "artifacts")));
        using var prober = CreateProber(TimeSpan.FromSeconds(1));
        var store = new StoreSpec(StoreKind.Artifact, mount.MountPoint);

        mount.SetMode("slow0.02");
        var slow = await ProbeOneAsync(prober, store);
        Assert.Equal(StoreHealth.Healthy, slow.Health);
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(20), $"took {slow.Elapsed.TotalMilliseconds} ms");

        mount.SetMode("slow1.5");   // the daemon holds each request 1.5 s: the child survives SIGKILL meanwhile
        var hung = await ProbeOneAsync(prober, store);
        Assert.Equal(ProbeReason.Hung, hung.Reason);
        Assert.Equal(1, prober.StuckCount);
        var again = await ProbeOneAsync(prober, store);
        Assert.Equal(ProbeReason.Hung, again.Reason);
        Assert.Equal(TimeSpan.Zero, again.Elapsed);
        Assert.Contains("still stuck", again.Hint);

        mount.SetMode("ok");
        var deadline = Stopwatch.StartNew();
        StoreProbeResult recovered;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            recovered = await ProbeOneAsync(prober, store);
        }
        while (recovered.Health != StoreHealth.Healthy && deadline.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(StoreHealth.Healthy, recovered.Health);
        Assert.Equal(0, prober.StuckCount);
    }

    [Fact]
    public void ChaosHang_ProbeStuckOnHeldRequest_HostStillExitsWithin5sOfSigterm()
    {
        Prerequisites.RequireFuse();
        using var mount = FuseMount.Chaos();
        mount.SetMode("hang");
        using var host = new ProbeHostProcess(["--timeout-ms", "300", "--rounds", "1000", "--interval-ms", "50", $"image:{mount.MountPoint}"]);

        var first = host.ReadRound(TimeSpan.FromSeconds(10))!;
        var second = host.ReadRound(TimeSpan.FromSeconds(10))!;
        Assert.Equal("Hung", first.Results[0].Reason);
        Assert.Equal(1, second.Stuck);
        Assert.Equal(0.0, second.Results[0].ElapsedMs);   // not re-probed while the first child is stuck

        var stopwatch = Stopwatch.StartNew();
        Mono.Unix.Native.Syscall.kill(host.Pid, Mono.Unix.Native.Signum.SIGTERM);
        Assert.True(host.Process.WaitForExit(5000), "probe host did not exit within 5 s of SIGTERM");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }
}

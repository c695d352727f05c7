using System.Diagnostics;
using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>The daemon against real bindfs FUSE stores under its root: a crashed plugin, its recovery, and a hung
/// mount at start (docs/node-findings.md §1.2, §1.3, §7.1).</summary>
public sealed class StoreHealthTests
{
    [Fact]
    public void Run_FuseStoreDaemonKilledThenRemounted_LeavesAndRejoinsTheConfigWithOneRestartEach()
    {
        Prerequisites.RequireFuse();
        using var sandbox = new AgentSandbox();
        var mount = sandbox.FuseImageStore("/mnt/fuse-img", "fuse-img");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/local-img"), "/mnt/fuse-img"]));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        Assert.Contains("\"/mnt/fuse-img\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);

        mount.KillDaemon();
        sandbox.WaitUntil(() => !File.ReadAllText(sandbox.StorageConf).Contains("/mnt/fuse-img", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the dead store left out of storage.conf");
        sandbox.WaitForSettled(generation: 2, restarts: 2);
        Assert.Contains("\"/mnt/local-img\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        var dead = sandbox.Status()!.Stores.Single(s => s.Path == "/mnt/fuse-img");
        Assert.False(dead.InConfig);
        Assert.Equal("ENOTCONN", dead.Errno);
        Assert.Equal(AgentHealth.Degraded, sandbox.Status()!.Health);

        var remountedAt = Stopwatch.StartNew();
        sandbox.Remount(mount);
        sandbox.WaitUntil(() => File.ReadAllText(sandbox.StorageConf).Contains("\"/mnt/fuse-img\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the recovered store back in storage.conf");
        var readdedAfter = remountedAt.Elapsed;
        sandbox.WaitForSettled(generation: 3, restarts: 3);

        // Three good probes 200 ms apart: the first may come at once, the third no sooner than 400 ms later.
        Assert.True(readdedAfter >= TimeSpan.FromMilliseconds(380), $"re-added after {readdedAfter.TotalMilliseconds} ms: no hysteresis\n{sandbox.Describe()}");
        Assert.Equal(AgentHealth.Healthy, sandbox.Status()!.Health);
        sandbox.AssertRestartsStay(3, TimeSpan.FromSeconds(1));
        agent.StopCleanly();
    }

    [Fact]
    public void Run_StoreHangsWhileInTheConfig_LeavesWithoutWaitingAnotherProbeInterval()
    {
        // Hysteresis wants two failed probes. A failing in-config store is re-probed at once, and the first probe's
        // timed-out child stays outstanding, so the second failure is immediate: once status shows the store hung
        // (first failure), it leaves the config well within one probe interval, not an interval + a timeout later.
        Prerequisites.RequireFuse();
        using var sandbox = new AgentSandbox();
        var mount = sandbox.FuseImageStore("/mnt/fuse-img", "fuse-img");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/local-img"), "/mnt/fuse-img"]));
        var interval = TimeSpan.FromSeconds(4);
        var agent = sandbox.StartRun(["--probe-interval", "4s", "--probe-timeout", "500ms"]);
        sandbox.WaitForSettled(generation: 1, restarts: 1);

        mount.Stop();
        Stopwatch? sinceFirstFailure = null;
        sandbox.WaitUntil(
            () =>
            {
                var inConfig = File.ReadAllText(sandbox.StorageConf).Contains("/mnt/fuse-img", StringComparison.Ordinal);
                if (inConfig && sinceFirstFailure is null && sandbox.Status()?.Stores.Single(s => s.Path == "/mnt/fuse-img").Reason == "hung")
                {
                    sinceFirstFailure = Stopwatch.StartNew();
                }

                return !inConfig;
            },
            interval * 3,
            "the hung store left out of storage.conf");

        var after = sinceFirstFailure?.Elapsed ?? TimeSpan.Zero;
        Assert.True(after < interval / 2, $"left the config {after.TotalMilliseconds:0} ms after its first failed probe\n{sandbox.Describe()}");
        mount.Continue();
        agent.StopCleanly();
    }

    [Fact]
    public void Run_HungFuseStoreUnderWorkingDirectoryAtBoot_ReadyWithinBootWaitLeavesItOutAndStopsPromptly()
    {
        Prerequisites.RequireFuse();
        using var sandbox = new AgentSandbox(crioState: "inactive");
        using var notify = new NotifySocketListener(Path.Combine(sandbox.Root, "notify.sock"));
        var mount = sandbox.FuseImageStore("/mnt/hung-img", "hung-img");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/local-img"), "/mnt/hung-img"]));
        mount.Stop();

        var clock = Stopwatch.StartNew();
        var agent = sandbox.StartRun(["--boot-wait", "2s"], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path }, workingDirectory: sandbox.Root);
        sandbox.WaitUntil(() => notify.Messages.Any(m => m.Split('\n').Contains("READY=1")), TimeSpan.FromSeconds(2 + 8), "READY=1 within the boot wait + 8 s");
        var readyAfter = clock.Elapsed;

        var storageConf = File.ReadAllText(sandbox.StorageConf);
        Assert.Contains("\"/mnt/local-img\"", storageConf, StringComparison.Ordinal);
        Assert.DoesNotContain("/mnt/hung-img", storageConf, StringComparison.Ordinal);
        var hung = sandbox.Status()!.Stores.Single(s => s.Path == "/mnt/hung-img");
        Assert.False(hung.InConfig);
        Assert.Equal("hung", hung.Health == "unhealthy" ? hung.Reason : hung.Health);
        Assert.True(readyAfter >= TimeSpan.FromSeconds(2), $"READY after {readyAfter}: the boot wait for the store was skipped");

        var (code, took) = agent.Terminate(TimeSpan.FromSeconds(5));
        Assert.True(code == 0, $"exit {code} after {took}\n{agent.Output}");
        Assert.Equal(0, sandbox.Restarts);
    }
}

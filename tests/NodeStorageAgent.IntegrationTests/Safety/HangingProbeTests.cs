using System.Diagnostics;
using NodeStorageAgent.IntegrationTests.Apply;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Safety;

/// <summary>
/// Stores whose name looks local but whose lookups reach a hung FUSE daemon (issue 11 item 10): an artifact store
/// whose <c>artifacts/</c> is a symlink into the hung mount, and an image store that is an overlay with the hung mount
/// as a lower layer. The real binary at boot must send READY within the boot-wait bound, keep status.json and the
/// watchdog going, leave the store out, and exit promptly on SIGTERM.
/// </summary>
public sealed class HangingProbeTests
{
    private static readonly TimeSpan s_bootWait = TimeSpan.FromSeconds(2);

    [Fact]
    public void Run_ArtifactsSymlinkedIntoAHungFuseMount_StaysResponsive()
    {
        Prerequisites.RequireFuse();
        using var sandbox = new AgentSandbox(crioState: "inactive");
        var fuse = sandbox.FuseImageStore("/mnt/fuse", "fuse-src");
        Directory.CreateDirectory(Path.Combine(fuse.Source, "artifacts")); // behind the mount: no cached lookup
        Directory.CreateDirectory(sandbox.Host("/mnt/art"));
        // Relative, so the kernel (in-process stat) and the agent (node paths under --root) follow it to the same place.
        File.CreateSymbolicLink(sandbox.Host("/mnt/art/artifacts"), "../fuse/artifacts");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/local-img")], artifacts: ["/mnt/art"]));
        fuse.Stop();

        AssertResponsiveAndLeftOut(sandbox, "/mnt/art");
    }

    [Fact]
    public void Run_OverlayOverAHungFuseLowerLayer_StaysResponsive()
    {
        Prerequisites.RequireFuse();
        Prerequisites.RequireRoot();
        using var sandbox = new AgentSandbox(crioState: "inactive");
        var fuse = sandbox.FuseImageStore("/mnt/fuse", "fuse-src");
        var baseLayer = sandbox.Host("/mnt/base");
        Directory.CreateDirectory(baseLayer);
        var overlay = sandbox.Host("/mnt/ovl");
        Directory.CreateDirectory(overlay);
        ScratchMount.Run("mount", "-t", "overlay", "nsa-test-overlay", "-o", $"lowerdir={fuse.MountPoint}:{baseLayer}", overlay);
        try
        {
            Assert.True(Directory.Exists(Path.Combine(overlay, "overlay-images")), "the overlay shows the FUSE layer");
            sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/local-img"), "/mnt/ovl"]));
            fuse.Stop();

            AssertResponsiveAndLeftOut(sandbox, "/mnt/ovl");
        }
        finally
        {
            ScratchMount.Run("umount", "-l", overlay);
        }
    }

    private static void AssertResponsiveAndLeftOut(AgentSandbox sandbox, string hungStore)
    {
        using var notify = new NotifySocketListener(Path.Combine(sandbox.Root, "notify.sock"));
        var clock = Stopwatch.StartNew();
        var agent = sandbox.StartRun(["--boot-wait", $"{s_bootWait.TotalSeconds}s"], new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = notify.Path,
            ["WATCHDOG_USEC"] = "400000",
            ["WATCHDOG_PID"] = null,
        });

        // The bound: the boot wait, plus a probe timeout (1 s) and start-up; a blocked probe means no READY at all.
        sandbox.WaitUntil(() => notify.Messages.Any(IsReady), s_bootWait + TimeSpan.FromSeconds(8), "READY=1 within the boot-wait bound");
        Assert.True(clock.Elapsed >= s_bootWait, $"READY after {clock.Elapsed}: the boot wait for the hung store was skipped");

        var first = sandbox.Status()!.HeartbeatUtc;
        sandbox.WaitUntil(() => sandbox.Status() is { } s && s.HeartbeatUtc > first, TimeSpan.FromSeconds(10), "status.json heartbeat advancing");
        sandbox.WaitUntil(() => notify.Messages.SkipWhile(m => !IsReady(m)).Count(m => m == "WATCHDOG=1") >= 3,
            TimeSpan.FromSeconds(10), "three WATCHDOG=1 pings after READY");

        var store = sandbox.Status()!.Stores.Single(s => s.Path == hungStore);
        Assert.False(store.InConfig, $"{hungStore}: {store.Health} {store.Reason} {store.Hint}");
        Assert.Equal("unhealthy", store.Health);
        Assert.DoesNotContain(hungStore, File.ReadAllText(sandbox.StorageConf) + (File.Exists(sandbox.DropIn) ? File.ReadAllText(sandbox.DropIn) : ""), StringComparison.Ordinal);

        var (code, took) = agent.Terminate(TimeSpan.FromSeconds(5));
        Assert.True(code == 0, $"exit {code} after {took}\n{agent.Output}");
    }

    private static bool IsReady(string message) => message.Split('\n').Contains("READY=1");
}

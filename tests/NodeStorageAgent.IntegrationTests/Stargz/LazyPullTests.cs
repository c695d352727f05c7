using System.Diagnostics;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Lazy pulling for real (issue 14): the agent binary configures the real stargz-store (our main around the packaged
/// store package) as an additional layer store, and podman 4.3 pulls and runs eStargz images from a loopback
/// registry through the storage.conf the agent wrote. Bytes are counted by a proxy in front of the registry.
/// </summary>
[Collection(StargzCollection.Name)]
public sealed class LazyPullTests(StargzImages images)
{
    private const string StoreRoot = StargzNode.StoreRoot;
    private const string StorePath = StargzNode.StorePath;
    private static readonly TimeSpan s_podmanLimit = StargzNode.PodmanLimit;

    [Fact]
    public void AgentConfiguredStore_ServesTheLayersOfAPull_FetchingFarLessThanTheImage()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StartStore(sandbox);
        var agent = StartAgent(sandbox, StorePath);
        Assert.Equal([StorePath + ":ref"], sandbox.StorageConfStrings("additionallayerstores"));
        var status = sandbox.Status()!.Stores.Single();
        Assert.True(status is { Health: "healthy", InConfig: true }, $"{status}\n{sandbox.Describe()}");

        var podman = Podman(sandbox);
        var before = images.Registry.Proxy.BytesFromRegistry;
        podman.Pull(images.Large.Reference(images.Registry), s_podmanLimit).AssertSuccess("lazy pull of the large image");
        var fetched = images.Registry.Proxy.BytesFromRegistry - before;

        // c/storage CreateAs links the layer's diff into the store (docs/upstream.md §3.2); stargz-store 0.12 names it
        // <store>/base64(ref)/<compressed digest>/diff.
        var diff = Assert.Single(podman.StoreServedDiffs());
        Assert.Equal($"{StorePath}/{RefDir(images.Large)}/{images.Large.LayerDigest}/diff", diff);
        Assert.True(fetched < images.Large.LayerSize / 20,
            $"fetched {fetched} bytes for a {images.Large.LayerSize}-byte layer: not a lazy pull\n{store.Log}");

        var run = podman.Run(images.Small(0).Reference(images.Registry), s_podmanLimit).AssertSuccess("run of a small eStargz image");
        Assert.Equal("hello from small0\n", run.Stdout);
        Assert.Equal(2, podman.StoreServedDiffs().Count);
        agent.StopCleanly();
    }

    [Fact]
    public void StoreKilled_AgentLeavesItOut_PullsWorkNormally_WhileTheNaiveConfigFails()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StartStore(sandbox);
        var agent = StartAgent(sandbox, StorePath);
        var naive = Path.Combine(sandbox.Root, "naive-storage.conf");
        File.Copy(sandbox.StorageConf, naive);

        store.Kill();
        sandbox.WaitUntil(() => sandbox.StorageConfStrings("additionallayerstores") is null or [],
            TimeSpan.FromSeconds(10), "the dead stargz-store left out of storage.conf");
        sandbox.WaitForSettled(generation: 2, restarts: 2);
        var dead = sandbox.Status()!.Stores.Single();
        Assert.True(dead is { InConfig: false, Reason: "dead-mount", Errno: "ENOTCONN" }, $"{dead}");

        var podman = Podman(sandbox);
        var small = images.Small(1);
        var before = images.Registry.Proxy.BytesFromRegistry;
        var run = podman.Run(small.Reference(images.Registry), s_podmanLimit).AssertSuccess("run through the agent's config");
        Assert.Equal("hello from small1\n", run.Stdout);
        Assert.Empty(podman.StoreServedDiffs());
        Assert.True(images.Registry.Proxy.BytesFromRegistry - before >= small.LayerSize, "a normal pull downloads the whole layer");

        // The contrast: the same node with the store still listed, as a static config would leave it.
        var naivePull = new NodePodman(sandbox.Root, naive, NewState(sandbox)).Pull(small.Reference(images.Registry), s_podmanLimit);
        Assert.False(naivePull.Succeeded, $"the naive config pulled: {naivePull}");
        Assert.Contains("transport endpoint is not connected", naivePull.Stderr, StringComparison.Ordinal);
        agent.StopCleanly();
    }

    [Fact]
    public void StoreHung_PodmanThroughTheAgentsConfigDoesNotHang_TheNaiveConfigDoes()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StartStore(sandbox);
        var agent = StartAgent(sandbox, StorePath);
        var naive = Path.Combine(sandbox.Root, "naive-storage.conf");
        File.Copy(sandbox.StorageConf, naive);

        store.Stop();
        sandbox.WaitUntil(() => sandbox.StorageConfStrings("additionallayerstores") is null or [],
            TimeSpan.FromSeconds(10), "the hung stargz-store left out of storage.conf");
        Assert.Equal("hung", sandbox.Status()!.Stores.Single().Reason);

        var small = images.Small(2);
        var run = Podman(sandbox).Run(small.Reference(images.Registry), s_podmanLimit);
        Assert.True(run.Succeeded, $"podman through the agent's config: {run}");
        Assert.Equal("hello from small2\n", run.Stdout);

        // The naive config stats the hung mount at driver init and waits forever; the bound ends it.
        var naivePull = new NodePodman(sandbox.Root, naive, NewState(sandbox)).Pull(small.Reference(images.Registry), TimeSpan.FromSeconds(10));
        Assert.True(naivePull.TimedOut, $"podman with the hung store listed did not hang: {naivePull}");
        store.Continue();
        agent.StopCleanly();
    }

    [Fact]
    public void StoreRestarted_ReturnsAfterTheHysteresis_AndLazyPullsResume()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StartStore(sandbox);
        var agent = StartAgent(sandbox, StorePath);
        store.Kill();
        sandbox.WaitForSettled(generation: 2, restarts: 2);

        var restartedAt = Stopwatch.StartNew();
        store.Restart();
        sandbox.WaitUntil(() => sandbox.StorageConfStrings("additionallayerstores") is [StorePath + ":ref"],
            TimeSpan.FromSeconds(10), "the restarted stargz-store back in storage.conf");
        var back = restartedAt.Elapsed;
        sandbox.WaitForSettled(generation: 3, restarts: 3);

        // Three good probes 200 ms apart (AgentSandbox.FastRunOptions): not before the second interval has passed.
        Assert.True(back >= TimeSpan.FromMilliseconds(380), $"back after {back.TotalMilliseconds} ms: no hysteresis\n{sandbox.Describe()}");
        Assert.Equal(AgentHealth.Healthy, sandbox.Status()!.Health);

        var podman = Podman(sandbox);
        var before = images.Registry.Proxy.BytesFromRegistry;
        podman.Pull(images.Large.Reference(images.Registry), s_podmanLimit).AssertSuccess("lazy pull after the restart");
        Assert.Single(podman.StoreServedDiffs());
        Assert.True(images.Registry.Proxy.BytesFromRegistry - before < images.Large.LayerSize / 20, "lazy again");
        agent.StopCleanly();
    }

    private static StargzStoreDaemon StartStore(AgentSandbox sandbox) => StargzNode.StartStore(sandbox);

    private static AgentProcess StartAgent(AgentSandbox sandbox, string layerStore) => StargzNode.StartAgent(sandbox, layerStore);

    private static NodePodman Podman(AgentSandbox sandbox) => StargzNode.Podman(sandbox);

    private static string NewState(AgentSandbox sandbox) => StargzNode.NewState(sandbox);

    private string RefDir(EstargzImage image) => StargzNode.RefDir(image, images.Registry);
}

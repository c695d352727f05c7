using System.Text;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Issue 14 (6): where stargz-store is mounted vs. which path is configured. Whatever the agent's hint says to
/// configure is checked against what the real plugin and podman then do.
/// </summary>
[Collection(StargzCollection.Name)]
public sealed class StoreLayoutTests(StargzImages images)
{
    private const string StoreRoot = StargzNode.StoreRoot;
    private const string StorePath = StargzNode.StorePath;

    [Fact]
    public void RootDirConfigured_MountInStoreSubdir_PullsNormallyUntilTheHintedPathIsConfigured()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StargzNode.StartStore(sandbox);
        var agent = StargzNode.StartAgent(sandbox, StoreRoot);
        var seen = sandbox.Status()!.Stores.Single();
        Assert.True(seen is { Health: "degraded", Reason: "mount-in-store-subdir", InConfig: true }, $"{seen}");
        Assert.Contains($"{StorePath} is a fuse.rawBridge mount (stargzstore): configure that path instead", seen.Hint, StringComparison.Ordinal);
        Assert.Equal([StoreRoot + ":ref"], sandbox.StorageConfStrings("additionallayerstores"));

        // Kept (containers/storage starts with it), but useless: c/storage looks for <root>/base64(ref)/<digest>/diff.
        var small = images.Small(3);
        var before = images.Registry.Proxy.BytesFromRegistry;
        var podman = StargzNode.Podman(sandbox);
        podman.Pull(small.Reference(images.Registry), StargzNode.PodmanLimit).AssertSuccess("pull through the root dir");
        Assert.Empty(podman.StoreServedDiffs());
        Assert.True(images.Registry.Proxy.BytesFromRegistry - before >= small.LayerSize, "a normal pull");

        sandbox.WriteDesired(StargzNode.LayerStoreDesired(StorePath));
        sandbox.WaitForSettled(generation: 2, restarts: 2);
        Assert.Equal("healthy", sandbox.Status()!.Stores.Single().Health);
        var lazy = StargzNode.Podman(sandbox);
        before = images.Registry.Proxy.BytesFromRegistry;
        lazy.Pull(images.Large.Reference(images.Registry), StargzNode.PodmanLimit).AssertSuccess("pull through the hinted path");
        Assert.Single(lazy.StoreServedDiffs());
        Assert.True(images.Registry.Proxy.BytesFromRegistry - before < images.Large.LayerSize / 20, "lazy through the hinted path");
        agent.StopCleanly();
    }

    [Fact]
    public void PluginMountedAtTheRootDir_StoreSubdirIsLeftOut_AsPodmanWouldFailOnIt_AndTheHintedPathWorks()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StargzNode.StartStore(sandbox, rootDir: "/var/lib/stargz-cache", mountPoint: StoreRoot);
        sandbox.WriteDesired(StargzNode.LayerStoreDesired(StorePath));
        var agent = sandbox.StartRun();
        sandbox.WaitForStatus(s => s.Stores.Count == 1, TimeSpan.FromSeconds(10), "the store probed");
        var seen = sandbox.Status()!.Stores.Single();
        Assert.True(seen is { Health: "unhealthy", Reason: "inside-plugin-mount", Errno: "EINVAL", InConfig: false }, $"{seen}");
        Assert.Contains($"configure {StoreRoot} instead", seen.Hint, StringComparison.Ordinal);

        // The real consumer agrees: with the path listed anyway, podman's overlay driver cannot stat it.
        var naive = Path.Combine(sandbox.Root, "naive-storage.conf");
        var rendered = StorageConfRenderer.Render(sandbox.OriginalStorageConf, "storage.conf", StorageOwnership.None, [], [StorePath]);
        File.WriteAllBytes(naive, rendered.Content!);
        var small = images.Small(4);
        var naivePull = new NodePodman(sandbox.Root, naive, StargzNode.NewState(sandbox)).Pull(small.Reference(images.Registry), StargzNode.PodmanLimit);
        Assert.False(naivePull.Succeeded, $"podman accepted a layer store inside the plugin's mount: {naivePull}");
        Assert.Contains("invalid argument", naivePull.Stderr, StringComparison.Ordinal);

        // Nothing was written for a desired state whose only store is left out: the hinted path is the first change.
        Assert.Equal(0, sandbox.Restarts);
        sandbox.WriteDesired(StargzNode.LayerStoreDesired(StoreRoot));
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        Assert.Equal([StoreRoot + ":ref"], sandbox.StorageConfStrings("additionallayerstores"));
        var lazy = StargzNode.Podman(sandbox);
        var before = images.Registry.Proxy.BytesFromRegistry;
        lazy.Pull(images.Large.Reference(images.Registry), StargzNode.PodmanLimit).AssertSuccess("pull through the hinted path");
        Assert.Equal($"{StoreRoot}/{StargzNode.RefDir(images.Large, images.Registry)}/{images.Large.LayerDigest}/diff", Assert.Single(lazy.StoreServedDiffs()));
        Assert.True(images.Registry.Proxy.BytesFromRegistry - before < images.Large.LayerSize / 20, "lazy through the hinted path");
        agent.StopCleanly();
    }
}

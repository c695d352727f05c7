using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Issue 14 (5): the registry goes away while stargz-store is up, after a lazy pull. What a container then sees is
/// recorded here; the agent's decision is to keep the store: its probe is answered by the plugin itself
/// (<c>lstat pool</c>), leaving the store out would not help (running containers keep the FUSE mount as their
/// lower layer, docs/upstream.md §3.2; a normal pull needs the same registry) and would cost a CRI-O restart.
/// </summary>
[Collection(StargzCollection.Name)]
public sealed class RegistryDownTests(StargzImages images)
{
    [Fact]
    public void RegistryDown_UnfetchedContentFailsToRead_StoreStaysHealthyAndInConfig_ReadsWorkAgainWhenItIsBack()
    {
        StargzTools.Require();
        using var sandbox = new AgentSandbox();
        using var store = StargzNode.StartStore(sandbox);
        var agent = StargzNode.StartAgent(sandbox, StargzNode.StorePath);
        var podman = StargzNode.Podman(sandbox);
        var large = images.Large.Reference(images.Registry);
        var first = podman.Run(large, StargzNode.PodmanLimit, "4096").AssertSuccess("lazy run reading the model's first 4 KiB");
        Assert.StartsWith("started\nread 4096 bytes", first.Stdout, StringComparison.Ordinal);

        images.Registry.Stop();
        try
        {
            var down = podman.Run(large, StargzNode.PodmanLimit);
            Assert.False(down.TimedOut, $"reading unfetched content with the registry down hung: {down}");
            Assert.StartsWith("started\n", down.Stdout, StringComparison.Ordinal);
            Assert.NotEqual(0, down.ExitCode);
            Assert.Contains("input/output error", down.Stderr, StringComparison.Ordinal);

            var probe = sandbox.Cli("probe");
            Assert.True(probe.ExitCode == 0, $"{probe}");
            var status = sandbox.Status()!;
            Assert.True(status.Stores.Single() is { Health: "healthy", InConfig: true }, sandbox.Describe());
            Assert.Equal(AgentHealth.Healthy, status.Health);
            Assert.Equal(1, sandbox.Restarts);
        }
        finally
        {
            images.Registry.Start();
        }

        // 64 MiB of content never fetched before (the first run read 4 KiB) is enough to show reads work again; the
        // whole model lazily takes half a minute on a loaded CI machine.
        var back = podman.Run(large, StargzNode.PodmanLimit, $"{64 << 20}").AssertSuccess("64 MiB read with the registry back");
        Assert.Contains($"read {64 << 20} bytes", back.Stdout, StringComparison.Ordinal);
        agent.StopCleanly();
    }
}

using NodeStorageAgent.DesiredState;
using NodeStorageAgent.IntegrationTests.Apply;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Probing;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Safety;

/// <summary>Store checks by what the path really is, not its name (issue 11 item 14): real bind mounts of kernel
/// filesystems and of the graphroot, and a symlink into a non-default graphroot, probed by the real prober.</summary>
public sealed class StoreLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsa-location-").FullName;
    private readonly List<string> _mounts = [];

    public void Dispose()
    {
        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            ScratchMount.Run("umount", "-l", _mounts[i]);
        }

        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("/proc")]
    [InlineData("/sys")]
    [InlineData("/dev")]
    public async Task BindMountOfAKernelFilesystem_IsUnhealthy(string source)
    {
        Prerequisites.RequireRoot();
        Bind(source, "/mnt/bound");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/bound");

        Assert.True((result.Health, result.Reason) == (StoreHealth.Unhealthy, ProbeReason.PseudoFilesystem), $"{result.Health} {result.Reason}: {result.Hint}");
    }

    [Fact]
    public async Task BindMountOfTheGraphroot_IsUnhealthy()
    {
        Prerequisites.RequireRoot();
        WriteStorageConf("/var/lib/containers/storage");
        AgentSandbox.PopulateImageStore(Host("/var/lib/containers/storage"));
        Bind(Host("/var/lib/containers/storage"), "/mnt/graph-bind");
        Bind(Host("/var/lib/containers/storage/overlay-images"), "/mnt/images-bind");

        var same = await ProbeAsync(StoreKind.Image, "/mnt/graph-bind");
        var inside = await ProbeAsync(StoreKind.Artifact, "/mnt/images-bind");

        Assert.True((same.Health, same.Reason) == (StoreHealth.Unhealthy, ProbeReason.StorageRootOverlap), $"{same.Health} {same.Reason}: {same.Hint}");
        Assert.Contains("graphroot", same.Hint, StringComparison.Ordinal);
        Assert.True((inside.Health, inside.Reason) == (StoreHealth.Unhealthy, ProbeReason.StorageRootOverlap), $"{inside.Health} {inside.Reason}: {inside.Hint}");
        Assert.Contains("is inside", inside.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymlinkIntoANonDefaultGraphroot_IsUnhealthy()
    {
        WriteStorageConf("/data/containers/storage");
        AgentSandbox.PopulateImageStore(Host("/data/containers/storage"));
        AgentSandbox.PopulateImageStore(Host("/mnt/real-images"));
        Directory.CreateDirectory(Host("/mnt"));
        File.CreateSymbolicLink(Host("/mnt/link"), "/data/containers/storage");

        var linked = await ProbeAsync(StoreKind.Image, "/mnt/link");
        var separate = await ProbeAsync(StoreKind.Image, "/mnt/real-images");

        Assert.True((linked.Health, linked.Reason) == (StoreHealth.Unhealthy, ProbeReason.StorageRootOverlap), $"{linked.Health} {linked.Reason}: {linked.Hint}");
        Assert.Equal(StoreHealth.Healthy, separate.Health);
    }

    private string Host(string nodePath) => new NodeRoot(_root).Resolve(nodePath);

    private void WriteStorageConf(string graphroot)
    {
        Directory.CreateDirectory(Host("/etc/containers"));
        File.WriteAllText(Host("/etc/containers/storage.conf"),
            $"[storage]\ndriver = \"overlay\"\nrunroot = \"/run/containers/storage\"\ngraphroot = \"{graphroot}\"\n");
    }

    private void Bind(string source, string nodePath)
    {
        var target = Host(nodePath);
        Directory.CreateDirectory(target);
        ScratchMount.Run("mount", "--bind", source, target);
        _mounts.Add(target);
    }

    private async Task<StoreProbeResult> ProbeAsync(StoreKind kind, string nodePath)
    {
        using var prober = new StoreProber(new NodeRoot(_root), new ProbeOptions(), TimeProvider.System);
        return (await prober.ProbeAsync([new StoreSpec(kind, nodePath)], TestContext.Current.CancellationToken)).Single();
    }
}

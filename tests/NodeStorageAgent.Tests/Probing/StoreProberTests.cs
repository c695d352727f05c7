using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Probing;

/// <summary>
/// The prober on real temp directories under a <c>--root</c> sandbox, with an injected mount table: pretending a plain
/// directory is a FUSE mount routes it through the child-process probe, which then really runs.
/// </summary>
public sealed class StoreProberTests : IDisposable
{
    private readonly string _host = Directory.CreateTempSubdirectory("nsa-prober-").FullName;
    private readonly NodeRoot _root;

    public StoreProberTests() => _root = new NodeRoot(_host);

    public void Dispose() => Directory.Delete(_host, recursive: true);

    private string Dir(string nodePath) => Directory.CreateDirectory(_root.Resolve(nodePath)).FullName;

    private async Task<StoreProbeResult> ProbeAsync(StoreKind kind, string nodePath, string mountInfo = "")
    {
        var table = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n" + mountInfo;
        using var prober = new StoreProber(_root, new ProbeOptions(), TimeProvider.System, new FixedMountTableSource(table));
        return (await prober.ProbeAsync([new StoreSpec(kind, nodePath)], TestContext.Current.CancellationToken)).Single();
    }

    private string FuseLine(string nodePath, string source = "stargzstore", string fsType = "fuse") =>
        $"50 1 0:99 / {_root.Resolve(nodePath).Replace(" ", @"\040", StringComparison.Ordinal)} rw - {fsType} {source} rw\n";

    [Fact]
    public async Task Missing_IsUnhealthyMissingAtTheMissingComponent()
    {
        Dir("/var/lib");

        var result = await ProbeAsync(StoreKind.Image, "/var/lib/nope/store");

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.Missing, "ENOENT"), (result.Health, result.Reason, result.Errno));
        Assert.Contains("/var/lib/nope", result.Hint);
        Assert.False(result.IsSafe);
    }

    [Fact]
    public async Task RegularFile_IsNotADirectory()
    {
        File.WriteAllText(Path.Combine(Dir("/mnt"), "file"), "x");

        var result = await ProbeAsync(StoreKind.Artifact, "/mnt/file");

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.NotADirectory), (result.Health, result.Reason));
    }

    [Fact]
    public async Task SymlinkIntoProc_IsSymlinkEscape_AndResolvedInsideTheRoot()
    {
        Dir("/proc/self");
        Dir("/mnt");
        File.CreateSymbolicLink(_root.Resolve("/mnt/store"), "/proc/self");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/store");

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.SymlinkEscape), (result.Health, result.Reason));
        Assert.Equal("/proc/self", result.ResolvedPath);
    }

    [Fact]
    public async Task RelativeSymlinkToGraphroot_IsSymlinkEscape()
    {
        Dir("/var/lib/containers/storage/overlay-images");
        File.CreateSymbolicLink(_root.Resolve("/var/lib/images"), "containers/./storage");

        var result = await ProbeAsync(StoreKind.Image, "/var/lib/images");

        Assert.Equal(ProbeReason.SymlinkEscape, result.Reason);
        Assert.Equal("/var/lib/containers/storage", result.ResolvedPath);
    }

    [Fact]
    public async Task SymlinkElsewhere_IsFollowedAndReported()
    {
        Dir("/data/images/overlay-images");
        Dir("/data/images/overlay-layers");
        Dir("/mnt");
        File.CreateSymbolicLink(_root.Resolve("/mnt/images"), "../data/images");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/images");

        Assert.Equal((StoreHealth.Healthy, "/data/images"), (result.Health, result.ResolvedPath));
        Assert.Contains("resolves to /data/images", result.Hint);
    }

    [Fact]
    public async Task SymlinkLoop_IsUnhealthy()
    {
        Dir("/mnt");
        File.CreateSymbolicLink(_root.Resolve("/mnt/a"), "b");
        File.CreateSymbolicLink(_root.Resolve("/mnt/b"), "a");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/a");

        Assert.Equal((ProbeReason.SymlinkLoop, "ELOOP"), (result.Reason, result.Errno));
    }

    [Fact]
    public async Task EmptyImageStore_IsDegraded()
    {
        Dir("/mnt/images");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/images");

        Assert.Equal((StoreHealth.Degraded, ProbeReason.EmptyImageStore), (result.Health, result.Reason));
        Assert.True(result.IsSafe);
    }

    [Fact]
    public async Task VfsImageStore_IsDegradedUnexpectedLayout()
    {
        Dir("/mnt/images/vfs-images");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/images");

        Assert.Equal((StoreHealth.Degraded, ProbeReason.UnexpectedLayout), (result.Health, result.Reason));
    }

    [Fact]
    public async Task OverlayImagesAsFile_IsUnhealthy()
    {
        Dir("/mnt/images/overlay-layers");
        File.WriteAllText(_root.Resolve("/mnt/images/overlay-images"), "");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/images");

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.NotADirectory), (result.Health, result.Reason));
        Assert.Contains("overlay-images", result.Hint);
    }

    [Fact]
    public async Task ArtifactStoreWithoutArtifacts_IsDegraded_WithArtifactsHealthy()
    {
        Dir("/mnt/art");
        var without = await ProbeAsync(StoreKind.Artifact, "/mnt/art");
        Dir("/mnt/art/artifacts");
        var with = await ProbeAsync(StoreKind.Artifact, "/mnt/art");

        Assert.Equal((StoreHealth.Degraded, ProbeReason.NoArtifactsDir), (without.Health, without.Reason));
        Assert.Equal(StoreHealth.Healthy, with.Health);
    }

    [Fact]
    public async Task LayerStorePlainDirectory_IsDegradedPluginNotMounted()
    {
        Dir("/var/lib/stargz-store/store");

        var result = await ProbeAsync(StoreKind.Layer, "/var/lib/stargz-store/store");

        Assert.Equal((StoreHealth.Degraded, ProbeReason.PluginNotMounted), (result.Health, result.Reason));
    }

    [Fact]
    public async Task LayerStoreParentOfPluginMount_HintsAtStoreSubdir()
    {
        Dir("/var/lib/stargz-store/store");

        var result = await ProbeAsync(StoreKind.Layer, "/var/lib/stargz-store", FuseLine("/var/lib/stargz-store/store"));

        Assert.Equal((StoreHealth.Degraded, ProbeReason.MountInStoreSubdir), (result.Health, result.Reason));
        Assert.Contains("/var/lib/stargz-store/store", result.Hint);
    }

    [Fact]
    public async Task LayerStoreOnFuse_IsProbedByChildProcess_Healthy()
    {
        Dir("/var/lib/nydus-store/store");

        var result = await ProbeAsync(StoreKind.Layer, "/var/lib/nydus-store/store", FuseLine("/var/lib/nydus-store/store", "nydusstore"));

        Assert.Equal(StoreHealth.Healthy, result.Health);
        Assert.Contains("nydusstore", result.Hint);
    }

    [Fact]
    public async Task StargzWithoutPool_IsDegraded_WithPoolHealthy()
    {
        var store = Dir("/var/lib/stargz-store/store");
        var without = await ProbeAsync(StoreKind.Layer, "/var/lib/stargz-store/store", FuseLine("/var/lib/stargz-store/store"));
        File.CreateSymbolicLink(Path.Combine(store, "pool"), "/nowhere");
        var with = await ProbeAsync(StoreKind.Layer, "/var/lib/stargz-store/store", FuseLine("/var/lib/stargz-store/store"));

        Assert.Equal((StoreHealth.Degraded, ProbeReason.UnexpectedLayout), (without.Health, without.Reason));
        Assert.Equal(StoreHealth.Healthy, with.Health);
    }

    [Fact]
    public async Task LayerStoreOnTmpfsMount_IsWrongFilesystemType()
    {
        Dir("/var/lib/stargz-store/store");

        var result = await ProbeAsync(StoreKind.Layer, "/var/lib/stargz-store/store", FuseLine("/var/lib/stargz-store/store", "tmpfs", "tmpfs"));

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.WrongFilesystemType), (result.Health, result.Reason));
    }

    [Fact]
    public async Task FuseMountedMissingPath_IsMissingViaChild()
    {
        Dir("/mnt/fuse");

        var result = await ProbeAsync(StoreKind.Image, "/mnt/fuse/images", FuseLine("/mnt/fuse", "bindfs"));

        Assert.Equal((StoreHealth.Unhealthy, ProbeReason.Missing, "ENOENT"), (result.Health, result.Reason, result.Errno));
    }

    [Fact]
    public async Task UnreadableMountInfo_MakesEveryStoreUnhealthyProbeFailed()
    {
        using var prober = new StoreProber(_root, new ProbeOptions { MountInfoPath = Path.Combine(_host, "no-mountinfo") }, TimeProvider.System);

        var results = await prober.ProbeAsync([new StoreSpec(StoreKind.Image, "/x")], TestContext.Current.CancellationToken);

        Assert.Equal(ProbeReason.ProbeFailed, results.Single().Reason);
    }

    [Fact]
    public async Task Formatter_TableAndJson_CarryEveryColumn()
    {
        Dir("/mnt/images");
        var results = new[] { await ProbeAsync(StoreKind.Image, "/mnt/images"), await ProbeAsync(StoreKind.Image, "/gone") };

        var table = ProbeReportFormatter.FormatTable(results).Split('\n');
        var json = System.Text.Json.JsonDocument.Parse(ProbeReportFormatter.FormatJson(results)).RootElement;

        Assert.Matches(@"^KIND +PATH +STATUS +REASON +ELAPSED\(ms\) +HINT$", table[0]);
        Assert.Matches(@"^image +/mnt/images +degraded +empty-image-store +\d+ +empty directory", table[1]);
        Assert.Matches(@"^image +/gone +unhealthy +missing \(ENOENT\) +\d+ +/gone does not exist$", table[2]);
        Assert.Equal("missing", json[1].GetProperty("reason").GetString());
        Assert.Equal("ENOENT", json[1].GetProperty("errno").GetString());
        Assert.False(json[1].GetProperty("safe").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json[0].GetProperty("errno").ValueKind);
    }
}

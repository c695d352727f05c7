using NodeStorageAgent.Apply;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TempFileSweeperTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RemovesOurStaleTempsAndEverythingInStagingButNothingElse()
    {
        var root = new NodeRoot(_dir.Path);
        _dir.WriteFile("etc/containers/storage.conf", "keep");
        _dir.WriteFile("etc/containers/.nsa-storage.conf.0a1b2c", "stale");
        _dir.WriteFile("etc/containers/.other-tool.tmp", "keep");
        _dir.WriteFile("etc/crio/crio.conf.d/.nsa-99-node-storage-agent.conf.ffee", "stale");
        _dir.WriteFile("etc/crio/.node-storage-agent-staging/anything", "stale");
        Directory.CreateDirectory(_dir.Combine("etc/containers/.nsa-a-directory"));
        File.CreateSymbolicLink(_dir.Combine("etc/containers/.nsa-link"), _dir.Combine("etc/containers/storage.conf"));

        var result = TempFileSweeper.SweepNode(root);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.Removed.Count);
        Assert.Equal([".nsa-a-directory", ".nsa-link", ".other-tool.tmp", "storage.conf"], _dir.Entries("etc/containers"));
        Assert.Empty(_dir.Entries("etc/crio/crio.conf.d"));
        Assert.Empty(_dir.Entries("etc/crio/.node-storage-agent-staging"));
    }

    [Fact]
    public void MissingDirectoriesAreFine() =>
        Assert.Empty(TempFileSweeper.SweepNode(new NodeRoot(_dir.Path)).Removed);
}

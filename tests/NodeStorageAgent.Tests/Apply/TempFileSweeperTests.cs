using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TempFileSweeperTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RemovesOurStaleTempsButNothingElse()
    {
        var root = new NodeRoot(_dir.Path);
        _dir.WriteFile("etc/containers/storage.conf", "keep");
        _dir.WriteFile("etc/containers/.nsa-storage.conf.0a1b2c3d4e5f", "stale");
        _dir.WriteFile("etc/containers/.other-tool.tmp", "keep");
        _dir.WriteFile("etc/crio/crio.conf.d/.nsa-99-node-storage-agent.conf.ffee00112233", "stale");
        _dir.WriteFile("etc/crio/.node-storage-agent-staging/.nsa-99-node-storage-agent.conf.00aa11bb22cc", "stale");
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
    public void OnlyOurTempNamePatternIsRemovedEvenInStaging()
    {
        // Ours: ".nsa-" + target name + "." + 12 lowercase hex digits (AtomicFileWriter.TempFileName).
        _dir.WriteFile("etc/crio/.node-storage-agent-staging/.nsa-x.0123456789ab", "stale");
        _dir.WriteFile("etc/crio/.node-storage-agent-staging/admin-notes", "keep");
        _dir.WriteFile("etc/containers/.nsa-storage.conf.backup", "keep");
        _dir.WriteFile("etc/containers/.nsa-storage.conf.0123456789ABCDEF", "keep");

        var result = TempFileSweeper.SweepNode(new NodeRoot(_dir.Path));

        Assert.Equal([_dir.Combine("etc/crio/.node-storage-agent-staging/.nsa-x.0123456789ab")], result.Removed);
        Assert.Equal(["admin-notes"], _dir.Entries("etc/crio/.node-storage-agent-staging"));
        Assert.Equal([".nsa-storage.conf.0123456789ABCDEF", ".nsa-storage.conf.backup"], _dir.Entries("etc/containers"));
    }

    [Fact]
    public void ASymlinkedStagingDirectoryIsNotFollowed()
    {
        var elsewhere = _dir.WriteFile("precious/.nsa-data.0123456789ab", "keep");
        _dir.WriteFile("precious/data", "keep");
        Directory.CreateDirectory(_dir.Combine("etc/crio"));
        File.CreateSymbolicLink(_dir.Combine("etc/crio/.node-storage-agent-staging"), _dir.Combine("precious"));

        var result = TempFileSweeper.SweepNode(new NodeRoot(_dir.Path));

        Assert.Empty(result.Removed);
        Assert.Equal([".nsa-data.0123456789ab", "data"], _dir.Entries("precious"));
        Assert.True(File.Exists(elsewhere));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("symlink", StringComparison.Ordinal));
    }

    [Fact]
    public void ASymlinkedWriteDirectoryIsNotFollowed()
    {
        _dir.WriteFile("precious/.nsa-storage.conf.0123456789ab", "keep");
        Directory.CreateDirectory(_dir.Combine("etc"));
        File.CreateSymbolicLink(_dir.Combine("etc/containers"), _dir.Combine("precious"));

        var result = TempFileSweeper.SweepNode(new NodeRoot(_dir.Path));

        Assert.Empty(result.Removed);
        Assert.Equal([".nsa-storage.conf.0123456789ab"], _dir.Entries("precious"));
    }

    [Fact]
    public void MissingDirectoriesAreFine() =>
        Assert.Empty(TempFileSweeper.SweepNode(new NodeRoot(_dir.Path)).Removed);
}

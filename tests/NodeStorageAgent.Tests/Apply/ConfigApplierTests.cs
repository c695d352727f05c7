using System.Text;
using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConfigApplierTests : IDisposable
{
    private const string First = "/etc/containers/storage.conf";
    private const string Second = "/etc/crio/crio.conf.d/99-node-storage-agent.conf";
    private const string Third = "/etc/containers/registries.conf";

    private readonly TempDirectory _dir = new();
    private readonly NodeRoot _root;
    private readonly ConfigApplier _applier;

    public ConfigApplierTests()
    {
        _root = new NodeRoot(_dir.Path);
        var writer = new AtomicFileWriter();
        _applier = new ConfigApplier(_root, writer, new BackupStore(_root, writer));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AppliesChangedFilesSkipsUnchangedAndDeletes()
    {
        _dir.WriteFile("etc/containers/storage.conf", "old");
        _dir.WriteFile("etc/containers/registries.conf", "same");
        _dir.WriteFile("etc/crio/crio.conf.d/99-node-storage-agent.conf", "ours");

        var outcome = _applier.Apply([File(First, "new"), File(Third, "same"), new RenderedFile(Second, null)]);

        Assert.True(outcome.Succeeded);
        Assert.Equal([First, Second], outcome.Changed);
        Assert.Equal("new", Read(First));
        Assert.False(System.IO.File.Exists(_root.Resolve(Second)));
        Assert.Equal("old", System.IO.File.ReadAllText(_root.Resolve(NodePaths.OrigDir + First)));
        Assert.False(System.IO.File.Exists(_root.Resolve(NodePaths.OrigDir + Third)));

        Assert.Empty(_applier.Apply([File(First, "new"), File(Third, "same"), new RenderedFile(Second, null)]).Changed);
    }

    [Fact]
    public void AFailureCompensatesEarlierFilesInReverseOrder()
    {
        _dir.WriteFile("etc/containers/storage.conf", "old storage");
        // Second does not exist yet; Third is a directory, so writing it fails after two changes.
        Directory.CreateDirectory(_root.Resolve(Third));

        var outcome = _applier.Apply([File(First, "new storage"), File(Second, "new drop-in"), File(Third, "x")]);

        Assert.False(outcome.Succeeded);
        Assert.Equal([First, Second], outcome.Changed);
        Assert.Equal([Second, First], outcome.Compensated);
        Assert.Equal(ApplyDiagnostics.TargetNotRegularFile, outcome.Diagnostics[0].Code);
        Assert.Equal(_root.Resolve(Third), outcome.Diagnostics[0].Path);
        Assert.False(outcome.CompensationFailed);
        Assert.Equal("old storage", Read(First));
        Assert.False(System.IO.File.Exists(_root.Resolve(Second)));
        Assert.Empty(_dir.Entries("etc/crio/crio.conf.d"));
    }

    [Fact]
    public void ReplaceWritesTheGivenBytesBack()
    {
        _dir.WriteFile("etc/containers/storage.conf", "good");
        var good = _applier.Snapshot([First, Second]);
        Assert.True(good.Succeeded);
        Assert.Null(good.Files[1].Content);
        Assert.True(_applier.Apply([File(First, "bad"), File(Second, "bad")]).Succeeded);

        var rollback = _applier.Replace([.. good.Files.Select(f => new RenderedFile(f.NodePath, f.Content))]);

        Assert.True(rollback.Succeeded);
        Assert.Equal([First, Second], rollback.Changed);
        Assert.Equal("good", Read(First));
        Assert.False(System.IO.File.Exists(_root.Resolve(Second)));
    }

    [Fact]
    public void DigestIsOrderIndependentAndTellsAbsentFromEmpty()
    {
        var a = RenderedFileDigest.Compute([File(First, "x"), File(Second, "")]);
        var b = RenderedFileDigest.Compute([File(Second, ""), File(First, "x")]);
        var c = RenderedFileDigest.Compute([File(First, "x"), new RenderedFile(Second, null)]);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.StartsWith("sha256:", a, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestIsTheOneSavedStatesCarry()
    {
        // An agent upgraded across a change of hash code must find its saved digest again, or it would take its
        // unchanged config for a new one. The value is the digest's definition worked out independently (Python's
        // hashlib over the length-prefixed stream).
        var digest = RenderedFileDigest.Compute([
            new RenderedFile(NodePaths.CrioDropIn, null),
            File(NodePaths.StorageConf, "[storage]\ndriver = \"overlay\"\n"),
        ]);

        Assert.Equal("sha256:cb3f1d421940ee4293870f29b714a79c61a92fa45d92efcf9a95684261eb03f8", digest);
    }

    private static RenderedFile File(string nodePath, string content) => new(nodePath, Encoding.UTF8.GetBytes(content));

    private string Read(string nodePath) => System.IO.File.ReadAllText(_root.Resolve(nodePath));
}

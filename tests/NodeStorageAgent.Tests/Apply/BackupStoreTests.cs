using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackupStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly NodeRoot _root;
    private readonly AtomicFileWriter _writer = new();
    private readonly BackupStore _backups;

    public BackupStoreTests()
    {
        _root = new NodeRoot(_dir.Path);
        _backups = new BackupStore(_root, _writer);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void OriginalAndNoOriginalRoundTrip()
    {
        const UnixFileMode mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        var storage = _dir.WriteFile("etc/containers/storage.conf", "[storage]\ndriver = \"overlay\"\n", mode0640);
        var dropIn = _root.Resolve(NodePaths.CrioDropIn);

        Assert.Null(_backups.EnsureOriginal(NodePaths.StorageConf));
        Assert.Null(_backups.EnsureOriginal(NodePaths.CrioDropIn));
        _writer.Write(storage, "changed"u8);
        _writer.Write(dropIn, "[crio.runtime]\n"u8, StagingPolicy.OptionsFor(_root, NodePaths.CrioDropIn));

        // A second EnsureOriginal after the change must not overwrite the kept original.
        Assert.Null(_backups.EnsureOriginal(NodePaths.StorageConf));
        Assert.Null(_backups.EnsureOriginal(NodePaths.CrioDropIn));
        Assert.Equal("[storage]\ndriver = \"overlay\"\n", File.ReadAllText(_root.Resolve(NodePaths.OrigDir + NodePaths.StorageConf)));
        Assert.True(File.Exists(_root.Resolve(NodePaths.NoOrigDir + NodePaths.CrioDropIn)));

        var restore = _backups.RestoreOriginals();

        Assert.True(restore.Succeeded, string.Join("\n", restore.Diagnostics));
        Assert.Equal([NodePaths.StorageConf], restore.Restored);
        Assert.Equal([NodePaths.CrioDropIn], restore.Deleted);
        Assert.Equal("[storage]\ndriver = \"overlay\"\n", File.ReadAllText(storage));
        Assert.Equal(mode0640, File.GetUnixFileMode(storage));
        Assert.False(File.Exists(dropIn));
        Assert.Empty(Directory.GetFiles(_root.Resolve(NodePaths.OrigDir), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_root.Resolve(NodePaths.NoOrigDir), "*", SearchOption.AllDirectories));

        var again = _backups.RestoreOriginals();
        Assert.True(again.Succeeded);
        Assert.Empty(again.Restored);
        Assert.Empty(again.Deleted);
        Assert.Equal("[storage]\ndriver = \"overlay\"\n", File.ReadAllText(storage));
    }

    [Fact]
    public void AnInterruptedRestoreIsFinishedByTheNextRun()
    {
        _dir.WriteFile("etc/containers/storage.conf", "original");
        Assert.Null(_backups.EnsureOriginal(NodePaths.StorageConf));
        // As if a previous run restored the file and then crashed before dropping the backup.
        Assert.True(_backups.RestoreOriginals().Succeeded);
        _dir.WriteFile("var/lib/node-storage-agent/orig/etc/containers/storage.conf", "original");

        var restore = _backups.RestoreOriginals();

        Assert.True(restore.Succeeded);
        Assert.Equal("original", File.ReadAllText(_root.Resolve(NodePaths.StorageConf)));
    }

    [Fact]
    public void ASymlinkIsNotBackedUp()
    {
        _dir.WriteFile("real", "x");
        Directory.CreateDirectory(_dir.Combine("etc/containers"));
        File.CreateSymbolicLink(_root.Resolve(NodePaths.StorageConf), _dir.Combine("real"));

        var problem = _backups.EnsureOriginal(NodePaths.StorageConf);

        Assert.Equal(ApplyDiagnostics.BackupFailed, problem!.Code);
        Assert.False(_backups.HasBackup(NodePaths.StorageConf));
    }
}

using System.Text;
using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AtomicFileWriterTests : IDisposable
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _dir = new();
    private readonly AtomicFileWriter _writer = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void NewFileGetsTheDefaultModeAndTheBytes()
    {
        var target = _dir.Combine("etc", "containers", "storage.conf");

        var result = _writer.Write(target, "new\n"u8);

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Null(result.Diagnostic);
        Assert.Equal("new\n", File.ReadAllText(target));
        Assert.Equal(Mode0644, File.GetUnixFileMode(target));
        Assert.Equal(["storage.conf"], _dir.Entries("etc/containers"));
    }

    [Fact]
    public void AViewOfMemory_IsReplacedWholeByRename_ItsMissingDirectoriesCreated()
    {
        var target = _dir.Combine("run", "node-storage-agent", "status.json");
        Assert.Equal(FileWriteStatus.Written, _writer.Write(target, "{\"a\":1}"u8, AtomicWriteOptions.View).Status);

        var result = _writer.Write(target, "{\"a\":2}"u8, AtomicWriteOptions.View);

        Assert.Equal((FileWriteStatus.Written, null), (result.Status, result.Diagnostic));
        Assert.Equal("{\"a\":2}", File.ReadAllText(target));
        Assert.Equal(["status.json"], _dir.Entries("run/node-storage-agent"));
        Assert.False(AtomicWriteOptions.View.Durable);
        Assert.True(AtomicWriteOptions.KeepExisting.Durable);
    }

    [Theory]
    [InlineData(0b110_000_000)] // 0600
    [InlineData(0b110_100_000)] // 0640
    [InlineData(0b110_100_100)] // 0644
    [InlineData(0b111_101_101)] // 0755
    [InlineData(0b100_100_100)] // 0444: read-only for everyone, still replaceable (rename needs only the directory)
    public void ReplacingKeepsTheExistingMode(int mode)
    {
        var target = _dir.WriteFile("storage.conf", "old\n", (UnixFileMode)mode);

        var result = _writer.Write(target, "new\n"u8);

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Equal("new\n", File.ReadAllText(target));
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(target));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Theory]
    [InlineData(0b110_000_000)]
    [InlineData(0b111_101_101)]
    public void ExplicitMetadataIsEnforcedEvenWhenTheBytesAreUnchanged(int mode)
    {
        var target = _dir.WriteFile("f", "same", Mode0644);
        var wanted = FileMetadata.Default with { Permissions = (uint)mode };

        var result = _writer.Write(target, "same"u8, new AtomicWriteOptions { Metadata = wanted });

        Assert.Equal(mode == 0b110_100_100 ? FileWriteStatus.Unchanged : FileWriteStatus.Written, result.Status);
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(target));
    }

    [Fact]
    public void NewFileMetadataAppliesOnlyToNewFiles()
    {
        var existing = _dir.WriteFile("existing", "old", Mode0644);
        var options = new AtomicWriteOptions { NewFileMetadata = FileMetadata.Private };

        var replaced = _writer.Write(existing, "new"u8, options);
        Assert.True(replaced.Status == FileWriteStatus.Written, replaced.Diagnostic?.ToString());
        var fresh = _writer.Write(_dir.Combine("fresh"), "new"u8, options);
        Assert.True(fresh.Status == FileWriteStatus.Written, fresh.Diagnostic?.ToString());

        Assert.Equal(Mode0644, File.GetUnixFileMode(existing));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.Combine("fresh")));
    }

    [Fact]
    public void UnchangedBytesAndModeAreNotWrittenAtAll()
    {
        var target = _dir.WriteFile("storage.conf", "same\n", Mode0644);
        File.SetLastWriteTimeUtc(target, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Null(PosixFileSystem.Lstat(target, out var before));

        var result = _writer.Write(target, "same\n"u8);

        Assert.Null(PosixFileSystem.Lstat(target, out var after));
        Assert.Equal(FileWriteStatus.Unchanged, result.Status);
        Assert.False(result.Changed);
        Assert.Equal(before.Inode, after.Inode);
        Assert.Equal(before.ModifiedNanoseconds, after.ModifiedNanoseconds);
    }

    [Fact]
    public void ReplacingCreatesANewInodeSoReadersSeeOldOrNewNeverAMix()
    {
        var target = _dir.WriteFile("storage.conf", "old\n");
        using var reader = File.OpenRead(target); // a reader holding the old file keeps reading the old bytes
        Assert.Null(PosixFileSystem.Lstat(target, out var before));

        _writer.Write(target, "new\n"u8);

        Assert.Null(PosixFileSystem.Lstat(target, out var after));
        Assert.NotEqual(before.Inode, after.Inode);
        Assert.Equal("old\n", new StreamReader(reader).ReadToEnd());
    }

    [Fact]
    public void SymlinkTargetIsRefusedAndNotFollowed()
    {
        var real = _dir.WriteFile("real.conf", "real\n");
        var link = _dir.Combine("storage.conf");
        File.CreateSymbolicLink(link, real);

        var result = _writer.Write(link, "new\n"u8);

        Assert.Equal(FileWriteStatus.Failed, result.Status);
        Assert.Equal(ApplyDiagnostics.TargetIsSymlink, result.Diagnostic!.Code);
        Assert.Equal(link, result.Diagnostic.Path);
        Assert.Equal("real\n", File.ReadAllText(real));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(["real.conf", "storage.conf"], _dir.Entries());
    }

    [Fact]
    public void DirectoryTargetIsRefused()
    {
        var target = _dir.Combine("storage.conf");
        Directory.CreateDirectory(target);

        var result = _writer.Write(target, "new\n"u8);

        Assert.Equal(ApplyDiagnostics.TargetNotRegularFile, result.Diagnostic!.Code);
        Assert.Contains("directory", result.Diagnostic.Message);
        Assert.True(Directory.Exists(target));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Fact]
    public void ParentThatIsAFileFailsWithTheErrnoAndLeavesNothing()
    {
        _dir.WriteFile("etc", "not a directory");

        var result = _writer.Write(_dir.Combine("etc", "storage.conf"), "x"u8);

        Assert.True(result.Failed);
        Assert.Equal(ApplyDiagnostics.CannotInspect, result.Diagnostic!.Code);
        Assert.Equal("ENOTDIR", result.Diagnostic.Errno);
        Assert.Equal(["etc"], _dir.Entries());
    }

    [Fact]
    public void StagedWriteCreatesItsTempOnlyInTheStagingDirectory()
    {
        var dropIns = Directory.CreateDirectory(_dir.Combine("crio.conf.d")).FullName;
        var staging = _dir.Combine("staging");
        var target = Path.Combine(dropIns, "99-nsa.conf");
        var seenInDropIns = new List<string>();
        var seenInStaging = new List<string>();
        using var dropInWatcher = Watch(dropIns, seenInDropIns);
        Directory.CreateDirectory(staging);
        using var stagingWatcher = Watch(staging, seenInStaging);

        var result = _writer.Write(target, Encoding.UTF8.GetBytes("[crio.runtime]\n"), new AtomicWriteOptions { StagingDirectory = staging });

        Assert.Equal(FileWriteStatus.Written, result.Status);
        WaitUntil(() => Snapshot(seenInDropIns).Contains("99-nsa.conf") && Snapshot(seenInStaging).Any(n => n.StartsWith(".nsa-99-nsa.conf.", StringComparison.Ordinal)));
        Assert.DoesNotContain(Snapshot(seenInDropIns), n => n.StartsWith(".nsa-", StringComparison.Ordinal));
        Assert.Equal(["99-nsa.conf"], _dir.Entries("crio.conf.d"));
        Assert.Empty(_dir.Entries("staging"));
    }

    [Fact]
    public void MissingStagingDirectoryIsCreatedPrivate()
    {
        var staging = _dir.Combine("staging");

        var result = _writer.Write(_dir.Combine("conf.d", "x.conf"), "x"u8, new AtomicWriteOptions { StagingDirectory = staging });

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(staging));
    }

    [Fact]
    public void StagingDirectoryThatIsASymlinkIsRefused()
    {
        Directory.CreateDirectory(_dir.Combine("elsewhere"));
        File.CreateSymbolicLink(_dir.Combine("staging"), _dir.Combine("elsewhere"));

        var result = _writer.Write(_dir.Combine("x.conf"), "x"u8, new AtomicWriteOptions { StagingDirectory = _dir.Combine("staging") });

        Assert.Equal(ApplyDiagnostics.StagingUnusable, result.Diagnostic!.Code);
        Assert.False(File.Exists(_dir.Combine("x.conf")));
    }

    [Fact]
    public void DeleteRemovesTheFileAndReportsAnAbsentOne()
    {
        var target = _dir.WriteFile("99-nsa.conf", "x");

        Assert.Equal(FileWriteStatus.Deleted, _writer.Delete(target).Status);
        Assert.False(File.Exists(target));
        Assert.Equal(FileWriteStatus.AlreadyAbsent, _writer.Delete(target).Status);
    }

    [Fact]
    public void DeleteRefusesASymlink()
    {
        var real = _dir.WriteFile("real", "x");
        File.CreateSymbolicLink(_dir.Combine("link"), real);

        Assert.Equal(ApplyDiagnostics.TargetIsSymlink, _writer.Delete(_dir.Combine("link")).Diagnostic!.Code);
        Assert.True(File.Exists(real));
    }

    private static FileSystemWatcher Watch(string directory, List<string> seen)
    {
        var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true };
        void Record(string? name)
        {
            lock (seen)
            {
                seen.Add(name ?? "");
            }
        }

        watcher.Created += (_, e) => Record(e.Name);
        watcher.Renamed += (_, e) =>
        {
            Record(e.OldName);
            Record(e.Name);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private static List<string> Snapshot(List<string> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for inotify events");
            Thread.Sleep(10);
        }
    }
}

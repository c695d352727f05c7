using NodeStorageAgent.Probing;
using NodeStorageAgent.Processes;
using NodeStorageAgent.Probing.Observation;

namespace NodeStorageAgent.Tests.Probing;

/// <summary>Runs the real find(1) command line on temp dirs and parses what it prints.</summary>
public sealed class FindOutputParserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-find-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<FindOutputParser.Result> RunFindAsync(string path, bool pool = false)
    {
        var run = await new ChildProcessRunner().RunAsync(new ChildRequest(new ProbeOptions().FindPath, FindCommand.Arguments(path, pool),
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100)), TestContext.Current.CancellationToken);
        Assert.Equal(ChildRunStatus.Exited, run.Status);
        return FindOutputParser.Parse(run.Stdout, run.Stderr, path);
    }

    [Fact]
    public async Task Parse_MissingPath_IsStatErrnoEnoent()
    {
        var result = await RunFindAsync(Path.Combine(_dir, "missing dir"));

        Assert.Equal("ENOENT", result.Directory!.StatErrno);
    }

    [Fact]
    public async Task Parse_RegularFile_IsEnotdir()
    {
        var file = Path.Combine(_dir, "it's a file");
        File.WriteAllText(file, "x");

        var result = await RunFindAsync(file);

        Assert.Equal("ENOTDIR", result.Directory!.StatErrno);
    }

    [Fact]
    public async Task Parse_ImageStoreLayout_ListsWellKnownEntriesAndCountsAll()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "overlay-images"));
        Directory.CreateDirectory(Path.Combine(_dir, "overlay-layers"));
        File.WriteAllText(Path.Combine(_dir, "artifacts"), "not a dir");
        Directory.CreateDirectory(Path.Combine(_dir, "other"));

        var result = await RunFindAsync(_dir);

        var dir = result.Directory!;
        Assert.True(dir is { StatErrno: null, IsDirectory: true, Readable: true, Searchable: true, ReadDirErrno: null });
        Assert.Equal(4, dir.EntryCount);
        Assert.True(dir.Entries["overlay-images"] is { Type: 'd', Readable: true, Searchable: true });
        Assert.Equal('f', dir.Entries["artifacts"].Type);
        Assert.False(dir.Entries.ContainsKey("other"));
    }

    [Fact]
    public async Task Parse_PoolSymlink_IsLstatedNotFollowed()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "target"));
        File.CreateSymbolicLink(Path.Combine(_dir, "pool"), "target");

        var result = await RunFindAsync(_dir, pool: true);

        Assert.Equal('l', result.Pool!.Type);
    }

    [Fact]
    public async Task Parse_MissingPool_IsPoolErrno()
    {
        var result = await RunFindAsync(_dir, pool: true);

        Assert.Equal("ENOENT", result.Pool!.Errno);
        Assert.Equal(0, result.Directory!.EntryCount);
    }

    [Fact]
    public void Parse_CapturedEnotconn_IsStatErrno()
    {
        const string stderr = "/usr/bin/find: '/tmp/x y/mnt/.': Transport endpoint is not connected\n";

        var result = FindOutputParser.Parse("", stderr, "/tmp/x y/mnt");

        Assert.Equal("ENOTCONN", result.Directory!.StatErrno);
    }

    [Fact]
    public void Parse_RecordThenReadDirError_IsReadDirErrno()
    {
        const string stdout = "0\0d\0rx\0/s/.\0\0";
        const string stderr = "find: '/s/.': Input/output error\n";

        var result = FindOutputParser.Parse(stdout, stderr, "/s");

        Assert.True(result.Directory is { StatErrno: null, IsDirectory: true, ReadDirErrno: "EIO" });
    }

    [Fact]
    public void Parse_NoOutputAtAll_IsUnknown() => Assert.Null(FindOutputParser.Parse("", "", "/s").Directory);
}

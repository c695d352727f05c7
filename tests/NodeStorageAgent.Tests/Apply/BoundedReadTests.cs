using Mono.Unix.Native;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Planning;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Apply;

/// <summary>FIFOs, devices and oversized files on the read paths (issue 11 item 11): refused with a diagnostic, never
/// read without limit, never blocking. A FIFO with no writer blocks a plain open for reading forever, so each read runs
/// on a task with a generous bound that only turns a hang into a failure.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BoundedReadTests : IDisposable
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAllNoFollow_Fifo_IsRefusedWithoutBlocking()
    {
        var fifo = MakeFifo("state.json");

        var error = await Guarded(() => PosixFileSystem.ReadAllNoFollow(fifo, out _));

        Assert.NotNull(error);
        Assert.Equal(Errno.EINVAL, error.Value.Errno);
        Assert.Contains("fifo, not a regular file", error.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRegular_SymlinkToDevZero_IsRefusedAsADevice()
    {
        var link = _dir.Combine("50-zero.conf");
        File.CreateSymbolicLink(link, "/dev/zero");

        var error = await Guarded(() => PosixFileSystem.ReadRegular(link, followSymlink: true, ReadLimits.ConfigFileBytes, out _, out _));

        Assert.NotNull(error);
        Assert.Contains("character device, not a regular file", error.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRegular_MoreThanTheCap_IsRefusedWithEfbig()
    {
        var big = _dir.Combine("big.conf");
        File.WriteAllBytes(big, new byte[ReadLimits.ConfigFileBytes + 1]);
        var exact = _dir.Combine("exact.conf");
        File.WriteAllBytes(exact, new byte[ReadLimits.ConfigFileBytes]);

        var error = PosixFileSystem.ReadRegular(big, followSymlink: true, ReadLimits.ConfigFileBytes, out _, out _);
        Assert.Equal(Errno.EFBIG, error?.Errno);
        Assert.Null(PosixFileSystem.ReadRegular(exact, followSymlink: true, ReadLimits.ConfigFileBytes, out var content, out var status));
        Assert.Equal(ReadLimits.ConfigFileBytes, content.Length);
        Assert.Equal(ReadLimits.ConfigFileBytes, status.Identity.Size);
    }

    [Theory]
    [InlineData("/etc/containers/storage.conf")]
    [InlineData("/etc/crio/crio.conf")]
    [InlineData("/etc/crio/crio.conf.d/50-fifo")]
    public async Task NodeConfigReader_FifoAnywhere_IsADiagnosticNotAHang(string nodePath)
    {
        var root = new NodeRoot(_dir.Path);
        _dir.WriteFile("etc/crio/crio.conf.d/00-default", "[crio]\n");
        MakeFifo(nodePath.TrimStart('/'));

        var (_, diagnostics) = await Guarded(() => new NodeConfigReader(root).Read());

        var problem = Assert.Single(diagnostics);
        Assert.Contains(nodePath, problem.Message, StringComparison.Ordinal);
        Assert.Contains("fifo", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeConfigReader_DropInSymlinkedToDevZero_IsNotRead()
    {
        var root = new NodeRoot(_dir.Path);
        _dir.WriteFile("etc/crio/crio.conf.d/00-default", "[crio]\n");
        File.CreateSymbolicLink(_dir.Combine("etc/crio/crio.conf.d/50-zero"), "/dev/zero");

        var (snapshot, diagnostics) = await Guarded(() => new NodeConfigReader(root).Read());

        Assert.Contains(diagnostics, d => d.Message.Contains("character device", StringComparison.Ordinal));
        Assert.Equal(["/etc/crio/crio.conf.d/00-default"], snapshot.CrioDropIns.Select(f => f.NodePath));
    }

    [Fact]
    public async Task AgentStateStore_FifoAtStateJson_LoadsDefaultsWithAProblem()
    {
        var root = new NodeRoot(_dir.Path);
        MakeFifo(NodePaths.StateFile.TrimStart('/'));

        var loaded = await Guarded(() => new AgentStateStore(root, new AtomicFileWriter()).Load());

        Assert.False(loaded.Found);
        Assert.Contains("fifo", loaded.Problem!.Message + loaded.Problem.ToString(), StringComparison.Ordinal);
    }

    private string MakeFifo(string relative)
    {
        var path = _dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, Syscall.mkfifo(path, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        return path;
    }

    private static async Task<T> Guarded<T>(Func<T> read)
    {
        var task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            return await task.WaitAsync(s_hangGuard);
        }
        catch (TimeoutException)
        {
            // Unblock the reader so the test process can end: a writer opening the FIFO releases a blocked open.
            Assert.Fail($"the read blocked for {s_hangGuard.TotalSeconds} s");
            throw;
        }
    }
}

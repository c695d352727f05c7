using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Safety;

/// <summary>The real binary with a FIFO where it reads a config or its state (issue 11 item 11): it must not block
/// before READY, must keep reporting, and must say what it refused.</summary>
public sealed class HostileConfigFileTests
{
    [Theory]
    [InlineData(NodePaths.StorageConf)]
    [InlineData(NodePaths.CrioConf)]
    [InlineData(NodePaths.CrioConfDir + "/50-fifo")]
    [InlineData(NodePaths.StateFile)]
    public void Run_FifoWhereAFileIsRead_SendsReadyReportsItAndStopsPromptly(string nodePath)
    {
        using var sandbox = new AgentSandbox(crioState: "inactive");
        using var notify = new NotifySocketListener(Path.Combine(sandbox.Root, "notify.sock"));
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var fifo = sandbox.Host(nodePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        File.Delete(fifo);
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));

        var agent = sandbox.StartRun(["--boot-wait", "2s"], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
        sandbox.WaitUntil(() => notify.Messages.Any(m => m.Split('\n').Contains("READY=1")), TimeSpan.FromSeconds(20), "READY=1");
        sandbox.WaitForStatus(s => s.Errors.Concat(s.Warnings).Any(e => e.Contains("fifo", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), $"status reports the FIFO at {nodePath}");

        var (code, took) = agent.Terminate(TimeSpan.FromSeconds(5));
        Assert.True(code == 0, $"exit {code} after {took}\n{agent.Output}");
        Assert.Equal(FilePermissions.S_IFIFO, FileType(fifo)); // left alone, not replaced
    }

    private static FilePermissions FileType(string path)
    {
        Assert.Equal(0, Syscall.lstat(path, out var st));
        return st.st_mode & FilePermissions.S_IFMT;
    }
}

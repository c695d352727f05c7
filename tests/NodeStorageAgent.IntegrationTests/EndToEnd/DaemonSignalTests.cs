using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>Signals to the real <c>node-storage-agent run</c>: SIGHUP is <c>systemctl reload</c> (the unit's
/// <c>ExecReload=/bin/kill -HUP $MAINPID</c>) and means "re-read the desired state now".</summary>
public sealed class DaemonSignalTests
{
    /// <summary>The file watcher's debounce and the full resync are an hour here, so nothing but the signal can make the
    /// agent read the edited file within the test.</summary>
    private static readonly string[] NoFileEvents = ["--debounce", "1h", "--resync-interval", "1h"];

    [Fact]
    public void Run_Sighup_RereadsTheDesiredStateAndKeepsRunning()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun(NoFileEvents);
        sandbox.WaitForSettled(generation: 1, restarts: 1);

        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/img-b")]));
        Assert.Equal(1, sandbox.Snapshot().Generation);
        agent.Signal(Signum.SIGHUP);

        sandbox.WaitForSettled(generation: 2, restarts: 2, TimeSpan.FromSeconds(10));
        Assert.Contains("\"/mnt/img-b\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        Assert.False(agent.HasExited, $"the agent exited after SIGHUP\n{agent.Output}");
        Assert.Contains("SIGHUP", agent.Output, StringComparison.Ordinal);
        agent.StopCleanly();
    }
}

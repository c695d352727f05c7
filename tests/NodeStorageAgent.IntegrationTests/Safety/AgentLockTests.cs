using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Safety;

/// <summary>The single-instance lock against someone who unlinks <c>agent.lock</c> while the daemon holds it (issue
/// 11 item 16): two real processes.</summary>
public sealed class AgentLockTests
{
    [Fact]
    public void SecondAgent_AfterTheLockFileWasUnlinked_StillRefuses()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var first = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        var lockFile = sandbox.Host("/run/node-storage-agent/agent.lock");
        Assert.True(File.Exists(lockFile), "the daemon's lock file");

        File.Delete(lockFile);
        var apply = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(apply.ExitCode == 3, apply.ToString());
        Assert.Contains("another node-storage-agent", apply.Stderr, StringComparison.Ordinal);

        File.Delete(lockFile);
        var second = AgentProcess.Start(AgentSandbox.AgentBinary, ["run", "--root", sandbox.Root, "--systemctl", sandbox.Systemctl, .. AgentSandbox.FastRunOptions], null, sandbox.Root);
        using (second)
        {
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(20)), $"a second daemon kept running next to the first\n{second.Output}");
            Assert.Equal(3, second.ExitCode);
        }

        Assert.False(first.HasExited, sandbox.Describe());
        first.StopCleanly();
    }
}

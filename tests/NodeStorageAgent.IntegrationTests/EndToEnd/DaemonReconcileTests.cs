using System.Text.RegularExpressions;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>
/// <c>node-storage-agent run</c> (the real binary) in a temp root with the stand-in systemctl: desired-state edits,
/// bursts, invalid files, CRI-O down at boot, and the apply actions <c>none</c> and <c>reboot</c>.
/// </summary>
public sealed partial class DaemonReconcileTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    [Fact]
    public void Run_DesiredStateEdited_WritesBothFilesAndRestartsOnce()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        var dropInBefore = File.Exists(sandbox.DropIn) ? File.ReadAllText(sandbox.DropIn) : "";

        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/img-b")],
            artifacts: [sandbox.ArtifactStore("/mnt/art")]));
        sandbox.WaitForSettled(generation: 2, restarts: 2);

        Assert.Contains("\"/mnt/img-b\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        Assert.Contains("\"/mnt/art\"", File.ReadAllText(sandbox.DropIn), StringComparison.Ordinal);
        Assert.DoesNotContain("/mnt/art", dropInBefore, StringComparison.Ordinal);
        Assert.Equal(AgentHealth.Healthy, sandbox.Status()!.Health);
        sandbox.AssertRestartsStay(2, Quiet);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_TenEditsWithinOneSecond_RestartsOnceAfterTheQuietPeriod()
    {
        using var sandbox = new AgentSandbox();
        var stores = Enumerable.Range(0, 10).Select(i => sandbox.ImageStore($"/mnt/burst-{i}")).ToList();
        sandbox.WriteDesired(AgentSandbox.Desired());
        var agent = sandbox.StartRun(["--restart-quiet-period", "1s", "--debounce", "20ms"]);
        sandbox.WaitForStatus(s => s.Health == AgentHealth.Healthy && s.PendingActions.Count == 0, TimeSpan.FromSeconds(20), "first reconcile");
        var restartsBefore = sandbox.Restarts;
        var generationBefore = sandbox.Status()!.Generation;

        for (var i = 0; i < 10; i++)
        {
            sandbox.WriteDesired(AgentSandbox.Desired(images: stores.Take(i + 1)));
            Thread.Sleep(90);
        }

        sandbox.WaitUntil(() => File.ReadAllText(sandbox.StorageConf).Contains("\"/mnt/burst-9\"", StringComparison.Ordinal)
            && sandbox.Status() is { PendingActions.Count: 0 } s && s.Generation > generationBefore && sandbox.Restarts > restartsBefore,
            TimeSpan.FromSeconds(20), "the last edit applied and CRI-O restarted");
        Assert.True(sandbox.Status()!.Generation - generationBefore >= 2,
            $"the burst should have been written in several passes (else it proves nothing about coalescing)\n{sandbox.Describe()}");
        Assert.Equal(restartsBefore + 1, sandbox.Restarts);
        sandbox.AssertRestartsStay(restartsBefore + 1, Quiet);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_InvalidDesiredState_WritesNothingAndReportsFileLineColumnUntilFixed()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        var before = sandbox.Snapshot();

        sandbox.WriteDesired("[[additionalImageStores]]\npath = \"/mnt/img-a\"\n\n[[additionalImageStores]]\npath = \n");
        sandbox.WaitForStatus(s => s.Errors.Any(e => FileLineColumn().IsMatch(e)), TimeSpan.FromSeconds(10), "the syntax error with file:line:column");
        var status = sandbox.Status()!;
        Assert.Equal(AgentHealth.Degraded, status.Health);
        Assert.Contains(status.Errors, e => e.Contains("desired-state.toml:5:", StringComparison.Ordinal));
        var cli = sandbox.Cli("status");
        Assert.True(cli.ExitCode == 1, cli.ToString());
        Assert.Contains("desired-state.toml:5:", cli.Stdout, StringComparison.Ordinal);
        sandbox.AssertRestartsStay(1, Quiet);
        var after = sandbox.Snapshot();
        Assert.Equal(before.StorageConf, after.StorageConf);
        Assert.Equal(before.DropIn, after.DropIn);
        Assert.Equal(before.Generation, after.Generation);

        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/img-b")]));
        sandbox.WaitForSettled(generation: 2, restarts: 2);
        Assert.Equal(AgentHealth.Healthy, sandbox.Status()!.Health);
        Assert.Empty(sandbox.Status()!.Errors);
        Assert.Equal(0, sandbox.Cli("status").ExitCode);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_CrioNotRunningAtStart_WritesFilesSendsReadyAndNeverRestarts()
    {
        using var sandbox = new AgentSandbox(crioState: "inactive");
        using var notify = new NotifySocketListener(Path.Combine(sandbox.Root, "notify.sock"));
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun(environment: new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        sandbox.WaitUntil(() => notify.Messages.Any(m => m.Contains("READY=1", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "READY=1");
        Assert.Contains("\"/mnt/img-a\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        Assert.Equal(1, sandbox.LoadState().State.Generation);
        sandbox.AssertRestartsStay(0, Quiet);

        // CRI-O starts (systemd orders it after us): it read our files, so they become the last-known-good, no restart.
        sandbox.SetCrioState("active");
        sandbox.WaitUntil(() => sandbox.LoadState().State is { LastKnownGood: { } good } state && good.Digest == state.AppliedDigest,
            TimeSpan.FromSeconds(10), "the applied config promoted to last-known-good once CRI-O runs");
        sandbox.AssertRestartsStay(0, Quiet);
        Assert.Equal(AgentHealth.Healthy, sandbox.Status()!.Health);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_ApplyActionNone_WritesFilesAndLeavesTheRestartPending()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], action: "none"));
        var agent = sandbox.StartRun();

        sandbox.WaitForStatus(s => s.Generation == 1 && s.PendingActions.Any(p => p.Contains("restart pending", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "generation 1 written with a pending restart");
        Assert.Contains("\"/mnt/img-a\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        Assert.Equal("none", sandbox.Status()!.ApplyAction);
        var cli = sandbox.Cli("status");
        Assert.Contains("restart pending", cli.Stdout, StringComparison.Ordinal);
        sandbox.AssertRestartsStay(0, Quiet);
        Assert.Equal(0, sandbox.Reboots);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_ApplyActionReboot_RebootsOnceAndNotAgainAfterARestartOfTheAgent()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], action: "reboot"));
        var first = sandbox.StartRun();
        sandbox.WaitUntil(() => sandbox.Reboots == 1, TimeSpan.FromSeconds(20), "one systemctl reboot");
        Assert.Contains("\"/mnt/img-a\"", File.ReadAllText(sandbox.StorageConf), StringComparison.Ordinal);
        sandbox.AssertRestartsStay(0, Quiet);
        Assert.Equal(1, sandbox.Reboots);
        first.StopCleanly();

        // The "reboot" did not happen (same boot id): a second agent with the same state must not ask again.
        var second = sandbox.StartRun();
        sandbox.WaitForStatus(s => s.Pid == second.Pid && s.LastReconcileUtc is not null, TimeSpan.FromSeconds(20), "the second agent's first reconcile");
        sandbox.AssertRestartsStay(0, Quiet);
        Assert.Equal(1, sandbox.Reboots);
        second.StopCleanly();
    }

    [GeneratedRegex(@"desired-state\.toml:\d+:\d+")]
    private static partial Regex FileLineColumn();
}

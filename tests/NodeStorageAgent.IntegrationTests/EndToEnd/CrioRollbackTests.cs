using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>CRI-O does not come up with a new config: the agent puts the last-known-good back and stops trying.</summary>
public sealed class CrioRollbackTests
{
    [Theory]
    [InlineData("config")]
    [InlineData("hang")]
    public void Run_CrioFailsToStartWithNewConfig_RollsBackToLastKnownGoodAndStopsRestarting(string mode)
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun(["--crio-start-timeout", "1s"]);
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        var goodStorageConf = File.ReadAllBytes(sandbox.StorageConf);
        var goodDropIn = File.Exists(sandbox.DropIn) ? File.ReadAllBytes(sandbox.DropIn) : null;
        Assert.Equal(sandbox.LoadState().State.AppliedDigest, sandbox.LoadState().State.LastKnownGood?.Digest);

        // "config": CRI-O fails while storage.conf names a store called BROKEN; "hang": it never gets active.
        sandbox.SetCrioMode(mode, sandbox.StorageConf);
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/BROKEN-img")]));
        sandbox.WaitUntil(() => sandbox.LoadState().State.FailedDigest is not null, TimeSpan.FromSeconds(20), "the new config marked failed");
        sandbox.WaitForStatus(s => s.Health == AgentHealth.Degraded && s.Errors.Count > 0, TimeSpan.FromSeconds(10), "degraded with the error");

        Assert.Equal(goodStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.Equal(goodDropIn, File.Exists(sandbox.DropIn) ? File.ReadAllBytes(sandbox.DropIn) : null);
        var status = sandbox.Status()!;
        Assert.Contains(status.Errors, e => e.Contains("roll", StringComparison.OrdinalIgnoreCase) || e.Contains("crio", StringComparison.OrdinalIgnoreCase));
        var restarts = sandbox.Restarts;
        Assert.InRange(restarts, 2, 3);

        // Several probe intervals (and a resync) later: the failed config is held, no restart loop.
        sandbox.AssertRestartsStay(restarts, TimeSpan.FromSeconds(1.5));
        Assert.Equal(goodStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        agent.StopCleanly();
    }
}

using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.Tests.Reconcile;

public sealed class ActivationPlannerTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly AgentOptions s_options = new()
    {
        Root = NodeRoot.System,
        RestartQuietPeriod = TimeSpan.FromSeconds(2),
        RestartMinInterval = TimeSpan.FromMinutes(5),
    };

    private static AgentState Applied(string applied = "sha256:new", string lkg = "sha256:old", DateTimeOffset? lastRestart = null, string? failed = null) => new()
    {
        AppliedDigest = applied,
        LastKnownGood = new KnownGoodConfig(1, lkg, []),
        LastRestartUtc = lastRestart,
        FailedDigest = failed,
    };

    private static StoreDecision Decision(StoreInclusion inclusion, StoreHealth health)
    {
        var store = new StoreSpec(StoreKind.Image, "/mnt/a");
        var probe = new StoreProbeResult(store, health, health == StoreHealth.Unhealthy ? ProbeReason.DeadMount : ProbeReason.Ok, null, TimeSpan.Zero, "", null);
        return new StoreDecision(store, inclusion, probe, s_now, 0);
    }

    private static ActivationPlan Plan(AgentState state, ApplyAction action = ApplyAction.Restart, DateTimeOffset? lastChange = null,
        string? writtenWhileDown = null, params StoreDecision[] decisions) =>
        ActivationPlanner.Plan(state, action, s_now, lastChange ?? s_now.AddSeconds(-10), writtenWhileDown, decisions, s_options);

    [Theory]
    [InlineData("sha256:new", null)]        // CRI-O runs what is applied
    [InlineData("sha256:old", "sha256:new")] // that exact config failed before: never retried by itself
    public void NothingToDo_WhenCrioRunsTheAppliedConfigOrItFailedBefore(string lkg, string? failed) =>
        Assert.Equal(ActivationDecision.Nothing, Plan(Applied(lkg: lkg, failed: failed)).Decision);

    [Fact]
    public void ChangedConfig_IsActivatedOnceQuiet() =>
        Assert.Equal(ActivationDecision.ActivateNow, Plan(Applied()).Decision);

    [Fact]
    public void BurstOfChanges_WaitsForTheQuietPeriod()
    {
        var plan = Plan(Applied(), lastChange: s_now.AddMilliseconds(-500));
        Assert.Equal(ActivationDecision.Wait, plan.Decision);
        Assert.Equal(s_now.AddMilliseconds(1500), plan.DueAt);
    }

    [Fact]
    public void RestartsAreRateLimited()
    {
        var plan = Plan(Applied(lastRestart: s_now.AddMinutes(-1)));
        Assert.Equal(ActivationDecision.Wait, plan.Decision);
        Assert.Equal(s_now.AddMinutes(4), plan.DueAt);
        Assert.Contains("rate limit", plan.Reason, StringComparison.Ordinal);

        Assert.Equal(ActivationDecision.ActivateNow, Plan(Applied(lastRestart: s_now.AddMinutes(-5))).Decision);
    }

    [Fact]
    public void ActionNone_LeavesTheRestartToTheAdmin()
    {
        var plan = Plan(Applied(), ApplyAction.None);
        Assert.Equal(ActivationDecision.LeftToAdmin, plan.Decision);
        Assert.Contains("restart pending", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigWrittenWhileCrioWasDown_IsConfirmedNotRestarted() =>
        Assert.Equal(ActivationDecision.AwaitCrioStart, Plan(Applied(), writtenWhileDown: "sha256:new").Decision);

    [Fact]
    public void NeverRestartsIntoAStoreWhoseLastProbeFailed()
    {
        var plan = Plan(Applied(), decisions: Decision(StoreInclusion.Included, StoreHealth.Unhealthy));
        Assert.Equal(ActivationDecision.HeldForUnhealthyStore, plan.Decision);

        // Left out already, or healthy: no reason to hold.
        Assert.Equal(ActivationDecision.ActivateNow, Plan(Applied(), decisions: Decision(StoreInclusion.Excluded, StoreHealth.Unhealthy)).Decision);
        Assert.Equal(ActivationDecision.ActivateNow, Plan(Applied(), decisions: Decision(StoreInclusion.Included, StoreHealth.Degraded)).Decision);
    }

    [Fact]
    public void RebootAction_IsPlannedLikeARestart()
    {
        var plan = Plan(Applied(), ApplyAction.Reboot);
        Assert.Equal(ActivationDecision.ActivateNow, plan.Decision);
        Assert.Equal("reboot", plan.Reason);
    }
}

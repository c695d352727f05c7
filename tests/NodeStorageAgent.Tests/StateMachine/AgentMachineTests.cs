using NodeStorageAgent.Activation;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Tests.StateMachine;

/// <summary>The agent's decisions as events in, effects out, on fake time: each test runs in microseconds.</summary>
public sealed class AgentMachineTests
{
    private static readonly ActivationDue Due = new(ApplyAction.Restart, []);

    private static SimulatedNode Started()
    {
        var node = new SimulatedNode();
        Assert.True(node.Send(new AgentStarted(SimulatedNode.Originals)));
        return node;
    }

    private static void Apply(SimulatedNode node, RenderedConfig config)
    {
        node.Send(new ConfigRendered(config));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        node.Send(Due);
    }

    [Fact]
    public void FirstStart_RecordsTheNodesOwnFilesAsLastKnownGood_AndLearnsCrioInvocation()
    {
        var node = Started();

        Assert.Equal(SimulatedNode.Originals, node.Saved.LastKnownGood!.Files);
        Assert.Equal(node.Saved.LastKnownGood.Digest, node.Saved.AppliedDigest);
        Assert.Equal("inv-1", node.Saved.LastKnownGood.CrioInvocationId);
        Assert.Equal(1, node.Count<ObserveCrio>());
    }

    [Fact]
    public void AChangedConfig_IsWrittenOnce_ThenRestartedOnceAfterTheQuietPeriod()
    {
        var node = Started();
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/a")));
        node.Send(Due);
        Assert.Equal(0, node.Count<RestartCrio>());

        node.Time.Advance(TimeSpan.FromSeconds(2));
        node.Send(Due);
        node.Send(Due);

        Assert.Equal(1, node.Count<WriteFiles>());
        Assert.Equal(1, node.Count<RestartCrio>());
        Assert.Equal(node.Saved.AppliedDigest, node.Saved.LastKnownGood!.Digest);
        Assert.Equal(["/mnt/a"], node.Saved.LastKnownGoodOwnership.ImageStores);
        Assert.Null(node.Saved.Activation);
    }

    [Fact]
    public void FiftyEditsInFiveSeconds_CauseOneRestart()
    {
        var node = Started();
        for (var i = 0; i < 50; i++)
        {
            node.Send(new ConfigRendered(SimulatedNode.Config($"/mnt/edit{i}")));
            node.Send(Due);
            node.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        for (var i = 0; i < 30; i++)
        {
            node.Time.Advance(TimeSpan.FromMilliseconds(100));
            node.Send(Due);
        }

        Assert.Equal(50, node.Count<WriteFiles>());
        Assert.Equal(1, node.Count<RestartCrio>());
        Assert.Equal(["/mnt/edit49"], node.Saved.LastKnownGoodOwnership.ImageStores);
    }

    [Fact]
    public void RestartsAreRateLimited_OnTheMonotonicClock_EvenWhenTheWallClockJumpsBack()
    {
        var node = Started();
        Apply(node, SimulatedNode.Config("/mnt/a"));
        Assert.Equal(1, node.Count<RestartCrio>());

        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/b")));
        node.Time.Advance(TimeSpan.FromMinutes(4));
        node.Send(Due);
        Assert.Equal(1, node.Count<RestartCrio>());

        // The wall clock is set back a day; the monotonic clock moves on, so the rate limit ends on time.
        node.WallClockOffset = -TimeSpan.FromDays(1);
        node.Time.Advance(TimeSpan.FromMinutes(1));
        node.Send(Due);

        Assert.Equal(2, node.Count<RestartCrio>());
    }

    [Fact]
    public void ARestartInAnotherBoot_DoesNotRateLimit()
    {
        var node = Started();
        Apply(node, SimulatedNode.Config("/mnt/a"));
        node.BootId = "boot-2";

        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/b")));
        node.Time.Advance(TimeSpan.FromSeconds(2));
        node.Send(Due);

        Assert.Equal(2, node.Count<RestartCrio>());
    }

    [Fact]
    public void CrioFailingAfterAnApply_CausesOneRollback_AndNoFurtherRestarts()
    {
        var node = Started();
        var good = node.Saved.LastKnownGood!;
        node.RestartOutcomes.Enqueue(false);

        Apply(node, SimulatedNode.Config("/mnt/broken"));
        for (var i = 0; i < 20; i++)
        {
            node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/broken")));
            node.Time.Advance(TimeSpan.FromMinutes(10));
            node.Send(Due);
        }

        Assert.Equal(1, node.Count<RestoreKnownGood>());
        Assert.Equal(2, node.Count<RestartCrio>()); // the failed one, and the one onto the restored files
        Assert.Equal(SimulatedNode.Config("/mnt/broken").Digest, node.Saved.FailedDigest);
        Assert.Equal(good.Digest, node.Saved.AppliedDigest);
        Assert.Empty(node.Saved.OwnedStorageEntries.ImageStores);
        Assert.Contains("rolled back", node.Saved.ActivationProblem);
        Assert.Contains(node.Notes, n => n.Code == NodeStorageAgent.Reconcile.ReconcileCodes.FailedGenerationHeld);
    }

    [Fact]
    public void WhileFilesMove_TheSavedStateClaimsTheEntriesOfBothVersions()
    {
        // A crash after the write-ahead save and before the file write leaves our entries ours.
        var node = Started();
        Apply(node, SimulatedNode.Config("/mnt/a"));
        node.CrashBefore = e => e is WriteFiles;

        Assert.False(node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/b"))));

        Assert.Equal(["/mnt/a", "/mnt/b"], node.Saved.OwnedStorageEntries.ImageStores);
    }

    [Fact]
    public void AnAgentKilledRightAfterWritingTheFiles_RestartsCrioOntoThemWhenItStartsAgain()
    {
        // Nothing is saved between the file write and the restart's own save: the claim is what this crash leaves.
        var node = Started();
        var config = SimulatedNode.Config("/mnt/a");
        node.CrashAfter = e => e is WriteFiles;
        Assert.False(node.Send(new ConfigRendered(config)));
        Assert.Equal(["/mnt/a"], node.Saved.OwnedStorageEntries.ImageStores);
        Assert.Equal(0, node.Saved.Generation);

        // The agent starts again; the files already hold the config, so the pass renders no change.
        node.Send(new AgentStarted(null));
        node.Send(new ConfigRendered(config with { Changed = [] }));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        node.Send(Due);

        Assert.Equal(1, node.Count<WriteFiles>());
        Assert.Equal(1, node.Count<RestartCrio>());
        Assert.Equal(config.Digest, node.Saved.LastKnownGood!.Digest);
        Assert.Equal(["/mnt/a"], node.Saved.LastKnownGoodOwnership.ImageStores);
        Assert.Null(node.Saved.Activation);
    }

    [Fact]
    public void ALookAtCrio_SavesNothingBeforeIt_TheStateIsSavedWhenTheEventIsHandled()
    {
        var node = new SimulatedNode();
        node.CrashBefore = e => e is ObserveCrio;

        Assert.False(node.Send(new AgentStarted(SimulatedNode.Originals)));
        Assert.Null(node.Saved.LastKnownGood); // lost with the crash; the next start records it again from the files

        Assert.True(node.Send(new AgentStarted(SimulatedNode.Originals)));
        Assert.Equal(SimulatedNode.Originals, node.Saved.LastKnownGood!.Files);
    }

    [Fact]
    public void WhileARollbackRuns_TheSavedStateClaimsBothVersions()
    {
        var node = Started();
        Apply(node, SimulatedNode.Config("/mnt/a"));
        node.RestartOutcomes.Enqueue(false);
        node.CrashBefore = e => e is RestoreKnownGood;

        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/b")));
        node.Time.Advance(TimeSpan.FromMinutes(10));
        node.Send(Due);

        Assert.Equal(["/mnt/b", "/mnt/a"], node.Saved.OwnedStorageEntries.ImageStores);
        Assert.Equal(ActivationKind.Rollback, node.Saved.Activation!.Kind);
    }

    [Fact]
    public void AnAgentKilledDuringAFailingRestart_RollsBackWhenItStartsAgain()
    {
        var node = Started();
        node.CrashBefore = e => e is RestartCrio;
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/broken")));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(node.Send(Due));
        Assert.Equal(ActivationKind.Restart, node.Saved.Activation!.Kind);

        // The restart went ahead without us and CRI-O failed with the new files; the agent comes back.
        node.Crio = UnitActiveState.Failed;
        node.Send(new AgentStarted(null));

        Assert.Equal(1, node.Count<RestoreKnownGood>());
        Assert.Equal(UnitActiveState.Active, node.Crio);
        Assert.Equal(node.Saved.LastKnownGood!.Digest, node.Saved.AppliedDigest);
        Assert.Null(node.Saved.Activation);
    }

    [Fact]
    public void AnAgentKilledDuringTheRollback_FinishesItWhenItStartsAgain()
    {
        var node = Started();
        node.RestartOutcomes.Enqueue(false);
        node.CrashBefore = e => e is RestartCrio && node.Saved.Activation?.Kind == ActivationKind.Rollback;
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/broken")));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        node.Send(Due); // the restart fails, the files are restored, killed before the restart onto them

        node.Send(new AgentStarted(null));

        Assert.Equal(2, node.Count<RestoreKnownGood>());
        Assert.Equal(UnitActiveState.Active, node.Crio);
        Assert.Null(node.Saved.Activation);
    }

    [Fact]
    public void AnAgentKilledAfterTheRestartBeforeSaving_KnowsCrioRunsTheNewConfig_AndRestartsWhenTheDesiredStateReturns()
    {
        var node = Started();
        var x = node.Saved.AppliedDigest;
        var y = SimulatedNode.Config("/mnt/y");
        node.Send(new ConfigRendered(y));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        node.CrashBefore = e => e is RestartCrio;
        node.Send(Due);

        // CRI-O restarted onto Y (a new invocation) while the agent was dead; the agent starts again.
        node.RestartedOutsideTheAgent();
        node.Send(new AgentStarted(null));

        Assert.Equal(y.Digest, node.Saved.LastKnownGood!.Digest);
        Assert.Equal(node.CrioInvocation, node.Saved.LastKnownGood.CrioInvocationId);
        Assert.NotEqual(x, node.Saved.LastKnownGood.Digest);

        node.Send(new ConfigRendered(SimulatedNode.Config()));
        node.Time.Advance(TimeSpan.FromMinutes(10));
        node.Send(Due);
        Assert.Equal(1, node.Count<RestartCrio>());
    }

    [Fact]
    public void AConfigWrittenWhileCrioIsDown_IsConfirmedWhenCrioStarts_NotRestarted()
    {
        var node = new SimulatedNode { Crio = UnitActiveState.Inactive };
        node.Send(new AgentStarted(SimulatedNode.Originals));
        Apply(node, SimulatedNode.Config("/mnt/a"));
        Assert.Equal(node.Saved.AppliedDigest, node.Saved.WrittenWhileCrioDown);

        node.Crio = UnitActiveState.Active;
        node.Send(Due);

        Assert.Equal(node.Saved.AppliedDigest, node.Saved.LastKnownGood!.Digest);
        Assert.Equal("inv-1", node.Saved.LastKnownGood.CrioInvocationId); // the CRI-O that started by itself: no restart
        Assert.Null(node.Saved.WrittenWhileCrioDown);
    }

    [Fact]
    public void CrioFailingToStartWithAConfigWrittenAtBoot_IsRolledBack()
    {
        var node = new SimulatedNode { Crio = UnitActiveState.Inactive };
        node.Send(new AgentStarted(SimulatedNode.Originals));
        Apply(node, SimulatedNode.Config("/mnt/ro-empty"));

        node.Crio = UnitActiveState.Failed;
        node.Send(Due);

        Assert.Equal(1, node.Count<RestoreKnownGood>());
        Assert.Equal(UnitActiveState.Active, node.Crio);
        Assert.Equal(SimulatedNode.Config("/mnt/ro-empty").Digest, node.Saved.FailedDigest);
    }

    [Fact]
    public void RebootAction_RebootsOncePerConfig_AndConfirmsAfterTheReboot()
    {
        var node = Started();
        var reboot = new ActivationDue(ApplyAction.Reboot, []);
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/a")));
        node.Time.Advance(TimeSpan.FromSeconds(3));
        node.Send(reboot);
        node.Send(reboot);
        Assert.Equal(1, node.Count<Reboot>());

        // After the reboot CRI-O starts (after us) and reads the files: confirmed, no second reboot.
        node.BootId = "boot-2";
        node.Crio = UnitActiveState.Inactive;
        node.Send(new AgentStarted(null));
        node.Send(reboot);
        node.Crio = UnitActiveState.Active;
        node.Send(reboot);

        Assert.Equal(1, node.Count<Reboot>());
        Assert.Equal(node.Saved.AppliedDigest, node.Saved.LastKnownGood!.Digest);
    }

    [Fact]
    public void ActionNone_LeavesTheRestartToTheAdmin()
    {
        var node = Started();
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/a")));
        node.Time.Advance(TimeSpan.FromMinutes(10));
        node.Send(new ActivationDue(ApplyAction.None, []));

        Assert.Equal(0, node.Count<RestartCrio>());
    }

    [Fact]
    public void AnAskedRollback_RestoresOurEntries_MarksTheConfigFailed_AndRestarts()
    {
        var node = Started();
        Apply(node, SimulatedNode.Config("/mnt/a"));
        node.Send(new ConfigRendered(SimulatedNode.Config("/mnt/b")));

        node.Send(new RollbackAsked());

        Assert.Equal(SimulatedNode.Config("/mnt/b").Digest, node.Saved.FailedDigest);
        Assert.Equal(1, node.Count<RestoreKnownGood>());
        Assert.Equal(2, node.Count<RestartCrio>());
        Assert.Null(node.Saved.ActivationProblem);
    }
}

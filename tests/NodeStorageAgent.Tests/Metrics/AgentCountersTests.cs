using NodeStorageAgent.Activation;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class AgentCountersTests
{
    private static readonly Diagnostic Problem = new("NSA4503", DiagnosticSeverity.Error, "failed");

    public static TheoryData<string, AgentEvent, ActivationKind?, long, long, long> Events => new()
    {
        { "restart worked", new CrioRestarted("d", "inv-2"), ActivationKind.Restart, 1, 0, 0 },
        { "rollback restart worked", new CrioRestarted("d", "inv-3"), ActivationKind.Rollback, 1, 1, 0 },
        { "restart failed", new CrioRestartFailed("d", Problem), ActivationKind.Restart, 1, 0, 1 },
        { "rollback restart failed", new CrioRestartFailed("d", Problem), ActivationKind.Rollback, 1, 0, 1 },
        { "files not restored", new KnownGoodNotRestored([Problem]), ActivationKind.Rollback, 0, 0, 1 },
        { "state unknown", new CrioStateUnknown("d", Problem), ActivationKind.Restart, 0, 0, 1 },
        { "reboot failed", new RebootFailed("d", Problem), null, 0, 0, 1 },
        { "not running", new CrioNotRunning("d", UnitActiveState.Inactive), ActivationKind.Restart, 0, 0, 0 },
        { "observed", new CrioObserved(new CrioObservation(UnitActiveState.Active, "inv-1")), null, 0, 0, 0 },
        { "reboot issued", new RebootIssued("d"), null, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Record_CountsWhatTheEventStandsFor(string name, AgentEvent e, ActivationKind? during, long restarts, long rollbacks, long failures)
    {
        var counters = new AgentCounters();

        counters.Record(e, during);

        var snapshot = counters.Snapshot();
        Assert.True((restarts, rollbacks, failures) == (snapshot.CrioRestarts, snapshot.Rollbacks, snapshot.ActivationFailures), name);
    }

    [Fact]
    public void Counters_AreMonotonicOverAnySequenceOfEvents()
    {
        var counters = new AgentCounters();
        List<(AgentEvent Event, ActivationKind? During)> events =
        [
            (new CrioRestarted("d", "inv-2"), ActivationKind.Restart), (new CrioRestarted("d", "inv-3"), ActivationKind.Rollback),
            (new CrioRestartFailed("d", Problem), ActivationKind.Restart), (new KnownGoodNotRestored([Problem]), ActivationKind.Rollback),
            (new CrioStateUnknown("d", Problem), null), (new RebootFailed("d", Problem), null), (new RebootIssued("d"), null),
        ];
        var random = new Random(7);
        var previous = counters.Snapshot();
        for (var i = 0; i < 200; i++)
        {
            var (e, during) = events[random.Next(events.Count)];
            counters.Record(e, during);
            var next = counters.Snapshot();
            Assert.True(next.CrioRestarts >= previous.CrioRestarts && next.Rollbacks >= previous.Rollbacks && next.ActivationFailures >= previous.ActivationFailures);
            previous = next;
        }
    }

    [Fact]
    public void LastRollbackFailed_IsClearedByTheNextRestartThatWorks()
    {
        var counters = new AgentCounters();

        counters.Record(new CrioRestartFailed("d", Problem), ActivationKind.Rollback);
        Assert.True(counters.Snapshot().LastRollbackFailed);
        counters.Record(new CrioNotRunning("d", UnitActiveState.Inactive), ActivationKind.Restart);
        Assert.True(counters.Snapshot().LastRollbackFailed);
        counters.Record(new CrioRestarted("d", "inv-9"), ActivationKind.Restart);
        Assert.False(counters.Snapshot().LastRollbackFailed);
    }

    [Fact]
    public void ObserveProbe_FeedsTheProbeHistogram()
    {
        var counters = new AgentCounters();

        counters.ObserveProbe(TimeSpan.FromMilliseconds(3));
        counters.ObserveProbe(TimeSpan.FromSeconds(2));

        var probes = counters.Snapshot().ProbeDurations;
        Assert.Equal(2, probes.Count);
        Assert.Equal(1, probes.Buckets.Single(b => b.UpperBound == 0.005).Count);
        Assert.Equal(2, probes.Buckets.Single(b => b.UpperBound == 2.5).Count);
    }
}
